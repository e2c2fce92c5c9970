// Stock of each (SKU, warehouse) pair (SPEC §3A R17-R19, R25-R27, R34): free levels and
// their window integrals, units on order and missing, the inventory position, the units
// orders hold until they ship, and each pair's backorders, oldest first. Each stockout spell
// gets its upstream cause when it starts (§7 R35), and its events and zero seconds are
// tallied by that cause (R36).
#pragma once
#include "engine/block_queue.hpp"
#include "engine/events.hpp"
#include "engine/job.hpp"
#include "engine/kpi_accounting.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <vector>

namespace milkrun::engine {

class StockoutCauses;

inline constexpr std::uint32_t kNoTally = std::numeric_limits<std::uint32_t>::max();

/// Stock of one pair and its window integrals (R25-R27). An order reads and writes only the
/// first cache line, which also holds the pair's warehouse and whether it reviews on demand
/// (copies of the model's): at a million SKUs each pair an order looks at is a miss, and one
/// line a pair is what it then costs.
struct alignas(64) PairState {
  Units free = 0;
  WarehouseId warehouse = 0;
  Upstream cause = Upstream::policy;  ///< of the spell open while free is 0 (R35)
  bool reviews_on_demand = false;     ///< sS and base_stock: every order may reorder (R19, R20)
  SimTime last_change = 0;
  std::int64_t zero_seconds = 0, free_unit_seconds = 0;
  std::int64_t reserved_unit_seconds = 0;  ///< R27: added as an order starts picking, mostly as it arrives
  Units demand = 0, filled = 0;
  // The second cache line.
  Units on_order = 0, missing = 0;
  Units arrived = 0;  ///< units at the warehouse waiting at receiving or dock-to-stock (R35)
  std::int64_t events = 0;
  Units lost = 0;
  LineRef backorder_head = kNoSlot, backorder_tail = kNoSlot;  ///< its backorders' lines, oldest first
  std::uint32_t tally = kNoTally;  ///< its CauseTally, made at its first stockout in the window
  SupplierId supplier = kNone;     ///< its SKU's (a copy of the model's): spells and put-aways ask
  Units inventory_position() const { return free + on_order - missing; }
};
static_assert(offsetof(PairState, on_order) == 64, "an order's fields fill the first cache line");
static_assert(sizeof(PairState) == 128, "two cache lines a pair");

/// A pair's stockouts in the window by upstream cause (R36, R37). Only pairs that stock out
/// have one (at a million SKUs, most never do, and 120 bytes a pair are 360 MB).
struct CauseTally {
  std::array<std::int64_t, kUpstreamCount> events{}, zero_seconds{}, lost{};
};

/// The tallies of the pairs that stock out, in blocks that stay where they are as more are
/// made: a vector's growth would copy them all, and where most pairs stock out, hold them
/// twice for a moment.
class CauseTallies {
 public:
  /// A new tally of zeros; returns its index.
  std::uint32_t add() { return static_cast<std::uint32_t>(tallies_.push_back(CauseTally{})); }
  CauseTally& operator[](std::uint32_t i) { return tallies_[i]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(tallies_.size()); }
  /// Pair `s`'s tally, all zeros when it has none.
  const CauseTally& of(const PairState& s) const {
    static const CauseTally kNothing;
    return s.tally == kNoTally ? kNothing : tallies_[s.tally];
  }

 private:
  BlockQueue<CauseTally, 4096> tallies_;  ///< 480 kB a block; none is ever let go of
};

class Inventory {
 public:
  Inventory(const Model& model, JobSlots& jobs, KpiAccounting& kpi);

  /// Every pair at its initial stock.
  void initialise();
  /// Spells get their cause from `causes` from now on (R35).
  void explain_with(const StockoutCauses& causes) { causes_ = &causes; }
  /// R35: a pair already at 0 when warm-up ends starts a spell then.
  void open_spells_at_warmup();
  PairState& pair(PairId p) { return pairs_[p]; }
  const Job& job(std::uint32_t slot) const { return jobs_[slot]; }
  const std::vector<PairState>& pairs() const { return pairs_; }
  /// The tallies of the pairs that have one: pair `p`'s is `tallies().of(pair(p))`.
  const CauseTallies& tallies() const { return tallies_; }
  /// R37: a lost unit of pair `p` counts under the cause its order carries.
  void count_lost(PairId p, Upstream cause, Units units) {
    pairs_[p].lost += units;
    tally(p).lost[static_cast<std::size_t>(cause)] += units;
  }
  /// Free units per warehouse.
  const std::vector<Units>& free_total() const { return free_total_; }

  /// Pair `p` has `free` units free from `t` on; closes its integrals up to `t`.
  void set_free(PairId p, Units free, SimTime t) {
    PairState& s = pairs_[p];
    const std::int64_t span = window_overlap(m_, s.last_change, t);
    if (s.free == 0 && span > 0) {  // R26, R36
      s.zero_seconds += span;
      tally(p).zero_seconds[static_cast<std::size_t>(s.cause)] += span;
    }
    s.free_unit_seconds += s.free * span;  // R27
    s.last_change = std::max(s.last_change, t);
    if (s.free > 0 && free == 0 && t < m_.horizon) start_spell(p, t);
    if (s.free == 0 && free > 0 && kpi_.tracer()) end_spell(p, t);
    free_total_[s.warehouse] += free - s.free;
    s.free = free;
  }
  /// `line` of a job at `w` holds `units` more of its pair's stock from `t` until it ships
  /// (R17, R27).
  void hold(JobLine& line, WarehouseId w, Units units, SimTime t) {
    if (t < m_.horizon) {
      line.held_in_window += units;
      line.held_weighted += units * std::max(t, m_.warmup);
    }
    kpi_.held_change(t, w, units);
  }
  /// The units `job` held leave the building at its departure `ship` (R17, R27).
  void release(const Job& job, SimTime ship) {
    const SimTime held_to = std::min(ship, m_.horizon);
    jobs_.for_each_line(job, [&](const JobLine& line) {
      if (line.held_in_window > 0 && held_to > m_.warmup)
        pairs_[line.pair].reserved_unit_seconds += line.held_in_window * held_to - line.held_weighted;
    });
    kpi_.held_change(ship, job.warehouse, -job.units);
  }

  /// R34: the job in `slot` waits for its missing units, each line behind its pair's older
  /// backorders.
  void add_backorder(std::uint32_t slot);
  /// R34: `units` received for pair `p` fill its backorders first, oldest first; `ready(slot)`
  /// is called for each backorder that has all its units (of every line). Returns the units
  /// left over.
  template <class Ready>
  Units fill_backorders(PairId p, Units units, SimTime t, Ready&& ready) {
    PairState& pair = pairs_[p];
    while (units > 0 && pair.backorder_head != kNoSlot) {
      const LineRef ref = pair.backorder_head;
      JobLine& line = jobs_.line(ref);
      const std::uint32_t slot = jobs_.job_of(ref);
      Job& job = jobs_[slot];
      const Units take = std::min(units, line.missing);
      line.missing -= take;
      job.missing -= take;
      pair.missing -= take;
      units -= take;
      hold(line, job.warehouse, take, t);
      if (line.missing > 0) break;
      pair.backorder_head = line.next_backorder;
      if (pair.backorder_head == kNoSlot) pair.backorder_tail = kNoSlot;
      if (job.missing > 0) continue;  // another line still waits
      if (job.measured) --measured_backorders_;
      ready(slot);
    }
    return units;
  }
  /// Measured orders still waiting for stock: the run goes on past the horizon for them.
  std::int64_t measured_backorders() const { return measured_backorders_; }
  /// Each backorder still waiting, once, pair by pair, oldest first (a job with several
  /// lines waiting is met at its first).
  template <class Visit>
  void for_each_backorder(Visit&& visit) {
    for (const PairState& pair : pairs_)
      for (LineRef ref = pair.backorder_head; ref != kNoSlot; ref = jobs_.line(ref).next_backorder) {
        const std::uint32_t slot = jobs_.job_of(ref);
        LineRef first = kNoSlot;
        jobs_.for_each_line(slot, [&](const JobLine& line, LineRef r) {
          if (first == kNoSlot && line.missing > 0) first = r;
        });
        if (first == ref) visit(jobs_[slot]);
      }
  }
  /// The jobs and their lines.
  JobSlots& jobs() { return jobs_; }

  /// Closes every pair's window integrals at `t`.
  void close(SimTime t);

 private:
  /// Pair `p`'s tally, made now if it has none.
  CauseTally& tally(PairId p) {
    PairState& s = pairs_[p];
    if (s.tally == kNoTally) s.tally = tallies_.add();
    return tallies_[s.tally];
  }
  /// R25, R35, R36: pair `p`'s free stock reaches 0 at `t`.
  void start_spell(PairId p, SimTime t);
  /// Decides the cause of a spell of `p` starting at `t` (R35) and tells the tracer.
  Upstream spell_cause(PairId p, SimTime t);
  void end_spell(PairId p, SimTime t);

  const Model& m_;
  JobSlots& jobs_;
  KpiAccounting& kpi_;
  std::vector<PairState> pairs_;
  CauseTallies tallies_;  ///< of the pairs that have stocked out in the window
  std::vector<Units> free_total_;
  const StockoutCauses* causes_ = nullptr;
  std::int64_t measured_backorders_ = 0;
};

}  // namespace milkrun::engine
