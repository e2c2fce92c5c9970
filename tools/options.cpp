#include "options.hpp"

namespace milkrun::cli {

const CLI::Validator kNonEmpty(
    [](const std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); }, "",
    "NON-EMPTY");

void add_run_options(CLI::App& cmd, ExperimentOptions& o, const std::string& defaults) {
  cmd.add_option("--seed", o.seed, "Seed (default: " + defaults + ")");
  cmd.add_option("-r,--replications", o.replications, "Replications (default: " + defaults + ")")
      ->check(CLI::PositiveNumber);
  cmd.add_option("-j,--jobs", o.threads, "Replications run in parallel threads")->check(CLI::PositiveNumber);
}

void add_out_option(CLI::App& cmd, ExperimentOptions& o, const std::string& default_name) {
  cmd.add_option("-o,--out", o.out, "Output directory (default results/" + default_name + "/)");
}

void add_set_option(CLI::App& cmd, std::vector<std::string>& sets, const std::string& applied_to) {
  cmd.add_option("--set", sets, "Override: JSON pointer = JSON value, e.g. /seed=7, applied to " + applied_to);
}

std::vector<Override> parse_overrides(const std::vector<std::string>& sets) {
  std::vector<Override> out;
  for (const std::string& s : sets) out.push_back(parse_override(s));
  return out;
}

}  // namespace milkrun::cli
