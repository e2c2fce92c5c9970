// Expectations of a scenario's `expect` block (SPEC §2): bounds on KPIs of the network, a
// warehouse or a seller, judged on the mean or on the 95% CI, as `run` reports them in
// summary.json and `check` gates on them.
#pragma once
#include <milkrun/expectation.hpp>
#include <milkrun/output/stats.hpp>
#include <milkrun/output/summary.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace milkrun {

/// The outcome of one expectation.
struct ExpectResult {
  Expectation expectation;
  Estimate estimate;
  bool passed = false;
  /// How far inside the bound the judged value is (negative: how far outside); nullopt when undefined.
  std::optional<double> margin;
  std::string message;  ///< why it failed, or empty
};

/// Judges one expectation against an estimate; an undefined KPI fails with a message.
ExpectResult evaluate(const Expectation& e, const Estimate& estimate);

/// Judges every expectation against the KPIs of a run; a warehouse or seller the run does
/// not have leaves its KPI undefined.
std::vector<ExpectResult> evaluate_all(const std::vector<Expectation>& expectations, const RunSummary& summary);

/// One summary.json "expect" entry: {"name", "value", "ci95", "bound", "on", "passed", "margin", "message"?}.
nlohmann::ordered_json expect_result_json(const ExpectResult& r);

}  // namespace milkrun
