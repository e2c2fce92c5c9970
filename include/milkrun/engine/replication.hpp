// Running replications of a model: the per-replication results the outputs are made of.
#pragma once
#include <milkrun/kpi.hpp>
#include <milkrun/model/model.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace milkrun {

/// One day of one warehouse (daily.csv). Levels are taken at the end of the day.
struct DailyRow {
  std::int64_t orders = 0, shipped = 0, late_deliveries = 0, stockouts = 0;
  std::int64_t on_hand = 0, backlog = 0, inbound = 0;
  std::int64_t receiving_backlog = 0;  ///< units arrived, not yet in stock (receiving, dock-to-stock)
  std::int64_t expedited_units = 0;    ///< R43: units bought for orders arriving that day, warm-up included
};

/// A pair's stockout events and lost units in the window by upstream cause (R36, R37).
struct PairCauses {
  std::array<std::int64_t, kUpstreamCount> events_by_cause{}, lost_by_cause{};
};
inline constexpr std::uint32_t kNoCauses = std::numeric_limits<std::uint32_t>::max();

/// One stocked pair over the measurement window (skus.csv).
struct PairStats {
  Units demand = 0, filled = 0, lost = 0;
  double stockout_days = 0, avg_on_hand = 0;
  /// Its entry in ReplicationResult::pair_causes, or kNoCauses: most pairs of a big network
  /// never stock out, and 80 bytes each would be 240 MB a replication at 3 million pairs.
  std::uint32_t causes = kNoCauses;
};

enum class Cause : std::uint8_t { none, stockout, pick_backlog, carrier_delay, other };
enum class OrderStatus : std::uint8_t { delivered, lost, undelivered };

/// The names orders.csv and `milkrun trace` give them; "" for Cause::none.
constexpr std::string_view cause_name(Cause c) {
  constexpr std::string_view kNames[] = {"", "stockout", "pick_backlog", "carrier_delay", "other"};
  return kNames[static_cast<int>(c)];
}
constexpr std::string_view status_name(OrderStatus s) {
  constexpr std::string_view kNames[] = {"delivered", "lost", "undelivered"};
  return kNames[static_cast<int>(s)];
}

/// One measured order's fate (orders.csv and `milkrun trace`).
/// One line of an order (R40).
struct OrderLine {
  SkuId sku = 0;
  Units units = 0;
};

/// An order's row in orders.csv, all but its lines (plain bytes, for MPI).
struct OrderFacts {
  std::uint64_t order = 0;
  SimTime arrival = 0;
  ZoneId zone = 0;
  SkuId sku = 0;
  Units units = 0;
  bool prime = false;
  std::int32_t warehouse = -1;  ///< -1: none (lost)
  SimTime promised_ship = 0, shipped = 0;
  DayIndex promised_delivery = 0, delivered = 0;
  OrderStatus status = OrderStatus::lost;
  bool late_shipment = false, late_delivery = false;
  Cause cause = Cause::none;
  Upstream upstream = Upstream::none;  ///< R37
  SimTime pick_start = 0, pick_end = 0;  ///< its pick/pack service, before it waits for a departure
  bool rerouted = false;  ///< served from a warehouse other than the nearest that stocks its SKU
};

/// One shipment of an order split across warehouses (R41).
struct ShipmentFacts {
  std::int32_t warehouse = -1;
  SimTime promised_ship = 0, pick_start = 0, pick_end = 0, shipped = 0;
  DayIndex delivered = 0;
  bool done = false;  ///< it shipped (a backorder may still wait when the run ends)
};

struct OrderRecord : OrderFacts {
  /// Every shipment of an order split in two or more (R41), in shipment order; empty for one
  /// (then the order's own fields are its shipment's).
  std::vector<ShipmentFacts> shipments;
  /// Every line of an order with several (R40), in line order; empty for one line (then
  /// `sku` and `units` are its line). `sku` and `units` are always the first line's.
  std::vector<OrderLine> lines;
};

/// Unit flows of a whole run, for the conservation laws:
/// demanded = reserved + lost + backordered + expedited; initial + received + bought = shipped +
/// free + held;
/// ordered = received + on_order; ordered from milk-run suppliers = picked up + still
/// waiting at the suppliers.
struct UnitBalance {
  Units demanded = 0, reserved = 0, lost = 0, backordered = 0;
  Units expedited = 0;  ///< R43: the units of expedited orders, their free units and the bought ones
  Units initial = 0, received = 0, shipped = 0, free_end = 0, held_end = 0;
  Units bought = 0;  ///< R43: bought units that reached their orders
  Units ordered = 0, on_order_end = 0;
  Units ordered_milk_run = 0, picked_up = 0, at_suppliers_end = 0;
};

/// One truck's trip on a milk run departing in the window (routes.csv).
struct TripRecord {
  SimTime depart = 0;
  RunId run = 0;
  std::uint32_t loop = 0;
  int truck = 1;
  Km km = 0;
  Load load;
  double utilization = 0;
  std::int64_t missed_pickups = 0;
  SimTime planned_return = 0;  ///< R46: departure + the loop at the factor's mean
  SimTime actual_return = 0;
  std::int64_t duty_skips = 0;  ///< R45, the loop's on its first truck's row like missed_pickups
};

struct ReplicationResult {
  KpiValues network{};
  std::vector<KpiValues> warehouses;
  std::vector<std::vector<DailyRow>> daily;  ///< [day][warehouse], days of [0, horizon)
  std::vector<PairStats> pairs;              ///< by PairId
  std::vector<PairCauses> pair_causes;       ///< of the pairs that stocked out, see causes()
  std::vector<OrderRecord> orders;           ///< measured orders, when recorded in memory
  std::vector<TripRecord> trips;             ///< milk-run trips departing in the window
  std::vector<SellerKpiValues> sellers;      ///< by SellerId
  std::vector<SupplierKpiValues> suppliers;  ///< by SupplierId
  UnitBalance balance;
  // The work done (benchmarks, not KPIs): orders arrived, warm-up included, and those plus the
  // scheduled events handled.
  std::uint64_t arrivals = 0, events = 0;

  /// Pair `p`'s stockouts by cause, zeros when it had none.
  const PairCauses& causes(PairId p) const {
    static const PairCauses kNothing;
    return pairs[p].causes == kNoCauses ? kNothing : pair_causes[pairs[p].causes];
  }
};

/// Limits every replication obeys (SPEC §12; `--max-events`, `--max-memory`); 0 = none. A
/// replication that reaches one stops with a UsageError (exit 2) that names it.
struct RunLimits {
  std::uint64_t max_events = 0;  ///< events of one replication (order arrivals included)
  std::uint64_t max_memory = 0;  ///< bytes of the process's peak resident memory
  std::string max_memory_text;   ///< as the user wrote it, for the message
};
/// Sets the limits of the replications started afterwards: the CLI, once, before any
/// simulating thread starts.
void set_run_limits(RunLimits limits);
const RunLimits& run_limits();
/// The process's peak resident memory so far, in bytes.
std::uint64_t peak_memory_bytes();

/// Told a replication's simulated clock at the first event of each simulated day, on the
/// thread that runs it (progress displays).
using ClockReport = std::function<void(SimTime)>;

/// Takes a replication's measured orders in order-number order (the order of orders.csv),
/// each once it is final: delivered, lost, or left undelivered at the end. An order still
/// open long after younger ones are final gets its place kept (`keep_place`) and comes later
/// through `fill`, so that the engine need not hold every younger order meanwhile.
class OrderSink {
 public:
  virtual ~OrderSink() = default;
  /// The next order.
  virtual void take(const OrderRecord& order) = 0;
  /// The next order is not final yet: keep its place; returns the number `fill` names it by.
  virtual std::uint64_t keep_place() = 0;
  /// The order whose place `keep_place` kept as `place`, now final.
  virtual void fill(std::uint64_t place, const OrderRecord& order) = 0;
};

/// Simulates replication `replication` (0-based) of `model` with `seed`; `clock`, when
/// given, hears the simulated time once a day and changes nothing in the results.
/// `record_orders` keeps the measured orders in the result's `orders`.
ReplicationResult simulate(const Model& model, int replication, std::uint64_t seed, bool record_orders,
                           const ClockReport& clock = {});
/// The same, handing the measured orders to `orders` as they become final instead of keeping them.
ReplicationResult simulate(const Model& model, int replication, std::uint64_t seed, OrderSink& orders,
                           const ClockReport& clock = {});

}  // namespace milkrun
