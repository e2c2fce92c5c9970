// Statistics across replications: means and Student-t confidence intervals.
#pragma once
#include <array>
#include <optional>
#include <vector>

namespace milkrun {

/// Mean and 95% CI of per-replication values; undefined values (nullopt) are left out.
struct Estimate {
  std::optional<double> mean;
  std::array<double, 2> ci95{0, 0};
  int n = 0;
};

/// Two-sided 95% Student t quantile t_{0.975, dof} (Boost.Math).
double t975(int dof);

/// Mean ± t975(n-1)·s/√n; with one value the CI is [mean, mean].
Estimate estimate(const std::vector<std::optional<double>>& values);

}  // namespace milkrun
