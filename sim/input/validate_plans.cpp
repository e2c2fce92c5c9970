// R39: `validate` runs the route planner, so a plan that cannot work is found before a run.
#include "input/parse.hpp"

#include <milkrun/model/model.hpp>
#include <milkrun/model/routes.hpp>

#include "model/milk_run_plan.hpp"

#include <unordered_set>
#include <utility>

namespace milkrun {
namespace {

/// The suppliers whose SKUs a plan or its warnings weigh: those delivering by milk run and
/// any a run names (a vendor in `serves` or `stops` is planned for all the same).
std::unordered_set<std::string> planned_suppliers(const Scenario& s) {
  std::unordered_set<std::string> ids;
  for (const SupplierSpec& sup : s.suppliers)
    if (sup.delivery == Delivery::milk_run) ids.insert(sup.id);
  for (const MilkRunSpec& run : s.milk_runs) {
    ids.insert(run.serves.begin(), run.serves.end());
    for (const auto& loop : run.loops) ids.insert(loop.begin(), loop.end());
  }
  return ids;
}

/// The SKUs of `suppliers` in file order, each with its final rate as its own
/// `orders_per_day`: with `demand.orders_per_day` unset, the model gives them exactly the
/// rates (and so the expected loads) the whole catalog gives them.
std::vector<SkuSpec> planned_skus(const Scenario& s, const std::unordered_set<std::string>& suppliers) {
  const std::vector<double> rates = sku_rates(s);
  std::vector<SkuSpec> kept;
  for (std::size_t k = 0; k < s.skus.size(); ++k) {
    if (s.skus[k].supplier.empty() || !suppliers.contains(s.skus[k].supplier)) continue;
    kept.push_back(s.skus[k]);
    kept.back().orders_per_day = rates[k];
  }
  return kept;
}

}  // namespace

Scenario planning_scenario(Scenario& s) {
  // Every field but the SKUs is copied: a million SKUs would take longer to copy than to plan.
  std::vector<SkuSpec> skus = std::move(s.skus);
  struct Restore {
    Scenario& s;
    std::vector<SkuSpec>& skus;
    ~Restore() { s.skus = std::move(skus); }
  };
  Scenario planning;
  {
    const Restore restore{s, skus};
    planning = s;
  }
  planning.skus = planned_skus(s, planned_suppliers(s));
  planning.demand.orders_per_day.reset();
  return planning;
}

PlanFindings check_planning(const Scenario& planning) {
  PlanFindings found;
  try {
    const Model model = build_model(planning);
    for (const Problem& w : plan_warnings(planning, model)) found.warnings.add(w.where, w.message);
  } catch (const InputError& e) {
    for (const Problem& p : e.problems()) found.out.add(p.where, p.message);
  }
  return found;
}

void check_plans(Scenario& s, Problems& out, Problems& warnings) {
  if (s.milk_runs.empty()) return;
  // The model of a million SKUs takes seconds to build, the plans need a few thousand of
  // them; the run's own build finds the same plans remembered (routes/plan_memo).
  PlanFindings found = check_planning(planning_scenario(s));
  out.add(std::move(found.out));
  warnings.add(std::move(found.warnings));
}

}  // namespace milkrun
