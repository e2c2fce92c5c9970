// The order flow of SPEC §3.1-3.3: each arriving order draws its zone, its lines (SKU and
// units, R40) and Prime coin from streams keyed by its number (R2, R3), takes the promise of
// the best warehouse with every line's units free and reserves them there, or is lost, or
// waits as a backorder at the nearest warehouse stocking every line (R34, R41), unless a
// warehouse expedites it (R43); then it joins pick/pack and may trigger reorders.
#pragma once
#include "engine/events.hpp"
#include "engine/inventory.hpp"
#include "engine/job.hpp"
#include "engine/kpi_accounting.hpp"
#include "engine/pick_pack.hpp"
#include "engine/promise.hpp"
#include "engine/replenishment.hpp"
#include "random/rng.hpp"

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace milkrun::engine {

class Orders {
 public:
  Orders(const Model& model, std::uint64_t seed, int replication, bool record_orders, EventQueue& events, Promise& promise,
         Inventory& inventory, Replenishment& replenishment, PickPack& pick_pack, JobSlots& jobs, KpiAccounting& kpi);

  /// Order number `k` arrives at `t`.
  void on_arrival(SimTime t, std::uint64_t k);
  /// R43: the units bought for the expedited job in `slot` reach it at `t`; it joins pick/pack.
  void on_expedite_arrives(std::uint32_t slot, SimTime t);
  /// Measured expedited orders still waiting for their bought units: the run goes on past the
  /// horizon for them.
  std::int64_t measured_expedites() const { return measured_expedites_; }

 private:
  /// Order `k`'s draws (zone, SKU, units and Prime, R2, R3) depend on `k` alone, so in a
  /// large catalog they are made ahead of its arrival, in three steps a few orders apart:
  /// each step asks the memory for what the next one reads (the SKU's alias entry, then its
  /// stocking list, then its pairs), which a million-SKU catalog would otherwise make the
  /// order wait for. Orders arrive numbered 0, 1, 2...
  Job draw(SimTime t, std::uint64_t k);
  /// R40: order `k`'s draws when orders may have several lines: the number of lines, then
  /// each line's SKU and units, then the Prime coin. One line draws what `draw` does.
  Job draw_lines(SimTime t, std::uint64_t k);
  /// R42: order `k` of the replayed file, as recorded; the Prime coin where it is not.
  Job replayed(SimTime t, std::uint64_t k);
  /// R3, R40: the Prime coin of order `k`, tossed when every line's SKU is Prime-eligible.
  bool prime_coin(std::uint64_t k);
  /// A new order `k` arriving at `t`, its lines in `lines_`.
  Job new_job(SimTime t, std::uint64_t k, ZoneId zone, bool prime);
  /// R40: adds `units` of `sku` to the order's lines (a SKU drawn twice is one line).
  void add_line(SkuId sku, Units units);
  /// The nearest warehouse to the order's zone that stocks every line's SKU (ties in file
  /// order), or nullopt.
  std::optional<WarehouseId> nearest_stocking_all(const Job& job) const;
  /// Whether warehouse `w` stocks every line's SKU.
  bool stocks_every_line(WarehouseId w) const;
  /// The order record of a job served or waiting at `job.warehouse`: its promise, upstream
  /// cause, and whether it left from elsewhere than `nearest` (R37 `rerouted`).
  void record_placed(const Job& job, std::optional<WarehouseId> nearest);
  /// R37: the cause a shortage of pair `p` carries: its open spell's, or policy when it is
  /// short, not out.
  Upstream cause_at(PairId p);
  /// R37: the pair an order's lost lines (those `lost(i)` accepts) take their cause from: the
  /// first of them that is out, else the first; kNoPair when none is lost.
  template <class Lost>
  PairId lost_cause_pair(Lost&& lost) const;
  void draw_column(std::uint64_t k);
  void draw_sku(std::uint64_t k);
  void draw_prime(std::uint64_t k);
  void fetch_column(std::uint64_t k) const;
  void fetch_sku(std::uint64_t k) const;
  void fetch_pairs(std::uint64_t k) const;
  /// The state of SKU `sku`'s pairs, in its stocking list's order.
  std::span<const PairState> states_of(SkuId sku) const;
  /// `Model::pair`, read from the pairs' state that an order has in cache already.
  PairId pair_at(SkuId sku, WarehouseId w) const;
  /// §3.2: the in-stock warehouse with the best promise; false when none has the units free.
  bool choose(const Job& job, PromiseQuote& promise);
  /// Demand counters and the order's record, whatever happens to it.
  void count_arrival(Job& job, bool lost);
  /// §3.3: no warehouse has the units and backorders are off.
  void lose(Job& job);
  /// §3.2: `lines`' units are reserved at the chosen warehouse.
  void reserve(Job& job, const PromiseQuote& promise, SimTime t, std::vector<JobLine>& lines);
  /// R34: what is free is taken, the rest awaited, at the warehouse the job waits at.
  void backorder(Job& job, SimTime t, std::vector<JobLine>& lines);
  /// The job waits in its warehouse's pick/pack queue, or for stock (kept in a slot); a
  /// one-line job at a warehouse that starts it at once needs no slot.
  void queue(Job& job, SimTime t, const std::vector<JobLine>& lines);
  /// R41: an order no warehouse covers whole, split: the warehouse covering the most of the
  /// lines left takes them (ties: the better promise), again and again; lines none covers
  /// are lost, or wait at their own nearest stocking warehouse. Each warehouse's part is a
  /// shipment. False when no line is served (the order is lost whole).
  bool split(Job& job, SimTime t);
  /// R43: no warehouse covers the order: the expediting warehouses that stock every line's
  /// SKU, in promise order; the first whose cap for the day covers the units it lacks reserves
  /// its free units and buys the rest, which reach the order `lead_time` later. False when
  /// none can take it.
  bool expedite(Job& job, SimTime t);
  /// R43: the warehouse of `q` expedites the order: it reserves its free units and buys the
  /// rest, which reach the order lead_time later; the order keeps the promise `q`.
  void expedite_at(Job& job, const PromiseQuote& q, SimTime t);

  /// An order drawn ahead: its zone, SKU, units and Prime once all steps ran.
  struct Ahead {
    double coin = 0;           ///< the SKU alias table's coin
    std::uint32_t column = 0;  ///< and column
    ZoneId zone = 0;
    SkuId sku = 0;
    Units units = 0;
    bool prime = false;
  };
  static constexpr std::uint64_t kAhead = 16;  ///< orders in flight; a power of two
  static constexpr std::uint64_t kColumnLead = 12, kSkuLead = 8, kPrimeLead = 4;  ///< steps' distances
  /// From this many SKUs on, their tables outgrow the caches and orders are drawn ahead;
  /// below, each order's steps run as it arrives (the draws are the same either way).
  static constexpr std::size_t kFetchAheadSkus = 50000;
  Ahead& ahead(std::uint64_t k) { return ahead_[k % kAhead]; }

  const Model& m_;
  const bool record_;
  std::vector<JobLine> lines_;  ///< the arriving order's lines
  /// R41: a split order's parts, each line's part (-1: none covers it), a part's lines.
  struct Part {
    WarehouseId warehouse = 0;
    PromiseQuote promise;
    bool backorder = false;
  };
  std::vector<Part> parts_;
  std::vector<std::int32_t> part_of_;
  std::vector<JobLine> part_lines_;
  PairId cause_pair_ = 0;       ///< the pair whose spell the order's upstream cause names (trace)
  std::vector<PromiseQuote> expediters_;  ///< R43: the arriving order's candidates, in promise order
  std::vector<DayIndex> cap_day_;         ///< R43: by warehouse, the day `cap_used_` counts
  std::vector<Units> cap_used_;           ///< R43: by warehouse, units bought that day
  std::int64_t measured_expedites_ = 0;
  std::array<Ahead, kAhead> ahead_;
  std::uint64_t next_column_ = 0, next_sku_ = 0, next_prime_ = 0;  ///< the next order each step takes
  StreamFamily zones_, skus_, units_, prime_, lines_count_;
  EventQueue& events_;
  Promise& promise_;
  Inventory& inventory_;
  Replenishment& replenishment_;
  PickPack& pick_pack_;
  JobSlots& jobs_;
  KpiAccounting& kpi_;
  const bool fetch_ahead_;
};

}  // namespace milkrun::engine
