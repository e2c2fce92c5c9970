#include "engine/inventory.hpp"

#include "engine/stockout_causes.hpp"

namespace milkrun::engine {

Inventory::Inventory(const Model& model, JobSlots& jobs, KpiAccounting& kpi)
    : m_(model), jobs_(jobs), kpi_(kpi), pairs_(model.pairs.size()), tallies_(model.pairs.size()), free_total_(model.warehouse_count(), 0) {}

void Inventory::initialise() {
  for (PairId p = 0; p < m_.pairs.size(); ++p) {
    pairs_[p].free = m_.pairs[p].initial;
    free_total_[m_.pairs[p].warehouse] += m_.pairs[p].initial;
    kpi_.balance().initial += m_.pairs[p].initial;
  }
}

void Inventory::start_spell(PairId p, SimTime t) {
  PairState& s = pairs_[p];
  s.cause = causes_ ? causes_->decide(p, t) : Upstream::policy;
  if (t >= m_.warmup) {
    s.events += 1;
    tallies_[p].events[static_cast<std::size_t>(s.cause)] += 1;
  }
  kpi_.daily(day_of(t), m_.pairs[p].warehouse).stockouts += 1;
}

void Inventory::open_spells_at_warmup() {
  for (PairId p = 0; p < pairs_.size(); ++p)
    if (pairs_[p].free == 0) pairs_[p].cause = causes_ ? causes_->decide(p, m_.warmup) : Upstream::policy;
}

void Inventory::add_backorder(std::uint32_t slot) {
  Job& job = jobs_[slot];
  PairState& pair = pairs_[job.pair];
  if (pair.backorder_tail == kNoSlot) pair.backorder_head = slot;
  else jobs_[pair.backorder_tail].next = slot;
  pair.backorder_tail = slot;
  if (job.measured) ++measured_backorders_;
}

void Inventory::close(SimTime t) {
  for (PairId p = 0; p < pairs_.size(); ++p) set_free(p, pairs_[p].free, t);
}

}  // namespace milkrun::engine
