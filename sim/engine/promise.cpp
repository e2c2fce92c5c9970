#include <milkrun/engine/promise.hpp>

namespace milkrun {

PromiseQuote quote_promise(const Model& m, ZoneId z, SimTime t, std::optional<WarehouseId> only) {
  PromiseQuote best;
  bool found = false;
  for (WarehouseId w = 0; w < m.warehouse_count(); ++w) {
    if (only && *only != w) continue;
    const WarehouseModel& wm = m.warehouses[w];
    PromiseQuote q;
    q.warehouse = w;
    q.ship_by = m.calendar.next_departure(wm.departures, t + wm.pick_sla);  // R6, R9
    q.transit_days = m.transit_days(w, z);
    q.deliver_by = m.calendar.nth_delivery_day_after(day_of(q.ship_by), q.transit_days);
    if (!found || q.deliver_by < best.deliver_by ||
        (q.deliver_by == best.deliver_by && m.distance(w, z) < m.distance(best.warehouse, z))) {
      best = q;
      found = true;
    }
  }
  return best;
}

}  // namespace milkrun
