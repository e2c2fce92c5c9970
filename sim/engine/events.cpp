#include "engine/events.hpp"

namespace milkrun::engine {

SimTime next_weekly(const Model& m, const WeeklyTime& when, SimTime t) {
  for (DayIndex d = day_of(t);; ++d) {
    const SimTime at = static_cast<SimTime>(d) * kSecondsPerDay + when.time;
    if (at >= t && when.days.has(weekday_of(m.start + d))) return at;
  }
}

}  // namespace milkrun::engine
