#include "engine/orders.hpp"

#include "engine/tracer.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun::engine {

Orders::Orders(const Model& model, std::uint64_t seed, int replication, bool record_orders, EventQueue& events,
               Promise& promise, Inventory& inventory, Replenishment& replenishment, PickPack& pick_pack, JobSlots& jobs,
               KpiAccounting& kpi)
    : m_(model),
      record_(record_orders),
      zones_(seed, static_cast<std::uint64_t>(replication), Purpose::zone),
      skus_(seed, static_cast<std::uint64_t>(replication), Purpose::sku),
      units_(seed, static_cast<std::uint64_t>(replication), Purpose::units),
      prime_(seed, static_cast<std::uint64_t>(replication), Purpose::prime),
      lines_count_(seed, static_cast<std::uint64_t>(replication), Purpose::lines),
      events_(events),
      promise_(promise),
      inventory_(inventory),
      replenishment_(replenishment),
      pick_pack_(pick_pack),
      jobs_(jobs),
      kpi_(kpi),
      fetch_ahead_(!model.replay && !model.lines_per_order && model.skus.size() >= kFetchAheadSkus) {
  if (!model.expediters.empty()) {
    cap_day_.assign(model.warehouse_count(), -1);
    cap_used_.assign(model.warehouse_count(), 0);
  }
}

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
  a.units = std::max<Units>(1, round_half_away(m_.units_per_line.sample(ur)));  // R3
}

inline void Orders::fetch_column(std::uint64_t k) const {
  const Ahead& a = ahead_[k % kAhead];
  __builtin_prefetch(&m_.sku_pick.columns[a.column]);
}

/// Step 2: the SKU; then fetch its column, which says where its pairs are and whether it is Prime.
inline void Orders::draw_sku(std::uint64_t k) {
  Ahead& a = ahead(k);
  a.sku = m_.sku_pick.pick(a.column, a.coin);
}

inline void Orders::fetch_sku(std::uint64_t k) const {
  const Ahead& a = ahead_[k % kAhead];
  __builtin_prefetch(&m_.sku_pick.columns[a.sku]);
}

/// Step 3: the Prime coin; then fetch its pairs' state.
inline void Orders::draw_prime(std::uint64_t k) {
  Ahead& a = ahead(k);
  // R3. The coin is tossed for every order, Prime-eligible or not: its stream is the order's
  // own, so an unused toss shifts nothing, and the eligibility, a coin toss itself to a
  // branch predictor, is no branch.
  const bool heads = prime_.at(k).uniform() < m_.prime_share;
  a.prime = m_.sku_pick.columns[a.sku].prime & (m_.prime_share > 0) & heads;
}

inline void Orders::fetch_pairs(std::uint64_t k) const {
  for (const PairState& pair : states_of(ahead_[k % kAhead].sku)) __builtin_prefetch(&pair);
}

inline std::span<const PairState> Orders::states_of(SkuId sku) const {
  // The SKU's pairs are numbered over its stocking list's range, in its stock list's order.
  const SkuColumn& c = m_.sku_pick.columns[sku];
  return {inventory_.pairs().data() + c.first, c.count};
}

inline PairId Orders::pair_at(SkuId sku, WarehouseId w) const {  // Model::pair, from the pairs' state
  const std::span<const PairState> states = states_of(sku);
  for (const PairState& pair : states)
    if (pair.warehouse == w) return static_cast<PairId>(&pair - inventory_.pairs().data());
  return kNoPair;
}

inline Job Orders::new_job(SimTime t, std::uint64_t k, ZoneId zone, bool prime) {
  Job job;
  job.order = k;
  job.zone = zone;
  job.prime = prime;
  job.arrival = t;
  job.measured = t >= m_.warmup;
  job.lines = static_cast<std::uint32_t>(lines_.size());
  for (const JobLine& l : lines_) job.units += l.units;
  return job;
}

inline void Orders::add_line(SkuId sku, Units units) {
  for (JobLine& l : lines_)
    if (l.sku == sku) {
      l.units += units;
      return;
    }
  JobLine line;
  line.sku = sku;
  line.units = units;
  lines_.push_back(line);
}

inline bool Orders::prime_coin(std::uint64_t k) {  // R3, R40: every line's SKU Prime-eligible
  if (m_.prime_share <= 0) return false;
  for (const JobLine& l : lines_)
    if (!m_.skus[l.sku].prime) return false;
  return prime_.at(k).uniform() < m_.prime_share;
}

inline Job Orders::replayed(SimTime t, std::uint64_t k) {
  const ReplayOrders& r = *m_.replay;
  const std::uint32_t to = k + 1 < r.size() ? r.first_line[k + 1] : static_cast<std::uint32_t>(r.sku.size());
  lines_.clear();
  for (std::uint32_t i = r.first_line[k]; i < to; ++i) add_line(r.sku[i], r.units[i]);
  const bool prime = r.prime[k] >= 0 ? r.prime[k] == 1 : prime_coin(k);  // R42: as recorded, else the coin
  return new_job(t, k, r.zone[k], prime);
}

inline Job Orders::draw_lines(SimTime t, std::uint64_t k) {
  Rng lr = lines_count_.at(k);
  const long long count = std::max<long long>(1, round_half_away(m_.lines_per_order->sample(lr)));
  Rng zr = zones_.at(k);
  const double zone_coin = zr.uniform();
  const ZoneId zone = m_.zone_pick.sample(zr.uniform(), zone_coin);
  // Each line reads on along the order's SKU and units streams, so its first line draws
  // exactly what a one-line order does.
  Rng sr = skus_.at(k), ur = units_.at(k);
  lines_.clear();
  for (long long i = 0; i < count; ++i) {
    const double coin = sr.uniform();
    const SkuId sku = m_.sku_pick.pick(m_.sku_pick.column(sr.uniform()), coin);
    add_line(sku, std::max<Units>(1, round_half_away(m_.units_per_line.sample(ur))));
  }
  return new_job(t, k, zone, prime_coin(k));
}

[[gnu::always_inline]] inline Job Orders::draw(SimTime t, std::uint64_t k) {
  if (m_.replay) return replayed(t, k);
  if (m_.lines_per_order) return draw_lines(t, k);
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
  lines_.resize(1);
  lines_[0] = JobLine{};
  lines_[0].sku = a.sku;
  lines_[0].units = a.units;
  return new_job(t, k, a.zone, a.prime);
}

inline bool Orders::choose(const Job& job, PromiseQuote& promise) {
  const JobLine& first = lines_[0];
  if (lines_.size() == 1) {  // the pairs' own state says where they are: one cache line each
    const auto in_stock = [&](const PairState& pair) { return pair.free >= first.units; };
    return promise_.best_of(states_of(first.sku), job.zone, job.arrival, in_stock, promise);
  }
  // R5, R41: a warehouse qualifies when its free stock covers every line.
  const auto covers = [&](const Stocking& e) {
    if (inventory_.pair(e.pair).free < first.units) return false;
    for (std::size_t i = 1; i < lines_.size(); ++i) {
      const PairId p = m_.pair(lines_[i].sku, e.warehouse);
      if (p == kNoPair || inventory_.pair(p).free < lines_[i].units) return false;
    }
    return true;
  };
  return promise_.best_of(m_.stocked(first.sku), job.zone, job.arrival, covers, promise);
}

bool Orders::stocks_every_line(WarehouseId w) const {
  for (const JobLine& l : lines_)
    if (m_.pair(l.sku, w) == kNoPair) return false;
  return true;
}

void Orders::record_placed(const Job& job, std::optional<WarehouseId> nearest) {
  OrderRecord& r = kpi_.record(job.record);
  r.warehouse = static_cast<std::int32_t>(job.warehouse);
  r.promised_ship = job.promised_ship;
  r.promised_delivery = job.promised_day;
  r.upstream = job.upstream;
  r.rerouted = !nearest || *nearest != job.warehouse;
}

std::optional<WarehouseId> Orders::nearest_stocking_all(const Job& job) const {
  if (lines_.size() == 1) return m_.nearest_stocking(lines_[0].sku, job.zone);
  std::optional<WarehouseId> best;
  for (const Stocking& e : m_.stocked(lines_[0].sku)) {  // in file order: ties keep the first
    if (stocks_every_line(e.warehouse) && (!best || m_.distance(e.warehouse, job.zone) < m_.distance(*best, job.zone))) best = e.warehouse;
  }
  return best;
}

[[gnu::always_inline]] inline void Orders::count_arrival(Job& job, bool lost) {
  kpi_.daily(day_of(job.arrival), job.warehouse).orders += 1;
  kpi_.balance().demanded += job.units;
  if (!job.measured) return;
  const auto count_seller = [&](SellerId seller) {
    kpi_.seller(seller).orders += 1;
    kpi_.seller(seller).late_or_lost += lost;
  };
  if (lines_.size() == 1) {  // most orders: their SKU's seller, if any
    if (const SellerId seller = m_.sku_pick.columns[lines_[0].sku].seller; seller != kNone) count_seller(seller);
  } else {
    for_each_seller_once(m_, [&](auto&& line) { for (const JobLine& l : lines_) line(l); }, count_seller);
  }
  OrderCounters& c = kpi_.orders(job.warehouse);
  c.orders += 1;
  c.units += job.units;
  c.prime += job.prime;
  c.lines += static_cast<std::int64_t>(lines_.size());  // R41
  c.shipments += !lost;
  for (const JobLine& l : lines_) inventory_.pair(l.pair).demand += l.units;
  if (record_) {
    OrderRecord r;
    r.order = job.order;
    r.arrival = job.arrival;
    r.zone = job.zone;
    r.sku = lines_[0].sku;
    r.units = lines_[0].units;
    r.prime = job.prime;
    if (lines_.size() > 1)
      for (const JobLine& l : lines_) r.lines.push_back({l.sku, l.units});
    job.record = kpi_.new_record(r);
  }
}

inline Upstream Orders::cause_at(PairId p) {
  const PairState& pair = inventory_.pair(p);
  return pair.free == 0 ? pair.cause : Upstream::policy;
}

template <class Lost>
PairId Orders::lost_cause_pair(Lost&& lost) const {
  PairId first = kNoPair;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (!lost(i)) continue;
    if (inventory_.pairs()[lines_[i].pair].free == 0) return lines_[i].pair;
    if (first == kNoPair) first = lines_[i].pair;
  }
  return first;
}

inline void Orders::lose(Job& job) {
  kpi_.balance().lost += job.units;
  // R37: each line under the cause of its own SKU at its nearest stocking warehouse.
  cause_pair_ = lost_cause_pair([](std::size_t) { return true; });
  job.upstream = cause_at(cause_pair_);
  if (job.record >= 0) {
    kpi_.record(job.record).upstream = job.upstream;
    kpi_.settle(job.record);  // nothing more happens to a lost order
  }
  if (!job.measured) return;
  kpi_.orders(job.warehouse).lost_orders += 1;
  for (const JobLine& l : lines_) {  // R37, R40: a lost line's units count at its own warehouse
    kpi_.orders(m_.pairs[l.pair].warehouse).lost_units += l.units;
    inventory_.count_lost(l.pair, cause_at(l.pair), l.units);
  }
}

inline void Orders::reserve(Job& job, const PromiseQuote& promise, SimTime t, std::vector<JobLine>& lines) {
  job.promised_ship = promise.ship_by;
  job.promised_day = promise.deliver_by;
  kpi_.balance().reserved += job.units;
  for (JobLine& l : lines) {
    PairState& pair = inventory_.pair(l.pair);
    if (job.measured) {
      kpi_.orders(job.warehouse).filled_units += l.units;
      pair.filled += l.units;
    }
    if (Tracer* tracer = kpi_.tracer()) tracer->reservation(l.pair, t, job.order, l.units, pair.free);
    inventory_.set_free(l.pair, pair.free - l.units, t);
    inventory_.hold(l, job.warehouse, l.units, t);
  }
}

inline void Orders::backorder(Job& job, SimTime t, std::vector<JobLine>& lines) {
  kpi_.balance().backordered += job.units;
  const PromiseQuote late = promise_.backorder(job.warehouse, job.zone, t);
  job.promised_ship = late.ship_by;
  job.promised_day = late.deliver_by;
  job.missing = 0;
  for (JobLine& l : lines) {
    PairState& pair = inventory_.pair(l.pair);
    const Units take = std::min(pair.free, l.units);
    if (take > 0) {
      inventory_.set_free(l.pair, pair.free - take, t);
      inventory_.hold(l, job.warehouse, take, t);
    }
    l.missing = l.units - take;
    pair.missing += l.missing;
    job.missing += l.missing;
    if (Tracer* tracer = kpi_.tracer())
      tracer->pair_event(l.pair, t, "backorder", "order " + std::to_string(job.order) + " takes " + std::to_string(take) +
                                                     " and waits for " + std::to_string(l.missing));
  }
  // R37, after its own reservation: the cause at its first line still waiting.
  cause_pair_ = lines[0].pair;
  for (const JobLine& l : lines)
    if (l.missing > 0) {
      cause_pair_ = l.pair;
      break;
    }
  job.upstream = cause_at(cause_pair_);
}

[[gnu::always_inline]] inline void Orders::queue(Job& job, SimTime t, const std::vector<JobLine>& lines) {
  if (!job.backorder && lines.size() == 1 && pick_pack_.starts_at_once(job.warehouse)) {  // no slot needed
    job.line = lines[0];
    job.lines = 1;
    job.more = kNoSlot;
    pick_pack_.join_at_once(job, t);
  } else {
    const std::uint32_t slot = jobs_.add(job, lines.data(), lines.size());
    if (job.backorder) inventory_.add_backorder(slot);
    else pick_pack_.join(slot, t);
  }
  for (const JobLine& l : lines) replenishment_.check_reorder(l.pair, t);
}

bool Orders::split(Job& job, SimTime t) {
  const std::size_t L = lines_.size();
  parts_.clear();
  part_of_.assign(L, -1);
  const auto covers = [&](std::size_t i, WarehouseId w) {
    const PairId p = m_.pair(lines_[i].sku, w);
    return p != kNoPair && inventory_.pair(p).free >= lines_[i].units;
  };
  for (;;) {  // each warehouse takes its lines at most once: what it covers stays covered
    std::optional<Part> best;
    std::size_t best_count = 0;
    for (WarehouseId w = 0; w < m_.warehouse_count(); ++w) {  // file order: ties keep the first
      std::size_t count = 0;
      for (std::size_t i = 0; i < L; ++i) count += part_of_[i] < 0 && covers(i, w);
      if (count == 0 || count < best_count) continue;
      const PromiseQuote q = promise_.quote(w, job.zone, t);
      if (count > best_count || better_promise(m_, job.zone, q, best->promise)) {
        best = Part{w, q, false};
        best_count = count;
      }
    }
    if (!best) break;
    parts_.push_back(*best);
    for (std::size_t i = 0; i < L; ++i)
      if (part_of_[i] < 0 && covers(i, best->warehouse)) part_of_[i] = static_cast<std::int32_t>(parts_.size() - 1);
  }
  const bool wait = m_.on_stockout == OnStockout::backorder;
  for (std::size_t i = 0; i < L && wait; ++i) {  // each line left waits at its own nearest stocking warehouse
    if (part_of_[i] >= 0) continue;
    const WarehouseId w = *m_.nearest_stocking(lines_[i].sku, job.zone);
    std::size_t k = 0;
    while (k < parts_.size() && parts_[k].warehouse != w) ++k;
    if (k == parts_.size()) parts_.push_back({w, {}, true});
    parts_[k].backorder = true;  // a warehouse's part is one shipment, which now waits
    part_of_[i] = static_cast<std::int32_t>(k);
  }
  if (parts_.empty()) return false;

  for (std::size_t i = 0; i < L; ++i)  // a lost line stays with its SKU's nearest stocking warehouse (R37)
    lines_[i].pair = m_.pair(lines_[i].sku, part_of_[i] >= 0 ? parts_[static_cast<std::size_t>(part_of_[i])].warehouse
                                                             : *m_.nearest_stocking(lines_[i].sku, job.zone));
  job.warehouse = parts_[0].warehouse;  // the order's counters go to its first shipment's warehouse
  count_arrival(job, false);
  const std::uint32_t n = static_cast<std::uint32_t>(parts_.size());
  if (job.measured) {
    OrderCounters& c = kpi_.orders(job.warehouse);
    c.shipments += n - 1;
    c.split_orders += n >= 2;
  }
  const PairId lost_pair = lost_cause_pair([&](std::size_t i) { return part_of_[i] < 0; });
  Upstream upstream = lost_pair == kNoPair ? Upstream::none : cause_at(lost_pair);
  std::vector<SellerId> defective;  // R24: sellers with a lost line count the order as lost
  for (std::size_t i = 0; i < L; ++i) {  // R41: the units of lines none covers are lost
    if (part_of_[i] >= 0) continue;
    const JobLine& l = lines_[i];
    const Upstream cause = cause_at(l.pair);
    kpi_.balance().lost += l.units;
    if (!job.measured) continue;
    kpi_.orders(m_.pairs[l.pair].warehouse).lost_units += l.units;  // at its own warehouse (R37)
    inventory_.count_lost(l.pair, cause, l.units);
    const SellerId seller = m_.skus[l.sku].seller;
    if (seller != kNone && std::find(defective.begin(), defective.end(), seller) == defective.end()) {
      defective.push_back(seller);
      kpi_.seller(seller).late_or_lost += 1;
    }
  }

  // Each part a shipment; the order's promise is the latest of theirs.
  std::vector<Job> shipments(n, job);
  std::vector<std::vector<JobLine>> shipment_lines(n);
  bool any_backorder = false;
  DayIndex promised_day = 0;
  for (std::uint32_t k = 0; k < n; ++k) {
    Job& s = shipments[k];
    s.warehouse = parts_[k].warehouse;
    s.shipment = k;
    s.backorder = parts_[k].backorder;
    s.units = 0;
    for (std::size_t i = 0; i < L; ++i)
      if (part_of_[i] == static_cast<std::int32_t>(k)) {
        shipment_lines[k].push_back(lines_[i]);
        s.units += lines_[i].units;
      }
    s.lines = static_cast<std::uint32_t>(shipment_lines[k].size());
    if (s.backorder) {
      backorder(s, t, shipment_lines[k]);
      if (upstream == Upstream::none) upstream = s.upstream;
      any_backorder = true;
    } else {
      reserve(s, parts_[k].promise, t, shipment_lines[k]);
    }
    promised_day = std::max(promised_day, s.promised_day);
    kpi_.backlog_change(t, s.warehouse, 1);
  }
  job.upstream = upstream;
  if (job.measured && any_backorder) kpi_.orders(job.warehouse).backorders += 1;
  if (job.prime && job.measured)  // §3.8, R16: the order's promise
    kpi_.orders(job.warehouse).fast += promised_day <= promise_.fast_limit(day_of(t));
  std::uint32_t group = kNoSlot;
  if (job.measured) {  // one shipment or several, the order counts once its last is delivered
    std::vector<SellerId> sellers;  // those a late delivery makes a defect of (not twice)
    for (const JobLine& l : lines_) {
      const SellerId seller = m_.skus[l.sku].seller;
      if (seller != kNone && std::find(sellers.begin(), sellers.end(), seller) == sellers.end() &&
          std::find(defective.begin(), defective.end(), seller) == defective.end())
        sellers.push_back(seller);
    }
    group = kpi_.new_split(job.warehouse, promised_day, n, job.record, std::move(sellers));
  }
  if (job.record >= 0) {
    OrderRecord& r = kpi_.record(job.record);
    r.warehouse = static_cast<std::int32_t>(job.warehouse);
    r.promised_ship = shipments[0].promised_ship;
    r.promised_delivery = promised_day;
    r.upstream = upstream;
    const std::optional<WarehouseId> nearest = nearest_stocking_all(job);
    r.rerouted = n >= 2 || !nearest || *nearest != job.warehouse;
    if (n >= 2)
      for (const Job& s : shipments) r.shipments.push_back({static_cast<std::int32_t>(s.warehouse), s.promised_ship, 0, 0, 0, 0, false});
  }
  if (Tracer* tracer = kpi_.tracer(); tracer && tracer->follows_order(job.order))
    tracer->order_split(job, shipments, promised_day, lines_, part_of_);
  for (std::uint32_t k = 0; k < n; ++k) {
    shipments[k].group = group;
    queue(shipments[k], t, shipment_lines[k]);
  }
  return true;
}

bool Orders::expedite(Job& job, SimTime t) {
  expediters_.clear();
  for (const WarehouseId w : m_.expediters)
    if (stocks_every_line(w)) expediters_.push_back(promise_.quote(w, job.zone, t));
  // §3.2's order (earliest delivery, shorter distance, file order) is total: file order decides last.
  std::sort(expediters_.begin(), expediters_.end(),
            [&](const PromiseQuote& a, const PromiseQuote& b) { return better_promise(m_, job.zone, a, b); });
  const DayIndex day = day_of(t);
  for (const PromiseQuote& q : expediters_) {
    const WarehouseId w = q.warehouse;
    Units lacking = 0;
    for (const JobLine& l : lines_) lacking += std::max<Units>(0, l.units - inventory_.pair(m_.pair(l.sku, w)).free);
    if (cap_day_[w] != day) cap_day_[w] = day, cap_used_[w] = 0;  // orders arrive in time order
    const Expedite& e = *m_.warehouses[w].expedite;
    if (e.max_units_per_day && cap_used_[w] + lacking > *e.max_units_per_day) continue;
    cap_used_[w] += lacking;
    expedite_at(job, q, t);
    return true;
  }
  return false;
}

void Orders::expedite_at(Job& job, const PromiseQuote& q, SimTime t) {
  const WarehouseId w = q.warehouse;
  const Expedite& e = *m_.warehouses[w].expedite;
  const DayIndex day = day_of(t);
  job.warehouse = w;
  job.expedited = true;
  for (JobLine& l : lines_) l.pair = m_.pair(l.sku, w);
  count_arrival(job, false);
  kpi_.balance().expedited += job.units;
  job.promised_ship = q.ship_by;  // the promise it would have had in stock here
  job.promised_day = q.deliver_by;
  job.missing = 0;
  for (JobLine& l : lines_) {  // its free units are reserved now, the rest is bought
    PairState& pair = inventory_.pair(l.pair);
    const Units take = std::min(pair.free, l.units);
    if (take > 0) {
      if (Tracer* tracer = kpi_.tracer()) tracer->reservation(l.pair, t, job.order, take, pair.free);
      inventory_.set_free(l.pair, pair.free - take, t);
      inventory_.hold(l, w, take, t);
    }
    l.missing = l.units - take;
    job.missing += l.missing;
  }
  // R37, after its own reservation: its first line that lacked units, at that SKU's
  // nearest stocking warehouse.
  cause_pair_ = lines_[0].pair;
  for (const JobLine& l : lines_)
    if (l.missing > 0) {
      cause_pair_ = m_.pair(l.sku, *m_.nearest_stocking(l.sku, job.zone));
      break;
    }
  job.upstream = cause_at(cause_pair_);
  kpi_.daily(day, w).expedited_units += job.missing;
  kpi_.backlog_change(t, w, 1);
  if (job.measured) {  // none of its units count as filled from stock
    OrderCounters& c = kpi_.orders(w);
    c.expedited_orders += 1;
    c.expedited_units += job.missing;
    c.expedite_cost += static_cast<double>(job.missing) * e.premium_per_unit;
    if (job.prime) c.fast += job.promised_day <= promise_.fast_limit(day);  // §3.8, R16
    ++measured_expedites_;
  }
  if (job.record >= 0) record_placed(job, nearest_stocking_all(job));
  if (Tracer* tracer = kpi_.tracer(); tracer && tracer->follows_order(job.order))
    tracer->order_expedited(job, t + e.lead_time, e.premium_per_unit, cause_pair_, inventory_.pair(cause_pair_));
  const std::uint32_t slot = jobs_.add(job, lines_.data(), lines_.size());
  for (const JobLine& l : lines_) replenishment_.check_reorder(l.pair, t);
  if (e.lead_time == 0) on_expedite_arrives(slot, t);
  else events_.schedule(t + e.lead_time, Rank::stock, EventType::expedite_arrives, slot);
}

void Orders::on_expedite_arrives(std::uint32_t slot, SimTime t) {
  Job& job = jobs_[slot];
  jobs_.for_each_line(slot, [&](JobLine& l, LineRef) {
    if (l.missing == 0) return;
    inventory_.hold(l, job.warehouse, l.missing, t);  // on hand from now until it ships (R27)
    l.missing = 0;
  });
  if (Tracer* tracer = kpi_.tracer(); tracer && tracer->follows_order(job.order)) tracer->expedite_arrives(job, t);
  kpi_.balance().bought += job.missing;
  job.missing = 0;
  if (job.measured) --measured_expedites_;
  pick_pack_.join(slot, t);
}

void Orders::on_arrival(SimTime t, std::uint64_t k) {
  Job job = draw(t, k);
  Tracer* const tracer = kpi_.tracer() && kpi_.tracer()->follows_order(k) ? kpi_.tracer() : nullptr;
  if (tracer) tracer->order_arrives(job, lines_, inventory_.pairs());
  PromiseQuote promise;
  const bool in_stock = choose(job, promise);
  if (!in_stock && !m_.expediters.empty() && expedite(job, t)) return;  // R43: before a split, a loss or a backorder
  if (!in_stock && m_.split && lines_.size() > 1 && split(job, t)) return;
  // Only a shortage or a record asks for the nearest warehouse (a walk over the stock).
  const std::optional<WarehouseId> nearest = !in_stock || record_ ? nearest_stocking_all(job) : std::nullopt;
  if (in_stock) {
    job.warehouse = promise.warehouse;
  } else {
    // R34, R41: a backorder waits whole at the nearest warehouse stocking every line; with
    // none, the order is lost (validation: every SKU is stocked somewhere).
    job.backorder = m_.on_stockout == OnStockout::backorder && nearest;
    job.warehouse = nearest ? *nearest : *m_.nearest_stocking(lines_[0].sku, job.zone);
  }
  const bool lost = !in_stock && !job.backorder;
  for (JobLine& l : lines_)  // a lost line stays with its SKU's nearest stocking warehouse (R37)
    l.pair = pair_at(l.sku, lost && lines_.size() > 1 ? *m_.nearest_stocking(l.sku, job.zone) : job.warehouse);
  cause_pair_ = lines_[0].pair;
  count_arrival(job, lost);
  if (lost) {
    lose(job);
    if (tracer) tracer->order_decided(job, std::nullopt, true, cause_pair_, inventory_.pair(cause_pair_));
    return;
  }
  if (in_stock) {
    reserve(job, promise, t, lines_);
  } else {
    backorder(job, t, lines_);
    if (job.measured) kpi_.orders(job.warehouse).backorders += 1;
  }
  if (tracer)
    tracer->order_decided(job, in_stock ? std::optional(promise.warehouse) : std::nullopt, false, cause_pair_,
                          inventory_.pair(cause_pair_));
  kpi_.backlog_change(t, job.warehouse, 1);
  if (job.measured)  // §3.8, R16; whether it is Prime is a coin toss, so no branch on it
    kpi_.orders(job.warehouse).fast += job.prime & (job.promised_day <= promise_.fast_limit(day_of(t)));
  if (job.record >= 0) record_placed(job, nearest);  // nearest is set: record_
  queue(job, t, lines_);
}

}  // namespace milkrun::engine
