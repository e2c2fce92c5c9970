// Experiments: paired differences, verdict directions, the metamodel, the sweep grid,
// the codec between ranks and replications added until a KPI is precise.
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>

#include "experiment/result_codec.hpp"
#include "scenario_fixture.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace milkrun;

namespace {

/// A run whose KPI `k` takes `values` replication by replication (others undefined).
std::vector<KpiValues> runs_of(Kpi k, const std::vector<double>& values) {
  std::vector<KpiValues> out(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) out[r][static_cast<std::size_t>(k)] = values[r];
  return out;
}

const KpiComparison& of(const Comparison& c, Kpi k) { return c.kpis[static_cast<std::size_t>(k)]; }

}  // namespace

TEST_CASE("paired differences on hand data give the mean, the t interval and the relative change") {
  // Differences 1, 1.5, 2: mean 1.5, s = 0.5, t_{0.975,2} = 4.302653 -> half-width 0.5·4.302653/√3.
  const Comparison c = compare_runs("b", runs_of(Kpi::lost_orders, {10, 20, 30}), "v",
                                    runs_of(Kpi::lost_orders, {11, 21.5, 32}));
  const PairedDifference& d = of(c, Kpi::lost_orders).difference;
  CHECK(c.replications == 3);
  CHECK(*d.diff.mean == doctest::Approx(1.5));
  CHECK(d.diff.ci95[1] - 1.5 == doctest::Approx(0.5 * 4.302653 / std::sqrt(3.0)).epsilon(1e-6));
  CHECK(*d.relative == doctest::Approx(0.075));
  CHECK(of(c, Kpi::lost_orders).verdict == "worse");
  // The base varies much more than the differences: the unpaired CI is wider.
  CHECK(*ci_narrowing(d) > 5);
}

TEST_CASE("verdicts honour the direction in which each KPI is good") {
  const auto lower = runs_of(Kpi::fill_rate, {0.80, 0.82, 0.81, 0.83});
  const auto higher = runs_of(Kpi::fill_rate, {0.90, 0.91, 0.92, 0.92});
  CHECK(of(compare_runs("b", lower, "v", higher), Kpi::fill_rate).verdict == "better");
  CHECK(of(compare_runs("b", higher, "v", lower), Kpi::fill_rate).verdict == "worse");
  const auto fewer = runs_of(Kpi::stockout_sku_days, {1, 2, 1, 2});
  const auto more = runs_of(Kpi::stockout_sku_days, {10, 12, 11, 12});
  CHECK(of(compare_runs("b", more, "v", fewer), Kpi::stockout_sku_days).verdict == "better");
  // `orders` is neither good nor bad: a significant change is only "higher" or "lower".
  CHECK(of(compare_runs("b", runs_of(Kpi::orders, {1, 2, 3}), "v", runs_of(Kpi::orders, {9, 9, 9})), Kpi::orders)
            .verdict == "higher");
}

TEST_CASE("a KPI with no good direction is higher, lower or not significantly different") {
  const auto few = runs_of(Kpi::truck_trips, {10, 11, 10, 12});
  const auto many = runs_of(Kpi::truck_trips, {14, 15, 15, 16});
  CHECK(of(compare_runs("b", few, "v", many), Kpi::truck_trips).verdict == "higher");
  CHECK(of(compare_runs("b", many, "v", few), Kpi::truck_trips).verdict == "lower");
  // Differences -1, +1, -1, +1: the CI straddles 0.
  const auto mixed = runs_of(Kpi::truck_trips, {9, 12, 9, 13});
  CHECK(of(compare_runs("b", few, "v", mixed), Kpi::truck_trips).verdict == "no significant difference");
  // The same difference in every replication: a zero-width CI away from 0 is significant.
  const auto plus_two = runs_of(Kpi::truck_trips, {12, 13, 12, 14});
  const Comparison compared = compare_runs("b", few, "v", plus_two);
  const KpiComparison& c = of(compared, Kpi::truck_trips);
  CHECK(c.difference.diff.ci95[0] == 2);
  CHECK(c.difference.diff.ci95[1] == 2);
  CHECK(c.verdict == "higher");
  // The same rule as a KPI with a direction: fewer trips where fewer is good would be "better".
  CHECK(verdict(c.difference, -1) == "worse");
}

namespace {

/// Replications whose warehouse `w` has `truck_trips` of `values` (the network's the sum).
ComparedRuns warehouse_runs(const std::string& name, const std::vector<std::string>& ids,
                            const std::vector<std::vector<double>>& values) {
  const auto trips = static_cast<std::size_t>(Kpi::truck_trips);
  ComparedRuns out{name, ids, std::vector<ReplicationKpis>(values[0].size())};
  for (std::size_t r = 0; r < values[0].size(); ++r) {
    ReplicationKpis& rep = out.replications[r];
    rep.warehouses.resize(ids.size());
    double total = 0;
    for (std::size_t w = 0; w < ids.size(); ++w) {
      rep.warehouses[w][trips] = values[w][r];
      total += values[w][r];
    }
    rep.network[trips] = total;
  }
  return out;
}

}  // namespace

TEST_CASE("warehouses are paired by id and replication; one that only one side has is left out") {
  const auto trips = static_cast<std::size_t>(Kpi::truck_trips);
  const ComparedRuns base = warehouse_runs("b", {"A", "B", "OLD"}, {{1, 2, 3}, {10, 10, 10}, {5, 5, 5}});
  // The variant lists its warehouses in another order and has a new one.
  const ComparedRuns variant = warehouse_runs("v", {"NEW", "B", "A"}, {{7, 7, 7}, {10, 10, 10}, {2, 4, 6}});
  const Comparison c = compare_runs(base, variant);
  REQUIRE(c.warehouses.size() == 2);
  CHECK(c.warehouses[0].id == "A");
  CHECK(c.warehouses[1].id == "B");
  // A: differences 1, 2, 3 pair replication by replication.
  const PairedDifference& a = c.warehouses[0].kpis[trips].difference;
  CHECK(*a.base.mean == doctest::Approx(2));
  CHECK(*a.variant.mean == doctest::Approx(4));
  CHECK(*a.diff.mean == doctest::Approx(2));
  CHECK(a.diff.ci95[1] - 2 == doctest::Approx(4.302653 / std::sqrt(3.0)).epsilon(1e-6));
  CHECK(c.warehouses[0].kpis[trips].verdict == "no significant difference");
  CHECK(*c.warehouses[1].kpis[trips].difference.diff.mean == 0);
  CHECK(*c.kpis[trips].difference.diff.mean == doctest::Approx(4));
  const auto j = compare_json(c);
  CHECK(j["warehouses"].size() == 2);
  CHECK(j["warehouses"]["A"]["kpis"].size() == kKpiCount);
  CHECK(j["warehouses"]["A"]["kpis"]["truck_trips"]["diff"]["mean"] == doctest::Approx(2));
  CHECK_FALSE(j["warehouses"].contains("OLD"));
  CHECK_FALSE(j["warehouses"].contains("NEW"));
  CHECK(compare_table(c, "B").find("truck_trips") != std::string::npos);
  CHECK_THROWS_AS(compare_table(c, "OLD"), UsageError);
}

TEST_CASE("a replication's KPIs survive the codec between ranks") {
  ReplicationKpis r;
  r.network[0] = 3.5;
  r.warehouses = {KpiValues{}, KpiValues{}};
  r.warehouses[1][2] = 7;
  std::string bytes;
  codec::put(bytes, std::vector<ReplicationKpis>{r, r});
  codec::Reader in(bytes);
  std::vector<ReplicationKpis> back;
  codec::get(in, back);
  CHECK(in.done());
  REQUIRE(back.size() == 2);
  CHECK(back[1].network[0] == 3.5);
  CHECK_FALSE(back[1].network[1].has_value());
  REQUIRE(back[1].warehouses.size() == 2);
  CHECK(back[1].warehouses[1][2] == 7);
  CHECK_FALSE(back[1].warehouses[0][2].has_value());
}

TEST_CASE("a run compared with itself has zero differences and no significant difference") {
  const auto run = runs_of(Kpi::on_time_rate, {0.9, 0.95, 0.97});
  const Comparison c = compare_runs("a", run, "a", run);
  const PairedDifference& d = of(c, Kpi::on_time_rate).difference;
  CHECK(*d.diff.mean == 0);
  CHECK(d.diff.ci95[0] == 0);
  CHECK(d.diff.ci95[1] == 0);
  CHECK(of(c, Kpi::on_time_rate).verdict == "no significant difference");
  CHECK_FALSE(ci_narrowing(d).has_value());
}

TEST_CASE("compare.json has the keys of SPEC section 6 in order") {
  const auto run = runs_of(Kpi::fill_rate, {0.9, 0.95});
  const auto j = compare_json(compare_runs("a", run, "b", run));
  CHECK(j["base"] == "a");
  CHECK(j["variant"] == "b");
  std::vector<std::string> keys;
  for (const auto& [key, value] : j["kpis"]["fill_rate"].items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"base", "variant", "diff", "relative", "unpaired_ci95", "verdict"});
  CHECK(j["kpis"].size() == kKpiCount);
  keys.clear();
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"base", "variant", "replications", "kpis", "warehouses"});
}

TEST_CASE("the metamodel recovers a known linear function with R squared 1") {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (double a : {1.0, 2.0, 5.0})
    for (double b : {-1.0, 0.0, 3.0}) {
      x.push_back({a, b});
      y.push_back(4 + 2.5 * a - 0.75 * b);
    }
  const LinearFit fit = fit_linear(x, y);
  REQUIRE(fit.coefficients.size() == 3);
  CHECK(fit.coefficients[0] == doctest::Approx(4));
  CHECK(fit.coefficients[1] == doctest::Approx(2.5));
  CHECK(fit.coefficients[2] == doctest::Approx(-0.75));
  CHECK(*fit.r2 == doctest::Approx(1));
}

TEST_CASE("the metamodel's R squared falls below 1 with noise and is undefined for a constant") {
  const LinearFit noisy = fit_linear({{0}, {1}, {2}, {3}}, {0, 2, 1, 3});
  CHECK(*noisy.r2 == doctest::Approx(0.64));  // slope 0.8, SS_res 1.8, SS_tot 5
  CHECK_FALSE(fit_linear({{0}, {1}, {2}}, {7, 7, 7}).r2.has_value());
}

TEST_CASE("--vary splits values at top-level commas only") {
  const Vary v = parse_vary(R"(/milk_runs/0/schedule/days="Mon,Thu","Tue",["a","b"])");
  CHECK(v.pointer == "/milk_runs/0/schedule/days");
  CHECK(v.values == std::vector<std::string>{R"("Mon,Thu")", R"("Tue")", R"(["a","b"])"});
  CHECK_THROWS_AS(parse_vary("/seed"), UsageError);
  CHECK_THROWS_AS(parse_vary("/seed=1,,2"), UsageError);
}

TEST_CASE("the sweep grid is the full product with the last --vary changing fastest") {
  const auto grid = sweep_grid({{"/a", {"1", "2"}}, {"/b", {"x", "y", "z"}}});
  REQUIRE(grid.size() == 6);
  CHECK(grid[0][0].value == "1");
  CHECK(grid[0][1].value == "x");
  CHECK(grid[1][1].value == "y");
  CHECK(grid[3][0].value == "2");
  CHECK(grid[5][1].value == "z");
  CHECK(grid[5][1].pointer == "/b");
}

TEST_CASE("a replication survives the trip between ranks byte for byte") {
  const Model model = test::model_of(test::base_scenario());
  const ReplicationResult r = simulate(model, 0, 3, true);
  std::string bytes;
  codec::put(bytes, r);
  codec::Reader in(bytes);
  ReplicationResult back;
  codec::get(in, back);
  CHECK(in.done());
  CHECK(back.network == r.network);
  CHECK(back.orders.size() == r.orders.size());
  std::string again;
  codec::put(again, back);
  CHECK(again == bytes);
}

TEST_CASE("replications are added until the KPI's half-width meets the target") {
  test::Json doc = test::base_scenario();
  doc["skus"][0]["stock"]["W1"]["initial"] = 200;  // stockouts make the fill rate vary
  const Model model = test::model_of(doc);
  const PrecisionTarget loose = parse_precision("orders=1000000", 50);
  CHECK(run_until_precise(model, 3, loose, 5, 2, false).size() == 3);
  const PrecisionTarget tight = parse_precision("orders=0.000001", 12);
  CHECK(run_until_precise(model, 3, tight, 5, 2, false).size() == 12);
  const auto first = run_replications(model, 0, 6, 5, 1, false);
  const double h6 = *half_width(first, kpi_index("orders"));
  const PrecisionTarget mid = parse_precision("orders=" + std::to_string(h6 / 2), 200);
  const auto precise = run_until_precise(model, 6, mid, 5, 2, false);
  CHECK(precise.size() > 6);
  CHECK(*half_width(precise, kpi_index("orders")) <= h6 / 2);
  CHECK_THROWS_AS(parse_precision("no_such_kpi=1", 10), UsageError);
  CHECK_THROWS_AS(parse_precision("orders=-1", 10), UsageError);
}

TEST_CASE("run settings take the options when given and the scenario's seed and replications otherwise") {
  Scenario sc;
  sc.seed = 42;
  sc.replications = 8;
  ExperimentOptions o;
  o.threads = 3;
  const RunSettings scenario_own = resolve(o, sc);
  CHECK(scenario_own.seed == 42);
  CHECK(scenario_own.replications == 8);
  CHECK(scenario_own.threads == 3);
  o.seed = 7;
  o.replications = 2;
  const RunSettings asked = resolve(o, sc);
  CHECK(asked.seed == 7);
  CHECK(asked.replications == 2);
  CHECK(ExperimentOptions{}.threads >= 1);
}

TEST_CASE("the output directory is the one asked for, else results/<name>") {
  ExperimentOptions o;
  CHECK(output_dir(o, "pnw-sweep") == std::filesystem::path("results") / "pnw-sweep");
  o.out = "elsewhere";
  CHECK(output_dir(o, "pnw-sweep") == std::filesystem::path("elsewhere"));
}
