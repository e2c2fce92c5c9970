// Route planner behind `stops: "auto"` (SPEC §2, R23): every plan it returns is checked on
// an independent timeline (capacities, each stop once, dock hours), its km against hand
// computation and exhaustive enumeration, and its truck limit, infeasibility reports and
// determinism.
#include <doctest/doctest.h>

#include "random/rng.hpp"
#include "routes/plan_memo.hpp"
#include "routes/route_model.hpp"
#include <milkrun/routes/planner.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

using namespace milkrun;

namespace {

constexpr double kKmh = 60;

/// A problem over points in the plane (km), 60 km/h, no dock hours, unlimited capacity.
PlanProblem on_points(const std::vector<std::pair<double, double>>& xy) {
  const auto places = static_cast<Eigen::Index>(xy.size());
  PlanProblem p;
  p.km.resize(places, places);
  p.seconds.resize(places, places);
  for (Eigen::Index i = 0; i < places; ++i) {
    for (Eigen::Index j = 0; j < places; ++j) {
      const auto& a = xy[static_cast<std::size_t>(i)];
      const auto& b = xy[static_cast<std::size_t>(j)];
      p.km(i, j) = std::hypot(a.first - b.first, a.second - b.second);
      p.seconds(i, j) = p.km(i, j) / kKmh * 3600;
    }
  }
  p.loads.assign(xy.size(), Load{1, 1});
  p.capacity = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  return p;
}

/// A random instance: asymmetric km, two loads, dock hours on some stops, each stop
/// reachable alone in time.
PlanProblem random_problem(std::uint64_t seed, int stops, bool docks) {
  Rng rng(mix64(seed));
  std::vector<std::pair<double, double>> xy;
  for (int i = 0; i <= stops; ++i) xy.emplace_back(100 * rng.uniform(), 100 * rng.uniform());
  PlanProblem p = on_points(xy);
  for (Eigen::Index i = 0; i < p.km.rows(); ++i) {
    for (Eigen::Index j = 0; j < p.km.cols(); ++j) {
      p.km(i, j) *= 1 + 0.3 * rng.uniform();  // one-way streets, hills: asymmetric
      p.seconds(i, j) = p.km(i, j) / kKmh * 3600;
    }
  }
  Load total, heaviest;
  for (int s = 1; s <= stops; ++s) {
    Load& load = p.loads[static_cast<std::size_t>(s)];
    load.liters = 100 + 900 * rng.uniform();
    load.kg = 50 + 450 * rng.uniform();
    total += load;
    heaviest = {std::max(heaviest.liters, load.liters), std::max(heaviest.kg, load.kg)};
  }
  p.capacity = {std::max(total.liters / 4, heaviest.liters), std::max(total.kg / 5, heaviest.kg)};
  p.service = 15 * 60;
  p.window.assign(static_cast<std::size_t>(stops + 1), std::nullopt);
  for (int s = 1; docks && s <= stops; ++s) {
    if (rng.uniform() < 0.3) continue;
    const auto open = static_cast<Seconds>(4 * 3600 * rng.uniform());
    const auto direct = static_cast<Seconds>(std::llround(p.seconds(0, s)));
    const Seconds close = std::max(open + static_cast<Seconds>(3600 + 5 * 3600 * rng.uniform()), direct + 1800);
    p.window[static_cast<std::size_t>(s)] = DockWindow{open, close};
  }
  p.seed = seed;
  p.effort = 3000;
  return p;
}

/// Drives every route of `plan` as R23 does and reports the first rule it breaks.
std::string broken_rule(const PlanProblem& p, const Plan& plan) {
  std::vector<int> visits(p.loads.size(), 0);
  Km total = 0;
  for (const PlannedRoute& route : plan.routes) {
    Seconds t = 0;
    Load load;
    Km km = 0;
    int at = 0;
    for (const int s : route.stops) {
      const auto u = static_cast<std::size_t>(s);
      ++visits[u];
      t += static_cast<Seconds>(std::llround(p.seconds(at, s)));
      km += p.km(at, s);
      if (!p.window.empty() && p.window[u]) {
        if (t >= p.window[u]->close) return "stop " + std::to_string(s) + " reached after its dock closed";
        t = std::max(t, p.window[u]->open);
      }
      t += p.service;
      load += p.loads[u];
      at = s;
    }
    km += p.km(at, 0);
    t += static_cast<Seconds>(std::llround(p.seconds(at, 0)));
    total += km;
    if (!load.fits(p.capacity * (1 + 1e-9))) return "a truck is overloaded";
    if (std::abs(km - route.km) > 1e-6) return "a route's km is misreported";
    if (std::abs(load.liters - route.load.liters) > 1e-6 || std::abs(load.kg - route.load.kg) > 1e-6)
      return "a route's load is misreported";
    if (t != route.back) return "a route's return time is misreported";
  }
  for (std::size_t s = 1; s < visits.size(); ++s) {
    if (visits[s] != 1) return "stop " + std::to_string(s) + " visited " + std::to_string(visits[s]) + " times";
  }
  return std::abs(total - plan.total_km) > 1e-6 ? "total km misreported" : "";
}

/// Best km over every way to split the stops into on-time, within-capacity loops, by
/// enumerating each subset's orders and then partitions of the stops (small n only).
double optimum_by_enumeration(const PlanProblem& p) {
  const int n = static_cast<int>(p.loads.size()) - 1;
  const int subsets = 1 << n;
  const double none = std::numeric_limits<double>::infinity();
  std::vector<double> loop(static_cast<std::size_t>(subsets), none);
  for (int set = 1; set < subsets; ++set) {
    std::vector<int> order;
    Load load;
    for (int s = 1; s <= n; ++s) {
      if (set >> (s - 1) & 1) order.push_back(s), load += p.loads[static_cast<std::size_t>(s)];
    }
    if (!load.fits(p.capacity)) continue;
    do {
      Seconds t = 0;
      double km = 0;
      int at = 0;
      bool on_time = true;
      for (const int s : order) {
        t += static_cast<Seconds>(std::llround(p.seconds(at, s)));
        km += p.km(at, s);
        const auto& w = p.window[static_cast<std::size_t>(s)];
        if (w && t >= w->close) on_time = false;
        if (w) t = std::max(t, w->open);
        t += p.service;
        at = s;
      }
      if (on_time) loop[static_cast<std::size_t>(set)] = std::min(loop[static_cast<std::size_t>(set)], km + p.km(at, 0));
    } while (std::next_permutation(order.begin(), order.end()));
  }
  std::vector<double> best(static_cast<std::size_t>(subsets), none);
  best[0] = 0;
  for (int set = 1; set < subsets; ++set) {
    const int lowest = set & -set;  // the loop holding the lowest stop, to count each partition once
    for (int part = set; part > 0; part = (part - 1) & set) {
      if (part & lowest) best[static_cast<std::size_t>(set)] = std::min(best[static_cast<std::size_t>(set)], loop[static_cast<std::size_t>(part)] + best[static_cast<std::size_t>(set ^ part)]);
    }
  }
  return best[static_cast<std::size_t>(subsets - 1)];
}

/// A depot and four stops on the corners of a 10 km square around it, one truck load each pair.
PlanProblem square() {
  PlanProblem p = on_points({{0, 0}, {10, 10}, {-10, 10}, {-10, -10}, {10, -10}});
  p.capacity.liters = 2;
  return p;
}

}  // namespace

TEST_CASE("every random plan respects capacities, dock hours and visits each stop once") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const PlanProblem p = random_problem(seed, 25, true);
    const Plan plan = plan_routes(p);
    CHECK(plan.feasible);
    CHECK(broken_rule(p, plan) == "");
  }
}

TEST_CASE("plans without dock hours are feasible and need about as many trucks as the loads") {
  for (std::uint64_t seed = 20; seed <= 25; ++seed) {
    CAPTURE(seed);
    const PlanProblem p = random_problem(seed, 40, false);
    const Plan plan = plan_routes(p);
    CHECK(broken_rule(p, plan) == "");
    CHECK(plan.routes.size() <= 7);
  }
}

TEST_CASE("small random instances reach the optimum found by enumeration") {
  for (std::uint64_t seed = 100; seed < 110; ++seed) {
    CAPTURE(seed);
    PlanProblem p = random_problem(seed, 7, seed % 2 == 0);
    p.capacity.liters *= 1.3;
    const Plan plan = plan_routes(p);
    CHECK(broken_rule(p, plan) == "");
    CHECK(plan.total_km == doctest::Approx(optimum_by_enumeration(p)).epsilon(1e-9));
  }
}

TEST_CASE("four corners with two stops per truck take two loops of 20 + 2 x 14.14 km") {
  const Plan plan = plan_routes(square());
  REQUIRE(plan.routes.size() == 2);
  CHECK(plan.total_km == doctest::Approx(2 * (20 + 2 * std::sqrt(200.0))));
  for (const auto& route : plan.routes) CHECK(route.stops.size() == 2);
}

TEST_CASE("with room for all, one truck drives the square's perimeter, 60 + 2 x 14.14 km") {
  PlanProblem p = square();
  p.capacity.liters = 4;
  const Plan plan = plan_routes(p);
  REQUIRE(plan.routes.size() == 1);
  CHECK(plan.total_km == doctest::Approx(60 + 2 * std::sqrt(200.0)));
}

TEST_CASE("one truck carries every stop only with room to spare for the rounding of the sums") {
  PlanProblem p = square();  // four stops of 1 liter
  p.capacity.liters = 4;
  CHECK_FALSE(routing::Instance(p).all_fit());
  p.capacity.liters = 4.01;
  CHECK(routing::Instance(p).all_fit());
  p.capacity.kg = 3.99;
  CHECK_FALSE(routing::Instance(p).all_fit());
}

TEST_CASE("a search that sums loads and km once per round still reports each route's own sums") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    PlanProblem p = random_problem(seed, 12, false);
    p.capacity = {1e9, 1e9};  // one truck carries all: the sums wait for each round's end
    const Plan plan = plan_routes(p);
    REQUIRE(plan.routes.size() == 1);
    Load load;
    for (const int s : plan.routes[0].stops) load += p.loads[static_cast<std::size_t>(s)];
    Km km = 0;
    int at = 0;
    for (const int s : plan.routes[0].stops) km += p.km(at, s), at = s;
    km += p.km(at, 0);
    CHECK(plan.routes[0].load.liters == load.liters);
    CHECK(plan.routes[0].load.kg == load.kg);
    CHECK(plan.routes[0].km == km);
    CHECK(plan.total_km == km);
  }
}

TEST_CASE("kg can be the binding capacity") {
  PlanProblem p = square();
  p.capacity = {100, 1};
  const Plan plan = plan_routes(p);
  CHECK(plan.routes.size() == 4);
  CHECK(broken_rule(p, plan) == "");
}

TEST_CASE("a truck waits for a dock to open and the route counts the wait") {
  PlanProblem p = on_points({{0, 0}, {60, 0}});
  p.window = {std::nullopt, DockWindow{7200, 9000}};
  p.service = 1800;
  const Plan plan = plan_routes(p);
  REQUIRE(plan.routes.size() == 1);
  CHECK(plan.routes[0].back == 7200 + 1800 + 3600);
}

TEST_CASE("dock hours decide the order of a loop") {
  // Stop 2's dock closes 100 s after a truck driving straight there arrives: via stop 1 it
  // would be 5 min late, so the truck goes to stop 2 first.
  PlanProblem p = on_points({{0, 0}, {10, 10}, {60, 0}});
  p.window = {std::nullopt, std::nullopt, DockWindow{0, 3700}};
  const Plan plan = plan_routes(p);
  REQUIRE(plan.routes.size() == 1);
  CHECK(plan.routes[0].stops == std::vector<int>{2, 1});
  CHECK(broken_rule(p, plan) == "");
}

TEST_CASE("dock hours can take more trucks than the loads need") {
  // Both docks close 100 s after a truck driving straight there arrives: one loop would save
  // 5.9 km but reach its second stop 848 s too late.
  PlanProblem p = on_points({{0, 0}, {10, 0}, {0, 10}});
  p.window = {std::nullopt, DockWindow{0, 700}, DockWindow{0, 700}};
  const Plan plan = plan_routes(p);
  CHECK(plan.routes.size() == 2);
  CHECK(plan.total_km == doctest::Approx(40));
  p.window.clear();
  CHECK(plan_routes(p).total_km == doctest::Approx(20 + std::sqrt(200.0)));
}

TEST_CASE("arriving exactly when a dock closes is too late") {
  PlanProblem p = on_points({{0, 0}, {60, 0}});
  p.window = {std::nullopt, DockWindow{0, 3600}};
  const Plan plan = plan_routes(p);
  CHECK_FALSE(plan.feasible);
  CHECK(plan.impossible_stops == std::vector<int>{1});
  p.window[1]->close = 3601;
  CHECK(plan_routes(p).feasible);
}

TEST_CASE("a truck limit the loads allow is kept") {
  for (std::uint64_t seed = 30; seed < 36; ++seed) {
    CAPTURE(seed);
    PlanProblem p = random_problem(seed, 30, false);
    p.capacity = p.capacity * 1.4;  // loads fill 3.6 trucks
    p.max_trucks = 4;
    const Plan plan = plan_routes(p);
    CHECK(plan.feasible);
    CHECK(plan.routes.size() <= 4);
    CHECK(broken_rule(p, plan) == "");
  }
}

TEST_CASE("a truck limit is kept even when more trucks would drive fewer km") {
  // Two stops on each bank of a river: 10 km from the depot, 1 km apart on a bank, 100 km
  // between banks. Two trucks drive 42 km; one truck must cross once: 122 km.
  PlanProblem p = on_points({{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}});
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) {
      const bool same_bank = (i - 1) / 2 == (j - 1) / 2;
      p.km(i, j) = i == j ? 0 : i == 0 || j == 0 ? 10 : same_bank ? 1 : 100;
    }
  }
  CHECK(plan_routes(p).total_km == 42);
  p.max_trucks = 1;
  const Plan plan = plan_routes(p);
  CHECK(plan.feasible);
  REQUIRE(plan.routes.size() == 1);
  CHECK(plan.total_km == 122);
}

TEST_CASE("a truck limit can cost km: one truck drives all four corners") {
  PlanProblem p = square();
  p.capacity.liters = 4;
  p.max_trucks = 1;
  const Plan plan = plan_routes(p);
  CHECK(plan.feasible);
  CHECK(plan.routes.size() == 1);
}

TEST_CASE("too few trucks for the loads is reported with a plan that needs more") {
  PlanProblem p = square();
  p.max_trucks = 1;
  const Plan plan = plan_routes(p);
  CHECK_FALSE(plan.feasible);
  CHECK(plan.routes.size() == 2);
  CHECK(plan.why == "1 truck cannot serve every stop within capacity and dock hours; the plan needs 2");
  CHECK(broken_rule(p, plan) == "");
}

TEST_CASE("a stop heavier than a truck is reported and still gets its own loop") {
  PlanProblem p = square();
  p.loads[3].liters = 5;
  const Plan plan = plan_routes(p);
  CHECK_FALSE(plan.feasible);
  CHECK(plan.impossible_stops == std::vector<int>{3});
  CHECK(plan.why.find("stop 3: its load") == 0);
  const auto alone = std::find_if(plan.routes.begin(), plan.routes.end(), [](const auto& r) { return r.stops == std::vector<int>{3}; });
  CHECK(alone != plan.routes.end());
}

TEST_CASE("the same problem and seed give the same plan, another seed a valid one") {
  const PlanProblem p = random_problem(7, 40, true);
  const Plan a = plan_routes(p), b = plan_routes(p);
  REQUIRE(a.routes.size() == b.routes.size());
  for (std::size_t r = 0; r < a.routes.size(); ++r) CHECK(a.routes[r].stops == b.routes[r].stops);
  CHECK(a.total_km == b.total_km);
  PlanProblem other = p;
  other.seed = 8;
  CHECK(broken_rule(other, plan_routes(other)) == "");
}

/// Whether two plans have the same routes, bit for bit.
bool same_plan(const Plan& a, const Plan& b) {
  if (a.routes.size() != b.routes.size() || a.total_km != b.total_km || a.feasible != b.feasible) return false;
  for (std::size_t r = 0; r < a.routes.size(); ++r)
    if (a.routes[r].stops != b.routes[r].stops || a.routes[r].km != b.routes[r].km || a.routes[r].load != b.routes[r].load)
      return false;
  return true;
}

TEST_CASE("a remembered plan is the plan of that very problem; a problem one load apart is planned anew") {
  PlanProblem p = random_problem(11, 30, true);
  const Plan fresh = plan_routes(p);
  CHECK(same_plan(remembered_plan(p), fresh));
  CHECK(same_plan(remembered_plan(p), fresh));  // now from memory
  p.loads[5].kg = std::nextafter(p.loads[5].kg, 0.0);
  p.max_trucks = 2;
  p.rule = TruckRule::exactly;
  CHECK(same_plan(remembered_plan(p), plan_routes(p)));
  CHECK_FALSE(same_plan(remembered_plan(p), fresh));
}

TEST_CASE("on a one-way loop the plan drives with the traffic") {
  // Three stops on a ring where going clockwise costs 1 km per leg and against it 10 km.
  PlanProblem p = on_points({{0, 0}, {0, 0}, {0, 0}, {0, 0}});
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) p.km(i, j) = i == j ? 0 : (j == (i + 1) % 4 ? 1 : 10);
  }
  const Plan plan = plan_routes(p);
  REQUIRE(plan.routes.size() == 1);
  CHECK(plan.routes[0].stops == std::vector<int>{1, 2, 3});
  CHECK(plan.total_km == 4);
}

TEST_CASE("stops with no road between them are never driven one after the other") {
  PlanProblem p = square();
  p.capacity.liters = 4;
  const double none = std::numeric_limits<double>::infinity();
  p.km(1, 2) = p.km(2, 1) = p.km(3, 4) = p.km(4, 3) = none;
  p.seconds(1, 2) = p.seconds(2, 1) = p.seconds(3, 4) = p.seconds(4, 3) = none;
  const Plan plan = plan_routes(p);
  CHECK(std::isfinite(plan.total_km));
  CHECK(broken_rule(p, plan) == "");
}

TEST_CASE("a stop with no road from the depot is impossible") {
  PlanProblem p = square();
  p.km(0, 2) = std::numeric_limits<double>::infinity();
  const Plan plan = plan_routes(p);
  CHECK_FALSE(plan.feasible);
  CHECK(plan.impossible_stops == std::vector<int>{2});
  CHECK(plan.why == "stop 2: no road between it and the depot");
}

TEST_CASE("a problem without stops plans no routes") {
  const Plan plan = plan_routes(on_points({{0, 0}}));
  CHECK(plan.routes.empty());
  CHECK(plan.feasible);
  CHECK(plan.total_km == 0);
}

TEST_CASE("effort zero still returns a valid plan (savings and local search only)") {
  PlanProblem p = random_problem(3, 30, true);
  p.effort = 0;
  CHECK(broken_rule(p, plan_routes(p)) == "");
}

TEST_CASE("malformed problems are rejected with a message") {
  PlanProblem p = square();
  p.km.resize(5, 4);
  CHECK_THROWS_AS(plan_routes(p), std::invalid_argument);
  p = square();
  p.loads.pop_back();
  CHECK_THROWS_AS(plan_routes(p), std::invalid_argument);
  p = square();
  p.capacity.kg = 0;
  CHECK_THROWS_AS(plan_routes(p), std::invalid_argument);
  p = square();
  p.km(1, 2) = -1;
  CHECK_THROWS_AS(plan_routes(p), std::invalid_argument);
  p = square();
  p.window = {std::nullopt, DockWindow{100, 50}, std::nullopt, std::nullopt, std::nullopt};
  CHECK_THROWS_WITH_AS(plan_routes(p), "route planner: a dock closes before it opens", std::invalid_argument);
}

TEST_CASE("an exact truck count splits a loop even when one truck would drive fewer km") {
  PlanProblem p = square();
  p.capacity.liters = 4;  // one truck carries all four corners
  p.max_trucks = 2;
  p.rule = TruckRule::exactly;
  const Plan plan = plan_routes(p);
  CHECK(plan.feasible);
  REQUIRE(plan.routes.size() == 2);
  // two sides and four spokes (or one corner alone and three: the same km), not 60 + 2 spokes
  CHECK(plan.total_km == doctest::Approx(40 + 4 * std::sqrt(200.0)));
  CHECK(broken_rule(p, plan) == "");
}

TEST_CASE("an exact truck count above the stops gives each stop its own loop") {
  PlanProblem p = square();
  p.max_trucks = 6;
  p.rule = TruckRule::exactly;
  const Plan plan = plan_routes(p);
  CHECK(plan.routes.size() == 4);
  for (const auto& route : plan.routes) CHECK(route.stops.size() == 1);
  CHECK(broken_rule(p, plan) == "");
}

TEST_CASE("an exact truck count the loads overflow keeps the count and overfills a truck least") {
  PlanProblem p = square();
  p.capacity.liters = 1.5;  // one corner per truck
  p.max_trucks = 3;
  p.rule = TruckRule::exactly;
  const Plan plan = plan_routes(p);
  CHECK(plan.feasible);  // the caller warns about the full loop (R39)
  REQUIRE(plan.routes.size() == 3);
  std::vector<std::size_t> sizes;
  for (const auto& route : plan.routes) sizes.push_back(route.stops.size());
  std::sort(sizes.begin(), sizes.end());
  CHECK(sizes == std::vector<std::size_t>{1, 1, 2});
  // the second corner rides next to the first one: one side of the square more, not a diagonal
  CHECK(plan.total_km == doctest::Approx(2 * 2 * std::sqrt(200.0) + 2 * std::sqrt(200.0) + 20));
  p.capacity.liters = 4;
  p.max_trucks = 1;
  const Plan one = plan_routes(p);
  REQUIRE(one.routes.size() == 1);
  CHECK(one.routes[0].load.liters == 4);
}

TEST_CASE("exact truck counts on random instances keep the count, the capacities and the docks") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    PlanProblem p = random_problem(seed, 12, seed % 2 == 0);
    p.max_trucks = 7;
    p.rule = TruckRule::exactly;
    const Plan plan = plan_routes(p);
    CHECK(plan.feasible);
    CHECK(plan.routes.size() == 7);
    CHECK(broken_rule(p, plan) == "");
  }
}

TEST_CASE("as few trucks as fit, even when more trucks would drive fewer km") {
  // The river of the truck-limit test: two trucks drive 42 km, one truck fits all for 122 km.
  PlanProblem p = on_points({{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}});
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) {
      const bool same_bank = (i - 1) / 2 == (j - 1) / 2;
      p.km(i, j) = i == j ? 0 : i == 0 || j == 0 ? 10 : same_bank ? 1 : 100;
    }
  }
  p.rule = TruckRule::fewest;
  const Plan plan = plan_routes(p);
  REQUIRE(plan.routes.size() == 1);
  CHECK(plan.total_km == 122);
  p.capacity.liters = 2;  // now two trucks are the fewest that fit
  CHECK(plan_routes(p).routes.size() == 2);
  CHECK(plan_routes(p).total_km == 42);
}
