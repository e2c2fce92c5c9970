// The entities of a scenario (SPEC §2): warehouses, zones, suppliers, sellers and SKUs.
// Each entity keeps its JSON pointer so later checks and the model builder can name it.
#include "input/limits.hpp"
#include "input/parse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace milkrun {
namespace {

constexpr std::string_view kShiftKeys[] = {"days", "from", "to"};
constexpr std::string_view kWarehouseKeys[] = {"id", "location", "pick_pack", "departures", "receiving", "expedite"};
constexpr std::string_view kPickPackKeys[] = {"stations", "time_per_order", "time_per_unit",
                                              "shifts",   "pick_sla",       "priority"};
constexpr std::string_view kReceivingKeys[] = {"units_per_hour", "shifts", "dock_to_stock"};
constexpr std::string_view kExpediteKeys[] = {"lead_time", "premium_per_unit", "max_units_per_day"};
constexpr std::string_view kZoneKeys[] = {"id", "location", "weight"};
constexpr std::string_view kSupplierKeys[] = {"id",    "location", "delivery", "review",     "lead_time",
                                              "ready", "dock",     "pickup_load"};
constexpr std::string_view kPickupLoadKeys[] = {"liters", "kg"};
constexpr std::string_view kSellerKeys[] = {"id", "location", "review", "cover_days", "carton_units", "transit",
                                           "defect_threshold"};
constexpr std::string_view kSkuKeys[] = {"id", "source", "prime", "orders_per_day", "unit", "stock"};
constexpr std::string_view kSourceKeys[] = {"supplier", "seller"};
constexpr std::string_view kUnitKeys[] = {"liters", "kg", "value"};

std::vector<Shift> read_shifts(const Obj& o) {
  std::vector<Shift> shifts;
  if (const Json* list = o.list("shifts", Need::optional, true))
    for (std::size_t i = 0; i < list->size(); ++i)
      shifts.push_back(read_shift((*list)[i], pointer_to(o.at("shifts"), i), o.problems()));
  return shifts;
}

PickPack read_pick_pack(const Obj& warehouse) {
  PickPack p;
  const Json* v = warehouse.get("pick_pack", Need::required);
  if (!v) return p;
  const Obj o(*v, warehouse.at("pick_pack"), warehouse.problems(), KeyTable{kPickPackKeys});
  if (!limits::refuse_over(o, "stations", limits::kStations, "1000000", ""))  // SPEC §12
    p.stations = static_cast<int>(o.integer("stations", kPositive).value_or(1));
  p.time_per_order = o.quantity("time_per_order", QuantityKind::duration, Need::required).value_or(Distribution{});
  p.time_per_unit = o.quantity("time_per_unit", QuantityKind::duration).value_or(Distribution{});
  p.shifts = read_shifts(o);
  p.pick_sla = o.duration("pick_sla").value_or(0);
  p.priority = o.choice<Priority>("priority", {{"fifo", Priority::fifo}, {"promise", Priority::promise}})
                   .value_or(Priority::fifo);
  return p;
}

std::vector<Seconds> read_departures(const Obj& warehouse) {
  std::vector<Seconds> times;
  if (const Json* list = warehouse.list("departures", Need::required, true))
    for (std::size_t i = 0; i < list->size(); ++i)
      if (const auto t = read_clock((*list)[i], pointer_to(warehouse.at("departures"), i), warehouse.problems()))
        times.push_back(*t);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

std::optional<Receiving> read_receiving(const Obj& warehouse) {
  const Json* v = warehouse.get("receiving");
  if (!v) return std::nullopt;
  const Obj o(*v, warehouse.at("receiving"), warehouse.problems(), KeyTable{kReceivingKeys});
  Receiving r;
  r.units_per_hour = o.number("units_per_hour", kPositive);
  r.shifts = read_shifts(o);
  r.dock_to_stock = o.duration("dock_to_stock").value_or(0);
  return r;
}

/// R43: `expedite`. The lead time stays within a year, like carrier days (SPEC §12): an
/// expedited order is delivered in the run-on after the horizon.
std::optional<Expedite> read_expedite(const Obj& warehouse) {
  const Json* v = warehouse.get("expedite");
  if (!v) return std::nullopt;
  const Obj o(*v, warehouse.at("expedite"), warehouse.problems(), KeyTable{kExpediteKeys});
  Expedite e;
  if (const auto lead = o.duration("lead_time", Need::required)) {
    if (*lead > limits::kCarrierDays * kSecondsPerDay)
      o.problems().add(o.at("lead_time"), limits::over("365d", "", *o.get("lead_time")));
    e.lead_time = *lead;
  }
  e.premium_per_unit = o.number("premium_per_unit", kNonNegative, Need::required).value_or(0);
  e.max_units_per_day = o.integer("max_units_per_day", kNonNegative);
  return e;
}

/// The largest value a law can draw; +infinity when it is unbounded.
double upper_bound(const Distribution& d) {
  switch (d.kind) {
    case DistKind::constant: return d.a;
    case DistKind::bernoulli: return 1;
    case DistKind::uniform: return d.b;
    case DistKind::triangular: return d.c;
    case DistKind::discrete: {
      double hi = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i)
        if (d.weights[i] > 0) hi = std::max(hi, d.values[i]);
      return hi;
    }
    default: return std::numeric_limits<double>::infinity();
  }
}

/// `ready`: the chance a purchase order is ready at a stop visit, as a law on [0, 1]. A plain
/// number p means bernoulli(p), so every draw is 0 (not ready) or 1 (ready).
std::optional<Distribution> read_ready(const Obj& supplier) {
  const Json* v = supplier.get("ready");
  if (!v) return std::nullopt;
  const std::string where = supplier.at("ready");
  if (v->is_number()) {
    const auto p = read_number(*v, where, supplier.problems(), kProbability);
    if (!p) return std::nullopt;
    return Distribution{DistKind::bernoulli, *p, 0, 0, {}, {}};
  }
  auto d = read_quantity(*v, where, supplier.problems(), QuantityKind::number);
  if (!d) return std::nullopt;
  const double hi = upper_bound(*d);
  if (hi <= 1) return d;
  supplier.problems().add(where, (std::isfinite(hi) ? "can exceed 1 (up to " + number_text(hi) + ")"
                                                    : std::string("can exceed 1 (the law is unbounded)")) +
                                     "; a ready chance lies between 0 and 1, e.g. {\"dist\": \"bernoulli\", \"p\": 0.95}");
  return std::nullopt;
}

/// `pickup_load`: the expected load per run the route planner plans with.
void read_pickup_load(const Obj& supplier, SupplierSpec& s) {
  const Json* v = supplier.get("pickup_load");
  if (!v) return;
  const Obj o(*v, supplier.at("pickup_load"), supplier.problems(), KeyTable{kPickupLoadKeys});
  s.pickup_liters = o.number("liters", kNonNegative);
  s.pickup_kg = o.number("kg", kNonNegative);
  if (o.ok() && !o.has("liters") && !o.has("kg")) supplier.problems().add(o.where(), "needs \"liters\" or \"kg\" (or both)");
}

std::vector<StockSpec> read_stocks(const Obj& sku) {
  std::vector<StockSpec> stocks;
  const Json* v = sku.get("stock", Need::required);
  if (!v) return stocks;
  if (!v->is_object()) sku.problems().add(sku.at("stock"), "must be an object keyed by warehouse id, got " + describe(*v));
  else if (v->empty()) sku.problems().add(sku.at("stock"), "must stock the SKU in at least one warehouse");
  else
    for (const auto& item : v->items())
      stocks.push_back(read_stock(item.value(), item.key(), pointer_to(sku.at("stock"), item.key()), sku.problems()));
  return stocks;
}

/// The SKU's source: exactly one of a supplier and a seller.
void read_source(const Obj& sku, SkuSpec& s) {
  const Json* v = sku.get("source", Need::required);
  if (!v) return;
  const Obj o(*v, sku.at("source"), sku.problems(), KeyTable{kSourceKeys});
  s.supplier = o.ref("supplier").value_or("");
  s.seller = o.ref("seller").value_or("");
  if (!o.ok()) return;
  if (o.has("supplier") && o.has("seller"))
    o.problems().add(o.where(), "give \"supplier\" or \"seller\", not both (a SKU has one source)");
  else if (!o.has("supplier") && !o.has("seller"))
    o.problems().add(o.where(), "needs \"supplier\" or \"seller\"");
}

UnitSpec read_unit(const Obj& sku) {
  UnitSpec u;
  const Json* v = sku.get("unit");
  if (!v) return u;
  const Obj o(*v, sku.at("unit"), sku.problems(), KeyTable{kUnitKeys});
  u.liters = o.number("liters", kNonNegative).value_or(0);
  u.kg = o.number("kg", kNonNegative).value_or(0);
  u.value = o.number("value", kNonNegative).value_or(0);
  return u;
}

}  // namespace

std::string read_id(const Obj& o) {
  return o.ref("id", Need::required).value_or("");
}

Shift read_shift(const Json& v, const std::string& where, Problems& out) {
  const Obj o(v, where, out, KeyTable{kShiftKeys});
  Shift s;
  s.days = o.dayset("days", Need::required).value_or(DaySet{});
  s.from = o.clock("from", Need::required).value_or(0);
  s.to = o.clock("to", Need::required).value_or(0);
  return s;
}

std::optional<WeeklyTime> read_weekly(const Obj& parent, std::string_view key, std::string_view time_key, Need need) {
  const Json* v = parent.get(key, need);
  if (!v) return std::nullopt;
  const std::string_view keys[] = {"days", time_key};
  const Obj o(*v, parent.at(key), parent.problems(), KeyTable{keys});
  WeeklyTime w;
  w.days = o.dayset("days", Need::required).value_or(DaySet{});
  w.time = o.clock(time_key, Need::required).value_or(0);
  return w;
}

std::vector<WarehouseSpec> read_warehouses(const Obj& top, const PlaceRules& places) {
  std::vector<WarehouseSpec> out;
  for_each_entry(top, "warehouses", Need::required, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kWarehouseKeys});
    WarehouseSpec w;
    w.pointer = where;
    if (o.ok()) {
      w.id = read_id(o);
      w.location = read_location(o, places);
      w.pick_pack = read_pick_pack(o);
      w.departures = read_departures(o);
      w.receiving = read_receiving(o);
      w.expedite = read_expedite(o);
    }
    out.push_back(std::move(w));
  });
  return out;
}

std::vector<ZoneSpec> read_zones(const Obj& top, const PlaceRules& places) {
  std::vector<ZoneSpec> out;
  for_each_entry(top, "zones", Need::required, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kZoneKeys});
    ZoneSpec z;
    z.pointer = where;
    if (o.ok()) {
      z.id = read_id(o);
      z.location = read_location(o, places);
      z.weight = o.number("weight", kPositive).value_or(1);
    }
    out.push_back(std::move(z));
  });
  return out;
}

std::vector<SupplierSpec> read_suppliers(const Obj& top, const PlaceRules& places) {
  std::vector<SupplierSpec> out;
  if (const Json* list = top.get("suppliers"); list && list->is_array() && list->empty()) return out;
  for_each_entry(top, "suppliers", Need::optional, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kSupplierKeys});
    SupplierSpec s;
    s.pointer = where;
    if (o.ok()) {
      s.id = read_id(o);
      s.location = read_location(o, places);
      const auto delivery =
          o.choice<Delivery>("delivery", {{"vendor", Delivery::vendor}, {"milk_run", Delivery::milk_run}});
      s.delivery = delivery.value_or(Delivery::vendor);
      // A supplier may carry the fields of both modes; only its own mode's are required.
      const bool vendor = !o.has("delivery") || delivery == Delivery::vendor;
      s.review = read_weekly(o, "review", "time", Need::optional);
      s.lead_time = o.quantity("lead_time", QuantityKind::duration, vendor ? Need::required : Need::optional);
      s.ready = read_ready(o);
      if (const Json* dock = o.get("dock")) s.dock = read_shift(*dock, o.at("dock"), top.problems());
      read_pickup_load(o, s);
    }
    out.push_back(std::move(s));
  });
  return out;
}

std::vector<SellerSpec> read_sellers(const Obj& top, const PlaceRules& places) {
  std::vector<SellerSpec> out;
  if (const Json* list = top.get("sellers"); list && list->is_array() && list->empty()) return out;
  for_each_entry(top, "sellers", Need::optional, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kSellerKeys});
    SellerSpec s;
    s.pointer = where;
    if (o.ok()) {
      s.id = read_id(o);
      s.location = read_location(o, places);
      s.review = read_weekly(o, "review", "time", Need::required).value_or(WeeklyTime{});
      if (!limits::refuse_over(o, "cover_days", limits::kDaysField, "365", "days"))
        s.cover_days = o.number("cover_days", kPositive, Need::required).value_or(0);
      s.carton_units = static_cast<int>(o.integer("carton_units", kPositive).value_or(1));
      s.transit = o.quantity("transit", QuantityKind::duration, Need::required).value_or(Distribution{});
      s.defect_threshold = o.number("defect_threshold", kProbability).value_or(s.defect_threshold);
    }
    out.push_back(std::move(s));
  });
  return out;
}

std::vector<SkuSpec> read_skus(const Obj& top) {
  std::vector<SkuSpec> out;
  // With a catalog the listed SKUs are optional: the catalog generates them.
  const bool generated = top.has("catalog");
  if (const Json* list = top.get("skus"); generated && (!list || (list->is_array() && list->empty()))) return out;
  for_each_entry(top, "skus", Need::required, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kSkuKeys});
    SkuSpec s;
    s.pointer = where;
    if (o.ok()) {
      s.id = read_id(o);
      read_source(o, s);
      s.prime = o.flag("prime").value_or(false);
      if (!limits::refuse_over(o, "orders_per_day", limits::kOrdersPerDay, "1e9", "orders a day"))
        s.orders_per_day = o.number("orders_per_day", kNonNegative);
      s.unit = read_unit(o);
      s.stock = read_stocks(o);
    }
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace milkrun
