// Defaults of seed, replications, threads and output directory, resolved in one place.
#include <milkrun/experiment/settings.hpp>

#include <algorithm>
#include <thread>

namespace milkrun {

int hardware_threads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

RunSettings resolve(const ExperimentOptions& options, const Scenario& scenario) {
  return RunSettings{options.seed.value_or(scenario.seed), options.replications.value_or(scenario.replications),
                     options.threads};
}

std::filesystem::path output_dir(const ExperimentOptions& options, const std::string& name) {
  return options.out.empty() ? std::filesystem::path("results") / name : std::filesystem::path(options.out);
}

}  // namespace milkrun
