// Local search of the route planner: classic improving moves between and within routes.
#pragma once
#include "routes/route_model.hpp"

namespace milkrun::routing {

/// Improves `solution` until no move below lowers its km (first improvement, stops in a
/// fixed order). Moves (each keeps loads and dock hours feasible):
/// - Or-opt: move a string of 1-3 stops next to a nearby stop, in any route (Or 1976);
/// - swap two nearby stops (exchange, Osman 1993);
/// - 2-opt within a route: reverse a segment (Croes 1958; reversed km counted arc by arc,
///   so asymmetric km stay exact);
/// - 2-opt* between routes: exchange their tails (Potvin & Rousseau 1995).
/// Moves are granular: they only join a stop to one of its `granularity` nearest stops
/// (Toth & Vigo 2003, "The granular tabu search and its application to the VRP").
/// Unassigned stops stay unassigned; a move that would empty a route is refused while the
/// solution has no more than `min_routes` routes (an exact truck count, R38).
void local_search(const Instance& in, Solution& solution, int granularity, int min_routes = 0);

}  // namespace milkrun::routing
