// Portable draws: only our own arithmetic on SplitMix64 uniforms and Boost.Random laws,
// never std::*_distribution, so a seed gives the same numbers with any standard library.
#include <milkrun/distribution.hpp>
#include "random/rng.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/special_functions/gamma.hpp>
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

/// R31: a lognormal's mean and sd are the variable's own; these are its log's.
struct LognormalLog {
  double mu, sigma;
};
LognormalLog lognormal_log(double mean, double sd) {
  const double s2 = std::log1p((sd * sd) / (mean * mean));
  return {std::log(mean) - s2 / 2, std::sqrt(s2)};
}
double lognormal_draw(const LognormalLog& log, Rng& rng) { return std::exp(log.mu + log.sigma * standard_normal(rng)); }

/// Triangular by inverse CDF.
double sample_triangular(double lo, double mode, double hi, double u) {
  if (hi <= lo) return lo;
  const double f = (mode - lo) / (hi - lo);
  if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
}

/// A whole count of at least 1 from `x`, as draws are rounded (half away from zero).
double count_of(double x) { return static_cast<double>(std::max<long long>(1, std::llround(x))); }

/// Terms of mean_count_of's sum taken one by one at least, before the rest is integrated.
constexpr long long kExactTerms = 1 << 14;

/// E[max(1, round(X))] of a continuous law with survival function `above(x)` = P(X >= x):
/// 1 + sum over k >= 1 of P(X >= k + 1/2). The terms are summed one by one until they vanish,
/// or past kExactTerms and twice the mean, where a heavy tail (a lognormal of sd 1e6 reaches
/// 1e13) is taken at once: the rest is the midpoint rule over [L, inf), L = k + 1, so it is
/// E[(X - L)+] (`excess`) minus f(L)/24 (`density`), its Euler-Maclaurin correction. Out there
/// the density of these laws barely changes over one unit: the next correction,
/// 7 f''(L)/5760, is below 1e-15.
template <class Above, class Density, class Excess>
double mean_count_of(Above&& above, Density&& density, Excess&& excess, double mean) {
  const double exact = std::max(static_cast<double>(kExactTerms), 2 * mean);
  double sum = 1;
  for (long long k = 1;; ++k) {
    const double x = static_cast<double>(k);
    const double term = above(x + 0.5);
    sum += term;
    if (term < 1e-17 && x > mean) return sum;
    if (x >= exact) return sum + excess(x + 1) - density(x + 1) / 24;
  }
}

/// E[(X - L)+] of a law with mean `mean` whose upper tails P(X > L) and, for the size-biased
/// law, P(X* > L) are given: E[X; X > L] - L P(X > L) = mean P(X* > L) - L P(X > L).
double excess_of(double mean, double biased_above, double above, double level) {
  return std::max(0.0, mean * biased_above - level * above);
}

/// The uniform law's sum in closed form: P(X >= k + 1/2) is 1 up to `lo`, then falls in a
/// straight line to 0 at `hi` (lo < hi), an arithmetic series.
double uniform_count(double lo, double hi) {
  const double ones = std::max(0.0, std::floor(lo - 0.5));  // k + 1/2 <= lo
  const double first = ones + 1, last = std::ceil(hi - 0.5) - 1;  // lo < k + 1/2 < hi
  const double n = std::max(0.0, last - first + 1);
  const double ks = (first + last) * n / 2;
  return 1 + ones + (n * (hi - 0.5) - ks) / (hi - lo);
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
      const auto above = [&](double x) { return std::exp(-x / a); };
      return mean_count_of(above, [&](double x) { return above(x) / a; }, [&](double x) { return a * above(x); }, a);
    }
    case DistKind::normal: {  // truncated at 0 (R31)
      if (b <= 0) return count_of(std::max(a, 0.0));
      const bm::normal_distribution<double> law(a, b), unit;
      const double kept = bm::cdf(bm::complement(law, 0.0));
      if (kept <= 0) return 1;
      const auto above = [&](double x) { return bm::cdf(bm::complement(law, x)) / kept; };
      const auto density = [&](double x) { return bm::pdf(law, x) / kept; };
      // E[(X - L)+] = b φ(z) - (L - a) Q(z), z = (L - a) / b, of the law kept above 0.
      const auto excess = [&](double x) {
        const double z = (x - a) / b;
        return std::max(0.0, b * bm::pdf(unit, z) - (x - a) * bm::cdf(bm::complement(unit, z))) / kept;
      };
      return mean_count_of(above, density, excess, a);
    }
    case DistKind::lognormal: {
      if (b <= 0 || a <= 0) return count_of(a);
      const auto [mu, s] = lognormal_log(a, b);
      const bm::lognormal_distribution<double> law(mu, s);
      const bm::normal_distribution<double> unit;
      const auto above = [&](double x) { return bm::cdf(bm::complement(law, x)); };
      const auto density = [&](double x) { return bm::pdf(law, x); };
      const auto excess = [&](double x) {  // the size-biased law is lognormal(mu + s², s)
        const double z = (std::log(x) - mu) / s;
        return excess_of(a, bm::cdf(bm::complement(unit, z - s)), bm::cdf(bm::complement(unit, z)), x);
      };
      return mean_count_of(above, density, excess, a);
    }
    case DistKind::gamma: {
      if (b <= 0 || a <= 0) return count_of(a);
      const double shape = (a * a) / (b * b), scale = (b * b) / a;
      const bm::gamma_distribution<double> law(shape, scale);
      const auto above = [&](double x) { return bm::cdf(bm::complement(law, x)); };
      const auto density = [&](double x) { return bm::pdf(law, x); };
      const auto excess = [&](double x) {  // the size-biased law is gamma(shape + 1, scale)
        return excess_of(a, bm::gamma_q(shape + 1, x / scale), bm::gamma_q(shape, x / scale), x);
      };
      return mean_count_of(above, density, excess, a);
    }
    case DistKind::uniform: return b <= a ? count_of(a) : uniform_count(a, b);
    case DistKind::triangular: {  // bounded: one term per whole count up to its max
      if (c <= a) return count_of(a);
      const bm::triangular_distribution<double> law(a, b, c);
      double sum = 1;
      for (double x = 1.5; x < c; x += 1) sum += bm::cdf(bm::complement(law, std::max(x, a)));
      return sum;
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

double Distribution::sample_law(Rng& rng) const {
  switch (kind) {
    case DistKind::constant: return a;
    case DistKind::exponential: return exponential_draw(a, rng);
    case DistKind::normal: {
      // "Truncated at 0" (R31): redraw until non-negative; sd = 0 is the constant.
      if (b <= 0) return std::max(a, 0.0);
      for (int i = 0; i < 1000; ++i) {
        const double x = a + b * standard_normal(rng);
        if (x >= 0) return x;
      }
      return 0;  // mean far below zero: the law is all but a point mass at 0
    }
    case DistKind::lognormal: return b <= 0 ? a : lognormal_draw(lognormal_log(a, b), rng);
    case DistKind::gamma: {
      if (b <= 0) return a;
      const double shape = (a * a) / (b * b), scale = (b * b) / a;
      boost::random::gamma_distribution<double> law(shape, scale);
      return law(rng);
    }
    case DistKind::uniform: return a + (b - a) * rng.uniform();
    case DistKind::triangular: return sample_triangular(a, b, c, rng.uniform());
    case DistKind::discrete: return discrete_draw(*this, rng);
    case DistKind::bernoulli: return rng.uniform() < a ? 1.0 : 0.0;
    case DistKind::poisson: {
      if (a <= 0) return 0;
      boost::random::poisson_distribution<long, double> law(a);
      return static_cast<double>(law(rng));
    }
  }
  return a;
}

PreparedDraw::PreparedDraw(const Distribution& law) : law_(law) {
  if (law.kind == DistKind::lognormal && law.b > 0) {
    const LognormalLog log = lognormal_log(law.a, law.b);
    lognormal_ = true, mu_ = log.mu, sigma_ = log.sigma;
  }
}

double PreparedDraw::sample(Rng& rng) const { return lognormal_ ? lognormal_draw({mu_, sigma_}, rng) : law_.sample(rng); }

}  // namespace milkrun
