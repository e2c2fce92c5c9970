#include <milkrun/stats.hpp>

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

}  // namespace milkrun
