// Sellers (R24): at each review they ship, per warehouse, the fewest whole cartons that
// bring each of their SKUs' inventory position to at least `cover_days` of demand; one
// shipment per (seller, warehouse, review) with one transit draw, into receiving.
#include "engine/replication.hpp"

#include <cmath>

namespace milkrun {

void Replication::start_sellers() {
  for (SellerId s = 0; s < m_.sellers.size(); ++s)
    schedule(next_weekly(m_.sellers[s].review, 0), Rank::review, EventType::seller_review, s);
}

void Replication::on_seller_review(SellerId s, SimTime t) {
  const SellerModel& seller = m_.sellers[s];
  std::vector<Line> lines;
  for (WarehouseId w = 0; w < seller.pairs.size(); ++w) {
    lines.clear();
    for (PairId p : seller.pairs[w]) {
      const Units ip = pairs_[p].inventory_position();
      const Units cover = m_.pairs[p].cover;
      if (ip >= cover) continue;
      const Units cartons = (cover - ip + seller.carton_units - 1) / seller.carton_units;
      lines.push_back({p, cartons * seller.carton_units});
    }
    if (lines.empty()) continue;
    const std::uint32_t id = new_shipment(w, lines, t);
    shipments_[id].seller = s;
    for (const Line& l : lines) {
      pairs_[l.pair].on_order += l.units;
      result_.balance.ordered += l.units;
    }
    if (in_window(t)) seller_counters_[s].units_sent += shipments_[id].units;
    Rng rng = StreamFamily(seed_, static_cast<std::uint64_t>(replication_), Purpose::transit, s).at(seller_shipments_[s]++);
    schedule(t + std::llround(seller.transit.sample(rng)), Rank::stock, EventType::shipment_arrives, id);
  }
  schedule(next_weekly(seller.review, t + 1), Rank::review, EventType::seller_review, s);
}

}  // namespace milkrun
