#include "engine/orders.hpp"

#include "engine/tracer.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun::engine {

Orders::Orders(const Model& model, std::uint64_t seed, int replication, bool record_orders, Promise& promise,
               Inventory& inventory, Replenishment& replenishment, PickPack& pick_pack, JobSlots& jobs,
               KpiAccounting& kpi)
    : m_(model),
      record_(record_orders),
      zones_(seed, static_cast<std::uint64_t>(replication), Purpose::zone),
      skus_(seed, static_cast<std::uint64_t>(replication), Purpose::sku),
      units_(seed, static_cast<std::uint64_t>(replication), Purpose::units),
      prime_(seed, static_cast<std::uint64_t>(replication), Purpose::prime),
      promise_(promise),
      inventory_(inventory),
      replenishment_(replenishment),
      pick_pack_(pick_pack),
      jobs_(jobs),
      kpi_(kpi),
      fetch_ahead_(!model.replay && model.skus.size() >= kFetchAheadSkus) {}

/// Step 1: zone, units and the SKU's column and coin; then fetch the column's alias entry.
inline void Orders::draw_column(std::uint64_t k) {
  Ahead& a = ahead(k);
  // Each alias draw takes its coin first, then its column: the order these streams have
  // always been read in (it was once left to the compiler's order of arguments).
  Rng zr = zones_.at(k);
  const double zone_coin = zr.uniform();
  a.zone = m_.zone_pick.sample(zr.uniform(), zone_coin);
  Rng sr = skus_.at(k);
  a.coin = sr.uniform();
  a.column = m_.sku_pick.column(sr.uniform());
  Rng ur = units_.at(k);
  a.units = std::max<Units>(1, std::llround(m_.units_per_line.sample(ur)));  // R3
}

inline void Orders::fetch_column(std::uint64_t k) const {
  const Ahead& a = ahead_[k % kAhead];
  __builtin_prefetch(&m_.sku_pick.prob[a.column]);
  __builtin_prefetch(&m_.sku_pick.alias[a.column]);
}

/// Step 2: the SKU; then fetch its stocking range and its Prime flag.
inline void Orders::draw_sku(std::uint64_t k) {
  Ahead& a = ahead(k);
  a.sku = m_.sku_pick.pick(a.column, a.coin);
}

inline void Orders::fetch_sku(std::uint64_t k) const {
  const Ahead& a = ahead_[k % kAhead];
  __builtin_prefetch(&m_.stocking_from[a.sku]);
  __builtin_prefetch(&m_.skus[a.sku].prime);
}

/// Step 3: the Prime coin; then fetch the SKU's stocking list and its pairs' state and model.
inline void Orders::draw_prime(std::uint64_t k) {
  Ahead& a = ahead(k);
  a.prime = prime_coin(a.sku, k);
}

inline void Orders::fetch_pairs(std::uint64_t k) const {
  const Ahead& a = ahead_[k % kAhead];
  const std::uint32_t from = m_.stocking_from[a.sku], to = m_.stocking_from[a.sku + 1];
  __builtin_prefetch(m_.stocking.data() + from);
  for (PairId p = from; p < to; ++p) {  // the SKU's pairs are numbered like its stocking list
    __builtin_prefetch(inventory_.pairs().data() + p);
    __builtin_prefetch(m_.pairs.data() + p);
  }
}

inline Job Orders::replayed(SimTime t, std::uint64_t k) {
  const ReplayOrders& r = *m_.replay;
  const std::uint32_t line = r.first_line[k];  // one line per order (R40 is not built yet)
  Job job;
  job.order = k;
  job.zone = r.zone[k];
  job.sku = r.sku[line];
  job.units = r.units[line];
  job.prime = r.prime[k] >= 0 ? r.prime[k] == 1 : prime_coin(job.sku, k);  // R42: as recorded, else the coin
  job.arrival = t;
  job.measured = t >= m_.warmup;
  return job;
}

inline bool Orders::prime_coin(SkuId sku, std::uint64_t k) {
  return m_.skus[sku].prime && m_.prime_share > 0 && prime_.at(k).uniform() < m_.prime_share;
}

inline Job Orders::draw(SimTime t, std::uint64_t k) {
  if (m_.replay) return replayed(t, k);
  if (fetch_ahead_) {
    for (; next_column_ <= k + kColumnLead; ++next_column_) draw_column(next_column_), fetch_column(next_column_);
    for (; next_sku_ <= k + kSkuLead; ++next_sku_) draw_sku(next_sku_), fetch_sku(next_sku_);
    for (; next_prime_ <= k + kPrimeLead; ++next_prime_) draw_prime(next_prime_), fetch_pairs(next_prime_);
  } else {  // the tables are in cache: the same steps, for this order only
    draw_column(k);
    draw_sku(k);
    draw_prime(k);
  }
  const Ahead& a = ahead(k);
  Job job;
  job.order = k;
  job.zone = a.zone;
  job.sku = a.sku;
  job.units = a.units;
  job.prime = a.prime;
  job.arrival = t;
  job.measured = t >= m_.warmup;
  return job;
}

inline bool Orders::choose(const Job& job, PromiseQuote& promise) {
  const auto in_stock = [&](const Stocking& e) { return inventory_.pair(e.pair).free >= job.units; };
  return promise_.best_of(m_.stocked(job.sku), job.zone, job.arrival, in_stock, promise);
}

inline void Orders::count_arrival(Job& job, bool lost) {
  kpi_.daily(day_of(job.arrival), job.warehouse).orders += 1;
  kpi_.balance().demanded += job.units;
  if (!job.measured) return;
  const SellerId seller = m_.skus[job.sku].seller;
  if (seller != kNone) {
    kpi_.seller(seller).orders += 1;
    kpi_.seller(seller).late_or_lost += lost;
  }
  OrderCounters& c = kpi_.orders(job.warehouse);
  c.orders += 1;
  c.units += job.units;
  c.prime += job.prime;
  inventory_.pair(job.pair).demand += job.units;
  if (record_) {
    OrderRecord r;
    r.order = job.order;
    r.arrival = job.arrival;
    r.zone = job.zone;
    r.sku = job.sku;
    r.units = job.units;
    r.prime = job.prime;
    job.record = kpi_.new_record(r);
  }
}

inline void Orders::lose(Job& job) {
  kpi_.balance().lost += job.units;
  job.upstream = upstream_of(job);
  if (job.record >= 0) {
    kpi_.record(job.record).upstream = job.upstream;
    kpi_.settle(job.record);  // nothing more happens to a lost order
  }
  if (!job.measured) return;
  OrderCounters& c = kpi_.orders(job.warehouse);
  c.lost_orders += 1;
  c.lost_units += job.units;
  inventory_.count_lost(job.pair, job.upstream, job.units);
}

inline Upstream Orders::upstream_of(const Job& job) {
  const PairState& pair = inventory_.pair(job.pair);  // R37: the nearest stocking warehouse
  return pair.free == 0 ? pair.cause : Upstream::policy;
}

inline void Orders::reserve(Job& job, const PromiseQuote& promise, SimTime t) {
  job.promised_ship = promise.ship_by;
  job.promised_day = promise.deliver_by;
  kpi_.balance().reserved += job.units;
  PairState& pair = inventory_.pair(job.pair);
  if (job.measured) {
    kpi_.orders(job.warehouse).filled_units += job.units;
    pair.filled += job.units;
  }
  if (Tracer* tracer = kpi_.tracer()) tracer->reservation(job.pair, t, job.order, job.units, pair.free);
  inventory_.set_free(job.pair, pair.free - job.units, t);
  inventory_.hold(job, job.units, t);
}

inline void Orders::backorder(Job& job, SimTime t) {
  kpi_.balance().backordered += job.units;
  const PromiseQuote late = promise_.backorder(job.warehouse, job.zone, t);
  job.promised_ship = late.ship_by;
  job.promised_day = late.deliver_by;
  PairState& pair = inventory_.pair(job.pair);
  const Units take = std::min(pair.free, job.units);
  if (take > 0) {
    inventory_.set_free(job.pair, pair.free - take, t);
    inventory_.hold(job, take, t);
  }
  job.missing = job.units - take;
  pair.missing += job.missing;
  if (Tracer* tracer = kpi_.tracer())
    tracer->pair_event(job.pair, t, "backorder", "order " + std::to_string(job.order) + " takes " + std::to_string(take) +
                                                     " and waits for " + std::to_string(job.missing));
  job.upstream = upstream_of(job);  // after its own reservation (R37)
  if (job.measured) kpi_.orders(job.warehouse).backorders += 1;
}

inline void Orders::queue(const Job& job, SimTime t) {
  const std::uint32_t slot = jobs_.add(job);
  if (job.backorder) inventory_.add_backorder(slot);
  else pick_pack_.join(slot, t);
  replenishment_.check_reorder(job.pair, t);
}

void Orders::on_arrival(SimTime t, std::uint64_t k) {
  Job job = draw(t, k);
  Tracer* const tracer = kpi_.tracer() && kpi_.tracer()->follows_order(k) ? kpi_.tracer() : nullptr;
  if (tracer) tracer->order_arrives(job, inventory_.pairs());
  PromiseQuote promise;
  const bool in_stock = choose(job, promise);
  if (in_stock) {
    job.warehouse = promise.warehouse;
  } else {
    job.warehouse = *m_.nearest_stocking(job.sku, job.zone);  // validation: every SKU is stocked somewhere
    job.backorder = m_.on_stockout == OnStockout::backorder;
  }
  job.pair = m_.pair(job.sku, job.warehouse);
  count_arrival(job, !in_stock && !job.backorder);
  if (!in_stock && !job.backorder) {
    lose(job);
    if (tracer) tracer->order_decided(job, std::nullopt, true, inventory_.pair(job.pair));
    return;
  }
  if (in_stock) reserve(job, promise, t);
  else backorder(job, t);
  if (tracer) tracer->order_decided(job, in_stock ? std::optional(promise.warehouse) : std::nullopt, false, inventory_.pair(job.pair));
  kpi_.backlog_change(t, job.warehouse, 1);
  if (job.prime && job.measured)  // §3.8, R16
    kpi_.orders(job.warehouse).fast += job.promised_day <= promise_.fast_limit(day_of(t));
  if (job.record >= 0) {
    OrderRecord& r = kpi_.record(job.record);
    r.warehouse = static_cast<std::int32_t>(job.warehouse);
    r.promised_ship = job.promised_ship;
    r.promised_delivery = job.promised_day;
    r.upstream = job.upstream;
    r.rerouted = job.warehouse != *m_.nearest_stocking(job.sku, job.zone);
  }
  queue(job, t);
}

}  // namespace milkrun::engine
