// Random quantities (SPEC §1): the mean of a draw taken as a count, E[max(1, round(X))], which
// sets the mean lines per order of R40 and so the order rate.
#include <doctest/doctest.h>

#include <milkrun/distribution.hpp>

#include <algorithm>
#include <cmath>

using namespace milkrun;

namespace {

Distribution law(DistKind kind, double a, double b = 0) { return Distribution{kind, a, b, 0, {}, {}}; }

/// E[max(1, round(X))] of an exponential law by the midpoint rule over a fine grid of its
/// density, independent of mean_count's survival-function sum. The grid puts the rounding
/// steps (k + 1/2) on cell boundaries, so each cell's integrand is smooth.
double exponential_count_by_grid(double mean) {
  const double h = 1.0 / 8192, end = 60 * mean;
  double sum = 0;
  for (double lo = 0; lo < end; lo += h) {
    const double x = lo + h / 2;
    const double count = std::max(1.0, std::round(x));
    sum += count * std::exp(-x / mean) / mean * h;
  }
  return sum;
}

}  // namespace

TEST_CASE("a constant count is rounded and taken at least 1") {
  CHECK(Distribution::constant_of(3).mean_count() == doctest::Approx(3).epsilon(1e-9));
  CHECK(Distribution::constant_of(0.2).mean_count() == doctest::Approx(1).epsilon(1e-9));
  CHECK(Distribution::constant_of(2.6).mean_count() == doctest::Approx(3).epsilon(1e-9));
}

TEST_CASE("a discrete count averages its rounded values by weight") {
  Distribution d;
  d.kind = DistKind::discrete;
  d.values = {1, 2, 3};
  d.weights = {1, 1, 2};
  CHECK(d.mean_count() == doctest::Approx(2.25).epsilon(1e-9));  // (1 + 2 + 2·3) / 4
}

TEST_CASE("a Poisson count turns its zeros into ones") {
  CHECK(law(DistKind::poisson, 1.5).mean_count() == doctest::Approx(1.5 + std::exp(-1.5)).epsilon(1e-9));
  CHECK(law(DistKind::poisson, 1.5).mean_count() == doctest::Approx(1.7231).epsilon(1e-4));
}

TEST_CASE("a uniform count: [0.5, 1.5) rounds to 1, [1.5, 2.5) to 2, [2.5, 3.5) to 3") {
  CHECK(law(DistKind::uniform, 0.5, 3.5).mean_count() == doctest::Approx(2).epsilon(1e-9));
  // Below 0.5 a draw rounds to 0 and is taken as 1: in sixths of [0, 3), one sixth is that 1,
  // two sixths round to 1, two to 2 and the last sixth to 3.
  CHECK(law(DistKind::uniform, 0, 3).mean_count() ==
        doctest::Approx((1 * 1 + 2 * 1 + 2 * 2 + 1 * 3) / 6.0).epsilon(1e-9));
}

TEST_CASE("an exponential count matches a numeric integral of its density") {
  const double by_grid = exponential_count_by_grid(2);
  CHECK(law(DistKind::exponential, 2).mean_count() == doctest::Approx(by_grid).epsilon(1e-9));
  // The grid itself against the closed form 1 + sum over k >= 1 of P(X >= k + 1/2),
  // a geometric series: 1 + e^-0.75 / (1 - e^-0.5) = 2.2005..., not the mean 2.
  CHECK(by_grid == doctest::Approx(1 + std::exp(-0.75) / (1 - std::exp(-0.5))).epsilon(1e-9));
}
