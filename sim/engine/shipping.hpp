// Ship and deliver (SPEC §3.5-3.7): a packed order leaves on the first departure at or
// after the end of its packing, taking the units it held out of the building; the carrier
// gives its delivery day; the KPIs count whether it shipped and arrived late, and why.
#pragma once
#include "engine/carrier.hpp"
#include "engine/inventory.hpp"
#include "engine/kpi_accounting.hpp"

#include <vector>

namespace milkrun::engine {

class Shipping {
 public:
  Shipping(const Model& model, std::uint64_t seed, int replication, Inventory& inventory, KpiAccounting& kpi);

  /// `job`, whose pick/pack started at `start`, is packed at `packed`.
  void ship(const Job& job, SimTime start, SimTime packed);

 private:
  /// Tells the tracer how the order went through pick/pack, the dock and the carrier, when it
  /// is the one it follows.
  void trace(const Job& job, SimTime start, SimTime packed, SimTime ship);

  /// The first departure of `w` at or after `t` (§3.5), cached: packing ends come in
  /// nearly time order, so one departure serves many of them.
  SimTime departure_after(WarehouseId w, SimTime t);

  struct DepartureCache {
    SimTime from = 1, departure = 0;  ///< `departure` serves packing ends in [from, departure]
  };
  const Model& m_;
  Carrier carrier_;
  Inventory& inventory_;
  KpiAccounting& kpi_;
  std::vector<DepartureCache> departures_;  ///< by warehouse
};

// Inline: the pick/pack stations call it for every order.
inline SimTime Shipping::departure_after(WarehouseId w, SimTime t) {
  DepartureCache& c = departures_[w];
  if (t < c.from || t > c.departure) {
    c.departure = m_.calendar.next_departure(m_.warehouses[w].departures, t);
    c.from = t;
  }
  return c.departure;
}

[[gnu::always_inline]] inline void Shipping::ship(const Job& job, SimTime start, SimTime packed) {
  const WarehouseId w = job.warehouse;
  const SimTime ship = departure_after(w, packed);
  inventory_.release(job, ship);
  kpi_.backlog_change(ship, w, -1);
  kpi_.balance().shipped += job.units;
  if (day_of(ship) < m_.horizon_days) kpi_.daily(day_of(ship), w).shipped += 1;
  if (kpi_.tracer()) trace(job, start, packed, ship);
  if (!job.measured) return;
  kpi_.count_shipped(job, start, packed, ship, carrier_.deliver(job.order, job.shipment, w, job.zone, ship));
}

}  // namespace milkrun::engine
