// KPI accounting (SPEC §4, R24-R30): the counters and records the components add to while a
// replication runs, the daily rows, and turning them into KPI values at its end.
#pragma once
#include <milkrun/engine/replication.hpp>

#include "engine/carrier.hpp"
#include "engine/job.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

namespace milkrun::engine {

struct PairState;
class CauseTallies;
class Tracer;

/// §3.7: why a late delivery was late, the first that applies.
inline Cause late_cause(const Job& job, bool late_shipment, bool carrier_delayed) {
  return job.backorder || job.expedited ? Cause::stockout : late_shipment ? Cause::pick_backlog : carrier_delayed ? Cause::carrier_delay : Cause::other;
}

/// Order counters of one warehouse over measured orders.
struct OrderCounters {
  std::int64_t orders = 0, units = 0, prime = 0, delivered = 0, late_deliveries = 0, late_shipments = 0;
  std::int64_t cause[4] = {0, 0, 0, 0};  // stockout, pick_backlog, carrier_delay, other
  std::int64_t fast = 0, filled_units = 0, lost_orders = 0, lost_units = 0, backorders = 0;
  std::int64_t pick_wait_seconds = 0, pick_waits = 0;
  std::int64_t lines = 0, shipments = 0, split_orders = 0;  ///< R40, R41
  std::int64_t expedited_orders = 0, expedited_units = 0;  ///< R43: orders and their bought units
  double expedite_cost = 0;                                 ///< R43: bought units × the warehouse's premium
};

/// Milk-run trip counters of one warehouse (trips departing in the window, R29).
struct TripCounters {
  std::int64_t trips = 0, missed_pickups = 0;
  std::int64_t duty_skips = 0;  ///< R45: stops skipped for the duty limit, trucks that made no trip too
  double km = 0, utilization_sum = 0, cost = 0;
};

/// Why a milk-run visit loaded nothing although an order waited there (§7).
enum class MissReason : std::uint8_t { dock_closed, not_ready, duty_limit };
inline const char* miss_reason_name(MissReason why) {
  static const char* const kNames[] = {"dock closed", "not ready", "duty limit"};
  return kNames[static_cast<int>(why)];
}

/// One supplier's counters over trips departing in, and orders placed in, the window (§7).
struct SupplierCounters {
  std::array<std::int64_t, 3> missed{};  ///< by MissReason
  std::int64_t left_behind = 0, units_received = 0;
};

/// One seller's counters (R24).
struct SellerCounters {
  std::int64_t units_sent = 0, units_received = 0, waits = 0, orders = 0, late_or_lost = 0;
  std::int64_t wait_seconds = 0;
};

/// The midnight index (0 = the start) after instant `t`, clamped to the run's midnights.
inline std::size_t midnight_index(SimTime t, int horizon_days) {
  return static_cast<std::size_t>(std::clamp<DayIndex>(day_of(t) + 1, 0, horizon_days + 1));
}

/// R24: calls `visit(SellerId)` once for each seller among the SKUs of an order's lines, in
/// line order; `each_line(f)` calls `f(const JobLine&)` for the lines in order. Allocation-
/// free and quadratic in the lines: an order has a few.
template <class EachLine, class Visit>
void for_each_seller_once(const Model& m, EachLine&& each_line, Visit&& visit) {
  std::size_t i = 0;
  each_line([&](const JobLine& line) {
    const std::size_t at = i++;
    const SellerId s = m.sku_pick.columns[line.sku].seller;  // SkuModel's, in the line an order has in cache
    if (s == kNone) return;
    bool seen = false;
    std::size_t j = 0;
    if (at > 0) each_line([&](const JobLine& earlier) { seen = seen || (j++ < at && m.sku_pick.columns[earlier.sku].seller == s); });
    if (!seen) visit(s);
  });
}

class KpiAccounting {
 public:
  KpiAccounting(const Model& model, bool record_orders);

  UnitBalance& balance() { return result_.balance; }
  DailyRow& daily(DayIndex day, WarehouseId w) { return result_.daily[static_cast<std::size_t>(day)][w]; }
  OrderCounters& orders(WarehouseId w) { return orders_[w]; }
  TripCounters& trips(WarehouseId w) { return trips_[w]; }
  SellerCounters& seller(SellerId s) { return sellers_[s]; }
  SupplierCounters& supplier(SupplierId s) { return suppliers_[s]; }
  void add_trip(const TripRecord& trip) { result_.trips.push_back(trip); }

  /// The engine's jobs, whose lines name the SKUs (and sellers) of an order.
  void use_jobs(const JobSlots& jobs) { jobs_ = &jobs; }
  /// Calls `visit(SellerId)` once for each seller among `job`'s SKUs (R24: a seller's
  /// orders are those with a line of its SKUs).
  template <class Visit>
  void for_each_seller(const Job& job, Visit&& visit) const {
    for_each_seller_once(m_, [&](auto&& line) { jobs_->for_each_line(job, line); }, visit);
  }

  bool recording() const { return record_; }
  /// The tracer of `milkrun trace`, or nullptr in a normal run.
  Tracer* tracer() const { return tracer_; }
  void trace_with(Tracer& tracer) { tracer_ = &tracer; }
  /// Hands the measured orders' records to `sink` as they become final, instead of keeping
  /// them in the result (call before the run).
  void record_to(OrderSink& sink) { sink_ = &sink; }
  /// Opens a measured order's record; returns its number for `record`. Called as an order
  /// arrives, so the previous order's arrival is handled.
  std::int32_t new_record(const OrderRecord& r);
  /// Record `number` is final: its order was lost, delivered, or left undelivered at the end.
  void settle(std::int32_t number);
  /// An open record, to fill in.
  OrderRecord& record(std::int32_t number) {
    if (number >= first_open_) return open_[static_cast<std::size_t>(number - first_open_)].order;
    return parked_.at(number).order;
  }

  /// Units held for orders at `w` change by `units` from the midnight after `t` (daily on_hand).
  void held_change(SimTime t, WarehouseId w, Units units) { reserved_diff_[midnight_index(t, horizon_days_) * W_ + w] += units; }
  /// Orders waiting at `w` change by `orders` from the midnight after `t` (daily backlog).
  void backlog_change(SimTime t, WarehouseId w, std::int64_t orders) {
    backlog_diff_[midnight_index(t, horizon_days_) * W_ + w] += orders;
  }
  /// Units at `w`'s receiving dock or in dock-to-stock change by `units` from the midnight
  /// after `t` (daily receiving_backlog).
  void receiving_change(SimTime t, WarehouseId w, Units units) {
    receiving_diff_[midnight_index(t, horizon_days_) * W_ + w] += units;
  }
  /// Takes the free stock of every warehouse at each midnight up to `t` (daily on_hand).
  void snapshot_days_until(SimTime t, const std::vector<Units>& free_total) {
    if (static_cast<SimTime>(next_snapshot_day_) * kSecondsPerDay <= t) take_snapshots(t, free_total);
  }

  /// R41: a measured order split into `shipments` shipments (one when the rest of its
  /// lines are lost), promised for `promised_day`
  /// (the latest of theirs), counted at its first shipment's warehouse `w`; its sellers are
  /// `sellers`. Returns the group its shipments carry.
  std::uint32_t new_split(WarehouseId w, DayIndex promised_day, std::uint32_t shipments, std::int32_t record,
                          std::vector<SellerId> sellers);
  /// A measured order (or shipment) that left at `ship`, packed at `packed`, after its
  /// pick/pack started at `start`.
  void count_shipped(const Job& job, SimTime start, SimTime packed, SimTime ship, DeliveryDay delivery);
  /// A measured backorder still waiting for stock when the run gave up: late, for want of stock.
  void count_undelivered(const Job& job);

  /// The replication's results: KPIs from the counters and the pairs' window integrals and
  /// stockout tallies.
  ReplicationResult finish(const std::vector<PairState>& pairs, const CauseTallies& tallies);

 private:
  void take_snapshots(SimTime t, const std::vector<Units>& free_total);
  void count_late(const Job& job, SimTime ship, DeliveryDay delivery);
  /// R41: one more shipment of split order `group` is delivered, or given up on (`delivery`
  /// empty); the order counts once its last one is.
  void shipment_done(const Job& job, std::optional<DeliveryDay> delivery, SimTime ship);
  void finish_split(std::uint32_t group);
  void seller_kpis(const std::vector<PairState>& pairs, const CauseTallies& tallies);
  void supplier_kpis(const std::vector<PairState>& pairs, const CauseTallies& tallies);
  void daily_levels();
  /// Hands the final records at the front to the sink, in order; keeps the place of one
  /// still open when too many final ones wait behind it. `all`: every record, at the end.
  void flush_records(bool all);

  /// The records in the result's `orders` (record_orders without a sink).
  class MemorySink final : public OrderSink {
   public:
    explicit MemorySink(std::vector<OrderRecord>& to) : to_(to) {}
    void take(const OrderRecord& order) override { to_.push_back(order); }
    std::uint64_t keep_place() override {
      to_.emplace_back();
      return to_.size() - 1;
    }
    void fill(std::uint64_t place, const OrderRecord& order) override { to_[place] = order; }

   private:
    std::vector<OrderRecord>& to_;
  };
  struct OpenRecord {
    OrderRecord order;
    bool final = false;
  };
  struct ParkedRecord {
    OrderRecord order;
    std::uint64_t place = 0;
  };
  /// Final records may wait behind an open one up to this many plus twice the open ones;
  /// beyond, the open one's place is kept and it waits apart (memory stays near the orders
  /// in the engine, whatever the horizon).
  static constexpr std::size_t kRecordWindow = 1 << 14;

  /// R41: a measured split order while its shipments are out.
  struct SplitOrder {
    WarehouseId warehouse = 0;  ///< of its first shipment: its order-level counters
    DayIndex promised_day = 0, delivered = 0;
    std::uint32_t pending = 0;  ///< shipments not yet delivered or given up on
    bool late_shipment = false, undelivered = false;
    Cause cause = Cause::none;  ///< the first that applies over shipments delivered late
    std::int32_t record = -1;
    std::vector<SellerId> sellers;
  };

  const Model& m_;
  std::vector<SplitOrder> splits_;
  std::vector<std::uint32_t> free_splits_;
  const JobSlots* jobs_ = nullptr;
  const bool record_;
  const std::size_t W_;
  const int horizon_days_;
  std::vector<OrderCounters> orders_;
  std::vector<TripCounters> trips_;
  std::vector<SellerCounters> sellers_;
  std::vector<SupplierCounters> suppliers_;
  std::vector<std::int64_t> reserved_diff_, backlog_diff_, receiving_diff_;  // [midnight][warehouse]
  DayIndex next_snapshot_day_ = 1;
  Tracer* tracer_ = nullptr;
  ReplicationResult result_;
  // Order records (orders.csv): numbered from 0 in arrival order; those from `first_open_` on
  // are in `open_`, older open ones in `parked_`.
  MemorySink memory_{result_.orders};
  OrderSink* sink_ = nullptr;
  std::deque<OpenRecord> open_;
  std::int64_t first_open_ = 0;
  std::size_t unsettled_ = 0;  ///< records in open_ not yet final
  std::unordered_map<std::int32_t, ParkedRecord> parked_;
};

}  // namespace milkrun::engine
