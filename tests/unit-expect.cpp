// Expectations of the `expect` block: each operator on the mean, the CI or any point of the CI,
// tolerances, undefined KPIs, and how the block is read.
#include <doctest/doctest.h>

#include "parse_fixture.hpp"

#include <milkrun/output/expect.hpp>
#include <milkrun/input/scenario_io.hpp>

#include <limits>

using namespace milkrun;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Expectation expectation(BoundOp op, double lo, double hi, JudgeOn on = JudgeOn::mean) {
  Expectation e;
  e.kpi = static_cast<std::size_t>(Kpi::on_time_rate);
  e.bound.op = op;
  e.bound.target = op == BoundOp::at_most ? hi : lo;
  e.bound.lo = lo;
  e.bound.hi = hi;
  e.bound.on = on;
  return e;
}

/// Mean 0.95 with CI [0.93, 0.97].
Estimate around_095() { return Estimate{0.95, {0.93, 0.97}, 8}; }

}  // namespace

TEST_CASE(">= on the mean passes at the bound and fails below it") {
  CHECK(evaluate(expectation(BoundOp::at_least, 0.95, kInf), around_095()).passed);
  const ExpectResult r = evaluate(expectation(BoundOp::at_least, 0.96, kInf), around_095());
  CHECK_FALSE(r.passed);
  CHECK(*r.margin == doctest::Approx(-0.01));
  CHECK(r.message == "on_time_rate: mean 0.95 is not >= 0.96");
}

TEST_CASE("<= on the mean compares the mean only") {
  CHECK(evaluate(expectation(BoundOp::at_most, -kInf, 0.96), around_095()).passed);
  CHECK_FALSE(evaluate(expectation(BoundOp::at_most, -kInf, 0.94), around_095()).passed);
}

TEST_CASE("on ci needs the whole interval inside the bound") {
  CHECK_FALSE(evaluate(expectation(BoundOp::at_least, 0.94, kInf, JudgeOn::ci), around_095()).passed);
  const ExpectResult r = evaluate(expectation(BoundOp::at_least, 0.92, kInf, JudgeOn::ci), around_095());
  CHECK(r.passed);
  CHECK(*r.margin == doctest::Approx(0.01));
  CHECK_FALSE(evaluate(expectation(BoundOp::at_most, -kInf, 0.96, JudgeOn::ci), around_095()).passed);
}

TEST_CASE("on any passes when the interval overlaps the bound") {
  CHECK(evaluate(expectation(BoundOp::at_least, 0.96, kInf, JudgeOn::any), around_095()).passed);
  CHECK_FALSE(evaluate(expectation(BoundOp::at_least, 0.98, kInf, JudgeOn::any), around_095()).passed);
  CHECK(evaluate(expectation(BoundOp::at_most, -kInf, 0.94, JudgeOn::any), around_095()).passed);
  CHECK(evaluate(expectation(BoundOp::between, 0.96, 0.99, JudgeOn::any), around_095()).passed);
  CHECK_FALSE(evaluate(expectation(BoundOp::between, 0.98, 0.99, JudgeOn::any), around_095()).passed);
}

TEST_CASE("between checks both ends, on the mean and on the CI") {
  CHECK(evaluate(expectation(BoundOp::between, 0.9, 0.96), around_095()).passed);
  CHECK_FALSE(evaluate(expectation(BoundOp::between, 0.96, 0.99), around_095()).passed);
  CHECK_FALSE(evaluate(expectation(BoundOp::between, 0.9, 0.94), around_095()).passed);
  CHECK_FALSE(evaluate(expectation(BoundOp::between, 0.9, 0.96, JudgeOn::ci), around_095()).passed);
  CHECK(evaluate(expectation(BoundOp::between, 0.9, 0.98, JudgeOn::ci), around_095()).passed);
}

TEST_CASE("an undefined KPI fails with a clear message") {
  const ExpectResult r = evaluate(expectation(BoundOp::at_least, 0, kInf), Estimate{});
  CHECK_FALSE(r.passed);
  CHECK_FALSE(r.margin);
  CHECK(r.message.find("on_time_rate is undefined") == 0);
}

namespace {

nlohmann::ordered_json scenario_with(const char* expect) {
  auto doc = nlohmann::ordered_json::parse(default_scenario_text());
  doc["expect"] = nlohmann::ordered_json::parse(expect);
  return doc;
}

}  // namespace

TEST_CASE("== with a tolerance reads as a closed interval around the value") {
  const Scenario s = parse_scenario(scenario_with(R"({"truck_trips": {"==": 20, "tolerance": 2}})"), "t.json");
  REQUIRE(s.expect.size() == 1);
  const Expectation& e = s.expect[0];
  CHECK(e.bound.text() == "== 20 ± 2");
  CHECK(evaluate(e, Estimate{22, {22, 22}, 1}).passed);
  CHECK_FALSE(evaluate(e, Estimate{22.5, {22.5, 22.5}, 1}).passed);
}

TEST_CASE("expect reads network, warehouse and seller bounds with their pointers") {
  const Scenario s = parse_scenario(
      scenario_with(R"({"on_time_rate": {">=": 0.9, "<=": 1, "on": "ci"},
                        "warehouses": {"PDX1": {"fill_rate": {"between": [0.9, 1]}}},
                        "sellers": {"S-NORAM": {"defect_rate": {"<=": 0.1, "on": "any"}}}})"),
      "t.json");
  REQUIRE(s.expect.size() == 4);
  CHECK(s.expect[0].bound.text() == ">= 0.9 on ci");
  CHECK(s.expect[1].bound.text() == "<= 1 on ci");
  CHECK(s.expect[2].name() == "warehouses.PDX1.fill_rate");
  CHECK(s.expect[2].pointer == "/expect/warehouses/PDX1/fill_rate/between");
  CHECK(s.expect[3].name() == "sellers.S-NORAM.defect_rate");
  CHECK(s.expect[3].bound.on == JudgeOn::any);
}

TEST_CASE("a bad expect block is refused with every problem") {
  const std::string report = test::problems_of(
      scenario_with(R"({"fill_rte": {">=": 1}, "sellers": {"S-X": {"fill_rate": {">=": 1}}},
                        "late_deliveries": {"==": "many"}, "orders": {"between": [1]}})"),
      "t.json");
  CHECK(report ==
        "t.json: /expect/fill_rte: unknown KPI \"fill_rte\"; did you mean \"fill_rate\"?\n"
        "t.json: /expect/sellers/S-X: no seller \"S-X\" (known: S-NORAM)\n"
        "t.json: /expect/late_deliveries/==: must be a number, got \"many\"\n"
        "t.json: /expect/orders/between: must be a list [low, high] of two numbers, got a list of 1\n");
}

namespace {

/// The default scenario with a second seller, S-TWO (the default's S-NORAM again, by another id).
nlohmann::ordered_json two_sellers_with(const char* expect) {
  auto doc = scenario_with(expect);
  auto second = doc["sellers"][0];
  second["id"] = "S-TWO";
  doc["sellers"].push_back(second);
  return doc;
}

std::vector<std::string> names_and_bounds(const Scenario& s) {
  std::vector<std::string> out;
  for (const Expectation& e : s.expect) out.push_back(e.name() + " " + e.bound.text() + " @" + e.pointer);
  return out;
}

}  // namespace

TEST_CASE("\"*\" bounds every seller in file order, and an id overrides it for the KPIs it names (R47)") {
  const Scenario s = parse_scenario(
      two_sellers_with(R"({"sellers": {"S-TWO": {"defect_rate": {"<=": 0.05}},
                                       "*": {"defect_rate": {"<=": 0.01}, "lost_units": {"<=": 10}}}})"),
      "t.json");
  CHECK(names_and_bounds(s) == std::vector<std::string>{
                                   "sellers.S-NORAM.defect_rate <= 0.01 @/expect/sellers/*/defect_rate/<=",
                                   "sellers.S-NORAM.lost_units <= 10 @/expect/sellers/*/lost_units/<=",
                                   "sellers.S-TWO.defect_rate <= 0.05 @/expect/sellers/S-TWO/defect_rate/<=",
                                   "sellers.S-TWO.lost_units <= 10 @/expect/sellers/*/lost_units/<=",
                               });
  for (const Expectation& e : s.expect) CHECK(e.scope == ExpectScope::seller);
}

TEST_CASE("without \"*\", seller bounds come in the order written") {
  const Scenario s = parse_scenario(
      two_sellers_with(R"({"sellers": {"S-TWO": {"orders": {">=": 1}}, "S-NORAM": {"defect_rate": {"<=": 0.02}}}})"),
      "t.json");
  CHECK(names_and_bounds(s) == std::vector<std::string>{
                                   "sellers.S-TWO.orders >= 1 @/expect/sellers/S-TWO/orders/>=",
                                   "sellers.S-NORAM.defect_rate <= 0.02 @/expect/sellers/S-NORAM/defect_rate/<=",
                               });
}

TEST_CASE("a bad \"*\" is reported once, and an unknown seller beside it by name") {
  const std::string report = test::problems_of(
      two_sellers_with(R"({"sellers": {"*": {"defect_rat": {"<=": 0.01}, "orders": {">=": "many"}},
                                       "S-TW0": {"defect_rate": {"<=": 0.05}}}})"),
      "t.json");
  CHECK(report ==
        "t.json: /expect/sellers/*/defect_rat: unknown KPI \"defect_rat\"; did you mean \"defect_rate\"?\n"
        "t.json: /expect/sellers/*/orders/>=: must be a number, got \"many\"\n"
        "t.json: /expect/sellers/S-TW0: no seller \"S-TW0\"; did you mean \"S-TWO\"?\n");
}

TEST_CASE("\"*\" in a scenario without sellers is refused: it would check nothing") {
  auto doc = scenario_with(R"({"sellers": {"*": {"defect_rate": {"<=": 0.01}}}})");
  doc.erase("sellers");
  for (auto& sku : doc["skus"])
    if (sku["source"].contains("seller")) sku["source"] = {{"supplier", "RAINIER-TOYS"}};
  CHECK(test::problems_of(doc, "t.json") ==
        "t.json: /expect/sellers/*: bounds every seller, but the scenario has no sellers\n");
}

TEST_CASE("expect resolves each KPI to its table index at parse time") {
  const Scenario s = parse_scenario(
      scenario_with(R"({"warehouses": {"PDX1": {"fill_rate": {">=": 0.9}}},
                        "sellers": {"S-NORAM": {"defect_rate": {"<=": 0.1}}}})"),
      "t.json");
  REQUIRE(s.expect.size() == 2);
  CHECK(s.expect[0].kpi == static_cast<std::size_t>(Kpi::fill_rate));
  CHECK(s.expect[1].kpi == static_cast<std::size_t>(SellerKpi::defect_rate));
  CHECK(s.expect[1].kpi_key() == "defect_rate");
}

TEST_CASE("expectations are judged on the KPIs of their scope in the run summary") {
  const std::size_t on_time = static_cast<std::size_t>(Kpi::on_time_rate);
  RunSummary summary;
  summary.network[on_time] = kpi_series({0.9, 1.0});
  summary.warehouses.push_back({"SEA1", {}});
  summary.warehouses[0].kpis[on_time] = kpi_series({0.5, 0.5});
  Expectation network = expectation(BoundOp::at_least, 0.9, kInf);
  Expectation warehouse = network, ghost = network;
  warehouse.scope = ghost.scope = ExpectScope::warehouse;
  warehouse.entity = "SEA1";
  ghost.entity = "NOPE";
  const std::vector<ExpectResult> r = evaluate_all({network, warehouse, ghost}, summary);
  REQUIRE(r.size() == 3);
  CHECK(r[0].passed);
  CHECK(*r[0].estimate.mean == doctest::Approx(0.95));
  CHECK_FALSE(r[1].passed);
  CHECK(r[1].message == "warehouses.SEA1.on_time_rate: mean 0.5 is not >= 0.9");
  CHECK_FALSE(r[2].estimate.mean);
}

TEST_CASE("a seller is above its threshold by its mean, and surely above by its CI's low end (R47)") {
  SellerSummary seller{"S-1", {}, 0.01};
  KpiSeries& rate = seller.kpis[static_cast<std::size_t>(SellerKpi::defect_rate)];
  rate = kpi_series({0.02, 0.0});  // mean 0.01: at the threshold is not above it
  judge_standing(seller);
  CHECK_FALSE(seller.above_threshold);
  CHECK_FALSE(seller.surely_above);
  rate = kpi_series({0.012, 0.014});  // mean 0.013, CI about [0.0003, 0.026]
  judge_standing(seller);
  CHECK(seller.above_threshold);
  CHECK_FALSE(seller.surely_above);
  rate = kpi_series({0.05, 0.051, 0.052});
  judge_standing(seller);
  CHECK(seller.above_threshold);
  CHECK(seller.surely_above);
  rate = kpi_series({std::nullopt, std::nullopt});
  judge_standing(seller);
  CHECK_FALSE(seller.above_threshold);
  CHECK_FALSE(seller.surely_above);
}

TEST_CASE("seller expectations are judged on the seller's KPIs in the run summary") {
  RunSummary summary;
  summary.sellers.push_back({"S-1", {}, 0.01});
  summary.sellers[0].kpis[static_cast<std::size_t>(SellerKpi::defect_rate)] = kpi_series({0.03, 0.05});
  Expectation e;
  e.scope = ExpectScope::seller;
  e.entity = "S-1";
  e.kpi = static_cast<std::size_t>(SellerKpi::defect_rate);
  e.bound = Bound{BoundOp::at_most, 0.01, 0, -kInf, 0.01, JudgeOn::mean};
  Expectation ghost = e;
  ghost.entity = "S-2";
  const std::vector<ExpectResult> r = evaluate_all({e, ghost}, summary);
  REQUIRE(r.size() == 2);
  CHECK_FALSE(r[0].passed);
  CHECK(r[0].message == "sellers.S-1.defect_rate: mean 0.04 is not <= 0.01");
  CHECK_FALSE(r[1].estimate.mean);
}
