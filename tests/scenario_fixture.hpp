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

inline Scenario scenario_of(const Json& doc) { return parse_scenario(doc, "fixture.json"); }
inline Model model_of(const Json& doc) { return build_model(scenario_of(doc)); }

inline double kpi(const ReplicationResult& r, Kpi k) { return r.network[static_cast<std::size_t>(k)].value_or(-1); }

/// The conservation laws of UnitBalance (engine.hpp), checked with doctest.
inline void check_balance(const UnitBalance& b) {
  CHECK(b.demanded == b.reserved + b.lost + b.backordered);
  CHECK(b.initial + b.received == b.shipped + b.free_end + b.held_end);
  CHECK(b.ordered == b.received + b.on_order_end);
  CHECK(b.ordered_milk_run == b.picked_up + b.at_suppliers_end);
}

}  // namespace milkrun::test
