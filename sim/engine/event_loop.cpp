#include "engine/event_loop.hpp"

#include "engine/arrivals.hpp"

namespace milkrun::engine {

EventLoop::EventLoop(const Model& model, int replication, std::uint64_t seed, bool record_orders)
    : m_(model),
      arrivals_(seed, static_cast<std::uint64_t>(replication), Purpose::arrivals),
      kpi_(model, record_orders),
      promise_(model),
      inventory_(model, jobs_, kpi_),
      shipping_(model, StreamFamily(seed, static_cast<std::uint64_t>(replication), Purpose::delay), inventory_, kpi_),
      pick_pack_(model, seed, replication, jobs_, shipping_),
      receiving_(model, events_, inventory_, pick_pack_, kpi_),
      replenishment_(model, seed, replication, events_, inventory_, receiving_, kpi_),
      milk_runs_(model, seed, replication, events_, replenishment_, receiving_, kpi_),
      sellers_(model, seed, replication, events_, inventory_, receiving_, kpi_),
      causes_(model, inventory_, receiving_, replenishment_, milk_runs_),
      orders_(model, seed, replication, record_orders, promise_, inventory_, replenishment_, pick_pack_, jobs_, kpi_) {
  inventory_.explain_with(causes_);
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
  for (;;) {
    const SimTime ta = more ? static_cast<SimTime>(next_arrival) : kNever;  // R4: truncated
    if (!events_.empty() && events_.top().t <= ta) {  // R33: arrivals come last
      const Event ev = events_.top();
      if (ev.t >= m_.horizon && (inventory_.measured_backorders() == 0 || ev.t > give_up)) break;
      events_.pop();
      advance_to(ev.t);
      dispatch(ev);
      ++events_handled_;
    } else if (more) {
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
