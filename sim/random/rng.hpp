// Counter-based random streams (STYLE habit 6): a stream is named by
// (seed, replication, purpose, entity, counter) and hashed into a SplitMix64 state,
// so one entity's draws never shift when another entity changes.
#pragma once
#include <milkrun/distribution.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace milkrun {

/// What a stream is for; part of its name.
enum class Purpose : std::uint64_t {
  arrivals = 1, zone, sku, units, prime, service, service_unit, delay, lead_time, ready, transit, catalog,
  lines,  // R40: the number of lines of an order
  travel  // R44: a milk-run leg's travel_time_factor
};

/// SplitMix64 finaliser (Steele, Lea, Flood 2014): a strong 64-bit mixer.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A SplitMix64 stream. Satisfies UniformRandomBitGenerator, so Boost.Random laws can use it.
class Rng {
 public:
  using result_type = std::uint64_t;
  explicit Rng(std::uint64_t state) : state_(state) {}
  /// The stream named by its five parts.
  static Rng of(std::uint64_t seed, std::uint64_t replication, Purpose purpose,
                std::uint64_t entity, std::uint64_t counter);
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  /// Uniform on [0, 1) with 53 bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1]: safe under log.
  double uniform_pos() { return static_cast<double>(((*this)() >> 11) + 1) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

/// The streams of one (seed, replication, purpose, entity): `at(counter)` is one stream.
/// The prefix is hashed once, so per-order streams cost one mix.
class StreamFamily {
 public:
  StreamFamily(std::uint64_t seed, std::uint64_t replication, Purpose purpose, std::uint64_t entity = 0)
      : seed_(seed), replication_(replication), purpose_(purpose), entity_(entity) {
    std::uint64_t h = mix64(seed ^ 0x6d696c6b72756eULL);
    h = mix64(h ^ (replication + 0x9e3779b97f4a7c15ULL));
    h = mix64(h ^ (static_cast<std::uint64_t>(purpose) * 0xd1b54a32d192ed03ULL));
    prefix_ = mix64(h ^ (entity + 0x8cb92ba72f3d8dd7ULL));
  }
  Rng at(std::uint64_t counter) const { return Rng(mix64(prefix_ ^ (counter * 0x9e3779b97f4a7c15ULL))); }
  /// Stream `counter` of another entity of the same seed, replication and purpose (R41: a
  /// split order's other shipments); this family's own when `entity` is its entity.
  Rng at(std::uint64_t counter, std::uint64_t entity) const {
    return entity == entity_ ? at(counter) : StreamFamily(seed_, replication_, purpose_, entity).at(counter);
  }

 private:
  std::uint64_t seed_, replication_;
  Purpose purpose_;
  std::uint64_t entity_;
  std::uint64_t prefix_;
};

/// std::llround (half away from zero), inline: the engine rounds a draw or two per order,
/// and the library call costs more than the rounding. Exact: for |x| < 2^52 the truncation
/// i is exact and so is x - i (Sterbenz), so the half test sees the true fraction; larger
/// magnitudes are whole already, and NaN and the out-of-range go to the library.
inline long long round_half_away(double x) {
  if (!(std::fabs(x) < 0x1p52)) return std::llround(x);
  const long long i = static_cast<long long>(x);
  const double f = x - static_cast<double>(i);
  return i + (f >= 0.5) - (f <= -0.5);
}

/// An exponential draw of mean `mean`, by inversion, from the log of its uniform (LogsAhead
/// takes those logs a block ahead).
inline double exponential_of_log(double mean, double log_uniform) { return -mean * log_uniform; }
/// An exponential draw of mean `mean`, by inversion.
inline double exponential_draw(double mean, Rng& rng) { return exponential_of_log(mean, std::log(rng.uniform_pos())); }

/// A discrete law's draw: the first value whose weight the uniform, scaled to the weights'
/// total, falls under, counting off the weights before it.
inline double discrete_draw(const Distribution& d, Rng& rng) {
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

/// One draw (SPEC §1). The laws the engine draws for every order are inline: constant,
/// exponential and discrete (the units of an order's line, most often); the rest is
/// Distribution::sample_law.
inline double Distribution::sample(Rng& rng) const {
  if (kind == DistKind::exponential) return exponential_draw(a, rng);
  if (kind == DistKind::constant) return a;
  if (kind == DistKind::discrete) return discrete_draw(*this, rng);
  return sample_law(rng);
}

inline Rng Rng::of(std::uint64_t seed, std::uint64_t replication, Purpose purpose, std::uint64_t entity,
                   std::uint64_t counter) {
  return StreamFamily(seed, replication, purpose, entity).at(counter);
}

}  // namespace milkrun
