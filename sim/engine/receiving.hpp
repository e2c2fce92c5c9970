// Receiving (SPEC §3A R13, R24, R34): stock on its way into a warehouse arrives, waits for
// the receiving dock (one FIFO server working units_per_hour inside its shifts) and
// dock_to_stock, then fills the pair's backorders first and becomes free stock.
#pragma once
#include "engine/events.hpp"
#include "engine/inventory.hpp"
#include "engine/kpi_accounting.hpp"
#include "engine/pick_pack.hpp"

#include <vector>

namespace milkrun::engine {

/// Units of one pair on a purchase order or a shipment.
struct Line {
  PairId pair;
  Units units;
};

/// Stock on its way into a warehouse: a vendor delivery, a milk-run truck's load or a
/// seller's cartons.
struct Shipment {
  WarehouseId warehouse = 0;
  std::uint32_t first_line = 0, line_count = 0;
  Units units = 0;
  SellerId seller = kNone;  ///< the sending seller, for seller KPIs
  SimTime sent = 0, arrived = 0;
};

class Receiving {
 public:
  Receiving(const Model& model, EventQueue& events, Inventory& inventory, PickPack& pick_pack, KpiAccounting& kpi);

  /// A shipment of `lines` sent to `w` at `t` (by `seller`, if any); it arrives at `arrives`.
  std::uint32_t send(WarehouseId w, const std::vector<Line>& lines, SimTime t, SimTime arrives, SellerId seller = kNone);

  void on_shipment_arrives(std::uint32_t shipment, SimTime t);
  void on_stock_free(std::uint32_t shipment, SimTime t);

 private:
  /// `units` of pair `p` of a shipment to `w` are put away at `t`.
  void put_away(WarehouseId w, PairId p, Units units, SimTime t);

  const Model& m_;
  EventQueue& events_;
  Inventory& inventory_;
  PickPack& pick_pack_;
  KpiAccounting& kpi_;
  std::vector<Shipment> shipments_;
  std::vector<Line> lines_;            ///< the shipments' lines
  std::vector<SimTime> receiving_free_;  ///< by warehouse: when its receiving server is free
};

}  // namespace milkrun::engine
