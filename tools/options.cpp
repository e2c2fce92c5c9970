#include "options.hpp"

#include <milkrun/engine/replication.hpp>

#include <algorithm>
#include <cctype>
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
  add_limit_options(cmd);
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  // Digits, an optional fraction, then an optional K, M, G or T (powers of 1024), optionally
  // followed by "B" or "iB": 2G, 500M, 1.5GiB, 1048576.
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0 || std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '.') > 1) return std::nullopt;
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + i, number);
  if (ec != std::errc() || end != text.data() + i) return std::nullopt;
  std::string unit = text.substr(i);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.ends_with("IB")) unit.resize(unit.size() - 2);
  else if (unit.ends_with("B")) unit.resize(unit.size() - 1);
  constexpr std::pair<const char*, double> kUnits[] = {
      {"", 1}, {"K", 1024.0}, {"M", 1024.0 * 1024}, {"G", 1024.0 * 1024 * 1024}, {"T", 1024.0 * 1024 * 1024 * 1024}};
  for (const auto& [name, size] : kUnits) {
    if (unit != name) continue;
    const double bytes = number * size;
    if (!(bytes >= 1 && bytes < 1.8e19)) return std::nullopt;
    return static_cast<std::uint64_t>(bytes);
  }
  return std::nullopt;
}

void add_limit_options(CLI::App& cmd) {
  // Process-wide, like the flags themselves: every replication the command runs obeys them.
  static RunLimits limits;
  cmd.add_option_function<std::uint64_t>(
         "--max-events",
         [](const std::uint64_t& n) {
           limits.max_events = n;
           set_run_limits(limits);
         },
         "Stop (exit 2, no outputs) when a replication reaches N events")
      ->type_name("N")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max()));
  cmd.add_option_function<std::string>(
         "--max-memory",
         [](const std::string& text) {
           limits.max_memory = *parse_size(text);
           limits.max_memory_text = text;
           set_run_limits(limits);
         },
         "Stop (exit 2, no outputs) when the process's peak memory passes SIZE, e.g. 2G or 500M")
      ->type_name("SIZE")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return parse_size(text) ? std::string()
                                    : "must be a size such as 2G, 500M or 1048576 (bytes), got " + text;
          },
          "", "SIZE"));
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
