// Milk runs as real trucks (SPEC §11 R44-R46) in the model and the engine: the planner's loops
// fit the duty limit at the factor's mean, a truck that can reach no stop makes no trip, and
// each departure time of a run is a run of its own. tests/e2e_trucks.py holds the hand-worked
// trip, the byte-for-byte factor of 1 and the noise against the plan.
#include <doctest/doctest.h>

#include "scenario_fixture.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>

using namespace milkrun;
using namespace milkrun::test;

namespace {

/// `n` (up to four) milk-run suppliers 40 km around W1 at 60 km/h (a km a minute), 20 minutes
/// of loading, a daily run at 06:00 with auto stops and trucks.
Json trucks_scenario(int n = 4) {
  Json doc = base_scenario();
  doc["distances"]["speed_kmh"] = 60;
  doc["skus"] = Json::array();
  const double xy[4][2] = {{40, 0}, {0, 40}, {-40, 0}, {0, -40}};
  for (int i = 0; i < n; ++i) {
    const std::string id = "M" + std::to_string(i + 1);
    doc["suppliers"].push_back({{"id", id}, {"location", {{"x", xy[i][0]}, {"y", xy[i][1]}}}, {"delivery", "milk_run"}});
    doc["skus"].push_back({{"id", "S" + std::to_string(i + 1)}, {"source", {{"supplier", id}}}, {"orders_per_day", 10},
                           {"unit", {{"liters", 1}, {"kg", 1}}},
                           {"stock", {{"W1", {{"initial", 100}, {"policy", {{"type", "RS"}, {"order_up_to", 100}}}}}}}});
  }
  doc["milk_runs"] = Json::array({Json::parse(R"({"id": "MR", "warehouse": "W1",
      "schedule": {"days": "daily", "depart": "06:00"}, "po_lead": "1d", "trucks": "auto",
      "truck": {"liters": 10000, "kg": 10000}, "stops": "auto", "load_time_per_stop": "20min"})")});
  return doc;
}

}  // namespace

TEST_CASE("the planner's loops fit max_route_hours at the travel_time_factor's mean (R45)") {
  Json doc = trucks_scenario();
  doc["milk_runs"][0]["travel_time_factor"] = Json::parse(R"({"dist": "lognormal", "mean": 1.25, "sd": 0.3})");
  // Without a limit one truck takes all four suppliers.
  const Model free = model_of(doc);
  REQUIRE(free.milk_runs[0].loops.size() == 1);
  const SimTime depart = 6 * 3600;
  const Seconds whole = planned_duration(free, free.milk_runs[0], free.milk_runs[0].loops[0], depart);
  CHECK(whole > 4 * 3600);
  // A supplier alone: 40 km there and back at 1.25 = 6000 s, plus 1200 s of loading = 2 h.
  for (const double hours : {2.0, 2.5, 3.0, 4.0}) {
    doc["milk_runs"][0]["max_route_hours"] = hours;
    const Model m = model_of(doc);
    const MilkRunModel& run = m.milk_runs[0];
    CHECK(run.factor_mean == doctest::Approx(1.25));
    std::size_t stops = 0;
    for (const RunLoop& loop : run.loops) {
      CHECK(planned_duration(m, run, loop, depart) <= static_cast<Seconds>(hours * 3600));
      stops += loop.stops.size();
    }
    CHECK(stops == 4);
    CHECK(run.loops.size() > 1);  // the whole loop takes longer than any of these limits
    if (hours == 2.0) CHECK(run.loops.size() == 4);  // exactly one supplier's round trip each
  }
  // Below one supplier's round trip: an error at the run, naming every supplier.
  doc["milk_runs"][0]["max_route_hours"] = 1.9;
  try {
    model_of(doc);
    FAIL("a round trip alone over the limit must be refused");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 4);
    CHECK(e.problems()[0].where == "/milk_runs/0");
    CHECK(e.problems()[0].message.find("its round trip alone takes 2 h") != std::string::npos);
  }
}

TEST_CASE("a truck that can reach no stop makes no trip, and each stop counts as a duty skip (R45)") {
  Json doc = trucks_scenario(1);
  // M1 alone at the mean factor 2: 2 × 4800 + 1200 = 10800 s, the limit exactly; a trip goes
  // when 2400 × (f1 + f2) + 1200 <= 10800, f1 + f2 <= 4: half of them, by symmetry.
  doc["milk_runs"][0]["travel_time_factor"] = Json::parse(R"({"dist": "uniform", "min": 1, "max": 3})");
  doc["milk_runs"][0]["max_route_hours"] = 3;
  const Model m = model_of(doc);
  const auto results = run_replications(m, 0, 4, 1, 1, false);
  double trips = 0, skips = 0;
  for (const ReplicationResult& r : results) {
    const double runs = 28;  // one departure a day, no warm-up
    CHECK(kpi(r, Kpi::truck_trips) + kpi(r, Kpi::duty_skips) == runs);
    CHECK(kpi(r, Kpi::truck_trips) == static_cast<double>(r.trips.size()));
    for (const TripRecord& t : r.trips) {
      CHECK(t.duty_skips == 0);
      CHECK(t.actual_return - t.depart <= 10800);
      CHECK(t.planned_return - t.depart == 10800);
    }
    trips += kpi(r, Kpi::truck_trips);
    skips += kpi(r, Kpi::duty_skips);
    check_balance(r.balance);
  }
  // 112 departures, each going with chance 1/2: 56 ± 3 sd (5.3) is wide enough never to fail.
  CHECK(trips > 56 - 16);
  CHECK(skips > 56 - 16);
}

TEST_CASE("each departure time is a run of its own with its own trucks and reviews (R46)") {
  Json doc = trucks_scenario();
  const Model once = model_of(doc);
  doc["milk_runs"][0]["schedule"]["depart"] = {"06:00", "09:00", "18:00"};
  const Model thrice = model_of(doc);
  REQUIRE(thrice.milk_runs.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(thrice.milk_runs[k].id == "MR");
    CHECK(thrice.milk_runs[k].spec == 0);
    CHECK(thrice.milk_runs[k].departure == k);
    CHECK(thrice.milk_runs[k].runs_per_week == 21);
  }
  CHECK(thrice.milk_runs[1].schedule.time == 9 * 3600);
  const auto a = run_replications(once, 0, 1, 1, 1, false)[0];
  const auto b = run_replications(thrice, 0, 1, 1, 1, false)[0];
  CHECK(kpi(b, Kpi::truck_trips) == 3 * kpi(a, Kpi::truck_trips));
  check_balance(b.balance);
  std::size_t late = 0;
  for (const TripRecord& t : b.trips) late += t.run == 2 && (t.depart % 86400) == 18 * 3600;
  CHECK(late == 28);
}
