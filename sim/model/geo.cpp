#include "model/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace milkrun {
namespace {

double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

}  // namespace

/// The haversine formula (Sinnott 1984), stable for short legs.
Km great_circle_km(const Location& a, const Location& b) {
  const double dlat = radians(b.lat - a.lat);
  const double dlon = radians(b.lon - a.lon);
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(radians(a.lat)) * std::cos(radians(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(s)));
}

Km euclidean_km(const Location& a, const Location& b) { return std::hypot(b.x - a.x, b.y - a.y); }

Km round_km(Km km) { return std::floor(km + 0.5); }

Km distance_km(const Distances& d, const Location& a, const Location& b) {
  const Km straight = d.mode == DistanceMode::euclidean ? euclidean_km(a, b) : great_circle_km(a, b);
  const Km km = straight * d.circuity;
  return d.round ? round_km(km) : km;
}

}  // namespace milkrun
