#include "routes/route_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace milkrun::routing {

namespace {

/// A leg with no road takes longer than any dock allows, but sums of legs stay far from overflow.
constexpr Seconds kNoRoadSeconds = 1'000'000'000'000;
/// Capacities are loosened by this share so that sums of expected loads do not fail on rounding.
constexpr double kCapacityTolerance = 1e-9;
/// Instance::all_fit's margin over the summed loads: far above the rounding of any sum.
constexpr double kAllFitMargin = 1e-6;

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("route planner: " + message);
}

void validate(const PlanProblem& p) {
  const Eigen::Index places = p.km.rows();
  require(places >= 1, "the km matrix needs at least the depot");
  require(p.km.cols() == places, "the km matrix must be square");
  require(p.seconds.rows() == places && p.seconds.cols() == places, "the seconds matrix must have the km matrix's shape");
  const auto size = static_cast<std::size_t>(places);
  require(p.loads.size() == size, "loads need one entry per place (depot first)");
  require(p.window.empty() || p.window.size() == size, "window needs one entry per place (depot first) or none");
  require(p.capacity.liters > 0 && p.capacity.kg > 0, "truck capacities must be positive");
  require(p.service >= 0, "the load time per stop must not be negative");
  require(p.max_duration >= 0, "the duty limit must not be negative (0 = none)");
  require(p.max_trucks >= 0, "max_trucks must not be negative (0 = as many as needed)");
  require(p.effort >= 0, "effort must not be negative");
  for (Eigen::Index i = 0; i < places; ++i) {
    for (Eigen::Index j = 0; j < places; ++j) {
      require(!std::isnan(p.km(i, j)) && p.km(i, j) >= 0, "km must be non-negative numbers");
      require(!std::isnan(p.seconds(i, j)) && p.seconds(i, j) >= 0, "seconds must be non-negative numbers");
    }
  }
  for (std::size_t s = 1; s < size; ++s) {
    const Load& l = p.loads[s];
    require(std::isfinite(l.liters) && l.liters >= 0 && std::isfinite(l.kg) && l.kg >= 0,
            "loads must be finite and non-negative");
    if (!p.window.empty() && p.window[s]) require(p.window[s]->close >= p.window[s]->open, "a dock closes before it opens");
  }
}

Seconds whole_seconds(double seconds) {
  return std::isfinite(seconds) ? std::min(kNoRoadSeconds, static_cast<Seconds>(std::llround(seconds))) : kNoRoadSeconds;
}

std::vector<int> nearest_first(const PlanProblem& p, int s) {
  std::vector<int> others;
  for (int o = 1; o < p.km.rows(); ++o) {
    if (o != s) others.push_back(o);
  }
  const auto both_ways = [&](int o) { return p.km(s, o) + p.km(o, s); };
  std::stable_sort(others.begin(), others.end(), [&](int a, int b) { return both_ways(a) < both_ways(b); });
  return others;
}

}  // namespace

Instance::Instance(const PlanProblem& p) {
  validate(p);
  n_ = static_cast<int>(p.km.rows()) - 1;
  const auto places = static_cast<std::size_t>(n_ + 1);
  km_.resize(places * places);
  travel_.resize(places * places);
  for (std::size_t i = 0; i < places; ++i) {
    for (std::size_t j = 0; j < places; ++j) {
      const auto ei = static_cast<Eigen::Index>(i), ej = static_cast<Eigen::Index>(j);
      km_[i * places + j] = p.km(ei, ej);
      travel_[i * places + j] = whole_seconds(p.seconds(ei, ej));
    }
  }
  loads_ = p.loads;
  open_.assign(places, 0);
  last_.assign(places, kNoLimit);
  for (std::size_t s = 1; s < places && !p.window.empty(); ++s) {
    if (!p.window[s]) continue;
    open_[s] = p.window[s]->open;
    last_[s] = p.window[s]->close - 1;
    timed_ = true;
  }
  if (p.max_duration > 0) back_by_ = p.max_duration, timed_ = true;
  capacity_ = p.capacity * (1 + kCapacityTolerance);
  fill_.resize(places);
  for (std::size_t s = 0; s < places; ++s) fill_[s] = utilization(loads_[s]);
  // A floating sum of k non-negative loads is within a relative k * 2^-53 of the true sum, in
  // any order; the margin covers that for any number of stops a matrix can hold.
  Load all;
  for (std::size_t s = 1; s < places; ++s) all += loads_[s];
  all_fit_ = fits(all * (1 + kAllFitMargin));
  service_ = p.service;
  neighbours_.resize(places);
  for (int s = 1; s <= n_; ++s) neighbours_[static_cast<std::size_t>(s)] = nearest_first(p, s);
}

bool on_time(const Instance& in, const std::vector<int>& stops) {
  if (!in.timed()) return true;
  Seconds t = 0;
  int at = 0;
  for (const int s : stops) {
    t += in.travel(at, s);
    if (t > in.last_arrival(s)) return false;
    t = std::max(t, in.open(s)) + in.service();
    at = s;
  }
  return t + in.travel(at, 0) <= in.back_by();
}

Seconds back_at_depot(const Instance& in, const std::vector<int>& stops) {
  Seconds t = 0;
  int at = 0;
  for (const int s : stops) {
    t = std::max(t + in.travel(at, s), in.open(s)) + in.service();
    at = s;
  }
  return t + in.travel(at, 0);
}

Km loop_km(const Instance& in, const std::vector<int>& stops) {
  Km km = 0;
  const Km* from = in.km_from(0);
  for (const int s : stops) {
    km += from[s];
    from = in.km_from(s);
  }
  return km + from[0];
}

void Route::refresh(const Instance& in) {
  km = loop_km(in, stops);
  refresh_load_and_timeline(in);
}

void Route::refresh_load_and_timeline(const Instance& in) {
  const int n = size();
  load = {};
  for (const int s : stops) load += in.load(s);
  if (!in.timed()) return;
  depart.resize(static_cast<std::size_t>(n + 1));
  latest.resize(static_cast<std::size_t>(n + 2));
  depart[0] = 0;
  for (int k = 1; k <= n; ++k) {
    const int s = node(k);
    const Seconds arrive = depart[static_cast<std::size_t>(k - 1)] + in.travel(node(k - 1), s);
    depart[static_cast<std::size_t>(k)] = std::max(arrive, in.open(s)) + in.service();
  }
  // Backward pass: arriving at k at time a, service starts at max(a, open); the rest stays on
  // time iff that start <= latest[k+1] - travel - service, which bounds a unless open is too late.
  latest[static_cast<std::size_t>(n + 1)] = in.back_by();
  for (int k = n; k >= 1; --k) {
    const int s = node(k);
    const Seconds start_by = latest[static_cast<std::size_t>(k + 1)] - in.travel(s, node(k + 1)) - in.service();
    latest[static_cast<std::size_t>(k)] = in.open(s) <= start_by ? std::min(in.last_arrival(s), start_by) : -kNoLimit;
  }
}

bool Route::timeline_fits(const Instance& in, int k, int s) const {
  const Seconds arrive = depart[static_cast<std::size_t>(k)] + in.travel(node(k), s);
  if (arrive > in.last_arrival(s)) return false;
  const Seconds leave = std::max(arrive, in.open(s)) + in.service();
  return leave + in.travel(s, node(k + 1)) <= latest[static_cast<std::size_t>(k + 1)];
}

Km Solution::km() const {
  return std::accumulate(routes.begin(), routes.end(), Km{0}, [](Km sum, const Route& r) { return sum + r.km; });
}

void Solution::drop_empty_routes() {
  std::erase_if(routes, [](const Route& r) { return r.stops.empty(); });
}

bool better(const Solution& a, const Solution& b) {
  if (a.unassigned.size() != b.unassigned.size()) return a.unassigned.size() < b.unassigned.size();
  const Km ka = a.km(), kb = b.km();
  if (ka < kb - kKmEps) return true;
  if (kb < ka - kKmEps) return false;
  return a.routes.size() < b.routes.size();
}

}  // namespace milkrun::routing
