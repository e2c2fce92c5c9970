// A load in liters and kg: what a stop hands over, what a truck carries, how full it is.
// Both dimensions bind: a truck is full when either is.
#pragma once
#include <algorithm>

namespace milkrun {

struct Load {
  double liters = 0, kg = 0;

  Load& operator+=(const Load& o) {
    liters += o.liters;
    kg += o.kg;
    return *this;
  }
  Load& operator-=(const Load& o) {
    liters -= o.liters;
    kg -= o.kg;
    return *this;
  }
  friend Load operator+(Load a, const Load& b) { return a += b; }
  friend Load operator-(Load a, const Load& b) { return a -= b; }
  friend Load operator*(const Load& a, double k) { return {a.liters * k, a.kg * k}; }
  friend Load operator/(const Load& a, double k) { return {a.liters / k, a.kg / k}; }
  friend bool operator==(const Load& a, const Load& b) = default;

  /// Whether this load fits within `capacity` in both liters and kg.
  bool fits(const Load& capacity) const { return liters <= capacity.liters && kg <= capacity.kg; }
  /// The share of `capacity` this load takes: the larger of its liters and kg shares.
  double utilization(const Load& capacity) const { return std::max(liters / capacity.liters, kg / capacity.kg); }
};

}  // namespace milkrun
