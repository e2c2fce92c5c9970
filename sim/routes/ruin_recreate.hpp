// Ruin and recreate with simulated annealing: the route planner's improvement loop.
#pragma once
#include "routes/route_model.hpp"

#include "random/rng.hpp"

namespace milkrun::routing {

/// Budget and limits of one search.
struct SearchSettings {
  int iterations = 0;
  int max_routes = 0;     ///< 0 = open routes as needed
  double penalty = 0;     ///< km charged per unassigned stop
  int granularity = 0;    ///< neighbours the local search looks at
  std::uint64_t seed = 1;
  int min_routes = 0;     ///< routes kept open (an exact truck count, R38); 0 = none
};

/// Inserts `pending` stops one by one at their cheapest feasible place, skipping each
/// candidate place with a small probability ("blinks"); opens a route when none fits and
/// the cap allows, else leaves the stop unassigned; while there are fewer than `min_routes`
/// routes, each stop opens one. The order of insertion is drawn among
/// random, largest load first, farthest from the depot first and nearest first
/// (Christiaens & Vanden Berghe 2020, "Slack induction by string removals for vehicle
/// routing problems", Transportation Science 54(2)).
void recreate(const Instance& in, Solution& solution, std::vector<int> pending, int max_routes, Rng& rng,
              int min_routes = 0);

/// Improves `start` for `settings.iterations` rounds: remove strings of consecutive stops
/// from routes near a random stop (SISR ruin, same paper), recreate, and accept
/// by simulated annealing with a geometric cooling schedule; each new best solution is
/// polished by local search. Returns the best solution seen.
Solution ruin_and_recreate(const Instance& in, Solution start, const SearchSettings& settings);

}  // namespace milkrun::routing
