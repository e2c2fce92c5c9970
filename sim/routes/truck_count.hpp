// Exact truck counts (R38): opening routes until a solution has as many as the count asks,
// and placing the stops the capacities leave over when they cannot all fit.
#pragma once
#include "routes/route_model.hpp"

namespace milkrun::routing {

/// Until `solution` has `routes` routes (or no route has two stops), moves the stop whose
/// own loop adds the fewest km to a new route, keeping every route on time.
void split_to(const Instance& in, Solution& solution, int routes);

/// Puts each unassigned stop, largest load first, where it is reached on time if any route
/// allows it, then where the route's load is the smallest share of a truck afterwards, then
/// where it adds the fewest km. Routes may end over capacity: the caller reports them.
void force_in(const Instance& in, Solution& solution);

}  // namespace milkrun::routing
