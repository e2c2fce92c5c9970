// Pick/pack stations of one warehouse (SPEC §3.4, R10-R12).
// Stations are identical, so a FIFO queue is computed, not simulated: each order in join
// order takes the earliest-free station at its first open instant. With priority "promise"
// the waiting orders are kept in a heap and started lazily: before each join the pool
// starts every order that could have started up to that instant, which is exact because
// joins reach the pool in time order.
#pragma once
#include <milkrun/types.hpp>

#include <algorithm>
#include <functional>
#include <vector>

namespace milkrun {

/// Free-from instants of a warehouse's stations, as a min-heap.
class StationPool {
 public:
  explicit StationPool(int stations = 1) : free_(static_cast<std::size_t>(stations), SimTime{0}) {}
  SimTime earliest_free() const { return free_.front(); }
  /// The earliest-free station is busy until `until`.
  void occupy_until(SimTime until) {
    std::pop_heap(free_.begin(), free_.end(), std::greater<>());
    free_.back() = until;
    std::push_heap(free_.begin(), free_.end(), std::greater<>());
  }

 private:
  std::vector<SimTime> free_;  // min-heap
};

/// An order waiting under priority "promise": by promised ship time, ties FIFO (R12).
struct WaitingOrder {
  SimTime promised_ship;
  std::uint64_t seq;
  std::uint32_t slot;  ///< where the engine keeps the order
  friend bool operator>(const WaitingOrder& a, const WaitingOrder& b) {
    return a.promised_ship != b.promised_ship ? a.promised_ship > b.promised_ship : a.seq > b.seq;
  }
};

}  // namespace milkrun
