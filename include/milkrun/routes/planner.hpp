// Route planner behind milk runs with `stops: "auto"` (SPEC §2, R23): which trucks visit
// which suppliers in what order. A capacitated vehicle routing problem with two capacities
// (liters and kg) and supplier dock hours, solved heuristically: Clarke-Wright savings, local
// search, then ruin and recreate. Independent of scenarios and of the engine: the caller
// builds the matrices and loads. The result depends only on the problem and its seed.
#pragma once
#include <milkrun/load.hpp>
#include <milkrun/types.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace milkrun {

/// Dock hours of one stop on the run's timeline (seconds after the truck leaves the depot).
/// A truck that arrives before `open` waits; it must arrive strictly before `close`
/// (arriving at or after `close` would be a skipped stop, R23). Loading may end after `close`.
struct DockWindow {
  Seconds open = 0;
  Seconds close = 0;
};

/// Ruin-and-recreate iterations of the default effort: 100 stops plan in about 0.15 s
/// (0.33% above the best known km on tests/cvrplib, `bench_routes`).
inline constexpr int kDefaultPlanEffort = 50000;

/// How `PlanProblem::max_trucks` counts routes.
enum class TruckRule : std::uint8_t {
  /// At most `max_trucks` routes (0 = no limit): fewest km, then fewest routes. A cap the
  /// loads or docks cannot keep makes the plan infeasible.
  at_most,
  /// Exactly min(`max_trucks`, servable stops) routes, fewest km (R38, a numeric `trucks`).
  /// When the loads do not fit that many trucks, the stops left over go where they overfill
  /// a truck least (on time first): the plan stays feasible and the caller reads each
  /// route's load against the capacity.
  exactly,
  /// As few routes as fit the loads and dock hours, then fewest km (R38, `trucks: "auto"`).
  fewest,
};

/// One planning problem: a depot (index 0) and n stops (1..n).
struct PlanProblem {
  Eigen::MatrixXd km;       ///< (n+1)x(n+1) [from, to]; may be asymmetric; +inf = no road
  Eigen::MatrixXd seconds;  ///< travel seconds, same shape; each leg is rounded to whole seconds
  std::vector<Load> loads;  ///< size n+1, [0] unused: expected load per stop and run
  Load capacity;            ///< per truck; both must hold (+inf = no limit)
  /// Size n+1 ([0] unused) or empty: dock hours per stop; nullopt (or empty) = always open.
  std::vector<std::optional<DockWindow>> window;
  Seconds service = 0;  ///< `load_time_per_stop`, spent at every stop
  /// R45: latest return to the depot, seconds after departure; 0 = no limit.
  Seconds max_duration = 0;
  int max_trucks = 0;   ///< routes allowed, counted by `rule`; 0 = as many as needed
  TruckRule rule = TruckRule::at_most;
  std::uint64_t seed = 1;
  int effort = kDefaultPlanEffort;  ///< deterministic iteration budget, never a wall clock
};

/// One truck's loop: depot, `stops` in order, depot.
struct PlannedRoute {
  std::vector<int> stops;  ///< indices 1..n
  Km km = 0;
  Load load;        ///< expected load
  Seconds back = 0;         ///< arrival back at the depot, seconds after departure
};

/// The planned routes. Every stop is on exactly one route.
struct Plan {
  std::vector<PlannedRoute> routes;
  Km total_km = 0;
  /// False when the plan breaks the problem: more routes than `max_trucks`, or stops no
  /// truck can serve even alone (listed in `impossible_stops`); `why` says which and why.
  bool feasible = true;
  std::string why;
  std::vector<int> impossible_stops;  ///< load above capacity, or dock unreachable in time
};

/// Plans routes minimising total km, then the number of trucks. Throws
/// std::invalid_argument when the problem is malformed (shapes, negative values).
Plan plan_routes(const PlanProblem& problem);

}  // namespace milkrun
