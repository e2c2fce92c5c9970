// Distances between places (SPEC §2 `distances`, R7): one km figure for transit bands,
// tie-breaks and routes alike.
#pragma once
#include <milkrun/scenario.hpp>

namespace milkrun {

/// Mean Earth radius in km (IUGG), as SPEC §2 prescribes for haversine.
inline constexpr double kEarthRadiusKm = 6371.0088;

/// Great-circle km between two lat/lon places (haversine), without circuity.
Km great_circle_km(const Location& a, const Location& b);

/// Straight-line km between two x/y places, without circuity.
Km euclidean_km(const Location& a, const Location& b);

/// Km rounded to the nearest integer, halves up (as CVRPLIB's nint does).
Km round_km(Km km);

/// Km from `a` to `b` under `d` in haversine or euclidean mode: great circle or straight
/// line, times `circuity`, rounded when `round` is set. Road networks need the travel
/// matrix (travel.hpp), which goes through the nodes.
Km distance_km(const Distances& d, const Location& a, const Location& b);

}  // namespace milkrun
