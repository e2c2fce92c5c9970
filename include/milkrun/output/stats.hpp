// Statistics across replications: means and Student-t confidence intervals.
#pragma once
#include <array>
#include <optional>
#include <string>
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

/// Variant − base, paired by replication (common random numbers), for one KPI.
struct PairedDifference {
  Estimate base, variant;
  Estimate diff;                           ///< mean and 95% CI of the paired differences
  std::array<double, 2> unpaired_ci95{0, 0};  ///< Welch CI of variant − base, as if independent
  std::optional<double> relative;          ///< diff mean / base mean, when the base mean is not 0
};

/// Pairs replication i of `base` with replication i of `variant` (both defined).
PairedDifference paired_difference(const std::vector<std::optional<double>>& base,
                                   const std::vector<std::optional<double>>& variant);

/// "better", "worse" or "no significant difference": whether the paired 95% CI excludes 0,
/// judged by the direction in which the KPI is good (+1 higher, -1 lower, 0 neither: a KPI
/// that is neither good nor bad, like `orders`, gets "higher" or "lower" instead).
std::string verdict(const PairedDifference& d, int good);

}  // namespace milkrun
