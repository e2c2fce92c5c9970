// `milkrun batch SCENARIO...`: many scenarios, their KPI means in batch.csv; a scenario
// that fails is reported and the others still run (exit 1 at the end).
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/output.hpp>
#include "experiment/parallel.hpp"

#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"

#include <filesystem>
#include <memory>

namespace milkrun::cli {
namespace {

struct BatchOptions {
  std::vector<std::string> scenarios;
  ExperimentOptions experiment;
  bool progress = false;
};

int batch(const BatchOptions& o) {
  for (const std::string& path : o.scenarios) print_warnings_of(path);
  ProgressBar bar(o.progress);
  ExperimentOptions experiment = o.experiment;
  experiment.progress = bar.observer();
  const std::vector<BatchRow> rows = run_batch(o.scenarios, experiment);
  bar.finish();
  if (!is_output_rank()) return 0;
  const std::filesystem::path dir = output_dir(o.experiment, "batch");
  std::filesystem::create_directories(dir);
  write_atomically(dir / "batch.csv", batch_csv(rows));
  std::size_t failed = 0;
  for (const BatchRow& r : rows)
    if (r.status != "ok") {
      ++failed;
      std::cerr << r.scenario << ": failed: " << r.status << '\n';
    }
  std::cout << rows.size() - failed << " of " << rows.size() << " scenarios ran; wrote " << dir.string() << "\n";
  if (failed > 0) throw CheckFailed(std::to_string(failed) + " scenario" + (failed == 1 ? "" : "s") + " failed");
  return 0;
}

}  // namespace

void add_batch(CLI::App& app, Action& action) {
  auto o = std::make_shared<BatchOptions>();
  CLI::App* cmd = app.add_subcommand("batch", "Run many scenarios, one row each in batch.csv");
  cmd->add_option("scenarios", o->scenarios, "Scenario JSON files")->required();
  add_out_option(*cmd, o->experiment, "batch");
  add_run_options(*cmd, o->experiment, "each scenario's own");
  add_progress_option(*cmd, o->progress);
  cmd->callback([o, &action] { action = [o] { return batch(*o); }; });
}

}  // namespace milkrun::cli
