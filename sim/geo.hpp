// Distances between places (SPEC §2 `distances`, R7): one km figure for transit bands,
// tie-breaks and routes alike.
#pragma once
#include <milkrun/scenario.hpp>

namespace milkrun {

/// Mean Earth radius in km (IUGG), as SPEC §2 prescribes for haversine.
inline constexpr double kEarthRadiusKm = 6371.0088;

/// Km from `a` to `b` under `d`: great circle (haversine) or straight line (euclidean),
/// times `circuity`, rounded to the nearest integer (halves up) when `round` is set.
/// Road networks are not supported yet (issue #5).
Km distance_km(const Distances& d, const Location& a, const Location& b);

}  // namespace milkrun
