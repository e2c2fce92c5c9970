// Pick/pack (SPEC §3.4, R10-R12): each warehouse's queue and stations.
// Stations are identical, so a FIFO queue is computed, not simulated: each order in join
// order takes the earliest-free station at its first open instant. With priority "promise"
// the waiting orders are kept in a heap and started lazily: before each join the pool
// starts every order that could have started up to that instant, which is exact because
// joins reach the pool in time order.
#pragma once
#include <milkrun/model/model.hpp>
#include "random/logs_ahead.hpp"
#include "random/rng.hpp"

#include "engine/events.hpp"
#include "engine/job.hpp"
#include "engine/shipping.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <new>
#include <queue>
#include <vector>

namespace milkrun::engine {

/// Free-from instants of a warehouse's stations, as a min-heap with four children a node.
/// Only the set of instants matters. A tournament of losers (a fixed path of conditional
/// moves) beat a binary heap on a single warehouse, but with 50 warehouses its two arrays per
/// warehouse missed the cache and the Amazon-size season ran 17% slower; the heap keeps one
/// array and stops early. Four children a node halve its depth (1,227 stations: 6 levels
/// instead of 11), and each node's four children share one cache line.
class StationPool {
 public:
  explicit StationPool(int stations = 1)
      : n_(static_cast<std::size_t>(std::max(stations, 1))),
        // A node's children are 4i+1 .. 4i+4; past the stations, never free. Stored 3 places
        // on, every node's children start a 32-byte group of a 64-byte aligned array.
        free_(static_cast<SimTime*>(::operator new[]((n_ + 7) * sizeof(SimTime), std::align_val_t{64}))) {
    std::fill(free_.get(), free_.get() + n_ + 7, kNever);
    std::fill(free_.get() + 3, free_.get() + 3 + n_, SimTime{0});
  }
  SimTime earliest_free() const { return at(0); }
  /// The earliest-free station is busy until `until`: the root takes the new instant and
  /// sinks (one pass, where pop and push would make two). The smallest child is picked by
  /// arithmetic, not a branch: which one it is, is a coin toss.
  void occupy_until(SimTime until) {
    std::size_t i = 0;
    const std::size_t n = n_;  // read once: the stores below may alias it
    for (std::size_t c = 4 * i + 1; c < n; c = 4 * i + 1) {
      const SimTime* k = &at(c);
      const std::size_t a = c + static_cast<std::size_t>(k[1] < k[0]), b = c + 2 + static_cast<std::size_t>(k[3] < k[2]);
      const SimTime least_free = std::min(at(a), at(b));
      const std::size_t take_b = 0 - static_cast<std::size_t>(at(b) < at(a));
      if (least_free >= until) break;
      at(i) = least_free;
      i = a ^ ((a ^ b) & take_b);
    }
    at(i) = until;
  }

 private:
  struct Release {
    void operator()(SimTime* p) const { ::operator delete[](p, std::align_val_t{64}); }
  };
  SimTime& at(std::size_t i) { return free_[i + 3]; }
  const SimTime& at(std::size_t i) const { return free_[i + 3]; }

  std::size_t n_;                           ///< stations
  std::unique_ptr<SimTime[], Release> free_;  ///< 3 unused, the heap of n_ instants, then never-free padding
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
  /// Whether a job joining `w` starts at once (priority "fifo"), so it needs no slot.
  bool starts_at_once(WarehouseId w) const { return m_.warehouses[w].priority == Priority::fifo; }
  /// `job`, holding all its units at a warehouse where it starts at once, joins at `t` and
  /// is started: the engine calls it without a slot for a one-line order.
  void join_at_once(Job& job, SimTime t);
  /// Starts every order still waiting (the end of a replication).
  void drain();

 private:
  /// Starts, in priority order, every waiting order of `w` that can start by `t`.
  void advance_waiting(WarehouseId w, SimTime t);
  /// `job` takes the earliest-free station of its warehouse at `s` (R10, R11).
  void start_service(const Job& job, SimTime s);
  /// One draw of `law` for `job` from its stream in `family`; a constant law draws nothing,
  /// so its stream is not made.
  static double draw(const Distribution& law, const StreamFamily& family, const Job& job);
  /// The time per order of `job` under `law`: the same draw, but an exponential one of an
  /// order's first shipment takes its log from the block of logs ahead.
  double order_time(const Distribution& law, const Job& job) {
    if (law.kind == DistKind::exponential && job.shipment == 0) return exponential_of_log(law.a, service_logs_.log_uniform(job.order));
    return draw(law, service_, job);
  }

  struct Queue {
    StationPool stations;
    std::priority_queue<WaitingOrder, std::vector<WaitingOrder>, std::greater<>> waiting;
    SimTime last_join = 0;
  };
  const Model& m_;
  JobSlots& jobs_;
  Shipping& shipping_;
  StreamFamily service_, service_unit_;
  LogsAhead service_logs_;  ///< of service_'s streams
  std::vector<Queue> queues_;  ///< by warehouse
  std::uint64_t seq_ = 0;
};

}  // namespace milkrun::engine
