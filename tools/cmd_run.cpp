// `milkrun run`: simulate a scenario and write summary.json, daily.csv, skus.csv
// (and orders.csv with --orders) into the run's directory.
#include <milkrun/engine.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/output.hpp>
#include <milkrun/scenario_io.hpp>

#include "commands.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

namespace milkrun::cli {
namespace {

struct RunOptions {
  std::string scenario, out;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> sets;
  bool orders = false;
};

int run(const RunOptions& o) {
  std::vector<Override> overrides;
  for (const std::string& s : o.sets) overrides.push_back(parse_override(s));
  const Scenario sc = load_scenario(o.scenario, overrides);
  print_warnings(sc);
  const std::uint64_t seed = o.seed.value_or(sc.seed);
  const int reps = o.replications.value_or(sc.replications);
  const Model model = build_model(sc);
  const auto results = simulate_all(model, reps, seed, o.threads, o.orders);

  const std::filesystem::path dir = o.out.empty() ? std::filesystem::path("results") / sc.name : std::filesystem::path(o.out);
  const auto summary = write_run_outputs(dir, RunResults{sc, model, seed, results}, o.orders);
  std::cout << sc.name << ": " << reps << " replication" << (reps == 1 ? "" : "s") << ", seed " << seed << "\n"
            << kpi_table(summary) << "wrote " << dir.string() << "\n";
  return 0;
}

}  // namespace

void add_run(CLI::App& app, Action& action) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario (the bundled default when none is given)");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file");
  cmd->add_option("-o,--out", o->out, "Output directory (default results/<name>/)");
  cmd->add_option("--seed", o->seed, "Seed (default: the scenario's)");
  cmd->add_option("-r,--replications", o->replications, "Replications (default: the scenario's)")->check(CLI::PositiveNumber);
  cmd->add_option("-j,--jobs", o->threads, "Replications run in parallel threads")->check(CLI::PositiveNumber);
  cmd->add_option("--set", o->sets, "Override: JSON pointer = JSON value, e.g. /seed=7");
  cmd->add_flag("--orders", o->orders, "Also write orders.csv with every measured order");
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace milkrun::cli
