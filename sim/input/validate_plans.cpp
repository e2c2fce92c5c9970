// R39: `validate` runs the route planner, so a plan that cannot work is found before a run.
#include "input/validate.hpp"

#include <milkrun/model/model.hpp>
#include <milkrun/model/routes.hpp>

namespace milkrun {

void check_plans(const Scenario& s, Problems& out, Problems& warnings) {
  if (s.milk_runs.empty()) return;
  try {
    const Model model = build_model(s);
    for (const Problem& w : plan_warnings(s, model)) warnings.add(w.where, w.message);
  } catch (const InputError& e) {
    for (const Problem& p : e.problems()) out.add(p.where, p.message);
  }
}

}  // namespace milkrun
