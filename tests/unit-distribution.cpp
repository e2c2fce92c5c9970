// Random quantities (SPEC §1): the mean of a draw taken as a count, E[max(1, round(X))], which
// sets the mean lines per order of R40 and so the order rate.
#include <doctest/doctest.h>

#include <milkrun/distribution.hpp>
#include "random/logs_ahead.hpp"
#include "random/rng.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>
#include <vector>

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

namespace {

/// E[max(1, round(X))] as 1 + sum over k >= 1 of P(X >= k + 1/2), every term summed until
/// they vanish: the plain sum mean_count once made, with std::erfc survival functions, slow
/// for a wide law but independent of mean_count's integrated tail.
template <class Above>
double count_by_terms(Above&& above, double mean) {
  double sum = 1;
  for (double x = 1.5;; x += 1) {
    const double term = above(x);
    sum += term;
    if (term < 1e-17 && x > mean) return sum;
  }
}

double seconds_of(const Distribution& d, double& value) {
  const auto start = std::chrono::steady_clock::now();
  value = d.mean_count();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("a wide count's far tail, taken at once, matches the sum of every term") {
  // An exponential of mean 1e5 and a gamma that is an exponential of mean 1000, against the
  // geometric series of the first case above.
  for (const double m : {1e5, 1000.0}) {
    const double series = 1 + std::exp(-1.5 / m) / (1 - std::exp(-1 / m));
    CHECK(law(DistKind::exponential, m).mean_count() == doctest::Approx(series).epsilon(1e-10));
    CHECK(law(DistKind::gamma, m, m).mean_count() == doctest::Approx(series).epsilon(1e-10));
  }
  // A lognormal of mean 1000 and sd 1000 (terms until about 8e5), a normal of sd 1e5 truncated
  // at 0 (about 9e5 terms) and one centred below 0.
  const double s2 = std::log1p(1.0), mu = std::log(1000.0) - s2 / 2;
  const auto lognormal = [&](double x) { return 0.5 * std::erfc((std::log(x) - mu) / std::sqrt(2 * s2)); };
  CHECK(law(DistKind::lognormal, 1000, 1000).mean_count() ==
        doctest::Approx(count_by_terms(lognormal, 1000)).epsilon(1e-10));
  for (const double a : {0.0, -2e4}) {
    const double b = 1e5, kept = 0.5 * std::erfc(-a / (b * std::sqrt(2.0)));
    const auto normal = [&](double x) { return 0.5 * std::erfc((x - a) / (b * std::sqrt(2.0))) / kept; };
    CHECK(law(DistKind::normal, a, b).mean_count() == doctest::Approx(count_by_terms(normal, a)).epsilon(1e-10));
  }
}

TEST_CASE("a heavy-tailed count takes milliseconds, and rounding moves the mean by at most a half") {
  // A lognormal of sd 1e6 reaches 1e13 before its terms vanish: one by one, 21 s. Rounding
  // moves each draw by at most 1/2, and taking at least 1 adds at most P(X < 1/2).
  const double s2 = std::log1p(1e12 / 1e6), mu = std::log(1000.0) - s2 / 2;
  const double below_half = 0.5 * std::erfc(-(std::log(0.5) - mu) / std::sqrt(2 * s2));
  struct Case {
    Distribution d;
    double below_half;
  };
  for (const Case& c : {Case{law(DistKind::lognormal, 1000, 1e6), below_half}, Case{law(DistKind::gamma, 5, 1000), 1},
                        Case{law(DistKind::lognormal, 1, 1000), 1}}) {
    double value = 0;
    const double seconds = seconds_of(c.d, value);
    INFO("kind ", static_cast<int>(c.d.kind), " mean ", c.d.a, " sd ", c.d.b, ": ", value, " in ", seconds, " s");
    CHECK(seconds < 0.1);
    CHECK(value >= c.d.a - 0.5);
    CHECK(value <= c.d.a + 0.5 + c.below_half);
  }
}

TEST_CASE("a uniform count's closed form matches the sum of its terms") {
  for (const auto& [lo, hi] : {std::pair{0.0, 1000.0}, {3.2, 7.9}, {0.4, 0.45}, {12.5, 13.5}, {0.0, 0.3}}) {
    const auto above = [&](double x) { return x <= lo ? 1.0 : x >= hi ? 0.0 : (hi - x) / (hi - lo); };
    CHECK(law(DistKind::uniform, lo, hi).mean_count() == doctest::Approx(count_by_terms(above, hi)).epsilon(1e-12));
  }
}

TEST_CASE("round_half_away is std::llround, value for value") {
  // Halves both ways, the largest double below one half, values around 2^52 and 2^53 (whole
  // already), negatives, and a sweep of random doubles of every magnitude the engine rounds.
  std::vector<double> xs = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                            1e-300, -1e-300, 4503599627370495.5, -4503599627370495.5, 0x1p52, 0x1p52 + 1, 0x1p53 + 2,
                            -0x1p53, 1e18, -1e18, 7.0, 1234.4999999, 1234.5000001};
  Rng rng(42);
  for (int i = 0; i < 200000; ++i) {
    const double mantissa = rng.uniform() * 2 - 1;
    const int exponent = static_cast<int>(rng() % 70) - 10;
    xs.push_back(std::ldexp(mantissa, exponent));
    xs.push_back(std::floor(std::ldexp(mantissa, exponent)) + 0.5);  // exact halves
  }
  for (double x : xs) REQUIRE_MESSAGE(round_half_away(x) == std::llround(x), x);
}

TEST_CASE("the inline draws are the library's: constant and exponential, stream for stream") {
  const Distribution e = law(DistKind::exponential, 240), c = law(DistKind::constant, 20);
  for (std::uint64_t k = 0; k < 1000; ++k) {
    Rng a(k), b(k);
    CHECK(e.sample(a) == e.sample_law(b));
    CHECK(a() == b());  // the same uniforms consumed
    CHECK(c.sample(a) == 20);
    CHECK(a() == b());
  }
}

TEST_CASE("logs taken a block ahead are the draws' own logs, in order, late, or after a jump") {
  const StreamFamily family(7, 2, Purpose::service);
  const auto own = [&](std::uint64_t k) { return std::log(family.at(k).uniform_pos()); };
  LogsAhead ahead(family);
  for (std::uint64_t k = 0; k < 200; ++k) REQUIRE(ahead.log_uniform(k) == own(k));  // three blocks and more
  CHECK(ahead.log_uniform(3) == own(3));         // a late counter, computed on its own
  CHECK(ahead.log_uniform(150) == own(150));     // within the block again
  CHECK(ahead.log_uniform(100000) == own(100000));  // a jump starts a block there
  CHECK(ahead.log_uniform(100063) == own(100063));
  CHECK(ahead.log_uniform(100064) == own(100064));
  CHECK(ahead.log_uniform(99999) == own(99999));
  // As the engine uses it: an exponential draw of mean a from stream k.
  const Distribution e = law(DistKind::exponential, 240);
  Rng r = family.at(100064);
  CHECK(-e.a * ahead.log_uniform(100064) == e.sample(r));
}

TEST_CASE("a prepared draw is the law's own draw, value for value and uniform for uniform") {
  std::vector<Distribution> laws = {law(DistKind::lognormal, 3, 4), law(DistKind::lognormal, 25, 30), law(DistKind::lognormal, 5, 0),
                                    law(DistKind::exponential, 240), law(DistKind::constant, 7), law(DistKind::normal, 10, 2)};
  Distribution d;
  d.kind = DistKind::discrete;
  d.values = {1, 2, 3};
  d.weights = {0.8, 0.15, 0.05};
  laws.push_back(d);
  for (const Distribution& l : laws) {
    const PreparedDraw prepared(l);
    for (std::uint64_t k = 0; k < 2000; ++k) {
      Rng a(k), b(k);
      REQUIRE(prepared.sample(a) == l.sample(b));
      REQUIRE(a() == b());
    }
  }
}
