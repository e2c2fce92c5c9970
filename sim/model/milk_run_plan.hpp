// Milk-run loops of the model: listed stops as written, `stops: "auto"` from the route
// planner over each supplier's expected load per run (SPEC §2).
#pragma once
#include <milkrun/model/model.hpp>
#include <milkrun/model/travel.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace milkrun {

/// Each SKU's orders per day after `demand.orders_per_day` scaling (SPEC §2), in `sc.skus` order.
std::vector<double> sku_rates(const Scenario& sc);

/// What a supplier is expected to hand a run from warehouse `w`: its `pickup_load`, or its
/// SKUs' mean demand at `w` over the days between runs.
Load expected_load(const Scenario& sc, const Model& m, SupplierId s, WarehouseId w, double runs_per_week);

/// What the planner plans a supplier to hand a run: its expected load × (1 + plan_headroom) (R39).
Load planned_load(const MilkRunSpec& spec, const Load& expected);

/// The loops of every milk run of `sc` (needs `m`'s SKUs and pairs already built).
std::vector<MilkRunModel> build_milk_runs(const Scenario& sc, const Model& m, const TravelMatrix& travel,
                                          const std::unordered_map<std::string, SupplierId>& suppliers,
                                          const std::unordered_map<std::string, WarehouseId>& warehouses);

}  // namespace milkrun
