// Sellers (SPEC §3A R24): at each review they ship, per warehouse, the fewest whole cartons
// that bring each of their SKUs' inventory position to at least `cover_days` of demand; one
// shipment per (seller, warehouse, review) with one transit draw, into receiving.
#pragma once
#include "engine/events.hpp"
#include "engine/inventory.hpp"
#include "engine/kpi_accounting.hpp"
#include "engine/receiving.hpp"

#include <vector>

namespace milkrun::engine {

class Sellers {
 public:
  Sellers(const Model& model, std::uint64_t seed, int replication, EventQueue& events, Inventory& inventory,
          Receiving& receiving, KpiAccounting& kpi);

  /// The first review of every seller.
  void start();
  void on_review(SellerId s, SimTime t);

 private:
  /// The cartons seller `s` sends to `w` to cover its SKUs there.
  void cartons_for(SellerId s, WarehouseId w, std::vector<Line>& lines) const;

  const Model& m_;
  const std::uint64_t seed_;
  const int replication_;
  EventQueue& events_;
  Inventory& inventory_;
  Receiving& receiving_;
  KpiAccounting& kpi_;
  std::vector<std::uint64_t> shipments_;  ///< per seller, for its transit stream
};

}  // namespace milkrun::engine
