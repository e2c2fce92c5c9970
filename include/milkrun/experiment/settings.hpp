// The settings every command that simulates shares, and the one place their defaults are
// resolved: seed and replications from the scenario, threads from the machine, the output
// directory under results/.
#pragma once
#include <milkrun/scenario.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace milkrun {

class ProgressObserver;

/// The most replications a run may ask for (SPEC §12), and the most threads per process.
inline constexpr int kMaxReplications = 10'000;
inline constexpr int kMaxThreads = 1'024;

/// One thread per hardware thread of this machine (at least one).
int hardware_threads();

/// What the user asked for; unset values take the defaults of `resolve` and `output_dir`.
struct ExperimentOptions {
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  int threads = hardware_threads();  ///< of each process
  std::string out;                   ///< output directory; empty: under results/
  ProgressObserver* progress = nullptr;  ///< told how far the replications are; none: silent
};

/// The seed, replications and threads a scenario is run with.
struct RunSettings {
  std::uint64_t seed = 0;
  int replications = 0;
  int threads = 1;
};

/// The options' seed and replications, else the scenario's own.
RunSettings resolve(const ExperimentOptions& options, const Scenario& scenario);

/// The options' output directory, else results/<name>.
std::filesystem::path output_dir(const ExperimentOptions& options, const std::string& name);

}  // namespace milkrun
