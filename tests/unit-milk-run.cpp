// Milk runs (R23) and sellers (R24) in the engine: loading up to capacity, surplus left for
// the next run, dock hours, readiness, whole cartons, and units conserved on every path.
#include <doctest/doctest.h>

#include "scenario_fixture.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/model/routes.hpp>

#include <milkrun/input/scenario_io.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace milkrun;
using namespace milkrun::test;

namespace {

/// The fixture's SKU collected by a daily milk run from supplier M1 (1 liter, 1 kg a unit).
Json milk_run_scenario(double truck_liters) {
  Json doc = base_scenario();
  doc["suppliers"].push_back(Json::parse(R"({"id": "M1", "location": {"x": 30, "y": 40}, "delivery": "milk_run"})"));
  doc["skus"][0]["source"] = {{"supplier", "M1"}};
  doc["skus"][0]["orders_per_day"] = 100;
  doc["skus"][0]["unit"] = {{"liters", 1}, {"kg", 1}, {"value", 10}};
  doc["skus"][0]["stock"]["W1"] = {{"initial", 300}, {"policy", {{"type", "RS"}, {"order_up_to", 600}}}};
  doc["milk_runs"] = Json::array({Json::parse(R"({"id": "MR1", "warehouse": "W1",
      "schedule": {"days": "daily", "depart": "06:00"}, "po_lead": "1d", "trucks": 1,
      "stops": ["M1"], "load_time_per_stop": "30min"})")});
  doc["milk_runs"][0]["truck"] = {{"liters", truck_liters}, {"kg", 10000}, {"cost_per_km", 2}, {"cost_per_trip", 100}};
  doc["distances"]["speed_kmh"] = 50;
  return doc;
}


}  // namespace

TEST_CASE("a milk run loads up to its truck and leaves the surplus for the next run") {
  const Model m = model_of(milk_run_scenario(60));  // 60 units a day against 100 demanded
  const auto r = run_replications(m, 0, 1, 4, 1, false)[0];
  check_balance(r.balance);
  CHECK(r.balance.at_suppliers_end > 0);  // the truck could not keep up
  REQUIRE(!r.trips.empty());
  for (const TripRecord& t : r.trips) {
    CHECK(t.load.liters <= 60.0 + 1e-9);
    CHECK(t.utilization <= 1.0 + 1e-9);
    CHECK(t.km == doctest::Approx(100.0));  // 50 km out, 50 back
  }
  CHECK(kpi(r, Kpi::truck_trips) == 28);
  CHECK(kpi(r, Kpi::truck_km) == doctest::Approx(2800.0));
  CHECK(kpi(r, Kpi::cost_transport) == doctest::Approx(28 * (100 + 100 * 2.0)));
  CHECK(kpi(r, Kpi::truck_utilization) > 0.9);
}

TEST_CASE("a big enough truck keeps the shelf stocked and balances too") {
  const Model m = model_of(milk_run_scenario(5000));
  const auto r = run_replications(m, 0, 1, 4, 1, false)[0];
  check_balance(r.balance);
  CHECK(kpi(r, Kpi::fill_rate) > 0.99);
  CHECK(kpi(r, Kpi::missed_pickups) == 0);
}

TEST_CASE("a stop reached after the dock closes is skipped and counted as a missed pickup") {
  Json doc = milk_run_scenario(5000);
  // 50 km at 50 km/h: the truck reaches M1 at 07:00, after a 05:00-06:30 dock closes.
  doc["suppliers"][1]["dock"] = {{"days", "daily"}, {"from", "05:00"}, {"to", "06:30"}};
  const auto r = run_replications(model_of(doc), 0, 1, 4, 1, false)[0];
  check_balance(r.balance);
  CHECK(r.balance.picked_up == 0);
  CHECK(kpi(r, Kpi::missed_pickups) > 20);
}

TEST_CASE("a truck early at the dock waits for it to open") {
  Json doc = milk_run_scenario(5000);
  doc["suppliers"][1]["dock"] = {{"days", "daily"}, {"from", "09:00"}, {"to", "17:00"}};
  const auto r = run_replications(model_of(doc), 0, 1, 4, 1, false)[0];
  CHECK(r.balance.picked_up > 0);
  CHECK(kpi(r, Kpi::missed_pickups) == 0);
}

TEST_CASE("a supplier that is never ready loads nothing and every visit with an order is a miss") {
  Json doc = milk_run_scenario(5000);
  doc["suppliers"][1]["ready"] = {{"dist", "bernoulli"}, {"p", 0}};
  const auto r = run_replications(model_of(doc), 0, 1, 4, 1, false)[0];
  check_balance(r.balance);
  CHECK(r.balance.picked_up == 0);
  CHECK(kpi(r, Kpi::missed_pickups) == 27);  // the first departure has no order waiting yet
}

TEST_CASE("sellers ship whole cartons up to their cover and the units balance") {
  Json doc = base_scenario();
  doc["sellers"] = Json::parse(R"([{"id": "S1", "location": {"x": 200, "y": 0},
      "review": {"days": "Mon,Thu", "time": "09:00"}, "cover_days": 10, "carton_units": 24,
      "transit": "2d"}])");
  doc["skus"][0]["source"] = {{"seller", "S1"}};
  doc["skus"][0]["orders_per_day"] = 30;
  doc["skus"][0]["stock"]["W1"] = {{"initial", 100}};
  doc["warmup_days"] = 7;
  const Model m = model_of(doc);
  CHECK(m.pairs[0].cover == 300);
  const auto r = run_replications(m, 0, 1, 6, 1, false)[0];
  check_balance(r.balance);
  CHECK(r.balance.ordered % 24 == 0);
  REQUIRE(r.sellers.size() == 1);
  const auto s = [&](SellerKpi k) { return *r.sellers[0][static_cast<std::size_t>(k)]; };
  CHECK(s(SellerKpi::units_sent) > 0);
  CHECK(static_cast<long>(s(SellerKpi::units_sent)) % 24 == 0);
  CHECK(s(SellerKpi::units_received) <= s(SellerKpi::units_sent));
  CHECK(s(SellerKpi::receiving_wait_days_mean) == doctest::Approx(0.0));  // no receiving block: free on arrival
  CHECK(s(SellerKpi::orders) == kpi(r, Kpi::orders));
  CHECK(s(SellerKpi::defect_rate) == doctest::Approx(s(SellerKpi::late_or_lost_orders) / s(SellerKpi::orders)));
  // the seller sources every SKU: its stockouts and lost units are the network's (§7)
  CHECK(s(SellerKpi::stockout_events) == kpi(r, Kpi::stockout_events));
  CHECK(s(SellerKpi::lost_units) == kpi(r, Kpi::lost_units));
}

namespace {

/// Three milk-run suppliers around W1 with given loads per run (liters; kg 0), a daily run
/// with `"stops": "auto"` and trucks of 100 liters.
Json auto_run_scenario(double m1, double m2, double m3) {
  Json doc = base_scenario();
  const double loads[] = {m1, m2, m3};
  const double xy[][2] = {{30, 40}, {-30, 40}, {0, -50}};
  for (int i = 0; i < 3; ++i) {
    Json s = {{"id", "M" + std::to_string(i + 1)}, {"location", {{"x", xy[i][0]}, {"y", xy[i][1]}}},
              {"delivery", "milk_run"}, {"pickup_load", {{"liters", loads[i]}, {"kg", 0}}}};
    doc["suppliers"].push_back(s);
  }
  doc["milk_runs"] = Json::array({Json::parse(R"({"id": "MR1", "warehouse": "W1",
      "schedule": {"days": "daily", "depart": "06:00"}, "trucks": "auto",
      "truck": {"liters": 100, "kg": 1000}, "stops": "auto", "serves": ["M1", "M2", "M3"]})")});
  return doc;
}

std::vector<int> trucks_per_loop(const Model& m) {
  std::vector<int> trucks;
  for (const RunLoop& loop : m.milk_runs[0].loops) trucks.push_back(loop.trucks);
  return trucks;
}

std::string first_stop(const Model& m, const RunLoop& loop) { return m.suppliers[loop.stops[0]].id; }

}  // namespace

TEST_CASE("with auto stops a numeric trucks count is exact, and auto uses as few loops as fit") {
  Json doc = auto_run_scenario(20, 20, 20);
  CHECK(model_of(doc).milk_runs[0].loops.size() == 1);
  doc["milk_runs"][0]["trucks"] = 2;  // one loop would do and drive fewer km: still two (R38)
  const Model two = model_of(doc);
  CHECK(trucks_per_loop(two) == std::vector<int>{1, 1});
  doc["milk_runs"][0]["trucks"] = 3;
  CHECK(trucks_per_loop(model_of(doc)) == std::vector<int>{1, 1, 1});
}

TEST_CASE("spare trucks pool, one at a time, on the loop with the highest planned utilization per truck") {
  Json doc = auto_run_scenario(60, 40, 10);
  doc["milk_runs"][0]["trucks"] = 5;  // three loops; M1 takes the first spare (60%), M2 the second (40% > 30%)
  const Model m = model_of(doc);
  REQUIRE(m.milk_runs[0].loops.size() == 3);
  for (const RunLoop& loop : m.milk_runs[0].loops) {
    REQUIRE(loop.stops.size() == 1);
    const std::string id = first_stop(m, loop);
    CHECK(loop.trucks == (id == "M3" ? 1 : 2));
  }
  const Scenario sc = scenario_of(doc);
  const std::vector<RoutePlanRow> rows = planned_routes(sc, m);
  REQUIRE(rows.size() == 3);  // one entry per loop with its trucks count
  int trucks = 0;
  for (const RoutePlanRow& row : rows) {
    CHECK(row.truck == trucks + 1);  // trucks count on from loop to loop
    trucks += row.trucks;
    if (row.stops[0] == "M1") CHECK(row.utilization == doctest::Approx(0.3));
  }
  CHECK(trucks == 5);
  // The engine drives the pooled loop with both trucks: five trips a day.
  const auto r = run_replications(m, 0, 1, 1, 1, false)[0];
  CHECK(kpi(r, Kpi::truck_trips) == 5 * 28);
}

TEST_CASE("plan_headroom plans each supplier's load larger, and routes shows both utilizations") {
  Json doc = auto_run_scenario(40, 40, 0);
  doc["milk_runs"][0]["serves"] = {"M1", "M2"};
  CHECK(model_of(doc).milk_runs[0].loops.size() == 1);  // 80 liters fit one truck
  doc["milk_runs"][0]["plan_headroom"] = 0.5;           // 60 + 60 do not
  const Scenario sc = scenario_of(doc);
  CHECK(sc.milk_runs[0].plan_headroom == 0.5);
  CHECK(sc.warnings.empty());
  const Model m = build_model(sc);
  REQUIRE(m.milk_runs[0].loops.size() == 2);
  for (const RoutePlanRow& row : planned_routes(sc, m)) {
    CHECK(row.load.liters == doctest::Approx(40));
    CHECK(row.utilization == doctest::Approx(0.4));
    CHECK(row.planned_utilization == doctest::Approx(0.6));
  }
}

TEST_CASE("a supplier planned over one truck is an error at its milk run, and plan_headroom is a number >= 0") {
  Json doc = auto_run_scenario(80, 10, 10);
  doc["milk_runs"][0]["plan_headroom"] = 0.5;  // M1: 120 liters
  try {
    scenario_of(doc);
    FAIL("a supplier over one truck must be refused");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].where == "/milk_runs/0");
    CHECK(e.problems()[0].message ==
          "supplier \"M1\" hands each run 120 L and 0 kg as planned (expected load × (1 + plan_headroom 0.5)), more than "
          "one truck carries (100 L and 1000 kg)");
  }
  doc["milk_runs"][0]["plan_headroom"] = -0.1;
  try {
    scenario_of(doc);
    FAIL("a negative headroom must be refused");
  } catch (const InputError& e) {
    REQUIRE(!e.problems().empty());
    CHECK(e.problems()[0].where == "/milk_runs/0/plan_headroom");
  }
}

TEST_CASE("a loop over its trucks' capacity is a warning, planned with auto stops and expected with listed ones") {
  Json doc = auto_run_scenario(60, 60, 0);
  doc["milk_runs"][0]["serves"] = {"M1", "M2"};
  CHECK(scenario_of(doc).warnings.empty());  // auto: two loops fit
  doc["milk_runs"][0]["trucks"] = 1;         // exactly one loop: 120%
  Scenario sc = scenario_of(doc);
  REQUIRE(sc.warnings.size() == 1);
  CHECK(sc.warnings[0].where == "/milk_runs/0");
  CHECK(sc.warnings[0].message.find("is planned at 120% of its truck's capacity") != std::string::npos);
  CHECK(model_of(doc).milk_runs[0].loops.size() == 1);  // the best one-loop plan is used

  doc["milk_runs"][0].erase("serves");
  doc["milk_runs"][0]["stops"] = {"M1", "M2"};
  sc = scenario_of(doc);
  REQUIRE(sc.warnings.size() == 1);
  CHECK(sc.warnings[0].where == "/milk_runs/0");
  CHECK(sc.warnings[0].message == "loop 1 (M1 > M2) expects 120% of its truck's capacity per run: what does not fit waits "
                                  "for later runs");
  doc["milk_runs"][0]["trucks"] = 2;  // pooled: 60%
  CHECK(scenario_of(doc).warnings.empty());
}

TEST_CASE("a truck count too few for the dock hours is a warning naming the stop reached too late") {
  Json doc = auto_run_scenario(10, 10, 0);
  doc["milk_runs"][0]["serves"] = {"M1", "M2"};
  doc["distances"]["speed_kmh"] = 50;  // each supplier 1 h from W1, 1.2 h from the other
  for (int i : {1, 2}) doc["suppliers"][i]["dock"] = {{"days", "daily"}, {"from", "06:00"}, {"to", "07:30"}};
  CHECK(model_of(doc).milk_runs[0].loops.size() == 2);  // auto: the docks need two trucks
  CHECK(scenario_of(doc).warnings.empty());
  doc["milk_runs"][0]["trucks"] = 1;
  const Scenario sc = scenario_of(doc);
  REQUIRE(sc.warnings.size() == 1);
  CHECK(sc.warnings[0].where == "/milk_runs/0");
  CHECK(sc.warnings[0].message.find("after its dock closes: \"trucks\" is too few for the dock hours") != std::string::npos);
}

namespace {

/// `doc` written to a file of its own, for the loaders that read files.
std::string written(const Json& doc, const std::string& name) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << doc.dump(1);
  return path;
}

}  // namespace

TEST_CASE("a scenario whose plans are checked aside ends as load_scenario ends: the same warnings, errors and model") {
  Json doc = auto_run_scenario(60, 60, 0);
  doc["milk_runs"][0]["serves"] = {"M1", "M2"};
  doc["milk_runs"][0]["trucks"] = 1;  // a plan warning (120%) ...
  doc["roads"] = {{"nodes", {{{"id", "A"}, {"x", 0}, {"y", 0}}}}, {"edges", Json::array()}};  // ... and another
  const std::string path = written(doc, "milkrun-unit-plans-aside.json");
  const Scenario at_once = load_scenario(path);
  REQUIRE(at_once.warnings.size() == 2);

  ScenarioLoading loading = load_scenario_planning_aside(path);
  CHECK(loading.scenario().warnings.empty());  // not before the plans' are known
  const Model built = build_model(loading.scenario());  // while the check goes on
  const Scenario& finished = loading.finish();
  REQUIRE(finished.warnings.size() == at_once.warnings.size());
  for (std::size_t i = 0; i < at_once.warnings.size(); ++i) {
    CHECK(finished.warnings[i].where == at_once.warnings[i].where);
    CHECK(finished.warnings[i].message == at_once.warnings[i].message);
  }
  const Model model = build_model(at_once);
  REQUIRE(built.milk_runs[0].loops.size() == model.milk_runs[0].loops.size());
  CHECK(built.milk_runs[0].loops[0].stops == model.milk_runs[0].loops[0].stops);
  CHECK(&loading.finish() == &finished);  // finished once; asking again changes nothing

  doc["milk_runs"][0]["trucks"] = "auto";
  doc["milk_runs"][0]["plan_headroom"] = 1.0;  // M1 and M2 planned at 120 L: errors
  const std::string bad = written(doc, "milkrun-unit-plans-aside-bad.json");
  std::vector<Problem> expected;
  try {
    load_scenario(bad);
  } catch (const InputError& e) {
    expected = e.problems();
  }
  REQUIRE(expected.size() == 2);
  ScenarioLoading failing = load_scenario_planning_aside(bad);
  CHECK_THROWS_AS(build_model(failing.scenario()), InputError);  // the build meets the plans too
  try {
    failing.finish();
    FAIL("the plans' errors must be thrown");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(e.problems()[i].where == expected[i].where);
      CHECK(e.problems()[i].message == expected[i].message);
    }
  }
  std::filesystem::remove(path);
  std::filesystem::remove(bad);
}

TEST_CASE("threads asking for the same plan at once all get that problem's plan") {
  Json doc = auto_run_scenario(30, 31, 32);  // a problem not planned before, for all four at once
  std::vector<std::thread> threads;
  std::vector<Model> models(4);
  for (std::size_t t = 0; t < models.size(); ++t) threads.emplace_back([&, t] { models[t] = model_of(doc); });
  for (std::thread& t : threads) t.join();
  for (const Model& m : models) {
    REQUIRE(m.milk_runs[0].loops.size() == models[0].milk_runs[0].loops.size());
    for (std::size_t l = 0; l < m.milk_runs[0].loops.size(); ++l)
      CHECK(m.milk_runs[0].loops[l].stops == models[0].milk_runs[0].loops[l].stops);
  }
}
