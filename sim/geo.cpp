#include "geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace milkrun {
namespace {

double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

/// Great-circle distance by the haversine formula (Sinnott 1984), stable for short legs.
Km haversine_km(const Location& a, const Location& b) {
  const double dlat = radians(b.lat - a.lat);
  const double dlon = radians(b.lon - a.lon);
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(radians(a.lat)) * std::cos(radians(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(s)));
}

}  // namespace

Km distance_km(const Distances& d, const Location& a, const Location& b) {
  const Km straight = d.mode == DistanceMode::euclidean ? std::hypot(b.x - a.x, b.y - a.y) : haversine_km(a, b);
  const Km km = straight * d.circuity;
  // Halves up, as CVRPLIB's nint does.
  return d.round ? std::floor(km + 0.5) : km;
}

}  // namespace milkrun
