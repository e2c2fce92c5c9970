#include "engine/event_loop.hpp"

#include "engine/arrivals.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/stop.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <limits>
#include <string>

namespace milkrun::engine {
namespace {

constexpr std::uint64_t kNoCheck = std::numeric_limits<std::uint64_t>::max();
/// How often --max-memory reads the peak memory: a system call per million events costs nothing.
constexpr std::uint64_t kMemoryCheckEvery = 1 << 20;

}  // namespace

EventLoop::EventLoop(const Model& model, int replication, std::uint64_t seed, bool record_orders)
    : m_(model),
      arrivals_(seed, static_cast<std::uint64_t>(replication), Purpose::arrivals),
      kpi_(model, record_orders),
      promise_(model),
      inventory_(model, jobs_, kpi_),
      shipping_(model, seed, replication, inventory_, kpi_),
      pick_pack_(model, seed, replication, jobs_, shipping_),
      receiving_(model, events_, inventory_, pick_pack_, kpi_),
      replenishment_(model, seed, replication, events_, inventory_, receiving_, kpi_),
      milk_runs_(model, seed, replication, events_, replenishment_, receiving_, kpi_),
      sellers_(model, seed, replication, events_, inventory_, receiving_, kpi_),
      causes_(model, inventory_, receiving_, replenishment_, milk_runs_),
      orders_(model, seed, replication, record_orders, events_, promise_, inventory_, replenishment_, pick_pack_, jobs_, kpi_) {
  inventory_.explain_with(causes_);
  kpi_.use_jobs(jobs_);
  const RunLimits& limits = run_limits();
  if (limits.max_memory == 0) next_check_ = limits.max_events == 0 ? kNoCheck : limits.max_events;
}

void EventLoop::check_limits() {
  const RunLimits& limits = run_limits();
  const std::uint64_t done = orders_arrived_ + events_handled_;
  if (limits.max_events != 0 && done >= limits.max_events)
    throw UsageError("stopped after " + std::to_string(done) + " events: --max-events " +
                     std::to_string(limits.max_events));
  if (limits.max_memory != 0) {
    const std::uint64_t peak = peak_memory_bytes();
    if (peak > limits.max_memory)
      throw UsageError((done == 0 ? "stopped before simulating: the model alone takes "
                                  : "stopped after " + std::to_string(done) + " events: the run takes ") +
                       std::to_string(peak >> 20) + " MiB: --max-memory " + limits.max_memory_text);
  }
  next_check_ = done + kMemoryCheckEvery;
  if (limits.max_memory == 0 || (limits.max_events != 0 && limits.max_events < next_check_))
    next_check_ = limits.max_events == 0 ? kNoCheck : std::max(limits.max_events, done + 1);
}

ReplicationResult EventLoop::run() {
  inventory_.initialise();
  replenishment_.start();
  milk_runs_.start();
  sellers_.start();
  ArrivalProcess arrivals(m_.hourly_orders, arrivals_, m_.replay.get());
  double next_arrival = 0;
  bool more = arrivals.next(next_arrival);
  const SimTime give_up = m_.horizon + 3 * 365 * kSecondsPerDay;
  for (std::uint32_t step = 1;; ++step) {
    if (step % 4096 == 0) throw_if_stopped();  // SIGINT, SIGTERM: a fraction of a millisecond apart
    const SimTime ta = more ? static_cast<SimTime>(next_arrival) : kNever;  // R4: truncated
    if (!events_.empty() && events_.top().t <= ta) {  // R33: arrivals come last
      const Event ev = events_.top();
      // Past the horizon the run goes on only for measured orders still waiting for stock.
      if (ev.t >= m_.horizon && ((inventory_.measured_backorders() == 0 && orders_.measured_expedites() == 0) || ev.t > give_up))
        break;
      if (orders_arrived_ + events_handled_ >= next_check_) check_limits();
      events_.pop();
      advance_to(ev.t);
      dispatch(ev);
      ++events_handled_;
    } else if (more) {
      if (orders_arrived_ + events_handled_ >= next_check_) check_limits();
      advance_to(ta);
      orders_.on_arrival(now_, orders_arrived_++);
      more = arrivals.next(next_arrival);
    } else {
      break;
    }
  }
  return finish();
}

void EventLoop::advance_to(SimTime t) {
  if (!warm_ && t >= m_.warmup) {
    warm_ = true;
    inventory_.open_spells_at_warmup();
  }
  now_ = t;
  if (now_ >= next_midnight_) new_day();
}

void EventLoop::new_day() {
  kpi_.snapshot_days_until(now_, inventory_.free_total());
  next_midnight_ = static_cast<SimTime>(day_of(now_) + 1) * kSecondsPerDay;
  if (clock_ != nullptr) (*clock_)(now_);
}

void EventLoop::dispatch(const Event& ev) {
  switch (ev.type) {
    case EventType::shipment_arrives: receiving_.on_shipment_arrives(ev.id, ev.t); break;
    case EventType::stock_free: receiving_.on_stock_free(ev.id, ev.t); break;
    case EventType::vendor_review: replenishment_.on_vendor_review(ev.id, ev.t); break;
    case EventType::run_review: milk_runs_.on_review(ev.id, ev.t); break;
    case EventType::run_departs: milk_runs_.on_departs(ev.id, ev.t); break;
    case EventType::seller_review: sellers_.on_review(ev.id, ev.t); break;
    case EventType::expedite_arrives: orders_.on_expedite_arrives(ev.id, ev.t); break;
  }
}

ReplicationResult EventLoop::finish() {
  if (!warm_) inventory_.open_spells_at_warmup();  // nothing happened in the window
  pick_pack_.drain();
  kpi_.snapshot_days_until(m_.horizon, inventory_.free_total());
  inventory_.for_each_backorder([&](const Job& job) {
    kpi_.count_undelivered(job);
    if (kpi_.tracer() && kpi_.tracer()->follows_order(job.order)) kpi_.tracer()->order_undelivered(job);
  });
  kpi_.balance().at_suppliers_end += replenishment_.units_waiting();
  inventory_.close(std::max(now_, m_.horizon));
  ReplicationResult result = kpi_.finish(inventory_.pairs(), inventory_.tallies());
  result.arrivals = orders_arrived_;
  result.events = orders_arrived_ + events_handled_;
  return result;
}

}  // namespace milkrun::engine

namespace milkrun {
namespace {

RunLimits& limits_storage() {
  static RunLimits limits;
  return limits;
}

}  // namespace

void set_run_limits(RunLimits limits) { limits_storage() = std::move(limits); }
const RunLimits& run_limits() { return limits_storage(); }

std::uint64_t peak_memory_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
}

ReplicationResult simulate(const Model& model, int replication, std::uint64_t seed, bool record_orders,
                           const ClockReport& clock) {
  engine::EventLoop loop(model, replication, seed, record_orders);
  if (clock) loop.report_clock_to(clock);
  return loop.run();
}

ReplicationResult simulate(const Model& model, int replication, std::uint64_t seed, OrderSink& orders,
                           const ClockReport& clock) {
  engine::EventLoop loop(model, replication, seed, true);
  loop.record_orders_to(orders);
  if (clock) loop.report_clock_to(clock);
  return loop.run();
}

TraceResult trace_replication(const Model& model, int replication, std::uint64_t seed, const TraceRequest& request) {
  engine::Tracer tracer(model, request, replication);
  engine::EventLoop loop(model, replication, seed, false);
  loop.trace_with(tracer);
  loop.run();
  return tracer.finish(loop.orders());
}

}  // namespace milkrun
