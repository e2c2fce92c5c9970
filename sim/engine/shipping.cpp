#include "engine/shipping.hpp"

#include "engine/tracer.hpp"

namespace milkrun::engine {

Shipping::Shipping(const Model& model, std::uint64_t seed, int replication, Inventory& inventory, KpiAccounting& kpi)
    : m_(model), carrier_(model, seed, static_cast<std::uint64_t>(replication)), inventory_(inventory), kpi_(kpi), departures_(model.warehouse_count()) {}

void Shipping::trace(const Job& job, SimTime start, SimTime packed, SimTime ship) {
  if (!kpi_.tracer()->follows_order(job.order)) return;
  const OpenHours& hours = m_.warehouses[job.warehouse].pick_hours;
  kpi_.tracer()->order_ships(job, start, packed, pauses_between(hours, start, packed), ship,
                             carrier_.deliver(job.order, job.shipment, job.warehouse, job.zone, ship));  // keyed by order: no other draw moves
}

}  // namespace milkrun::engine
