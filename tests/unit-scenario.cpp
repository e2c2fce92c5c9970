// Scenario parsing and validation: JSON -> Scenario structs, every problem reported at once.
#include <doctest/doctest.h>

#include "parse_fixture.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "input/json_reader.hpp"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

using namespace milkrun;

namespace {

const char* const kMinimal = R"({
  "milkrun": 1,
  "name": "tiny",
  "start": "2026-11-02",
  "horizon_days": 14,
  "carrier": {"transit_days": [{"max_km": 300, "days": 1}, {"days": 3}]},
  "warehouses": [{"id": "W1", "location": {"lat": 47.45, "lon": -122.30},
                  "pick_pack": {"time_per_order": "4min"}, "departures": ["22:30", "18:00", "18:00"]}],
  "zones": [{"id": "Z1", "location": {"lat": 47.6, "lon": -122.3}}],
  "suppliers": [{"id": "S1", "location": {"lat": 46.9, "lon": -122.6},
                 "review": {"days": "Mon,Thu", "time": "10:00"}, "lead_time": "3d"}],
  "skus": [{"id": "K1", "source": {"supplier": "S1"}, "stock": {"W1": {"initial": 50}}}],
  "demand": {"orders_per_day": 100}
})";

Json minimal() { return Json::parse(kMinimal); }

Scenario parse(const Json& doc) { return parse_scenario(doc, "t.json"); }

std::string problems(const Json& doc) { return test::problems_of(doc, "t.json"); }

std::string text_problems(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    load_scenario_text(text, "t.json", overrides);
  } catch (const InputError& e) {
    return e.report();
  }
  return "";
}

}  // namespace

TEST_CASE("a minimal scenario parses with the defaults of R3") {
  const Scenario s = parse(minimal());
  CHECK(s.file == "t.json");
  CHECK(s.name == "tiny");
  CHECK(s.start == days_from_civil(2026, 11, 2));
  CHECK(s.warmup_days == 0);
  CHECK(s.seed == 1);
  CHECK(s.replications == 1);
  CHECK(s.carrier.pickup_days.mask == 0x3f);
  CHECK(s.carrier.delivery_days.mask == 0x3f);
  CHECK_FALSE(s.carrier.delay.has_value());
  CHECK(s.prime_promise_days == 2);
  CHECK(s.demand.prime_share == 0);
  CHECK(s.demand.on_stockout == OnStockout::lost);
  CHECK(s.demand.units_per_order.is_constant());
  CHECK(s.demand.units_per_order.a == 1);
  CHECK(s.warehouses[0].pick_pack.priority == Priority::fifo);
  CHECK(s.warehouses[0].pick_pack.pick_sla == 0);
  CHECK(s.warehouses[0].pick_pack.time_per_unit.a == 0);
  CHECK_FALSE(s.warehouses[0].receiving.has_value());
  CHECK(s.zones[0].weight == 1);
}

TEST_CASE("the source keeps the JSON as read") {
  const Scenario s = parse(minimal());
  CHECK(Json::parse(s.source) == minimal());
  CHECK(s.expect.empty());
}

TEST_CASE("departures are sorted and deduplicated") {
  const Scenario s = parse(minimal());
  CHECK(s.warehouses[0].departures == std::vector<Seconds>{18 * 3600, 22 * 3600 + 1800});
}

TEST_CASE("durations and clock times become seconds") {
  Json doc = minimal();
  doc["warehouses"][0]["pick_pack"]["pick_sla"] = "1.5h";
  doc["warehouses"][0]["pick_pack"]["shifts"] = Json::parse(R"([{"days": "Mon-Fri", "from": "06:00", "to": "02:00"}])");
  const Scenario s = parse(doc);
  const PickPack& p = s.warehouses[0].pick_pack;
  CHECK(p.pick_sla == 5400);
  CHECK(p.time_per_order.is_constant());
  CHECK(p.time_per_order.a == 240);
  REQUIRE(p.shifts.size() == 1);
  CHECK(p.shifts[0].days.mask == 0x1f);
  CHECK(p.shifts[0].from == 6 * 3600);
  CHECK(p.shifts[0].to == 2 * 3600);
}

TEST_CASE("distribution objects fill a, b and c as the header says") {
  Json doc = minimal();
  doc["warehouses"][0]["pick_pack"]["time_per_order"] = Json::parse(R"({"dist": "triangular", "min": "1min", "mode": "2min", "max": "6min"})");
  doc["suppliers"][0]["lead_time"] = Json::parse(R"({"dist": "lognormal", "mean": "4d", "sd": "12h"})");
  doc["demand"]["units_per_order"] = Json::parse(R"({"dist": "discrete", "values": [1, 2], "weights": [3, 1]})");
  doc["carrier"]["delay"] = Json::parse(R"({"p": 0.1, "days": {"dist": "poisson", "mean": 1.5}})");
  const Scenario s = parse(doc);
  const Distribution& t = s.warehouses[0].pick_pack.time_per_order;
  CHECK(t.kind == DistKind::triangular);
  CHECK(t.a == 60);
  CHECK(t.b == 120);
  CHECK(t.c == 360);
  const Distribution& lead = *s.suppliers[0].lead_time;
  CHECK(lead.kind == DistKind::lognormal);
  CHECK(lead.a == 4 * 86400);
  CHECK(lead.b == 12 * 3600);
  CHECK(s.demand.units_per_order.values == std::vector<double>{1, 2});
  CHECK(s.demand.units_per_order.weights == std::vector<double>{3, 1});
  CHECK(s.carrier.delay->p == 0.1);
  CHECK(s.carrier.delay->days.kind == DistKind::poisson);
  CHECK(s.carrier.delay->days.a == 1.5);
}

TEST_CASE("discrete duration values need units too") {
  Json doc = minimal();
  doc["warehouses"][0]["pick_pack"]["time_per_unit"] = Json::parse(R"({"dist": "discrete", "values": ["10s", 20], "weights": [1, 1]})");
  CHECK(problems(doc) == "t.json: /warehouses/0/pick_pack/time_per_unit/values/1: a duration needs a unit, e.g. \"2h\"; got 20\n");
}

TEST_CASE("a bare number in a duration distribution names the parameter") {
  Json doc = minimal();
  doc["suppliers"][0]["lead_time"] = Json::parse(R"({"dist": "exponential", "mean": 3})");
  CHECK(problems(doc) == "t.json: /suppliers/0/lead_time/mean: a duration needs a unit, e.g. \"2h\"; got 3\n");
}

TEST_CASE("a duration string where a count is expected is rejected") {
  Json doc = minimal();
  doc["carrier"]["delay"] = Json::parse(R"({"p": 0.1, "days": "1d"})");
  CHECK(problems(doc).find("/carrier/delay/days: must be a number or a distribution object") != std::string::npos);
}

TEST_CASE("a parameter of another distribution kind is rejected") {
  Json doc = minimal();
  doc["suppliers"][0]["lead_time"] = Json::parse(R"({"dist": "exponential", "mean": "2d", "sd": "1d"})");
  CHECK(problems(doc) == "t.json: /suppliers/0/lead_time/sd: not a parameter of exponential (it takes mean)\n");
}

TEST_CASE("unknown keys in a distribution object get a hint") {
  Json doc = minimal();
  doc["suppliers"][0]["lead_time"] = Json::parse(R"({"dist": "normal", "mean": "2d", "sdd": "1d"})");
  const std::string report = problems(doc);
  CHECK(report.find("/suppliers/0/lead_time/sdd: unknown key; did you mean \"sd\"?") != std::string::npos);
}

TEST_CASE("distribution parameters are checked against each other") {
  Json doc = minimal();
  doc["warehouses"][0]["pick_pack"]["time_per_order"] = Json::parse(R"({"dist": "uniform", "min": "5min", "max": "1min"})");
  doc["suppliers"][0]["lead_time"] = Json::parse(R"({"dist": "gamma", "mean": "0s", "sd": "1d"})");
  CHECK(problems(doc) ==
        "t.json: /warehouses/0/pick_pack/time_per_order: \"min\" (\"5min\") must not be greater than \"max\" (\"1min\")\n"
        "t.json: /suppliers/0/lead_time/mean: must be positive, got \"0s\"\n");
}

TEST_CASE("a negative constant duration is rejected") {
  Json doc = minimal();
  doc["warehouses"][0]["pick_pack"]["time_per_order"] = "-1min";
  CHECK(problems(doc) == "t.json: /warehouses/0/pick_pack/time_per_order: must not be negative, got \"-1min\"\n");
}

TEST_CASE("seeds take any unsigned 64-bit integer") {
  Json doc = minimal();
  doc["seed"] = 18446744073709551615ULL;
  CHECK(parse(doc).seed == 18446744073709551615ULL);
  doc["seed"] = 42.0;
  CHECK(parse(doc).seed == 42);
  doc["seed"] = -1;
  CHECK(problems(doc) == "t.json: /seed: must be an integer >= 0, got -1\n");
}

TEST_CASE("counts beyond the range of int are refused rather than wrapped") {
  Json doc = minimal();
  doc["warmup_days"] = 4294967297LL;
  CHECK(problems(doc) == "t.json: /warmup_days: is too large, got 4294967297\n");
}

TEST_CASE("sizes over milkrun's limits are refused naming the limit (SPEC 12)") {
  Json doc = minimal();
  doc["horizon_days"] = 4294967297LL;
  CHECK(problems(doc) == "t.json: /horizon_days: must be at most 3660 days (milkrun's limit), got 4294967297\n");
  doc = minimal();
  doc["horizon_days"] = 3660;
  CHECK(parse(doc).horizon_days == 3660);
}

TEST_CASE("every problem is reported at once, in file order") {
  Json doc = minimal();
  doc["zones"][0]["weight"] = 0;
  doc["horizon_days"] = -1;
  doc["warehouses"][0]["pick_pack"]["stations"] = 0;
  CHECK(problems(doc) == "t.json: /horizon_days: must be a positive integer, got -1\n"
                         "t.json: /warehouses/0/pick_pack/stations: must be a positive integer, got 0\n"
                         "t.json: /zones/0/weight: must be a positive number, got 0\n");
}

TEST_CASE("missing required keys are named by their pointer") {
  Json doc = minimal();
  doc.erase("name");
  doc["warehouses"][0].erase("departures");
  CHECK(problems(doc) == "t.json: /name: required key is missing\n"
                         "t.json: /warehouses/0/departures: required key is missing\n");
}

TEST_CASE("an unknown key far from every known key lists the known keys") {
  Json doc = minimal();
  doc["zones"][0]["population"] = 5;
  CHECK(problems(doc) == "t.json: /zones/0/population: unknown key; known keys here are id, location, weight\n");
}

TEST_CASE("a \"$schema\" string is accepted and changes neither the scenario nor its content hash") {
  Json doc = minimal();
  const Scenario plain = parse(doc);
  Json tagged = Json::object();
  tagged["$schema"] = "../schema.json";
  tagged.update(doc);
  const Scenario s = parse(tagged);
  CHECK(s.name == plain.name);
  CHECK(s.source == plain.source);
  CHECK(s.source.find("schema") == std::string::npos);
}

TEST_CASE("a \"$schema\" that is not a string is refused, and a near miss gets a hint") {
  Json doc = minimal();
  doc["$schema"] = 2;
  CHECK(problems(doc) == "t.json: /$schema: must be a string, got 2\n");
  doc.erase("$schema");
  doc["schema"] = "schema.json";
  CHECK(problems(doc) == "t.json: /schema: unknown key; did you mean \"$schema\"?\n");
}

TEST_CASE("a wrong version is the only problem reported") {
  Json doc = minimal();
  doc["milkrun"] = 2;
  doc["bogus"] = 1;
  CHECK(problems(doc) == "t.json: /milkrun: must be 1 (the scenario format version this milkrun reads), got 2\n");
}

TEST_CASE("a top level that is not an object is reported at the root") {
  CHECK(problems(Json::array()) == "t.json: /: must be an object, got a list\n");
}

TEST_CASE("stock entries keep file order and escape their keys in pointers") {
  Json doc = minimal();
  doc["warehouses"].push_back(doc["warehouses"][0]);
  doc["warehouses"][1]["id"] = "A/B~C";
  doc["skus"][0]["stock"] = Json::parse(R"({"W1": {"initial": 5}, "A/B~C": {"initial_days": 2.5}})");
  const Scenario s = parse(doc);
  REQUIRE(s.skus[0].stock.size() == 2);
  CHECK(s.skus[0].stock[0].warehouse == "W1");
  CHECK(s.skus[0].stock[1].warehouse == "A/B~C");
  CHECK(s.skus[0].stock[1].pointer == "/skus/0/stock/A~1B~0C");
  CHECK(s.skus[0].stock[1].initial.days == 2.5);
  CHECK_FALSE(s.skus[0].stock[1].initial.units.has_value());
}

TEST_CASE("stock policies read levels in units or in days") {
  Json doc = minimal();
  doc["skus"][0]["stock"]["W1"]["policy"] = Json::parse(R"({"type": "sS", "reorder_point_days": 2, "order_up_to": 80})");
  const Scenario s = parse(doc);
  const PolicySpec& p = *s.skus[0].stock[0].policy;
  CHECK(p.type == PolicyType::sS);
  CHECK(p.reorder_point.days == 2);
  CHECK(p.order_up_to.units == 80);
}

TEST_CASE("an RS policy needs an order-up-to level") {
  Json doc = minimal();
  doc["skus"][0]["stock"]["W1"]["policy"] = Json::parse(R"({"type": "RS"})");
  CHECK(problems(doc) == "t.json: /skus/0/stock/W1/policy: an RS policy needs \"order_up_to\" or \"order_up_to_days\"\n");
}

TEST_CASE("a base_stock policy takes no reorder point") {
  Json doc = minimal();
  doc["skus"][0]["stock"]["W1"]["policy"] = Json::parse(R"({"type": "base_stock", "reorder_point": 3})");
  CHECK(problems(doc) == "t.json: /skus/0/stock/W1/policy/reorder_point: does not apply to a base_stock policy "
                         "(it orders one for one)\n");
}

TEST_CASE("a stock entry needs an initial level") {
  Json doc = minimal();
  doc["skus"][0]["stock"]["W1"] = Json::object();
  CHECK(problems(doc) == "t.json: /skus/0/stock/W1: needs \"initial\" (units) or \"initial_days\" (days of demand)\n");
}

TEST_CASE("without per-SKU rates demand.orders_per_day is required") {
  Json doc = minimal();
  doc["demand"].erase("orders_per_day");
  CHECK(problems(doc) == "t.json: /demand/orders_per_day: required key is missing (no SKU has its own \"orders_per_day\")\n");
  doc.erase("demand");
  CHECK(problems(doc) == "t.json: /demand: required key is missing (no SKU has its own \"orders_per_day\")\n");
  doc["skus"][0]["orders_per_day"] = 10;
  CHECK(problems(doc).empty());
}

TEST_CASE("ids of one kind must be unique") {
  Json doc = minimal();
  doc["zones"].push_back(doc["zones"][0]);
  CHECK(problems(doc) == "t.json: /zones/1/id: duplicate id \"Z1\" (also at /zones/0)\n");
}

TEST_CASE("a SKU from a missing supplier lists the known ones when nothing is close") {
  Json doc = minimal();
  doc["skus"][0]["source"]["supplier"] = "ZZZZZ";
  CHECK(problems(doc) == "t.json: /skus/0/source/supplier: no supplier \"ZZZZZ\" (known: S1)\n");
  doc.erase("suppliers");
  CHECK(problems(doc) == "t.json: /skus/0/source/supplier: no supplier \"ZZZZZ\" (the scenario has no suppliers)\n");
}

TEST_CASE("a zone beyond the last bounded transit band names the warehouse and the zone") {
  Json doc = minimal();
  doc["carrier"]["transit_days"] = Json::parse(R"([{"max_km": 10, "days": 1}])");
  CHECK(problems(doc) == "t.json: /zones/0: zone \"Z1\" is 16.7 km from warehouse \"W1\", beyond the last transit "
                         "band (max_km 10); add a band without \"max_km\" or a farther one\n");
}

TEST_CASE("only the last transit band may omit max_km") {
  Json doc = minimal();
  doc["carrier"]["transit_days"] = Json::parse(R"([{"days": 1}, {"days": 3}])");
  CHECK(problems(doc) == "t.json: /carrier/transit_days/0: only the last band may omit \"max_km\"\n");
}

TEST_CASE("euclidean mode reads x and y") {
  Json doc = minimal();
  doc["distances"] = Json::parse(R"({"mode": "euclidean", "circuity": 1.1, "round": true})");
  for (const char* list : {"warehouses", "zones", "suppliers"})
    doc[list][0]["location"] = Json::parse(R"({"x": 3, "y": 4})");
  const Scenario s = parse(doc);
  CHECK(s.distances.mode == DistanceMode::euclidean);
  CHECK(s.distances.round);
  CHECK(s.zones[0].location.has_xy);
  CHECK(s.zones[0].location.x == 3);
}

TEST_CASE("latitude and longitude must be on the globe") {
  Json doc = minimal();
  doc["zones"][0]["location"]["lat"] = 91;
  CHECK(problems(doc) == "t.json: /zones/0/location/lat: must be a number between -90 and 90, got 91\n");
}

TEST_CASE("a key known but not supported yet says so") {
  // No scenario key is in that state today (lines_per_order left it with R40): the table
  // mechanism is checked on its own.
  constexpr std::string_view known[] = {"ready"};
  constexpr std::string_view not_yet[] = {"later"};
  const Json v = Json::parse(R"({"ready": 1, "later": 2})");
  Problems out;
  const Obj o(v, "/x", out, KeyTable{known, not_yet});
  CHECK(o.ok());
  REQUIRE(out.size() == 1);
  CHECK(out.list()[0].where == "/x/later");
  CHECK(out.list()[0].message == "not supported yet");
}

TEST_CASE("orders with several lines: lines_per_order, units_per_line and split are read (R40, R41)") {
  Json doc = minimal();
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "poisson", "mean": 1.5})");
  doc["demand"]["units_per_line"] = Json::parse(R"({"dist": "discrete", "values": [1, 2], "weights": [3, 1]})");
  doc["demand"]["split"] = true;
  const Scenario s = parse(doc);
  REQUIRE(s.demand.lines_per_order.has_value());
  CHECK(s.demand.lines_per_order->kind == DistKind::poisson);
  CHECK(s.demand.lines_per_order->a == 1.5);
  REQUIRE(s.demand.units_per_line.has_value());
  CHECK(s.demand.units_per_line->values == std::vector<double>{1, 2});
  CHECK(&s.demand.line_units() == &*s.demand.units_per_line);
  CHECK(s.demand.split);
  CHECK(s.demand.mean_lines() == doctest::Approx(1.5 + std::exp(-1.5)).epsilon(1e-12));
}

TEST_CASE("without the R40 keys an order is one line of units_per_order, not split") {
  const Scenario s = parse(minimal());
  CHECK_FALSE(s.demand.lines_per_order.has_value());
  CHECK_FALSE(s.demand.units_per_line.has_value());
  CHECK_FALSE(s.demand.split);
  CHECK(&s.demand.line_units() == &s.demand.units_per_order);
  CHECK(s.demand.mean_lines() == 1);
}

TEST_CASE("units_per_line alone is the units of the one line") {
  Json doc = minimal();
  doc["demand"]["units_per_line"] = 3;
  const Scenario s = parse(doc);
  CHECK(s.demand.line_units().a == 3);
  CHECK(s.demand.mean_lines() == 1);
}

TEST_CASE("units_per_order is not given with lines_per_order nor with units_per_line (R40)") {
  Json doc = minimal();
  doc["demand"]["units_per_order"] = 2;
  doc["demand"]["lines_per_order"] = 3;
  CHECK(problems(doc) == "t.json: /demand/units_per_order: cannot be given with lines_per_order: give each "
                         "line's units as units_per_line instead\n");
  doc["demand"]["units_per_line"] = 1;  // all three: the one problem, which already names units_per_line
  CHECK(problems(doc) == "t.json: /demand/units_per_order: cannot be given with lines_per_order: give each "
                         "line's units as units_per_line instead\n");
  doc["demand"].erase("lines_per_order");
  CHECK(problems(doc) == "t.json: /demand/units_per_order: cannot be given with units_per_line: both give a "
                         "line's units; keep units_per_line (with lines_per_order for several lines) or "
                         "units_per_order alone\n");
}

TEST_CASE("a units_per_order equal to its default still counts as given") {
  Json doc = minimal();
  doc["demand"]["units_per_order"] = 1;
  doc["demand"]["lines_per_order"] = 2;
  CHECK(problems(doc) == "t.json: /demand/units_per_order: cannot be given with lines_per_order: give each "
                         "line's units as units_per_line instead\n");
}

TEST_CASE("lines_per_order and units_per_line are counts, never negative") {
  Json doc = minimal();
  doc["demand"]["lines_per_order"] = -2;
  doc["demand"]["units_per_line"] = Json::parse(R"({"dist": "uniform", "min": -1, "max": 2})");
  CHECK(problems(doc) == "t.json: /demand/lines_per_order: must not be negative, got -2\n"
                         "t.json: /demand/units_per_line: can be negative (down to -1); it must never be below 0\n");
  doc["demand"]["lines_per_order"] = "3 lines";
  doc["demand"].erase("units_per_line");
  CHECK(problems(doc) == "t.json: /demand/lines_per_order: must be a number or a distribution object such as "
                         "{\"dist\": \"poisson\", \"mean\": 2}, got \"3 lines\"\n");
}

TEST_CASE("split is true or false") {
  Json doc = minimal();
  doc["demand"]["split"] = "yes";
  CHECK(problems(doc) == "t.json: /demand/split: must be true or false, got \"yes\"\n");
}

TEST_CASE("lines_per_order averages at most 1000 lines and spreads no further (SPEC 12)") {
  Json doc = minimal();
  doc["demand"]["lines_per_order"] = 1000;
  CHECK(problems(doc).empty());
  doc["demand"]["lines_per_order"] = 1001;
  CHECK(problems(doc) == "t.json: /demand/lines_per_order: must be at most 1000 lines (milkrun's limit), got 1001\n");
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "uniform", "min": 1, "max": 1000})");
  CHECK(problems(doc).empty());
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "uniform", "min": 2, "max": 2000})");
  CHECK(problems(doc) ==
        "t.json: /demand/lines_per_order: must be at most 1000 lines on average (milkrun's limit), got a mean of 1001\n");
  // A law whose mean fits is judged by its spread too: its sd, or the largest value it draws.
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "uniform", "min": 1, "max": 1999})");
  CHECK(problems(doc) == "t.json: /demand/lines_per_order/max: must be at most 1000 lines (milkrun's limit), got 1999\n");
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "lognormal", "mean": 1000, "sd": 1000000})");
  CHECK(problems(doc) ==
        "t.json: /demand/lines_per_order/sd: must be at most 1000 lines (milkrun's limit), got 1000000\n");
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "gamma", "mean": 2, "sd": 1000})");
  CHECK(problems(doc).empty());
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "discrete", "values": [1, 5000, 2], "weights": [1, 0, 1]})");
  CHECK(problems(doc).empty());  // 5000 is never drawn
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "discrete", "values": [1, 5000, 2], "weights": [1, 1e-9, 1]})");
  CHECK(problems(doc) ==
        "t.json: /demand/lines_per_order/values/1: must be at most 1000 lines (milkrun's limit), got 5000\n");
  doc["demand"]["lines_per_order"] = Json::parse(R"({"dist": "normal", "mean": 1500, "sd": 2000})");
  CHECK(problems(doc) ==
        "t.json: /demand/lines_per_order: must be at most 1000 lines on average (milkrun's limit), got a mean of 1500\n"
        "t.json: /demand/lines_per_order/sd: must be at most 1000 lines (milkrun's limit), got 2000\n");
}

TEST_CASE("an enumeration value close to a known one gets a hint") {
  Json doc = minimal();
  doc["warehouses"][0]["pick_pack"]["priority"] = "promis";
  CHECK(problems(doc) ==
        "t.json: /warehouses/0/pick_pack/priority: must be \"fifo\" or \"promise\", got \"promis\"; did you mean \"promise\"?\n");
}

TEST_CASE("expect must be an object") {
  Json doc = minimal();
  doc["expect"] = 3;
  CHECK(problems(doc) == "t.json: /expect: must be an object, got 3\n");
}

TEST_CASE("a JSON syntax error gives its line and column") {
  CHECK(text_problems("{\n  \"a\": 1\n  \"b\": 2\n}") ==
        "t.json: line 3, column 5: syntax error: unexpected string; expected ',' or '}'\n");
  CHECK(text_problems("{\"a\": 1,}") == "t.json: line 1, column 9: syntax error: unexpected '}'; expected a key in double quotes\n");
  CHECK(text_problems("") == "t.json: line 1, column 1: syntax error: unexpected end of file; expected a value\n");
}

TEST_CASE("parse_override splits at the first equals sign") {
  const Override o = parse_override("/name=\"a=b\"");
  CHECK(o.pointer == "/name");
  CHECK(o.value == "\"a=b\"");
  CHECK_THROWS_AS(parse_override("/name"), UsageError);
}

TEST_CASE("overrides replace values, add keys and append to lists in order") {
  const Scenario s = load_scenario_text(kMinimal, "t.json",
                                        {{"/carrier/pickup_days", "\"Mon,Wed,Fri\""},
                                         {"/warehouses/0/departures/-", "\"06:00\""},
                                         {"/warehouses/0/departures/4", "\"07:00\""},
                                         {"/seed", "7"},
                                         {"/seed", "9"}});
  CHECK(s.carrier.pickup_days.mask == 0x15);
  CHECK(s.warehouses[0].departures.front() == 6 * 3600);
  CHECK(s.warehouses[0].departures.size() == 4);
  CHECK(s.seed == 9);
  CHECK(Json::parse(s.source)["seed"] == 9);
}

TEST_CASE("an override that adds an unknown key is caught by validation") {
  CHECK(text_problems(kMinimal, {{"/zones/0/wieght", "2"}}) == "t.json: /zones/0/wieght: unknown key; did you mean \"weight\"?\n");
}

TEST_CASE("an override value that is not JSON suggests quoting") {
  CHECK(text_problems(kMinimal, {{"/carrier/pickup_days", "Mon"}}) ==
        "t.json: --set /carrier/pickup_days: value is not valid JSON: syntax error: invalid value (strings need double "
        "quotes; literals are true, false and null); to set a string, quote it: '\"Mon\"'\n");
}

TEST_CASE("an override into a place that does not exist is rejected") {
  CHECK(text_problems(kMinimal, {{"/milk_runs/0/schedule/days", "\"Mon\""}}) ==
        "t.json: --set /milk_runs/0/schedule/days: no such place in the scenario (nothing at /milk_runs)\n");
  CHECK(text_problems(kMinimal, {{"/zones/5", "{}"}}) ==
        "t.json: --set /zones/5: no such place in the scenario (nothing at /zones/5)\n");
  CHECK(text_problems(kMinimal, {{"seed", "3"}}).find("not a JSON pointer") != std::string::npos);
}

TEST_CASE("a file that cannot be read says why") {
  try {
    load_scenario("/nonexistent/nowhere.json");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.report() == "/nonexistent/nowhere.json: cannot read: no such file or directory\n");
  }
}

TEST_CASE("InputError reports one line per problem") {
  const InputError e("f.json", {{"/a", "one"}, {"line 1, column 2", "two"}});
  CHECK(e.report() == "f.json: /a: one\nf.json: line 1, column 2: two\n");
  CHECK(std::string(e.what()) == e.report());
  CHECK(InputError("f.json", "/b", "three").report() == "f.json: /b: three\n");
}

TEST_CASE("hints find typos, prefixes and nothing for strangers") {
  const std::vector<std::string> keys{"units_per_order", "prime_share", "peaks"};
  CHECK(closest("units_per_orderr", keys) == "units_per_order");
  CHECK(closest("prime", keys) == "prime_share");
  CHECK(closest("Peaks", keys) == "peaks");
  CHECK(closest("zzz", keys).empty());
}

TEST_CASE("durations in messages use the largest whole unit") {
  CHECK(duration_text(-300) == "-5min");
  CHECK(duration_text(7200) == "2h");
  CHECK(duration_text(90) == "90s");
  CHECK(duration_text(0) == "0s");
}
