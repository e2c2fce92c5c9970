// Scenario -> Model: dense ids, distance and band tables, demand rates, levels in units.
#include <milkrun/model/model.hpp>

#include <milkrun/errors.hpp>
#include <milkrun/model/travel.hpp>

#include "model/in_parts.hpp"
#include "model/milk_run_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace milkrun {

template <class Column>
AliasDraw<Column>::AliasDraw(const std::vector<double>& weights) {
  const std::size_t n = weights.size();
  columns.resize(n);
  for (std::size_t i = 0; i < n; ++i) columns[i].alias = static_cast<std::uint32_t>(i);
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (n == 0 || total <= 0) return;
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {  // Vose's stable construction
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    columns[s].prob = scaled[s];
    columns[s].alias = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (std::uint32_t i : large) columns[i].prob = 1.0;
  for (std::uint32_t i : small) columns[i].prob = 1.0;
}

template struct AliasDraw<AliasColumn>;
template struct AliasDraw<SkuColumn>;

namespace {

/// R22: round to the nearest unit, halves up.
Units round_half_up(double x) { return static_cast<Units>(std::floor(x + 0.5)); }

Units level_units(const Level& level, double units_per_day) {
  if (level.units) return round_half_up(*level.units);
  return round_half_up(level.days.value_or(0) * units_per_day);
}

/// R1-R2: expected orders in each clock hour of [0, horizon).
std::vector<double> hourly_orders(const Scenario& sc, double orders_per_day) {
  const Demand& d = sc.demand;
  auto share = [](const std::vector<double>& w, std::size_t i, std::size_t n) {
    if (w.empty()) return 1.0 / static_cast<double>(n);
    return w[i] / std::accumulate(w.begin(), w.end(), 0.0);
  };
  std::vector<double> out(static_cast<std::size_t>(sc.horizon_days) * 24);
  for (int day = 0; day < sc.horizon_days; ++day) {
    const Date date = sc.start + day;
    double peak = 1;
    for (const Peak& p : d.peaks)
      if (date >= p.from && date <= p.to) peak *= p.multiplier;
    const double day_orders =
        orders_per_day * 7.0 * share(d.weekday_profile, static_cast<std::size_t>(weekday_of(date)), 7) * peak;
    for (std::size_t h = 0; h < 24; ++h) out[static_cast<std::size_t>(day) * 24 + h] = day_orders * share(d.hour_profile, h, 24);
  }
  return out;
}

WarehouseModel warehouse_model(const WarehouseSpec& ws, Date start) {
  WarehouseModel w;
  w.id = ws.id;
  w.stations = ws.pick_pack.stations;
  w.pick_hours = OpenHours(start, ws.pick_pack.shifts);
  w.time_per_order = ws.pick_pack.time_per_order;
  w.time_per_unit = ws.pick_pack.time_per_unit;
  w.pick_sla = ws.pick_pack.pick_sla;
  w.priority = ws.pick_pack.priority;
  w.departures = ws.departures;
  std::sort(w.departures.begin(), w.departures.end());
  if (ws.receiving) {
    w.has_receiving = true;
    w.receiving_units_per_hour = ws.receiving->units_per_hour;
    w.receiving_hours = OpenHours(start, ws.receiving->shifts);
    w.dock_to_stock = ws.receiving->dock_to_stock;
  }
  w.expedite = ws.expedite;
  return w;
}

/// Zone ids and weights, the warehouse-zone km and transit bands.
void add_zones(const Scenario& sc, const TravelMatrix& travel, Model& m) {
  const std::size_t W = sc.warehouses.size(), Z = sc.zones.size();
  std::vector<double> zone_weights;
  for (const ZoneSpec& z : sc.zones) {
    m.zone_ids.push_back(z.id);
    zone_weights.push_back(z.weight);
  }
  m.zone_pick = AliasTable(zone_weights);
  m.km.resize(W * Z);
  m.band_days.resize(W * Z);
  for (std::size_t w = 0; w < W; ++w)
    for (std::size_t z = 0; z < Z; ++z) {
      m.km[w * Z + z] = travel.km(static_cast<Eigen::Index>(travel.warehouse(w)), static_cast<Eigen::Index>(travel.zone(z)));
      m.band_days[w * Z + z] = sc.carrier.transit_days[transit_band(sc.carrier.transit_days, m.km[w * Z + z])].days;
    }
}

/// Dense ids of the named entities the SKUs refer to (hashed: a million SKUs look them up).
struct Ids {
  std::unordered_map<std::string, SupplierId> suppliers;
  std::unordered_map<std::string, SellerId> sellers;
  std::unordered_map<std::string, WarehouseId> warehouses;
  std::vector<WarehouseId> catalog_stock;  ///< the warehouse of each of Scenario::catalog_stock's entries

  /// The warehouse of entry `i` of `sku`'s stock.
  WarehouseId warehouse(const SkuSpec& sku, const StockSpec& st, std::size_t i) const {
    return sku.generated ? catalog_stock[sku.catalog_stock + i] : warehouses.at(st.warehouse);
  }
};

void add_suppliers(const Scenario& sc, Model& m, Ids& ids) {
  for (const SupplierSpec& s : sc.suppliers) {
    ids.suppliers[s.id] = static_cast<SupplierId>(m.suppliers.size());
    SupplierModel v;
    v.id = s.id;
    v.delivery = s.delivery;
    v.review = s.review;
    v.lead_time = s.lead_time.value_or(Distribution::constant_of(0));
    v.ready = s.ready;
    v.dock = s.dock;
    v.rs_pairs.resize(sc.warehouses.size());
    m.suppliers.push_back(std::move(v));
  }
}

void add_sellers(const Scenario& sc, Model& m, Ids& ids) {
  for (const SellerSpec& s : sc.sellers) {
    ids.sellers[s.id] = static_cast<SellerId>(m.sellers.size());
    SellerModel v;
    v.id = s.id;
    v.review = s.review;
    v.carton_units = s.carton_units;
    v.transit = s.transit;
    v.defect_threshold = s.defect_threshold;
    v.pairs.resize(sc.warehouses.size());
    m.sellers.push_back(std::move(v));
  }
}

SkuModel sku_model(const SkuSpec& spec, const Ids& ids, double orders_per_day) {
  SkuModel sku;
  sku.id = spec.id;
  if (!spec.supplier.empty()) sku.supplier = ids.suppliers.at(spec.supplier);
  if (!spec.seller.empty()) sku.seller = ids.sellers.at(spec.seller);
  sku.prime = spec.prime;
  sku.orders_per_day = orders_per_day;
  sku.unit = {spec.unit.liters, spec.unit.kg};
  sku.value = spec.unit.value;
  return sku;
}

/// Dense ids of the sets of warehouses SKUs are stocked in, so SKUs can be taken set by set:
/// a generated SKU's set is its run of Scenario::catalog_stock (a million SKUs share a few
/// dozen), a listed SKU's is told by its warehouses.
class StockingSets {
 public:
  explicit StockingSets(std::size_t catalog_entries) : by_entry_(catalog_entries, kNone) {}

  /// The id of the set `spec` is stocked in (`stocked`, non-empty).
  std::uint32_t of(const SkuSpec& spec, std::span<const Stocking> stocked) {
    if (spec.generated) {
      std::uint32_t& id = by_entry_[spec.catalog_stock];
      if (id == kNone) id = count_++;
      return id;
    }
    key_.clear();
    for (const Stocking& e : stocked) key_.append(reinterpret_cast<const char*>(&e.warehouse), sizeof e.warehouse);
    const auto [it, fresh] = listed_.try_emplace(key_, count_);
    if (fresh) ++count_;
    return it->second;
  }
  std::size_t size() const { return count_; }

 private:
  std::vector<std::uint32_t> by_entry_;
  std::unordered_map<std::string, std::uint32_t> listed_;
  std::string key_;
  std::uint32_t count_ = 0;
};

/// The zones of one set of stocking warehouses, ordered by the warehouse nearest to them
/// (ties to the first in warehouse order), each warehouse's zones in zone order: the order in
/// which each stocking warehouse's share of a SKU's demand adds up zone by zone (R22).
class ZonesByNearest {
 public:
  ZonesByNearest(const Model& m, const std::vector<double>& zone_weights) : m_(m), zone_weights_(zone_weights) {}

  void arrange(std::span<const Stocking> stocked) {
    nearest_.resize(m_.zone_count());
    first_.assign(stocked.size() + 1, 0);
    for (ZoneId z = 0; z < m_.zone_count(); ++z) {
      std::uint32_t best = 0;
      for (std::uint32_t i = 1; i < stocked.size(); ++i)
        if (m_.distance(stocked[i].warehouse, z) < m_.distance(stocked[best].warehouse, z)) best = i;
      nearest_[z] = best;
      ++first_[best + 1];
    }
    for (std::size_t i = 1; i < first_.size(); ++i) first_[i] += first_[i - 1];
    weights_.resize(m_.zone_count());
    std::vector<std::uint32_t> next(first_.begin(), first_.end() - 1);
    for (ZoneId z = 0; z < m_.zone_count(); ++z) weights_[next[nearest_[z]]++] = zone_weights_[z];
  }
  std::size_t warehouses() const { return first_.size() - 1; }
  /// The weights of the zones nearest to stocking warehouse `i`, in zone order.
  std::span<const double> weights(std::size_t i) const {
    return std::span<const double>(weights_).subspan(first_[i], first_[i + 1] - first_[i]);
  }

 private:
  const Model& m_;
  const std::vector<double>& zone_weights_;
  std::vector<std::uint32_t> nearest_, first_;
  std::vector<double> weights_;
};

/// SKUs summed side by side: independent sums that vectorise and overlap.
constexpr std::size_t kLanes = 8;

/// Σ over `weights` in order of units_per_day × weight / weight_total, for kLanes SKUs at once.
/// At a million SKUs and 400 zones these are 400 million divisions, the most of a model's
/// build: compiled also for AVX2 and AVX-512, where one instruction divides 4 or 8 lanes (the
/// baseline's SSE2 divides 2), and taken for the machine it runs on. Each lane's terms are the
/// same IEEE multiplications, divisions and additions in the same order on every one.
[[gnu::target_clones("avx512f", "avx2", "default")]]
std::array<double, kLanes> lane_sums(const std::array<double, kLanes> units_per_day, std::span<const double> weights,
                                     double weight_total) {
  std::array<double, kLanes> sums{};
  for (const double w : weights)
    for (std::size_t l = 0; l < kLanes; ++l) sums[l] += units_per_day[l] * w / weight_total;
  return sums;
}

/// R22: each zone's share of a SKU's demand (`units_per_day[s]` in all) goes to its nearest
/// stocking warehouse, summed zone by zone as `nearest_stocking` would give them. SKUs go
/// set by set (`set_of`: their StockingSets id, kNone when stocked nowhere), kLanes SKUs of a
/// set at a time, the sets split over the cores: each SKU's sums are the same additions in
/// the same order whichever way it is taken.
void add_zone_demand(Model& m, const std::vector<double>& units_per_day, const std::vector<std::uint32_t>& set_of,
                     std::size_t sets, const std::vector<double>& zone_weights, double weight_total) {
  std::vector<std::size_t> from(sets + 1, 0);  // counting sort of the SKUs by set
  for (const std::uint32_t id : set_of)
    if (id != kNone) ++from[id + 1];
  for (std::size_t i = 1; i <= sets; ++i) from[i] += from[i - 1];
  std::vector<SkuId> order(from.back());
  {
    std::vector<std::size_t> next(from.begin(), from.end() - 1);
    for (SkuId s = 0; s < set_of.size(); ++s)
      if (set_of[s] != kNone) order[next[set_of[s]]++] = s;
  }
  in_parts(order.size(), 1 << 14, [&](std::size_t begin, std::size_t end) {
    ZonesByNearest zones(m, zone_weights);
    std::array<double, kLanes> units{};
    std::array<SkuId, kLanes> skus{};
    for (std::size_t i = begin; i < end;) {
      const std::span<const Stocking> stocked = m.stocked(order[i]);
      zones.arrange(stocked);
      for (const std::size_t set_end = std::min(end, from[set_of[order[i]] + 1]); i < set_end;) {
        const std::size_t n = std::min(kLanes, set_end - i);
        units.fill(0.0);
        for (std::size_t l = 0; l < n; ++l) units[l] = units_per_day[skus[l] = order[i + l]];
        for (std::size_t w = 0; w < zones.warehouses(); ++w) {
          const std::array<double, kLanes> sums = lane_sums(units, zones.weights(w), weight_total);
          for (std::size_t l = 0; l < n; ++l) m.pairs[m.stocked(skus[l])[w].pair].mean_units_per_day = sums[l];
        }
        i += n;
      }
    }
  });
}

/// The initial stock of pair `id` and its restocking: a seller's cover (R24) or a policy (R18-R22).
void set_levels(const Scenario& sc, Model& m, const StockSpec& st, PairId id) {
  PairModel& p = m.pairs[id];
  const SkuModel& sku = m.skus[p.sku];
  p.initial = level_units(st.initial, p.mean_units_per_day);
  if (sku.seller != kNone) {  // R24: sellers restock to cover_days; a policy is ignored
    p.cover = round_half_up(sc.sellers[sku.seller].cover_days * p.mean_units_per_day);
    m.sellers[sku.seller].pairs[p.warehouse].push_back(id);
    return;
  }
  if (!st.policy) return;
  p.has_policy = true;
  p.policy = st.policy->type;
  p.order_up_to = st.policy->order_up_to.given() ? level_units(st.policy->order_up_to, p.mean_units_per_day) : p.initial;
  p.reorder_point = p.policy == PolicyType::base_stock ? p.order_up_to - 1
                                                       : level_units(st.policy->reorder_point, p.mean_units_per_day);
  if (p.policy == PolicyType::RS) m.suppliers[sku.supplier].rs_pairs[p.warehouse].push_back(id);
}

/// The SKUs and their stocked pairs, with demand rates from `rates`.
void add_skus(const Scenario& sc, Model& m, const Ids& ids, const std::vector<double>& rates) {
  const double units_per_order = sc.demand.line_units().mean();  // R22, R40: units per draw
  std::vector<double> zone_weights;
  double weight_total = 0;
  for (const ZoneSpec& z : sc.zones) {
    zone_weights.push_back(z.weight);
    weight_total += z.weight;
  }
  std::size_t pair_count = 0;
  for (const SkuSpec& spec : sc.skus) pair_count += sc.stock_of(spec).size();
  reserve_in_parts(m.skus, sc.skus.size());
  reserve_in_parts(m.pairs, pair_count);
  reserve_in_parts(m.stocking, pair_count);
  StockingSets sets(sc.catalog_stock.size());
  std::vector<std::uint32_t> set_of(sc.skus.size(), kNone);
  for (SkuId s = 0; s < sc.skus.size(); ++s) {
    const SkuSpec& spec = sc.skus[s];
    m.skus.push_back(sku_model(spec, ids, rates[s]));
    if (m.skus.back().supplier != kNone) {
      if (m.supplier_skus.size() <= m.skus.back().supplier) m.supplier_skus.resize(m.skus.back().supplier + 1);
      m.supplier_skus[m.skus.back().supplier].push_back(s);
    }
    const auto first = static_cast<PairId>(m.pairs.size());  // pair ids in the SKU's stock order
    const std::span<const StockSpec> stock = sc.stock_of(spec);
    for (std::size_t i = 0; i < stock.size(); ++i) {
      PairModel p;
      p.sku = s;
      p.warehouse = ids.warehouse(spec, stock[i], i);
      m.stocking.push_back({p.warehouse, static_cast<PairId>(m.pairs.size())});
      m.pairs.push_back(p);
    }
    std::sort(m.stocking.begin() + first, m.stocking.end(),
              [](const Stocking& a, const Stocking& b) { return a.warehouse < b.warehouse; });
    SkuColumn& column = m.sku_pick.columns[s];
    column.first = first;
    column.count = static_cast<std::uint32_t>(stock.size());
    column.seller = m.skus.back().seller;
    column.prime = m.skus.back().prime;
    if (!stock.empty()) set_of[s] = sets.of(spec, m.stocked(s));
  }
  std::vector<double> units_per_day(sc.skus.size());
  for (SkuId s = 0; s < sc.skus.size(); ++s) units_per_day[s] = rates[s] * units_per_order;
  add_zone_demand(m, units_per_day, set_of, sets.size(), zone_weights, weight_total);
  for (SkuId s = 0; s < sc.skus.size(); ++s) {  // pair ids in the SKU's stock order
    const std::span<const StockSpec> stock = sc.stock_of(sc.skus[s]);
    for (std::size_t i = 0; i < stock.size(); ++i) set_levels(sc, m, stock[i], m.sku_pick.columns[s].first + static_cast<PairId>(i));
  }
}

}  // namespace

// Shared with validation (model/milk_run_plan.hpp), which plans with the rates the whole catalog gives.
std::vector<double> sku_rates(const Scenario& sc) {
  std::vector<double> rates;
  rates.reserve(sc.skus.size());
  for (const SkuSpec& s : sc.skus) rates.push_back(s.orders_per_day.value_or(0));
  const double total = std::accumulate(rates.begin(), rates.end(), 0.0);
  if (!sc.demand.orders_per_day) return rates;
  // R40: the SKUs are drawn for lines, mean-lines times per order.
  const double want = *sc.demand.orders_per_day * sc.demand.mean_lines();
  if (total <= 0) {  // no per-SKU rates: split equally
    std::fill(rates.begin(), rates.end(), want / static_cast<double>(rates.size()));
  } else {
    for (double& r : rates) r *= want / total;
  }
  return rates;
}

std::size_t transit_band(const std::vector<TransitBand>& bands, Km km) {
  for (std::size_t i = 0; i < bands.size(); ++i)
    if (!bands[i].max_km || km <= *bands[i].max_km) return i;
  return bands.size() - 1;  // validation rejects distances past a bounded last band
}

Model build_model(const Scenario& sc) {
  Model m;
  m.name = sc.name;
  m.start = sc.start;
  m.horizon_days = sc.horizon_days;
  m.warmup_days = sc.warmup_days;
  m.warmup = static_cast<SimTime>(sc.warmup_days) * kSecondsPerDay;
  m.horizon = static_cast<SimTime>(sc.horizon_days) * kSecondsPerDay;
  m.seed = sc.seed;
  m.replications = sc.replications;
  m.calendar = CarrierCalendar(sc.start, sc.carrier.pickup_days, sc.carrier.delivery_days, sc.holidays);
  m.calendar.index_delivery_days(sc.horizon_days + 4 * 366);  // backorders wait up to 3 years past the horizon
  m.delay = sc.carrier.delay;
  for (const WarehouseSpec& ws : sc.warehouses) {
    if (ws.expedite) m.expediters.push_back(static_cast<WarehouseId>(m.warehouses.size()));
    m.warehouses.push_back(warehouse_model(ws, sc.start));
  }
  const std::shared_ptr<const TravelMatrix> remembered = remembered_travel_matrix(sc);
  const TravelMatrix& travel = *remembered;
  add_zones(sc, travel, m);

  Ids ids;
  add_suppliers(sc, m, ids);
  add_sellers(sc, m, ids);
  for (WarehouseId w = 0; w < sc.warehouses.size(); ++w) ids.warehouses[sc.warehouses[w].id] = w;
  for (const StockSpec& st : sc.catalog_stock) ids.catalog_stock.push_back(ids.warehouses.at(st.warehouse));
  const std::vector<double> rates = sku_rates(sc);
  m.sku_pick = AliasDraw<SkuColumn>(rates);  // before add_skus, which adds each SKU's own fields
  add_skus(sc, m, ids, rates);
  m.milk_runs = build_milk_runs(sc, m, travel, ids.suppliers, ids.warehouses);

  // R40: orders arrive at the SKUs' draws per day over the mean lines per order (exactly the
  // draws' total with one line per order).
  const double draws = std::accumulate(rates.begin(), rates.end(), 0.0);
  const double orders = !sc.demand.lines_per_order ? draws : sc.demand.orders_per_day.value_or(draws / sc.demand.mean_lines());
  m.hourly_orders = hourly_orders(sc, orders);
  m.units_per_line = sc.demand.line_units();
  m.lines_per_order = sc.demand.lines_per_order;
  m.split = sc.demand.split;
  m.prime_share = sc.demand.prime_share;
  m.replay = sc.demand.replay;
  m.on_stockout = sc.demand.on_stockout;
  m.backorder_wait = static_cast<Seconds>(std::llround(sc.demand.backorder_ship_days * kSecondsPerDay));
  m.prime_promise_days = sc.prime_promise_days;
  m.costs = sc.costs;
  return m;
}

}  // namespace milkrun
