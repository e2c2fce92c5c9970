// `milkrun compare BASE VARIANT`: both scenarios with the same random numbers, the paired
// difference of every KPI with its 95% CI and verdict; writes compare.json and compare.csv.
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/out_folder.hpp>
#include <milkrun/output/output.hpp>
#include "experiment/parallel.hpp"
#include <milkrun/input/scenario_io.hpp>

#include "commands.hpp"
#include "known_ids.hpp"
#include "options.hpp"
#include "progress.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace milkrun::cli {
namespace {

struct CompareOptions {
  std::string base, variant;
  std::vector<std::string> sets;  ///< --set, applied to the variant only
  std::optional<std::string> warehouse;
  ExperimentOptions experiment;
  bool progress = false;
};

/// --warehouse must name a warehouse both scenarios have: checked before simulating.
void check_warehouse(const Scenario& base, const Scenario& variant, const std::string& id) {
  std::vector<std::string> both;
  for (const auto& w : base.warehouses)
    for (const auto& v : variant.warehouses)
      if (w.id == v.id) both.push_back(w.id);
  index_of(both, id, "warehouse in both scenarios");
}

int compare(const CompareOptions& o) {
  const Scenario base = load_scenario(o.base);
  const Scenario variant = load_scenario(o.variant, parse_overrides(o.sets));
  if (o.warehouse) check_warehouse(base, variant, *o.warehouse);
  if (is_output_rank()) {
    print_warnings(base);
    print_warnings(variant);
  }
  const std::filesystem::path dir = output_dir(o.experiment, base.name + "-vs-" + variant.name);
  std::optional<OutFolder> out;
  if (is_output_rank()) out.emplace(dir);  // checked before any work (SPEC §12)
  ProgressBar bar(o.progress);
  ExperimentOptions experiment = o.experiment;
  experiment.progress = bar.observer();
  const Model base_model = build_model(base), variant_model = build_model(variant);  // once: the report's map needs them too
  const Comparison c = compare_scenarios(base, base_model, variant, variant_model, experiment);
  bar.finish();
  if (!is_output_rank()) return 0;
  const std::string table = compare_table(c, o.warehouse);
  write_atomically(out->dir() / "compare.json", compare_json(c).dump(2) + "\n");
  write_atomically(out->dir() / "compare.csv", compare_csv(c));
  write_atomically(out->dir() / "report.html", compare_report(c, base, base_model, variant_model));
  out->commit();
  std::cout << c.variant << " vs " << c.base << ": " << c.replications << " paired replications\n"
            << (o.warehouse ? "warehouse " + *o.warehouse + "\n" : "") << table << "wrote " << dir.string() << "\n";
  return 0;
}

}  // namespace

void add_compare(CLI::App& app, Action& action) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "Compare two scenarios under common random numbers");
  cmd->add_option("base", o->base, "Base scenario JSON file")->required();
  cmd->add_option("variant", o->variant, "Variant scenario JSON file")->required();
  add_set_option(*cmd, o->sets, "the variant only");
  cmd->add_option("--warehouse", o->warehouse, "Print this warehouse's table instead of the network's");
  add_out_option(*cmd, o->experiment, "<base>-vs-<variant>");
  add_run_options(*cmd, o->experiment, "the base's, for both");
  add_progress_option(*cmd, o->progress);
  cmd->callback([o, &action] { action = [o] { return compare(*o); }; });
}

}  // namespace milkrun::cli
