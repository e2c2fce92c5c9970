// `milkrun batch SCENARIO...`: many scenarios, their KPI means in batch.csv; a scenario
// that fails is reported and the others still run (exit 1 at the end).
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/output.hpp>
#include "experiment/parallel.hpp"

#include "commands.hpp"
#include "options.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace milkrun::cli {
namespace {

struct BatchOptions {
  std::vector<std::string> scenarios;
  ExperimentOptions experiment;
};

/// Progress on stderr: a bar with the ETA on a terminal, a plain line per scenario otherwise.
class ProgressReport {
 public:
  explicit ProgressReport(const std::vector<std::string>& scenarios)
      : scenarios_(scenarios), terminal_(::isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

  void operator()(std::size_t scenario, std::size_t finished) const {
    if (!is_output_rank()) return;
    const std::size_t total = scenarios_.size();
    if (!terminal_) {
      std::fprintf(stderr, "[%zu/%zu] %s done\n", finished, total, scenarios_[scenario].c_str());
      return;
    }
    constexpr int kWidth = 30;
    const double share = static_cast<double>(finished) / static_cast<double>(total);
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double eta = share > 0 ? elapsed * (1 - share) / share : 0;
    const int filled = static_cast<int>(share * kWidth);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu  ETA %.0fs ", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), ' ').c_str(), finished, total, eta);
    if (finished == total) std::fprintf(stderr, "\n");
  }

 private:
  using Clock = std::chrono::steady_clock;
  const std::vector<std::string>& scenarios_;
  bool terminal_;
  Clock::time_point start_;
};

int batch(const BatchOptions& o) {
  for (const std::string& path : o.scenarios) print_warnings_of(path);
  const ProgressReport progress(o.scenarios);
  const std::vector<BatchRow> rows = run_batch(o.scenarios, o.experiment, std::cref(progress));
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
  cmd->callback([o, &action] { action = [o] { return batch(*o); }; });
}

}  // namespace milkrun::cli
