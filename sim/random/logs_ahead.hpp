// Logs of uniforms, a block of streams at a time. Two draws of every order are exponential
// (the arrival gap, R1, and, in most scenarios, the pick/pack time, R11), and each costs a
// call to `log` whose result the order's next steps wait for. Taken a block ahead, in a loop
// of independent calls, the processor overlaps them, and the order finds its value ready.
// The values are the same doubles the draws took one by one.
#pragma once
#include "random/rng.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace milkrun {

/// std::log of the first `uniform_pos()` of streams `counter` of one family, for counters
/// asked in nearly increasing order; one asked out of order is computed on its own.
class LogsAhead {
 public:
  explicit LogsAhead(StreamFamily family) : family_(family) { fill(0); }

  double log_uniform(std::uint64_t counter) {
    const std::uint64_t i = counter - first_;
    if (i < kBlock) return logs_[i];
    if (counter < first_) return std::log(family_.at(counter).uniform_pos());  // a late one
    fill(counter);
    return logs_[0];
  }

 private:
  static constexpr std::uint64_t kBlock = 64;
  [[gnu::noinline]] void fill(std::uint64_t first) {  // once a block: kept out of its callers
    first_ = first;
    for (std::uint64_t j = 0; j < kBlock; ++j) logs_[j] = std::log(family_.at(first + j).uniform_pos());
  }

  StreamFamily family_;
  std::uint64_t first_ = 0;  ///< the block holds streams first_ .. first_ + kBlock - 1
  std::array<double, kBlock> logs_{};
};

}  // namespace milkrun
