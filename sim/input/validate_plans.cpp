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

/// Swaps the SKUs and demand rate of a scenario for planning ones, and back when it ends.
class PlanningView {
 public:
  PlanningView(Scenario& s, std::vector<SkuSpec> skus) : s_(s), skus_(std::move(skus)), rate_(std::nullopt) {
    std::swap(s_.skus, skus_);
    std::swap(s_.demand.orders_per_day, rate_);
  }
  ~PlanningView() {
    std::swap(s_.skus, skus_);
    std::swap(s_.demand.orders_per_day, rate_);
  }
  PlanningView(const PlanningView&) = delete;
  PlanningView& operator=(const PlanningView&) = delete;

 private:
  Scenario& s_;
  std::vector<SkuSpec> skus_;
  std::optional<double> rate_;
};

}  // namespace

void check_plans(Scenario& s, Problems& out, Problems& warnings) {
  if (s.milk_runs.empty()) return;
  // The model of a million SKUs takes seconds to build, the plans need a few thousand of
  // them; the run's own build finds the same plans remembered (routes/plan_memo).
  const PlanningView view(s, planned_skus(s, planned_suppliers(s)));
  try {
    const Model model = build_model(s);
    for (const Problem& w : plan_warnings(s, model)) warnings.add(w.where, w.message);
  } catch (const InputError& e) {
    for (const Problem& p : e.problems()) out.add(p.where, p.message);
  }
}

}  // namespace milkrun
