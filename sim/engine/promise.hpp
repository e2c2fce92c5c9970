// The delivery promise of SPEC §3.2 (R5-R9), the backorder promise (R34) and the fast
// promise (R16): the one implementation the engine uses for every order and
// `quote_promise` (hence `milkrun promise` and `check --promises`) uses for its quotes.
#pragma once
#include <milkrun/engine/promise.hpp>
#include <milkrun/model/model.hpp>

#include <algorithm>
#include <ranges>
#include <vector>

namespace milkrun::engine {

/// §3.2, R5: the rule that tells `a` and `b` apart for zone `z`, first that applies (the
/// earlier promised delivery, then the shorter distance), and whether `a` wins by it. A full
/// tie is `file_order` with `a_wins` false: callers keep the first warehouse they saw.
inline PromiseComparison compare_promises(const Model& m, ZoneId z, const PromiseQuote& a, const PromiseQuote& b) {
  if (a.deliver_by != b.deliver_by) return {PromiseRule::earlier_delivery, a.deliver_by < b.deliver_by};
  const Km km_a = m.distance(a.warehouse, z), km_b = m.distance(b.warehouse, z);
  if (km_a != km_b) return {PromiseRule::shorter_distance, km_a < km_b};
  return {PromiseRule::file_order, false};
}

/// Whether `a` beats `b` for zone `z` (§3.2, R5); `milkrun promise --explain` names the rule
/// with `compare_promises`, so the explanation is the comparison the engine makes.
inline bool better_promise(const Model& m, ZoneId z, const PromiseQuote& a, const PromiseQuote& b) {
  return compare_promises(m, z, a, b).a_wins;
}

/// Promises of every warehouse, with per-warehouse caches: the promised ship time is the
/// same for every instant up to the departure minus the pick SLA, and the delivery day
/// then only depends on the transit band.
class Promise {
 public:
  explicit Promise(const Model& model);

  /// Warehouse `w`'s promise to zone `z` for an in-stock order at `t` (§3.2, R6-R9).
  PromiseQuote quote(WarehouseId w, ZoneId z, SimTime t) {
    Cache& c = caches_[w];
    if (t > c.valid_to || t < c.valid_from) refresh(w, t);
    PromiseQuote q;
    q.warehouse = w;
    q.ship_by = c.ship;
    q.transit_days = m_.transit_days(w, z);
    DayIndex& by = c.deliver_by[static_cast<std::size_t>(q.transit_days)];
    if (by < 0) by = m_.calendar.nth_delivery_day_after(day_of(c.ship), q.transit_days);
    q.deliver_by = by;
    return q;
  }

  /// Warehouses 0 .. n-1 (std::views::iota would do, but clang 14, which the fuzz build
  /// needs, cannot compile libstdc++ 12's iota_view).
  struct AllWarehouses {
    WarehouseId n;
    struct Iterator {
      WarehouseId w;
      WarehouseId operator*() const { return w; }
      Iterator& operator++() { return ++w, *this; }
      bool operator!=(const Iterator& o) const { return w != o.w; }
    };
    Iterator begin() const { return {0}; }
    Iterator end() const { return {n}; }
  };

  /// The best promise among the warehouses `eligible(w)` accepts; false when it accepts none.
  template <class Eligible>
  bool best(ZoneId z, SimTime t, Eligible&& eligible, PromiseQuote& out) {
    return best_of(AllWarehouses{static_cast<WarehouseId>(m_.warehouse_count())}, z, t, eligible, out);
  }

  /// The same among `candidates` only: warehouses, `Stocking` entries or pairs' states, in any
  /// order (a SKU's pairs are numbered in its stock list's order, not the warehouses'): a full
  /// tie goes to the warehouse first in file order. The engine passes a SKU's pairs and accepts
  /// those with the units free.
  template <class Candidates, class Eligible>
  bool best_of(const Candidates& candidates, ZoneId z, SimTime t, Eligible&& eligible, PromiseQuote& out) {
    bool found = false;
    for (const auto& c : candidates) {
      if (!eligible(c)) continue;
      const PromiseQuote q = quote(warehouse_of(c), z, t);
      const PromiseComparison by = found ? compare_promises(m_, z, q, out) : PromiseComparison{};
      if (!found || by.a_wins || (by.rule == PromiseRule::file_order && q.warehouse < out.warehouse)) {
        out = q;
        found = true;
      }
    }
    return found;
  }

  /// R34: a backorder ships at the first departure `backorder_wait` after its arrival.
  PromiseQuote backorder(WarehouseId w, ZoneId z, SimTime t) const;

  /// R16: the last delivery day that keeps the fast promise for an order placed on `day`.
  DayIndex fast_limit(DayIndex day) {
    if (day != fast_day_) {
      fast_day_ = day;
      fast_limit_ = m_.calendar.nth_delivery_day_after(day, m_.prime_promise_days);
    }
    return fast_limit_;
  }

 private:
  static WarehouseId warehouse_of(WarehouseId w) { return w; }
  /// A `Stocking` entry, or a pair's state.
  template <class Candidate>
  static WarehouseId warehouse_of(const Candidate& c) { return c.warehouse; }

  struct Cache {
    SimTime valid_from = 1, valid_to = -1, ship = 0;
    std::vector<DayIndex> deliver_by;  ///< by band days, -1 = not yet computed
  };
  void refresh(WarehouseId w, SimTime t);

  const Model& m_;
  std::vector<Cache> caches_;
  DayIndex fast_day_ = -1000000, fast_limit_ = 0;
};

}  // namespace milkrun::engine
