// Checks on places and the travel between them (SPEC §2 `distances` and `roads`, R7): road
// references, zones reachable and within the transit bands, milk-run legs drivable. All
// use the travel matrix, so the km checked here are the km the model runs on.
#include <milkrun/model/travel.hpp>

#include "input/validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace milkrun {
namespace {

/// A place in travel-matrix order, with what messages say about it.
struct Place {
  const Location* location;
  std::string pointer;
  std::string name;  ///< `warehouse "W"`, `zone "Z"`, ...
};

template <class Spec>
void add_places(const std::vector<Spec>& specs, const char* kind, std::vector<Place>& out) {
  for (const Spec& s : specs) out.push_back({&s.location, s.pointer, std::string(kind) + " \"" + s.id + "\""});
}

std::vector<Place> places_of(const Scenario& s) {
  std::vector<Place> places;
  add_places(s.warehouses, "warehouse", places);
  add_places(s.zones, "zone", places);
  add_places(s.suppliers, "supplier", places);
  add_places(s.sellers, "seller", places);
  return places;
}

constexpr Km kNoLimit = std::numeric_limits<Km>::infinity();

const char* mode_name(DistanceMode mode) {
  switch (mode) {
    case DistanceMode::euclidean: return "euclidean";
    case DistanceMode::roads: return "roads";
    case DistanceMode::haversine: break;
  }
  return "haversine";
}

/// Edges between known nodes; false when an edge is lost, so shortest paths would mislead.
bool check_edges(const Roads& roads, const IdIndex& nodes, Problems& out) {
  bool sound = true;
  for (std::size_t i = 0; i < roads.edges.size(); ++i) {
    const RoadEdge& e = roads.edges[i];
    for (const auto& [key, id] : {std::pair{"from", &e.from}, std::pair{"to", &e.to}}) {
      if (nodes.find(*id)) continue;
      sound = false;
      if (!id->empty()) out.add("/roads/edges/" + std::to_string(i) + "/" + key, nodes.missing(*id));
    }
  }
  return sound;
}

/// Road mode: which places stand at a known node or have the coordinates to attach to one.
std::vector<bool> locate_on_roads(const Scenario& s, const std::vector<Place>& places, Problems& out) {
  std::vector<bool> located(places.size(), false);
  if (!s.roads) return located;  // the missing network is reported already
  struct NodeRef {
    std::string id, pointer;
  };
  std::vector<NodeRef> refs;
  for (std::size_t i = 0; i < s.roads->nodes.size(); ++i) refs.push_back({s.roads->nodes[i].id, "/roads/nodes/" + std::to_string(i)});
  const IdIndex nodes(refs, "road node", out);
  const bool xy = place_rules(s.distances, s.roads).xy;
  bool sound = check_edges(*s.roads, nodes, out);
  for (const RoadNode& n : s.roads->nodes) sound = sound && (xy ? n.location.has_xy : n.location.has_latlon);
  for (std::size_t i = 0; i < places.size(); ++i) {
    const Location& l = *places[i].location;
    if (l.node.empty()) {
      located[i] = xy ? l.has_xy : l.has_latlon;
    } else if (nodes.find(l.node)) {
      located[i] = true;
    } else {
      out.add(places[i].pointer + "/location/node", nodes.missing(l.node));
    }
  }
  if (!sound) located.assign(places.size(), false);
  return located;
}

/// [warehouse × supplier]: whether some SKU of the supplier is stocked at the warehouse.
std::vector<bool> stocked_pairs(const Scenario& s, const ScenarioIds& ids) {
  std::vector<bool> stocked(s.warehouses.size() * s.suppliers.size());
  // The warehouses of catalog_stock's entries, looked up once rather than per generated SKU.
  std::vector<std::optional<std::size_t>> shared;
  for (const StockSpec& st : s.catalog_stock) shared.push_back(ids.warehouses.find(st.warehouse));
  for (const SkuSpec& sku : s.skus) {
    const auto k = sku.supplier.empty() ? std::nullopt : ids.suppliers.find(sku.supplier);
    if (!k) continue;
    const std::span<const StockSpec> stock = s.stock_of(sku);
    for (std::size_t i = 0; i < stock.size(); ++i) {
      const auto w = sku.generated ? shared[sku.catalog_stock + i] : ids.warehouses.find(stock[i].warehouse);
      if (w) stocked[*w * s.suppliers.size() + *k] = true;
    }
  }
  return stocked;
}

std::vector<bool> locate(const Scenario& s, const std::vector<Place>& places, Problems& out) {
  if (s.distances.mode == DistanceMode::roads) return locate_on_roads(s, places, out);
  std::vector<bool> located;
  for (const Place& p : places)
    located.push_back(s.distances.mode == DistanceMode::euclidean ? p.location->has_xy : p.location->has_latlon);
  return located;
}

/// Reachability and distance checks over the travel matrix, for located places only.
struct Reach {
  const Scenario& s;
  const ScenarioIds& ids;
  const std::vector<Place>& places;
  const std::vector<bool>& located;
  const TravelMatrix& t;
  const std::vector<bool> stocked;  ///< [warehouse × supplier]: some SKU of the supplier is stocked there
  Problems& out;

  double km(std::size_t a, std::size_t b) const { return t.km(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)); }

  /// Reports `where` when the leg a → b has no path; true when it has one.
  bool leg(std::size_t a, std::size_t b, const std::string& where) const {
    if (!located[a] || !located[b] || std::isfinite(km(a, b))) return true;
    out.add(where, places[b].name + " cannot be reached from " + places[a].name + " over the road network");
    return false;
  }

  void zones() const {
    const auto& bands = s.carrier.transit_days;
    // With a catch-all last band every distance is covered.
    const Km limit = bands.empty() || !bands.back().max_km ? kNoLimit : *bands.back().max_km;
    for (std::size_t z = 0; z < s.zones.size(); ++z)
      for (std::size_t w = 0; w < s.warehouses.size(); ++w) {
        const std::size_t from = t.warehouse(w), to = t.zone(z);
        if (!leg(from, to, s.zones[z].pointer) || !located[from] || !located[to] || km(from, to) <= limit)
          continue;
        char text[64];
        std::snprintf(text, sizeof text, "%.1f km", km(from, to));
        out.add(s.zones[z].pointer, "zone \"" + s.zones[z].id + "\" is " + text + " from warehouse \"" +
                                        s.warehouses[w].id + "\", beyond the last transit band (max_km " +
                                        number_text(limit) + "); add a band without \"max_km\" or a farther one");
      }
  }

  /// Listed loops: warehouse → first stop → ... → last stop → warehouse.
  void loops(const MilkRunSpec& run, std::size_t w) const {
    for (std::size_t l = 0; l < run.loops.size(); ++l) {
      std::size_t at = t.warehouse(w), last_j = 0;
      bool any = false;
      for (std::size_t j = 0; j < run.loops[l].size(); ++j) {
        const auto k = ids.suppliers.find(run.loops[l][j]);
        if (!k) continue;  // reported by check_milk_runs
        leg(at, t.supplier(*k), stop_pointer(run, l, j));
        at = t.supplier(*k), last_j = j, any = true;
      }
      if (any) leg(at, t.warehouse(w), stop_pointer(run, l, last_j));
    }
  }

  /// "stops": "auto": the warehouse and each supplier it may serve, both ways.
  void auto_stops(const MilkRunSpec& run, std::size_t w) const {
    const auto both_ways = [&](std::size_t k, const std::string& where) {
      leg(t.warehouse(w), t.supplier(k), where);
      leg(t.supplier(k), t.warehouse(w), where);
    };
    for (std::size_t j = 0; j < run.serves.size(); ++j)
      if (const auto k = ids.suppliers.find(run.serves[j])) both_ways(*k, run.pointer + "/serves/" + std::to_string(j));
    if (!run.serves.empty()) return;
    for (std::size_t k = 0; k < s.suppliers.size(); ++k)
      if (s.suppliers[k].delivery == Delivery::milk_run && stocked_at(k, w)) both_ways(k, run.pointer + "/stops");
  }

  bool stocked_at(std::size_t supplier, std::size_t w) const { return stocked[w * s.suppliers.size() + supplier]; }

  void milk_runs() const {
    for (const MilkRunSpec& run : s.milk_runs) {
      const auto w = ids.warehouses.find(run.warehouse);
      if (!w) continue;
      if (run.auto_stops) auto_stops(run, *w);
      else loops(run, *w);
    }
  }
};

}  // namespace

void check_places(const Scenario& s, const ScenarioIds& ids, Problems& out, Problems& warnings) {
  if (s.roads && s.distances.mode != DistanceMode::roads)
    warnings.add("/roads", std::string("is ignored: distances.mode is \"") + mode_name(s.distances.mode) + "\"");
  const std::vector<Place> places = places_of(s);
  const std::vector<bool> located = locate(s, places, out);
  if (std::find(located.begin(), located.end(), true) == located.end()) return;
  const std::shared_ptr<const TravelMatrix> travel = remembered_travel_matrix(s);
  const Reach reach{s, ids, places, located, *travel, stocked_pairs(s, ids), out};
  reach.zones();
  reach.milk_runs();
}

}  // namespace milkrun
