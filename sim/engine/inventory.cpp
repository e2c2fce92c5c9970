#include "engine/inventory.hpp"

#include "engine/stockout_causes.hpp"
#include "engine/tracer.hpp"
#include "model/in_parts.hpp"

namespace milkrun::engine {

Inventory::Inventory(const Model& model, JobSlots& jobs, KpiAccounting& kpi)
    : m_(model), jobs_(jobs), kpi_(kpi), free_total_(model.warehouse_count(), 0) {
  resize_in_parts(pairs_, model.pairs.size());
}

void Inventory::initialise() {
  for (PairId p = 0; p < m_.pairs.size(); ++p) {
    const PairModel& pm = m_.pairs[p];
    pairs_[p].free = pm.initial;
    pairs_[p].warehouse = pm.warehouse;
    pairs_[p].reviews_on_demand = pm.has_policy && pm.policy != PolicyType::RS;
    pairs_[p].supplier = m_.skus[pm.sku].supplier;
    free_total_[pm.warehouse] += pm.initial;
    kpi_.balance().initial += pm.initial;
  }
}

Upstream Inventory::spell_cause(PairId p, SimTime t) {
  if (!causes_) return Upstream::policy;
  Tracer* tracer = kpi_.tracer();
  if (!tracer) return causes_->decide(p, t);
  TraceEvent why;
  const Upstream cause = causes_->decide(p, t, &why);
  tracer->spell_starts(p, t, cause, std::move(why));
  return cause;
}

void Inventory::end_spell(PairId p, SimTime t) { kpi_.tracer()->spell_ends(p, t); }

void Inventory::start_spell(PairId p, SimTime t) {
  PairState& s = pairs_[p];
  s.cause = spell_cause(p, t);
  if (t >= m_.warmup) {
    s.events += 1;
    tally(p).events[static_cast<std::size_t>(s.cause)] += 1;
  }
  kpi_.daily(day_of(t), s.warehouse).stockouts += 1;
}

void Inventory::open_spells_at_warmup() {
  for (PairId p = 0; p < pairs_.size(); ++p) {
    if (pairs_[p].free != 0) continue;
    if (kpi_.tracer()) end_spell(p, m_.warmup);  // the spell before the window ends; one starts (R35)
    pairs_[p].cause = spell_cause(p, m_.warmup);
  }
}

void Inventory::add_backorder(std::uint32_t slot) {
  jobs_.for_each_line(slot, [&](JobLine& line, LineRef ref) {
    if (line.missing == 0) return;
    PairState& pair = pairs_[line.pair];
    if (pair.backorder_tail == kNoSlot) pair.backorder_head = ref;
    else jobs_.line(pair.backorder_tail).next_backorder = ref;
    pair.backorder_tail = ref;
  });
  if (jobs_[slot].measured) ++measured_backorders_;
}

void Inventory::close(SimTime t) {
  for (PairId p = 0; p < pairs_.size(); ++p) set_free(p, pairs_[p].free, t);
}

}  // namespace milkrun::engine
