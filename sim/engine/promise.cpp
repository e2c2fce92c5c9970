#include "engine/promise.hpp"

namespace milkrun::engine {

Promise::Promise(const Model& model) : m_(model) {
  int max_band = 0;
  for (int d : m_.band_days) max_band = std::max(max_band, d);
  caches_.resize(m_.warehouse_count());
  for (Cache& c : caches_) c.deliver_by.assign(static_cast<std::size_t>(max_band) + 1, -1);
}

void Promise::refresh(WarehouseId w, SimTime t) {
  const WarehouseModel& wm = m_.warehouses[w];
  Cache& c = caches_[w];
  c.ship = m_.calendar.next_departure(wm.departures, t + wm.pick_sla);  // R6, R9
  c.valid_from = t;
  c.valid_to = c.ship - wm.pick_sla;
  std::fill(c.deliver_by.begin(), c.deliver_by.end(), -1);
}

PromiseQuote Promise::backorder(WarehouseId w, ZoneId z, SimTime t) const {
  PromiseQuote q;
  q.warehouse = w;
  q.ship_by = m_.calendar.next_departure(m_.warehouses[w].departures, t + m_.backorder_wait);
  q.transit_days = m_.transit_days(w, z);
  q.deliver_by = m_.calendar.nth_delivery_day_after(day_of(q.ship_by), q.transit_days);
  return q;
}

}  // namespace milkrun::engine

namespace milkrun {
namespace {

/// The units of pair `p` free for the quote: the filter's levels, else the initial stock.
Units free_units(const Model& m, const PromiseFilter& filter, PairId p) {
  return filter.free ? (*filter.free)[p] : m.pairs[p].initial;
}

/// Whether `filter` considers warehouse `w`, else why not: the one eligibility rule of every quote.
std::optional<PromiseVerdict> excluded(const Model& m, const PromiseFilter& filter, WarehouseId w) {
  if (filter.only && *filter.only != w) return PromiseVerdict::not_asked;
  if (!filter.sku) return std::nullopt;
  const PairId p = m.pair(*filter.sku, w);
  if (p == kNoPair) return PromiseVerdict::not_stocked;
  if (filter.units && free_units(m, filter, p) < *filter.units) return PromiseVerdict::short_of_units;
  return std::nullopt;
}

/// The best quote of the warehouses `filter` considers and `also(w)` accepts.
template <class Also>
std::optional<PromiseQuote> best_quote(engine::Promise& promise, const Model& m, ZoneId z, SimTime t,
                                       const PromiseFilter& filter, Also&& also) {
  PromiseQuote best;
  const auto eligible = [&](WarehouseId w) { return !excluded(m, filter, w) && also(w); };
  if (!promise.best(z, t, eligible, best)) return std::nullopt;
  return best;
}

/// Warehouse `w`'s promise, distance and stock; its verdict when `filter` passes it over,
/// else `beaten` until the winner is known.
PromiseCandidate facts(const Model& m, engine::Promise& promise, ZoneId z, SimTime t, const PromiseFilter& filter,
                       WarehouseId w) {
  PromiseCandidate c;
  c.quote = promise.quote(w, z, t);
  c.km = m.distance(w, z);
  if (filter.sku) {
    const PairId p = m.pair(*filter.sku, w);
    c.stocks = p != kNoPair;
    if (c.stocks) c.free = free_units(m, filter, p);
  }
  c.verdict = excluded(m, filter, w).value_or(PromiseVerdict::beaten);
  return c;
}

}  // namespace

PromiseQuote quote_promise(const Model& m, ZoneId z, SimTime t, std::optional<WarehouseId> only,
                           std::optional<SkuId> sku) {
  return quote_promise(m, z, t, PromiseFilter{only, sku, std::nullopt}).value_or(PromiseQuote{});
}

std::optional<PromiseQuote> quote_promise(const Model& m, ZoneId z, SimTime t, const PromiseFilter& filter) {
  engine::Promise promise(m);
  return best_quote(promise, m, z, t, filter, [](WarehouseId) { return true; });
}

PromiseExplanation explain_promise(const Model& m, ZoneId z, SimTime t, const PromiseFilter& filter) {
  engine::Promise promise(m);
  PromiseExplanation e;
  for (WarehouseId w = 0; w < m.warehouse_count(); ++w) e.candidates.push_back(facts(m, promise, z, t, filter, w));
  const auto all = [](WarehouseId) { return true; };
  const std::optional<PromiseQuote> best = best_quote(promise, m, z, t, filter, all);
  if (!best) return e;
  e.winner = best->warehouse;
  PromiseCandidate& winner = e.candidates[best->warehouse];
  winner.verdict = PromiseVerdict::chosen;
  // The winner's rule is the one that beats the runner-up; each other warehouse's, the one
  // by which the winner beats it.
  const auto others = [&](WarehouseId w) { return w != best->warehouse; };
  if (const std::optional<PromiseQuote> runner_up = best_quote(promise, m, z, t, filter, others)) {
    winner.rival = runner_up->warehouse;
    winner.rule = engine::compare_promises(m, z, winner.quote, *runner_up).rule;
  }
  for (PromiseCandidate& c : e.candidates) {
    if (c.verdict != PromiseVerdict::beaten) continue;
    c.rival = best->warehouse;
    c.rule = engine::compare_promises(m, z, winner.quote, c.quote).rule;
  }
  return e;
}

namespace {

std::string winner_why(const Model& m, const PromiseFilter& filter, const PromiseCandidate& c) {
  if (!c.rival) {
    if (filter.only) return "the warehouse asked for";
    if (!filter.sku) return "the only warehouse";
    const std::string& sku = m.skus[*filter.sku].id;
    return filter.units ? "the only warehouse with " + std::to_string(*filter.units) + " units of " + sku + " free"
                        : "the only warehouse that stocks " + sku;
  }
  const std::string& rival = m.warehouses[*c.rival].id;
  switch (c.rule) {
    case PromiseRule::earlier_delivery: return "earliest delivery";
    case PromiseRule::shorter_distance: return "earliest delivery, same as " + rival + ", and nearer";
    case PromiseRule::file_order: return "earliest delivery, same as " + rival + " at the same distance, and first in file order";
  }
  return {};
}

std::string beaten_why(const Model& m, const PromiseCandidate& c) {
  const std::string& winner = m.warehouses[*c.rival].id;
  switch (c.rule) {
    case PromiseRule::earlier_delivery: return "later delivery than " + winner;
    case PromiseRule::shorter_distance: return "same delivery as " + winner + ", farther";
    case PromiseRule::file_order: return "same delivery and distance as " + winner + ", which comes first in file order";
  }
  return {};
}

}  // namespace

std::string promise_why(const Model& m, const PromiseFilter& filter, const PromiseCandidate& c) {
  switch (c.verdict) {
    case PromiseVerdict::chosen: return winner_why(m, filter, c);
    case PromiseVerdict::beaten: return beaten_why(m, c);
    case PromiseVerdict::not_asked: return "not the warehouse asked for";
    case PromiseVerdict::not_stocked: return "does not stock " + m.skus[*filter.sku].id;
    case PromiseVerdict::short_of_units:
      return "only " + std::to_string(c.free) + " units free, " + std::to_string(*filter.units) + " needed";
  }
  return {};
}

}  // namespace milkrun
