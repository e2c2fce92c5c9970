// Named quantities used across milkrun: a signature says what it takes.
#pragma once
#include <cstdint>

namespace milkrun {

/// Instant of simulated time: integer seconds since the scenario's `start` 00:00.
using SimTime = std::int64_t;
/// Elapsed time in integer seconds.
using Seconds = std::int64_t;
/// Whole units of stock.
using Units = std::int64_t;
/// Distance in kilometres.
using Km = double;
/// Money in the scenario's currency.
using Money = double;
/// Day index since the scenario's `start` (day 0 is the start date).
using DayIndex = std::int32_t;
/// Calendar date as days since 1970-01-01 (proleptic Gregorian).
using Date = std::int32_t;

/// Dense integer ids the engine indexes flat arrays with.
using WarehouseId = std::uint32_t;
using ZoneId = std::uint32_t;
using SkuId = std::uint32_t;
using SupplierId = std::uint32_t;
using SellerId = std::uint32_t;
using RunId = std::uint32_t;
using PairId = std::uint32_t;  ///< a stocked (SKU, warehouse) pair

inline constexpr Seconds kSecondsPerDay = 86400;
inline constexpr Seconds kSecondsPerWeek = 7 * kSecondsPerDay;

/// Weekday, Monday = 0 ... Sunday = 6.
using Weekday = int;

/// Days since 1970-01-01 of a civil date (H. Hinnant, "chrono-compatible low-level date algorithms").
constexpr Date days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

/// Weekday of a date, Monday = 0 (1970-01-01 was a Thursday).
constexpr Weekday weekday_of(Date d) { return static_cast<Weekday>(((d % 7) + 7 + 3) % 7); }

/// Set of weekdays as a bit mask, bit 0 = Monday.
struct DaySet {
  std::uint8_t mask = 0;
  constexpr bool has(Weekday w) const { return (mask >> w) & 1u; }
  static constexpr DaySet all() { return DaySet{0x7f}; }
  friend constexpr bool operator==(DaySet, DaySet) = default;
};

}  // namespace milkrun
