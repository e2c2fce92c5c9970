// The planned milk-run routes with their expected loads (what `milkrun routes` prints).
#pragma once
#include <milkrun/errors.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/scenario.hpp>

#include <string>
#include <vector>

namespace milkrun {

/// One planned loop: its stops, km, trucks and the expected load per run.
struct RoutePlanRow {
  std::string run;
  int truck = 1;   ///< the loop's first truck; the run's trucks count on from loop to loop
  int trucks = 1;  ///< trucks driving the loop together, pooling their capacity
  std::vector<std::string> stops;
  Km km = 0;   ///< one truck's loop
  Load load;   ///< expected per run, the whole loop
  double utilization = 0;          ///< expected load / the trucks' capacity
  double planned_utilization = 0;  ///< the same with the load × (1 + plan_headroom) (R39)
  std::string depart;  ///< R46: "HH:MM" when the run departs at several times (each plans its own loops), else ""
};

/// Every loop of every milk run, in run and loop order.
std::vector<RoutePlanRow> planned_routes(const Scenario& scenario, const Model& model);

/// R39: loops the plan cannot carry, at `/milk_runs/i`: with `stops: "auto"` each loop whose
/// planned load is over its trucks' capacity or that reaches a stop after its dock closes (an
/// exact `trucks` too few for the docks), with listed stops each loop whose expected load is
/// over its trucks' capacity.
std::vector<Problem> plan_warnings(const Scenario& scenario, const Model& model);

}  // namespace milkrun
