#include "routes/truck_count.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace milkrun::routing {

namespace {

/// Where a stop leaves a route for a loop of its own, and the km that adds.
struct Split {
  int route = -1, index = 0;
  Km km = std::numeric_limits<Km>::infinity();
};

Split cheapest_split(const Instance& in, const Solution& s) {
  Split best;
  std::vector<int> rest;
  for (int r = 0; r < static_cast<int>(s.routes.size()); ++r) {
    const Route& route = s.routes[static_cast<std::size_t>(r)];
    if (route.size() < 2) continue;
    for (int k = 1; k <= route.size(); ++k) {
      const int stop = route.node(k), before = route.node(k - 1), after = route.node(k + 1);
      const Km km = in.km(0, stop) + in.km(stop, 0) + in.km(before, after) - in.km(before, stop) - in.km(stop, after);
      if (!(km < best.km)) continue;
      rest = route.stops;
      rest.erase(rest.begin() + (k - 1));
      if (on_time(in, rest) && on_time(in, {stop})) best = {r, k - 1, km};
    }
  }
  return best;
}

/// Where a forced stop goes: on time first, then the smallest share of a truck, then km.
struct Slot {
  int route = -1, gap = 0;
  bool late = true;
  double fill = std::numeric_limits<double>::infinity();
  Km km = std::numeric_limits<Km>::infinity();

  bool better_than(const Slot& o) const { return std::tie(late, fill, km) < std::tie(o.late, o.fill, o.km); }
};

Slot least_overfilled(const Instance& in, const Solution& s, int stop) {
  Slot best;
  for (int r = 0; r < static_cast<int>(s.routes.size()); ++r) {
    const Route& route = s.routes[static_cast<std::size_t>(r)];
    const double fill = in.utilization(route.load + in.load(stop));
    for (int gap = 0; gap <= route.size(); ++gap) {
      const int before = route.node(gap), after = route.node(gap + 1);
      const Km km = in.km(before, stop) + in.km(stop, after) - in.km(before, after);
      const Slot slot{r, gap, !route.on_time_with(in, gap, stop), fill, km};
      if (slot.better_than(best)) best = slot;
    }
  }
  return best;
}

}  // namespace

void split_to(const Instance& in, Solution& solution, int routes) {
  while (static_cast<int>(solution.routes.size()) < routes) {
    const Split split = cheapest_split(in, solution);
    if (split.route < 0) return;
    Route& from = solution.routes[static_cast<std::size_t>(split.route)];
    Route alone;
    alone.stops = {from.stops[static_cast<std::size_t>(split.index)]};
    from.stops.erase(from.stops.begin() + split.index);
    from.refresh(in);
    alone.refresh(in);
    solution.routes.push_back(std::move(alone));
  }
}

void force_in(const Instance& in, Solution& solution) {
  std::vector<int> pending = std::move(solution.unassigned);
  solution.unassigned.clear();
  std::stable_sort(pending.begin(), pending.end(), [&](int a, int b) { return in.fill(a) > in.fill(b); });
  for (const int stop : pending) {
    const Slot slot = least_overfilled(in, solution, stop);
    if (slot.route < 0) {
      solution.unassigned.push_back(stop);
      continue;
    }
    Route& route = solution.routes[static_cast<std::size_t>(slot.route)];
    route.stops.insert(route.stops.begin() + slot.gap, stop);
    route.refresh(in);
  }
}

}  // namespace milkrun::routing
