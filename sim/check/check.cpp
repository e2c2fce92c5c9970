// `check`: reads every input first, then per scenario judges its expectations, pairs its KPIs
// with a baseline, and quotes promise cases.
#include <milkrun/check/check.hpp>
#include <milkrun/output/expect.hpp>
#include <milkrun/engine/replication.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/output.hpp>

#include "input/json_reader.hpp"

#include <filesystem>

namespace milkrun {
namespace {

/// A scenario with everything it is checked against, read before anything runs.
struct Job {
  Scenario scenario;
  std::optional<Baseline> baseline;
};

/// DIR/baseline.json when it exists, else DIR/<name>/baseline.json (a folder of baselines).
std::filesystem::path find_baseline(const std::filesystem::path& dir, const std::string& name) {
  if (std::filesystem::exists(baseline_file(dir))) return baseline_file(dir);
  const std::filesystem::path per_scenario = baseline_file(dir / name);
  if (std::filesystem::exists(per_scenario)) return per_scenario;
  throw UsageError("--baseline " + dir.string() + ": no baseline.json there nor in " + (dir / name).string() +
                   " (make one with `milkrun run SCENARIO --save-baseline DIR`)");
}

Baseline load_matching_baseline(const std::string& dir, const Scenario& sc) {
  Baseline b = read_baseline(find_baseline(dir, sc.name));
  if (b.scenario != sc.name)
    throw InputError(b.file, "/scenario",
                     "this baseline is of scenario \"" + b.scenario + "\", not \"" + sc.name + "\" (" + sc.file +
                         "); save one for it with `milkrun run " + sc.file + " --save-baseline DIR`");
  return b;
}

std::vector<CheckRow> expect_rows(const Scenario& sc, const RunSummary& summary) {
  std::vector<CheckRow> rows;
  for (const ExpectResult& r : evaluate_all(sc.expect, summary)) {
    CheckRow row;
    row.scenario = sc.name;
    row.kind = CheckKind::expect;
    row.name = r.expectation.name();
    row.value = r.estimate.mean ? Json(*r.estimate.mean) : Json(nullptr);
    if (r.estimate.mean) row.ci95 = r.estimate.ci95;
    row.bound = r.expectation.bound.text();
    row.margin = r.margin;
    row.passed = r.passed;
    row.message = r.message;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<CheckRow> baseline_rows(const Scenario& sc, const Baseline& base, const RunSummary& summary,
                                    const Tolerances& tolerances) {
  std::vector<CheckRow> rows;
  for (const BaselineCheck& c : compare_with_baseline(base, summary, tolerances)) {
    CheckRow row;
    row.scenario = sc.name;
    row.kind = CheckKind::baseline;
    row.name = c.name;
    row.value = c.diff.variant.mean ? Json(*c.diff.variant.mean) : Json(nullptr);
    if (c.diff.diff.mean) row.ci95 = c.diff.diff.ci95;
    row.bound = "baseline " + (c.diff.base.mean ? number_text(*c.diff.base.mean) : std::string("undefined")) +
                ", not worse by more than " + c.tolerance.text();
    row.passed = c.passed;
    row.note = c.verdict;
    row.message = c.message;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string content_note(const Scenario& sc, const Baseline& b) {
  const std::string hash = content_hash(sc);
  std::string note = sc.name + ": compared with the baseline " + b.file + " (milkrun " + b.version + ", seed " +
                     std::to_string(b.seed) + ", " + std::to_string(b.replications) + " replications); ";
  return note + (hash == b.content_hash ? "scenario content unchanged"
                                        : "scenario content CHANGED since the baseline (hash " + b.content_hash + " -> " + hash + ")");
}

/// The options of `job`: paired with its baseline, the baseline's seed and replications give
/// the same random streams.
ExperimentOptions options_for(const Job& job, const CheckOptions& o) {
  ExperimentOptions options = o.experiment;
  if (job.baseline) {
    options.seed = job.baseline->seed;
    options.replications = job.baseline->replications;
  }
  return options;
}

/// Simulates `job` and appends its expectation and baseline rows.
void simulate_and_check(const Job& job, const CheckOptions& o, CheckReport& report) {
  const Scenario& sc = job.scenario;
  const RunSettings run = resolve(options_for(job, o), sc);
  const Model model = build_model(sc);
  const auto results = run_replications(model, 0, run.replications, run.seed, run.threads, false, o.experiment.progress);
  const RunSummary summary = summarize(RunResults{sc, model, run.seed, results});
  for (CheckRow& row : expect_rows(sc, summary)) report.rows.push_back(std::move(row));
  if (!job.baseline) return;
  report.notes.push_back(content_note(sc, *job.baseline));
  for (CheckRow& row : baseline_rows(sc, *job.baseline, summary, o.tolerances)) report.rows.push_back(std::move(row));
}

std::vector<Job> read_jobs(const CheckOptions& o) {
  if (o.scenarios.empty()) throw UsageError("check needs at least one scenario");
  if (!o.baseline.empty() && (o.experiment.seed || o.experiment.replications))
    throw UsageError("--baseline reruns with the baseline's seed and replications; drop --seed and -r");
  std::vector<Job> jobs;
  for (const std::string& path : o.scenarios) {
    Job job{load_scenario(path, o.overrides), std::nullopt};
    if (!o.baseline.empty()) job.baseline = load_matching_baseline(o.baseline, job.scenario);
    if (o.promises.empty() && o.baseline.empty() && job.scenario.expect.empty())
      throw UsageError(path + " has nothing to check: no \"expect\" block (add one, or give --baseline or --promises)");
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace

bool CheckReport::passed() const {
  for (const CheckRow& r : rows)
    if (!r.passed) return false;
  return true;
}

CheckReport run_check(const CheckOptions& o) {
  const std::vector<Job> jobs = read_jobs(o);
  std::vector<PromiseCase> cases;
  if (!o.promises.empty()) cases = read_promise_cases(o.promises);
  // Quote every case on every scenario before simulating, so a bad case is refused at once.
  CheckReport report;
  for (const Job& job : jobs) {
    const Model model = build_model(job.scenario);
    for (const PromiseCase& c : cases) report.rows.push_back(check_promise_case(model, job.scenario.name, c, o.promises));
  }
  const bool simulate = o.promises.empty() || !o.baseline.empty();
  for (const Job& job : jobs) {
    if (simulate) simulate_and_check(job, o, report);
    else if (!job.scenario.expect.empty())
      report.notes.push_back(job.scenario.name + ": --promises checks promise cases only; its " +
                             std::to_string(job.scenario.expect.size()) +
                             " expectations were not simulated (run check without --promises for them)");
  }
  return report;
}

}  // namespace milkrun
