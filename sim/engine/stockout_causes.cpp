#include "engine/stockout_causes.hpp"

#include <string>

namespace milkrun::engine {

StockoutCauses::StockoutCauses(const Model& model, const Inventory& inventory, const Receiving& receiving,
                               const Replenishment& replenishment, const MilkRuns& milk_runs)
    : m_(model), inventory_(inventory), receiving_(receiving), replenishment_(replenishment), milk_runs_(milk_runs) {}

Upstream StockoutCauses::decide(PairId p, SimTime t, TraceEvent* why) const {
  if (const Units arrived = inventory_.pairs()[p].arrived; arrived > 0) {
    if (why) why->detail = std::to_string(arrived) + " units are at " + m_.warehouses[m_.pairs[p].warehouse].id + ", waiting at receiving or dock-to-stock";
    return Upstream::receiving_backlog;
  }
  if (const Upstream u = at_supplier(p, t, why); u != Upstream::none) return u;
  if (const Shipment* late = receiving_.late_inbound(p, t)) {
    if (why) {
      why->detail = "a shipment sent {t} was expected {t} but arrives {t} (its lead time drawn above the mean)";
      why->instants = {late->sent, late->late_from, late->due};
    }
    return Upstream::supplier_late;
  }
  if (why) policy_evidence(p, *why);
  return Upstream::policy;
}

Upstream StockoutCauses::at_supplier(PairId p, SimTime t, TraceEvent* why) const {
  const SupplierId v = inventory_.pairs()[p].supplier;  // the pair's state is in cache: its spell is starting
  if (v == kNone || m_.suppliers[v].delivery != Delivery::milk_run) return Upstream::none;
  const PairModel& pm = m_.pairs[p];
  const std::string& supplier = m_.suppliers[v].id;
  const LeftBehind* left = nullptr;
  Units left_units = 0;
  for (std::uint32_t id : replenishment_.waiting(v, pm.warehouse)) {
    const PurchaseOrder& po = replenishment_.purchase_order(id);
    for (std::uint32_t i = po.first_line; i < po.first_line + po.line_count; ++i) {
      const Line& line = replenishment_.line(i);
      if (line.pair != p || line.units == 0) continue;
      if (const MissedPickup* miss = milk_runs_.missed_since(v, pm.warehouse, po.placed, t)) {
        if (why) {
          why->detail = m_.milk_runs[miss->run].id + " departing {t} loaded nothing at " + supplier + " (" +
                        miss_reason_name(miss->why) + "); " + std::to_string(line.units) + " units ordered {t} still wait there";
          why->instants = {miss->depart, po.placed};
        }
        return Upstream::missed_pickup;
      }
      if (replenishment_.left_behind(i).depart >= 0 && !left) {
        left = &replenishment_.left_behind(i);
        left_units = line.units;
      }
    }
  }
  if (!left) return Upstream::none;
  if (why) {
    why->detail = m_.milk_runs[left->run].id + " departing {t} had no room for " + std::to_string(left_units) + " units at " + supplier;
    why->instants = {left->depart};
  }
  return Upstream::truck_full;
}

void StockoutCauses::policy_evidence(PairId p, TraceEvent& why) const {
  const PairState& s = inventory_.pairs()[p];
  const PairModel& pm = m_.pairs[p];
  why.detail = "nothing upstream was late: " + std::to_string(s.on_order) + " units on order";
  if (pm.has_policy) why.detail += ", order-up-to level " + std::to_string(pm.order_up_to);
  else if (pm.cover > 0) why.detail += ", seller cover " + std::to_string(pm.cover);
}

}  // namespace milkrun::engine
