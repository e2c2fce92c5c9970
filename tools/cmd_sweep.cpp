// `milkrun sweep SCENARIO --vary POINTER=V1,V2,...`: the full grid of variants, one row each
// in sweep.csv, and a linear metamodel of each KPI in metamodel.csv.
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/output/out_folder.hpp>
#include <milkrun/output/output.hpp>
#include "experiment/parallel.hpp"
#include <milkrun/input/scenario_io.hpp>

#include "commands.hpp"
#include "options.hpp"
#include "progress.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace milkrun::cli {
namespace {

struct SweepOptions {
  std::string scenario;
  std::vector<std::string> varies;
  /// The KPIs of the printed grid (sweep.csv always has every KPI).
  std::vector<std::string> show{"on_time_rate", "fill_rate", "stockout_sku_days", "cost.total"};
  ExperimentOptions experiment;
  bool progress = false;
};

void print_metamodels(const Sweep& s, const std::vector<Metamodel>& models) {
  const std::vector<std::string> factors = numeric_factors(s);
  if (models.empty()) {
    std::cout << "no metamodel (it needs a numeric --vary and more variants than coefficients)\n";
    return;
  }
  std::cout << "metamodel: KPI mean = intercept";
  for (const std::string& f : factors) std::cout << " + b·" << f;
  std::cout << " (least squares over the variants)\n";
  for (const Metamodel& m : models) {
    char line[64];
    std::snprintf(line, sizeof line, "%-28s", m.kpi.c_str());
    std::cout << line;
    for (double c : m.fit.coefficients) {
      std::snprintf(line, sizeof line, " %12.5g", c);
      std::cout << line;
    }
    if (m.fit.r2) std::snprintf(line, sizeof line, "   R² %.4f\n", *m.fit.r2);
    else std::snprintf(line, sizeof line, "   R² -\n");
    std::cout << line;
  }
}

/// The sweep's output folder, checked and ready before any work (SPEC §12); none on the
/// ranks that do not write, or when the scenario has problems (run_sweep reports them).
std::optional<OutFolder> output_of(const SweepOptions& o) {
  if (!is_output_rank()) return std::nullopt;
  std::string name;
  try {
    const Scenario sc = load_scenario(o.scenario);
    print_warnings(sc);
    name = sc.name;
  } catch (const InputError&) {
    return std::nullopt;
  }
  return std::optional<OutFolder>(std::in_place, output_dir(o.experiment, name + "-sweep"));
}

int sweep(const SweepOptions& o) {
  std::vector<Vary> varies;
  for (const std::string& v : o.varies) varies.push_back(parse_vary(v));
  std::vector<std::size_t> shown;
  for (const std::string& k : o.show) shown.push_back(kpi_index(k));  // before any simulation
  std::optional<OutFolder> out = output_of(o);
  ProgressBar bar(o.progress);
  ExperimentOptions experiment = o.experiment;
  experiment.progress = bar.observer();
  const Sweep s = run_sweep(o.scenario, varies, experiment);
  bar.finish();
  if (!is_output_rank()) return 0;
  const std::vector<Metamodel> models = sweep_metamodels(s);
  if (!out) throw std::logic_error("sweep ran a scenario it could not read");
  const std::filesystem::path dir = out->target();
  write_atomically(out->dir() / "sweep.csv", sweep_csv(s));
  write_atomically(out->dir() / "metamodel.csv", metamodel_csv(s, models));
  write_atomically(out->dir() / "report.html", sweep_report(s, shown));
  out->commit();
  std::cout << s.scenario << ": " << s.variants.size() << " variants x " << s.replications << " replications, seed "
            << s.seed << "\n";
  std::cout << sweep_table(s, shown) << "\n";
  print_metamodels(s, models);
  std::cout << "wrote " << dir.string() << "\n";
  return 0;
}

}  // namespace

void add_sweep(CLI::App& app, Action& action) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand("sweep", "Run a full grid of variants of a scenario");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required();
  cmd->add_option("--vary", o->varies, "JSON pointer = comma-separated JSON values; several make a grid")->required();
  cmd->add_option("--show", o->show, "KPIs of the printed grid (mean [95% CI] per variant)")
      ->capture_default_str();
  add_out_option(*cmd, o->experiment, "<name>-sweep");
  add_run_options(*cmd, o->experiment, "the scenario's, for every variant");
  add_progress_option(*cmd, o->progress);
  cmd->callback([o, &action] { action = [o] { return sweep(*o); }; });
}

}  // namespace milkrun::cli
