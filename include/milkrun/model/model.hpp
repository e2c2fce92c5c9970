// The immutable model the engine runs: dense integer ids, flat arrays, every level in
// units and every time in seconds. Built once from a validated Scenario.
#pragma once
#include <milkrun/model/calendar.hpp>
#include <milkrun/distribution.hpp>
#include <milkrun/load.hpp>
#include <milkrun/scenario.hpp>
#include <milkrun/types.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace milkrun {

inline constexpr PairId kNoPair = std::numeric_limits<PairId>::max();

/// One warehouse that stocks a SKU, and the pair's id.
struct Stocking {
  WarehouseId warehouse = 0;
  PairId pair = kNoPair;
};

/// A column of an alias table: its own index with probability `prob`, else `alias`.
struct AliasColumn {
  double prob = 1.0;
  std::uint32_t alias = 0;
};

/// Walker's alias method: O(1) draws from a discrete law (Walker 1977; Vose 1991). `Column`
/// is an AliasColumn, or one that also carries what the caller reads of the index drawn.
template <class Column>
struct AliasDraw {
  std::vector<Column> columns;
  AliasDraw() = default;
  explicit AliasDraw(const std::vector<double>& weights);  // Vose's construction (model/build.cpp)
  /// Index for two uniforms on [0, 1).
  std::uint32_t sample(double u_column, double u_coin) const { return pick(column(u_column), u_coin); }
  /// The two steps of `sample`, for callers that fetch column `i` before the coin.
  std::uint32_t column(double u_column) const {
    const auto i = static_cast<std::uint32_t>(u_column * static_cast<double>(columns.size()));
    return i >= columns.size() ? static_cast<std::uint32_t>(columns.size() - 1) : i;
  }
  /// Which one it is, is the coin's toss: chosen by a mask, not a branch that would miss half the time.
  std::uint32_t pick(std::uint32_t i, double u_coin) const {
    const std::uint32_t keep = 0u - static_cast<std::uint32_t>(u_coin < columns[i].prob);
    return (i & keep) | (columns[i].alias & ~keep);
  }
};
using AliasTable = AliasDraw<AliasColumn>;

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// SKU `s`'s column of the SKU draw, and what an order reads of SKU `s` before its promise:
/// where its pairs and stocking list lie, its seller and its Prime flag (copies of SkuModel's).
/// At a million SKUs an order's column misses the cache and the TLB, and when the column keeps
/// its own SKU, as a rarely ordered SKU's mostly does, the SKU then costs no second miss.
struct SkuColumn : AliasColumn {
  std::uint32_t first = 0, count = 0;  ///< stocking[first] .. stocking[first + count], its pairs' ids too
  SellerId seller = kNone;
  bool prime = false;
};
static_assert(sizeof(SkuColumn) == 32, "two SKUs a cache line");

struct WarehouseModel {
  std::string id;
  int stations = 1;
  OpenHours pick_hours;
  Distribution time_per_order, time_per_unit;
  Seconds pick_sla = 0;
  Priority priority = Priority::fifo;
  std::vector<Seconds> departures;
  bool has_receiving = false;
  std::optional<double> receiving_units_per_hour;
  OpenHours receiving_hours;
  Seconds dock_to_stock = 0;
  std::optional<Expedite> expedite;  ///< R43
};

/// A stocked (SKU, warehouse) pair and its policy, levels in units (R19-R22).
struct PairModel {
  SkuId sku = 0;
  WarehouseId warehouse = 0;
  Units initial = 0;
  bool has_policy = false;
  PolicyType policy = PolicyType::RS;
  Units order_up_to = 0;    ///< S
  Units reorder_point = 0;  ///< s (sS, base_stock)
  Units cover = 0;          ///< sellers: `cover_days` of demand (R24)
  double mean_units_per_day = 0;
};

struct SkuModel {
  std::string id;
  SupplierId supplier = kNone;  ///< source supplier, or kNone
  SellerId seller = kNone;      ///< source seller, or kNone
  bool prime = false;
  double orders_per_day = 0;  ///< after demand.orders_per_day scaling
  Load unit;  ///< one unit's size
  double value = 0;
};

/// A supplier: a vendor delivers on its own after a lead time; a milk-run supplier is
/// collected by the retailer's trucks (R23).
struct SupplierModel {
  std::string id;
  Delivery delivery = Delivery::vendor;
  std::optional<WeeklyTime> review;  ///< vendors
  Distribution lead_time;            ///< vendors
  std::optional<Distribution> ready;  ///< milk runs: absent = always ready
  std::optional<Shift> dock;          ///< milk runs: absent = always open
  std::vector<std::vector<PairId>> rs_pairs;  ///< per warehouse, its RS pairs in SKU file order
};

/// A third-party seller shipping cartons into the warehouses (R24).
struct SellerModel {
  std::string id;
  WeeklyTime review;
  Units carton_units = 1;
  Distribution transit;
  double defect_threshold = 0;  ///< R47
  std::vector<std::vector<PairId>> pairs;  ///< per warehouse, its stocked pairs
};

/// One loop of a milk run: the stops in order, the legs' driving seconds and km
/// (warehouse -> stop 1 -> ... -> warehouse) and how many trucks drive it together.
struct RunLoop {
  std::vector<SupplierId> stops;
  std::vector<Seconds> leg_seconds;
  std::vector<Km> leg_km;
  Km km = 0;
  int trucks = 1;
  /// R44, R45: driving seconds (unrounded) and km between any two of the loop's places,
  /// [a * (stops + 1) + b] with place 0 the warehouse and k + 1 stop k: a truck that skips a
  /// stop drives from the last place it reached to the next stop.
  std::vector<double> seconds_between;
  std::vector<Km> km_between;
  std::size_t places() const { return stops.size() + 1; }
  double seconds(std::size_t a, std::size_t b) const { return seconds_between[a * places() + b]; }
  Km km_from(std::size_t a, std::size_t b) const { return km_between[a * places() + b]; }
};

/// A milk run departing at one time of its schedule: a `schedule.depart` list makes one per
/// time (R46), each with its own loops, trucks and reviews. It departs its warehouse on its
/// days (holidays too) and drives its loops.
struct MilkRunModel {
  std::string id;
  std::size_t spec = 0;        ///< the run's index in the scenario's `milk_runs`
  std::size_t departure = 0;   ///< its time's index in `schedule.depart`
  WarehouseId warehouse = 0;
  WeeklyTime schedule;
  Seconds po_lead = 0, load_time = 0;
  TruckSpec truck;
  std::vector<RunLoop> loops;
  double runs_per_week = 0;  ///< of the whole run: its days × its departure times
  Distribution factor = Distribution::constant_of(1);  ///< R44 travel_time_factor
  double factor_mean = 1;
  std::optional<Seconds> max_route;  ///< R45, seconds from departure to return
};

struct Model {
  std::string name;
  Date start = 0;
  int horizon_days = 0, warmup_days = 0;
  SimTime warmup = 0, horizon = 0;
  std::uint64_t seed = 1;
  int replications = 1;

  CarrierCalendar calendar;
  std::optional<CarrierDelay> delay;
  std::vector<WarehouseModel> warehouses;
  std::vector<std::string> zone_ids;
  std::vector<SkuModel> skus;
  std::vector<PairModel> pairs;
  std::vector<SupplierModel> suppliers;  ///< indexed by SupplierId
  std::vector<std::vector<SkuId>> supplier_skus;  ///< by SupplierId: the SKUs it sources, in file order
  std::vector<SellerModel> sellers;      ///< indexed by SellerId
  std::vector<MilkRunModel> milk_runs;

  /// The warehouses stocking each SKU, in warehouse file order: SKU `s`'s are the
  /// `sku_pick.columns[s].count` entries from `stocking[sku_pick.columns[s].first]` (sparse: a
  /// network of a million SKUs in 3 of 50 warehouses each holds 3 million entries, not 50
  /// million). The same range numbers the SKU's pairs, in its stock list's order: they are
  /// made SKU by SKU.
  std::vector<Stocking> stocking;
  std::vector<Km> km;           ///< [w * Z + z]
  std::vector<int> band_days;   ///< [w * Z + z] transit days of the band
  AliasTable zone_pick;
  AliasDraw<SkuColumn> sku_pick;  ///< the SKU of an order's line; each SKU's stocking range too
  std::vector<double> hourly_orders;  ///< expected orders in each hour of [0, horizon)
  /// R42: the recorded orders replayed instead of the arrival process and the order draws,
  /// or null. The SKU rates still set R22's levels and the milk runs' planned loads.
  std::shared_ptr<const ReplayOrders> replay;

  Distribution units_per_line;  ///< R40: each line's units (`units_per_order` with one line)
  /// R40: lines per order; absent: every order has one line, drawn exactly as before lines
  std::optional<Distribution> lines_per_order;
  bool split = false;  ///< R41
  std::vector<WarehouseId> expediters;  ///< R43: the warehouses with an `expedite` block, in file order
  double prime_share = 0;
  OnStockout on_stockout = OnStockout::lost;
  Seconds backorder_wait = 0;
  int prime_promise_days = 2;
  Costs costs;

  std::size_t warehouse_count() const { return warehouses.size(); }
  std::size_t zone_count() const { return zone_ids.size(); }
  /// The warehouses that stock SKU `s`, in file order.
  std::span<const Stocking> stocked(SkuId s) const {
    const SkuColumn& c = sku_pick.columns[s];
    return {stocking.data() + c.first, c.count};
  }
  /// The pair of SKU `s` at warehouse `w`, or kNoPair.
  PairId pair(SkuId s, WarehouseId w) const {
    for (const Stocking& e : stocked(s)) {
      if (e.warehouse == w) return e.pair;
      if (e.warehouse > w) break;
    }
    return kNoPair;
  }
  Km distance(WarehouseId w, ZoneId z) const { return km[w * zone_ids.size() + z]; }
  int transit_days(WarehouseId w, ZoneId z) const { return band_days[w * zone_ids.size() + z]; }
  /// Nearest warehouse to zone `z` that stocks `s` (ties in file order), or nullopt.
  std::optional<WarehouseId> nearest_stocking(SkuId s, ZoneId z) const {
    std::optional<WarehouseId> best;
    for (const Stocking& e : stocked(s))
      if (!best || distance(e.warehouse, z) < distance(*best, z)) best = e.warehouse;
    return best;
  }
};

/// The index of the transit band of a distance (§3.2): the first band whose `max_km` covers
/// `km` (inclusive, R6), else the last.
std::size_t transit_band(const std::vector<TransitBand>& bands, Km km);

/// R23: when the dock of supplier `s` lets a truck arriving at `t` load; none when it is
/// closed that day (the stop is skipped).
std::optional<SimTime> dock_open_at(const Model& m, SupplierId s, SimTime t);

/// R46 `planned_return`: seconds from departure `depart` until a truck driving all of `loop`
/// is back, each leg at the travel_time_factor's mean (rounded to the second), waiting for
/// the docks of that day and loading at every milk-run stop whose dock it finds open.
Seconds planned_duration(const Model& m, const MilkRunModel& run, const RunLoop& loop, SimTime depart);

/// Builds the model of a validated scenario.
Model build_model(const Scenario& scenario);

}  // namespace milkrun
