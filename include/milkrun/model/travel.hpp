// Km and travel times between the places of a scenario (SPEC §2 `distances` and `roads`,
// R7, R23), computed once per scenario: haversine or euclidean legs, or shortest paths
// over the road network (Boost.Graph Dijkstra by km, time along that path).
#pragma once
#include <milkrun/scenario.hpp>

#include <Eigen/Core>

#include <memory>

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

/// travel_matrix, remembered: validation and each model build of the same places share the
/// matrix made for the first (a network of a thousand places takes 50 ms to make, and every
/// run validates and builds a model twice). The last one is kept, for the places, distances
/// and roads it was made from, compared exactly.
std::shared_ptr<const TravelMatrix> remembered_travel_matrix(const Scenario& scenario);

}  // namespace milkrun
