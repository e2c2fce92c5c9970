// `milkrun check` (SPEC §5): each scenario's expectations, its KPIs against a baseline, and
// promise cases through the promise engine without simulating; reported as a table, as
// JSON (SPEC §6) and as JUnit XML for CI servers.
#pragma once
#include <milkrun/check/baseline.hpp>
#include <milkrun/experiment/settings.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/input/scenario_io.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace milkrun {

enum class CheckKind : std::uint8_t { expect, baseline, promise };

/// One checked item, whatever its kind.
struct CheckRow {
  std::string scenario;
  CheckKind kind = CheckKind::expect;
  std::string name;
  nlohmann::ordered_json value;  ///< a number, null (undefined) or, for promises, the quote as text
  std::optional<std::array<double, 2>> ci95;  ///< expect: the KPI's CI; baseline: the paired difference's
  std::string bound;
  std::optional<double> margin;  ///< how far inside the bound (negative: outside)
  bool passed = false;
  std::string note;     ///< baseline: the verdict; promise: the case's "note"
  std::string message;  ///< why it failed
};

/// The rows of every scenario and what the reader should know besides (content changed...).
struct CheckReport {
  std::vector<CheckRow> rows;
  std::vector<std::string> notes;
  bool passed() const;
};

/// What `check` runs. With `promises` and no `baseline` nothing is simulated: only the cases.
struct CheckOptions {
  std::vector<std::string> scenarios;
  std::vector<Override> overrides;  ///< --set, applied to every scenario
  ExperimentOptions experiment;     ///< seed and replications; a baseline brings its own
  std::string baseline;  ///< a directory with baseline.json, or with <name>/baseline.json per scenario
  std::string promises;  ///< a promise case file
  Tolerances tolerances;
};

/// Reads every input first (scenarios, baselines, promise cases: InputError or UsageError
/// before any simulation), then runs the checks.
CheckReport run_check(const CheckOptions& options);

/// A promise case of a case file (SPEC §6): order at `at` for `zone`, optionally one warehouse.
struct PromiseCase {
  std::string pointer, note, zone, at, warehouse;
  std::string expect_warehouse, expect_ship_by, expect_deliver_by;  ///< warehouse may be empty
};
/// Reads a case file; InputError "FILE: /3/zone: message" for malformed cases.
std::vector<PromiseCase> read_promise_cases(const std::string& path);
/// The row of one case quoted by the promise engine on `model` (zones and warehouses are
/// checked against it: InputError naming `file` and the case's pointer).
CheckRow check_promise_case(const Model& model, const std::string& scenario, const PromiseCase& c,
                            const std::string& file);

/// `check --json`: {"passed", "checks": [{"scenario", "kind", "name", "value", "bound", "passed", ...}], "notes"}.
nlohmann::ordered_json check_json(const CheckReport& report);
/// JUnit XML: one <testsuite> per scenario, one <testcase> per row, <failure> when it failed.
std::string junit_xml(const CheckReport& report);
/// A readable table: value, CI, bound, margin and PASS/FAIL per row, then the notes and a total.
std::string check_table(const CheckReport& report);

}  // namespace milkrun
