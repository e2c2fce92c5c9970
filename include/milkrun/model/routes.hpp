// The planned milk-run routes with their expected loads (what `milkrun routes` prints).
#pragma once
#include <milkrun/model/model.hpp>
#include <milkrun/scenario.hpp>

#include <string>
#include <vector>

namespace milkrun {

/// One truck's planned loop: its stops, km and the expected load per run.
struct RoutePlanRow {
  std::string run;
  int truck = 1;
  std::vector<std::string> stops;
  Km km = 0;
  Load load;  ///< expected per run
  double utilization = 0;
};

/// Every truck of every milk run; pooled trucks share their loop's expected load equally.
std::vector<RoutePlanRow> planned_routes(const Scenario& scenario, const Model& model);

}  // namespace milkrun
