#include <milkrun/output/stats.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <cmath>

namespace milkrun {

double t975(int dof) {
  boost::math::students_t law(static_cast<double>(dof));
  return boost::math::quantile(law, 0.975);
}

Estimate estimate(const std::vector<std::optional<double>>& values) {
  Estimate e;
  double sum = 0;
  for (const auto& v : values)
    if (v) {
      sum += *v;
      ++e.n;
    }
  if (e.n == 0) return e;
  const double mean = sum / e.n;
  e.mean = mean;
  e.ci95 = {mean, mean};
  if (e.n < 2) return e;
  double ss = 0;
  for (const auto& v : values)
    if (v) ss += (*v - mean) * (*v - mean);
  const double half = t975(e.n - 1) * std::sqrt(ss / (e.n - 1)) / std::sqrt(static_cast<double>(e.n));
  e.ci95 = {mean - half, mean + half};
  return e;
}

PairedDifference paired_difference(const std::vector<std::optional<double>>& base,
                                   const std::vector<std::optional<double>>& variant) {
  PairedDifference d;
  d.base = estimate(base);
  d.variant = estimate(variant);
  std::vector<std::optional<double>> diffs;
  for (std::size_t i = 0; i < std::min(base.size(), variant.size()); ++i)
    if (base[i] && variant[i]) diffs.push_back(*variant[i] - *base[i]);
  d.diff = estimate(diffs);
  if (d.base.mean && *d.base.mean != 0 && d.diff.mean) d.relative = *d.diff.mean / *d.base.mean;
  // Welch's unpaired interval: what the comparison would cost without common random numbers.
  if (d.base.mean && d.variant.mean) {
    const double mean = *d.variant.mean - *d.base.mean;
    auto var_of_mean = [](const std::vector<std::optional<double>>& xs, double m, int n) {
      double ss = 0;
      for (const auto& x : xs)
        if (x) ss += (*x - m) * (*x - m);
      return n > 1 ? ss / (n - 1) / n : 0.0;
    };
    const double vb = var_of_mean(base, *d.base.mean, d.base.n), vv = var_of_mean(variant, *d.variant.mean, d.variant.n);
    const double se2 = vb + vv;
    double half = 0;
    if (se2 > 0 && d.base.n > 1 && d.variant.n > 1) {
      const double dof = se2 * se2 / (vb * vb / (d.base.n - 1) + vv * vv / (d.variant.n - 1));  // Welch-Satterthwaite
      half = t975(static_cast<int>(std::floor(dof))) * std::sqrt(se2);
    }
    d.unpaired_ci95 = {mean - half, mean + half};
  }
  return d;
}

std::string verdict(const PairedDifference& d, int good) {
  if (!d.diff.mean) return "no significant difference";
  const bool up = d.diff.ci95[0] > 0, down = d.diff.ci95[1] < 0;
  if (!up && !down) return "no significant difference";
  if (good == 0) return up ? "higher" : "lower";
  return (up == (good > 0)) ? "better" : "worse";
}

}  // namespace milkrun
