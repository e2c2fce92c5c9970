// The entities of a scenario (SPEC §2): warehouses, zones, suppliers and SKUs.
// Each entity keeps its JSON pointer so later checks and the model builder can name it.
#include "scenario_parse.hpp"

#include <algorithm>

namespace milkrun {
namespace {

constexpr std::string_view kLocationKeys[] = {"lat", "lon", "x", "y"};
constexpr std::string_view kLocationNotYet[] = {"node"};
constexpr std::string_view kShiftKeys[] = {"days", "from", "to"};
constexpr std::string_view kWeeklyKeys[] = {"days", "time"};
constexpr std::string_view kWarehouseKeys[] = {"id", "location", "pick_pack", "departures", "receiving"};
constexpr std::string_view kPickPackKeys[] = {"stations", "time_per_order", "time_per_unit",
                                              "shifts",   "pick_sla",       "priority"};
constexpr std::string_view kReceivingKeys[] = {"units_per_hour", "shifts", "dock_to_stock"};
constexpr std::string_view kZoneKeys[] = {"id", "location", "weight"};
constexpr std::string_view kSupplierKeys[] = {"id", "location", "delivery", "review", "lead_time", "ready", "dock"};
constexpr std::string_view kSupplierNotYet[] = {"pickup_load"};
constexpr std::string_view kSkuKeys[] = {"id", "source", "prime", "orders_per_day", "unit", "stock"};
constexpr std::string_view kSourceKeys[] = {"supplier"};
constexpr std::string_view kSourceNotYet[] = {"seller"};
constexpr std::string_view kUnitKeys[] = {"liters", "kg", "value"};
constexpr std::string_view kStockKeys[] = {"initial", "initial_days", "policy"};
constexpr std::string_view kPolicyKeys[] = {"type", "order_up_to", "order_up_to_days", "reorder_point",
                                            "reorder_point_days"};

constexpr Range kLatitude{-90, 90};
constexpr Range kLongitude{-180, 180};

/// The coordinates the distance mode needs; the other pair is read when present.
Location read_location(const Obj& parent, const Distances& d) {
  Location loc;
  const Json* v = parent.get("location", Need::required);
  if (!v) return loc;
  const Obj o(*v, parent.at("location"), parent.problems(), KeyTable{kLocationKeys, kLocationNotYet});
  if (!o.ok() || o.has("node")) return loc;
  const bool euclidean = d.mode == DistanceMode::euclidean;
  const bool has_latlon = o.has("lat") || o.has("lon"), has_xy = o.has("x") || o.has("y");
  if (euclidean ? !has_xy && has_latlon : !has_latlon && has_xy) {
    o.problems().add(o.where(), euclidean ? "needs \"x\" and \"y\" in km (distances.mode is \"euclidean\")"
                                          : "needs \"lat\" and \"lon\" (distances.mode is \"haversine\")");
    return loc;
  }
  const Need latlon = euclidean ? Need::optional : Need::required;
  const Need xy = euclidean ? Need::required : Need::optional;
  const auto lat = o.number("lat", kLatitude, latlon), lon = o.number("lon", kLongitude, latlon);
  const auto x = o.number("x", kAnyNumber, xy), y = o.number("y", kAnyNumber, xy);
  loc.has_latlon = lat && lon;
  loc.has_xy = x && y;
  loc.lat = lat.value_or(0), loc.lon = lon.value_or(0), loc.x = x.value_or(0), loc.y = y.value_or(0);
  return loc;
}

/// An entity's id: a non-empty string.
std::string read_id(const Obj& o) {
  const auto id = o.text("id", Need::required);
  if (id && id->empty()) o.problems().add(o.at("id"), "must not be empty");
  return id.value_or("");
}

Shift read_shift(const Json& v, const std::string& where, Problems& out) {
  const Obj o(v, where, out, KeyTable{kShiftKeys});
  Shift s;
  s.days = o.dayset("days", Need::required).value_or(DaySet{});
  s.from = o.clock("from", Need::required).value_or(0);
  s.to = o.clock("to", Need::required).value_or(0);
  return s;
}

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

/// Calls `read` on every element of the list under `key`, with the element's pointer.
template <class Read>
void for_each_entry(const Obj& top, std::string_view key, Need need, Read read) {
  if (const Json* list = top.list(key, need, true))
    for (std::size_t i = 0; i < list->size(); ++i) read((*list)[i], pointer_to(top.at(key), i));
}

std::optional<WeeklyTime> read_review(const Obj& supplier) {
  const Json* v = supplier.get("review");
  if (!v) return std::nullopt;
  const Obj o(*v, supplier.at("review"), supplier.problems(), KeyTable{kWeeklyKeys});
  WeeklyTime w;
  w.days = o.dayset("days", Need::required).value_or(DaySet{});
  w.time = o.clock("time", Need::required).value_or(0);
  return w;
}

/// A stock level in units (`key`) or in days of demand (`key_days`), not both.
Level read_level(const Obj& o, const std::string& key) {
  Level level;
  const auto units = o.integer(key, kNonNegative);
  if (units) level.units = static_cast<double>(*units);
  level.days = o.number(key + "_days", kNonNegative);
  if (o.has(key) && o.has(key + "_days"))
    o.problems().add(shown(o.where()), "give \"" + key + "\" or \"" + key + "_days\", not both");
  return level;
}

void check_policy_levels(const Obj& o, const PolicySpec& p) {
  const bool has_reorder = o.has("reorder_point") || o.has("reorder_point_days");
  const bool has_up_to = o.has("order_up_to") || o.has("order_up_to_days");
  if (p.type == PolicyType::RS && !has_up_to)
    o.problems().add(o.where(), "an RS policy needs \"order_up_to\" or \"order_up_to_days\"");
  if (p.type == PolicyType::sS && (!has_up_to || !has_reorder))
    o.problems().add(o.where(), "an sS policy needs \"reorder_point\" (or \"reorder_point_days\") and "
                                "\"order_up_to\" (or \"order_up_to_days\")");
  if (p.type != PolicyType::sS && has_reorder)
    o.problems().add(o.at(o.has("reorder_point") ? "reorder_point" : "reorder_point_days"),
                     std::string("does not apply to ") +
                         (p.type == PolicyType::RS ? "an RS policy (it orders up to \"order_up_to\" at each review)"
                                                   : "a base_stock policy (it orders one for one)"));
  const Level &s = p.reorder_point, &S = p.order_up_to;
  const auto check = [&](std::optional<double> low, std::optional<double> high, const char* key) {
    if (p.type == PolicyType::sS && low && high && *low >= *high)
      o.problems().add(o.at(key), "must be less than the order-up-to level (" + number_text(*high) + "), got " +
                                      number_text(*low));
  };
  check(s.units, S.units, "reorder_point");
  check(s.days, S.days, "reorder_point_days");
}

std::optional<PolicySpec> read_policy(const Obj& stock) {
  const Json* v = stock.get("policy");
  if (!v) return std::nullopt;
  const Obj o(*v, stock.at("policy"), stock.problems(), KeyTable{kPolicyKeys});
  if (!o.ok()) return std::nullopt;
  const auto type = o.choice<PolicyType>(
      "type", {{"RS", PolicyType::RS}, {"sS", PolicyType::sS}, {"base_stock", PolicyType::base_stock}}, Need::required);
  PolicySpec p;
  p.order_up_to = read_level(o, "order_up_to");
  p.reorder_point = read_level(o, "reorder_point");
  if (!type) return p;
  p.type = *type;
  check_policy_levels(o, p);
  return p;
}

StockSpec read_stock(const Json& v, const std::string& key, const std::string& where, Problems& out) {
  const Obj o(v, where, out, KeyTable{kStockKeys});
  StockSpec st;
  st.warehouse = key;
  st.pointer = where;
  if (!o.ok()) return st;
  const auto initial = o.integer("initial", kNonNegative);
  if (initial) st.initial.units = static_cast<double>(*initial);
  st.initial.days = o.number("initial_days", kNonNegative);
  if (!o.has("initial") && !o.has("initial_days"))
    out.add(where, "needs \"initial\" (units) or \"initial_days\" (days of demand)");
  if (o.has("initial") && o.has("initial_days")) out.add(where, "give \"initial\" or \"initial_days\", not both");
  st.policy = read_policy(o);
  return st;
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

std::string read_source(const Obj& sku) {
  const Json* v = sku.get("source", Need::required);
  if (!v) return "";
  const Obj o(*v, sku.at("source"), sku.problems(), KeyTable{kSourceKeys, kSourceNotYet});
  return o.text("supplier", o.has("seller") ? Need::optional : Need::required).value_or("");
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

std::vector<WarehouseSpec> read_warehouses(const Obj& top, const Distances& distances) {
  std::vector<WarehouseSpec> out;
  for_each_entry(top, "warehouses", Need::required, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kWarehouseKeys});
    WarehouseSpec w;
    w.pointer = where;
    if (o.ok()) {
      w.id = read_id(o);
      w.location = read_location(o, distances);
      w.pick_pack = read_pick_pack(o);
      w.departures = read_departures(o);
      w.receiving = read_receiving(o);
    }
    out.push_back(std::move(w));
  });
  return out;
}

std::vector<ZoneSpec> read_zones(const Obj& top, const Distances& distances) {
  std::vector<ZoneSpec> out;
  for_each_entry(top, "zones", Need::required, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kZoneKeys});
    ZoneSpec z;
    z.pointer = where;
    if (o.ok()) {
      z.id = read_id(o);
      z.location = read_location(o, distances);
      z.weight = o.number("weight", kPositive).value_or(1);
    }
    out.push_back(std::move(z));
  });
  return out;
}

std::vector<SupplierSpec> read_suppliers(const Obj& top, const Distances& distances) {
  std::vector<SupplierSpec> out;
  if (const Json* list = top.get("suppliers"); list && list->is_array() && list->empty()) return out;
  for_each_entry(top, "suppliers", Need::optional, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kSupplierKeys, kSupplierNotYet});
    SupplierSpec s;
    s.pointer = where;
    if (o.ok()) {
      s.id = read_id(o);
      s.location = read_location(o, distances);
      const auto delivery =
          o.choice<Delivery>("delivery", {{"vendor", Delivery::vendor}, {"milk_run", Delivery::milk_run, false}});
      s.delivery = delivery.value_or(Delivery::vendor);
      s.review = read_review(o);
      // A supplier may carry the fields of both modes; only its own mode's are required.
      const bool vendor = !o.has("delivery") || delivery == Delivery::vendor;
      s.lead_time = o.quantity("lead_time", QuantityKind::duration, vendor ? Need::required : Need::optional);
      s.ready = o.quantity("ready", QuantityKind::number);
      if (const Json* dock = o.get("dock")) s.dock = read_shift(*dock, o.at("dock"), top.problems());
    }
    out.push_back(std::move(s));
  });
  return out;
}

std::vector<SkuSpec> read_skus(const Obj& top) {
  std::vector<SkuSpec> out;
  for_each_entry(top, "skus", Need::required, [&](const Json& v, const std::string& where) {
    const Obj o(v, where, top.problems(), KeyTable{kSkuKeys});
    SkuSpec s;
    s.pointer = where;
    if (o.ok()) {
      s.id = read_id(o);
      s.supplier = read_source(o);
      s.prime = o.flag("prime").value_or(false);
      s.orders_per_day = o.number("orders_per_day", kNonNegative);
      s.unit = read_unit(o);
      s.stock = read_stocks(o);
    }
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace milkrun
