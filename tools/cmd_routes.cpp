// `milkrun routes`: the planned milk-run loops with km, trucks, expected load, utilization
// and the utilization planned with `plan_headroom` (R39).
#include <milkrun/model/routes.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "commands.hpp"
#include "options.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

namespace milkrun::cli {
namespace {

struct RoutesOptions {
  std::string scenario;
  std::vector<std::string> sets;
  bool json = false;
};

/// Km a run cycle drives: each loop's km once per truck.
double total_km(const std::vector<RoutePlanRow>& rows) {
  double total = 0;
  for (const RoutePlanRow& r : rows) total += r.km * r.trucks;
  return total;
}

void print_json(const std::vector<RoutePlanRow>& rows) {
  nlohmann::ordered_json out;
  out["routes"] = nlohmann::ordered_json::array();
  for (const RoutePlanRow& r : rows) {
    out["routes"].push_back({{"run", r.run}, {"truck", r.truck}, {"stops", r.stops}, {"km", r.km},
                             {"liters", r.load.liters}, {"kg", r.load.kg}, {"utilization", r.utilization},
                             {"planned_utilization", r.planned_utilization}, {"trucks", r.trucks}});
    if (!r.depart.empty()) out["routes"].back()["depart"] = r.depart;  // R46: a run of several departure times
  }
  out["total_km"] = total_km(rows);
  std::cout << out.dump(2) << '\n';
}

void print_table(const std::vector<RoutePlanRow>& rows) {
  std::printf("%-14s %5s %6s %10s %10s %10s %6s %7s  %s\n", "run", "truck", "trucks", "km", "liters", "kg", "util",
              "planned", "stops");
  for (const RoutePlanRow& r : rows) {
    std::string stops;
    for (const std::string& s : r.stops) stops += (stops.empty() ? "" : " > ") + s;
    const std::string run = r.depart.empty() ? r.run : r.run + " " + r.depart;  // R46
    std::printf("%-14s %5d %6d %10.1f %10.0f %10.0f %5.0f%% %6.0f%%  %s\n", run.c_str(), r.truck, r.trucks, r.km,
                r.load.liters, r.load.kg, 100 * r.utilization, 100 * r.planned_utilization, stops.c_str());
  }
  std::printf("total km per run cycle: %.1f\n", total_km(rows));
}

int routes(const RoutesOptions& o) {
  const Scenario sc = load_scenario(o.scenario, parse_overrides(o.sets));
  print_warnings(sc);
  const std::vector<RoutePlanRow> rows = planned_routes(sc, build_model(sc));
  if (o.json) print_json(rows);
  else print_table(rows);
  return 0;
}

}  // namespace

void add_routes(CLI::App& app, Action& action) {
  auto o = std::make_shared<RoutesOptions>();
  CLI::App* cmd = app.add_subcommand("routes", "Print the planned milk-run routes (km, expected load, utilization)");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required();
  add_set_option(*cmd, o->sets);
  cmd->add_flag("--json", o->json, "Print JSON: {\"routes\": [...], \"total_km\"}");
  cmd->callback([o, &action] { action = [o] { return routes(*o); }; });
}

}  // namespace milkrun::cli
