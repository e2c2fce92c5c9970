#include "routes/savings.hpp"

#include <algorithm>

namespace milkrun::routing {

namespace {

struct Saving {
  Km km;
  int from, to;  ///< the loop ending at `from` would continue to the loop starting at `to`
};

std::vector<Saving> positive_savings(const Instance& in, const std::vector<int>& stops) {
  std::vector<Saving> savings;
  for (const int i : stops) {
    for (const int j : stops) {
      if (i == j) continue;
      const Km km = in.km(i, 0) + in.km(0, j) - in.km(i, j);
      if (km > kKmEps) savings.push_back({km, i, j});
    }
  }
  // Ties in saving go to the lower (from, to) pair, so the order never depends on the sort.
  std::sort(savings.begin(), savings.end(), [](const Saving& a, const Saving& b) {
    if (a.km != b.km) return a.km > b.km;
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  return savings;
}

}  // namespace

Solution savings_routes(const Instance& in, const std::vector<int>& stops) {
  std::vector<std::vector<int>> loops(static_cast<std::size_t>(in.stops() + 1));
  std::vector<int> loop_of(static_cast<std::size_t>(in.stops() + 1), -1);
  std::vector<Load> load(loops.size());
  for (const int s : stops) {
    const auto u = static_cast<std::size_t>(s);
    loops[u] = {s};
    loop_of[u] = s;
    load[u] = in.load(s);
  }
  std::vector<int> joined;
  for (const Saving& saving : positive_savings(in, stops)) {
    const auto a = static_cast<std::size_t>(loop_of[static_cast<std::size_t>(saving.from)]);
    const auto b = static_cast<std::size_t>(loop_of[static_cast<std::size_t>(saving.to)]);
    if (a == b || loops[a].back() != saving.from || loops[b].front() != saving.to) continue;
    if (!in.fits(load[a] + load[b])) continue;
    joined = loops[a];
    joined.insert(joined.end(), loops[b].begin(), loops[b].end());
    if (!on_time(in, joined)) continue;
    for (const int s : loops[b]) loop_of[static_cast<std::size_t>(s)] = static_cast<int>(a);
    loops[a].swap(joined);
    loops[b].clear();
    load[a] += load[b];
  }
  Solution solution;
  for (auto& loop : loops) {
    if (loop.empty()) continue;
    Route route;
    route.stops = std::move(loop);
    route.refresh(in);
    solution.routes.push_back(std::move(route));
  }
  return solution;
}

}  // namespace milkrun::routing
