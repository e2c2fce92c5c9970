#include "engine/stockout_causes.hpp"

namespace milkrun::engine {

StockoutCauses::StockoutCauses(const Model& model, const Inventory& inventory, const Receiving& receiving,
                               const Replenishment& replenishment, const MilkRuns& milk_runs)
    : m_(model), inventory_(inventory), receiving_(receiving), replenishment_(replenishment), milk_runs_(milk_runs) {}

Upstream StockoutCauses::decide(PairId p, SimTime t) const {
  if (inventory_.pairs()[p].arrived > 0) return Upstream::receiving_backlog;
  if (const Upstream u = at_supplier(p, t); u != Upstream::none) return u;
  if (receiving_.late_inbound(p, t)) return Upstream::supplier_late;
  return Upstream::policy;
}

Upstream StockoutCauses::at_supplier(PairId p, SimTime t) const {
  const PairModel& pm = m_.pairs[p];
  const SupplierId v = m_.skus[pm.sku].supplier;
  if (v == kNone || m_.suppliers[v].delivery != Delivery::milk_run) return Upstream::none;
  bool left_behind = false;
  for (std::uint32_t id : replenishment_.waiting(v, pm.warehouse)) {
    const PurchaseOrder& po = replenishment_.purchase_order(id);
    for (std::uint32_t i = po.first_line; i < po.first_line + po.line_count; ++i) {
      const Line& line = replenishment_.line(i);
      if (line.pair != p || line.units == 0) continue;
      if (milk_runs_.missed_since(v, pm.warehouse, po.placed, t)) return Upstream::missed_pickup;
      left_behind = left_behind || replenishment_.left_behind(i);
    }
  }
  return left_behind ? Upstream::truck_full : Upstream::none;
}

}  // namespace milkrun::engine
