#include "model/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace milkrun {
namespace {

double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

}  // namespace

Km great_circle_km(const Location& a, const Location& b) {
  return great_circle_km(great_circle_point(a), great_circle_point(b));
}

GreatCirclePoint great_circle_point(const Location& a) { return {a.lat, a.lon, std::cos(radians(a.lat))}; }

/// The haversine formula (Sinnott 1984), stable for short legs.
Km great_circle_km(const GreatCirclePoint& a, const GreatCirclePoint& b) {
  const double half_dlat = std::sin(radians(b.lat - a.lat) / 2);
  const double half_dlon = std::sin(radians(b.lon - a.lon) / 2);
  const double s = half_dlat * half_dlat + a.cos_lat * b.cos_lat * half_dlon * half_dlon;
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(s)));
}

Km euclidean_km(const Location& a, const Location& b) { return std::hypot(b.x - a.x, b.y - a.y); }

Km round_km(Km km) { return std::floor(km + 0.5); }

Km distance_km(const Distances& d, const Location& a, const Location& b) {
  return distance_km(d, d.mode == DistanceMode::euclidean ? euclidean_km(a, b) : great_circle_km(a, b));
}

Km distance_km(const Distances& d, Km straight) {
  const Km km = straight * d.circuity;
  return d.round ? round_km(km) : km;
}

}  // namespace milkrun
