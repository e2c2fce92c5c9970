#include "routes/ruin_recreate.hpp"

#include "routes/local_search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace milkrun::routing {

namespace {

// SISR parameters (Christiaens & Vanden Berghe 2020): average stops removed and longest
// string as in the paper; chance of a split string, and chance to skip ("blink") a place
// while recreating.
constexpr double kMeanRemoved = 10;
constexpr double kMaxString = 10;
constexpr double kSplitChance = 0.5;
constexpr double kBlinkChance = 0.01;
/// A split string keeps one more stop in its middle with this chance, repeatedly.
constexpr double kKeepMoreChance = 0.5;
/// Annealing temperatures, as shares of the starting km per stop (scale-free, unlike the
/// paper's absolute 100 and 1); tuned on tests/cvrplib with `bench_routes`.
constexpr double kStartTemperature = 1.0;
constexpr double kEndTemperature = 0.02;

int below(Rng& rng, int n) { return std::min(n - 1, static_cast<int>(rng.uniform() * n)); }

/// A draw from 1..floor(max) (at least 1).
int one_to(Rng& rng, double max) { return 1 + below(rng, std::max(1, static_cast<int>(std::floor(max)))); }

void shuffle(std::vector<int>& v, Rng& rng) {
  for (int i = static_cast<int>(v.size()) - 1; i > 0; --i) {
    std::swap(v[static_cast<std::size_t>(i)], v[static_cast<std::size_t>(below(rng, i + 1))]);
  }
}

/// Sorts `v` stably by `before`. A stable order is unique, so this is std::stable_sort's
/// answer; for the few stops of one ruin it is an insertion sort, which needs no buffer.
template <class Before>
void stable_sort_few(std::vector<int>& v, Before before) {
  if (v.size() > 32) return std::stable_sort(v.begin(), v.end(), before);
  for (std::size_t i = 1; i < v.size(); ++i) {
    const int x = v[i];
    std::size_t j = i;
    for (; j > 0 && before(x, v[j - 1]); --j) v[j] = v[j - 1];
    v[j] = x;
  }
}

/// SISR insertion orders, drawn with weights 4 : 4 : 2 : 1.
void order_for_insertion(const Instance& in, std::vector<int>& pending, Rng& rng) {
  shuffle(pending, rng);
  const int pick = below(rng, 11);
  const auto depot_km = [&](int s) { return in.km(0, s) + in.km(s, 0); };
  const auto by = [&](auto key) { stable_sort_few(pending, [&](int a, int b) { return key(a) > key(b); }); };
  if (pick < 4) return;
  if (pick < 8) by([&](int s) { return in.fill(s); });
  else if (pick < 10) by(depot_km);
  else by([&](int s) { return -depot_km(s); });
}

struct Place {
  int route = -1, gap = 0;
  Km km = std::numeric_limits<Km>::infinity();
};

/// The planner's innermost loop (50,000 iterations a problem by default): the gaps of a route
/// are walked over its stops themselves, and the km read from the rows of `stop` and of the
/// place before the gap.
Place cheapest_place(const Instance& in, const Solution& s, int stop, Rng& rng) {
  Place best;
  const Load& load = in.load(stop);
  const Km* from_stop = in.km_from(stop);
  for (int r = 0; r < static_cast<int>(s.routes.size()); ++r) {
    const Route& route = s.routes[static_cast<std::size_t>(r)];
    if (!in.fits(route.load + load)) continue;
    const Km* from_before = in.km_from(0);  // the gap's first place: the depot, then each stop
    const auto gap_to = [&](int gap, int after) {  // `after` is route.node(gap + 1)
      const Km km = from_before[stop] + from_stop[after] - from_before[after];
      if (km < best.km && rng.uniform() >= kBlinkChance && route.on_time_with(in, gap, stop)) best = {r, gap, km};
      from_before = in.km_from(after);
    };
    const int last = route.size();
    for (int gap = 0; gap < last; ++gap) gap_to(gap, route.stops[static_cast<std::size_t>(gap)]);
    gap_to(last, 0);
  }
  return best;
}

/// Where each stop is: route index (-1 = unassigned) and index within the route's stops.
struct Whereabouts {
  std::vector<int> route, index;
};

/// What one ruin works in, kept from iteration to iteration: with a few stops an iteration
/// would otherwise spend most of its time allocating these.
struct Scratch {
  Whereabouts where;
  std::vector<char> removed, ruined;
  std::vector<int> pending;  ///< the stops the ruin removed, for recreate
};

void locate(const Instance& in, const Solution& s, Whereabouts& w) {
  // Every stop of the search is on a route or unassigned, so each is written below; the
  // others (stops no truck can serve, planned apart) stay -1 from the first call.
  if (w.route.size() != static_cast<std::size_t>(in.stops() + 1)) {
    w.route.assign(static_cast<std::size_t>(in.stops() + 1), -1);
    w.index.assign(w.route.size(), 0);
  }
  for (const int c : s.unassigned) w.route[static_cast<std::size_t>(c)] = -1;
  for (int r = 0; r < static_cast<int>(s.routes.size()); ++r) {
    const auto& stops = s.routes[static_cast<std::size_t>(r)].stops;
    for (int i = 0; i < static_cast<int>(stops.size()); ++i) {
      w.route[static_cast<std::size_t>(stops[static_cast<std::size_t>(i)])] = r;
      w.index[static_cast<std::size_t>(stops[static_cast<std::size_t>(i)])] = i;
    }
  }
}

/// Marks `length` consecutive stops of `route` containing index `at` (SISR string), or with
/// `split` a longer string whose middle part stays (SISR split string).
void mark_string(const Route& route, int at, int length, bool split, Rng& rng, std::vector<char>& removed) {
  const int size = route.size();
  int kept = 0;
  if (split && length < size) {
    kept = 1;
    while (length + kept < size && rng.uniform() < kKeepMoreChance) ++kept;
  }
  const int span = length + kept;
  const int lowest = std::max(0, at - span + 1), highest = std::min(at, size - span);
  const int start = lowest + below(rng, highest - lowest + 1);
  const int keep_from = start + below(rng, length + 1);
  for (int i = start; i < start + span; ++i) {
    if (i >= keep_from && i < keep_from + kept) continue;
    removed[static_cast<std::size_t>(route.stops[static_cast<std::size_t>(i)])] = 1;
  }
}

/// SISR ruin: strings from up to k routes met in order of nearness to a random seed stop;
/// the removed stops go to `scratch.pending`.
void ruin(const Instance& in, Solution& s, Rng& rng, Scratch& scratch) {
  Whereabouts& where = scratch.where;
  locate(in, s, where);
  std::vector<int>& out = scratch.pending;
  out.clear();
  int assigned = 0;
  for (const Route& r : s.routes) assigned += r.size();
  if (assigned == 0) return;
  int seed = 1 + below(rng, in.stops());
  while (where.route[static_cast<std::size_t>(seed)] < 0) seed = seed % in.stops() + 1;
  const double longest = std::min(kMaxString, static_cast<double>(assigned) / static_cast<double>(s.routes.size()));
  const int strings = one_to(rng, 4 * kMeanRemoved / (1 + longest) - 1);
  std::vector<char>& removed = scratch.removed;  // all 0 between ruins: those set are unset below
  std::vector<char>& ruined = scratch.ruined;
  if (removed.size() != static_cast<std::size_t>(in.stops() + 1)) removed.assign(static_cast<std::size_t>(in.stops() + 1), 0);
  ruined.assign(s.routes.size(), 0);
  int done = 0;
  const auto visit = [&](int c) {
    const int r = where.route[static_cast<std::size_t>(c)];
    if (r < 0 || ruined[static_cast<std::size_t>(r)] || removed[static_cast<std::size_t>(c)]) return;
    const Route& route = s.routes[static_cast<std::size_t>(r)];
    const int length = one_to(rng, std::min(static_cast<double>(route.size()), longest));
    mark_string(route, where.index[static_cast<std::size_t>(c)], length, rng.uniform() < kSplitChance, rng, removed);
    ruined[static_cast<std::size_t>(r)] = 1;
    ++done;
  };
  visit(seed);
  for (const int c : in.neighbours(seed)) {
    if (done >= strings) break;
    visit(c);
  }
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    if (!ruined[r]) continue;
    Route& route = s.routes[r];
    for (const int c : route.stops) {
      if (removed[static_cast<std::size_t>(c)]) out.push_back(c);
    }
    std::erase_if(route.stops, [&](int c) { return removed[static_cast<std::size_t>(c)] != 0; });
    route.refresh(in);
  }
  for (const int c : out) removed[static_cast<std::size_t>(c)] = 0;  // every stop marked was taken out
  s.drop_empty_routes();
}

/// recreate on `pending` in place (it ends up in insertion order). A route's km is summed once,
/// after its last insertion: the places are chosen on the km of the matrix, not the route's.
/// So are its loads when every stop fits one truck and no dock or duty limit needs a
/// timeline: each `fits` then holds whatever the sums.
void recreate_pending(const Instance& in, Solution& solution, std::vector<int>& pending, int max_routes, Rng& rng,
                      int min_routes) {
  pending.insert(pending.end(), solution.unassigned.begin(), solution.unassigned.end());
  solution.unassigned.clear();
  order_for_insertion(in, pending, rng);
  const bool sum_once = in.all_fit() && !in.timed();
  std::uint64_t changed = 0;  // bit r: route r < 64 took a stop (later routes are all summed)
  for (const int stop : pending) {
    const bool must_open = static_cast<int>(solution.routes.size()) < min_routes;
    const Place place = must_open ? Place{} : cheapest_place(in, solution, stop, rng);
    if (place.route >= 0) {
      Route& route = solution.routes[static_cast<std::size_t>(place.route)];
      route.stops.insert(route.stops.begin() + place.gap, stop);
      if (!sum_once) route.refresh_load_and_timeline(in);
      if (place.route < 64) changed |= std::uint64_t{1} << place.route;
    } else if (max_routes == 0 || static_cast<int>(solution.routes.size()) < max_routes) {
      Route route;
      route.stops = {stop};
      route.refresh(in);
      solution.routes.push_back(std::move(route));
    } else {
      solution.unassigned.push_back(stop);
    }
  }
  for (std::size_t r = 0; r < solution.routes.size(); ++r) {
    if (r >= 64 || (changed >> r & 1) != 0) {
      Route& route = solution.routes[r];
      if (sum_once) route.refresh(in);
      else route.km = loop_km(in, route.stops);
    }
  }
}

}  // namespace

void recreate(const Instance& in, Solution& solution, std::vector<int> pending, int max_routes, Rng& rng,
              int min_routes) {
  recreate_pending(in, solution, pending, max_routes, rng, min_routes);
}

Solution ruin_and_recreate(const Instance& in, Solution start, const SearchSettings& settings) {
  Rng rng(mix64(settings.seed ^ 0x726f757465ULL));
  const double per_stop = start.km() / std::max(1, in.stops());
  // Zero km (every stop at the depot) leaves nothing to anneal: accept improvements only.
  const bool anneal = std::isfinite(per_stop) && per_stop > 0;
  const double hot = anneal ? kStartTemperature * per_stop : 0, cold = anneal ? kEndTemperature * per_stop : 0;
  Solution current = std::move(start), best = current, candidate;
  double current_cost = current.cost(settings.penalty);
  Scratch scratch;
  for (int it = 0; it < settings.iterations; ++it) {
    candidate = current;
    ruin(in, candidate, rng, scratch);
    recreate_pending(in, candidate, scratch.pending, settings.max_routes, rng, settings.min_routes);
    const double cost = candidate.cost(settings.penalty);
    // Accept below current_cost - temperature * log(u), which is never below current_cost:
    // the temperature is worked out only for a candidate that is no better.
    const double u = rng.uniform_pos();
    const auto threshold = [&] {
      const double temperature = anneal ? hot * std::pow(cold / hot, static_cast<double>(it) / settings.iterations) : 0;
      return current_cost - temperature * std::log(u);
    };
    if (cost < current_cost || cost < threshold()) {
      std::swap(current, candidate);
      current_cost = cost;
    }
    if (better(current, best)) {
      local_search(in, current, settings.granularity, settings.min_routes);
      current_cost = current.cost(settings.penalty);
      best = current;
    }
  }
  return best;
}

}  // namespace milkrun::routing
