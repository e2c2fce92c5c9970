// `milkrun run`: simulate a scenario and write summary.json, daily.csv, skus.csv
// (and orders.csv with --orders) into the run's directory.
#include <milkrun/check/baseline.hpp>
#include <milkrun/engine/replication.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/out_folder.hpp>
#include <milkrun/output/output.hpp>
#include "experiment/parallel.hpp"
#include <milkrun/input/scenario_io.hpp>

#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace milkrun::cli {
namespace {

struct RunOptions {
  std::string scenario;
  ExperimentOptions experiment;
  std::vector<std::string> sets;
  bool orders = false;
  std::string save_baseline;
  std::string precision;
  int max_replications = 200;
  bool progress = false;
  bool timings = false;
};

/// The process's peak resident memory so far, in MB (Linux reports KiB).
double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// Seconds since `from` on the steady clock.
double seconds_since(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

int run(const RunOptions& o) {
  const auto began = std::chrono::steady_clock::now();
  const std::vector<Override> overrides = parse_overrides(o.sets);
  const std::optional<PrecisionTarget> precision =
      o.precision.empty() ? std::nullopt : std::optional(parse_precision(o.precision, o.max_replications));
  // The model is built while the milk-run plans are checked (the build waits for the plans it
  // needs); the scenario is only whole, with its warnings, once the check has ended.
  ScenarioLoading loading = load_scenario_planning_aside(o.scenario, overrides);
  const double parse_seconds = seconds_since(began);
  std::optional<Model> built;
  std::exception_ptr build_failed;
  try {
    built.emplace(build_model(loading.scenario()));
  } catch (...) {  // a plan the check finds wrong fails the build too: the check's words come first
    build_failed = std::current_exception();
  }
  Scenario& sc = loading.finish();
  if (build_failed) std::rethrow_exception(build_failed);
  const Model model = std::move(*built);
  print_warnings(sc);
  const RunSettings run = resolve(o.experiment, sc);
  // The outputs are checked before any simulating, and written into a temporary folder that
  // takes the target's place only once every file is whole (SPEC §12). Only rank 0 writes.
  const std::filesystem::path dir = output_dir(o.experiment, sc.name);
  std::optional<OutFolder> out;
  if (is_output_rank()) {
    out.emplace(dir);
    if (!o.save_baseline.empty()) check_output_file(baseline_file(o.save_baseline));
  }
  // The model holds what the run needs of each SKU, and the outputs read the scenario's name,
  // expectations and places, not its SKUs: a million of those are 200 MB that the engine's
  // arrays can have instead of memory touched for the first time.
  std::vector<SkuSpec>().swap(sc.skus);
  const double load_seconds = seconds_since(began);
  const auto simulating = std::chrono::steady_clock::now();
  ProgressBar bar(o.progress);
  // --orders: the rows stream to disk, beside the output, as the replications make them.
  std::optional<OrderRows> orders;
  if (o.orders) orders.emplace(model, out ? out->dir() : dir);
  // Under mpirun the replications are spread over the ranks; only rank 0 writes.
  const auto results =
      precision ? (orders ? run_until_precise(model, run.replications, *precision, run.seed, run.threads, *orders, bar.observer())
                          : run_until_precise(model, run.replications, *precision, run.seed, run.threads, false, bar.observer()))
      : orders ? run_replications(model, 0, run.replications, run.seed, run.threads, *orders, bar.observer())
               : run_replications(model, 0, run.replications, run.seed, run.threads, false, bar.observer());
  bar.finish();
  const double simulate_seconds = seconds_since(simulating);
  if (!is_output_rank()) return 0;
  const int reps = static_cast<int>(results.size());
  const auto writing = std::chrono::steady_clock::now();

  const RunSummary summary =
      write_run_outputs(out->dir(), RunResults{sc, model, run.seed, results}, orders ? &*orders : nullptr);
  out->commit();
  if (!o.save_baseline.empty()) save_baseline(o.save_baseline, sc, summary);
  if (o.timings) {  // for benchmarks: on stderr, so stdout and the files stay the same bytes
    std::uint64_t arrivals = 0, events = 0;
    for (const ReplicationResult& r : results) {
      arrivals += r.arrivals;
      events += r.events;
    }
    std::cerr << "timings: {\"load_s\": " << load_seconds << ", \"parse_s\": " << parse_seconds
              << ", \"build_s\": " << load_seconds - parse_seconds << ", \"simulate_s\": " << simulate_seconds
              << ", \"write_s\": " << seconds_since(writing) << ", \"orders\": " << arrivals << ", \"events\": " << events
              << ", \"peak_rss_mb\": " << peak_rss_mb() << "}\n";
  }
  std::cout << sc.name << ": " << reps << " replication" << (reps == 1 ? "" : "s") << ", seed " << run.seed << "\n"
            << kpi_table(summary) << "wrote " << dir.string() << "\n";
  if (precision) {
    const std::optional<double> h = half_width(results, precision->kpi);
    const bool met = h && *h <= precision->half_width;
    std::cout << "precision: " << kKpis[precision->kpi].key << " 95% CI half-width "
              << (h ? format_shortest(*h) : std::string("undefined")) << (met ? " <= " : " > ") << format_shortest(precision->half_width)
              << (met ? "" : " (stopped at --max-replications)") << "\n";
  }
  return 0;
}

}  // namespace

void add_run(CLI::App& app, Action& action) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario (the bundled default when none is given)");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file");
  add_out_option(*cmd, o->experiment, "<name>");
  add_run_options(*cmd, o->experiment, "the scenario's");
  add_set_option(*cmd, o->sets);
  add_progress_option(*cmd, o->progress);
  cmd->add_flag("--orders", o->orders, "Also write orders.csv with every measured order");
  cmd->add_flag("--timings", o->timings, "Print seconds spent loading (parsing and validating, building the model), simulating and writing, the orders and events handled and the peak memory, as JSON on stderr");
  cmd->add_option("--save-baseline", o->save_baseline, "Also store a baseline in DIR for `check --baseline DIR`");
  cmd->add_option("--precision", o->precision, "KPI=HALFWIDTH: add replications until the KPI's 95% CI half-width is at most HALFWIDTH");
  cmd->add_option("--max-replications", o->max_replications, "Most replications --precision may run (default 200)")
      ->check(whole_number(1, kMaxReplications));
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace milkrun::cli
