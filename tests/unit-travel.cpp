// The travel matrix (travel.hpp, SPEC §2 `distances` and `roads`, R7) against small graphs
// computed by hand.
#include <doctest/doctest.h>

#include <milkrun/model/travel.hpp>

#include <cmath>
#include <numbers>

using namespace milkrun;

namespace {

Location xy(double x, double y) {
  Location l;
  l.x = x, l.y = y, l.has_xy = true;
  return l;
}

Location latlon(double lat, double lon) {
  Location l;
  l.lat = lat, l.lon = lon, l.has_latlon = true;
  return l;
}

Location at_node(const std::string& id) {
  Location l;
  l.node = id;
  return l;
}

/// A scenario with one warehouse and the given zones, in `mode`.
Scenario places(DistanceMode mode, const Location& warehouse, const std::vector<Location>& zones) {
  Scenario s;
  s.distances.mode = mode;
  s.warehouses.push_back(WarehouseSpec{});
  s.warehouses[0].location = warehouse;
  for (const Location& z : zones) {
    s.zones.push_back(ZoneSpec{});
    s.zones.back().location = z;
  }
  return s;
}

RoadNode node(const std::string& id, double x, double y) { return RoadNode{id, xy(x, y)}; }

RoadEdge edge(const std::string& from, const std::string& to, Km km, std::optional<double> kmh = std::nullopt,
              bool oneway = false) {
  return RoadEdge{from, to, km, kmh, oneway};
}

double km(const TravelMatrix& t, std::size_t a, std::size_t b) {
  return t.km(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
}

double seconds(const TravelMatrix& t, std::size_t a, std::size_t b) {
  return t.seconds(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
}

/// Warehouse at node A, zones at B and C: A-B 10 km at 50 km/h, A-C 4 km at 20 km/h,
/// C-B 5 km at 10 km/h. Shortest A→B by km is A-C-B (9 km) although A-B is faster.
Scenario triangle() {
  Scenario s = places(DistanceMode::roads, at_node("A"), {at_node("B"), at_node("C")});
  s.roads = Roads{{node("A", 0, 0), node("B", 10, 0), node("C", 4, 0)},
                  {edge("A", "B", 10, 50), edge("A", "C", 4, 20), edge("C", "B", 5, 10)}};
  return s;
}

}  // namespace

TEST_CASE("places are indexed warehouses, zones, suppliers, then sellers") {
  Scenario s = places(DistanceMode::euclidean, xy(0, 0), {xy(3, 4), xy(6, 8)});
  s.suppliers.push_back(SupplierSpec{});
  s.suppliers[0].location = xy(0, 1);
  s.sellers.push_back(SellerSpec{});
  s.sellers[0].location = xy(0, 2);
  const TravelMatrix t = travel_matrix(s);
  CHECK(t.km.rows() == 5);
  CHECK(t.zone(1) == 2);
  CHECK(t.supplier(0) == 3);
  CHECK(t.seller(0) == 4);
  CHECK(km(t, t.warehouse(0), t.zone(1)) == doctest::Approx(10));
  CHECK(km(t, t.zone(1), t.seller(0)) == doctest::Approx(std::hypot(6, 6)));
  CHECK(km(t, t.seller(0), t.seller(0)) == 0);
}

TEST_CASE("straight legs take circuity and speed_kmh, and are symmetric") {
  Scenario s = places(DistanceMode::euclidean, xy(0, 0), {xy(3, 4)});
  s.distances.circuity = 1.2;
  s.distances.speed_kmh = 40;
  const TravelMatrix t = travel_matrix(s);
  CHECK(km(t, 0, 1) == doctest::Approx(6.0));
  CHECK(km(t, 1, 0) == doctest::Approx(6.0));
  CHECK(seconds(t, 0, 1) == doctest::Approx(6.0 / 40 * 3600));
}

TEST_CASE("haversine legs are great circles with the mean Earth radius") {
  const Scenario s = places(DistanceMode::haversine, latlon(0, 0), {latlon(1, 0)});
  const TravelMatrix t = travel_matrix(s);
  CHECK(km(t, 0, 1) == doctest::Approx(6371.0088 * std::numbers::pi / 180).epsilon(1e-12));
  CHECK(seconds(t, 0, 1) == doctest::Approx(km(t, 0, 1) / 60 * 3600));
}

TEST_CASE("rounding takes each leg's km to the nearest integer, halves up, and time follows it") {
  Scenario s = places(DistanceMode::euclidean, xy(0, 0), {xy(2.5, 0), xy(0, 2.49)});
  s.distances.round = true;
  const TravelMatrix t = travel_matrix(s);
  CHECK(km(t, 0, 1) == 3);
  CHECK(km(t, 0, 2) == 2);
  CHECK(seconds(t, 0, 1) == doctest::Approx(3.0 / 60 * 3600));
}

TEST_CASE("roads: paths are shortest by km and their time is the sum of edge km over edge kmh") {
  const TravelMatrix t = travel_matrix(triangle());
  CHECK(km(t, 0, 1) == doctest::Approx(9));
  CHECK(seconds(t, 0, 1) == doctest::Approx((4.0 / 20 + 5.0 / 10) * 3600));
  CHECK(km(t, 0, 2) == doctest::Approx(4));
  CHECK(km(t, 1, 2) == doctest::Approx(5));
}

TEST_CASE("roads: an edge without kmh drives at distances.speed_kmh") {
  Scenario s = triangle();
  s.roads->edges = {edge("A", "C", 4), edge("C", "B", 5, 10)};
  s.distances.speed_kmh = 80;
  const TravelMatrix t = travel_matrix(s);
  CHECK(seconds(t, 0, 2) == doctest::Approx(4.0 / 80 * 3600));
  CHECK(seconds(t, 0, 1) == doctest::Approx((4.0 / 80 + 5.0 / 10) * 3600));
}

TEST_CASE("roads: two-way edges run both ways, a oneway edge only from its from node") {
  Scenario s = triangle();
  s.roads->edges = {edge("A", "B", 10, std::nullopt, true), edge("A", "C", 4)};
  const TravelMatrix t = travel_matrix(s);
  CHECK(km(t, 0, 1) == doctest::Approx(10));
  CHECK(std::isinf(km(t, 1, 0)));
  CHECK(std::isinf(seconds(t, 1, 0)));
  CHECK(km(t, 2, 0) == doctest::Approx(4));
  CHECK(km(t, 2, 1) == doctest::Approx(14));
  CHECK(std::isinf(km(t, 1, 2)));
}

TEST_CASE("roads: places in another component are unreachable, at infinite km") {
  Scenario s = triangle();
  s.roads->nodes.push_back(node("D", 50, 50));
  s.zones[1].location = at_node("D");
  const TravelMatrix t = travel_matrix(s);
  CHECK(std::isinf(km(t, 0, 2)));
  CHECK(std::isinf(km(t, 2, 0)));
  CHECK(km(t, 2, 2) == 0);
}

TEST_CASE("roads: coordinates attach to the nearest node, and places at one node are 0 km apart") {
  Scenario s = triangle();
  s.zones[0].location = xy(9, 1);   // nearest B
  s.zones[1].location = xy(3, -1);  // nearest C
  s.warehouses[0].location = xy(-5, -5);
  const TravelMatrix t = travel_matrix(s);
  CHECK(km(t, 0, 1) == doctest::Approx(9));
  CHECK(km(t, 0, 2) == doctest::Approx(4));
  s.zones[1].location = at_node("B");
  CHECK(km(travel_matrix(s), 1, 2) == 0);
}

TEST_CASE("roads: lat/lon places attach by great-circle distance, not by degrees") {
  // At 60°N a degree of longitude is half a degree of latitude: N1 is 167 km away, N2 200 km,
  // although N2 is nearer in degrees.
  Scenario s = places(DistanceMode::roads, latlon(60, 0), {at_node("N2")});
  s.roads = Roads{{RoadNode{"N1", latlon(60, 3)}, RoadNode{"N2", latlon(61.8, 0)}}, {edge("N1", "N2", 100)}};
  CHECK(km(travel_matrix(s), 0, 1) == doctest::Approx(100));
}

TEST_CASE("roads: circuity does not apply, and rounding applies to the whole leg") {
  Scenario s = triangle();
  s.distances.circuity = 1.5;
  s.roads->edges = {edge("A", "C", 1.2), edge("C", "B", 1.3)};
  CHECK(km(travel_matrix(s), 0, 1) == doctest::Approx(2.5));
  s.distances.round = true;
  const TravelMatrix t = travel_matrix(s);
  CHECK(km(t, 0, 1) == 3);  // 1.2 + 1.3 = 2.5 rounds up; edge by edge it would be 1 + 1
  CHECK(km(t, 0, 2) == 1);
  CHECK(seconds(t, 0, 1) == doctest::Approx(2.5 / 60 * 3600));
}

TEST_CASE("a remembered matrix is the matrix of those very places; any change makes a new one") {
  Scenario s = places(DistanceMode::haversine, latlon(40.7, -74.0), {latlon(41.9, -87.6), latlon(34.1, -118.2)});
  const auto first = remembered_travel_matrix(s);
  CHECK(remembered_travel_matrix(s) == first);  // the same places: the same matrix, not a new one
  const TravelMatrix fresh = travel_matrix(s);
  CHECK(first->km == fresh.km);
  CHECK(first->seconds == fresh.seconds);

  s.zones[1].location.lon = -118.3;  // a place moves
  const auto moved = remembered_travel_matrix(s);
  CHECK(moved != first);
  CHECK(moved->km == travel_matrix(s).km);
  CHECK(km(*moved, 0, 2) != km(*first, 0, 2));

  s.distances.circuity = 1.3;  // so do the distance settings
  CHECK(remembered_travel_matrix(s)->km(0, 1) == doctest::Approx(1.3 * km(*moved, 0, 1)));
  const Scenario roads = triangle();
  CHECK(km(*remembered_travel_matrix(roads), 0, 1) == doctest::Approx(9));
  Scenario slower = triangle();
  slower.roads->edges[2].kmh = 5;  // an edge's speed changes the time, not the km
  CHECK(seconds(*remembered_travel_matrix(slower), 0, 1) == doctest::Approx(seconds(travel_matrix(slower), 0, 1)));
  CHECK(seconds(*remembered_travel_matrix(slower), 0, 1) != seconds(*remembered_travel_matrix(roads), 0, 1));
}
