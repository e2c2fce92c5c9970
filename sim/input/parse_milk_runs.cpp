// Milk runs (SPEC §2 `milk_runs`, R23): the retailer's scheduled truck loops that collect
// from suppliers. References to warehouses and suppliers are checked in validation.
#include "input/limits.hpp"
#include "input/parse.hpp"

namespace milkrun {
namespace {

constexpr std::string_view kMilkRunKeys[] = {"id",    "warehouse", "schedule", "po_lead",            "trucks",
                                             "truck", "stops",     "serves",   "load_time_per_stop", "plan_headroom"};
constexpr std::string_view kTruckKeys[] = {"liters", "kg", "cost_per_km", "cost_per_trip"};

constexpr const char* kStopsShape =
    "must be a list of supplier ids (one loop for all trucks), a list of such lists (one loop per truck) or \"auto\"";

/// A stop that could not be read is kept as an empty id: checks that depend on the stops
/// (which SKUs have a run) then hold back instead of cascading from one typo.
constexpr const char* kUnreadStop = "";

TruckSpec read_truck(const Obj& run) {
  TruckSpec t;
  const Json* v = run.get("truck", Need::required);
  if (!v) return t;
  const Obj o(*v, run.at("truck"), run.problems(), KeyTable{kTruckKeys});
  t.capacity.liters = o.number("liters", kPositive, Need::required).value_or(0);
  t.capacity.kg = o.number("kg", kPositive, Need::required).value_or(0);
  t.cost_per_km = o.number("cost_per_km", kNonNegative).value_or(0);
  t.cost_per_trip = o.number("cost_per_trip", kNonNegative).value_or(0);
  return t;
}

/// A non-empty list of supplier ids at `where`.
std::vector<std::string> read_id_list(const Json& v, const std::string& where, Problems& out) {
  std::vector<std::string> ids;
  if (!v.is_array()) {
    out.add(where, "must be a list of supplier ids, got " + describe(v));
    return {kUnreadStop};
  }
  if (v.empty()) {
    out.add(where, "must not be empty");
    return {kUnreadStop};
  }
  for (std::size_t i = 0; i < v.size(); ++i)
    ids.push_back(read_ref(v[i], pointer_to(where, i), out).value_or(kUnreadStop));
  return ids;
}

/// `stops`: a flat list (pooled trucks on one loop), a list of lists (one loop per truck)
/// or "auto" (the route planner decides).
void read_stops(const Obj& o, MilkRunSpec& r) {
  const Json* v = o.get("stops", Need::required);
  const std::string where = o.at("stops");
  if (v && v->is_string() && v->get_ref<const std::string&>() == "auto") {
    r.auto_stops = true;
    return;
  }
  if (!v || !v->is_array() || v->empty()) {
    if (v) o.problems().add(where, v->is_array() ? "must not be empty" : std::string(kStopsShape) + ", got " + describe(*v));
    r.loops = {{kUnreadStop}};
    return;
  }
  r.pooled = !v->front().is_array();
  if (r.pooled) r.loops.emplace_back();
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& stop = (*v)[i];
    const std::string at = pointer_to(where, i);
    if (stop.is_array() == r.pooled) {
      o.problems().add(at, r.pooled ? "must be a supplier id like the first stop, got " + describe(stop)
                                    : "must be a list of supplier ids like the first loop, got " + describe(stop));
      if (r.pooled) r.loops.front().push_back(kUnreadStop);
      else r.loops.push_back({kUnreadStop});
      continue;
    }
    if (r.pooled) r.loops.front().push_back(read_ref(stop, at, o.problems()).value_or(kUnreadStop));
    else r.loops.push_back(read_id_list(stop, at, o.problems()));
  }
}

/// `trucks`: a positive count or "auto" (0); with one loop per truck it must match the loops.
void read_trucks(const Obj& o, MilkRunSpec& r) {
  const bool per_truck = !r.auto_stops && !r.pooled;
  const int loops = static_cast<int>(r.loops.size());
  const Json* v = o.get("trucks");
  if (!v) {
    r.trucks = per_truck ? loops : 1;
    return;
  }
  if (v->is_string()) {
    if (v->get_ref<const std::string&>() == "auto") r.trucks = per_truck ? loops : 0;  // listed loops need one truck each
    else o.problems().add(o.at("trucks"), "must be a positive integer or \"auto\", got " + describe(*v));
    return;
  }
  if (limits::refuse_over(o, "trucks", limits::kTrucks, "1000000", "")) return;  // SPEC §12
  const auto n = read_integer(*v, o.at("trucks"), o.problems(), kPositive);
  if (!n) return;
  r.trucks = static_cast<int>(*n);
  if (per_truck && r.trucks != loops)
    o.problems().add(o.at("trucks"), "must equal the number of loops in \"stops\" (" + std::to_string(loops) +
                                         ", one per truck), got " + std::to_string(r.trucks));
}

void read_serves(const Obj& o, MilkRunSpec& r) {
  const Json* v = o.get("serves");
  if (!v) return;
  if (!r.auto_stops) {
    if (o.has("stops"))
      o.problems().add(o.at("serves"), "applies only with \"stops\": \"auto\" (a run with listed stops serves those)");
    return;
  }
  r.serves = read_id_list(*v, o.at("serves"), o.problems());
}

MilkRunSpec read_milk_run(const Obj& o) {
  MilkRunSpec r;
  r.pointer = o.where();
  if (!o.ok()) {
    r.loops = {{kUnreadStop}};
    return r;
  }
  r.id = read_id(o);
  r.warehouse = o.ref("warehouse", Need::required).value_or("");
  r.schedule = read_weekly(o, "schedule", "depart", Need::required).value_or(WeeklyTime{});
  r.po_lead = o.duration("po_lead").value_or(0);
  r.truck = read_truck(o);
  read_stops(o, r);
  read_trucks(o, r);
  read_serves(o, r);
  r.load_time_per_stop = o.duration("load_time_per_stop").value_or(0);
  r.plan_headroom = o.number("plan_headroom", kNonNegative).value_or(0);
  return r;
}

}  // namespace

std::vector<MilkRunSpec> read_milk_runs(const Obj& top) {
  std::vector<MilkRunSpec> out;
  if (const Json* list = top.get("milk_runs"); list && list->is_array() && list->empty()) return out;
  for_each_entry(top, "milk_runs", Need::optional, [&](const Json& v, const std::string& where) {
    out.push_back(read_milk_run(Obj(v, where, top.problems(), KeyTable{kMilkRunKeys})));
  });
  return out;
}

}  // namespace milkrun
