// Plans remembered by their problem: `validate` plans every `stops: "auto"` run to check it
// (R39) and the model build plans the same runs again; the second time is a lookup.
#pragma once
#include <milkrun/routes/planner.hpp>

namespace milkrun {

/// plan_routes(problem), from memory when the same problem (compared in full, bit for bit)
/// was planned recently in this process. plan_routes depends only on its problem, so the
/// answer is the same either way. Safe to call from several threads.
Plan remembered_plan(const PlanProblem& problem);

}  // namespace milkrun
