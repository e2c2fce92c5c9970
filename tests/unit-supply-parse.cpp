// Reading the supply side of a scenario (SPEC §2, R23, R24): milk-run suppliers, sellers,
// SKU sources and milk runs, with their checks and warnings.
#include <doctest/doctest.h>

#include "parse_fixture.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

using namespace milkrun;
using Json = nlohmann::ordered_json;

namespace {

/// Two warehouses; ACME and GAMMA are picked up by milk runs, BETA is a vendor, S1 a seller.
Json supply_scenario() {
  return Json::parse(R"({
    "milkrun": 1, "name": "supply", "start": "2026-11-02", "horizon_days": 14,
    "distances": {"mode": "euclidean"},
    "carrier": {"transit_days": [{"days": 1}]},
    "warehouses": [
      {"id": "W1", "location": {"x": 0, "y": 0}, "pick_pack": {"time_per_order": "1min"}, "departures": ["18:00"]},
      {"id": "W2", "location": {"x": 90, "y": 0}, "pick_pack": {"time_per_order": "1min"}, "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"x": 1, "y": 1}}],
    "suppliers": [
      {"id": "ACME", "location": {"x": 5, "y": 5}, "delivery": "milk_run",
       "ready": {"dist": "bernoulli", "p": 0.95}, "dock": {"days": "Mon-Fri", "from": "07:00", "to": "17:00"}},
      {"id": "BETA", "location": {"x": 6, "y": 5}, "lead_time": "3d", "review": {"days": "Thu", "time": "08:00"}},
      {"id": "GAMMA", "location": {"x": 8, "y": 2}, "delivery": "milk_run"}],
    "sellers": [{"id": "S1", "location": {"x": 50, "y": 5}, "review": {"days": "Mon", "time": "09:00"},
                 "cover_days": 14, "carton_units": 24, "transit": {"dist": "lognormal", "mean": "3d", "sd": "1d"}}],
    "skus": [
      {"id": "CAM", "source": {"supplier": "ACME"}, "orders_per_day": 10,
       "stock": {"W1": {"initial": 50, "policy": {"type": "RS", "order_up_to": 80}}}},
      {"id": "LENS", "source": {"supplier": "GAMMA"}, "orders_per_day": 5, "stock": {"W1": {"initial": 20}}},
      {"id": "MUG", "source": {"seller": "S1"}, "orders_per_day": 8, "stock": {"W1": {"initial_days": 14}}}],
    "milk_runs": [{"id": "MR1", "warehouse": "W1", "schedule": {"days": "Mon,Thu", "depart": "05:00"},
                   "truck": {"liters": 60000, "kg": 12000}, "stops": ["ACME", "GAMMA"]}]
  })");
}

Json& run(Json& doc) { return doc["milk_runs"][0]; }

Scenario parse(const Json& doc) { return parse_scenario(doc, "s.json"); }

std::string problems(const Json& doc) { return test::problems_of(doc, "s.json"); }

std::string warnings(const Json& doc) {
  std::string text;
  for (const Problem& w : parse(doc).warnings) text += w.where + ": " + w.message + "\n";
  return text;
}

}  // namespace

TEST_CASE("a flat stops list is one loop the trucks drive together, with the defaults of R23") {
  const Scenario s = parse(supply_scenario());
  REQUIRE(s.milk_runs.size() == 1);
  const MilkRunSpec& r = s.milk_runs[0];
  CHECK(r.id == "MR1");
  CHECK(r.pointer == "/milk_runs/0");
  CHECK(r.warehouse == "W1");
  CHECK(r.schedule.days.mask == 0b1001);
  CHECK(r.schedule.time == 5 * 3600);
  CHECK(r.po_lead == 0);
  CHECK(r.load_time_per_stop == 0);
  CHECK(r.trucks == 1);
  CHECK(r.truck.capacity.liters == 60000);
  CHECK(r.truck.capacity.kg == 12000);
  CHECK(r.truck.cost_per_km == 0);
  CHECK(r.truck.cost_per_trip == 0);
  CHECK(r.pooled);
  CHECK_FALSE(r.auto_stops);
  CHECK(r.loops == std::vector<std::vector<std::string>>{{"ACME", "GAMMA"}});
  CHECK(s.warnings.empty());
}

TEST_CASE("durations, counts and costs of a milk run are read") {
  Json doc = supply_scenario();
  run(doc)["po_lead"] = "2d";
  run(doc)["load_time_per_stop"] = "30min";
  run(doc)["trucks"] = 3;
  run(doc)["truck"] = Json::parse(R"({"liters": 100, "kg": 50, "cost_per_km": 1.8, "cost_per_trip": 250})");
  const MilkRunSpec r = parse(doc).milk_runs[0];
  CHECK(r.po_lead == 2 * 86400);
  CHECK(r.load_time_per_stop == 1800);
  CHECK(r.trucks == 3);
  CHECK(r.truck.cost_per_km == 1.8);
  CHECK(r.truck.cost_per_trip == 250);
}

TEST_CASE("a list of lists is one loop per truck, and trucks must match it") {
  Json doc = supply_scenario();
  run(doc)["stops"] = Json::parse(R"([["ACME"], ["GAMMA"]])");
  const MilkRunSpec r = parse(doc).milk_runs[0];
  CHECK_FALSE(r.pooled);
  CHECK(r.trucks == 2);
  CHECK(r.loops == std::vector<std::vector<std::string>>{{"ACME"}, {"GAMMA"}});
  run(doc)["trucks"] = "auto";
  CHECK(parse(doc).milk_runs[0].trucks == 2);
  run(doc)["trucks"] = 1;
  CHECK(problems(doc) == "s.json: /milk_runs/0/trucks: must equal the number of loops in \"stops\" (2, one per "
                         "truck), got 1\n");
}

TEST_CASE("auto stops leave the loops to the route planner, optionally for some suppliers") {
  Json doc = supply_scenario();
  run(doc)["stops"] = "auto";
  run(doc)["trucks"] = "auto";
  MilkRunSpec r = parse(doc).milk_runs[0];
  CHECK(r.auto_stops);
  CHECK(r.trucks == 0);
  CHECK(r.loops.empty());
  CHECK(r.serves.empty());
  run(doc)["serves"] = Json::parse(R"(["GAMMA", "ACME"])");
  r = parse(doc).milk_runs[0];
  CHECK(r.serves == std::vector<std::string>{"GAMMA", "ACME"});
}

TEST_CASE("serves applies only to auto stops") {
  Json doc = supply_scenario();
  run(doc)["serves"] = Json::parse(R"(["ACME"])");
  CHECK(problems(doc) ==
        "s.json: /milk_runs/0/serves: applies only with \"stops\": \"auto\" (a run with listed stops serves those)\n");
}

TEST_CASE("stops must be suppliers, each at most once per loop") {
  Json doc = supply_scenario();
  run(doc)["stops"] = Json::parse(R"(["ACME", "GAMA", "S1", "ACME", "GAMMA"])");
  CHECK(problems(doc) == "s.json: /milk_runs/0/stops/1: no supplier \"GAMA\"; did you mean \"GAMMA\"?\n"
                         "s.json: /milk_runs/0/stops/2: \"S1\" is a seller; milk runs stop at suppliers (sellers "
                         "ship into the warehouses themselves)\n"
                         "s.json: /milk_runs/0/stops/3: supplier \"ACME\" is already a stop of this loop (at "
                         "/milk_runs/0/stops/0)\n");
}

TEST_CASE("the shape of stops is checked") {
  Json doc = supply_scenario();
  run(doc)["stops"] = Json::array();
  CHECK(problems(doc) == "s.json: /milk_runs/0/stops: must not be empty\n");
  run(doc)["stops"] = "Auto";
  CHECK(problems(doc) == "s.json: /milk_runs/0/stops: must be a list of supplier ids (one loop for all trucks), a "
                         "list of such lists (one loop per truck) or \"auto\", got \"Auto\"\n");
  run(doc)["stops"] = Json::parse(R"([["ACME"], []])");
  CHECK(problems(doc) == "s.json: /milk_runs/0/stops/1: must not be empty\n");
  run(doc)["stops"] = Json::parse(R"([["ACME"], "GAMMA"])");
  CHECK(problems(doc) == "s.json: /milk_runs/0/stops/1: must be a list of supplier ids like the first loop, got "
                         "\"GAMMA\"\n");
}

TEST_CASE("a milk run needs a known warehouse, a schedule and a truck with capacity") {
  Json doc = supply_scenario();
  run(doc)["warehouse"] = "W9";
  run(doc).erase("schedule");
  run(doc)["truck"] = Json::parse(R"({"liters": 0})");
  run(doc)["trucks"] = 0;
  // A missing key sorts at its parent's place.
  CHECK(problems(doc) == "s.json: /milk_runs/0/schedule: required key is missing\n"
                         "s.json: /milk_runs/0/warehouse: no warehouse \"W9\"; did you mean \"W1\"?\n"
                         "s.json: /milk_runs/0/truck/kg: required key is missing\n"
                         "s.json: /milk_runs/0/truck/liters: must be a positive number, got 0\n"
                         "s.json: /milk_runs/0/trucks: must be a positive integer, got 0\n");
}

TEST_CASE("milk run ids are unique") {
  Json doc = supply_scenario();
  doc["milk_runs"].push_back(run(doc));
  CHECK(problems(doc) == "s.json: /milk_runs/1/id: duplicate id \"MR1\" (also at /milk_runs/0)\n");
}

TEST_CASE("a stop at a vendor is allowed, with a warning") {
  Json doc = supply_scenario();
  run(doc)["stops"] = Json::parse(R"(["ACME", "BETA", "GAMMA"])");
  CHECK(warnings(doc) == "/milk_runs/0/stops/1: supplier \"BETA\" delivers on its own (\"delivery\": \"vendor\"): "
                         "the truck stops there, but its orders do not ride this run\n");
}

TEST_CASE("a milk-run SKU needs a run from each warehouse that stocks it") {
  Json doc = supply_scenario();
  doc["skus"][0]["stock"]["W2"] = Json::parse(R"({"initial": 5})");
  CHECK(problems(doc) == "s.json: /skus/0/stock/W2: SKU \"CAM\" comes from milk-run supplier \"ACME\", but no milk "
                         "run from warehouse \"W2\" stops there (list \"ACME\" in the \"stops\" of a run from \"W2\", "
                         "or use \"stops\": \"auto\")\n");
  Json second = run(doc);
  second["id"] = "MR2";
  second["warehouse"] = "W2";
  second["stops"] = "auto";
  doc["milk_runs"].push_back(second);
  CHECK(problems(doc).empty());
  doc["milk_runs"][1]["serves"] = Json::parse(R"(["GAMMA"])");
  CHECK(problems(doc).find("/skus/0/stock/W2: SKU \"CAM\" comes from milk-run supplier \"ACME\"") != std::string::npos);
  doc["milk_runs"][1]["serves"] = Json::parse(R"(["GAMMA", "ACME"])");
  CHECK(problems(doc).empty());
}

TEST_CASE("a mistyped stop is reported once, not again as SKUs without a run") {
  Json doc = supply_scenario();
  run(doc)["stops"] = Json::parse(R"(["ACME", "GAMA"])");
  CHECK(problems(doc) == "s.json: /milk_runs/0/stops/1: no supplier \"GAMA\"; did you mean \"GAMMA\"?\n");
  run(doc)["stops"] = Json::parse(R"(["ACME"])");
  CHECK(problems(doc).find("/skus/1/stock/W1: SKU \"LENS\" comes from milk-run supplier \"GAMMA\"") != std::string::npos);
}

TEST_CASE("a milk-run supplier reads ready, dock and pickup_load and needs no lead time") {
  Json doc = supply_scenario();
  doc["suppliers"][0]["pickup_load"] = Json::parse(R"({"liters": 4000, "kg": 900})");
  const Scenario s = parse(doc);
  const SupplierSpec& acme = s.suppliers[0];
  CHECK(acme.delivery == Delivery::milk_run);
  CHECK_FALSE(acme.lead_time.has_value());
  REQUIRE(acme.ready.has_value());
  CHECK(acme.ready->kind == DistKind::bernoulli);
  CHECK(acme.ready->a == 0.95);
  REQUIRE(acme.dock.has_value());
  CHECK(acme.dock->days.mask == 0x1f);
  CHECK(acme.dock->from == 7 * 3600);
  CHECK(acme.dock->to == 17 * 3600);
  CHECK(acme.pickup_liters == 4000);
  CHECK(acme.pickup_kg == 900);
  CHECK_FALSE(s.suppliers[2].ready.has_value());  // no ready = always ready
  CHECK_FALSE(s.suppliers[2].dock.has_value());   // no dock = always open
}

TEST_CASE("a plain ready number is the chance of a bernoulli draw") {
  Json doc = supply_scenario();
  doc["suppliers"][0]["ready"] = 0.9;
  const Distribution ready = *parse(doc).suppliers[0].ready;
  CHECK(ready.kind == DistKind::bernoulli);
  CHECK(ready.a == 0.9);
}

TEST_CASE("ready must lie between 0 and 1") {
  Json doc = supply_scenario();
  doc["suppliers"][0]["ready"] = 1.5;
  CHECK(problems(doc) == "s.json: /suppliers/0/ready: must be a number between 0 and 1, got 1.5\n");
  doc["suppliers"][0]["ready"] = Json::parse(R"({"dist": "uniform", "min": 0.5, "max": 1.2})");
  CHECK(problems(doc) == "s.json: /suppliers/0/ready: can exceed 1 (up to 1.2); a ready chance lies between 0 and 1, "
                         "e.g. {\"dist\": \"bernoulli\", \"p\": 0.95}\n");
  doc["suppliers"][0]["ready"] = Json::parse(R"({"dist": "exponential", "mean": 0.5})");
  CHECK(problems(doc) == "s.json: /suppliers/0/ready: can exceed 1 (the law is unbounded); a ready chance lies "
                         "between 0 and 1, e.g. {\"dist\": \"bernoulli\", \"p\": 0.95}\n");
  doc["suppliers"][0]["ready"] = Json::parse(R"({"dist": "uniform", "min": 0.8, "max": 1})");
  CHECK(problems(doc).empty());
}

TEST_CASE("a supplier may carry the fields of both delivery modes") {
  Json doc = supply_scenario();
  doc["suppliers"][0]["lead_time"] = "4d";
  doc["suppliers"][0]["review"] = Json::parse(R"({"days": "Mon", "time": "10:00"})");
  doc["suppliers"][1]["ready"] = 0.5;
  doc["suppliers"][1]["dock"] = Json::parse(R"({"days": "Mon-Fri", "from": "07:00", "to": "17:00"})");
  const Scenario s = parse(doc);
  CHECK(s.suppliers[0].lead_time->a == 4 * 86400);
  CHECK(s.suppliers[1].delivery == Delivery::vendor);
  doc["suppliers"][1].erase("lead_time");
  CHECK(problems(doc) == "s.json: /suppliers/1/lead_time: required key is missing\n");
}

TEST_CASE("pickup_load takes liters and kg, not negative") {
  Json doc = supply_scenario();
  doc["suppliers"][0]["pickup_load"] = Json::parse(R"({"liters": -1})");
  CHECK(problems(doc) == "s.json: /suppliers/0/pickup_load/liters: must be a number >= 0, got -1\n");
  doc["suppliers"][0]["pickup_load"] = Json::object();
  CHECK(problems(doc) == "s.json: /suppliers/0/pickup_load: needs \"liters\" or \"kg\" (or both)\n");
}

TEST_CASE("sellers are read with their review, cover, cartons and transit") {
  const Scenario s = parse(supply_scenario());
  REQUIRE(s.sellers.size() == 1);
  const SellerSpec& seller = s.sellers[0];
  CHECK(seller.id == "S1");
  CHECK(seller.pointer == "/sellers/0");
  CHECK(seller.location.x == 50);
  CHECK(seller.review.days.mask == 1);
  CHECK(seller.review.time == 9 * 3600);
  CHECK(seller.cover_days == 14);
  CHECK(seller.carton_units == 24);
  CHECK(seller.transit.kind == DistKind::lognormal);
  CHECK(seller.transit.a == 3 * 86400);
  CHECK(s.skus[2].seller == "S1");
  CHECK(s.skus[2].supplier.empty());
}

TEST_CASE("a seller needs a review, a positive cover, whole cartons and a transit duration") {
  Json doc = supply_scenario();
  doc["sellers"][0].erase("review");
  doc["sellers"][0]["cover_days"] = 0;
  doc["sellers"][0]["carton_units"] = 2.5;
  doc["sellers"][0]["transit"] = 3;
  CHECK(problems(doc) == "s.json: /sellers/0/review: required key is missing\n"
                         "s.json: /sellers/0/cover_days: must be a positive number, got 0\n"
                         "s.json: /sellers/0/carton_units: must be a positive integer, got 2.5\n"
                         "s.json: /sellers/0/transit: a duration needs a unit, e.g. \"2h\"; got 3\n");
  doc = supply_scenario();
  doc["sellers"][0].erase("carton_units");
  CHECK(parse(doc).sellers[0].carton_units == 1);
}

TEST_CASE("a seller's defect threshold defaults to 0.01 and lies between 0 and 1 (R47)") {
  Json doc = supply_scenario();
  CHECK(parse(doc).sellers[0].defect_threshold == 0.01);
  doc["sellers"][0]["defect_threshold"] = 0.05;
  CHECK(parse(doc).sellers[0].defect_threshold == 0.05);
  doc["sellers"][0]["defect_threshold"] = 0;
  CHECK(parse(doc).sellers[0].defect_threshold == 0);
  doc["sellers"][0]["defect_threshold"] = 1;
  CHECK(parse(doc).sellers[0].defect_threshold == 1);
  doc["sellers"][0]["defect_threshold"] = -0.01;
  CHECK(problems(doc) == "s.json: /sellers/0/defect_threshold: must be a number between 0 and 1, got -0.01\n");
  doc["sellers"][0]["defect_threshold"] = "1%";
  CHECK(problems(doc) == "s.json: /sellers/0/defect_threshold: must be a number between 0 and 1, got \"1%\"\n");
}

TEST_CASE("seller ids are unique and distinct from supplier ids") {
  Json doc = supply_scenario();
  doc["sellers"].push_back(doc["sellers"][0]);
  doc["sellers"][1]["id"] = "BETA";
  CHECK(problems(doc) == "s.json: /sellers/1/id: \"BETA\" is also the id of a supplier (at /suppliers/1); sellers "
                         "and suppliers need distinct ids\n");
  doc["sellers"][1]["id"] = "S1";
  CHECK(problems(doc) == "s.json: /sellers/1/id: duplicate id \"S1\" (also at /sellers/0)\n");
}

TEST_CASE("a SKU has exactly one source, and it must exist") {
  Json doc = supply_scenario();
  doc["skus"][2]["source"] = Json::parse(R"({"supplier": "BETA", "seller": "S1"})");
  CHECK(problems(doc) == "s.json: /skus/2/source: give \"supplier\" or \"seller\", not both (a SKU has one source)\n");
  doc["skus"][2]["source"] = Json::object();
  CHECK(problems(doc) == "s.json: /skus/2/source: needs \"supplier\" or \"seller\"\n");
  doc["skus"][2]["source"] = Json::parse(R"({"seller": "S2"})");
  CHECK(problems(doc) == "s.json: /skus/2/source/seller: no seller \"S2\"; did you mean \"S1\"?\n");
  doc["skus"][2]["source"] = Json::parse(R"({"supplier": "S1"})");
  CHECK(problems(doc) == "s.json: /skus/2/source/supplier: \"S1\" is a seller, not a supplier: use {\"seller\": \"S1\"}\n");
  doc["skus"][2]["source"] = Json::parse(R"({"seller": "BETA"})");
  CHECK(problems(doc) == "s.json: /skus/2/source/seller: \"BETA\" is a supplier, not a seller: use {\"supplier\": \"BETA\"}\n");
}

TEST_CASE("a stock policy on a seller's SKU is ignored with a warning") {
  Json doc = supply_scenario();
  doc["skus"][2]["stock"]["W1"]["policy"] = Json::parse(R"({"type": "RS", "order_up_to": 50})");
  const Scenario s = parse(doc);
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].where == "/skus/2/stock/W1/policy");
  CHECK(s.warnings[0].message ==
        "is ignored: SKU \"MUG\" comes from seller \"S1\", who ships cartons to keep its cover_days of stock");
}

TEST_CASE("warnings come in file order and never with errors") {
  Json doc = supply_scenario();
  doc["skus"][2]["stock"]["W1"]["policy"] = Json::parse(R"({"type": "RS", "order_up_to": 50})");
  run(doc)["stops"] = Json::parse(R"(["ACME", "BETA", "GAMMA"])");
  const Scenario s = parse(doc);
  REQUIRE(s.warnings.size() == 2);
  CHECK(s.warnings[0].where == "/skus/2/stock/W1/policy");
  CHECK(s.warnings[1].where == "/milk_runs/0/stops/1");
  doc["horizon_days"] = 0;
  CHECK(problems(doc) == "s.json: /horizon_days: must be a positive integer, got 0\n");
}
