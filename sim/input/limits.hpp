// Sizes that cannot work (SPEC §12), refused while the scenario is read, before anything is
// allocated for them: each problem names the field (its JSON pointer) and the limit. Private
// to sim/.
#pragma once
#include "input/json_reader.hpp"

#include <milkrun/scenario.hpp>

#include <cstdint>

namespace milkrun::limits {

inline constexpr long long kSkus = 10'000'000;       ///< listed and generated SKUs together
inline constexpr long long kHorizonDays = 3'660;     ///< ten years
inline constexpr long long kReplications = 10'000;
inline constexpr double kOrdersPerDay = 1e9;         ///< any SKU's, the total, and the busiest day's
inline constexpr long long kStations = 1'000'000;
inline constexpr long long kTrucks = 1'000'000;
inline constexpr double kCarrierDays = 365;          ///< transit bands, carrier delay, promise days
inline constexpr double kDaysField = 365;            ///< backorder_ship_days, a seller's cover_days
inline constexpr double kLevelDays = 3'660;          ///< stock levels given in days of demand
inline constexpr double kDurationSeconds = 3'660.0 * 86'400;  ///< any duration: ten years
inline constexpr long long kStockedPairs = 100'000'000;       ///< (SKU, warehouse) pairs
inline constexpr double kLinesPerOrder = 1'000;      ///< demand.lines_per_order's mean, sd and max (R40)
inline constexpr long long kPlaces = 10'000;  ///< warehouses + zones + suppliers + sellers: the travel matrix is their square
inline constexpr std::uintmax_t kFileBytes = std::uintmax_t{1} << 30;  ///< 1 GiB
inline constexpr int kJsonDepth = 64;

/// The limits that need more than one field, checked once the sections are read and before
/// `catalog.generate` expands: the listed SKUs, the places of the travel matrix, and the
/// orders of the busiest day (the total rate times the largest weekday factor and the largest
/// product of overlapping peaks, R1-R2). False when one is over its limit.
bool check_sizes(const Obj& top, const Scenario& s);

/// False (and the problem reported) when `skus` lists more SKUs than the limit: they are
/// then not read at all.
bool listed_skus_fit(const Obj& top);

/// "must be at most LIMIT[ UNIT] (milkrun's limit), got VALUE".
std::string over(const std::string& limit, const std::string& unit, const Json& value);

/// The number under `key` of `o` when it is a number above `limit`: the limit is reported
/// and true returned, so that the caller reads nothing (and reports nothing else) there.
bool refuse_over(const Obj& o, std::string_view key, double limit, const std::string& limit_text,
                 const std::string& unit);

/// `d`, read from `key` of `o`, when its mean (Distribution::mean) is above `limit`, or its
/// spread is: a normal, lognormal or gamma law's `sd`, or the largest value a uniform,
/// triangular or discrete law can draw. Each is reported (a spread at its parameter's pointer)
/// and true returned, so that the caller drops it. A constant is worded like refuse_over; a
/// law by its mean, since single draws past the limit are allowed (but not a law that sets
/// out to draw them).
bool refuse_mean_over(const Obj& o, std::string_view key, const Distribution& d, double limit,
                      const std::string& limit_text, const std::string& unit);

/// The largest value a random quantity's parameters name (a constant, a mean, an sd, a
/// bound, a listed value): a law whose parameters stay within a limit rarely draws past it.
double largest_parameter(const Distribution& d);

}  // namespace milkrun::limits
