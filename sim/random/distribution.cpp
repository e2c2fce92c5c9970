// Portable draws: only our own arithmetic on SplitMix64 uniforms and Boost.Random laws,
// never std::*_distribution, so a seed gives the same numbers with any standard library.
#include <milkrun/distribution.hpp>
#include "random/rng.hpp"

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <numbers>

namespace milkrun {
namespace {

/// Standard normal by Box-Muller (one of the pair; the stream is per key, so no caching).
double standard_normal(Rng& rng) {
  const double u1 = rng.uniform_pos();
  const double u2 = rng.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double sample_discrete(const Distribution& d, Rng& rng) {
  double total = 0;
  for (double w : d.weights) total += w;
  double u = rng.uniform() * total;
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    if (u < d.weights[i]) return d.values[i];
    u -= d.weights[i];
  }
  // Rounding can leave u just above the last weight: take the last value with weight.
  for (std::size_t i = d.values.size(); i-- > 0;)
    if (d.weights[i] > 0) return d.values[i];
  return d.values.back();
}

/// Triangular by inverse CDF.
double sample_triangular(double lo, double mode, double hi, double u) {
  if (hi <= lo) return lo;
  const double f = (mode - lo) / (hi - lo);
  if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
}

/// A whole count of at least 1 from `x`, as draws are rounded (half away from zero).
double count_of(double x) { return static_cast<double>(std::max<long long>(1, std::llround(x))); }

/// E[max(1, round(X))] of a continuous law with survival function `above(x)` = P(X >= x):
/// 1 + sum over k >= 1 of P(X >= k + 1/2), summed until the terms vanish.
template <class Above>
double mean_count_of(Above&& above, double mean) {
  double sum = 1;
  for (long long k = 1; k < 100000000; ++k) {
    const double term = above(static_cast<double>(k) + 0.5);
    sum += term;
    if (term < 1e-17 && static_cast<double>(k) > mean) break;
  }
  return sum;
}

}  // namespace

double Distribution::mean_count() const {
  namespace bm = boost::math;
  switch (kind) {
    case DistKind::constant: return count_of(a);
    case DistKind::bernoulli: return 1;  // 0 or 1: always one
    case DistKind::poisson: return a + std::exp(-a);  // 0 becomes 1
    case DistKind::discrete: {
      double s = 0, w = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        s += count_of(values[i]) * weights[i];
        w += weights[i];
      }
      return w > 0 ? s / w : 1;
    }
    case DistKind::exponential: {
      if (a <= 0) return 1;
      const bm::exponential_distribution<double> law(1 / a);
      return mean_count_of([&](double x) { return bm::cdf(bm::complement(law, x)); }, a);
    }
    case DistKind::normal: {  // truncated at 0 (R31)
      if (b <= 0) return count_of(std::max(a, 0.0));
      const bm::normal_distribution<double> law(a, b);
      const double kept = bm::cdf(bm::complement(law, 0.0));
      if (kept <= 0) return 1;
      return mean_count_of([&](double x) { return bm::cdf(bm::complement(law, x)) / kept; }, a);
    }
    case DistKind::lognormal: {
      if (b <= 0 || a <= 0) return count_of(a);
      const double s2 = std::log1p((b * b) / (a * a));
      const bm::lognormal_distribution<double> law(std::log(a) - s2 / 2, std::sqrt(s2));
      return mean_count_of([&](double x) { return bm::cdf(bm::complement(law, x)); }, a);
    }
    case DistKind::gamma: {
      if (b <= 0 || a <= 0) return count_of(a);
      const bm::gamma_distribution<double> law((a * a) / (b * b), (b * b) / a);
      return mean_count_of([&](double x) { return bm::cdf(bm::complement(law, x)); }, a);
    }
    case DistKind::uniform: {
      if (b <= a) return count_of(a);
      const bm::uniform_distribution<double> law(a, b);
      return mean_count_of([&](double x) { return x >= b ? 0.0 : bm::cdf(bm::complement(law, std::max(x, a))); }, b);
    }
    case DistKind::triangular: {
      if (c <= a) return count_of(a);
      const bm::triangular_distribution<double> law(a, b, c);
      return mean_count_of([&](double x) { return x >= c ? 0.0 : bm::cdf(bm::complement(law, std::max(x, a))); }, c);
    }
  }
  return count_of(a);
}

double Distribution::mean() const {
  switch (kind) {
    case DistKind::constant: return a;
    case DistKind::exponential: return a;
    case DistKind::normal: return a;
    case DistKind::lognormal: return a;
    case DistKind::gamma: return a;
    case DistKind::uniform: return (a + b) / 2;
    case DistKind::triangular: return (a + b + c) / 3;
    case DistKind::bernoulli: return a;
    case DistKind::poisson: return a;
    case DistKind::discrete: {
      double s = 0, w = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        s += values[i] * weights[i];
        w += weights[i];
      }
      return w > 0 ? s / w : 0;
    }
  }
  return a;
}

double Distribution::lower_bound() const {
  switch (kind) {
    case DistKind::constant: return a;
    case DistKind::uniform: return a;
    case DistKind::triangular: return a;
    case DistKind::discrete: {
      std::optional<double> lo;  // only values that can be drawn count
      for (std::size_t i = 0; i < values.size(); ++i)
        if (weights[i] > 0 && (!lo || values[i] < *lo)) lo = values[i];
      return lo.value_or(0);
    }
    default: return 0;  // exponential, lognormal, gamma, bernoulli, poisson; normal truncated at 0
  }
}

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case DistKind::constant: return a;
    case DistKind::exponential: return -a * std::log(rng.uniform_pos());
    case DistKind::normal: {
      // "Truncated at 0" (R31): redraw until non-negative; sd = 0 is the constant.
      if (b <= 0) return std::max(a, 0.0);
      for (int i = 0; i < 1000; ++i) {
        const double x = a + b * standard_normal(rng);
        if (x >= 0) return x;
      }
      return 0;  // mean far below zero: the law is all but a point mass at 0
    }
    case DistKind::lognormal: {
      // R31: mean and sd are the variable's own.
      if (b <= 0) return a;
      const double s2 = std::log1p((b * b) / (a * a));
      const double mu = std::log(a) - s2 / 2;
      return std::exp(mu + std::sqrt(s2) * standard_normal(rng));
    }
    case DistKind::gamma: {
      if (b <= 0) return a;
      const double shape = (a * a) / (b * b), scale = (b * b) / a;
      boost::random::gamma_distribution<double> law(shape, scale);
      return law(rng);
    }
    case DistKind::uniform: return a + (b - a) * rng.uniform();
    case DistKind::triangular: return sample_triangular(a, b, c, rng.uniform());
    case DistKind::discrete: return sample_discrete(*this, rng);
    case DistKind::bernoulli: return rng.uniform() < a ? 1.0 : 0.0;
    case DistKind::poisson: {
      if (a <= 0) return 0;
      boost::random::poisson_distribution<long, double> law(a);
      return static_cast<double>(law(rng));
    }
  }
  return a;
}

}  // namespace milkrun
