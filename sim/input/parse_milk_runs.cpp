// Milk runs (SPEC §2 `milk_runs`, R23): the retailer's scheduled truck loops that collect
// from suppliers. References to warehouses and suppliers are checked in validation.
#include "input/limits.hpp"
#include "input/parse.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun {
namespace {

constexpr std::string_view kMilkRunKeys[] = {"id",    "warehouse", "schedule", "po_lead",            "trucks",
                                             "truck", "stops",     "serves",   "load_time_per_stop", "plan_headroom",
                                             "travel_time_factor", "max_route_hours"};
constexpr std::string_view kScheduleKeys[] = {"days", "depart"};

/// R44: a factor's mean (and spread) above this is refused: a drive a hundred times its time
/// is a typo, and the products stay far from overflowing a trip's seconds.
constexpr double kFactorLimit = 100;
/// R44: a normal factor is truncated at 0 (R31); with an sd above this share of its mean the
/// truncation moves its mean, so the planner's factor mean would not be the engine's.
constexpr double kNormalFactorSdShare = 1.0 / 3;
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

/// `schedule`: `days` and `depart`, one "HH:MM" or a non-empty list of distinct ones (R46).
void read_schedule(const Obj& run, MilkRunSpec& r) {
  const Json* v = run.get("schedule", Need::required);
  if (!v) return;
  const Obj o(*v, run.at("schedule"), run.problems(), KeyTable{kScheduleKeys});
  r.schedule.days = o.dayset("days", Need::required).value_or(DaySet{});
  const Json* depart = o.get("depart", Need::required);
  if (!depart) return;
  if (!depart->is_array()) {
    if (const auto t = read_clock(*depart, o.at("depart"), o.problems())) r.departs = {*t};
  } else if (depart->empty()) {
    o.problems().add(o.at("depart"), "must not be empty: give one \"HH:MM\" or a list of them");
  } else {
    for (std::size_t i = 0; i < depart->size(); ++i) {
      const std::string at = pointer_to(o.at("depart"), i);
      const auto t = read_clock((*depart)[i], at, o.problems());
      if (!t) continue;
      if (std::find(r.departs.begin(), r.departs.end(), *t) != r.departs.end())
        o.problems().add(at, "lists " + describe((*depart)[i]) + " twice: each departure time is a run of its own");
      else r.departs.push_back(*t);
    }
  }
  if (!r.departs.empty()) r.schedule.time = r.departs.front();
}

/// R44 `travel_time_factor`: a random number that is never 0 or below (a drive takes time),
/// with a mean of at most kFactorLimit.
std::optional<Distribution> read_factor(const Obj& o) {
  auto d = o.quantity("travel_time_factor", QuantityKind::number);
  if (!d) return d;
  const std::string where = o.at("travel_time_factor");
  const bool can_be_zero = d->kind == DistKind::bernoulli || d->kind == DistKind::poisson ||
                           ((d->is_constant() || d->kind == DistKind::uniform || d->kind == DistKind::triangular ||
                             d->kind == DistKind::discrete) && d->lower_bound() <= 0);
  if (can_be_zero) {
    o.problems().add(where, d->is_constant() ? "must be above 0 (a drive takes time), got " + number_text(d->a)
                                             : "can be as low as " + number_text(d->lower_bound()) +
                                                   "; a factor of drive times must always be above 0, e.g. "
                                                   "{\"dist\": \"lognormal\", \"mean\": 1.1, \"sd\": 0.2}");
    return std::nullopt;
  }
  if (d->kind == DistKind::normal && d->b > d->a * kNormalFactorSdShare) {
    o.problems().add(where, "is a normal law whose sd (" + number_text(d->b) + ") is more than a third of its mean (" +
                                number_text(d->a) + "): truncated at 0 it would not keep that mean; use lognormal or gamma");
    return std::nullopt;
  }
  if (limits::refuse_mean_over(o, "travel_time_factor", *d, kFactorLimit, "100", "")) return std::nullopt;
  return d;
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
  read_schedule(o, r);
  r.po_lead = o.duration("po_lead").value_or(0);
  r.truck = read_truck(o);
  read_stops(o, r);
  read_trucks(o, r);
  read_serves(o, r);
  r.load_time_per_stop = o.duration("load_time_per_stop").value_or(0);
  r.plan_headroom = o.number("plan_headroom", kNonNegative).value_or(0);
  r.travel_time_factor = read_factor(o);
  if (!limits::refuse_over(o, "max_route_hours", limits::kDurationSeconds / 3600, "87840", "hours"))
    if (const auto hours = o.number("max_route_hours", kPositive)) r.max_route = std::llround(*hours * 3600);
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
