// Replenishment (SPEC §3A R18-R21, R23): the RS / sS / base_stock policies, purchase
// orders to vendors (one lead-time draw each, then into receiving) and to milk-run
// suppliers, where they wait, oldest first, for a truck to load them.
#pragma once
#include "engine/events.hpp"
#include "engine/inventory.hpp"
#include "engine/kpi_accounting.hpp"
#include "engine/receiving.hpp"

#include <deque>
#include <vector>

namespace milkrun::engine {

/// A purchase order waiting at a milk-run supplier; its lines shrink as trucks load them.
struct PurchaseOrder {
  SimTime placed = 0;
  std::uint32_t first_line = 0, line_count = 0;
};

/// The last visit that had no room for some units of a purchase-order line (R35).
struct LeftBehind {
  SimTime depart = -1;
  RunId run = 0;
};

class Replenishment {
 public:
  Replenishment(const Model& model, std::uint64_t seed, int replication, EventQueue& events, Inventory& inventory,
                Receiving& receiving, KpiAccounting& kpi);

  /// The reorder checks at time 0 (R19) and the first vendor reviews.
  void start();
  /// R19-R20: an sS or base_stock pair orders up to S when its position is at most s. Inline:
  /// every order asks, and most pairs (RS, sellers') never review on demand.
  void check_reorder(PairId p, SimTime t) {
    if (inventory_.pair(p).reviews_on_demand) reorder_if_low(p, t);
  }
  /// R20-R21: one purchase order to `v` for every RS pair of `w` below S.
  void review_rs(SupplierId v, WarehouseId w, SimTime t);
  void on_vendor_review(SupplierId v, SimTime t);

  /// Purchase orders waiting at milk-run supplier `s` for `w`, oldest first.
  std::deque<std::uint32_t>& waiting(SupplierId s, WarehouseId w) { return queues_[s * m_.warehouse_count() + w]; }
  const std::deque<std::uint32_t>& waiting(SupplierId s, WarehouseId w) const {
    return queues_[s * m_.warehouse_count() + w];
  }
  const PurchaseOrder& purchase_order(std::uint32_t id) const { return orders_[id]; }
  Line& line(std::uint32_t i) { return lines_[i]; }
  const Line& line(std::uint32_t i) const { return lines_[i]; }
  /// R35: run `r` departing at `depart` left units of line `i` at the supplier for lack of
  /// truck capacity.
  void leave_behind(std::uint32_t i, SimTime depart, RunId r) { left_behind_[i] = {depart, r}; }
  /// The last visit that left units of line `i` behind; `depart` < 0 when none did.
  const LeftBehind& left_behind(std::uint32_t i) const { return left_behind_[i]; }
  /// Units still waiting at milk-run suppliers.
  Units units_waiting() const;

 private:
  void place_order(WarehouseId w, SupplierId v, std::vector<Line> lines, SimTime t);
  /// check_reorder for a pair that reviews on demand.
  void reorder_if_low(PairId p, SimTime t);

  const Model& m_;
  const std::uint64_t seed_;
  const int replication_;
  EventQueue& events_;
  Inventory& inventory_;
  Receiving& receiving_;
  KpiAccounting& kpi_;
  std::vector<std::uint64_t> vendor_orders_;  ///< per supplier, for its lead-time stream
  std::vector<PurchaseOrder> orders_;         ///< purchase orders placed with milk-run suppliers
  std::vector<Line> lines_;                   ///< their lines
  std::vector<LeftBehind> left_behind_;       ///< by line
  std::vector<std::deque<std::uint32_t>> queues_;  ///< [supplier * W + warehouse]: waiting orders
};

}  // namespace milkrun::engine
