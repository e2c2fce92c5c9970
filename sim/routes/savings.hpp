// Clarke-Wright savings construction of the route planner's first solution.
#pragma once
#include "routes/route_model.hpp"

namespace milkrun::routing {

/// Routes for `stops` built by the parallel savings algorithm (Clarke & Wright 1964,
/// "Scheduling of vehicles from a central depot to a number of delivery points", Oper. Res.
/// 12(4)): start with one loop per stop, then join the loop ending at i to the loop starting
/// at j in decreasing order of km(i,0) + km(0,j) - km(i,j), when loads and dock hours allow.
/// Joining end to start (never reversing a loop) keeps the savings exact on asymmetric km.
Solution savings_routes(const Instance& in, const std::vector<int>& stops);

}  // namespace milkrun::routing
