#include "engine/kpi_accounting.hpp"

#include "engine/inventory.hpp"
#include "model/in_parts.hpp"

#include <limits>
#include <stdexcept>

namespace milkrun::engine {
namespace {

/// Stock sums over a set of pairs.
struct StockSums {
  std::int64_t events = 0, zero_seconds = 0, unit_seconds = 0, lost = 0;
  double value_seconds = 0;
  CauseTally by_cause;

  void add(const PairState& s, const CauseTally& t) {
    events += s.events;
    zero_seconds += s.zero_seconds;
    lost += s.lost;
    for (std::size_t u = 0; u < kUpstreamCount; ++u) {
      by_cause.events[u] += t.events[u];
      by_cause.zero_seconds[u] += t.zero_seconds[u];
      by_cause.lost[u] += t.lost[u];
    }
  }
};

void add(OrderCounters& to, const OrderCounters& c) {
  to.orders += c.orders;
  to.units += c.units;
  to.prime += c.prime;
  to.delivered += c.delivered;
  to.late_deliveries += c.late_deliveries;
  to.late_shipments += c.late_shipments;
  for (int i = 0; i < 4; ++i) to.cause[i] += c.cause[i];
  to.fast += c.fast;
  to.filled_units += c.filled_units;
  to.lost_orders += c.lost_orders;
  to.lost_units += c.lost_units;
  to.backorders += c.backorders;
  to.pick_wait_seconds += c.pick_wait_seconds;
  to.pick_waits += c.pick_waits;
  to.lines += c.lines;
  to.shipments += c.shipments;
  to.split_orders += c.split_orders;
  to.expedited_orders += c.expedited_orders;
  to.expedited_units += c.expedited_units;
  to.expedite_cost += c.expedite_cost;
}

std::optional<double> ratio(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

void add(TripCounters& to, const TripCounters& c) {
  to.trips += c.trips;
  to.missed_pickups += c.missed_pickups;
  to.duty_skips += c.duty_skips;
  to.km += c.km;
  to.utilization_sum += c.utilization_sum;
  to.cost += c.cost;
}

KpiValues kpis_of(const Model& m, const OrderCounters& c, const TripCounters& trips, const StockSums& s) {
  const double window = static_cast<double>(m.horizon - m.warmup);
  KpiValues k{};
  auto set = [&k](Kpi key, std::optional<double> v) { k[static_cast<std::size_t>(key)] = v; };
  auto count = [](std::int64_t v) { return std::optional<double>(static_cast<double>(v)); };
  set(Kpi::orders, count(c.orders));
  set(Kpi::units, count(c.units));
  set(Kpi::prime_orders, count(c.prime));
  set(Kpi::delivered_orders, count(c.delivered));
  set(Kpi::on_time_rate, ratio(c.delivered - c.late_deliveries, c.delivered));
  set(Kpi::late_deliveries, count(c.late_deliveries));
  set(Kpi::late_shipments, count(c.late_shipments));
  set(Kpi::late_stockout, count(c.cause[0]));
  set(Kpi::late_pick_backlog, count(c.cause[1]));
  set(Kpi::late_carrier_delay, count(c.cause[2]));
  set(Kpi::late_other, count(c.cause[3]));
  set(Kpi::fast_promise_rate, ratio(c.fast, c.prime));  // R16: lost Prime orders included
  set(Kpi::fill_rate, ratio(c.filled_units, c.units));
  set(Kpi::lost_orders, count(c.lost_orders));
  set(Kpi::lost_units, count(c.lost_units));
  set(Kpi::backorders, count(c.backorders));
  set(Kpi::stockout_events, count(s.events));
  set(Kpi::stockout_sku_days, static_cast<double>(s.zero_seconds) / kSecondsPerDay);
  for (std::size_t u = 0; u < kUpstreamCount; ++u) {  // R36, R37
    const auto cause = static_cast<Upstream>(u);
    set(by_cause(Kpi::lost_units_by_cause, cause), count(s.by_cause.lost[u]));
    set(by_cause(Kpi::stockout_events_by_cause, cause), count(s.by_cause.events[u]));
    set(by_cause(Kpi::stockout_sku_days_by_cause, cause), static_cast<double>(s.by_cause.zero_seconds[u]) / kSecondsPerDay);
  }
  set(Kpi::avg_on_hand_units, static_cast<double>(s.unit_seconds) / window);
  if (c.pick_waits > 0)
    set(Kpi::pick_wait_hours_mean, static_cast<double>(c.pick_wait_seconds) / static_cast<double>(c.pick_waits) / 3600.0);
  set(Kpi::truck_trips, count(trips.trips));
  set(Kpi::truck_km, trips.km);
  if (trips.trips > 0) set(Kpi::truck_utilization, trips.utilization_sum / static_cast<double>(trips.trips));
  set(Kpi::missed_pickups, count(trips.missed_pickups));
  // R30
  const double holding = s.value_seconds / window * m.costs.holding_rate_per_year * (window / kSecondsPerDay) / 365.0;
  const double lost_sales = static_cast<double>(c.lost_units) * m.costs.lost_sale_per_unit;
  const double credits = static_cast<double>(c.late_deliveries) * m.costs.late_credit_per_order;
  set(Kpi::cost_transport, trips.cost);
  set(Kpi::cost_holding, holding);
  set(Kpi::cost_lost_sales, lost_sales);
  set(Kpi::cost_late_credits, credits);
  set(Kpi::cost_expedite, c.expedite_cost);  // R43
  set(Kpi::cost_total, trips.cost + holding + lost_sales + credits + c.expedite_cost);
  set(Kpi::lines, count(c.lines));  // R40, R41
  set(Kpi::split_orders, count(c.split_orders));
  set(Kpi::shipments, count(c.shipments));
  set(Kpi::shipments_per_order, ratio(c.shipments, c.orders - c.lost_orders));
  set(Kpi::expedited_orders, count(c.expedited_orders));
  set(Kpi::expedited_units, count(c.expedited_units));
  set(Kpi::duty_skips, count(trips.duty_skips));  // R45
  return k;
}

}  // namespace

KpiAccounting::KpiAccounting(const Model& model, bool record_orders)
    : m_(model),
      record_(record_orders),
      W_(model.warehouse_count()),
      horizon_days_(model.horizon_days),
      orders_(W_),
      trips_(W_),
      sellers_(model.sellers.size()),
      suppliers_(model.suppliers.size()),
      sink_(record_orders ? &memory_ : nullptr) {
  const auto midnights = static_cast<std::size_t>(m_.horizon_days) + 2;
  reserved_diff_.assign(midnights * W_, 0);
  backlog_diff_.assign(midnights * W_, 0);
  receiving_diff_.assign(midnights * W_, 0);
  result_.daily.assign(static_cast<std::size_t>(m_.horizon_days), std::vector<DailyRow>(W_));
}

void KpiAccounting::take_snapshots(SimTime t, const std::vector<Units>& free_total) {
  while (next_snapshot_day_ <= m_.horizon_days && static_cast<SimTime>(next_snapshot_day_) * kSecondsPerDay <= t) {
    auto& row = result_.daily[static_cast<std::size_t>(next_snapshot_day_ - 1)];
    for (std::size_t w = 0; w < W_; ++w) row[w].on_hand = free_total[w];
    ++next_snapshot_day_;
  }
}

std::uint32_t KpiAccounting::new_split(WarehouseId w, DayIndex promised_day, std::uint32_t shipments, std::int32_t record,
                                       std::vector<SellerId> sellers) {
  std::uint32_t g;
  if (free_splits_.empty()) {
    g = static_cast<std::uint32_t>(splits_.size());
    splits_.emplace_back();
  } else {
    g = free_splits_.back();
    free_splits_.pop_back();
  }
  SplitOrder& s = splits_[g];
  s = SplitOrder{};
  s.warehouse = w;
  s.promised_day = promised_day;
  s.pending = shipments;
  s.record = record;
  s.sellers = std::move(sellers);
  return g;
}

void KpiAccounting::shipment_done(const Job& job, std::optional<DeliveryDay> delivery, SimTime ship) {
  SplitOrder& g = splits_[job.group];
  if (!delivery) {  // still waiting for stock when the run gave up: late, for want of stock
    g.undelivered = g.late_shipment = true;
    g.cause = Cause::stockout;
  } else {
    const bool late_shipment = ship > job.promised_ship;  // R9, per shipment (R41)
    g.late_shipment = g.late_shipment || late_shipment;
    g.delivered = std::max(g.delivered, delivery->day);
    if (delivery->day > g.promised_day) {  // §3.7 over the shipments delivered after the order's promise
      const Cause c = late_cause(job, late_shipment, delivery->delayed);
      if (g.cause == Cause::none || c < g.cause) g.cause = c;
    }
  }
  if (--g.pending == 0) finish_split(job.group);
}

void KpiAccounting::finish_split(std::uint32_t group) {
  SplitOrder& g = splits_[group];
  OrderCounters& c = orders_[g.warehouse];
  const bool late_delivery = g.undelivered || g.delivered > g.promised_day;
  c.delivered += 1;
  c.late_shipments += g.late_shipment;
  if (late_delivery) {
    c.late_deliveries += 1;
    c.cause[static_cast<int>(g.cause) - 1] += 1;
    for (const SellerId s : g.sellers) sellers_[s].late_or_lost += 1;
    if (!g.undelivered && g.delivered < m_.horizon_days) daily(g.delivered, g.warehouse).late_deliveries += 1;
  }
  if (g.record >= 0) {
    OrderRecord& r = record(g.record);
    r.status = g.undelivered ? OrderStatus::undelivered : OrderStatus::delivered;
    r.delivered = g.delivered;
    r.late_shipment = g.late_shipment;
    r.late_delivery = late_delivery;
    r.cause = late_delivery ? g.cause : Cause::none;
    settle(g.record);
  }
  g.sellers.clear();
  free_splits_.push_back(group);
}

void KpiAccounting::count_shipped(const Job& job, SimTime start, SimTime packed, SimTime ship, DeliveryDay delivery) {
  OrderCounters& c = orders_[job.warehouse];
  c.pick_wait_seconds += start - job.join;  // R28; R41: per pick/pack job
  c.pick_waits += 1;
  if (job.group != kNoSlot) {
    if (job.record >= 0 && record(job.record).shipments.empty()) {  // a split order left with one shipment
      OrderRecord& r = record(job.record);
      r.pick_start = start, r.pick_end = packed, r.shipped = ship;
    } else if (job.record >= 0) {
      ShipmentFacts& s = record(job.record).shipments[job.shipment];
      s.pick_start = start, s.pick_end = packed, s.shipped = ship, s.delivered = delivery.day, s.done = true;
    }
    shipment_done(job, delivery, ship);
    return;
  }
  c.delivered += 1;
  if (job.record >= 0) {
    OrderRecord& r = record(job.record);
    r.pick_start = start, r.pick_end = packed;
    r.shipped = ship;
    r.delivered = delivery.day;
    r.status = OrderStatus::delivered;
  }
  count_late(job, ship, delivery);
  if (job.record >= 0) settle(job.record);
}

void KpiAccounting::count_late(const Job& job, SimTime ship, DeliveryDay delivery) {
  OrderCounters& c = orders_[job.warehouse];
  const bool late_shipment = ship > job.promised_ship;  // R9
  const bool late_delivery = delivery.day > job.promised_day;
  c.late_shipments += late_shipment;
  Cause cause = Cause::none;
  if (late_delivery) {  // §3.7: first that applies
    c.late_deliveries += 1;
    cause = late_cause(job, late_shipment, delivery.delayed);
    c.cause[static_cast<int>(cause) - 1] += 1;
    for_each_seller(job, [&](SellerId s) { sellers_[s].late_or_lost += 1; });
    if (delivery.day < m_.horizon_days) daily(delivery.day, job.warehouse).late_deliveries += 1;
  }
  if (job.record >= 0) {
    OrderRecord& r = record(job.record);
    r.late_shipment = late_shipment;
    r.late_delivery = late_delivery;
    r.cause = cause;
    if (job.expedited && !late_delivery) r.upstream = Upstream::none;  // R37, R43: only a late one carries it
  }
}

void KpiAccounting::count_undelivered(const Job& job) {
  result_.balance.held_end += job.units - job.missing;
  if (!job.measured) return;
  if (job.group != kNoSlot) {
    shipment_done(job, std::nullopt, 0);
    return;
  }
  OrderCounters& c = orders_[job.warehouse];
  c.delivered += 1;
  c.late_deliveries += 1;
  c.late_shipments += 1;
  c.cause[0] += 1;
  for_each_seller(job, [&](SellerId s) { sellers_[s].late_or_lost += 1; });
  if (job.record >= 0) {
    OrderRecord& r = record(job.record);
    r.status = OrderStatus::undelivered;
    r.late_shipment = r.late_delivery = true;
    r.cause = Cause::stockout;
    settle(job.record);
  }
}

std::int32_t KpiAccounting::new_record(const OrderRecord& r) {
  flush_records(false);
  const std::int64_t number = first_open_ + static_cast<std::int64_t>(open_.size());
  if (number > std::numeric_limits<std::int32_t>::max())
    throw std::length_error("more than 2^31 measured orders in one replication to record");
  open_.push_back({r, false});
  ++unsettled_;
  return static_cast<std::int32_t>(number);
}

void KpiAccounting::settle(std::int32_t number) {
  if (number >= first_open_) {
    OpenRecord& o = open_[static_cast<std::size_t>(number - first_open_)];
    if (!o.final) --unsettled_;
    o.final = true;
    return;
  }
  const auto parked = parked_.find(number);
  sink_->fill(parked->second.place, parked->second.order);
  parked_.erase(parked);
}

void KpiAccounting::flush_records(bool all) {
  while (!open_.empty()) {
    const OpenRecord& head = open_.front();
    if (head.final || all) {
      sink_->take(head.order);
    } else if (open_.size() > kRecordWindow + 2 * unsettled_) {
      parked_.emplace(static_cast<std::int32_t>(first_open_), ParkedRecord{head.order, sink_->keep_place()});
      --unsettled_;
    } else {
      break;
    }
    open_.pop_front();
    ++first_open_;
  }
  if (all) {  // every order is final by now; the order of the calls does not matter to a sink
    for (const auto& [number, parked] : parked_) sink_->fill(parked.place, parked.order);
    parked_.clear();
    unsettled_ = 0;
  }
}

ReplicationResult KpiAccounting::finish(const std::vector<PairState>& pairs, const CauseTallies& tallies) {
  if (sink_ != nullptr) flush_records(true);
  std::vector<StockSums> by_warehouse(W_);
  StockSums all;
  const double window = static_cast<double>(m_.horizon - m_.warmup);
  resize_in_parts(result_.pairs, pairs.size());
  result_.pair_causes.reserve(tallies.size());
  for (PairId p = 0; p < pairs.size(); ++p) {
    const PairState& s = pairs[p];
    const CauseTally& tally = tallies.of(s);
    const std::int64_t unit_seconds = s.free_unit_seconds + s.reserved_unit_seconds;
    StockSums& ws = by_warehouse[m_.pairs[p].warehouse];
    for (StockSums* sums : {&ws, &all}) {
      sums->add(s, tally);
      sums->unit_seconds += unit_seconds;
      sums->value_seconds += static_cast<double>(unit_seconds) * m_.skus[m_.pairs[p].sku].value;
    }
    result_.pairs[p] = {s.demand, s.filled, s.lost, static_cast<double>(s.zero_seconds) / kSecondsPerDay,
                        static_cast<double>(unit_seconds) / window};
    if (s.tally != kNoTally) {
      result_.pairs[p].causes = static_cast<std::uint32_t>(result_.pair_causes.size());
      result_.pair_causes.push_back({tally.events, tally.lost});
    }
    result_.balance.free_end += s.free;
    result_.balance.on_order_end += s.on_order;
  }

  OrderCounters network;
  TripCounters trips;
  for (WarehouseId w = 0; w < W_; ++w) {
    add(network, orders_[w]);
    add(trips, trips_[w]);
    result_.warehouses.push_back(kpis_of(m_, orders_[w], trips_[w], by_warehouse[w]));
  }
  result_.network = kpis_of(m_, network, trips, all);
  seller_kpis(pairs, tallies);
  supplier_kpis(pairs, tallies);
  daily_levels();
  return std::move(result_);
}

void KpiAccounting::seller_kpis(const std::vector<PairState>& pairs, const CauseTallies& tallies) {
  for (SellerId s = 0; s < m_.sellers.size(); ++s) {
    const SellerCounters& c = sellers_[s];
    StockSums stock;
    for (const auto& of_warehouse : m_.sellers[s].pairs)
      for (PairId p : of_warehouse) stock.add(pairs[p], tallies.of(pairs[p]));
    SellerKpiValues k{};
    auto set = [&k](SellerKpi key, std::optional<double> v) { k[static_cast<std::size_t>(key)] = v; };
    set(SellerKpi::units_sent, static_cast<double>(c.units_sent));
    set(SellerKpi::units_received, static_cast<double>(c.units_received));
    if (c.waits > 0)
      set(SellerKpi::receiving_wait_days_mean,
          static_cast<double>(c.wait_seconds) / static_cast<double>(c.waits) / kSecondsPerDay);
    set(SellerKpi::stockout_events, static_cast<double>(stock.events));
    set(SellerKpi::stockout_sku_days, static_cast<double>(stock.zero_seconds) / kSecondsPerDay);
    set(SellerKpi::lost_units, static_cast<double>(stock.lost));
    set(SellerKpi::orders, static_cast<double>(c.orders));
    set(SellerKpi::late_or_lost_orders, static_cast<double>(c.late_or_lost));
    // R47: a seller with no orders has no defects (rate 0, not undefined), so that its
    // standing against its threshold and an `expect` on it are always decided.
    set(SellerKpi::defect_rate, ratio(c.late_or_lost, c.orders).value_or(0));
    result_.sellers.push_back(k);
  }
}

void KpiAccounting::supplier_kpis(const std::vector<PairState>& pairs, const CauseTallies& tallies) {
  std::vector<StockSums> stock(m_.suppliers.size());
  for (PairId p = 0; p < pairs.size(); ++p) {
    const SupplierId v = m_.skus[m_.pairs[p].sku].supplier;
    if (v != kNone) stock[v].add(pairs[p], tallies.of(pairs[p]));
  }
  for (SupplierId v = 0; v < m_.suppliers.size(); ++v) {
    const SupplierCounters& c = suppliers_[v];
    SupplierKpiValues k{};
    auto set = [&k](SupplierKpi key, std::int64_t v) { k[static_cast<std::size_t>(key)] = static_cast<double>(v); };
    set(SupplierKpi::stockout_events, stock[v].events);
    k[static_cast<std::size_t>(SupplierKpi::stockout_sku_days)] = static_cast<double>(stock[v].zero_seconds) / kSecondsPerDay;
    set(SupplierKpi::lost_units, stock[v].lost);
    set(SupplierKpi::missed_pickups, c.missed[0] + c.missed[1] + c.missed[2]);
    set(SupplierKpi::missed_dock_closed, c.missed[static_cast<std::size_t>(MissReason::dock_closed)]);
    set(SupplierKpi::missed_not_ready, c.missed[static_cast<std::size_t>(MissReason::not_ready)]);
    set(SupplierKpi::missed_duty_limit, c.missed[static_cast<std::size_t>(MissReason::duty_limit)]);
    set(SupplierKpi::units_left_behind, c.left_behind);
    set(SupplierKpi::units_received, c.units_received);
    result_.suppliers.push_back(k);
  }
}

void KpiAccounting::daily_levels() {
  // Daily levels at the end of each day: free (snapshot) + held, the order backlog and the
  // units at receiving.
  const auto first = [&](const std::vector<std::int64_t>& diff) {
    return std::vector<std::int64_t>(diff.begin(), diff.begin() + static_cast<std::ptrdiff_t>(W_));
  };
  std::vector<std::int64_t> held = first(reserved_diff_), backlog = first(backlog_diff_);
  std::vector<std::int64_t> receiving = first(receiving_diff_);
  for (std::size_t d = 0; d < result_.daily.size(); ++d) {
    for (std::size_t w = 0; w < W_; ++w) {  // end of day d = midnight d + 1
      held[w] += reserved_diff_[(d + 1) * W_ + w];
      backlog[w] += backlog_diff_[(d + 1) * W_ + w];
      receiving[w] += receiving_diff_[(d + 1) * W_ + w];
      result_.daily[d][w].on_hand += held[w];
      result_.daily[d][w].backlog = backlog[w];
      result_.daily[d][w].receiving_backlog = receiving[w];
    }
  }
}

}  // namespace milkrun::engine
