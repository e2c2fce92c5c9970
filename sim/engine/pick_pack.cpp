#include "engine/pick_pack.hpp"

#include <cmath>

namespace milkrun::engine {

PickPack::PickPack(const Model& model, std::uint64_t seed, int replication, JobSlots& jobs, Shipping& shipping)
    : m_(model),
      jobs_(jobs),
      shipping_(shipping),
      service_(seed, static_cast<std::uint64_t>(replication), Purpose::service),
      service_unit_(seed, static_cast<std::uint64_t>(replication), Purpose::service_unit),
      service_logs_(service_) {
  for (const WarehouseModel& wm : m_.warehouses) queues_.push_back({StationPool(wm.stations), {}, 0});
}

void PickPack::join(std::uint32_t slot, SimTime t) {
  Job& job = jobs_[slot];
  const WarehouseId w = job.warehouse;
  if (starts_at_once(w)) {
    join_at_once(job, t);
    jobs_.release(slot);
    return;
  }
  job.join = t;
  Queue& q = queues_[w];
  advance_waiting(w, t);
  q.waiting.push({job.promised_ship, seq_++, slot});
  q.last_join = t;
  advance_waiting(w, t);
}

void PickPack::join_at_once(Job& job, SimTime t) {
  job.join = t;
  const WarehouseId w = job.warehouse;
  start_service(job, m_.warehouses[w].pick_hours.next_open(std::max(t, queues_[w].stations.earliest_free())));
}

void PickPack::drain() {
  for (WarehouseId w = 0; w < queues_.size(); ++w) advance_waiting(w, kNever);
}

void PickPack::advance_waiting(WarehouseId w, SimTime t) {
  Queue& q = queues_[w];
  const OpenHours& hours = m_.warehouses[w].pick_hours;
  while (!q.waiting.empty()) {
    const SimTime s = hours.next_open(std::max(q.stations.earliest_free(), q.last_join));
    if (s > t) break;
    const std::uint32_t slot = q.waiting.top().slot;
    q.waiting.pop();
    start_service(jobs_[slot], s);
    jobs_.release(slot);
  }
}

double PickPack::draw(const Distribution& law, const StreamFamily& family, const Job& job) {
  if (law.is_constant()) return law.a;
  Rng rng = family.at(job.order, job.shipment);  // R41: a split order's other shipments, streams of their own
  return law.sample(rng);
}

void PickPack::start_service(const Job& job, SimTime s) {
  const WarehouseModel& wm = m_.warehouses[job.warehouse];
  const double work = order_time(wm.time_per_order, job) +
                      static_cast<double>(job.units) * draw(wm.time_per_unit, service_unit_, job);  // R11
  const SimTime end = wm.pick_hours.advance(s, round_half_away(work));  // R4, R10
  queues_[job.warehouse].stations.occupy_until(end);
  shipping_.ship(job, s, end);
}

}  // namespace milkrun::engine
