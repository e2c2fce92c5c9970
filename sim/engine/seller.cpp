#include "engine/seller.hpp"

namespace milkrun::engine {

Sellers::Sellers(const Model& model, std::uint64_t seed, int replication, EventQueue& events, Inventory& inventory,
                 Receiving& receiving, KpiAccounting& kpi)
    : m_(model),
      seed_(seed),
      replication_(replication),
      events_(events),
      inventory_(inventory),
      receiving_(receiving),
      kpi_(kpi),
      shipments_(model.sellers.size(), 0) {}

void Sellers::start() {
  for (SellerId s = 0; s < m_.sellers.size(); ++s)
    events_.schedule(next_weekly(m_, m_.sellers[s].review, 0), Rank::review, EventType::seller_review, s);
}

void Sellers::cartons_for(SellerId s, WarehouseId w, std::vector<Line>& lines) const {
  const SellerModel& seller = m_.sellers[s];
  lines.clear();
  for (PairId p : seller.pairs[w]) {
    const Units ip = inventory_.pairs()[p].inventory_position();
    const Units cover = m_.pairs[p].cover;
    if (ip >= cover) continue;
    const Units cartons = (cover - ip + seller.carton_units - 1) / seller.carton_units;
    lines.push_back({p, cartons * seller.carton_units, 0});
  }
}

void Sellers::on_review(SellerId s, SimTime t) {
  const SellerModel& seller = m_.sellers[s];
  std::vector<Line> lines;
  for (WarehouseId w = 0; w < seller.pairs.size(); ++w) {
    cartons_for(s, w, lines);
    if (lines.empty()) continue;
    Units units = 0;
    for (Line& l : lines) {
      l.placed = t;
      inventory_.pair(l.pair).on_order += l.units;
      kpi_.balance().ordered += l.units;
      units += l.units;
    }
    if (in_window(m_, t)) kpi_.seller(s).units_sent += units;
    Rng rng = StreamFamily(seed_, static_cast<std::uint64_t>(replication_), Purpose::transit, s).at(shipments_[s]++);
    receiving_.send_drawn(w, lines, t, seller.transit.sample(rng), seller.transit.mean(), s);
  }
  events_.schedule(next_weekly(m_, seller.review, t + 1), Rank::review, EventType::seller_review, s);
}

}  // namespace milkrun::engine
