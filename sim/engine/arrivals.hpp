// Order arrivals (R1): a non-homogeneous Poisson process with a rate constant within each
// clock hour, drawn as unit-rate exponential gaps mapped through the cumulative intensity;
// or the recorded arrivals of a replay (R42), the same in every replication.
#pragma once
#include "random/logs_ahead.hpp"
#include "random/rng.hpp"

#include <milkrun/scenario.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

namespace milkrun::engine {

class ArrivalProcess {
 public:
  ArrivalProcess(const std::vector<double>& hourly_orders, StreamFamily family, const ReplayOrders* replay)
      : hourly_(hourly_orders), logs_(family), replay_(replay) {}
  /// The next arrival instant in continuous seconds; false after the horizon.
  bool next(double& out) {
    if (replay_ != nullptr) {
      if (count_ == replay_->size()) return false;
      out = static_cast<double>(replay_->arrival[count_++]);  // whole seconds, exact in a double
      return true;
    }
    double gap = -logs_.log_uniform(count_++);  // a unit-rate exponential gap
    while (hour_ < hourly_.size()) {
      const double rate = hourly_[hour_] / 3600.0;
      const double hour_end = static_cast<double>(hour_ + 1) * 3600.0;
      const double mass = rate * (hour_end - t_);
      if (gap < mass) {
        t_ += gap / rate;
        out = t_;
        return true;
      }
      gap -= mass;
      t_ = hour_end;
      ++hour_;
    }
    return false;
  }

 private:
  const std::vector<double>& hourly_;
  LogsAhead logs_;
  const ReplayOrders* replay_;
  std::uint64_t count_ = 0;
  std::size_t hour_ = 0;
  double t_ = 0;
};

}  // namespace milkrun::engine
