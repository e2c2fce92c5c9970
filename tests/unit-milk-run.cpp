// Milk runs (R23) and sellers (R24) in the engine: loading up to capacity, surplus left for
// the next run, dock hours, readiness, whole cartons, and units conserved on every path.
#include <doctest/doctest.h>

#include "scenario_fixture.hpp"

#include <cmath>

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
