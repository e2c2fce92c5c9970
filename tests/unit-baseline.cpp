// Baselines: a run's summary saved, read back and paired with a run, KPI by KPI.
#include <doctest/doctest.h>

#include <milkrun/check/baseline.hpp>
#include <milkrun/errors.hpp>

#include <filesystem>

using namespace milkrun;

namespace {

/// A summary whose every KPI of the network and of warehouse SEA1 has `values`.
RunSummary summary_of(const std::vector<std::optional<double>>& values) {
  RunSummary s;
  s.scenario = "t";
  s.seed = 7;
  s.replications = static_cast<int>(values.size());
  for (KpiSeries& k : s.network) k = kpi_series(values);
  s.warehouses.push_back({"SEA1", s.network});
  return s;
}

}  // namespace

TEST_CASE("a saved baseline reads back with its seed, replications and every KPI") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "milkrun-unit-baseline";
  Scenario sc;
  sc.name = "t";
  save_baseline(dir, sc, summary_of({1, 2, 3}));
  const Baseline b = read_baseline(baseline_file(dir));
  std::filesystem::remove_all(dir);
  CHECK(b.scenario == "t");
  CHECK(b.seed == 7);
  CHECK(b.replications == 3);
  REQUIRE(b.network[0]);
  CHECK(*b.network[0] == std::vector<std::optional<double>>{1, 2, 3});
  REQUIRE(b.warehouses.size() == 1);
  CHECK(b.warehouses[0].id == "SEA1");

  const std::vector<BaselineCheck> same = compare_with_baseline(b, summary_of({1, 2, 3}), {});
  CHECK(same.size() == 2 * kKpiCount);
  CHECK(same.back().name == "warehouses.SEA1.duty_skips");
  for (const BaselineCheck& c : same) CHECK(c.passed);
}

TEST_CASE("a KPI significantly worse than its baseline beyond the tolerance fails") {
  Baseline b;
  const RunSummary base = summary_of({1, 2, 3});
  for (std::size_t k = 0; k < kKpiCount; ++k) b.network[k] = base.network[k].values;
  const std::vector<BaselineCheck> checks = compare_with_baseline(b, summary_of({2, 3.1, 4}), {});
  REQUIRE(checks.size() == kKpiCount);
  const BaselineCheck& cost = checks[static_cast<std::size_t>(Kpi::cost_total)];
  CHECK(cost.verdict == "worse");
  CHECK_FALSE(cost.passed);
  CHECK(checks[static_cast<std::size_t>(Kpi::orders)].passed);  // no direction: never worse
}

TEST_CASE("a tolerance names its KPI by index and lets a small enough worsening pass") {
  const auto [kpi, tolerance] = parse_tolerance("cost.total=200%");
  CHECK(kpi == static_cast<std::size_t>(Kpi::cost_total));
  CHECK(tolerance.relative);
  CHECK(tolerance.amount == doctest::Approx(2));
  CHECK_THROWS_AS(parse_tolerance("cost.totl=1%"), UsageError);
  Baseline b;
  const RunSummary base = summary_of({1, 2, 3});
  for (std::size_t k = 0; k < kKpiCount; ++k) b.network[k] = base.network[k].values;
  const std::vector<BaselineCheck> checks = compare_with_baseline(b, summary_of({2, 3.1, 4}), {{kpi, tolerance}});
  CHECK(checks[kpi].verdict == "worse");
  CHECK(checks[kpi].passed);
}
