// The options several commands share, each declared once: -r/--replications, -j/--jobs,
// --seed, --max-events, --max-memory, -o/--out and --set.
#pragma once
#include <milkrun/experiment/settings.hpp>
#include <milkrun/input/scenario_io.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace milkrun::cli {

/// For options that name something (--zone, --warehouse, --sku, ...): the commands read ""
/// as "not given", so an empty value is refused rather than silently ignored.
extern const CLI::Validator kNonEmpty;

/// A whole number in [low, high] given as digits only; the error reads "must be a whole number
/// from LOW to HIGH, got TEXT" (SPEC §12: one short line).
CLI::Validator whole_number(std::uint64_t low, std::uint64_t high);

/// --seed, -r/--replications and -j/--jobs into `o`; `defaults` says whose seed and
/// replications apply without them, e.g. "the scenario's".
void add_run_options(CLI::App& cmd, ExperimentOptions& o, const std::string& defaults);

/// --max-events N and --max-memory SIZE (SPEC §12), which set the process's RunLimits as they
/// are parsed; add_run_options adds them.
void add_limit_options(CLI::App& cmd);

/// "2G", "500M", "1.5GiB", "1048576" as bytes (K, M, G, T are powers of 1024); nullopt when
/// it is not a size.
std::optional<std::uint64_t> parse_size(const std::string& text);

/// -o/--out into `o.out`; without it the output goes to results/`default_name`/.
void add_out_option(CLI::App& cmd, ExperimentOptions& o, const std::string& default_name);

/// --set POINTER=VALUE, repeatable; the texts are parsed when the command runs.
void add_set_option(CLI::App& cmd, std::vector<std::string>& sets, const std::string& applied_to = "every scenario");

/// The --set texts as overrides (UsageError for a malformed one).
std::vector<Override> parse_overrides(const std::vector<std::string>& sets);

}  // namespace milkrun::cli
