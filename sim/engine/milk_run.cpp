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

std::optional<SimTime> MilkRuns::dock_open_at(SupplierId s, SimTime t) const { return milkrun::dock_open_at(m_, s, t); }

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

/// R44: the noisy drive times of one trip of a loop. Each leg's factor is drawn from a stream
/// named by (replication, milk run, departure instant, loop, from, to), so the legs a skipped
/// stop leaves out, or a variant's other legs, never move another leg's draw.
class TripLegs {
 public:
  TripLegs(const MilkRunModel& run, const RunLoop& loop, std::size_t index, SimTime depart, std::uint64_t seed, int replication)
      : run_(run), loop_(loop), index_(index), depart_(depart),
        family_(seed, static_cast<std::uint64_t>(replication), Purpose::travel, run.spec) {}

  /// Driving seconds from place `a` to place `b` (0 the warehouse, k + 1 stop k).
  Seconds seconds(std::size_t a, std::size_t b) const {
    const double base = loop_.seconds(a, b);
    if (run_.factor.is_constant()) return std::llround(base * run_.factor.a);  // a factor of 1: the legs as planned
    const auto place = [&](std::size_t p) { return p == 0 ? std::uint64_t{0} : std::uint64_t{loop_.stops[p - 1]} + 1; };
    std::uint64_t key = mix64(static_cast<std::uint64_t>(depart_) ^ (std::uint64_t{index_} << 40));
    key = mix64(key ^ place(a));
    key = mix64(key ^ (place(b) * 0x9e3779b97f4a7c15ULL));
    Rng rng = family_.at(key);
    return std::llround(base * run_.factor.sample(rng));
  }

 private:
  const MilkRunModel& run_;
  const RunLoop& loop_;
  std::size_t index_;
  SimTime depart_;
  StreamFamily family_;
};

void MilkRuns::drive_loop(RunId r, std::size_t index, SimTime depart) {
  const MilkRunModel& run = m_.milk_runs[r];
  const RunLoop& loop = run.loops[index];
  const WarehouseId w = run.warehouse;
  const Load capacity = run.truck.capacity * loop.trucks;
  const TripLegs legs(run, loop, index, depart, seed_, replication_);
  // R45: whether a truck that is back at `back` kept its duty limit.
  const auto within = [&](SimTime back) { return !run.max_route || back - depart <= *run.max_route; };
  Load carried;
  std::int64_t missed = 0, duty_skips = 0;
  std::vector<Line> pickups;
  SimTime t = depart;
  std::size_t at = 0;  // the place the truck is at: 0 the warehouse, k + 1 stop k
  Km km = 0;
  bool reached = false;  // a truck that reaches no stop makes no trip (R45)
  // A visit that loads nothing is a missed pickup when an order placed in time waited there.
  const auto missed_if_waiting = [&](SupplierId s, MissReason why) {
    if (!order_waiting(s, w, depart, run.po_lead)) return;
    ++missed;
    miss(r, s, depart, why);
  };
  const auto go = [&](std::size_t place, SimTime arrive) {
    km += loop.km_from(at, place);
    at = place;
    t = arrive;
    reached = true;
  };
  for (std::size_t i = 0; i < loop.stops.size(); ++i) {
    const SupplierId s = loop.stops[i];
    const std::size_t place = i + 1;
    const SimTime arrive = t + legs.seconds(at, place);
    // One readiness draw per stop visit (R23), keyed by supplier, day and run, so a variant
    // that reorders the loops or moves a run within its day draws the same readiness. A run's
    // later departure times (R46) draw apart from its first.
    Rng rng = StreamFamily(seed_, static_cast<std::uint64_t>(replication_), Purpose::ready, s)
                  .at((static_cast<std::uint64_t>(day_of(arrive) + 1) << 20) ^ run.spec ^ (std::uint64_t{run.departure} << 48));
    const SupplierModel& sm = m_.suppliers[s];
    const bool ready = !sm.ready || sm.ready->sample(rng) >= 0.5;
    const SimTime back = legs.seconds(place, 0);
    if (sm.delivery != Delivery::milk_run) {  // a vendor on the loop hands nothing over
      if (within(arrive + back)) go(place, arrive);
      else ++duty_skips;
      continue;
    }
    const std::optional<SimTime> open = dock_open_at(s, arrive);
    if (!open) {  // R23: reached after its dock closed, a dock_closed skip (checked before the duty, R45)
      missed_if_waiting(s, MissReason::dock_closed);
      if (within(arrive + back)) go(place, arrive);  // it drives there only if it can still get back in time
      continue;
    }
    if (!within(*open + run.load_time + back)) {  // R45: the drive there, dock wait, loading and drive back
      ++duty_skips;
      missed_if_waiting(s, MissReason::duty_limit);
      continue;
    }
    go(place, *open);
    if (!ready) {  // not ready: a miss when an order was waiting
      missed_if_waiting(s, MissReason::not_ready);
      continue;
    }
    carried += load_purchase_orders(r, s, depart, capacity - carried, pickups);
    t += run.load_time;
  }
  if (!reached) {  // R45: no trip, no km; the skips and misses still count
    if (in_window(m_, depart)) {
      TripCounters& c = kpi_.trips(w);
      c.duty_skips += duty_skips;
      c.missed_pickups += missed;
    }
    return;
  }
  t += legs.seconds(at, 0);
  km += loop.km_from(at, 0);
  if (!pickups.empty()) receiving_.send(w, pickups, depart, t);
  if (in_window(m_, depart)) count_trips(r, index, depart, {carried, km, missed, duty_skips, t});
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

void MilkRuns::count_trips(RunId r, std::size_t index, SimTime depart, const Trip& trip) {
  const MilkRunModel& run = m_.milk_runs[r];
  const RunLoop& loop = run.loops[index];
  TripCounters& c = kpi_.trips(run.warehouse);
  const double utilization = trip.carried.utilization(run.truck.capacity * loop.trucks);
  c.trips += loop.trucks;
  c.km += trip.km * loop.trucks;
  c.utilization_sum += utilization * loop.trucks;  // pooled trucks share the load equally
  c.missed_pickups += trip.missed;
  c.duty_skips += trip.duty_skips;
  c.cost += loop.trucks * (run.truck.cost_per_trip + trip.km * run.truck.cost_per_km);
  int first_truck = 1;  // trucks count on from loop to loop, as `milkrun routes` numbers them
  for (std::size_t i = 0; i < index; ++i) first_truck += run.loops[i].trucks;
  const SimTime planned = depart + planned_duration(m_, run, loop, depart);
  for (int truck = 0; truck < loop.trucks; ++truck) {
    TripRecord record;
    record.depart = depart;
    record.run = r;
    record.loop = static_cast<std::uint32_t>(index);
    record.truck = first_truck + truck;
    record.km = trip.km;
    record.load = trip.carried / loop.trucks;
    record.utilization = utilization;
    record.missed_pickups = truck == 0 ? trip.missed : 0;  // the loop's misses and skips on its first truck's row
    record.duty_skips = truck == 0 ? trip.duty_skips : 0;
    record.planned_return = planned;
    record.actual_return = trip.back;
    kpi_.add_trip(record);
  }
}

}  // namespace milkrun::engine
