// Promise arithmetic (SPEC §3.2, R6-R9) against hand-computed cases in tests/promise/.
#include <doctest/doctest.h>

#include <milkrun/engine/promise.hpp>
#include <milkrun/engine/replication.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "engine/promise.hpp"
#include "input/timefmt.hpp"

#include <fstream>

using namespace milkrun;
using milkrun::engine::better_promise;
using milkrun::engine::Promise;

namespace {

nlohmann::ordered_json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return nlohmann::ordered_json::parse(in);
}

std::optional<WarehouseId> warehouse_index(const Model& m, const std::string& id) {
  for (WarehouseId w = 0; w < m.warehouse_count(); ++w)
    if (m.warehouses[w].id == id) return w;
  return std::nullopt;
}

}  // namespace

TEST_CASE("every hand-computed promise case holds through the library") {
  const std::string dir = std::string(MILKRUN_SOURCE_DIR) + "/tests/promise/";
  const Model m = build_model(load_scenario(dir + "scenario.json"));
  const auto cases = read_json(dir + "cases.json");
  CHECK(cases.size() >= 20);
  for (const auto& c : cases) {
    std::string error;
    const auto at = parse_instant(c["at"].get<std::string>(), error);
    REQUIRE(at);
    ZoneId zone = 0;
    while (m.zone_ids[zone] != c["zone"].get<std::string>()) ++zone;
    std::optional<WarehouseId> only;
    if (c.contains("warehouse")) only = warehouse_index(m, c["warehouse"].get<std::string>());
    const SimTime t = static_cast<SimTime>(at->first - m.start) * kSecondsPerDay + at->second;
    const PromiseQuote q = quote_promise(m, zone, t, only);
    INFO(c["note"].get<std::string>(), " (", c["zone"].get<std::string>(), " at ", c["at"].get<std::string>(), ")");
    CHECK(m.warehouses[q.warehouse].id == c["expect"]["warehouse"].get<std::string>());
    CHECK(format_instant(m.start, q.ship_by) == c["expect"]["ship_by"].get<std::string>());
    CHECK(format_date(m.start + q.deliver_by) == c["expect"]["deliver_by"].get<std::string>());
  }
}

TEST_CASE("a promise before any stock question picks the band by inclusive max_km") {
  const Model m = build_model(load_scenario(std::string(MILKRUN_SOURCE_DIR) + "/tests/promise/scenario.json"));
  CHECK(m.transit_days(1, 3) == 0);  // W2 to Z-EAST is exactly 100 km
  CHECK(m.transit_days(0, 2) == 1);  // W1 to Z-TIE is exactly 500 km
  CHECK(m.transit_days(0, 4) == 4);  // the last band has no max_km
}

namespace {

Model promise_model_with_ample_stock() {
  auto doc = read_json(std::string(MILKRUN_SOURCE_DIR) + "/tests/promise/scenario.json");
  for (auto& [w, stock] : doc["skus"][0]["stock"].items()) stock["initial"] = 100000000;
  return build_model(parse_scenario(doc, "scenario.json"));
}

void check_same(const PromiseQuote& a, const PromiseQuote& b) {
  CHECK(a.warehouse == b.warehouse);
  CHECK(a.ship_by == b.ship_by);
  CHECK(a.deliver_by == b.deliver_by);
  CHECK(a.transit_days == b.transit_days);
}

}  // namespace

TEST_CASE("every order the engine places with all warehouses in stock gets the quote_promise answer") {
  const Model m = promise_model_with_ample_stock();
  const ReplicationResult r = simulate(m, 0, 42, true);
  REQUIRE(r.orders.size() > 500);
  for (const OrderRecord& o : r.orders) {
    const PromiseQuote q = quote_promise(m, o.zone, o.arrival);
    CHECK(o.warehouse == static_cast<std::int32_t>(q.warehouse));
    CHECK(o.promised_ship == q.ship_by);
    CHECK(o.promised_delivery == q.deliver_by);
  }
}

TEST_CASE("the engine's cached promise agrees with quote_promise at every zone and instant, forwards and back") {
  const Model m = promise_model_with_ample_stock();
  std::vector<SimTime> instants;
  for (SimTime t = 0; t < 21 * kSecondsPerDay; t += 17 * 60) instants.push_back(t);
  const auto all = [](WarehouseId) { return true; };
  Promise forwards(m);
  for (const SimTime t : instants) {
    for (ZoneId z = 0; z < m.zone_ids.size(); ++z) {
      PromiseQuote q;
      REQUIRE(forwards.best(z, t, all, q));
      check_same(q, quote_promise(m, z, t));
      for (WarehouseId w = 0; w < m.warehouse_count(); ++w) check_same(forwards.quote(w, z, t), quote_promise(m, z, t, w));
    }
  }
  Promise backwards(m);
  for (auto it = instants.rbegin(); it != instants.rend(); ++it) {
    PromiseQuote q;
    REQUIRE(backwards.best(0, *it, all, q));
    check_same(q, quote_promise(m, 0, *it));
  }
}

TEST_CASE("a promise with no warehouse in stock finds none, and ties go to the shorter distance then file order") {
  const Model m = promise_model_with_ample_stock();
  Promise promise(m);
  PromiseQuote q;
  CHECK_FALSE(promise.best(0, 0, [](WarehouseId) { return false; }, q));
  PromiseQuote a, b;
  a.warehouse = 0, b.warehouse = 1;
  a.deliver_by = b.deliver_by = 5;
  CHECK(better_promise(m, 0, a, b));        // Z-NEAR is nearer W1
  CHECK_FALSE(better_promise(m, 0, b, a));
  CHECK_FALSE(better_promise(m, 0, a, a));  // a full tie keeps the first
  b.deliver_by = 4;
  CHECK(better_promise(m, 0, b, a));        // an earlier delivery beats distance
}
