#include "engine/receiving.hpp"

#include "engine/tracer.hpp"
#include "model/in_parts.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun::engine {

Receiving::Receiving(const Model& model, EventQueue& events, Inventory& inventory, PickPack& pick_pack,
                     KpiAccounting& kpi)
    : m_(model),
      events_(events),
      inventory_(inventory),
      pick_pack_(pick_pack),
      kpi_(kpi),
      receiving_free_(model.warehouse_count(), 0) {
  resize_in_parts(late_, model.pairs.size());
}

std::uint32_t Receiving::send(WarehouseId w, const std::vector<Line>& lines, SimTime t, SimTime arrives,
                              SellerId seller) {
  Shipment sh;
  sh.warehouse = w;
  sh.sent = t;
  sh.due = arrives;
  sh.seller = seller;
  sh.first_line = lines_.size();
  sh.line_count = static_cast<std::uint32_t>(lines.size());
  for (const Line& l : lines) {
    lines_.push_back(l);
    sh.units += l.units;
  }
  shipments_.push_back(sh);
  const auto id = static_cast<std::uint32_t>(shipments_.size() - 1);
  events_.schedule(arrives, Rank::stock, EventType::shipment_arrives, id);
  if (Tracer* tracer = kpi_.tracer()) {
    const std::string from = seller != kNone ? " by seller " + m_.sellers[seller].id : "";
    for (const Line& l : lines)
      tracer->pair_event(l.pair, t, "shipment", std::to_string(l.units) + " units on the road" + from + ", arriving {t}", {arrives});
  }
  return id;
}

std::uint32_t Receiving::send_drawn(WarehouseId w, const std::vector<Line>& lines, SimTime t, double drawn, double mean,
                                   SellerId seller) {
  const std::uint32_t id = send(w, lines, t, t + std::llround(drawn), seller);  // R4, R13: whatever the hour
  if (drawn > mean) {
    shipments_[id].late_from = t + static_cast<SimTime>(std::ceil(mean));  // expected at or before a spell at t + mean
    for (const Line& l : lines) late_[l.pair].push_back(id);
  }
  return id;
}

const Shipment* Receiving::late_inbound(PairId p, SimTime t) const {
  for (std::uint32_t id : late_[p])
    if (shipments_[id].late_from <= t) return &shipments_[id];
  return nullptr;
}

void Receiving::on_shipment_arrives(std::uint32_t id, SimTime t) {
  Shipment& sh = shipments_[id];
  sh.arrived = t;
  for (std::uint64_t i = sh.first_line; i < sh.first_line + sh.line_count; ++i) {
    const PairId p = lines_[i].pair;
    inventory_.pair(p).arrived += lines_[i].units;
    if (sh.late_from != kNever) std::erase(late_[p], id);
  }
  const WarehouseModel& wm = m_.warehouses[sh.warehouse];
  if (!wm.has_receiving) {  // R13: no receiving block = stock at once
    on_stock_free(id, t);
    return;
  }
  // R13: one FIFO server working units_per_hour inside the receiving shifts.
  const Seconds work = wm.receiving_units_per_hour
                           ? std::llround(static_cast<double>(sh.units) * 3600.0 / *wm.receiving_units_per_hour)
                           : 0;
  kpi_.receiving_change(t, sh.warehouse, sh.units);
  SimTime& free = receiving_free_[sh.warehouse];
  const SimTime start = wm.receiving_hours.next_open(std::max(t, free));
  free = wm.receiving_hours.advance(start, work);
  events_.schedule(free + wm.dock_to_stock, Rank::stock, EventType::stock_free, id);
  if (Tracer* tracer = kpi_.tracer())
    for (std::uint64_t i = sh.first_line; i < sh.first_line + sh.line_count; ++i)
      tracer->pair_event(lines_[i].pair, t, "arrival", std::to_string(lines_[i].units) + " units arrive at receiving; received from {t}, in stock {t}",
                         {start, free + wm.dock_to_stock});
}

void Receiving::on_stock_free(std::uint32_t id, SimTime t) {
  const Shipment& sh = shipments_[id];
  if (m_.warehouses[sh.warehouse].has_receiving) kpi_.receiving_change(t, sh.warehouse, -sh.units);
  if (sh.seller != kNone && in_window(m_, sh.sent)) {  // R24: seller shipments sent in the window
    SellerCounters& c = kpi_.seller(sh.seller);
    c.units_received += sh.units;
    c.wait_seconds += t - sh.arrived;
    c.waits += 1;
  }
  for (std::uint64_t i = sh.first_line; i < sh.first_line + sh.line_count; ++i) {
    const Line& l = lines_[i];
    PairState& pair = inventory_.pair(l.pair);
    pair.arrived -= l.units;
    const SupplierId v = pair.supplier;
    if (v != kNone && in_window(m_, l.placed)) kpi_.supplier(v).units_received += l.units;  // §7
    put_away(sh.warehouse, l.pair, l.units, t);
  }
  shipments_[id].in_stock = true;
  while (oldest_open_ < shipments_.size() && shipments_[oldest_open_].in_stock) ++oldest_open_;
  lines_.release_before(oldest_open_ < shipments_.size() ? shipments_[oldest_open_].first_line : lines_.size());
}

void Receiving::put_away(WarehouseId w, PairId p, Units units, SimTime t) {
  PairState& pair = inventory_.pair(p);
  pair.on_order -= units;
  kpi_.balance().received += units;
  if (t < m_.horizon) kpi_.daily(day_of(t), w).inbound += units;
  Tracer* tracer = kpi_.tracer();
  const Units left = inventory_.fill_backorders(p, units, t, [&](std::uint32_t slot) {
    if (tracer && tracer->follows_order(inventory_.job(slot).order)) tracer->backorder_filled(inventory_.job(slot), t);
    pick_pack_.join(slot, t);
  });
  if (tracer)
    tracer->pair_event(p, t, "receipt", std::to_string(units) + " units in stock: " + std::to_string(units - left) +
                                            " to backorders, free " + std::to_string(pair.free) + " -> " + std::to_string(pair.free + left));
  if (left > 0) inventory_.set_free(p, pair.free + left, t);
}

}  // namespace milkrun::engine
