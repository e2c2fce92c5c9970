// One replication of the model: the state the event loop works on. Split over
// engine.cpp (loop, orders, promise, pick/pack, delivery) and inventory.cpp (stock,
// replenishment, receiving, backorders).
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/model/model.hpp>
#include "random/rng.hpp"

#include "engine/pick_pack.hpp"
#include "engine/promise.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <limits>
#include <queue>
#include <vector>

namespace milkrun {

inline constexpr SimTime kNever = std::numeric_limits<SimTime>::max() / 4;

/// R33 rank of an event kind at one second: stock first, then reviews and purchase orders,
/// then departures; order arrivals (not in the heap) come last. Shift changes and service
/// ends are computed, not scheduled.
enum class Rank : std::uint8_t { stock = 0, review = 1, departure = 4 };

enum class EventType : std::uint8_t {
  shipment_arrives,  ///< id: shipment
  stock_free,        ///< id: shipment
  vendor_review,     ///< id: supplier
  run_review,        ///< id: milk run; the run it orders for departs po_lead later
  run_departs,       ///< id: milk run
  seller_review,     ///< id: seller
};

struct Event {
  SimTime t;
  Rank kind;
  EventType type;
  std::uint32_t id;
  std::uint64_t seq;  ///< creation order
  friend bool operator>(const Event& a, const Event& b) {
    if (a.t != b.t) return a.t > b.t;
    if (a.kind != b.kind) return a.kind > b.kind;
    return a.seq > b.seq;
  }
};

/// An order that holds stock and waits for pick/pack (or for stock, as a backorder).
struct Job {
  std::uint64_t order = 0;
  SimTime arrival = 0, join = 0, promised_ship = 0;
  DayIndex promised_day = 0;
  Units units = 0, missing = 0;
  ZoneId zone = 0;
  SkuId sku = 0;
  WarehouseId warehouse = 0;
  PairId pair = 0;
  std::int32_t record = -1;
  bool measured = false, prime = false, backorder = false;
  Units held_in_window = 0;      ///< units held from an instant before the horizon
  std::int64_t held_weighted = 0;  ///< Σ units × max(hold instant, warm-up)
  std::uint32_t next = 0;          ///< next backorder of the same pair (slot), or kNoSlot
};
inline constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

/// Order counters of one warehouse over measured orders.
struct OrderCounters {
  std::int64_t orders = 0, units = 0, prime = 0, delivered = 0, late_deliveries = 0, late_shipments = 0;
  std::int64_t cause[4] = {0, 0, 0, 0};  // stockout, pick_backlog, carrier_delay, other
  std::int64_t fast = 0, filled_units = 0, lost_orders = 0, lost_units = 0, backorders = 0;
  std::int64_t pick_wait_seconds = 0, pick_waits = 0;
};

/// Stock of one pair and its window integrals (R25-R27).
struct PairState {
  Units free = 0, on_order = 0, missing = 0;
  SimTime last_change = 0;
  std::int64_t zero_seconds = 0, free_unit_seconds = 0, reserved_unit_seconds = 0, events = 0;
  Units demand = 0, filled = 0, lost = 0;
  std::uint32_t backorder_head = kNoSlot, backorder_tail = kNoSlot;
  Units inventory_position() const { return free + on_order - missing; }
};

/// Stock on its way into a warehouse: a vendor delivery, a milk-run truck's load or a
/// seller's cartons. Its lines live in `Replication::lines_`.
struct Shipment {
  WarehouseId warehouse = 0;
  std::uint32_t first_line = 0, line_count = 0;
  Units units = 0;
  SellerId seller = kNone;  ///< the sending seller, for seller KPIs
  SimTime sent = 0, arrived = 0;
};

/// A purchase order waiting at a milk-run supplier; its lines shrink as trucks load them.
struct PurchaseOrder {
  SimTime placed = 0;
  std::uint32_t first_line = 0, line_count = 0;
};

/// Milk-run trip counters of one warehouse (trips departing in the window, R29).
struct TripCounters {
  std::int64_t trips = 0, missed_pickups = 0;
  double km = 0, utilization_sum = 0, cost = 0;
};

/// One seller's counters (R24).
struct SellerCounters {
  std::int64_t units_sent = 0, units_received = 0, waits = 0, orders = 0, late_or_lost = 0;
  std::int64_t wait_seconds = 0;
};

struct Line {
  PairId pair;
  Units units;
};

struct WarehouseState {
  StationPool stations;
  std::priority_queue<WaitingOrder, std::vector<WaitingOrder>, std::greater<>> waiting;
  SimTime last_join = 0;
  SimTime receiving_free = 0;
  Units free_total = 0;
  OrderCounters counters;
  TripCounters trips;
  // Departure cache for actual shipments: `departure` serves packing ends in [from, departure].
  SimTime departure_from = 1, departure = 0;
};

class Replication {
 public:
  Replication(const Model& model, int replication, std::uint64_t seed, bool record_orders);
  ReplicationResult run();

 private:
  // engine.cpp
  void on_arrival(SimTime t, std::uint64_t k);
  void join_pick_queue(std::uint32_t slot, SimTime t);
  void start_service(std::uint32_t slot, SimTime s);
  void advance_waiting(WarehouseId w, SimTime t);
  SimTime departure_after(WarehouseId w, SimTime t);
  void record_late(Job& job, OrderCounters& c, SimTime ship, DayIndex delivered, bool delayed);
  void snapshot_days_until(SimTime t);
  void finish();
  void seller_kpis();
  std::uint32_t new_slot(const Job& job);
  // inventory.cpp
  void initialise_stock();
  void set_free(PairId p, Units free, SimTime t);
  void check_reorder(PairId p, SimTime t);
  void place_order(WarehouseId w, SupplierId v, const std::vector<Line>& lines, SimTime t);
  std::uint32_t new_shipment(WarehouseId w, const std::vector<Line>& lines, SimTime t);
  void review_rs(SupplierId v, WarehouseId w, SimTime t);
  void on_vendor_review(SupplierId v, SimTime t);
  void on_shipment_arrives(std::uint32_t shipment, SimTime t);
  void on_stock_free(std::uint32_t shipment, SimTime t);
  void hold(Job& job, Units units, SimTime t);
  SimTime next_weekly(const WeeklyTime& when, SimTime t) const;
  void schedule(SimTime t, Rank kind, EventType type, std::uint32_t id);
  std::int64_t window_overlap(SimTime a, SimTime b) const;
  bool in_window(SimTime t) const { return t >= m_.warmup && t < m_.horizon; }
  // milk_run.cpp
  void start_milk_runs();
  void on_run_review(RunId r, SimTime t);
  void on_run_departs(RunId r, SimTime t);
  void drive_loop(RunId r, std::size_t loop, SimTime depart);
  std::optional<SimTime> dock_open_at(SupplierId s, SimTime t) const;
  bool order_waiting(SupplierId s, WarehouseId w, SimTime depart, Seconds po_lead) const;
  /// Loads waiting orders into `load` within `liters` and `kg` of room; returns what was loaded in them.
  void load_purchase_orders(SupplierId s, WarehouseId w, SimTime depart, Seconds po_lead, double& liters, double& kg,
                            std::vector<Line>& load);
  // seller.cpp
  void start_sellers();
  void on_seller_review(SellerId s, SimTime t);

  const Model& m_;
  const int replication_;
  const bool record_;
  StreamFamily arrivals_, zones_, skus_, units_, prime_, service_, service_unit_, delay_;
  std::uint64_t seed_;
  Promise promise_;
  std::vector<PairState> pairs_;
  std::vector<WarehouseState> warehouses_;
  std::vector<Job> jobs_;  // slots of waiting orders (promise queue, backorders)
  std::vector<std::uint32_t> free_slots_;
  std::vector<Shipment> shipments_;
  std::vector<Line> lines_;
  std::vector<std::uint64_t> purchase_orders_;  // per supplier, for lead-time streams
  std::vector<PurchaseOrder> waiting_orders_;
  std::vector<std::deque<std::uint32_t>> order_queue_;  // [supplier * W + warehouse]: waiting orders, oldest first
  std::vector<std::uint64_t> seller_shipments_;        // per seller, for transit streams
  std::vector<SellerCounters> seller_counters_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t event_seq_ = 0;
  std::int64_t measured_waiting_ = 0;
  SimTime now_ = 0;
  DayIndex next_snapshot_day_ = 1;
  std::vector<std::int64_t> reserved_diff_, backlog_diff_;  // [midnight][warehouse]
  ReplicationResult result_;
};

}  // namespace milkrun
