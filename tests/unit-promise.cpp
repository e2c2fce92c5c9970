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

namespace {

/// The promise scenario with `edit` applied to its JSON before the model is built.
template <class Edit>
Model promise_model_with(Edit&& edit) {
  auto doc = read_json(std::string(MILKRUN_SOURCE_DIR) + "/tests/promise/scenario.json");
  edit(doc);
  return build_model(parse_scenario(doc, "scenario.json"));
}

ZoneId zone_index(const Model& m, const std::string& id) {
  ZoneId z = 0;
  while (m.zone_ids[z] != id) ++z;
  return z;
}

SimTime tuesday_9am() { return 1 * kSecondsPerDay + 9 * 3600; }  // 2026-11-03T09:00

std::string why(const Model& m, const PromiseFilter& f, const PromiseExplanation& e, WarehouseId w) {
  return promise_why(m, f, e.candidates[w]);
}

}  // namespace

TEST_CASE("the explanation's winner is the quote, at every zone and instant") {
  const Model m = promise_model_with_ample_stock();
  for (SimTime t = 0; t < 14 * kSecondsPerDay; t += 37 * 60)
    for (ZoneId z = 0; z < m.zone_ids.size(); ++z) {
      const PromiseExplanation e = explain_promise(m, z, t, {});
      REQUIRE(e.winner);
      check_same(e.candidates[*e.winner].quote, quote_promise(m, z, t));
      for (WarehouseId w = 0; w < m.warehouse_count(); ++w) {
        const PromiseCandidate& c = e.candidates[w];
        check_same(c.quote, quote_promise(m, z, t, w));
        CHECK(c.km == m.distance(w, z));
        CHECK((c.verdict == PromiseVerdict::chosen) == (w == *e.winner));
        if (c.verdict == PromiseVerdict::beaten) CHECK_FALSE(better_promise(m, z, c.quote, e.candidates[*e.winner].quote));
      }
    }
}

TEST_CASE("an earlier delivery wins and the other warehouse is later") {
  const Model m = promise_model_with_ample_stock();
  const PromiseExplanation e = explain_promise(m, zone_index(m, "Z-MID"), tuesday_9am(), {});
  REQUIRE(e.winner == WarehouseId{0});
  CHECK(e.candidates[0].rule == PromiseRule::earlier_delivery);
  CHECK(e.candidates[0].rival == WarehouseId{1});
  CHECK(why(m, {}, e, 0) == "earliest delivery");
  CHECK(e.candidates[1].verdict == PromiseVerdict::beaten);
  CHECK(why(m, {}, e, 1) == "later delivery than W1");
}

TEST_CASE("a full tie on delivery and distance goes to file order, and the explanation says so") {
  const Model m = promise_model_with_ample_stock();
  const ZoneId tie = zone_index(m, "Z-TIE");  // 500 km from both warehouses
  const PromiseExplanation e = explain_promise(m, tie, tuesday_9am(), {});
  REQUIRE(e.winner == WarehouseId{0});
  CHECK(e.candidates[0].quote.deliver_by == e.candidates[1].quote.deliver_by);
  CHECK(e.candidates[0].rule == PromiseRule::file_order);
  CHECK(e.candidates[1].rule == PromiseRule::file_order);
  CHECK(why(m, {}, e, 0) == "earliest delivery, same as W2 at the same distance, and first in file order");
  CHECK(why(m, {}, e, 1) == "same delivery and distance as W1, which comes first in file order");
}

TEST_CASE("the same delivery goes to the nearer warehouse, and the farther one is told so") {
  // One band for both warehouses and the same departure: W1 (300 km) and W2 (700 km) promise
  // the same day to Z-MID.
  const Model m = promise_model_with([](auto& doc) {
    doc["carrier"]["transit_days"] = nlohmann::ordered_json::parse(R"([{"max_km": 1500, "days": 1}, {"days": 4}])");
    doc["warehouses"][0]["departures"] = nlohmann::ordered_json::parse(R"(["20:00"])");
  });
  const PromiseExplanation e = explain_promise(m, zone_index(m, "Z-MID"), tuesday_9am(), {});
  REQUIRE(e.winner == WarehouseId{0});
  CHECK(e.candidates[0].quote.deliver_by == e.candidates[1].quote.deliver_by);
  CHECK(e.candidates[0].rule == PromiseRule::shorter_distance);
  CHECK(why(m, {}, e, 0) == "earliest delivery, same as W2, and nearer");
  CHECK(why(m, {}, e, 1) == "same delivery as W1, farther");
}

TEST_CASE("compare_promises names the rule better_promise decides by") {
  const Model m = promise_model_with_ample_stock();
  PromiseQuote a, b;
  a.warehouse = 0, b.warehouse = 1;
  a.deliver_by = 4, b.deliver_by = 5;
  CHECK(engine::compare_promises(m, 0, a, b).rule == PromiseRule::earlier_delivery);
  CHECK(engine::compare_promises(m, 0, a, b).a_wins);
  CHECK_FALSE(engine::compare_promises(m, 0, b, a).a_wins);
  b.deliver_by = 4;
  CHECK(engine::compare_promises(m, 0, b, a).rule == PromiseRule::shorter_distance);
  CHECK_FALSE(engine::compare_promises(m, 0, b, a).a_wins);  // Z-NEAR is nearer W1
  CHECK(engine::compare_promises(m, 0, a, a).rule == PromiseRule::file_order);
  CHECK_FALSE(better_promise(m, 0, a, a));
}

namespace {

/// The promise scenario with S at W1 (3 units) and W2 (1000), and S2 at W2 only.
Model short_stock_model() {
  return promise_model_with([](auto& doc) {
    doc["skus"][0]["stock"]["W1"]["initial"] = 3;
    doc["skus"].push_back(nlohmann::ordered_json::parse(
        R"({"id": "S2", "source": {"supplier": "V"}, "orders_per_day": 1, "stock": {"W2": {"initial": 10}}})"));
  });
}

}  // namespace

TEST_CASE("--units considers only the warehouses whose initial stock covers them") {
  const Model m = short_stock_model();
  const ZoneId near = zone_index(m, "Z-NEAR");
  const PromiseFilter three{std::nullopt, SkuId{0}, Units{3}}, five{std::nullopt, SkuId{0}, Units{5}};
  CHECK(quote_promise(m, near, tuesday_9am(), three)->warehouse == 0);
  CHECK(quote_promise(m, near, tuesday_9am(), five)->warehouse == 1);
  const PromiseExplanation e = explain_promise(m, near, tuesday_9am(), five);
  REQUIRE(e.winner == WarehouseId{1});
  CHECK(e.candidates[0].verdict == PromiseVerdict::short_of_units);
  CHECK(e.candidates[0].free == 3);
  CHECK(why(m, five, e, 0) == "only 3 units free, 5 needed");
  CHECK(why(m, five, e, 1) == "the only warehouse with 5 units of S free");
  const PromiseFilter too_many{std::nullopt, SkuId{0}, Units{1001}};
  CHECK_FALSE(quote_promise(m, near, tuesday_9am(), too_many));
  CHECK_FALSE(explain_promise(m, near, tuesday_9am(), too_many).winner);
}

TEST_CASE("a warehouse that does not stock the SKU, or is not asked for, is said so") {
  const Model m = short_stock_model();
  const ZoneId near = zone_index(m, "Z-NEAR");
  const PromiseFilter s2{std::nullopt, SkuId{1}, std::nullopt};
  const PromiseExplanation e = explain_promise(m, near, tuesday_9am(), s2);
  REQUIRE(e.winner == WarehouseId{1});
  CHECK_FALSE(e.candidates[0].stocks);
  CHECK(why(m, s2, e, 0) == "does not stock S2");
  CHECK(why(m, s2, e, 1) == "the only warehouse that stocks S2");
  const PromiseFilter only_w2{WarehouseId{1}, std::nullopt, std::nullopt};
  const PromiseExplanation asked = explain_promise(m, near, tuesday_9am(), only_w2);
  REQUIRE(asked.winner == WarehouseId{1});
  CHECK(why(m, only_w2, asked, 0) == "not the warehouse asked for");
  CHECK(why(m, only_w2, asked, 1) == "the warehouse asked for");
}

TEST_CASE("a SKU whose stock lists its warehouses out of file order still goes to the first in file order on a full tie") {
  // W1 and W2 made alike and 500 km either side of Z-TIE; S lists W2 first. The engine looks at
  // a SKU's pairs in its stock list's order (its pair ids), and must still keep W1.
  const Model m = promise_model_with([](nlohmann::ordered_json& doc) {
    doc["warehouses"][1]["pick_pack"] = doc["warehouses"][0]["pick_pack"];
    doc["warehouses"][1]["departures"] = doc["warehouses"][0]["departures"];
    doc["zones"] = nlohmann::ordered_json::array({doc["zones"][2]});
    nlohmann::ordered_json stock;
    stock["W2"]["initial"] = 100000000;
    stock["W1"]["initial"] = 100000000;
    doc["skus"][0]["stock"] = stock;
  });
  REQUIRE(m.pairs[0].warehouse == 1);  // S's first pair is at W2
  const ReplicationResult r = simulate(m, 0, 42, true);
  REQUIRE(r.orders.size() > 500);
  for (const OrderRecord& o : r.orders) {
    CHECK(o.warehouse == 0);
    CHECK(o.warehouse == static_cast<std::int32_t>(quote_promise(m, o.zone, o.arrival).warehouse));
  }
}

TEST_CASE("an order is rerouted exactly when the promise sends it past the nearest warehouse that stocks its SKU") {
  // W1 holds 3 units of S and is never replenished: Z-NEAR's first orders leave from W1,
  // the rest from W2 (rerouted); S2 is stocked at W2 only, so W2 is its nearest.
  const Model m = short_stock_model();
  const ReplicationResult r = simulate(m, 0, 42, true);
  int rerouted = 0, from_nearest = 0;
  for (const OrderRecord& o : r.orders) {
    if (o.status == OrderStatus::lost) continue;
    WarehouseId nearest = 0;  // by hand: the stocking warehouse of least km, ties to the first
    bool found = false;
    for (WarehouseId w = 0; w < m.warehouse_count(); ++w)
      if (m.pair(o.sku, w) != kNoPair && (!found || m.distance(w, o.zone) < m.distance(nearest, o.zone)))
        nearest = w, found = true;
    CHECK(o.rerouted == (o.warehouse != static_cast<std::int32_t>(nearest)));
    (o.rerouted ? rerouted : from_nearest) += 1;
  }
  CHECK(rerouted > 0);
  CHECK(from_nearest > 0);
}

TEST_CASE("an order's pick/pack starts after it arrives and ends before it ships") {
  const Model m = promise_model_with_ample_stock();
  const ReplicationResult r = simulate(m, 0, 42, true);
  REQUIRE(r.orders.size() > 500);
  for (const OrderRecord& o : r.orders) {
    REQUIRE(o.status == OrderStatus::delivered);
    CHECK(o.arrival <= o.pick_start);
    CHECK(o.pick_end - o.pick_start == 120);  // time_per_order is 2 minutes, no shifts: always open
    CHECK(o.pick_end <= o.shipped);
  }
}
