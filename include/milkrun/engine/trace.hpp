// `milkrun trace` (SPEC §7): one replication re-simulated with a tracer that follows one order
// from arrival to delivery, or one (SKU, warehouse) pair's stock, and keeps the facts and causes
// as data. output/trace_report.hpp turns them into text or JSON.
#pragma once
#include <milkrun/engine/promise.hpp>
#include <milkrun/engine/replication.hpp>
#include <milkrun/model/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace milkrun {

/// What to follow: order number `order` (counting every arrival of the replication from 0),
/// or the pair `pair`.
struct TraceRequest {
  std::optional<std::uint64_t> order;
  std::optional<PairId> pair;
};

/// One thing that happened. `detail` names instants as "{t}" (an instant) and dates as "{d}"
/// (the day of the instant), filled in order from `instants` when it is printed.
struct TraceEvent {
  SimTime at = 0;
  std::string event;
  std::string detail;
  std::vector<SimTime> instants;
  Units units = 0;                 ///< reservations: the units reserved
  Units free_from = 0, free_to = 0;  ///< reservations: free stock before and after
};

/// A stockout spell of a pair and why it started (R35).
struct TraceSpell {
  SimTime start = 0;
  std::optional<SimTime> end;  ///< none: still open when the replication ended
  Upstream cause = Upstream::policy;
  TraceEvent why;  ///< the evidence, as a detail with instants
};

/// The order's way through pick/pack, the dock and the carrier.
struct TraceShipment {
  WarehouseId warehouse = 0;
  SimTime pick_join = 0, pick_start = 0, pick_end = 0, shipped = 0;
  std::vector<std::pair<SimTime, SimTime>> pauses;  ///< closed hours inside its pick/pack
  DayIndex delivered = 0;
  int delay_days = 0;  ///< carrier delay (R14)
};

struct OrderTrace {
  bool arrived = false;  ///< false: the replication had fewer orders
  std::uint64_t order = 0;
  bool measured = false, prime = false;
  SimTime arrival = 0;
  ZoneId zone = 0;
  SkuId sku = 0;    ///< its first line's
  Units units = 0;  ///< over all its lines
  std::vector<OrderLine> lines;  ///< every line when it has several (R40), else empty
  std::vector<Units> free;  ///< by pair: free stock when it arrived, before its reservation
  std::optional<WarehouseId> chosen;  ///< the in-stock warehouse with the best promise
  OrderStatus status = OrderStatus::lost;
  std::optional<WarehouseId> warehouse;  ///< where it was served or waited (R34)
  bool backorder = false;
  Units expedited = 0;  ///< R43: units bought for it (0: not expedited)
  SimTime expedite_arrival = 0;  ///< R43: when they reach it
  SimTime promised_ship = 0;
  DayIndex promised_delivery = 0;
  std::optional<TraceShipment> shipment;  ///< the last to ship
  std::vector<TraceShipment> shipments;   ///< every shipment, as each ships (R41: a split order has several)
  bool late_shipment = false, late_delivery = false;
  Cause cause = Cause::none;
  Upstream upstream = Upstream::none;
  std::optional<TraceSpell> spell;  ///< lost or backordered: the open spell R37 reads
  std::vector<TraceEvent> events;
};

struct PairTrace {
  PairId pair = 0;
  std::vector<TraceEvent> events;
  std::vector<TraceSpell> spells;
};

struct TraceResult {
  int replication = 0;  ///< 0-based
  std::uint64_t orders = 0;  ///< orders that arrived in the replication
  OrderTrace order;
  PairTrace pair;
};

/// Re-simulates replication `replication` (0-based) of `model` with `seed` and follows
/// what `request` asks for; the same streams as `simulate`, so the same run.
TraceResult trace_replication(const Model& model, int replication, std::uint64_t seed, const TraceRequest& request);

}  // namespace milkrun
