// The scenario of SPEC §2 as plain structs: what the JSON says, with units converted
// (durations and clock times to seconds, dates to Date) and the JSON pointer of every
// entity kept for error messages. Parsing fills these; validation checks them; the model
// builder turns them into the immutable model the engine runs.
#pragma once
#include <milkrun/distribution.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/expectation.hpp>
#include <milkrun/load.hpp>
#include <milkrun/types.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace milkrun {

/// A place: lat/lon (haversine), x/y in km (euclidean), or a road node (roads mode;
/// coordinates there attach to the nearest node).
struct Location {
  double lat = 0, lon = 0;  ///< degrees
  double x = 0, y = 0;      ///< km
  bool has_latlon = false, has_xy = false;
  std::string node;  ///< roads mode: the road node id, when given as {"node": ID}
};

/// A road network (SPEC §2 `roads`): nodes with coordinates, two-way edges unless oneway.
struct RoadNode {
  std::string id;
  Location location;
};
struct RoadEdge {
  std::string from, to;
  Km km = 0;
  std::optional<double> kmh;  ///< absent = distances.speed_kmh
  bool oneway = false;
};
struct Roads {
  std::vector<RoadNode> nodes;
  std::vector<RoadEdge> edges;
};

/// A working window: on `days`, from `from` to `to` seconds after midnight.
/// `to` <= `from` means it ends the next day (and belongs to the day it starts on).
struct Shift {
  DaySet days;
  Seconds from = 0, to = 0;
};

/// A weekly instant: on `days` at `time` seconds after midnight.
struct WeeklyTime {
  DaySet days;
  Seconds time = 0;
};

struct Peak {
  Date from = 0, to = 0;  ///< inclusive
  double multiplier = 1;
};

struct TransitBand {
  std::optional<Km> max_km;  ///< absent = the catch-all last band
  int days = 0;
};

struct CarrierDelay {
  double p = 0;       ///< chance an order is delayed
  Distribution days;  ///< delivery days of delay when it is
};

struct Carrier {
  DaySet pickup_days{0x3f};    ///< default Mon-Sat
  DaySet delivery_days{0x3f};  ///< default Mon-Sat
  std::vector<TransitBand> transit_days;
  std::optional<CarrierDelay> delay;
};

enum class Priority : std::uint8_t { fifo, promise };
enum class DistanceMode : std::uint8_t { haversine, euclidean, roads };
enum class OnStockout : std::uint8_t { lost, backorder };
enum class Delivery : std::uint8_t { vendor, milk_run };
enum class PolicyType : std::uint8_t { RS, sS, base_stock };

struct Distances {
  DistanceMode mode = DistanceMode::haversine;
  double circuity = 1.0;
  double speed_kmh = 60.0;
  bool round = false;
};

struct PickPack {
  int stations = 1;
  Distribution time_per_order;  ///< seconds
  Distribution time_per_unit;   ///< seconds, default 0
  std::vector<Shift> shifts;    ///< empty = always open
  Seconds pick_sla = 0;
  Priority priority = Priority::fifo;
};

struct Receiving {
  std::optional<double> units_per_hour;  ///< absent = unlimited
  std::vector<Shift> shifts;             ///< empty = always open
  Seconds dock_to_stock = 0;
};

/// R43: a warehouse that buys the units it lacks rather than lose or backorder an order.
struct Expedite {
  Seconds lead_time = 0;        ///< from the order's arrival to the bought units' arrival
  double premium_per_unit = 0;  ///< per bought unit (`cost.expedite`)
  std::optional<std::int64_t> max_units_per_day;  ///< bought units per calendar day; absent = unlimited
};

struct WarehouseSpec {
  std::string id, pointer;
  Location location;
  PickPack pick_pack;
  std::vector<Seconds> departures;  ///< clock times, sorted ascending
  std::optional<Receiving> receiving;
  std::optional<Expedite> expedite;
};

struct ZoneSpec {
  std::string id, pointer;
  Location location;
  double weight = 1;
};

struct SupplierSpec {
  std::string id, pointer;
  Location location;
  Delivery delivery = Delivery::vendor;
  std::optional<WeeklyTime> review;
  std::optional<Distribution> lead_time;  ///< seconds
  std::optional<Distribution> ready;      ///< bernoulli-like; milk runs only
  std::optional<Shift> dock;              ///< milk runs only
  std::optional<double> pickup_liters, pickup_kg;  ///< `pickup_load`: expected load per run (route planner)
};

/// A third-party seller that sends stock into the warehouses (R24).
struct SellerSpec {
  std::string id, pointer;
  Location location;
  WeeklyTime review;
  double cover_days = 0;
  int carton_units = 1;
  Distribution transit;  ///< seconds
  /// R47: the defect rate (late or lost orders / orders) above which the seller is flagged.
  double defect_threshold = 0.01;
};

struct TruckSpec {
  Load capacity;
  Money cost_per_km = 0, cost_per_trip = 0;
};

/// A scheduled loop of the retailer's trucks collecting from suppliers (R23).
struct MilkRunSpec {
  std::string id, pointer;
  std::string warehouse;
  WeeklyTime schedule;  ///< days and the first `depart` time
  /// R46: every `depart` time, in the order given (a string is a list of one); each is a run
  /// of its own with its own trucks and reviews.
  std::vector<Seconds> departs;
  Seconds po_lead = 0;
  int trucks = 1;            ///< 0 = "auto": as many as the plan needs
  TruckSpec truck;
  bool auto_stops = false;   ///< "stops": "auto": the route planner decides
  bool pooled = true;        ///< a flat `stops` list: the trucks drive one loop with pooled capacity
  std::vector<std::vector<std::string>> loops;  ///< supplier ids; one loop when pooled, one per truck otherwise
  std::vector<std::string> serves;  ///< with auto stops: the suppliers to serve (empty = all eligible)
  Seconds load_time_per_stop = 0;
  double plan_headroom = 0;  ///< R39: plan each supplier's expected load × (1 + plan_headroom)
  /// R44: multiplies each leg's drive time, one draw per leg of a trip; absent = 1.
  std::optional<Distribution> travel_time_factor;
  /// R45: a trip's longest duty, departure to return, in seconds; absent = no limit.
  std::optional<Seconds> max_route;
};


/// A stock level in units or in days of demand (R22).
struct Level {
  std::optional<double> units, days;
  bool given() const { return units || days; }
};

struct PolicySpec {
  PolicyType type = PolicyType::RS;
  Level order_up_to, reorder_point;
};

struct StockSpec {
  std::string warehouse, pointer;
  Level initial;
  std::optional<PolicySpec> policy;
};

struct UnitSpec {
  double liters = 0, kg = 0, value = 0;
};

/// A SKU listed in `skus` or made by `catalog.generate`. A million generated SKUs share
/// their pointer and stock entries instead of holding copies (Scenario::stock_of).
struct SkuSpec {
  std::string id;
  std::string pointer;   ///< listed SKUs: "/skus/i"; empty for generated ones (their pointer is "/catalog/generate")
  std::string supplier;  ///< source supplier id, or empty when sourced from a seller
  std::string seller;    ///< source seller id, or empty
  bool prime = false;
  bool generated = false;  ///< made by `catalog.generate`
  std::uint32_t catalog_stock = 0;  ///< generated: the first of its entries in Scenario::catalog_stock
  std::optional<double> orders_per_day;
  UnitSpec unit;
  std::vector<StockSpec> stock;  ///< listed SKUs' own entries; empty for generated ones
};

/// `catalog.generate`: SKUs added to the listed ones, deterministic from `seed`.
struct CatalogSpec {
  int skus = 0;
  double zipf = 1.0;
  double prime_share = 0;
  std::uint64_t seed = 1;
  Distribution liters = Distribution::constant_of(1), kg = Distribution::constant_of(1),
               value = Distribution::constant_of(0);
  double supplier_share = 1, seller_share = 0;  ///< `sources`
  int stocked_in = 1;
  Level initial;                         ///< `stock.initial_days` (or `initial`)
  std::optional<PolicySpec> policy;  ///< `stock.policy`, levels usually in days
};

/// Recorded orders replayed instead of drawn (R42), read from `demand.replay.file`: one entry
/// per order kept (inside [start, horizon)), in arrival order; order i's lines are
/// [first_line[i], first_line[i + 1]).
struct ReplayOrders {
  std::vector<SimTime> arrival;        ///< seconds after `start` 00:00
  std::vector<ZoneId> zone;            ///< dense ids, in scenario order
  std::vector<std::int8_t> prime;      ///< 0 or 1 as recorded; -1: the Prime coin decides (R3)
  std::vector<std::uint32_t> first_line;
  std::vector<SkuId> sku;              ///< per line
  std::vector<Units> units;            ///< per line
  std::size_t size() const { return arrival.size(); }
};

struct Demand {
  std::optional<double> orders_per_day;
  std::vector<double> hour_profile;     ///< 24 weights or empty (flat)
  std::vector<double> weekday_profile;  ///< 7 weights, Monday first, or empty (flat)
  std::vector<Peak> peaks;
  Distribution units_per_order = Distribution::constant_of(1);
  /// R40: lines per order (absent: one line, its units from `units_per_order`) and the units
  /// of each line (default 1). A scenario gives `units_per_order` or `lines_per_order`, not both.
  std::optional<Distribution> lines_per_order;
  std::optional<Distribution> units_per_line;
  bool split = false;  ///< R41: an order no warehouse covers whole is split across warehouses
  double prime_share = 0;
  OnStockout on_stockout = OnStockout::lost;
  double backorder_ship_days = 7;
  std::optional<std::string> replay_file;  ///< `replay.file`, as written (relative to the scenario)
  /// The orders read from `replay_file` once the scenario validated; shared by its copies.
  std::shared_ptr<const ReplayOrders> replay;

  /// R40: the draws of a line's units: `units_per_line`, or `units_per_order` with one line
  /// per order.
  const Distribution& line_units() const {
    if (units_per_line) return *units_per_line;
    return units_per_order;
  }
  /// R40: the mean lines per order, as drawn (rounded, at least 1); 1 without `lines_per_order`.
  double mean_lines() const { return lines_per_order ? lines_per_order->mean_count() : 1.0; }
};

struct Costs {
  double holding_rate_per_year = 0;
  Money lost_sale_per_unit = 0;
  Money late_credit_per_order = 0;
};

/// A whole scenario, version 1.
struct Scenario {
  std::string file;  ///< where it was read from, for messages
  std::string name;
  Date start = 0;
  int horizon_days = 0;
  int warmup_days = 0;
  std::uint64_t seed = 1;
  int replications = 1;
  std::vector<Date> holidays;
  Distances distances;
  Carrier carrier;
  std::vector<WarehouseSpec> warehouses;
  std::vector<ZoneSpec> zones;
  std::vector<SupplierSpec> suppliers;
  std::vector<SellerSpec> sellers;
  std::vector<MilkRunSpec> milk_runs;
  std::optional<Roads> roads;
  std::optional<CatalogSpec> catalog;  ///< already expanded into `skus` after loading
  std::vector<SkuSpec> skus;
  /// The stock entries generated SKUs share: warehouse j % W at index j, so the
  /// `stocked_in` consecutive warehouses from any start are one run of entries.
  std::vector<StockSpec> catalog_stock;
  Demand demand;
  int prime_promise_days = 2;
  Costs costs;
  std::vector<Expectation> expect;  ///< the `expect` block; judged by `run` (summary.json) and `check`
  std::string source;  ///< the JSON after --set overrides, compact, for hashing and baselines
  std::vector<Problem> warnings;  ///< things that are allowed but probably not meant (printed, not fatal)

  /// Where `sku` is stocked, in its stock order: its own entries, or a generated SKU's run of `catalog_stock`.
  std::span<const StockSpec> stock_of(const SkuSpec& sku) const {
    if (!sku.generated) return sku.stock;
    return std::span<const StockSpec>(catalog_stock).subspan(sku.catalog_stock, static_cast<std::size_t>(catalog->stocked_in));
  }
};

}  // namespace milkrun
