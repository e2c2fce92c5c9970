// Receiving (SPEC §3A R13, R24, R34): stock on its way into a warehouse arrives, waits for
// the receiving dock (one FIFO server working units_per_hour inside its shifts) and
// dock_to_stock, then fills the pair's backorders first and becomes free stock. It knows
// which vendor and seller shipments still on the road are late (§7 R35).
#pragma once
#include "engine/block_queue.hpp"
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
  SimTime placed = 0;  ///< when the units were ordered (supplier units_received, §7)
};

/// Stock on its way into a warehouse: a vendor delivery, a milk-run truck's load or a
/// seller's cartons.
struct Shipment {
  WarehouseId warehouse = 0;
  std::uint64_t first_line = 0;  ///< its lines are Receiving::lines_ first_line .. first_line + line_count - 1
  std::uint32_t line_count = 0;
  Units units = 0;
  SellerId seller = kNone;  ///< the sending seller, for seller KPIs
  SimTime sent = 0, arrived = 0;
  SimTime due = 0;             ///< when it arrives
  SimTime late_from = kNever;  ///< R35: its expected arrival, when its drawn lead time is above the mean
  bool in_stock = false;       ///< its units are put away: its lines are done with
};

class Receiving {
 public:
  Receiving(const Model& model, EventQueue& events, Inventory& inventory, PickPack& pick_pack, KpiAccounting& kpi);

  /// A shipment of `lines` sent to `w` at `t` (by `seller`, if any); it arrives at `arrives`.
  std::uint32_t send(WarehouseId w, const std::vector<Line>& lines, SimTime t, SimTime arrives, SellerId seller = kNone);
  /// A vendor or seller shipment whose lead time was drawn: `drawn` seconds against a mean of
  /// `mean` (R35: late when drawn is above the mean).
  std::uint32_t send_drawn(WarehouseId w, const std::vector<Line>& lines, SimTime t, double drawn, double mean,
                           SellerId seller = kNone);
  /// R35: a late shipment on the road with units of pair `p` that was expected by `t`, or
  /// nullptr.
  const Shipment* late_inbound(PairId p, SimTime t) const;

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
  /// The shipments' lines; those before the oldest shipment not yet in stock are let go of.
  BlockQueue<Line> lines_;
  std::uint32_t oldest_open_ = 0;  ///< the oldest shipment not yet in stock
  std::vector<std::vector<std::uint32_t>> late_;  ///< by pair: late shipments not yet arrived
  std::vector<SimTime> receiving_free_;  ///< by warehouse: when its receiving server is free
};

}  // namespace milkrun::engine
