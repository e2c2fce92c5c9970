#include "engine/promise.hpp"

namespace milkrun::engine {

Promise::Promise(const Model& model) : m_(model) {
  int max_band = 0;
  for (int d : m_.band_days) max_band = std::max(max_band, d);
  caches_.resize(m_.warehouse_count());
  for (Cache& c : caches_) c.deliver_by.assign(static_cast<std::size_t>(max_band) + 1, -1);
}

void Promise::refresh(WarehouseId w, SimTime t) {
  const WarehouseModel& wm = m_.warehouses[w];
  Cache& c = caches_[w];
  c.ship = m_.calendar.next_departure(wm.departures, t + wm.pick_sla);  // R6, R9
  c.valid_from = t;
  c.valid_to = c.ship - wm.pick_sla;
  std::fill(c.deliver_by.begin(), c.deliver_by.end(), -1);
}

PromiseQuote Promise::backorder(WarehouseId w, ZoneId z, SimTime t) const {
  PromiseQuote q;
  q.warehouse = w;
  q.ship_by = m_.calendar.next_departure(m_.warehouses[w].departures, t + m_.backorder_wait);
  q.transit_days = m_.transit_days(w, z);
  q.deliver_by = m_.calendar.nth_delivery_day_after(day_of(q.ship_by), q.transit_days);
  return q;
}

}  // namespace milkrun::engine

namespace milkrun {

PromiseQuote quote_promise(const Model& m, ZoneId z, SimTime t, std::optional<WarehouseId> only,
                           std::optional<SkuId> sku) {
  engine::Promise promise(m);
  PromiseQuote best;
  const auto eligible = [&](WarehouseId w) { return (!only || *only == w) && (!sku || m.pair(*sku, w) != kNoPair); };
  promise.best(z, t, eligible, best);
  return best;
}

}  // namespace milkrun
