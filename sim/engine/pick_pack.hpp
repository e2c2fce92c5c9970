// Pick/pack (SPEC §3.4, R10-R12): each warehouse's queue and stations.
// Stations are identical, so a FIFO queue is computed, not simulated: each order in join
// order takes the earliest-free station at its first open instant. With priority "promise"
// the waiting orders are kept in a heap and started lazily: before each join the pool
// starts every order that could have started up to that instant, which is exact because
// joins reach the pool in time order.
#pragma once
#include <milkrun/model/model.hpp>
#include "random/rng.hpp"

#include "engine/job.hpp"
#include "engine/shipping.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

namespace milkrun::engine {

/// Free-from instants of a warehouse's stations, as a min-heap.
class StationPool {
 public:
  explicit StationPool(int stations = 1) : free_(static_cast<std::size_t>(stations), SimTime{0}) {}
  SimTime earliest_free() const { return free_.front(); }
  /// The earliest-free station is busy until `until`: the root takes the new instant and
  /// sinks (one pass, where pop and push would make two; only the set of instants matters).
  void occupy_until(SimTime until) {
    const std::size_t n = free_.size();
    std::size_t i = 0;
    for (std::size_t c = 1; c < n; c = 2 * i + 1) {
      if (c + 1 < n && free_[c + 1] < free_[c]) ++c;
      if (free_[c] >= until) break;
      free_[i] = free_[c];
      i = c;
    }
    free_[i] = until;
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

/// The pick/pack queues and stations of every warehouse.
class PickPack {
 public:
  PickPack(const Model& model, std::uint64_t seed, int replication, JobSlots& jobs, Shipping& shipping);

  /// The job in `slot`, holding all its units, joins its warehouse's queue at `t`.
  void join(std::uint32_t slot, SimTime t);
  /// Starts every order still waiting (the end of a replication).
  void drain();

 private:
  /// Starts, in priority order, every waiting order of `w` that can start by `t`.
  void advance_waiting(WarehouseId w, SimTime t);
  /// The job in `slot` takes the earliest-free station of its warehouse at `s` (R10, R11).
  void start_service(std::uint32_t slot, SimTime s);

  struct Queue {
    StationPool stations;
    std::priority_queue<WaitingOrder, std::vector<WaitingOrder>, std::greater<>> waiting;
    SimTime last_join = 0;
  };
  const Model& m_;
  std::uint64_t seed_, replication_;
  JobSlots& jobs_;
  Shipping& shipping_;
  StreamFamily service_, service_unit_;
  std::vector<Queue> queues_;  ///< by warehouse
  std::uint64_t seq_ = 0;
};

}  // namespace milkrun::engine
