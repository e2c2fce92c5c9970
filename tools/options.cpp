#include "options.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

namespace milkrun::cli {

const CLI::Validator kNonEmpty(
    [](const std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); }, "",
    "NON-EMPTY");

CLI::Validator whole_number(std::uint64_t low, std::uint64_t high) {
  const std::string range = "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  return CLI::Validator(
      [=](const std::string& text) {
        // Digits only: CLI11 would read "-1" into an unsigned seed as 2^64 - 1.
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() && v >= low && v <= high;
        return ok ? std::string() : "must be " + range + ", got " + text;
      },
      "", "WHOLE NUMBER");
}

void add_run_options(CLI::App& cmd, ExperimentOptions& o, const std::string& defaults) {
  cmd.add_option("--seed", o.seed, "Seed (default: " + defaults + ")")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd.add_option("-r,--replications", o.replications, "Replications (default: " + defaults + ")")
      ->check(whole_number(1, kMaxReplications));  // SPEC §12
  cmd.add_option("-j,--jobs", o.threads, "Replications run in parallel threads")->check(whole_number(1, kMaxThreads));
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
