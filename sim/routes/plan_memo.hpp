// Plans remembered by their problem: `validate` plans every `stops: "auto"` run to check it
// (R39) and the model build plans the same runs again; the second time is a lookup.
#pragma once
#include <milkrun/routes/planner.hpp>

#include <optional>
#include <span>
#include <vector>

namespace milkrun {

/// plan_routes(problem), from memory when the same problem (compared in full, bit for bit)
/// was planned recently in this process, or when another thread is planning it (then this one
/// waits for that plan). plan_routes depends only on its problem, so the answer is the same
/// either way; a problem it throws on throws the same again. Safe to call from several threads.
Plan remembered_plan(const PlanProblem& problem);

/// remembered_plan of each problem (none where it is null), several at a time on the
/// machine's cores: the plans of a network's runs are independent of each other, and each
/// is the same whichever thread makes it. A problem whose planning throws gets no plan
/// here; planning it again on the caller's thread throws where the caller expects it.
std::vector<std::optional<Plan>> remembered_plans(std::span<const PlanProblem* const> problems);

}  // namespace milkrun
