// Km and travel times between the places of a scenario (SPEC §2 `distances` and `roads`,
// R7, R23), computed once per scenario: haversine or euclidean legs, or shortest paths
// over the road network (Boost.Graph Dijkstra by km, time along that path).
#pragma once
#include <milkrun/scenario.hpp>

#include <Eigen/Core>

namespace milkrun {

/// Places are indexed warehouses first, then zones, suppliers and sellers, in file order.
struct TravelMatrix {
  Eigen::MatrixXd km;       ///< [from, to], rounded per leg when distances.round
  Eigen::MatrixXd seconds;  ///< [from, to] driving time (unrounded)
  std::size_t zones_at = 0, suppliers_at = 0, sellers_at = 0;

  std::size_t warehouse(std::size_t i) const { return i; }
  std::size_t zone(std::size_t i) const { return zones_at + i; }
  std::size_t supplier(std::size_t i) const { return suppliers_at + i; }
  std::size_t seller(std::size_t i) const { return sellers_at + i; }
};

/// The matrix of a parsed scenario. A pair with no path has km = +infinity (validation
/// reports the pairs that must be reachable).
TravelMatrix travel_matrix(const Scenario& scenario);

}  // namespace milkrun
