// Distances between places (SPEC §2 `distances`, R7): one km figure for transit bands,
// tie-breaks and routes alike.
#pragma once
#include <milkrun/scenario.hpp>

namespace milkrun {

/// Mean Earth radius in km (IUGG), as SPEC §2 prescribes for haversine.
inline constexpr double kEarthRadiusKm = 6371.0088;

/// Great-circle km between two lat/lon places (haversine), without circuity.
Km great_circle_km(const Location& a, const Location& b);

/// A lat/lon place with the cosine of its latitude worked out once, for the many legs of a
/// matrix row.
struct GreatCirclePoint {
  double lat = 0, lon = 0, cos_lat = 1;
};
GreatCirclePoint great_circle_point(const Location& a);
/// great_circle_km of the two places, bit for bit.
Km great_circle_km(const GreatCirclePoint& a, const GreatCirclePoint& b);

/// Straight-line km between two x/y places, without circuity.
Km euclidean_km(const Location& a, const Location& b);

/// Km rounded to the nearest integer, halves up (as CVRPLIB's nint does).
Km round_km(Km km);

/// Km from `a` to `b` under `d` in haversine or euclidean mode: great circle or straight
/// line, times `circuity`, rounded when `round` is set. Road networks need the travel
/// matrix (travel.hpp), which goes through the nodes.
Km distance_km(const Distances& d, const Location& a, const Location& b);

/// distance_km from a leg's `straight` km (great circle or straight line): circuity, rounding.
Km distance_km(const Distances& d, Km straight);

}  // namespace milkrun
