// One replication of the model: the event loop that takes the next event or order arrival
// in R33 order and hands it to the component it concerns. The components each keep their
// own state; the loop owns them and wires them together.
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/model/model.hpp>

#include "engine/events.hpp"
#include "engine/inventory.hpp"
#include "engine/job.hpp"
#include "engine/kpi_accounting.hpp"
#include "engine/milk_run.hpp"
#include "engine/orders.hpp"
#include "engine/pick_pack.hpp"
#include "engine/promise.hpp"
#include "engine/receiving.hpp"
#include "engine/replenishment.hpp"
#include "engine/seller.hpp"
#include "engine/shipping.hpp"
#include "engine/stockout_causes.hpp"
#include "engine/tracer.hpp"

namespace milkrun::engine {

class EventLoop {
 public:
  EventLoop(const Model& model, int replication, std::uint64_t seed, bool record_orders);
  /// Tells `tracer` what happens (`milkrun trace`).
  void trace_with(Tracer& tracer) { kpi_.trace_with(tracer); }
  /// Hands the measured orders to `sink` as they become final (construct with record_orders).
  void record_orders_to(OrderSink& sink) { kpi_.record_to(sink); }
  /// Tells `clock` the simulated time at the first event of each day (`clock` must outlive the run).
  void report_clock_to(const ClockReport& clock) { clock_ = &clock; }
  ReplicationResult run();
  /// Order arrivals so far.
  std::uint64_t orders() const { return orders_arrived_; }

 private:
  void dispatch(const Event& ev);
  /// Moves the clock to `t`; the first instant in the window opens the spells of R35.
  void advance_to(SimTime t);
  /// The clock has passed a midnight: the daily snapshots, and the clock report. Called once
  /// a day rather than per event, so that a run without a report pays nothing for it.
  void new_day();
  /// SPEC §12: --max-events and --max-memory, checked when the events so far reach
  /// `next_check_` (one compare per event); throws when one is passed.
  void check_limits();
  /// Drains what is still queued and turns the counters into results.
  ReplicationResult finish();

  const Model& m_;
  StreamFamily arrivals_;
  SimTime now_ = 0;
  bool warm_ = false;  ///< the clock has reached the warm-up
  SimTime next_midnight_ = kSecondsPerDay;
  const ClockReport* clock_ = nullptr;
  std::uint64_t orders_arrived_ = 0;
  std::uint64_t events_handled_ = 0;  ///< scheduled events dispatched (arrivals counted apart)
  std::uint64_t next_check_ = 0;  ///< events at which check_limits runs next (never: UINT64_MAX)
  // Declared in dependency order: each component only refers to those above it.
  EventQueue events_;
  JobSlots jobs_;
  KpiAccounting kpi_;
  Promise promise_;
  Inventory inventory_;
  Shipping shipping_;
  PickPack pick_pack_;
  Receiving receiving_;
  Replenishment replenishment_;
  MilkRuns milk_runs_;
  Sellers sellers_;
  StockoutCauses causes_;
  Orders orders_;
};

}  // namespace milkrun::engine
