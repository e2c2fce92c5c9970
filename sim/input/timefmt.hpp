// Text formats of SPEC §1: durations, clock times, day sets, dates and instants.
// Each parser returns std::nullopt and sets `error` to a short message on bad text.
#pragma once
#include <milkrun/types.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace milkrun {

/// "90s", "45min", "2h", "1.5d", "2w" -> seconds, unrounded (callers round draws, R4).
std::optional<double> parse_duration(std::string_view text, std::string& error);
/// "HH:MM" (00:00 to 24:00) -> seconds after midnight.
std::optional<Seconds> parse_clock(std::string_view text, std::string& error);
/// "Mon-Fri", "Mon,Thu", "daily", "Sat-Mon" (wraps) -> DaySet.
std::optional<DaySet> parse_dayset(std::string_view text, std::string& error);
/// "YYYY-MM-DD" -> Date.
std::optional<Date> parse_date(std::string_view text, std::string& error);
/// "YYYY-MM-DDTHH:MM" -> (Date, seconds after midnight).
std::optional<std::pair<Date, Seconds>> parse_instant(std::string_view text, std::string& error);

/// "YYYY-MM-DD" of a date.
std::string format_date(Date d);
/// "YYYY-MM-DDTHH:MM" of an instant `t` seconds after `start` 00:00 (seconds dropped).
std::string format_instant(Date start, SimTime t);
/// "YYYY-MM-DDTHH:MM:SS" of an instant `t` seconds after `start` 00:00.
std::string format_instant_seconds(Date start, SimTime t);

}  // namespace milkrun
