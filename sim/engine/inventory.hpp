// Stock of each (SKU, warehouse) pair (SPEC §3A R17-R19, R25-R27, R34): free levels and
// their window integrals, units on order and missing, the inventory position, the units
// orders hold until they ship, and each pair's backorders, oldest first. Each stockout spell
// gets its upstream cause when it starts (§7 R35), and its events and zero seconds are
// tallied by that cause (R36).
#pragma once
#include "engine/events.hpp"
#include "engine/job.hpp"
#include "engine/kpi_accounting.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace milkrun::engine {

class StockoutCauses;

/// Stock of one pair and its window integrals (R25-R27).
struct PairState {
  Units free = 0, on_order = 0, missing = 0;
  Units arrived = 0;  ///< units at the warehouse waiting at receiving or dock-to-stock (R35)
  Upstream cause = Upstream::policy;  ///< of the spell open while free is 0 (R35)
  SimTime last_change = 0;
  std::int64_t zero_seconds = 0, free_unit_seconds = 0, reserved_unit_seconds = 0, events = 0;
  Units demand = 0, filled = 0, lost = 0;
  std::uint32_t backorder_head = kNoSlot, backorder_tail = kNoSlot;
  Units inventory_position() const { return free + on_order - missing; }
};

/// A pair's stockouts in the window by upstream cause (R36, R37).
struct CauseTally {
  std::array<std::int64_t, kUpstreamCount> events{}, zero_seconds{}, lost{};
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
  const std::vector<CauseTally>& tallies() const { return tallies_; }
  /// R37: a lost unit of pair `p` counts under the cause its order carries.
  void count_lost(PairId p, Upstream cause, Units units) {
    pairs_[p].lost += units;
    tallies_[p].lost[static_cast<std::size_t>(cause)] += units;
  }
  /// Free units per warehouse.
  const std::vector<Units>& free_total() const { return free_total_; }

  /// Pair `p` has `free` units free from `t` on; closes its integrals up to `t`.
  void set_free(PairId p, Units free, SimTime t) {
    PairState& s = pairs_[p];
    const std::int64_t span = window_overlap(m_, s.last_change, t);
    if (s.free == 0) {  // R26, R36
      s.zero_seconds += span;
      tallies_[p].zero_seconds[static_cast<std::size_t>(s.cause)] += span;
    }
    s.free_unit_seconds += s.free * span;  // R27
    s.last_change = std::max(s.last_change, t);
    if (s.free > 0 && free == 0 && t < m_.horizon) start_spell(p, t);
    if (s.free == 0 && free > 0 && kpi_.tracer()) end_spell(p, t);
    free_total_[m_.pairs[p].warehouse] += free - s.free;
    s.free = free;
  }
  /// `job` holds `units` more of its pair's stock from `t` until it ships (R17, R27).
  void hold(Job& job, Units units, SimTime t) {
    if (t < m_.horizon) {
      job.held_in_window += units;
      job.held_weighted += units * std::max(t, m_.warmup);
    }
    kpi_.held_change(t, job.warehouse, units);
  }
  /// The units `job` held leave the building at its departure `ship` (R17, R27).
  void release(const Job& job, SimTime ship) {
    const SimTime held_to = std::min(ship, m_.horizon);
    if (job.held_in_window > 0 && held_to > m_.warmup)
      pairs_[job.pair].reserved_unit_seconds += job.held_in_window * held_to - job.held_weighted;
    kpi_.held_change(ship, job.warehouse, -job.units);
  }

  /// R34: the job in `slot` waits for its missing units behind the pair's older backorders.
  void add_backorder(std::uint32_t slot);
  /// R34: `units` received for pair `p` fill its backorders first, oldest first; `ready(slot)`
  /// is called for each backorder that has all its units. Returns the units left over.
  template <class Ready>
  Units fill_backorders(PairId p, Units units, SimTime t, Ready&& ready) {
    PairState& pair = pairs_[p];
    while (units > 0 && pair.backorder_head != kNoSlot) {
      const std::uint32_t slot = pair.backorder_head;
      Job& job = jobs_[slot];
      const Units take = std::min(units, job.missing);
      job.missing -= take;
      pair.missing -= take;
      units -= take;
      hold(job, take, t);
      if (job.missing > 0) break;
      pair.backorder_head = job.next;
      if (pair.backorder_head == kNoSlot) pair.backorder_tail = kNoSlot;
      if (job.measured) --measured_backorders_;
      ready(slot);
    }
    return units;
  }
  /// Measured orders still waiting for stock: the run goes on past the horizon for them.
  std::int64_t measured_backorders() const { return measured_backorders_; }
  /// Each backorder still waiting, pair by pair, oldest first.
  template <class Visit>
  void for_each_backorder(Visit&& visit) {
    for (const PairState& pair : pairs_)
      for (std::uint32_t slot = pair.backorder_head; slot != kNoSlot; slot = jobs_[slot].next) visit(jobs_[slot]);
  }

  /// Closes every pair's window integrals at `t`.
  void close(SimTime t);

 private:
  /// R25, R35, R36: pair `p`'s free stock reaches 0 at `t`.
  void start_spell(PairId p, SimTime t);
  /// Decides the cause of a spell of `p` starting at `t` (R35) and tells the tracer.
  Upstream spell_cause(PairId p, SimTime t);
  void end_spell(PairId p, SimTime t);

  const Model& m_;
  JobSlots& jobs_;
  KpiAccounting& kpi_;
  std::vector<PairState> pairs_;
  std::vector<CauseTally> tallies_;
  std::vector<Units> free_total_;
  const StockoutCauses* causes_ = nullptr;
  std::int64_t measured_backorders_ = 0;
};

}  // namespace milkrun::engine
