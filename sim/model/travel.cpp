// The travel matrix of a scenario (travel.hpp): straight legs in haversine and euclidean
// mode, shortest paths by km over the road network in roads mode (R7, R23).
#include <milkrun/model/travel.hpp>

#include "model/geo.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace milkrun {
namespace {

constexpr double kUnreachable = std::numeric_limits<double>::infinity();
constexpr double kSecondsPerHour = 3600.0;

/// The places of a scenario in matrix order; sets the offsets of `t`.
std::vector<const Location*> places_of(const Scenario& s, TravelMatrix& t) {
  std::vector<const Location*> places;
  for (const WarehouseSpec& w : s.warehouses) places.push_back(&w.location);
  t.zones_at = places.size();
  for (const ZoneSpec& z : s.zones) places.push_back(&z.location);
  t.suppliers_at = places.size();
  for (const SupplierSpec& p : s.suppliers) places.push_back(&p.location);
  t.sellers_at = places.size();
  for (const SellerSpec& p : s.sellers) places.push_back(&p.location);
  return places;
}

Eigen::Index at(std::size_t i) { return static_cast<Eigen::Index>(i); }

void fill_straight(const Scenario& s, const std::vector<const Location*>& places, TravelMatrix& t) {
  const double kmh = s.distances.speed_kmh;
  const bool latlon = s.distances.mode != DistanceMode::euclidean;
  std::vector<GreatCirclePoint> points;  // haversine: each latitude's cosine once, not once a leg
  if (latlon)
    for (const Location* place : places) points.push_back(great_circle_point(*place));
  for (std::size_t i = 0; i < places.size(); ++i)
    for (std::size_t j = i + 1; j < places.size(); ++j) {
      const Km straight = latlon ? great_circle_km(points[i], points[j]) : euclidean_km(*places[i], *places[j]);
      const Km km = distance_km(s.distances, straight);
      t.km(at(i), at(j)) = t.km(at(j), at(i)) = km;
      t.seconds(at(i), at(j)) = t.seconds(at(j), at(i)) = km / kmh * kSecondsPerHour;
    }
}

/// An edge of the road graph: its km (the Dijkstra weight) and its driving hours.
struct RoadLeg {
  double km = 0, hours = 0;
};
using RoadGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, RoadLeg>;
using Vertex = RoadGraph::vertex_descriptor;

/// Records the hours along the shortest-by-km path: when Dijkstra relaxes (u, v), u is
/// settled, so hours[u] is final and the last relaxation of v is its path.
struct HoursAlongPath : boost::default_dijkstra_visitor {
  std::vector<double>* hours;
  explicit HoursAlongPath(std::vector<double>& h) : hours(&h) {}
  template <class Edge, class Graph>
  void edge_relaxed(Edge e, const Graph& g) const {
    (*hours)[boost::target(e, g)] = (*hours)[boost::source(e, g)] + g[e].hours;
  }
};

/// The road network with its nodes indexed by id, in file order.
class RoadNetwork {
 public:
  RoadNetwork(const Roads& roads, double default_kmh) : roads_(roads), graph_(roads.nodes.size()) {
    for (std::size_t i = 0; i < roads.nodes.size(); ++i) index_.emplace(roads.nodes[i].id, i);
    for (const RoadEdge& e : roads.edges) {
      const auto from = node(e.from), to = node(e.to);
      if (!from || !to) continue;  // validation reports unknown nodes
      const RoadLeg leg{e.km, e.km / e.kmh.value_or(default_kmh)};
      boost::add_edge(*from, *to, leg, graph_);
      if (!e.oneway) boost::add_edge(*to, *from, leg, graph_);
    }
  }

  std::optional<Vertex> node(const std::string& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? std::nullopt : std::optional<Vertex>(it->second);
  }

  /// The node a place stands at: its `node`, or the nearest node to its coordinates
  /// (great circle for lat/lon nodes, straight line for x/y; ties to the first in file order).
  std::optional<Vertex> attach(const Location& place) const {
    if (!place.node.empty()) return node(place.node);
    if (roads_.nodes.empty()) return std::nullopt;
    const bool latlon = roads_.nodes.front().location.has_latlon;
    if (latlon ? !place.has_latlon : !place.has_xy) return std::nullopt;
    std::optional<Vertex> best;
    Km best_km = kUnreachable;
    for (std::size_t i = 0; i < roads_.nodes.size(); ++i) {
      const Location& at = roads_.nodes[i].location;
      const Km km = latlon ? great_circle_km(place, at) : euclidean_km(place, at);
      if (km < best_km) best = i, best_km = km;
    }
    return best;
  }

  /// Km and hours of the shortest-by-km paths from `from` to every node.
  void shortest_from(Vertex from, std::vector<double>& km, std::vector<double>& hours) const {
    const std::size_t n = boost::num_vertices(graph_);
    km.assign(n, kUnreachable);
    hours.assign(n, kUnreachable);
    hours[from] = 0;
    boost::dijkstra_shortest_paths(graph_, from,
                                   boost::weight_map(boost::get(&RoadLeg::km, graph_))
                                       .distance_map(km.data())
                                       .distance_inf(kUnreachable)
                                       .visitor(HoursAlongPath(hours)));
  }

 private:
  const Roads& roads_;
  RoadGraph graph_;
  std::unordered_map<std::string, Vertex> index_;
};

void fill_roads(const Scenario& s, const std::vector<const Location*>& places, TravelMatrix& t) {
  t.km.setConstant(kUnreachable);
  t.seconds.setConstant(kUnreachable);
  if (!s.roads) return;
  const RoadNetwork network(*s.roads, s.distances.speed_kmh);
  std::vector<std::optional<Vertex>> node_of;
  std::unordered_map<Vertex, std::vector<std::size_t>> places_at;
  for (std::size_t i = 0; i < places.size(); ++i) {
    node_of.push_back(network.attach(*places[i]));
    if (node_of.back()) places_at[*node_of.back()].push_back(i);
  }
  std::vector<double> km, hours;
  for (const auto& [from, sources] : places_at) {
    network.shortest_from(from, km, hours);
    for (std::size_t j = 0; j < places.size(); ++j) {
      if (!node_of[j]) continue;
      const Km leg = s.distances.round ? round_km(km[*node_of[j]]) : km[*node_of[j]];
      for (std::size_t i : sources) {
        t.km(at(i), at(j)) = leg;
        t.seconds(at(i), at(j)) = hours[*node_of[j]] * kSecondsPerHour;
      }
    }
  }
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_location(const Location& a, const Location& b) {
  return same_bits(a.lat, b.lat) && same_bits(a.lon, b.lon) && same_bits(a.x, b.x) && same_bits(a.y, b.y) &&
         a.has_latlon == b.has_latlon && a.has_xy == b.has_xy && a.node == b.node;
}

bool same_roads(const std::optional<Roads>& a, const std::optional<Roads>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  if (a->nodes.size() != b->nodes.size() || a->edges.size() != b->edges.size()) return false;
  for (std::size_t i = 0; i < a->nodes.size(); ++i)
    if (a->nodes[i].id != b->nodes[i].id || !same_location(a->nodes[i].location, b->nodes[i].location)) return false;
  for (std::size_t i = 0; i < a->edges.size(); ++i) {
    const RoadEdge &x = a->edges[i], &y = b->edges[i];
    if (x.from != y.from || x.to != y.to || !same_bits(x.km, y.km) || x.kmh.has_value() != y.kmh.has_value() ||
        (x.kmh && !same_bits(*x.kmh, *y.kmh)) || x.oneway != y.oneway)
      return false;
  }
  return true;
}

/// Everything travel_matrix reads of a scenario.
struct TravelInputs {
  Distances distances;
  std::vector<Location> places;
  std::size_t zones_at = 0, suppliers_at = 0, sellers_at = 0;
  std::optional<Roads> roads;

  explicit TravelInputs(const Scenario& s) : distances(s.distances), roads(s.roads) {
    TravelMatrix offsets;
    for (const Location* place : places_of(s, offsets)) places.push_back(*place);
    zones_at = offsets.zones_at, suppliers_at = offsets.suppliers_at, sellers_at = offsets.sellers_at;
  }

  bool operator==(const TravelInputs& o) const {
    if (distances.mode != o.distances.mode || !same_bits(distances.circuity, o.distances.circuity) ||
        !same_bits(distances.speed_kmh, o.distances.speed_kmh) || distances.round != o.distances.round ||
        zones_at != o.zones_at || suppliers_at != o.suppliers_at || sellers_at != o.sellers_at ||
        places.size() != o.places.size() || !same_roads(roads, o.roads))
      return false;
    for (std::size_t i = 0; i < places.size(); ++i)
      if (!same_location(places[i], o.places[i])) return false;
    return true;
  }
};

}  // namespace

TravelMatrix travel_matrix(const Scenario& scenario) {
  TravelMatrix t;
  const std::vector<const Location*> places = places_of(scenario, t);
  const auto n = at(places.size());
  t.km = Eigen::MatrixXd::Zero(n, n);
  t.seconds = Eigen::MatrixXd::Zero(n, n);
  if (scenario.distances.mode == DistanceMode::roads) fill_roads(scenario, places, t);
  else fill_straight(scenario, places, t);
  for (Eigen::Index i = 0; i < n; ++i) t.km(i, i) = t.seconds(i, i) = 0;
  return t;
}

std::shared_ptr<const TravelMatrix> remembered_travel_matrix(const Scenario& scenario) {
  static std::mutex mutex;
  static std::optional<TravelInputs> kept_inputs;
  static std::shared_ptr<const TravelMatrix> kept;
  TravelInputs inputs(scenario);
  {
    const std::lock_guard lock(mutex);
    if (kept_inputs && *kept_inputs == inputs) return kept;
  }
  // Made outside the lock: threads building models of other places (a sweep's variants) do
  // not wait for each other.
  auto made = std::make_shared<const TravelMatrix>(travel_matrix(scenario));
  const std::lock_guard lock(mutex);
  kept_inputs.emplace(std::move(inputs));
  kept = made;
  return made;
}

}  // namespace milkrun
