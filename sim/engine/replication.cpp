// The event loop and the order flow of SPEC §3: arrivals, promise, reservation, pick/pack,
// shipping and delivery. Pick/pack, shipping and delivery are computed when an order
// starts service rather than scheduled as events: they change no stock level, and the
// physical on-hand they do change is integrated from each order's hold and ship instants.
#include "engine/replication.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun {
namespace {

/// Non-homogeneous Poisson arrivals with a rate constant within each clock hour (R1):
/// unit-rate exponential gaps mapped through the cumulative intensity.
class ArrivalProcess {
 public:
  ArrivalProcess(const std::vector<double>& hourly_orders, StreamFamily family)
      : hourly_(hourly_orders), family_(family) {}
  /// The next arrival instant in continuous seconds; false after the horizon.
  bool next(double& out) {
    double gap = -std::log(family_.at(count_++).uniform_pos());
    while (hour_ < hourly_.size()) {
      const double rate = hourly_[hour_] / 3600.0;
      const double hour_end = static_cast<double>(hour_ + 1) * 3600.0;
      const double mass = rate * (hour_end - t_);
      if (gap < mass) {
        t_ += gap / rate;
        out = t_;
        return true;
      }
      gap -= mass;
      t_ = hour_end;
      ++hour_;
    }
    return false;
  }

 private:
  const std::vector<double>& hourly_;
  StreamFamily family_;
  std::uint64_t count_ = 0;
  std::size_t hour_ = 0;
  double t_ = 0;
};

std::size_t midnight_index(SimTime t, int horizon_days) {
  return static_cast<std::size_t>(std::clamp<DayIndex>(day_of(t) + 1, 0, horizon_days + 1));
}

}  // namespace

Replication::Replication(const Model& model, int replication, std::uint64_t seed, bool record_orders)
    : m_(model),
      replication_(replication),
      record_(record_orders),
      arrivals_(seed, static_cast<std::uint64_t>(replication), Purpose::arrivals),
      zones_(seed, static_cast<std::uint64_t>(replication), Purpose::zone),
      skus_(seed, static_cast<std::uint64_t>(replication), Purpose::sku),
      units_(seed, static_cast<std::uint64_t>(replication), Purpose::units),
      prime_(seed, static_cast<std::uint64_t>(replication), Purpose::prime),
      service_(seed, static_cast<std::uint64_t>(replication), Purpose::service),
      service_unit_(seed, static_cast<std::uint64_t>(replication), Purpose::service_unit),
      delay_(seed, static_cast<std::uint64_t>(replication), Purpose::delay),
      seed_(seed),
      promise_(model) {
  const std::size_t W = m_.warehouse_count();
  for (const WarehouseModel& wm : m_.warehouses) {
    WarehouseState ws;
    ws.stations = StationPool(wm.stations);
    warehouses_.push_back(std::move(ws));
  }
  pairs_.resize(m_.pairs.size());
  purchase_orders_.assign(m_.suppliers.size(), 0);
  order_queue_.resize(m_.suppliers.size() * W);
  seller_shipments_.assign(m_.sellers.size(), 0);
  seller_counters_.resize(m_.sellers.size());
  const auto midnights = static_cast<std::size_t>(m_.horizon_days) + 2;
  reserved_diff_.assign(midnights * W, 0);
  backlog_diff_.assign(midnights * W, 0);
  result_.daily.assign(static_cast<std::size_t>(m_.horizon_days), std::vector<DailyRow>(W));
}

ReplicationResult Replication::run() {
  initialise_stock();
  start_milk_runs();
  start_sellers();
  ArrivalProcess arrivals(m_.hourly_orders, arrivals_);
  double next_arrival = 0;
  bool more = arrivals.next(next_arrival);
  std::uint64_t order = 0;
  const SimTime give_up = m_.horizon + 3 * 365 * kSecondsPerDay;
  for (;;) {
    const SimTime ta = more ? static_cast<SimTime>(next_arrival) : kNever;  // R4: truncated
    if (!events_.empty() && events_.top().t <= ta) {  // R33: arrivals come last
      const Event ev = events_.top();
      if (ev.t >= m_.horizon && (measured_waiting_ == 0 || ev.t > give_up)) break;
      events_.pop();
      now_ = ev.t;
      snapshot_days_until(now_);
      switch (ev.type) {
        case EventType::shipment_arrives: on_shipment_arrives(ev.id, now_); break;
        case EventType::stock_free: on_stock_free(ev.id, now_); break;
        case EventType::vendor_review: on_vendor_review(ev.id, now_); break;
        case EventType::run_review: on_run_review(ev.id, now_); break;
        case EventType::run_departs: on_run_departs(ev.id, now_); break;
        case EventType::seller_review: on_seller_review(ev.id, now_); break;
      }
    } else if (more) {
      now_ = ta;
      snapshot_days_until(now_);
      on_arrival(now_, order++);
      more = arrivals.next(next_arrival);
    } else {
      break;
    }
  }
  finish();
  return std::move(result_);
}

std::uint32_t Replication::new_slot(const Job& job) {
  if (free_slots_.empty()) {
    jobs_.push_back(job);
    return static_cast<std::uint32_t>(jobs_.size() - 1);
  }
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  jobs_[slot] = job;
  return slot;
}

void Replication::on_arrival(SimTime t, std::uint64_t k) {
  Rng zr = zones_.at(k);
  const ZoneId z = m_.zone_pick.sample(zr.uniform(), zr.uniform());
  Rng sr = skus_.at(k);
  const SkuId s = m_.sku_pick.sample(sr.uniform(), sr.uniform());
  Rng ur = units_.at(k);
  const Units units = std::max<Units>(1, std::llround(m_.units_per_order.sample(ur)));  // R3
  const bool prime = m_.skus[s].prime && m_.prime_share > 0 && prime_.at(k).uniform() < m_.prime_share;
  const bool measured = t >= m_.warmup;

  // §3.2 and R5: among the warehouses with the units free.
  PromiseQuote promise;
  const bool in_stock = promise_.best(
      z, t,
      [&](WarehouseId w) {
        const PairId p = m_.pair(s, w);
        return p != kNoPair && pairs_[p].free >= units;
      },
      promise);

  Job job;
  job.order = k;
  job.arrival = t;
  job.units = units;
  job.zone = z;
  job.sku = s;
  job.prime = prime;
  job.measured = measured;
  job.next = kNoSlot;
  if (in_stock) {
    job.warehouse = promise.warehouse;
  } else {
    job.warehouse = *m_.nearest_stocking(s, z);  // validation: every SKU is stocked somewhere
    job.backorder = m_.on_stockout == OnStockout::backorder;
  }
  job.pair = m_.pair(s, job.warehouse);
  PairState& pair = pairs_[job.pair];
  WarehouseState& ws = warehouses_[job.warehouse];
  const std::size_t W = m_.warehouse_count();
  result_.daily[static_cast<std::size_t>(day_of(t))][job.warehouse].orders += 1;
  result_.balance.demanded += units;

  OrderCounters& c = ws.counters;
  const SellerId seller = m_.skus[s].seller;
  if (measured && seller != kNone) {
    seller_counters_[seller].orders += 1;
    seller_counters_[seller].late_or_lost += !in_stock && !job.backorder;  // lost
  }
  if (measured) {
    c.orders += 1;
    c.units += units;
    c.prime += prime;
    pair.demand += units;
    if (record_) {
      job.record = static_cast<std::int32_t>(result_.orders.size());
      OrderRecord r;
      r.order = k;
      r.arrival = t;
      r.zone = z;
      r.sku = s;
      r.units = units;
      r.prime = prime;
      result_.orders.push_back(r);
    }
  }

  if (!in_stock && !job.backorder) {  // §3.3: lost
    result_.balance.lost += units;
    if (measured) {
      c.lost_orders += 1;
      c.lost_units += units;
      pair.lost += units;
    }
    return;
  }

  if (in_stock) {
    job.promised_ship = promise.ship_by;
    job.promised_day = promise.deliver_by;
    result_.balance.reserved += units;
    if (measured) {
      c.filled_units += units;
      pair.filled += units;
    }
    set_free(job.pair, pair.free - units, t);
    hold(job, units, t);
  } else {  // R34: take what is free, wait for the rest at the nearest stocking warehouse
    result_.balance.backordered += units;
    const PromiseQuote late = promise_.backorder(job.warehouse, z, t);
    job.promised_ship = late.ship_by;
    job.promised_day = late.deliver_by;
    const Units take = std::min(pair.free, units);
    if (take > 0) {
      set_free(job.pair, pair.free - take, t);
      hold(job, take, t);
    }
    job.missing = units - take;
    pair.missing += job.missing;
    if (measured) {
      c.backorders += 1;
      ++measured_waiting_;
    }
  }
  backlog_diff_[midnight_index(t, m_.horizon_days) * W + job.warehouse] += 1;

  if (prime && measured) {  // §3.8, R16
    c.fast += job.promised_day <= promise_.fast_limit(day_of(t));
  }
  if (job.record >= 0) {
    OrderRecord& r = result_.orders[static_cast<std::size_t>(job.record)];
    r.warehouse = static_cast<std::int32_t>(job.warehouse);
    r.promised_ship = job.promised_ship;
    r.promised_delivery = job.promised_day;
  }

  const PairId p = job.pair;
  const std::uint32_t slot = new_slot(job);
  if (jobs_[slot].backorder) {
    if (pair.backorder_tail == kNoSlot) pair.backorder_head = slot;
    else jobs_[pair.backorder_tail].next = slot;
    pair.backorder_tail = slot;
  } else {
    join_pick_queue(slot, t);
  }
  check_reorder(p, t);
}

void Replication::join_pick_queue(std::uint32_t slot, SimTime t) {
  Job& job = jobs_[slot];
  job.join = t;
  const WarehouseId w = job.warehouse;
  WarehouseState& ws = warehouses_[w];
  if (m_.warehouses[w].priority == Priority::fifo) {
    const SimTime s = m_.warehouses[w].pick_hours.next_open(std::max(t, ws.stations.earliest_free()));
    start_service(slot, s);
    free_slots_.push_back(slot);
    return;
  }
  advance_waiting(w, t);
  ws.waiting.push({job.promised_ship, event_seq_++, slot});
  ws.last_join = t;
  advance_waiting(w, t);
}

void Replication::advance_waiting(WarehouseId w, SimTime t) {
  WarehouseState& ws = warehouses_[w];
  const OpenHours& hours = m_.warehouses[w].pick_hours;
  while (!ws.waiting.empty()) {
    const SimTime s = hours.next_open(std::max(ws.stations.earliest_free(), ws.last_join));
    if (s > t) break;
    const std::uint32_t slot = ws.waiting.top().slot;
    ws.waiting.pop();
    start_service(slot, s);
    free_slots_.push_back(slot);
  }
}

SimTime Replication::departure_after(WarehouseId w, SimTime t) {
  WarehouseState& ws = warehouses_[w];
  if (t < ws.departure_from || t > ws.departure) {
    ws.departure = m_.calendar.next_departure(m_.warehouses[w].departures, t);
    ws.departure_from = t;
  }
  return ws.departure;
}

void Replication::start_service(std::uint32_t slot, SimTime s) {
  Job& job = jobs_[slot];
  const WarehouseId w = job.warehouse;
  const WarehouseModel& wm = m_.warehouses[w];
  WarehouseState& ws = warehouses_[w];
  Rng order_rng = service_.at(job.order), unit_rng = service_unit_.at(job.order);
  const double work = wm.time_per_order.sample(order_rng) +
                      static_cast<double>(job.units) * wm.time_per_unit.sample(unit_rng);  // R11
  const SimTime end = wm.pick_hours.advance(s, std::llround(work));  // R4, R10
  ws.stations.occupy_until(end);
  const SimTime ship = departure_after(w, end);  // §3.5

  int delay_days = 0;  // R14: per order, in delivery days
  if (m_.delay && m_.delay->p > 0) {
    Rng r = delay_.at(job.order);
    if (r.uniform() < m_.delay->p) delay_days = std::max(0, static_cast<int>(std::llround(m_.delay->days.sample(r))));
  }
  const DayIndex delivered =
      m_.calendar.nth_delivery_day_after(day_of(ship), m_.transit_days(w, job.zone) + delay_days);

  // The held units leave the building at the departure (R17, R27).
  PairState& pair = pairs_[job.pair];
  const SimTime held_to = std::min(ship, m_.horizon);
  if (job.held_in_window > 0 && held_to > m_.warmup)
    pair.reserved_unit_seconds += job.held_in_window * held_to - job.held_weighted;
  const std::size_t W = m_.warehouse_count();
  reserved_diff_[midnight_index(ship, m_.horizon_days) * W + w] -= job.units;
  backlog_diff_[midnight_index(ship, m_.horizon_days) * W + w] -= 1;
  result_.balance.shipped += job.units;
  if (day_of(ship) < m_.horizon_days) result_.daily[static_cast<std::size_t>(day_of(ship))][w].shipped += 1;
  if (!job.measured) return;

  OrderCounters& c = ws.counters;
  c.delivered += 1;
  c.pick_wait_seconds += s - job.join;  // R28
  c.pick_waits += 1;
  if (job.record >= 0) {
    OrderRecord& r = result_.orders[static_cast<std::size_t>(job.record)];
    r.shipped = ship;
    r.delivered = delivered;
    r.status = OrderStatus::delivered;
  }
  record_late(job, c, ship, delivered, delay_days > 0);
}

void Replication::record_late(Job& job, OrderCounters& c, SimTime ship, DayIndex delivered, bool delayed) {
  const bool late_shipment = ship > job.promised_ship;  // R9
  const bool late_delivery = delivered > job.promised_day;
  c.late_shipments += late_shipment;
  Cause cause = Cause::none;
  if (late_delivery) {  // §3.7: first that applies
    c.late_deliveries += 1;
    cause = job.backorder ? Cause::stockout
            : late_shipment ? Cause::pick_backlog
            : delayed       ? Cause::carrier_delay
                            : Cause::other;
    c.cause[static_cast<int>(cause) - 1] += 1;
    if (m_.skus[job.sku].seller != kNone) seller_counters_[m_.skus[job.sku].seller].late_or_lost += 1;
    if (delivered < m_.horizon_days)
      result_.daily[static_cast<std::size_t>(delivered)][job.warehouse].late_deliveries += 1;
  }
  if (job.record >= 0) {
    OrderRecord& r = result_.orders[static_cast<std::size_t>(job.record)];
    r.late_shipment = late_shipment;
    r.late_delivery = late_delivery;
    r.cause = cause;
  }
}

void Replication::snapshot_days_until(SimTime t) {
  while (next_snapshot_day_ <= m_.horizon_days && static_cast<SimTime>(next_snapshot_day_) * kSecondsPerDay <= t) {
    auto& row = result_.daily[static_cast<std::size_t>(next_snapshot_day_ - 1)];
    for (std::size_t w = 0; w < warehouses_.size(); ++w) row[w].on_hand = warehouses_[w].free_total;
    ++next_snapshot_day_;
  }
}

ReplicationResult simulate(const Model& model, int replication, std::uint64_t seed, bool record_orders) {
  return Replication(model, replication, seed, record_orders).run();
}

}  // namespace milkrun
