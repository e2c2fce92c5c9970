// Time arithmetic the promise and the flow share: carrier days (R6, R8, R9), departures,
// and the open hours of pick/pack stations and receiving docks (R10, R13).
#pragma once
#include <milkrun/scenario.hpp>
#include <milkrun/types.hpp>

#include <vector>

namespace milkrun {

/// Day index of an instant (floor division, so instants before the start work too).
/// The engine asks it several times an order, so instants from the start on divide unsigned,
/// which needs no sign correction.
constexpr DayIndex day_of(SimTime t) {
  if (t >= 0) return static_cast<DayIndex>(static_cast<std::uint64_t>(t) / static_cast<std::uint64_t>(kSecondsPerDay));
  return static_cast<DayIndex>(-((-t + kSecondsPerDay - 1) / kSecondsPerDay));
}

/// Carrier pickup and delivery days: weekday sets minus holidays.
class CarrierCalendar {
 public:
  CarrierCalendar() = default;
  CarrierCalendar(Date start, DaySet pickup, DaySet delivery, std::vector<Date> holidays);

  bool is_holiday(DayIndex d) const;
  bool is_pickup_day(DayIndex d) const { return pickup_.has(weekday(d)) && !is_holiday(d); }
  bool is_delivery_day(DayIndex d) const { return delivery_.has(weekday(d)) && !is_holiday(d); }
  /// R6: the n-th delivery day strictly after `d`; n = 0 is `d` itself when it is a
  /// delivery day, else the next one.
  DayIndex nth_delivery_day_after(DayIndex d, int n) const {
    // Inline for the carrier's every order: a day of the index and n >= 1 is one look-up.
    if (n >= 1)
      if (const DayIndex day = indexed_after(d, n); day >= 0) return day;
    return nth_delivery_day_after_any(d, n);
  }
  /// The same for any day and n, out of line.
  DayIndex nth_delivery_day_after_any(DayIndex d, int n) const;
  /// Numbers the delivery days of [0, days) so that `nth_delivery_day_after` looks them up
  /// there (the carrier asks it for every order) instead of walking the days.
  void index_delivery_days(DayIndex days);
  /// R9: the first departure at or after `t` among `clocks` (sorted seconds after
  /// midnight) on a pickup day that is not a holiday.
  SimTime next_departure(const std::vector<Seconds>& clocks, SimTime t) const;
  Date start() const { return start_; }

 private:
  Weekday weekday(DayIndex d) const { return weekday_of(start_ + d); }
  /// The `wanted`-th (>= 1) delivery day after `d` from the index, or -1 when it is not there.
  DayIndex indexed_after(DayIndex d, int wanted) const {
    if (d < 0 || static_cast<std::size_t>(d) + 1 >= delivery_days_before_.size()) return -1;
    // delivery_days_before_[d + 1] of the indexed days are d or earlier: the next is that one.
    const auto i = static_cast<std::size_t>(delivery_days_before_[static_cast<std::size_t>(d) + 1]) + static_cast<std::size_t>(wanted) - 1;
    return i < delivery_days_.size() ? delivery_days_[i] : -1;
  }
  Date start_ = 0;
  DaySet pickup_, delivery_;
  std::vector<Date> holidays_;  // sorted
  std::vector<std::int32_t> delivery_days_before_;  ///< [d]: delivery days in [0, d), d up to the indexed days
  std::vector<DayIndex> delivery_days_;             ///< the indexed delivery days, in order
};

/// Weekly open hours built from shifts: touching or overlapping shifts merge (R10).
/// Holidays do not close them (R8).
class OpenHours {
 public:
  /// Always open.
  OpenHours() = default;
  OpenHours(Date start, const std::vector<Shift>& shifts);

  bool always_open() const { return always_; }
  /// The first open instant at or after `t`. An instant equal to an interval's end is closed.
  SimTime next_open(SimTime t) const;
  /// The instant `work` open seconds after the open instant `from` (pauses outside the hours).
  SimTime advance(SimTime from, Seconds work) const;
  /// The end of the open span holding the open instant `t` (far in the future when always open).
  SimTime open_until(SimTime t) const;
  /// Open seconds per week.
  Seconds weekly_open() const { return weekly_open_; }

 private:
  struct Interval {
    Seconds from, to;  // within [0, one week], Monday 00:00 = 0
  };
  /// Week offset of `t` and the instant of the week's start.
  void locate(SimTime t, SimTime& week_start, Seconds& offset) const;
  bool always_ = true;
  Seconds start_offset_ = 0;  // seconds from Monday 00:00 to the scenario's start
  Seconds weekly_open_ = kSecondsPerWeek;
  std::vector<Interval> intervals_;  // sorted, disjoint, non-touching except across the week end
};

}  // namespace milkrun
