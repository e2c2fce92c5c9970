#include "engine/replenishment.hpp"

#include "engine/tracer.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun::engine {

Replenishment::Replenishment(const Model& model, std::uint64_t seed, int replication, EventQueue& events,
                             Inventory& inventory, Receiving& receiving, KpiAccounting& kpi)
    : m_(model),
      seed_(seed),
      replication_(replication),
      events_(events),
      inventory_(inventory),
      receiving_(receiving),
      kpi_(kpi),
      vendor_orders_(model.suppliers.size(), 0),
      queues_(model.suppliers.size() * model.warehouse_count()) {}

void Replenishment::start() {
  for (PairId p = 0; p < m_.pairs.size(); ++p) check_reorder(p, 0);  // R19: IP <= s orders at time 0
  for (SupplierId v = 0; v < m_.suppliers.size(); ++v) {
    const SupplierModel& vm = m_.suppliers[v];
    const bool reviews = std::any_of(vm.rs_pairs.begin(), vm.rs_pairs.end(), [](const auto& ps) { return !ps.empty(); });
    if (vm.delivery == Delivery::vendor && vm.review && reviews)
      events_.schedule(next_weekly(m_, *vm.review, 0), Rank::review, EventType::vendor_review, v);
  }
}

void Replenishment::reorder_if_low(PairId p, SimTime t) {
  const PairState& pair = inventory_.pair(p);
  const PairModel& pm = m_.pairs[p];
  const Units ip = pair.inventory_position();
  if (ip > pm.reorder_point) return;  // R19; base_stock has s = S - 1 (R20)
  const Units q = pm.order_up_to - ip;
  if (q > 0) place_order(pm.warehouse, m_.skus[pm.sku].supplier, {{p, q, t}}, t);
}

void Replenishment::place_order(WarehouseId w, SupplierId v, std::vector<Line> lines, SimTime t) {
  for (Line& l : lines) {
    l.placed = t;
    inventory_.pair(l.pair).on_order += l.units;
    kpi_.balance().ordered += l.units;
    if (Tracer* tracer = kpi_.tracer())
      tracer->pair_event(l.pair, t, "purchase_order", std::to_string(l.units) + " units ordered from " + m_.suppliers[v].id);
  }
  if (m_.suppliers[v].delivery == Delivery::milk_run) {  // waits at the supplier for a truck (R23)
    for (const Line& l : lines) kpi_.balance().ordered_milk_run += l.units;
    PurchaseOrder po;
    po.placed = t;
    po.first_line = static_cast<std::uint32_t>(lines_.size());
    po.line_count = static_cast<std::uint32_t>(lines.size());
    lines_.insert(lines_.end(), lines.begin(), lines.end());
    left_behind_.resize(lines_.size());
    orders_.push_back(po);
    waiting(v, w).push_back(static_cast<std::uint32_t>(orders_.size() - 1));
    return;
  }
  // R21: one lead-time draw per purchase order, from the vendor's own stream.
  Rng rng = StreamFamily(seed_, static_cast<std::uint64_t>(replication_), Purpose::lead_time, v).at(vendor_orders_[v]++);
  const Distribution& lead_time = m_.suppliers[v].lead_time;
  const double drawn = lead_time.sample(rng);
  if (Tracer* tracer = kpi_.tracer())
    for (const Line& l : lines)
      tracer->pair_event(l.pair, t, "lead_time", "lead time drawn " + days_text(drawn) + " against a mean of " + days_text(lead_time.mean()));
  receiving_.send_drawn(w, lines, t, drawn, lead_time.mean());
}

void Replenishment::review_rs(SupplierId v, WarehouseId w, SimTime t) {
  std::vector<Line> lines;  // R20, R21: one purchase order for every RS pair below S
  for (PairId p : m_.suppliers[v].rs_pairs[w]) {
    const Units q = m_.pairs[p].order_up_to - inventory_.pair(p).inventory_position();
    if (q > 0) lines.push_back({p, q, t});
    if (Tracer* tracer = kpi_.tracer())
      tracer->pair_event(p, t, "review", "inventory position " + std::to_string(inventory_.pair(p).inventory_position()) +
                                             ", order-up-to " + std::to_string(m_.pairs[p].order_up_to) +
                                             (q > 0 ? ": orders " + std::to_string(q) : ": nothing to order"));
  }
  if (!lines.empty()) place_order(w, v, std::move(lines), t);
}

void Replenishment::on_vendor_review(SupplierId v, SimTime t) {
  for (WarehouseId w = 0; w < m_.warehouse_count(); ++w) review_rs(v, w, t);
  events_.schedule(next_weekly(m_, *m_.suppliers[v].review, t + 1), Rank::review, EventType::vendor_review, v);
}

Units Replenishment::units_waiting() const {
  Units units = 0;
  for (const auto& queue : queues_)
    for (std::uint32_t id : queue)
      for (std::uint32_t i = orders_[id].first_line; i < orders_[id].first_line + orders_[id].line_count; ++i)
        units += lines_[i].units;
  return units;
}

}  // namespace milkrun::engine
