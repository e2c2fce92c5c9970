// `milkrun routes`: the planned milk-run routes with km, expected load and utilization.
#include <milkrun/model/routes.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "commands.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

namespace milkrun::cli {
namespace {

struct RoutesOptions {
  std::string scenario;
  bool json = false;
};

int routes(const RoutesOptions& o) {
  const Scenario sc = load_scenario(o.scenario);
  const Model model = build_model(sc);
  const std::vector<RoutePlanRow> rows = planned_routes(sc, model);
  double total = 0;
  for (const RoutePlanRow& r : rows) total += r.km;
  if (o.json) {
    nlohmann::ordered_json out;
    out["routes"] = nlohmann::ordered_json::array();
    for (const RoutePlanRow& r : rows)
      out["routes"].push_back({{"run", r.run}, {"truck", r.truck}, {"stops", r.stops}, {"km", r.km},
                               {"liters", r.load.liters}, {"kg", r.load.kg}, {"utilization", r.utilization}});
    out["total_km"] = total;
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  std::printf("%-14s %5s %10s %10s %10s %6s  %s\n", "run", "truck", "km", "liters", "kg", "util", "stops");
  for (const RoutePlanRow& r : rows) {
    std::string stops;
    for (const std::string& s : r.stops) stops += (stops.empty() ? "" : " > ") + s;
    std::printf("%-14s %5d %10.1f %10.0f %10.0f %5.0f%%  %s\n", r.run.c_str(), r.truck, r.km, r.load.liters, r.load.kg,
                100 * r.utilization, stops.c_str());
  }
  std::printf("total km per run cycle: %.1f\n", total);
  return 0;
}

}  // namespace

void add_routes(CLI::App& app, Action& action) {
  auto o = std::make_shared<RoutesOptions>();
  CLI::App* cmd = app.add_subcommand("routes", "Print the planned milk-run routes (km, expected load, utilization)");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required();
  cmd->add_flag("--json", o->json, "Print JSON: {\"routes\": [...], \"total_km\"}");
  cmd->callback([o, &action] { action = [o] { return routes(*o); }; });
}

}  // namespace milkrun::cli
