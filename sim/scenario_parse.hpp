// The sections of a scenario, each read by its own function (private to sim/).
// Readers append problems and always return what they could read, so later checks do
// not cascade from one bad value.
#pragma once
#include <milkrun/scenario.hpp>

#include "json_reader.hpp"

namespace milkrun {

Distances read_distances(const Obj& top);
Carrier read_carrier(const Obj& top);
Demand read_demand(const Obj& top);
std::vector<WarehouseSpec> read_warehouses(const Obj& top, const Distances& distances);
std::vector<ZoneSpec> read_zones(const Obj& top, const Distances& distances);
std::vector<SupplierSpec> read_suppliers(const Obj& top, const Distances& distances);
std::vector<SkuSpec> read_skus(const Obj& top);

/// Cross-reference and semantic checks on a parsed scenario (`doc` is its JSON).
void validate_scenario(const Scenario& s, const Json& doc, Problems& out);

/// "FILE: line L, column C"-style position and a short message for a JSON syntax error.
Problem syntax_problem(const Json::parse_error& e, std::string_view text);

}  // namespace milkrun
