// Reading road networks and locations in roads mode (SPEC §2 `distances`, `roads`, R7):
// nodes, edges, locations at nodes or attached by coordinates, and what must be reachable.
#include <doctest/doctest.h>

#include "parse_fixture.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

using namespace milkrun;
using Json = nlohmann::ordered_json;

namespace {

/// A line of nodes A - B - C - D 10 km apart (x/y in km); the warehouse at A, zones at C and
/// near D, a milk-run supplier at B.
Json roads_scenario() {
  return Json::parse(R"({
    "milkrun": 1, "name": "roads", "start": "2026-11-02", "horizon_days": 14,
    "distances": {"mode": "roads", "speed_kmh": 50},
    "roads": {
      "nodes": [{"id": "A", "x": 0, "y": 0}, {"id": "B", "x": 10, "y": 0}, {"id": "C", "x": 20, "y": 0},
                {"id": "D", "x": 30, "y": 0}],
      "edges": [{"from": "A", "to": "B", "km": 12, "kmh": 80}, {"from": "B", "to": "C", "km": 11},
                {"from": "C", "to": "D", "km": 10, "oneway": true}, {"from": "D", "to": "B", "km": 25}]},
    "carrier": {"transit_days": [{"max_km": 30, "days": 1}, {"days": 2}]},
    "warehouses": [{"id": "W1", "location": {"node": "A"}, "pick_pack": {"time_per_order": "1min"},
                    "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"node": "C"}}, {"id": "Z2", "location": {"x": 29, "y": 1}}],
    "suppliers": [{"id": "ACME", "location": {"x": 11, "y": -1}, "delivery": "milk_run"}],
    "skus": [{"id": "CAM", "source": {"supplier": "ACME"}, "orders_per_day": 10, "stock": {"W1": {"initial": 50}}}],
    "milk_runs": [{"id": "MR1", "warehouse": "W1", "schedule": {"days": "Mon", "depart": "05:00"},
                   "truck": {"liters": 1000, "kg": 500}, "stops": ["ACME"]}]
  })");
}

Json& edges(Json& doc) { return doc["roads"]["edges"]; }

Scenario parse(const Json& doc) { return parse_scenario(doc, "r.json"); }

std::string problems(const Json& doc) { return test::problems_of(doc, "r.json"); }

}  // namespace

TEST_CASE("a road network reads nodes and edges with their defaults") {
  const Scenario s = parse(roads_scenario());
  REQUIRE(s.roads.has_value());
  REQUIRE(s.roads->nodes.size() == 4);
  CHECK(s.roads->nodes[1].id == "B");
  CHECK(s.roads->nodes[1].location.has_xy);
  CHECK(s.roads->nodes[1].location.x == 10);
  const RoadEdge& first = s.roads->edges[0];
  CHECK(first.from == "A");
  CHECK(first.to == "B");
  CHECK(first.km == 12);
  CHECK(first.kmh == 80);
  CHECK_FALSE(first.oneway);
  CHECK_FALSE(s.roads->edges[1].kmh.has_value());
  CHECK(s.roads->edges[2].oneway);
}

TEST_CASE("in roads mode a location is a node or coordinates of the nodes' kind") {
  const Scenario s = parse(roads_scenario());
  CHECK(s.warehouses[0].location.node == "A");
  CHECK(s.zones[1].location.node.empty());
  CHECK(s.zones[1].location.has_xy);
  Json doc = roads_scenario();
  doc["zones"][1]["location"] = Json::parse(R"({"lat": 47, "lon": -122})");
  CHECK(problems(doc) == "r.json: /zones/1/location: needs \"node\" or \"x\" and \"y\" in km to attach to the nearest "
                         "road node (distances.mode is \"roads\")\n");
  doc["zones"][1]["location"] = Json::object();
  CHECK(problems(doc) == "r.json: /zones/1/location: needs \"node\" or \"x\" and \"y\" in km to attach to the nearest "
                         "road node (distances.mode is \"roads\")\n");
}

TEST_CASE("lat/lon road nodes take lat/lon locations") {
  Json doc = roads_scenario();
  doc["roads"]["nodes"] = Json::parse(R"([{"id": "A", "lat": 47.0, "lon": -122.0}, {"id": "B", "lat": 47.1, "lon": -122.0},
                                          {"id": "C", "lat": 47.2, "lon": -122.0}, {"id": "D", "lat": 47.3, "lon": -122.0}])");
  doc["zones"][1]["location"] = Json::parse(R"({"lat": 47.29, "lon": -122.01})");
  doc["suppliers"][0]["location"] = Json::parse(R"({"lat": 47.1, "lon": -122.01})");
  CHECK(problems(doc).empty());
  doc["zones"][1]["location"] = Json::parse(R"({"x": 1, "y": 2})");
  CHECK(problems(doc) == "r.json: /zones/1/location: needs \"node\" or \"lat\" and \"lon\" to attach to the nearest "
                         "road node (distances.mode is \"roads\")\n");
}

TEST_CASE("road nodes share one kind of coordinates and unique ids") {
  Json doc = roads_scenario();
  doc["roads"]["nodes"][2] = Json::parse(R"({"id": "C", "lat": 1, "lon": 2})");
  doc["roads"]["nodes"].push_back(Json::parse(R"({"id": "B"})"));
  CHECK(problems(doc) == "r.json: /roads/nodes/2: has \"lat\" and \"lon\" but the first node has \"x\" and \"y\"; give "
                         "every node the same kind of coordinates\n"
                         "r.json: /roads/nodes/4: needs \"lat\" and \"lon\", or \"x\" and \"y\" in km\n"
                         "r.json: /roads/nodes/4/id: duplicate id \"B\" (also at /roads/nodes/1)\n");
}

TEST_CASE("edges join known nodes with positive km and kmh") {
  Json doc = roads_scenario();
  edges(doc)[0]["to"] = "BB";
  edges(doc)[1]["km"] = 0;
  edges(doc)[1]["kmh"] = -5;
  edges(doc)[2]["oneway"] = "yes";
  CHECK(problems(doc) == "r.json: /roads/edges/0/to: no road node \"BB\"; did you mean \"B\"?\n"
                         "r.json: /roads/edges/1/km: must be a positive number, got 0\n"
                         "r.json: /roads/edges/1/kmh: must be a positive number, got -5\n"
                         "r.json: /roads/edges/2/oneway: must be true or false, got \"yes\"\n");
}

TEST_CASE("a location at an unknown node is reported with a hint") {
  Json doc = roads_scenario();
  doc["zones"][0]["location"] = Json::parse(R"({"node": "CC"})");
  CHECK(problems(doc) == "r.json: /zones/0/location/node: no road node \"CC\"; did you mean \"C\"?\n");
}

TEST_CASE("roads mode needs a network") {
  Json doc = roads_scenario();
  doc.erase("roads");
  CHECK(problems(doc) == "r.json: /roads: required key is missing (distances.mode is \"roads\")\n");
}

TEST_CASE("a zone that cannot be reached over the roads names the zone and the warehouse") {
  Json doc = roads_scenario();
  edges(doc)[1]["oneway"] = true;
  edges(doc)[1]["from"] = "C";
  edges(doc)[1]["to"] = "B";
  edges(doc).erase(3);
  CHECK(problems(doc) == "r.json: /zones/0: zone \"Z1\" cannot be reached from warehouse \"W1\" over the road network\n"
                         "r.json: /zones/1: zone \"Z2\" cannot be reached from warehouse \"W1\" over the road network\n");
}

TEST_CASE("transit bands are checked against road km") {
  // W1 → Z2 drives A-B-C-D: 12 + 11 + 10 = 33 km, beyond 30 although D is 30 km away straight.
  Json doc = roads_scenario();
  doc["carrier"]["transit_days"] = Json::parse(R"([{"max_km": 30, "days": 1}])");
  CHECK(problems(doc) == "r.json: /zones/1: zone \"Z2\" is 33.0 km from warehouse \"W1\", beyond the last transit band "
                         "(max_km 30); add a band without \"max_km\" or a farther one\n");
}

TEST_CASE("every leg of a milk run must be drivable") {
  Json doc = roads_scenario();
  doc["suppliers"][0]["location"] = Json::parse(R"({"node": "D"})");
  edges(doc).erase(3);  // D has no way out
  CHECK(problems(doc) == "r.json: /milk_runs/0/stops/0: warehouse \"W1\" cannot be reached from supplier \"ACME\" "
                         "over the road network\n");
  doc["milk_runs"][0]["stops"] = "auto";
  CHECK(problems(doc) == "r.json: /milk_runs/0/stops: warehouse \"W1\" cannot be reached from supplier \"ACME\" "
                         "over the road network\n");
  doc["milk_runs"][0]["serves"] = Json::parse(R"(["ACME"])");
  CHECK(problems(doc) == "r.json: /milk_runs/0/serves/0: warehouse \"W1\" cannot be reached from supplier \"ACME\" "
                         "over the road network\n");
}

TEST_CASE("a network outside roads mode is ignored with a warning, and node locations need coordinates") {
  Json doc = roads_scenario();
  doc["distances"]["mode"] = "euclidean";
  doc["warehouses"][0]["location"] = Json::parse(R"({"node": "A", "x": 0, "y": 0})");
  doc["zones"][0]["location"] = Json::parse(R"({"node": "C", "x": 20, "y": 0})");
  const Scenario s = parse(doc);
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].where == "/roads");
  CHECK(s.warnings[0].message == "is ignored: distances.mode is \"euclidean\"");
  doc["zones"][0]["location"] = Json::parse(R"({"node": "C"})");
  CHECK(problems(doc) ==
        "r.json: /zones/0/location: needs \"x\" and \"y\" in km (distances.mode is \"euclidean\"; \"node\" is for roads mode)\n");
}
