// `milkrun batch SCENARIO...`: many scenarios, their KPI means in batch.csv; a scenario
// that fails is reported and the others still run (exit 1 at the end). batch.csv is rewritten
// whole as each scenario ends, so that `--resume` after a stopped batch runs only the rest.
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/out_folder.hpp>
#include <milkrun/output/output.hpp>
#include "experiment/parallel.hpp"

#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace milkrun::cli {
namespace {

struct BatchOptions {
  std::vector<std::string> scenarios;
  ExperimentOptions experiment;
  bool progress = false;
  bool resume = false;
};

/// The rows of DIR/batch.csv as an earlier batch left them; none without the file.
std::vector<BatchRow> earlier_rows(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return read_batch_csv(text.str());
}

/// How many of `rows` are rows of `earlier` kept as they were.
std::size_t kept(const std::vector<BatchRow>& earlier, const std::vector<BatchRow>& rows) {
  std::size_t n = 0;
  for (const BatchRow& r : rows)
    for (const BatchRow& e : earlier)
      if (r.status == "ok" && e.status == "ok" && r.scenario == e.scenario && r.sha256 == e.sha256 && r.seed == e.seed &&
          r.replications == e.replications) {
        ++n;
        break;
      }
  return n;
}

int batch_into(const BatchOptions& o, const std::filesystem::path& dir);

int batch(const BatchOptions& o) {
  const std::filesystem::path dir = output_dir(o.experiment, "batch");
  std::error_code ec;
  const bool existed = std::filesystem::exists(dir, ec);
  if (is_output_rank()) prepare_output_folder(dir);  // before any work (SPEC §12)
  try {
    return batch_into(o, dir);
  } catch (...) {  // a batch stopped before any scenario ended leaves no folder it made
    if (!existed && is_output_rank()) std::filesystem::remove(dir, ec);  // only if still empty
    throw;
  }
}

int batch_into(const BatchOptions& o, const std::filesystem::path& dir) {
  // The same files run the same way (sha256, seed, replications) keep their rows.
  const std::vector<BatchRow> earlier = o.resume ? earlier_rows(dir / "batch.csv") : std::vector<BatchRow>{};
  for (const std::string& path : o.scenarios) print_warnings_of(path);
  ProgressBar bar(o.progress);
  ExperimentOptions experiment = o.experiment;
  experiment.progress = bar.observer();
  const auto record = [&](const std::vector<BatchRow>& finished) {
    if (is_output_rank()) write_atomically(dir / "batch.csv", batch_csv(finished));
  };
  const std::vector<BatchRow> rows = run_batch(o.scenarios, experiment, earlier, record);
  bar.finish();
  if (!is_output_rank()) return 0;
  write_atomically(dir / "batch.csv", batch_csv(rows));
  std::size_t failed = 0;
  for (const BatchRow& r : rows)
    if (r.status != "ok") {
      ++failed;
      std::cerr << r.scenario << ": failed: " << r.status << '\n';
    }
  std::cout << rows.size() - failed << " of " << rows.size() << " scenarios ran; wrote " << dir.string() << "\n";
  if (o.resume) std::cout << kept(earlier, rows) << " of them kept from the earlier batch.csv\n";
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
  cmd->add_flag("--resume", o->resume,
                "Keep the rows of DIR/batch.csv whose scenario file (sha256), seed and replications are the same, and run the rest");
  cmd->callback([o, &action] { action = [o] { return batch(*o); }; });
}

}  // namespace milkrun::cli
