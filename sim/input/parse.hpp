// The sections of a scenario, each read by its own function (private to sim/).
// Readers append problems and always return what they could read, so later checks do
// not cascade from one bad value.
#pragma once
#include <milkrun/scenario.hpp>

#include "input/json_reader.hpp"

#include <future>

namespace milkrun {

/// What a location must give: coordinates of one kind, or (roads mode) a road node.
struct PlaceRules {
  DistanceMode mode = DistanceMode::haversine;
  bool xy = false;      ///< coordinates are x/y in km: euclidean mode, or road nodes with x/y
  bool either = false;  ///< roads mode without usable nodes: either pair will do (the network is reported)
};
PlaceRules place_rules(const Distances& distances, const std::optional<Roads>& roads);

// Readers shared by the sections.
/// An entity's id: a non-empty string.
std::string read_id(const Obj& o);
Location read_location(const Obj& parent, const PlaceRules& rules);
Shift read_shift(const Json& v, const std::string& where, Problems& out);
/// A weekly instant {"days": ..., `time_key`: "HH:MM"} under `key` of `parent`.
std::optional<WeeklyTime> read_weekly(const Obj& parent, std::string_view key, std::string_view time_key, Need need);
/// A stock entry {"initial" | "initial_days", "policy"}; `key` is its warehouse id.
StockSpec read_stock(const Json& v, const std::string& key, const std::string& where, Problems& out);
/// A 64-bit seed (any unsigned integer), or `fallback` when absent or bad.
std::uint64_t read_seed(const Obj& o, std::string_view key, std::uint64_t fallback);

/// Calls `read` on every element of the non-empty list under `key`, with the element's pointer.
template <class Read>
void for_each_entry(const Obj& top, std::string_view key, Need need, Read read) {
  if (const Json* list = top.list(key, need, true))
    for (std::size_t i = 0; i < list->size(); ++i) read((*list)[i], pointer_to(top.at(key), i));
}

Distances read_distances(const Obj& top);
std::optional<Roads> read_roads(const Obj& top, const Distances& distances);
Carrier read_carrier(const Obj& top);
Demand read_demand(const Obj& top);
std::vector<WarehouseSpec> read_warehouses(const Obj& top, const PlaceRules& places);
std::vector<ZoneSpec> read_zones(const Obj& top, const PlaceRules& places);
std::vector<SupplierSpec> read_suppliers(const Obj& top, const PlaceRules& places);
std::vector<SellerSpec> read_sellers(const Obj& top, const PlaceRules& places);
std::vector<SkuSpec> read_skus(const Obj& top);
std::vector<MilkRunSpec> read_milk_runs(const Obj& top);
/// `catalog.generate`, checked against the warehouses, suppliers and sellers of `s`.
std::optional<CatalogSpec> read_catalog(const Obj& top, const Scenario& s);

/// Cross-reference and semantic checks on a parsed scenario (`doc` is its JSON): errors
/// go to `out`, things allowed but probably not meant to `warnings`.
void validate_scenario(const Scenario& s, const Json& doc, Problems& out, Problems& warnings);

/// R39, on a scenario that passed every other check: builds the milk-run plans; a supplier
/// planned over one truck (or a plan the docks forbid) is an error, a loop over capacity a
/// warning. check_plans is planning_scenario, then check_planning.
void check_plans(Scenario& s, Problems& out, Problems& warnings);

/// The scenario the plans are checked on: `s` but for its SKUs, of which it has those of the
/// planned suppliers only, each with its final rate as its own `orders_per_day` (and no
/// `demand.orders_per_day`): the model then gives them exactly the rates, and so the expected
/// loads, that the whole catalog gives them. `s` is whole again on return.
Scenario planning_scenario(Scenario& s);

/// What check_plans finds: errors and warnings.
struct PlanFindings {
  Problems out, warnings;
};
/// check_plans' work on a planning_scenario, which it alone reads: it may run on another
/// thread while the caller builds the whole model (plans are shared, routes/plan_memo).
PlanFindings check_planning(const Scenario& planning);

/// A check_plans left running: its findings to come, and the scenario's other warnings, to be
/// sorted with the plans' (load_scenario_planning_aside).
struct PlansAside {
  std::future<PlanFindings> findings;
  Problems warnings;
};
/// parse_scenario, with the plans checked aside when `aside` is given and the scenario has
/// milk runs and passed every other check: then `aside->findings` is valid, the scenario's
/// warnings are in `aside->warnings`, and an error in the plans is still to be thrown.
Scenario parse_scenario(const Json& doc, const std::string& file, PlansAside* aside);

/// The scenario as compact JSON without "$schema", which names a schema file and is no part
/// of the network: a baseline's content hash does not change when a file starts to cite it.
std::string content_text(const Json& doc);

/// Problems in file order: by the position of the deepest part of their pointer that exists.
void sort_by_position(std::vector<Problem>& problems, const Json& doc);

/// The end of a scenario's checks: throws `out`'s problems in file order when there are any,
/// else gives `s` its `warnings` in file order.
void end_checks(Scenario& s, Problems& out, Problems& warnings, const Json& doc);

/// "FILE: line L, column C"-style position and a short message for a JSON syntax error.
Problem syntax_problem(const Json::parse_error& e, std::string_view text);

}  // namespace milkrun
