#include <milkrun/model/calendar.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace milkrun {

CarrierCalendar::CarrierCalendar(Date start, DaySet pickup, DaySet delivery, std::vector<Date> holidays)
    : start_(start), pickup_(pickup), delivery_(delivery), holidays_(std::move(holidays)) {
  std::sort(holidays_.begin(), holidays_.end());
}

bool CarrierCalendar::is_holiday(DayIndex d) const {
  return !holidays_.empty() && std::binary_search(holidays_.begin(), holidays_.end(), start_ + d);
}

void CarrierCalendar::index_delivery_days(DayIndex days) {
  delivery_days_before_.assign(static_cast<std::size_t>(days) + 1, 0);
  delivery_days_.clear();
  for (DayIndex d = 0; d < days; ++d) {
    if (is_delivery_day(d)) delivery_days_.push_back(d);
    delivery_days_before_[static_cast<std::size_t>(d) + 1] = static_cast<std::int32_t>(delivery_days_.size());
  }
}

DayIndex CarrierCalendar::nth_delivery_day_after_any(DayIndex d, int n) const {
  if (delivery_.mask == 0) throw std::logic_error("carrier has no delivery days");
  if (n == 0 && is_delivery_day(d)) return d;
  const int wanted = std::max(n, 1);
  if (const DayIndex day = indexed_after(d, wanted); day >= 0) return day;
  int seen = 0;
  for (;;) {
    ++d;
    if (is_delivery_day(d) && ++seen == wanted) return d;
  }
}

SimTime CarrierCalendar::next_departure(const std::vector<Seconds>& clocks, SimTime t) const {
  if (pickup_.mask == 0 || clocks.empty()) throw std::logic_error("carrier has no departures");
  DayIndex d = day_of(t);
  Seconds clock = t - static_cast<SimTime>(d) * kSecondsPerDay;
  for (int guard = 0; guard < 3700; ++guard, ++d, clock = 0) {
    if (!is_pickup_day(d)) continue;
    auto it = std::lower_bound(clocks.begin(), clocks.end(), clock);
    if (it != clocks.end()) return static_cast<SimTime>(d) * kSecondsPerDay + *it;
  }
  throw std::logic_error("no carrier departure within ten years");
}

OpenHours::OpenHours(Date start, const std::vector<Shift>& shifts) {
  if (shifts.empty()) return;
  start_offset_ = static_cast<Seconds>(weekday_of(start)) * kSecondsPerDay;
  std::vector<Interval> raw;
  for (const Shift& s : shifts) {
    const Seconds length = s.to > s.from ? s.to - s.from : s.to + kSecondsPerDay - s.from;
    for (Weekday w = 0; w < 7; ++w) {
      if (!s.days.has(w)) continue;
      const Seconds from = w * kSecondsPerDay + s.from, to = from + length;
      if (to <= kSecondsPerWeek) {
        raw.push_back({from, to});
      } else {  // wraps past Sunday midnight
        raw.push_back({from, kSecondsPerWeek});
        raw.push_back({0, to - kSecondsPerWeek});
      }
    }
  }
  std::sort(raw.begin(), raw.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  for (const Interval& iv : raw) {
    if (iv.to <= iv.from) continue;
    if (!intervals_.empty() && iv.from <= intervals_.back().to)
      intervals_.back().to = std::max(intervals_.back().to, iv.to);
    else
      intervals_.push_back(iv);
  }
  weekly_open_ = 0;
  for (const Interval& iv : intervals_) weekly_open_ += iv.to - iv.from;
  always_ = weekly_open_ >= kSecondsPerWeek;
}

void OpenHours::locate(SimTime t, SimTime& week_start, Seconds& offset) const {
  const SimTime shifted = t + start_offset_;
  SimTime weeks = shifted >= 0 ? shifted / kSecondsPerWeek : -((-shifted + kSecondsPerWeek - 1) / kSecondsPerWeek);
  week_start = weeks * kSecondsPerWeek - start_offset_;
  offset = t - week_start;
}

SimTime OpenHours::next_open(SimTime t) const {
  if (always_) return t;
  SimTime week_start;
  Seconds offset;
  locate(t, week_start, offset);
  for (const Interval& iv : intervals_) {
    if (offset < iv.to) return week_start + std::max(offset, iv.from);
  }
  return week_start + kSecondsPerWeek + intervals_.front().from;
}

SimTime OpenHours::open_until(SimTime t) const {
  if (always_) return std::numeric_limits<SimTime>::max() / 4;
  SimTime week_start;
  Seconds offset;
  locate(t, week_start, offset);
  for (std::size_t i = 0; i < intervals_.size(); ++i) {
    if (offset >= intervals_[i].to) continue;
    if (offset < intervals_[i].from) return t;  // not an open instant
    const bool wraps = intervals_[i].to == kSecondsPerWeek && intervals_.front().from == 0 && i > 0;
    return week_start + intervals_[i].to + (wraps ? intervals_.front().to : 0);  // an interval open across the week's end
  }
  return t;  // not an open instant
}

SimTime OpenHours::advance(SimTime from, Seconds work) const {
  if (always_ || work <= 0) return from + std::max<Seconds>(work, 0);
  SimTime week_start;
  Seconds offset;
  locate(from, week_start, offset);
  if (work > weekly_open_) {  // skip whole weeks: the pattern repeats
    const Seconds weeks = (work - 1) / weekly_open_;
    week_start += weeks * kSecondsPerWeek;
    work -= weeks * weekly_open_;
  }
  for (;;) {
    for (const Interval& iv : intervals_) {
      if (offset >= iv.to) continue;
      const Seconds pos = std::max(offset, iv.from);
      if (work <= iv.to - pos) return week_start + pos + work;
      work -= iv.to - pos;
      offset = iv.to;
    }
    week_start += kSecondsPerWeek;
    offset = 0;
  }
}

}  // namespace milkrun
