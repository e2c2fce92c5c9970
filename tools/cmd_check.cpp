// `milkrun check`: evaluates expectations, baselines and promise cases; prints a table, writes
// --junit / --json when asked, and exits 1 when a check failed (main maps CheckFailed).
#include <milkrun/check/check.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/output/out_folder.hpp>
#include <milkrun/output/output.hpp>

#include "commands.hpp"
#include "experiment/parallel.hpp"
#include "options.hpp"
#include "progress.hpp"

#include <iostream>
#include <memory>

namespace milkrun::cli {
namespace {

struct CheckArgs {
  CheckOptions options;
  std::vector<std::string> sets, tolerances;
  std::string junit, json;
  bool progress = false;
};

int check(CheckArgs& a) {
  a.options.overrides = parse_overrides(a.sets);
  for (const std::string& t : a.tolerances) a.options.tolerances.insert(parse_tolerance(t));
  if (is_output_rank()) {  // before any work (SPEC §12); each file is then written whole
    if (!a.junit.empty()) check_output_file(a.junit);
    if (!a.json.empty()) check_output_file(a.json);
  }
  for (const std::string& path : a.options.scenarios) print_warnings_of(path, a.options.overrides);
  ProgressBar bar(a.progress);
  a.options.experiment.progress = bar.observer();
  const CheckReport report = run_check(a.options);  // every rank holds the whole report
  bar.finish();
  if (is_output_rank()) {
    std::cout << check_table(report);
    if (!a.junit.empty()) write_atomically(a.junit, junit_xml(report));
    if (!a.json.empty()) write_atomically(a.json, check_json(report).dump(2) + "\n");
  }
  if (!report.passed()) throw CheckFailed("milkrun check: some checks failed");
  return 0;
}

}  // namespace

void add_check(CLI::App& app, Action& action) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Check expectations, baselines and promise cases (exit 1 if any fails)");
  cmd->add_option("scenarios", a->options.scenarios, "Scenario JSON files")->required();
  add_run_options(*cmd, a->options.experiment, "the scenario's");
  add_set_option(*cmd, a->sets);
  add_progress_option(*cmd, a->progress);
  cmd->add_option("--junit", a->junit, "Write JUnit XML (one test case per check) to FILE");
  cmd->add_option("--json", a->json, "Write the result as JSON to FILE");
  cmd->add_option("--baseline", a->options.baseline,
                  "Baseline directory (baseline.json, or <scenario name>/baseline.json inside)");
  cmd->add_option("--tolerance", a->tolerances, "KPI=AMOUNT allowed worsening against the baseline: 2% or 0.01");
  cmd->add_option("--promises", a->options.promises, "Promise case file (checked without simulating)");
  cmd->callback([a, &action] { action = [a] { return check(*a); }; });
}

}  // namespace milkrun::cli
