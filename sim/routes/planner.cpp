// plan_routes: sets stops no truck can serve apart, builds savings routes, improves them by
// local search and ruin and recreate, and counts trucks by the problem's rule: a cap tried
// before giving up on it, an exact count (R38), or as few trucks as fit.
#include <milkrun/routes/planner.hpp>

#include "routes/local_search.hpp"
#include "routes/route_model.hpp"
#include "routes/ruin_recreate.hpp"
#include "routes/savings.hpp"
#include "routes/truck_count.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace milkrun {

namespace {

using routing::Instance;
using routing::Route;
using routing::Solution;

/// Nearest stops the local search joins a stop to.
constexpr int kGranularity = 20;

/// Why no truck can serve stop `s` even alone, or "" when one can.
std::string impossible_reason(const Instance& in, const PlanProblem& p, int s) {
  std::ostringstream why;
  if (!in.fits(in.load(s))) {
    why << "stop " << s << ": its load (" << in.load(s).liters << " L, " << in.load(s).kg << " kg) is more than a truck carries ("
        << p.capacity.liters << " L, " << p.capacity.kg << " kg)";
  } else if (!std::isfinite(in.km(0, s)) || !std::isfinite(in.km(s, 0))) {
    why << "stop " << s << ": no road between it and the depot";
  } else if (in.travel(0, s) > in.last_arrival(s)) {
    why << "stop " << s << ": a truck arrives " << in.travel(0, s) << " s after departure at the earliest, but its dock closes at "
        << in.last_arrival(s) + 1 << " s";
  } else if (!routing::on_time(in, {s})) {
    why << "stop " << s << ": a truck alone is back " << routing::back_at_depot(in, {s}) << " s after departure, after the duty limit ("
        << in.back_by() << " s)";
  }
  return why.str();
}

/// Km charged per unassigned stop: more than any insertion can cost, so the search always
/// prefers serving a stop.
double unassigned_penalty(const Instance& in) {
  Km longest = 0;
  for (int i = 0; i <= in.stops(); ++i) {
    for (int j = 0; j <= in.stops(); ++j) {
      if (std::isfinite(in.km(i, j))) longest = std::max(longest, in.km(i, j));
    }
  }
  return 2 * longest + 1;
}

/// Fewest trucks the loads alone need (a bin-packing lower bound).
int fewest_trucks(const Instance& in, const PlanProblem& p, const std::vector<int>& stops) {
  Load load;
  for (const int s : stops) load += in.load(s);
  return static_cast<int>(std::ceil(load.utilization(p.capacity) - 1e-9));
}

/// Keeps the `cap` fullest routes of a start solution; the others' stops wait unassigned.
void trim_to(const Instance& in, Solution& s, int cap) {
  if (static_cast<int>(s.routes.size()) <= cap) return;
  const auto fill = [&](const Route& r) { return in.utilization(r.load); };
  std::stable_sort(s.routes.begin(), s.routes.end(), [&](const Route& a, const Route& b) { return fill(a) > fill(b); });
  for (std::size_t r = static_cast<std::size_t>(cap); r < s.routes.size(); ++r) {
    s.unassigned.insert(s.unassigned.end(), s.routes[r].stops.begin(), s.routes[r].stops.end());
  }
  s.routes.resize(static_cast<std::size_t>(cap));
}

/// Savings routes, local search, ruin and recreate, local search again; with `cap` > 0 the
/// routes beyond the cap are dissolved first and their stops wait until some route takes them.
Solution search(const Instance& in, const PlanProblem& p, const std::vector<int>& stops, int cap) {
  Solution s = routing::savings_routes(in, stops);
  if (cap > 0 && static_cast<int>(s.routes.size()) > cap) {
    trim_to(in, s, cap);
    Rng rng(mix64(p.seed ^ 0x7472696dULL));
    routing::recreate(in, s, {}, cap, rng);
  }
  routing::local_search(in, s, kGranularity);
  const routing::SearchSettings settings{p.effort, cap, unassigned_penalty(in), kGranularity, p.seed};
  s = routing::ruin_and_recreate(in, std::move(s), settings);
  routing::local_search(in, s, kGranularity);
  return s;
}

/// Stops some truck can serve, and the others with why not.
struct Triage {
  std::vector<int> servable, impossible;
  std::vector<std::string> reasons;
};

Triage triage(const Instance& in, const PlanProblem& p) {
  Triage t;
  for (int s = 1; s <= in.stops(); ++s) {
    std::string why = impossible_reason(in, p, s);
    if (why.empty()) {
      t.servable.push_back(s);
    } else {
      t.impossible.push_back(s);
      t.reasons.push_back(std::move(why));
    }
  }
  return t;
}

/// The servable stops' routes: within `max_trucks` when the loads allow it and the search
/// finds such a plan, else with as many trucks as needed.
Solution solve(const Instance& in, const PlanProblem& p, const std::vector<int>& stops, int max_trucks) {
  if (max_trucks > 0 && fewest_trucks(in, p, stops) <= max_trucks) {
    Solution capped = search(in, p, stops, max_trucks);
    if (capped.unassigned.empty()) return capped;
  }
  return search(in, p, stops, 0);
}

/// Exactly `count` routes (R38): the savings routes cut or split to `count`, then the same
/// search with every route kept open; stops that fit no truck go where they overfill least.
Solution exactly(const Instance& in, const PlanProblem& p, const std::vector<int>& stops, int count) {
  Rng rng(mix64(p.seed ^ 0x6578616374ULL));
  Solution s = routing::savings_routes(in, stops);
  if (static_cast<int>(s.routes.size()) > count) {
    trim_to(in, s, count);
    routing::recreate(in, s, {}, count, rng, count);
  }
  routing::split_to(in, s, count);
  routing::local_search(in, s, kGranularity, count);
  const routing::SearchSettings settings{p.effort, count, unassigned_penalty(in), kGranularity, p.seed, count};
  s = routing::ruin_and_recreate(in, std::move(s), settings);
  routing::local_search(in, s, kGranularity, count);
  routing::force_in(in, s);
  return s;
}

/// As few routes as fit (R38 `trucks: "auto"`): the least-km plan, then one route fewer at a
/// time while a capped search still serves every stop, down to what the loads need.
Solution fewest(const Instance& in, const PlanProblem& p, const std::vector<int>& stops) {
  Solution best = search(in, p, stops, 0);
  const int least = std::max(1, fewest_trucks(in, p, stops));
  while (static_cast<int>(best.routes.size()) > least) {
    Solution fewer = search(in, p, stops, static_cast<int>(best.routes.size()) - 1);
    if (!fewer.unassigned.empty()) break;
    best = std::move(fewer);
  }
  return best;
}

/// The servable stops' routes by the problem's truck rule.
Solution by_rule(const Instance& in, const PlanProblem& p, const std::vector<int>& stops) {
  if (p.rule == TruckRule::exactly && p.max_trucks > 0 && !stops.empty())
    return exactly(in, p, stops, std::min(p.max_trucks, static_cast<int>(stops.size())));
  if (p.rule == TruckRule::fewest && !stops.empty()) return fewest(in, p, stops);
  return solve(in, p, stops, p.max_trucks);
}

Plan to_plan(const Instance& in, Solution s) {
  std::stable_sort(s.routes.begin(), s.routes.end(), [](const Route& a, const Route& b) { return a.stops.front() < b.stops.front(); });
  Plan plan;
  for (const Route& r : s.routes) {
    plan.routes.push_back({r.stops, r.km, r.load, routing::back_at_depot(in, r.stops)});
    plan.total_km += r.km;
  }
  return plan;
}

void add_reason(Plan& plan, const std::string& why) {
  plan.feasible = false;
  plan.why += (plan.why.empty() ? "" : "; ") + why;
}

std::string too_few_trucks(int max_trucks, std::size_t needed) {
  return std::to_string(max_trucks) + (max_trucks == 1 ? " truck cannot" : " trucks cannot") +
         " serve every stop within capacity and dock hours; the plan needs " + std::to_string(needed);
}

}  // namespace

Plan plan_routes(const PlanProblem& problem) {
  const Instance in(problem);
  const Triage stops = triage(in, problem);
  // With impossible stops the plan breaks the problem anyway: plan the rest at least km.
  Solution best = stops.impossible.empty() ? by_rule(in, problem, stops.servable) : solve(in, problem, stops.servable, 0);
  for (const int s : stops.impossible) {
    Route alone;
    alone.stops = {s};
    alone.refresh(in);
    best.routes.push_back(std::move(alone));
  }
  Plan plan = to_plan(in, std::move(best));
  plan.impossible_stops = stops.impossible;
  for (const std::string& why : stops.reasons) add_reason(plan, why);
  if (problem.max_trucks > 0 && static_cast<int>(plan.routes.size()) > problem.max_trucks) {
    add_reason(plan, too_few_trucks(problem.max_trucks, plan.routes.size()));
  }
  return plan;
}

}  // namespace milkrun
