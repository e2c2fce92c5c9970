// The route planner's working model: a flat copy of a PlanProblem, and routes that cache
// their load, km and timeline so an insertion is checked in O(1) with forward departure
// times and backward latest arrivals (Savelsbergh 1992, "The vehicle routing problem with
// time windows: minimizing route duration", ORSA J. on Computing 4(2)).
#pragma once
#include <milkrun/routes/planner.hpp>

#include <algorithm>
#include <limits>
#include <vector>

namespace milkrun::routing {

/// A bound later than any timeline: "no dock limit".
inline constexpr Seconds kNoLimit = std::numeric_limits<Seconds>::max() / 4;
/// Km below which two costs count as equal (sums of doubles drift).
inline constexpr Km kKmEps = 1e-6;

/// The planner's view of a PlanProblem: row-major matrices, whole-second legs, dock hours
/// as latest arrivals, and each stop's other stops nearest first.
class Instance {
 public:
  explicit Instance(const PlanProblem& problem);

  int stops() const { return n_; }
  Km km(int from, int to) const { return km_from(from)[to]; }
  /// The km from `from` to every place, its row of the matrix.
  const Km* km_from(int from) const { return km_.data() + static_cast<std::size_t>(from * (n_ + 1)); }
  Seconds travel(int from, int to) const { return travel_[static_cast<std::size_t>(from * (n_ + 1) + to)]; }
  const Load& load(int s) const { return loads_[static_cast<std::size_t>(s)]; }
  Seconds open(int s) const { return open_[static_cast<std::size_t>(s)]; }
  /// Latest arrival that keeps the stop: its dock's close minus one second.
  Seconds last_arrival(int s) const { return last_[static_cast<std::size_t>(s)]; }
  Seconds service() const { return service_; }
  /// Latest return to the depot (R45 duty limit), or kNoLimit.
  Seconds back_by() const { return back_by_; }
  /// Whether any stop has dock hours or routes a duty limit (otherwise timelines need no checks).
  bool timed() const { return timed_; }
  /// Whether a truck can carry `load` (both capacities, with a rounding tolerance).
  bool fits(const Load& load) const { return load.fits(capacity_); }
  /// Whether one truck carries every stop, whatever the order their loads are summed in: then
  /// `fits` holds for every set of stops, and a search need not sum loads to ask it.
  bool all_fit() const { return all_fit_; }
  /// Share of a truck (with the tolerance) `load` takes.
  double utilization(const Load& load) const { return load.utilization(capacity_); }
  /// Share of a truck stop `s`'s load takes (kept: the search sorts by it every iteration).
  double fill(int s) const { return fill_[static_cast<std::size_t>(s)]; }
  /// Other stops ordered by km(s, o) + km(o, s), nearest first.
  const std::vector<int>& neighbours(int s) const { return neighbours_[static_cast<std::size_t>(s)]; }

 private:
  int n_ = 0;
  std::vector<Km> km_;
  std::vector<Seconds> travel_;
  std::vector<Load> loads_;
  std::vector<double> fill_;
  std::vector<Seconds> open_, last_;
  Load capacity_;
  Seconds service_ = 0;
  Seconds back_by_ = kNoLimit;
  bool timed_ = false;
  bool all_fit_ = false;
  std::vector<std::vector<int>> neighbours_;
};

/// Whether a truck leaving the depot at 0 and visiting `stops` reaches every dock in time
/// and is back by the duty limit.
bool on_time(const Instance& in, const std::vector<int>& stops);

/// When a truck leaving the depot at 0 and visiting `stops` is back at the depot.
Seconds back_at_depot(const Instance& in, const std::vector<int>& stops);

/// Km of the loop depot, `stops`, depot.
Km loop_km(const Instance& in, const std::vector<int>& stops);

/// One truck's loop with cached totals and timeline. Positions count the depot: position 0
/// is the start, 1..L the stops, L+1 the return.
struct Route {
  std::vector<int> stops;
  Km km = 0;
  Load load;
  std::vector<Seconds> depart;  ///< [0..L]: when the truck leaves position k
  std::vector<Seconds> latest;  ///< [1..L+1]: latest arrival at position k that keeps the rest on time

  int size() const { return static_cast<int>(stops.size()); }
  /// The place at position k (0 and L+1 are the depot).
  int node(int k) const { return k == 0 || k > size() ? 0 : stops[static_cast<std::size_t>(k - 1)]; }
  /// Recomputes the totals and the timeline after `stops` changed.
  void refresh(const Instance& in);
  /// refresh but for `km`, which stays stale: for a search that inserts several stops in a
  /// row and reads the km once, after the last (`km = loop_km(in, stops)` then).
  void refresh_load_and_timeline(const Instance& in);
  /// Whether stop `s` fits between positions k and k+1 on time (loads are checked apart).
  bool on_time_with(const Instance& in, int k, int s) const { return !in.timed() || timeline_fits(in, k, s); }

 private:
  bool timeline_fits(const Instance& in, int k, int s) const;
};

/// A set of routes and the stops no route took (only when the truck count is capped).
struct Solution {
  std::vector<Route> routes;
  std::vector<int> unassigned;

  Km km() const;
  /// Km plus `penalty` per unassigned stop: the search's objective.
  double cost(double penalty) const { return km() + penalty * static_cast<double>(unassigned.size()); }
  void drop_empty_routes();
};

/// Strict order of solutions: fewer unassigned stops, then fewer km, then fewer routes.
bool better(const Solution& a, const Solution& b);

}  // namespace milkrun::routing
