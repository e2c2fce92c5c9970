// The upstream cause of a stockout spell (SPEC §7 R35), decided at the instant the spell
// starts from what the other components know: units waiting at receiving, purchase orders
// still at a milk-run supplier after a missed pickup or a full truck, and late vendor or
// seller shipments still on the road.
#pragma once
#include <milkrun/engine/trace.hpp>

#include "engine/inventory.hpp"
#include "engine/milk_run.hpp"
#include "engine/receiving.hpp"
#include "engine/replenishment.hpp"

namespace milkrun::engine {

class StockoutCauses {
 public:
  StockoutCauses(const Model& model, const Inventory& inventory, const Receiving& receiving,
                 const Replenishment& replenishment, const MilkRuns& milk_runs);

  /// R35: the first cause that applies to a spell of pair `p` starting at `t`; with `why`,
  /// also the evidence in words (for `milkrun trace`).
  Upstream decide(PairId p, SimTime t, TraceEvent* why = nullptr) const;

 private:
  /// R35 2-3: missed_pickup or truck_full for units of `p` still waiting at its milk-run
  /// supplier; none when neither applies.
  Upstream at_supplier(PairId p, SimTime t, TraceEvent* why) const;
  /// R35 5: what was upstream when nothing was late.
  void policy_evidence(PairId p, TraceEvent& why) const;

  const Model& m_;
  const Inventory& inventory_;
  const Receiving& receiving_;
  const Replenishment& replenishment_;
  const MilkRuns& milk_runs_;
};

}  // namespace milkrun::engine
