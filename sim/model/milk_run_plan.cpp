#include "model/milk_run_plan.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/routes/planner.hpp>
#include <milkrun/model/routes.hpp>

#include "routes/plan_memo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace milkrun {
namespace {

/// Loads within this share above a capacity still fit (sums of expected loads drift).
constexpr double kLoadTolerance = 1e-9;

RunLoop make_loop(const std::vector<SupplierId>& stops, WarehouseId w, int trucks, const TravelMatrix& travel) {
  RunLoop loop;
  loop.stops = stops;
  loop.trucks = trucks;
  std::vector<std::size_t> places{travel.warehouse(w)};
  for (SupplierId s : stops) places.push_back(travel.supplier(s));
  places.push_back(travel.warehouse(w));
  for (std::size_t i = 0; i + 1 < places.size(); ++i) {
    const auto a = static_cast<Eigen::Index>(places[i]), b = static_cast<Eigen::Index>(places[i + 1]);
    loop.leg_km.push_back(travel.km(a, b));
    loop.leg_seconds.push_back(std::llround(travel.seconds(a, b)));
    loop.km += travel.km(a, b);
  }
  places.pop_back();  // the warehouse once: place 0
  for (std::size_t a : places)
    for (std::size_t b : places) {
      loop.seconds_between.push_back(travel.seconds(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)));
      loop.km_between.push_back(travel.km(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)));
    }
  return loop;
}

/// The suppliers a run with `stops: "auto"` serves: those in `serves`, or every milk-run
/// supplier with a SKU stocked at the run's warehouse.
std::vector<SupplierId> served_by(const Scenario& sc, const Model& m, const MilkRunSpec& spec, WarehouseId w,
                                  const std::unordered_map<std::string, SupplierId>& suppliers) {
  std::vector<SupplierId> out;
  if (!spec.serves.empty()) {
    for (const std::string& id : spec.serves) out.push_back(suppliers.at(id));
    return out;
  }
  for (SupplierId s = 0; s < m.suppliers.size(); ++s) {
    if (sc.suppliers[s].delivery != Delivery::milk_run) continue;
    const std::vector<SkuId>* skus = s < m.supplier_skus.size() ? &m.supplier_skus[s] : nullptr;
    if (skus && std::any_of(skus->begin(), skus->end(), [&](SkuId k) { return m.pair(k, w) != kNoPair; })) out.push_back(s);
  }
  return out;
}

/// Dock hours of supplier `s` on the run's first schedule day, on the run's timeline.
std::optional<DockWindow> dock_window(const SupplierModel& s, const WeeklyTime& schedule) {
  if (!s.dock) return std::nullopt;
  Weekday day = 0;
  while (day < 7 && !schedule.days.has(day)) ++day;
  if (!s.dock->days.has(day)) return DockWindow{0, 0};  // closed that day: no arrival is in time
  const Seconds close = s.dock->to > s.dock->from ? s.dock->to : s.dock->to + kSecondsPerDay;
  return DockWindow{std::max<Seconds>(0, s.dock->from - schedule.time), close - schedule.time};
}

/// The planner's view of an auto run: the warehouse (0) and the served suppliers, their
/// planned loads (expected × (1 + plan_headroom), R39) and dock hours.
PlanProblem plan_problem(const Scenario& sc, const Model& m, const MilkRunSpec& spec, const MilkRunModel& run,
                         const TravelMatrix& travel, const std::vector<SupplierId>& served) {
  const auto n = static_cast<Eigen::Index>(served.size());
  PlanProblem problem;
  problem.km.resize(n + 1, n + 1);
  problem.seconds.resize(n + 1, n + 1);
  std::vector<std::size_t> places{travel.warehouse(run.warehouse)};
  for (SupplierId s : served) places.push_back(travel.supplier(s));
  for (Eigen::Index a = 0; a <= n; ++a)
    for (Eigen::Index b = 0; b <= n; ++b) {
      const auto pa = static_cast<Eigen::Index>(places[static_cast<std::size_t>(a)]);
      const auto pb = static_cast<Eigen::Index>(places[static_cast<std::size_t>(b)]);
      problem.km(a, b) = travel.km(pa, pb);
      problem.seconds(a, b) = travel.seconds(pa, pb) * run.factor_mean;  // R45: at the factor's mean
    }
  problem.loads.assign(served.size() + 1, Load{});
  problem.window.assign(served.size() + 1, std::nullopt);
  for (std::size_t i = 0; i < served.size(); ++i) {
    problem.loads[i + 1] = planned_load(spec, expected_load(sc, m, served[i], run.warehouse, run.runs_per_week));
    problem.window[i + 1] = dock_window(m.suppliers[served[i]], run.schedule);
  }
  problem.capacity = run.truck.capacity;
  problem.service = run.load_time;
  problem.max_duration = run.max_route.value_or(0);
  problem.max_trucks = spec.trucks;
  problem.rule = spec.trucks > 0 ? TruckRule::exactly : TruckRule::fewest;
  return problem;
}

std::string liters_and_kg(const Load& load) {
  char text[96];
  std::snprintf(text, sizeof text, "%.0f L and %.0f kg", load.liters, load.kg);
  return text;
}

/// R39: a supplier whose planned load is more than one truck carries is an error at the run.
std::vector<Problem> over_one_truck(const Model& m, const MilkRunSpec& spec, const std::vector<SupplierId>& served,
                                    const PlanProblem& problem) {
  std::vector<Problem> problems;
  for (std::size_t i = 0; i < served.size(); ++i) {
    const Load& load = problem.loads[i + 1];
    if (load.fits(problem.capacity * (1 + kLoadTolerance))) continue;
    std::ostringstream as;
    if (spec.plan_headroom > 0) as << " as planned (expected load × (1 + plan_headroom " << spec.plan_headroom << "))";
    problems.push_back({spec.pointer, "supplier \"" + m.suppliers[served[i]].id + "\" hands each run " +
                                          liters_and_kg(load) + as.str() + ", more than one truck carries (" +
                                          liters_and_kg(problem.capacity) + ")"});
  }
  return problems;
}

/// R38: trucks beyond the loops join, one at a time, the loop with the highest planned
/// utilization per truck (the first such loop on a tie) and pool there.
void pool_spare_trucks(std::vector<RunLoop>& loops, const std::vector<Load>& planned, int trucks, const Load& capacity) {
  for (int spare = trucks - static_cast<int>(loops.size()); spare > 0 && !loops.empty(); --spare) {
    std::size_t fullest = 0;
    double most = -1;
    for (std::size_t i = 0; i < loops.size(); ++i) {
      const double per_truck = planned[i].utilization(capacity) / loops[i].trucks;
      if (per_truck > most) most = per_truck, fullest = i;
    }
    ++loops[fullest].trucks;
  }
}

/// An auto run's suppliers and the planner's problem over them.
struct AutoRun {
  std::vector<SupplierId> served;
  PlanProblem problem;
};

/// `stops: "auto"`: the route planner's loops over the planned loads; a numeric `trucks` is
/// exact (R38). `planned` is the problem's plan when it was made ahead.
std::vector<RunLoop> plan_loops(const Scenario& sc, const Model& m, const MilkRunSpec& spec, const MilkRunModel& run,
                                const TravelMatrix& travel, const AutoRun& the_run, std::optional<Plan> planned) {
  const std::vector<SupplierId>& served = the_run.served;
  if (std::vector<Problem> problems = over_one_truck(m, spec, served, the_run.problem); !problems.empty())
    throw InputError(sc.file, std::move(problems));
  const Plan plan = planned ? std::move(*planned) : remembered_plan(the_run.problem);
  if (!plan.feasible) {
    std::string which;
    for (int stop : plan.impossible_stops)
      which += (which.empty() ? "" : ", ") + ("\"" + m.suppliers[served[static_cast<std::size_t>(stop - 1)]].id + "\"");
    throw InputError(sc.file, spec.pointer + "/stops",
                     "the route planner found no feasible plan: " + plan.why + (which.empty() ? "" : " (" + which + ")"));
  }
  std::vector<RunLoop> loops;
  std::vector<Load> planned_loads;
  for (const PlannedRoute& route : plan.routes) {
    std::vector<SupplierId> stops;
    for (int stop : route.stops) stops.push_back(served[static_cast<std::size_t>(stop - 1)]);
    loops.push_back(make_loop(stops, run.warehouse, 1, travel));
    planned_loads.push_back(route.load);
  }
  pool_spare_trucks(loops, planned_loads, spec.trucks, run.truck.capacity);
  return loops;
}

/// A run's schedule at its departure time `k`, truck and warehouse, without its loops.
MilkRunModel run_without_loops(const MilkRunSpec& spec, std::size_t index, std::size_t k,
                               const std::unordered_map<std::string, WarehouseId>& warehouses) {
  MilkRunModel run;
  run.id = spec.id;
  run.spec = index;
  run.departure = k;
  run.warehouse = warehouses.at(spec.warehouse);
  run.schedule = spec.schedule;
  if (k < spec.departs.size()) run.schedule.time = spec.departs[k];
  run.po_lead = spec.po_lead;
  run.load_time = spec.load_time_per_stop;
  run.truck = spec.truck;
  for (Weekday d = 0; d < 7; ++d) run.runs_per_week += spec.schedule.days.has(d);
  run.runs_per_week *= static_cast<double>(std::max<std::size_t>(spec.departs.size(), 1));  // R46
  if (spec.travel_time_factor) run.factor = *spec.travel_time_factor;
  run.factor_mean = run.factor.mean();
  run.max_route = spec.max_route;
  return run;
}

/// R44, R45: a leg's driving seconds at the factor's mean, rounded to the second.
Seconds mean_leg(const MilkRunModel& run, double seconds) { return std::llround(seconds * run.factor_mean); }

/// R45: when a truck alone at stop `s` is back, seconds after departure: the drive there and
/// back at the factor's mean, the dock wait and the loading (docks on the run's first
/// schedule day, as the planner sees them). `there` and `back` are the unscaled legs.
Seconds round_trip(const Model& m, const MilkRunModel& run, SupplierId s, double there, double back) {
  Seconds t = mean_leg(run, there);
  if (const std::optional<DockWindow> window = dock_window(m.suppliers[s], run.schedule)) t = std::max(t, window->open);
  return t + run.load_time + mean_leg(run, back);
}

std::string clock_text(Seconds t) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(t / 3600), static_cast<int>(t % 3600 / 60));
  return text;
}

std::string hours_text(Seconds seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g h", static_cast<double>(seconds) / 3600);
  return text;
}

/// R39, R45: each stop of `run` whose round trip alone is over max_route_hours, an error at
/// the run (the duty limit would skip it on every trip).
std::vector<Problem> over_duty_alone(const Model& m, const MilkRunSpec& spec, const MilkRunModel& run,
                                     const std::vector<SupplierId>& stops, const TravelMatrix& travel) {
  std::vector<Problem> problems;
  if (!run.max_route) return problems;
  const auto w = static_cast<Eigen::Index>(travel.warehouse(run.warehouse));
  for (SupplierId s : stops) {
    if (m.suppliers[s].delivery != Delivery::milk_run) continue;  // a vendor on a loop hands nothing over: skipping it costs nothing
    const auto p = static_cast<Eigen::Index>(travel.supplier(s));
    if (!std::isfinite(travel.seconds(w, p)) || !std::isfinite(travel.seconds(p, w))) continue;  // no road: reported apart
    const Seconds back = round_trip(m, run, s, travel.seconds(w, p), travel.seconds(p, w));
    if (back <= *run.max_route) continue;
    problems.push_back({spec.pointer, "supplier \"" + m.suppliers[s].id + "\": its round trip alone takes " + hours_text(back) +
                                          " (drives at the travel_time_factor's mean, dock wait and loading), more than "
                                          "max_route_hours (" + hours_text(*run.max_route) + ")"});
  }
  return problems;
}

/// A loop's expected load per run: its milk-run stops' expected loads.
Load loop_expected_load(const Scenario& sc, const Model& m, const MilkRunModel& run, const RunLoop& loop) {
  Load load;
  for (SupplierId s : loop.stops)
    if (m.suppliers[s].delivery == Delivery::milk_run) load += expected_load(sc, m, s, run.warehouse, run.runs_per_week);
  return load;
}

std::string stop_names(const Model& m, const RunLoop& loop) {
  std::string names;
  for (SupplierId s : loop.stops) names += (names.empty() ? "" : " > ") + m.suppliers[s].id;
  return names;
}

/// The first stop of an auto loop a truck reaches after its dock closed (on the run's first
/// schedule day, as the planner sees it): the exact truck count forced it in (R38).
std::optional<SupplierId> late_stop(const Model& m, const MilkRunModel& run, const RunLoop& loop) {
  Seconds t = 0;
  for (std::size_t k = 0; k < loop.stops.size(); ++k) {
    t += loop.leg_seconds[k];
    const std::optional<DockWindow> window = dock_window(m.suppliers[loop.stops[k]], run.schedule);
    if (window && t >= window->close) return loop.stops[k];
    if (window) t = std::max(t, window->open);
    t += run.load_time;
  }
  return std::nullopt;
}

/// R45: when a truck driving all of `loop` is back, seconds after departure, at the factor's
/// mean with the dock waits of the run's first schedule day (as the planner sees them).
Seconds expected_duration(const Model& m, const MilkRunModel& run, const RunLoop& loop) {
  Seconds t = 0;
  std::size_t at = 0;
  for (std::size_t k = 0; k < loop.stops.size(); ++k) {
    t += mean_leg(run, loop.seconds(at, k + 1));
    at = k + 1;
    if (m.suppliers[loop.stops[k]].delivery != Delivery::milk_run) continue;
    if (const std::optional<DockWindow> window = dock_window(m.suppliers[loop.stops[k]], run.schedule)) {
      if (t >= window->close) continue;  // reaches it closed: no loading
      t = std::max(t, window->open);
    }
    t += run.load_time;
  }
  return t + mean_leg(run, loop.seconds(at, 0));
}

std::string percent(double share) { return std::to_string(std::llround(100 * share)) + "%"; }

std::string trucks_capacity(int trucks) {
  return trucks == 1 ? "its truck's capacity" : "its " + std::to_string(trucks) + " trucks' capacity";
}

}  // namespace

Load planned_load(const MilkRunSpec& spec, const Load& expected) { return expected * (1 + spec.plan_headroom); }

Load expected_load(const Scenario& sc, const Model& m, SupplierId s, WarehouseId w, double runs_per_week) {
  const SupplierSpec& spec = sc.suppliers[s];
  if (spec.pickup_liters || spec.pickup_kg) return {spec.pickup_liters.value_or(0), spec.pickup_kg.value_or(0)};
  Load load;
  const double days_between = runs_per_week > 0 ? 7.0 / runs_per_week : 7.0;
  if (s >= m.supplier_skus.size()) return load;
  for (SkuId k : m.supplier_skus[s]) {  // in file order: the same sum, bit for bit, as over every SKU
    if (m.pair(k, w) == kNoPair) continue;
    const double units = m.pairs[m.pair(k, w)].mean_units_per_day * days_between;
    load += m.skus[k].unit * units;
  }
  return load;
}

std::vector<MilkRunModel> build_milk_runs(const Scenario& sc, const Model& m, const TravelMatrix& travel,
                                          const std::unordered_map<std::string, SupplierId>& suppliers,
                                          const std::unordered_map<std::string, WarehouseId>& warehouses) {
  std::vector<MilkRunModel> runs;
  // R46: one run per departure time, the file's runs in order, each run's times in order: a
  // scenario with one time per run numbers its runs as the file does.
  for (std::size_t i = 0; i < sc.milk_runs.size(); ++i)
    for (std::size_t k = 0; k < std::max<std::size_t>(sc.milk_runs[i].departs.size(), 1); ++k)
      runs.push_back(run_without_loops(sc.milk_runs[i], i, k, warehouses));
  // R39, R45: a stop whose round trip alone breaks the duty limit, at every run, before planning.
  std::vector<Problem> too_long;
  for (const MilkRunModel& run : runs) {
    const MilkRunSpec& spec = sc.milk_runs[run.spec];
    if (run.departure > 0) continue;  // the check reads the first schedule day's docks: once per run
    std::vector<SupplierId> stops = spec.auto_stops ? served_by(sc, m, spec, run.warehouse, suppliers) : std::vector<SupplierId>{};
    for (const auto& names : spec.loops)
      for (const std::string& n : names) stops.push_back(suppliers.at(n));
    for (Problem& p : over_duty_alone(m, spec, run, stops, travel)) too_long.push_back(std::move(p));
  }
  if (!too_long.empty()) throw InputError(sc.file, std::move(too_long));
  // The auto runs' problems first, planned together (each plan depends only on its problem);
  // then run by run, in file order, so the first error is the one met run by run.
  std::vector<std::optional<AutoRun>> autos(runs.size());
  std::vector<const PlanProblem*> ahead(runs.size(), nullptr);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const MilkRunSpec& spec = sc.milk_runs[runs[r].spec];
    if (!spec.auto_stops) continue;
    std::vector<SupplierId> served = served_by(sc, m, spec, runs[r].warehouse, suppliers);
    if (served.empty()) continue;
    PlanProblem problem = plan_problem(sc, m, spec, runs[r], travel, served);
    autos[r] = AutoRun{std::move(served), std::move(problem)};
    if (over_one_truck(m, spec, autos[r]->served, autos[r]->problem).empty()) ahead[r] = &autos[r]->problem;
  }
  std::vector<std::optional<Plan>> plans = remembered_plans(ahead);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    MilkRunModel& run = runs[r];
    const MilkRunSpec& spec = sc.milk_runs[run.spec];
    if (spec.auto_stops) {
      if (autos[r]) run.loops = plan_loops(sc, m, spec, run, travel, *autos[r], std::move(plans[r]));
    } else {
      for (const auto& names : spec.loops) {
        std::vector<SupplierId> stops;
        for (const std::string& n : names) stops.push_back(suppliers.at(n));
        run.loops.push_back(make_loop(stops, run.warehouse, spec.pooled ? std::max(spec.trucks, 1) : 1, travel));
      }
    }
  }
  return runs;
}

Seconds planned_duration(const Model& m, const MilkRunModel& run, const RunLoop& loop, SimTime depart) {
  SimTime t = depart;
  std::size_t at = 0;
  for (std::size_t i = 0; i < loop.stops.size(); ++i) {
    t += mean_leg(run, loop.seconds(at, i + 1));
    at = i + 1;
    if (m.suppliers[loop.stops[i]].delivery != Delivery::milk_run) continue;  // a vendor hands nothing over
    if (const std::optional<SimTime> open = dock_open_at(m, loop.stops[i], t)) t = *open + run.load_time;
  }
  return t + mean_leg(run, loop.seconds(at, 0)) - depart;
}

std::optional<SimTime> dock_open_at(const Model& m, SupplierId s, SimTime t) {
  const auto& dock = m.suppliers[s].dock;
  if (!dock) return t;  // no dock hours: always open
  // The window that started the day before may still be open (a shift past midnight).
  for (DayIndex d = day_of(t) - 1; d <= day_of(t); ++d) {
    if (!dock->days.has(weekday_of(m.start + d))) continue;
    const SimTime open = static_cast<SimTime>(d) * kSecondsPerDay + dock->from;
    const SimTime close = static_cast<SimTime>(d) * kSecondsPerDay + (dock->to > dock->from ? dock->to : dock->to + kSecondsPerDay);
    if (t < close && (d == day_of(t) || t >= open)) return std::max(t, open);  // wait for the dock to open that day
  }
  return std::nullopt;  // closed for the day, or not a dock day: skipped
}

std::vector<RoutePlanRow> planned_routes(const Scenario& sc, const Model& m) {
  std::vector<RoutePlanRow> rows;
  for (std::size_t r = 0; r < m.milk_runs.size(); ++r) {
    const MilkRunModel& run = m.milk_runs[r];
    int first_truck = 1;
    for (const RunLoop& loop : run.loops) {
      RoutePlanRow row;
      row.run = run.id;
      if (sc.milk_runs[run.spec].departs.size() > 1) row.depart = clock_text(run.schedule.time);
      row.truck = first_truck;
      row.trucks = loop.trucks;
      for (SupplierId s : loop.stops) row.stops.push_back(m.suppliers[s].id);
      row.km = loop.km;
      row.load = loop_expected_load(sc, m, run, loop);
      const Load capacity = run.truck.capacity * loop.trucks;
      row.utilization = row.load.utilization(capacity);
      row.planned_utilization = planned_load(sc.milk_runs[run.spec], row.load).utilization(capacity);
      rows.push_back(std::move(row));
      first_truck += loop.trucks;
    }
  }
  return rows;
}

std::vector<Problem> plan_warnings(const Scenario& sc, const Model& m) {
  std::vector<Problem> warnings;
  for (std::size_t r = 0; r < m.milk_runs.size(); ++r) {
    const MilkRunModel& run = m.milk_runs[r];
    const MilkRunSpec& spec = sc.milk_runs[run.spec];
    for (std::size_t i = 0; i < run.loops.size(); ++i) {
      const RunLoop& loop = run.loops[i];
      const Load capacity = run.truck.capacity * loop.trucks;
      const Load expected = loop_expected_load(sc, m, run, loop);
      std::string which = "loop " + std::to_string(i + 1) + " (" + stop_names(m, loop) + ")";
      if (spec.departs.size() > 1) which = "departing " + clock_text(run.schedule.time) + ", " + which;  // R46
      if (run.max_route) {  // R45: a loop over the limit at the factor's mean skips stops on most trips
        const Seconds expected_back = expected_duration(m, run, loop);
        if (expected_back > *run.max_route)
          warnings.push_back({spec.pointer, which + " is expected to take " + hours_text(expected_back) +
                                                " (at the travel_time_factor's mean), more than max_route_hours (" +
                                                hours_text(*run.max_route) + "): its trucks will skip stops" +
                                                (spec.auto_stops ? ": \"trucks\" is too few for the duty limit" : "")});
      }
      if (spec.auto_stops) {
        if (const auto late = late_stop(m, run, loop))
          warnings.push_back({spec.pointer, which + " reaches \"" + m.suppliers[*late].id +
                                                "\" after its dock closes: \"trucks\" is too few for the dock hours"});
        const double planned = planned_load(spec, expected).utilization(capacity);
        if (planned > 1 + kLoadTolerance)
          warnings.push_back({spec.pointer, which + " is planned at " + percent(planned) + " of " + trucks_capacity(loop.trucks) +
                                                ": the planned loads need more trucks than \"trucks\" gives"});
      } else if (expected.utilization(capacity) > 1 + kLoadTolerance) {
        warnings.push_back({spec.pointer, which + " expects " + percent(expected.utilization(capacity)) + " of " +
                                              trucks_capacity(loop.trucks) + " per run: what does not fit waits for later runs"});
      }
    }
  }
  return warnings;
}

}  // namespace milkrun
