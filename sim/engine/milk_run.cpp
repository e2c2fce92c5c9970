#include "engine/milk_run.hpp"

#include "engine/tracer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace milkrun::engine {

MilkRuns::MilkRuns(const Model& model, std::uint64_t seed, int replication, EventQueue& events,
                   Replenishment& replenishment, Receiving& receiving, KpiAccounting& kpi)
    : m_(model),
      seed_(seed),
      replication_(replication),
      events_(events),
      replenishment_(replenishment),
      receiving_(receiving),
      kpi_(kpi),
      misses_(model.suppliers.size() * model.warehouse_count()) {}

void MilkRuns::start() {
  for (RunId r = 0; r < m_.milk_runs.size(); ++r) {
    const MilkRunModel& run = m_.milk_runs[r];
    events_.schedule(next_weekly(m_, run.schedule, 0), Rank::departure, EventType::run_departs, r);
    // The first departure whose review (po_lead before it) is not before the start.
    const SimTime first = next_weekly(m_, run.schedule, run.po_lead);
    events_.schedule(first - run.po_lead, Rank::review, EventType::run_review, r);
  }
}

void MilkRuns::on_review(RunId r, SimTime t) {
  const MilkRunModel& run = m_.milk_runs[r];
  const WarehouseId w = run.warehouse;
  std::vector<SupplierId> seen;
  for (const RunLoop& loop : run.loops) {
    for (SupplierId s : loop.stops) {  // R20: one purchase order per (supplier, warehouse, review)
      if (m_.suppliers[s].delivery != Delivery::milk_run || std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
      seen.push_back(s);
      replenishment_.review_rs(s, w, t);
    }
  }
  const SimTime next = next_weekly(m_, run.schedule, t + run.po_lead + 1);
  events_.schedule(next - run.po_lead, Rank::review, EventType::run_review, r);
}

void MilkRuns::on_departs(RunId r, SimTime t) {
  const MilkRunModel& run = m_.milk_runs[r];
  for (std::size_t i = 0; i < run.loops.size(); ++i) drive_loop(r, i, t);
  events_.schedule(next_weekly(m_, run.schedule, t + 1), Rank::departure, EventType::run_departs, r);
}

std::optional<SimTime> MilkRuns::dock_open_at(SupplierId s, SimTime t) const {
  const auto& dock = m_.suppliers[s].dock;
  if (!dock) return t;  // no dock hours: always open
  // The window that started the day before may still be open (a shift past midnight).
  for (DayIndex d = day_of(t) - 1; d <= day_of(t); ++d) {
    if (!dock->days.has(weekday_of(m_.start + d))) continue;
    const SimTime open = static_cast<SimTime>(d) * kSecondsPerDay + dock->from;
    const SimTime close = static_cast<SimTime>(d) * kSecondsPerDay + (dock->to > dock->from ? dock->to : dock->to + kSecondsPerDay);
    if (t < close && (d == day_of(t) || t >= open)) return std::max(t, open);  // wait for the dock to open that day
  }
  return std::nullopt;  // closed for the day, or not a dock day: skipped
}

bool MilkRuns::order_waiting(SupplierId s, WarehouseId w, SimTime depart, Seconds po_lead) const {
  for (std::uint32_t id : replenishment_.waiting(s, w)) {
    const PurchaseOrder& po = replenishment_.purchase_order(id);
    if (po.placed + po_lead > depart) return false;  // ordered too late for this run
    for (std::uint32_t i = po.first_line; i < po.first_line + po.line_count; ++i)
      if (replenishment_.line(i).units > 0) return true;
  }
  return false;
}

Load MilkRuns::load_purchase_orders(RunId r, SupplierId s, SimTime depart, const Load& room, std::vector<Line>& pickups) {
  const MilkRunModel& run = m_.milk_runs[r];
  auto& queue = replenishment_.waiting(s, run.warehouse);
  Load used;
  for (std::uint32_t id : queue) {  // oldest first, lines in file order (R23)
    const PurchaseOrder& po = replenishment_.purchase_order(id);
    if (po.placed + run.po_lead > depart) break;  // ordered too late for this run
    for (std::uint32_t i = po.first_line; i < po.first_line + po.line_count; ++i) {
      Line& line = replenishment_.line(i);
      if (line.units == 0) continue;
      const SkuModel& sku = m_.skus[m_.pairs[line.pair].sku];
      Units fit = line.units;  // whole units within what is left of liters and kg
      const Load& unit = sku.unit;
      if (unit.liters > 0) fit = std::min<Units>(fit, static_cast<Units>(std::floor((room.liters - used.liters) / unit.liters + 1e-9)));
      if (unit.kg > 0) fit = std::min<Units>(fit, static_cast<Units>(std::floor((room.kg - used.kg) / unit.kg + 1e-9)));
      if (fit > 0) {
        line.units -= fit;
        kpi_.balance().picked_up += fit;
        used += unit * static_cast<double>(fit);
        pickups.push_back({line.pair, fit, line.placed});
        if (Tracer* tracer = kpi_.tracer())
          tracer->pair_event(line.pair, depart, "pickup", run.id + " departing {t} loads " + std::to_string(fit) + " at " + m_.suppliers[s].id, {depart});
      }
      if (line.units > 0) leave_behind(s, i, depart, r);  // no room for the rest
    }
  }
  drop_loaded(queue);
  return used;
}

void MilkRuns::leave_behind(SupplierId s, std::uint32_t line, SimTime depart, RunId r) {
  replenishment_.leave_behind(line, depart, r);
  const Line& l = replenishment_.line(line);
  if (in_window(m_, depart)) kpi_.supplier(s).left_behind += l.units;
  if (Tracer* tracer = kpi_.tracer())
    tracer->pair_event(l.pair, depart, "truck_full", m_.milk_runs[r].id + " departing {t} has no room for " + units_text(l.units) +
                                                       " at " + m_.suppliers[s].id, {depart});
}

void MilkRuns::drop_loaded(std::deque<std::uint32_t>& queue) const {
  while (!queue.empty()) {  // drop orders that are fully loaded from the front
    const PurchaseOrder& po = replenishment_.purchase_order(queue.front());
    bool empty = true;
    for (std::uint32_t i = po.first_line; i < po.first_line + po.line_count && empty; ++i) empty = replenishment_.line(i).units == 0;
    if (!empty) break;
    queue.pop_front();
  }
}

void MilkRuns::drive_loop(RunId r, std::size_t index, SimTime depart) {
  const MilkRunModel& run = m_.milk_runs[r];
  const RunLoop& loop = run.loops[index];
  const WarehouseId w = run.warehouse;
  const Load capacity = run.truck.capacity * loop.trucks;
  Load carried;
  std::int64_t missed = 0;
  std::vector<Line> pickups;
  SimTime t = depart;
  for (std::size_t i = 0; i < loop.stops.size(); ++i) {
    const SupplierId s = loop.stops[i];
    t += loop.leg_seconds[i];
    // One readiness draw per stop visit (R23), keyed by supplier, day and run, so a variant
    // that reorders the loops or moves a run within its day draws the same readiness.
    Rng rng = StreamFamily(seed_, static_cast<std::uint64_t>(replication_), Purpose::ready, s)
                  .at((static_cast<std::uint64_t>(day_of(t) + 1) << 20) ^ r);
    const SupplierModel& sm = m_.suppliers[s];
    const bool ready = !sm.ready || sm.ready->sample(rng) >= 0.5;
    if (sm.delivery != Delivery::milk_run) continue;  // a vendor on the loop hands nothing over
    const std::optional<SimTime> open = dock_open_at(s, t);
    if (!open || !ready) {  // skipped (dock closed) or not ready: a miss when an order was waiting
      if (order_waiting(s, w, depart, run.po_lead)) {
        ++missed;
        miss(r, s, depart, open ? MissReason::not_ready : MissReason::dock_closed);
      }
      if (open) t = *open;
      continue;
    }
    t = *open;
    carried += load_purchase_orders(r, s, depart, capacity - carried, pickups);
    t += run.load_time;
  }
  t += loop.leg_seconds.back();
  if (!pickups.empty()) receiving_.send(w, pickups, depart, t);
  if (in_window(m_, depart)) count_trips(r, index, depart, carried, missed);
}

void MilkRuns::miss(RunId r, SupplierId s, SimTime depart, MissReason why) {
  const MilkRunModel& run = m_.milk_runs[r];
  misses_[s * m_.warehouse_count() + run.warehouse].push_back({depart, r, run.po_lead, why});
  if (in_window(m_, depart)) kpi_.supplier(s).missed[static_cast<std::size_t>(why)] += 1;
  Tracer* tracer = kpi_.tracer();
  if (!tracer) return;
  for (std::uint32_t id : replenishment_.waiting(s, run.warehouse)) {  // the pairs with units waiting there
    const PurchaseOrder& po = replenishment_.purchase_order(id);
    for (std::uint32_t i = po.first_line; i < po.first_line + po.line_count; ++i)
      if (replenishment_.line(i).units > 0)
        tracer->pair_event(replenishment_.line(i).pair, depart, "missed_pickup",
                           run.id + " departing {t} loads nothing at " + m_.suppliers[s].id + " (" + miss_reason_name(why) + ")", {depart});
  }
}

const MissedPickup* MilkRuns::missed_since(SupplierId s, WarehouseId w, SimTime placed, SimTime before) const {
  const auto& misses = misses_[s * m_.warehouse_count() + w];
  for (auto it = misses.rbegin(); it != misses.rend() && it->depart >= placed; ++it)  // newest first
    if (it->depart < before && it->depart >= placed + it->po_lead) return &*it;
  return nullptr;
}

void MilkRuns::count_trips(RunId r, std::size_t index, SimTime depart, const Load& carried, std::int64_t missed) {
  const MilkRunModel& run = m_.milk_runs[r];
  const RunLoop& loop = run.loops[index];
  TripCounters& c = kpi_.trips(run.warehouse);
  const double utilization = carried.utilization(run.truck.capacity * loop.trucks);
  c.trips += loop.trucks;
  c.km += loop.km * loop.trucks;
  c.utilization_sum += utilization * loop.trucks;  // pooled trucks share the load equally
  c.missed_pickups += missed;
  c.cost += loop.trucks * (run.truck.cost_per_trip + loop.km * run.truck.cost_per_km);
  int first_truck = 1;  // trucks count on from loop to loop, as `milkrun routes` numbers them
  for (std::size_t i = 0; i < index; ++i) first_truck += run.loops[i].trucks;
  for (int truck = 0; truck < loop.trucks; ++truck) {
    TripRecord trip;
    trip.depart = depart;
    trip.run = r;
    trip.loop = static_cast<std::uint32_t>(index);
    trip.truck = first_truck + truck;
    trip.km = loop.km;
    trip.load = carried / loop.trucks;
    trip.utilization = utilization;
    trip.missed_pickups = truck == 0 ? missed : 0;  // the loop's misses on its first truck's row
    kpi_.add_trip(trip);
  }
}

}  // namespace milkrun::engine
