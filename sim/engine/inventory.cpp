// Stock of each (SKU, warehouse) pair: free levels and their window integrals (R25-R27),
// inventory position and the RS / sS / base_stock policies (R18-R21), vendor purchase
// orders, the receiving queue (R13) and backorder filling (R34).
#include "engine/replication.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun {

std::int64_t Replication::window_overlap(SimTime a, SimTime b) const {
  return std::max<SimTime>(0, std::min(b, m_.horizon) - std::max(a, m_.warmup));
}

void Replication::schedule(SimTime t, Rank kind, EventType type, std::uint32_t id) {
  events_.push({t, kind, type, id, event_seq_++});
}

void Replication::initialise_stock() {
  for (PairId p = 0; p < m_.pairs.size(); ++p) {
    pairs_[p].free = m_.pairs[p].initial;
    warehouses_[m_.pairs[p].warehouse].free_total += m_.pairs[p].initial;
    result_.balance.initial += m_.pairs[p].initial;
  }
  for (PairId p = 0; p < m_.pairs.size(); ++p) check_reorder(p, 0);  // R19: IP <= s orders at time 0
  for (SupplierId v = 0; v < m_.suppliers.size(); ++v) {
    const SupplierModel& vm = m_.suppliers[v];
    const bool reviews = std::any_of(vm.rs_pairs.begin(), vm.rs_pairs.end(), [](const auto& ps) { return !ps.empty(); });
    if (vm.delivery == Delivery::vendor && vm.review && reviews)
      schedule(next_weekly(*vm.review, 0), Rank::review, EventType::vendor_review, v);
  }
}

void Replication::set_free(PairId p, Units free, SimTime t) {
  PairState& s = pairs_[p];
  const std::int64_t span = window_overlap(s.last_change, t);
  if (s.free == 0) s.zero_seconds += span;  // R26
  s.free_unit_seconds += s.free * span;     // R27
  s.last_change = std::max(s.last_change, t);
  if (s.free > 0 && free == 0 && t < m_.horizon) {  // R25
    if (t >= m_.warmup) s.events += 1;
    result_.daily[static_cast<std::size_t>(day_of(t))][m_.pairs[p].warehouse].stockouts += 1;
  }
  warehouses_[m_.pairs[p].warehouse].free_total += free - s.free;
  s.free = free;
}

void Replication::hold(Job& job, Units units, SimTime t) {
  if (t < m_.horizon) {
    job.held_in_window += units;
    job.held_weighted += units * std::max(t, m_.warmup);
  }
  const std::size_t W = m_.warehouse_count();
  const auto midnight = static_cast<std::size_t>(std::min<DayIndex>(day_of(t) + 1, m_.horizon_days + 1));
  reserved_diff_[midnight * W + job.warehouse] += units;
}

void Replication::check_reorder(PairId p, SimTime t) {
  const PairModel& pm = m_.pairs[p];
  if (!pm.has_policy || pm.policy == PolicyType::RS) return;
  const Units ip = pairs_[p].inventory_position();
  if (ip > pm.reorder_point) return;  // R19; base_stock has s = S - 1 (R20)
  const Units q = pm.order_up_to - ip;
  if (q > 0) place_order(pm.warehouse, m_.skus[pm.sku].supplier, {{p, q}}, t);
}

std::uint32_t Replication::new_shipment(WarehouseId w, const std::vector<Line>& lines, SimTime t) {
  Shipment sh;
  sh.warehouse = w;
  sh.sent = t;
  sh.first_line = static_cast<std::uint32_t>(lines_.size());
  sh.line_count = static_cast<std::uint32_t>(lines.size());
  for (const Line& l : lines) {
    lines_.push_back(l);
    sh.units += l.units;
  }
  shipments_.push_back(sh);
  return static_cast<std::uint32_t>(shipments_.size() - 1);
}

void Replication::place_order(WarehouseId w, SupplierId v, const std::vector<Line>& lines, SimTime t) {
  for (const Line& l : lines) {
    pairs_[l.pair].on_order += l.units;
    result_.balance.ordered += l.units;
  }
  if (m_.suppliers[v].delivery == Delivery::milk_run) {  // waits at the supplier for a truck (R23)
    for (const Line& l : lines) result_.balance.ordered_milk_run += l.units;
    PurchaseOrder po;
    po.placed = t;
    po.first_line = static_cast<std::uint32_t>(lines_.size());
    po.line_count = static_cast<std::uint32_t>(lines.size());
    lines_.insert(lines_.end(), lines.begin(), lines.end());
    waiting_orders_.push_back(po);
    order_queue_[v * m_.warehouse_count() + w].push_back(static_cast<std::uint32_t>(waiting_orders_.size() - 1));
    return;
  }
  // R21: one lead-time draw per purchase order, from the vendor's own stream.
  const std::uint32_t id = new_shipment(w, lines, t);
  Rng rng = StreamFamily(seed_, static_cast<std::uint64_t>(replication_), Purpose::lead_time, v).at(purchase_orders_[v]++);
  const SimTime arrives = t + std::llround(m_.suppliers[v].lead_time.sample(rng));  // R4, R13: whatever the hour
  schedule(arrives, Rank::stock, EventType::shipment_arrives, id);
}

void Replication::review_rs(SupplierId v, WarehouseId w, SimTime t) {
  std::vector<Line> lines;  // R20, R21: one purchase order for every RS pair below S
  for (PairId p : m_.suppliers[v].rs_pairs[w]) {
    const Units q = m_.pairs[p].order_up_to - pairs_[p].inventory_position();
    if (q > 0) lines.push_back({p, q});
  }
  if (!lines.empty()) place_order(w, v, lines, t);
}

void Replication::on_vendor_review(SupplierId v, SimTime t) {
  for (WarehouseId w = 0; w < m_.warehouse_count(); ++w) review_rs(v, w, t);
  schedule(next_weekly(*m_.suppliers[v].review, t + 1), Rank::review, EventType::vendor_review, v);
}

SimTime Replication::next_weekly(const WeeklyTime& when, SimTime t) const {
  for (DayIndex d = day_of(t);; ++d) {
    const SimTime at = static_cast<SimTime>(d) * kSecondsPerDay + when.time;
    if (at >= t && when.days.has(weekday_of(m_.start + d))) return at;
  }
}

void Replication::on_shipment_arrives(std::uint32_t id, SimTime t) {
  Shipment& sh = shipments_[id];
  sh.arrived = t;
  const WarehouseModel& wm = m_.warehouses[sh.warehouse];
  if (!wm.has_receiving) {  // R13: no receiving block = stock at once
    on_stock_free(id, t);
    return;
  }
  // R13: one FIFO server working units_per_hour inside the receiving shifts.
  WarehouseState& ws = warehouses_[sh.warehouse];
  const Seconds work = wm.receiving_units_per_hour
                           ? std::llround(static_cast<double>(sh.units) * 3600.0 / *wm.receiving_units_per_hour)
                           : 0;
  const SimTime start = wm.receiving_hours.next_open(std::max(t, ws.receiving_free));
  const SimTime end = wm.receiving_hours.advance(start, work);
  ws.receiving_free = end;
  schedule(end + wm.dock_to_stock, Rank::stock, EventType::stock_free, id);
}

void Replication::on_stock_free(std::uint32_t id, SimTime t) {
  const Shipment& sh = shipments_[id];
  if (sh.seller != kNone && in_window(sh.sent)) {  // R24: seller shipments sent in the window
    SellerCounters& c = seller_counters_[sh.seller];
    c.units_received += sh.units;
    c.wait_seconds += t - sh.arrived;
    c.waits += 1;
  }
  for (std::uint32_t i = sh.first_line; i < sh.first_line + sh.line_count; ++i) {
    const PairId p = lines_[i].pair;
    Units q = lines_[i].units;
    PairState& pair = pairs_[p];
    pair.on_order -= q;
    result_.balance.received += q;
    if (t < m_.horizon) result_.daily[static_cast<std::size_t>(day_of(t))][sh.warehouse].inbound += q;
    while (q > 0 && pair.backorder_head != kNoSlot) {  // R34: backorders first, oldest first
      const std::uint32_t slot = pair.backorder_head;
      Job& job = jobs_[slot];
      const Units take = std::min(q, job.missing);
      job.missing -= take;
      pair.missing -= take;
      q -= take;
      hold(job, take, t);
      if (job.missing > 0) break;
      pair.backorder_head = job.next;
      if (pair.backorder_head == kNoSlot) pair.backorder_tail = kNoSlot;
      if (job.measured) --measured_waiting_;
      join_pick_queue(slot, t);
    }
    if (q > 0) set_free(p, pair.free + q, t);
  }
}

}  // namespace milkrun
