// Random quantities of SPEC §1: a constant or one of the named distributions.
#pragma once
#include <cstdint>
#include <vector>

namespace milkrun {

class Rng;

enum class DistKind : std::uint8_t {
  constant, exponential, normal, lognormal, gamma, uniform, triangular, discrete, bernoulli, poisson
};

/// A random quantity. Durations are held in seconds; counts and plain numbers as given.
/// Parameters: constant(a); exponential(mean=a); normal, lognormal, gamma(mean=a, sd=b);
/// uniform(min=a, max=b); triangular(min=a, mode=b, max=c); bernoulli(p=a); poisson(mean=a);
/// discrete(values, weights).
struct Distribution {
  DistKind kind = DistKind::constant;
  double a = 0, b = 0, c = 0;
  std::vector<double> values, weights;

  static Distribution constant_of(double v) { return Distribution{DistKind::constant, v, 0, 0, {}, {}}; }
  bool is_constant() const { return kind == DistKind::constant; }
  /// The variable's own mean (normal: of the untruncated law).
  double mean() const;
  /// The mean of a draw rounded to a whole number and taken at least 1 (SPEC R40: lines per
  /// order), E[max(1, round(X))]: an order's mean number of lines, which a Poisson(1.5) law
  /// puts at 1.72, not 1.5.
  double mean_count() const;
  /// One draw; the number of uniforms consumed depends on the kind. Defined inline in the
  /// engine's random header (sim/random/rng.hpp), which every caller needs for the Rng.
  inline double sample(Rng& rng) const;
  /// The same for any kind, out of line (sample's slow path).
  double sample_law(Rng& rng) const;
  /// Smallest value the law can produce (for validation: negative durations are errors).
  double lower_bound() const;
};

/// Draws of one law with what it computes from its parameters alone computed once: a
/// catalog of a million SKUs draws three lognormals each, and their log1p, log and sqrt of
/// mean and sd were half of that. The same values as the law's own `sample`, from the same
/// uniforms.
class PreparedDraw {
 public:
  explicit PreparedDraw(const Distribution& law);
  double sample(Rng& rng) const;

 private:
  Distribution law_;
  bool lognormal_ = false;
  double mu_ = 0, sigma_ = 0;  ///< of the lognormal's log
};

}  // namespace milkrun
