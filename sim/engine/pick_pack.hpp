// Pick/pack (SPEC §3.4, R10-R12): each warehouse's queue and stations.
// Stations are identical, so a FIFO queue is computed, not simulated: each order in join
// order takes the earliest-free station at its first open instant. With priority "promise"
// the waiting orders are kept in a heap and started lazily: before each join the pool
// starts every order that could have started up to that instant, which is exact because
// joins reach the pool in time order.
#pragma once
#include <milkrun/model/model.hpp>
#include "random/rng.hpp"

#include "engine/events.hpp"
#include "engine/job.hpp"
#include "engine/shipping.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

namespace milkrun::engine {

/// Free-from instants of a warehouse's stations, as a tournament of losers: each inner node
/// keeps the loser of the match played there, the root the overall winner (the earliest-free
/// station). Giving the winner a new instant replays only the matches on its path to the
/// root, a fixed log2(stations) steps without a branch to mispredict, where a heap's sift
/// stops wherever the data says (the pick/pack of every order goes through here). Only the
/// set of instants matters, so ties may go either way.
class StationPool {
 public:
  explicit StationPool(int stations = 1) {
    const std::size_t n = static_cast<std::size_t>(std::max(stations, 1));
    while (leaves_ < n) leaves_ *= 2;
    // Stations are free from 0; the padding up to a power of two never is, so it never wins.
    const auto free_from = [&](std::uint32_t leaf) { return leaf < n ? SimTime{0} : kNever; };
    std::vector<std::uint32_t> winner(2 * leaves_);  // the winning leaf under each node
    for (std::size_t leaf = 0; leaf < leaves_; ++leaf) winner[leaves_ + leaf] = static_cast<std::uint32_t>(leaf);
    at_.assign(leaves_, kNever);
    station_.assign(leaves_, 0);
    for (std::size_t node = leaves_; node-- > 1;) {
      const std::uint32_t a = winner[2 * node], b = winner[2 * node + 1];
      const bool a_wins = free_from(a) <= free_from(b);
      winner[node] = a_wins ? a : b;
      station_[node] = a_wins ? b : a;
      at_[node] = free_from(station_[node]);
    }
    winner_ = winner[1];
    winner_at_ = free_from(winner_);
  }
  SimTime earliest_free() const { return winner_at_; }
  /// The earliest-free station is busy until `until`.
  void occupy_until(SimTime until) {
    SimTime t = until;
    std::uint32_t s = winner_;
    for (std::size_t n = (leaves_ + s) / 2; n >= 1; n /= 2) {
      // When the node's loser beats the newcomer they swap, by masks: compilers turn the
      // plain conditional into a branch, which mispredicts half the time.
      const SimTime lt = at_[n];
      const std::uint32_t ls = station_[n];
      const std::uint64_t swap = -static_cast<std::uint64_t>(lt < t);
      const std::uint64_t dt = (static_cast<std::uint64_t>(lt) ^ static_cast<std::uint64_t>(t)) & swap;
      const std::uint32_t ds = (ls ^ s) & static_cast<std::uint32_t>(swap);
      at_[n] = static_cast<SimTime>(static_cast<std::uint64_t>(lt) ^ dt);
      t = static_cast<SimTime>(static_cast<std::uint64_t>(t) ^ dt);
      station_[n] = ls ^ ds;
      s ^= ds;
    }
    winner_at_ = t;
    winner_ = s;
  }

 private:
  std::size_t leaves_ = 1;        ///< stations rounded up to a power of two
  std::vector<SimTime> at_;       ///< by inner node 1 .. leaves-1: the loser's free instant
  std::vector<std::uint32_t> station_;  ///< by inner node: the loser's leaf
  SimTime winner_at_ = 0;
  std::uint32_t winner_ = 0;
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
  /// One draw of `law` for `job` from its stream in `family` (`purpose`'s); a constant law
  /// draws nothing, so its stream is not made.
  double draw(const Distribution& law, const StreamFamily& family, Purpose purpose, const Job& job) const;

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
