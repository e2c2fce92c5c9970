// Small scenarios for tests, built as JSON and read through the real parser.
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/input/scenario_io.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace milkrun::test {

using Json = nlohmann::ordered_json;

/// One warehouse open 24/7 that departs at 18:00, one zone 10 km away, one vendor and one
/// SKU with plenty of stock; tests change what they study.
inline Json base_scenario() {
  return Json::parse(R"({
    "milkrun": 1, "name": "fixture", "start": "2026-11-02", "horizon_days": 28, "warmup_days": 0,
    "seed": 1, "replications": 1,
    "distances": {"mode": "euclidean"},
    "carrier": {"transit_days": [{"max_km": 100, "days": 1}, {"days": 2}]},
    "warehouses": [{"id": "W1", "location": {"x": 0, "y": 0},
      "pick_pack": {"stations": 1, "time_per_order": "1min"}, "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"x": 10, "y": 0}}],
    "suppliers": [{"id": "V1", "location": {"x": 0, "y": 5}, "lead_time": "2d",
                   "review": {"days": "Mon", "time": "00:00"}}],
    "skus": [{"id": "A", "source": {"supplier": "V1"}, "orders_per_day": 10,
              "stock": {"W1": {"initial": 1000000}}}]
  })");
}

/// Two warehouses 80 km apart, a zone near each, five SKUs of which S3 is stocked only in W1
/// and S4 only in W2 (an order holding both has no warehouse stocking every line), tight
/// levels that a vendor tops up twice a week.
inline Json tight_two_warehouses(const char* on_stockout) {
  Json doc = base_scenario();
  doc["warmup_days"] = 3;
  doc["replications"] = 2;
  Json w2 = doc["warehouses"][0];
  w2["id"] = "W2";
  w2["location"] = {{"x", 80}, {"y", 0}};
  w2["departures"] = {"20:00"};
  doc["warehouses"].push_back(w2);
  doc["zones"] = Json::array({{{"id", "Z1"}, {"location", {{"x", 10}, {"y", 0}}}, {"weight", 1}},
                              {{"id", "Z2"}, {"location", {{"x", 70}, {"y", 0}}}, {"weight", 1}}});
  doc["suppliers"][0]["lead_time"] = "3d";
  doc["suppliers"][0]["review"] = {{"days", "Mon,Thu"}, {"time", "06:00"}};
  const Json policy = {{"initial", 25}, {"policy", {{"type", "RS"}, {"order_up_to", 35}}}};
  doc["skus"] = Json::array();
  const double rates[] = {20, 15, 10, 8, 5};
  for (int i = 0; i < 5; ++i) {
    Json sku = {{"id", "S" + std::to_string(i)}, {"source", {{"supplier", "V1"}}}, {"orders_per_day", rates[i]},
                {"prime", i != 2}};
    if (i != 4) sku["stock"]["W1"] = policy;
    if (i != 3) sku["stock"]["W2"] = policy;
    doc["skus"].push_back(sku);
  }
  doc["demand"] = {{"lines_per_order", {{"dist", "poisson"}, {"mean", 2}}},
                   {"units_per_line", {{"dist", "discrete"}, {"values", {1, 2}}, {"weights", {0.6, 0.4}}}},
                   {"prime_share", 0.5},
                   {"on_stockout", on_stockout},
                   {"backorder_ship_days", 2}};
  return doc;
}

inline Scenario scenario_of(const Json& doc) { return parse_scenario(doc, "fixture.json"); }
inline Model model_of(const Json& doc) { return build_model(scenario_of(doc)); }

inline double kpi(const ReplicationResult& r, Kpi k) { return r.network[static_cast<std::size_t>(k)].value_or(-1); }

/// The conservation laws of UnitBalance (engine.hpp), checked with doctest.
inline void check_balance(const UnitBalance& b) {
  CHECK(b.demanded == b.reserved + b.lost + b.backordered + b.expedited);
  CHECK(b.initial + b.received + b.bought == b.shipped + b.free_end + b.held_end);
  CHECK(b.ordered == b.received + b.on_order_end);
  CHECK(b.ordered_milk_run == b.picked_up + b.at_suppliers_end);
}

}  // namespace milkrun::test
