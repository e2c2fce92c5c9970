// Text formats of SPEC §1. Messages quote the text as written so an analyst can find it.
#include "input/timefmt.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <utility>

namespace milkrun {
namespace {

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

struct Unit {
  std::string_view name;
  double seconds;
};
constexpr std::array<Unit, 5> kUnits{{{"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}}};

/// Parses the whole of `text` as an unsigned decimal of exactly `width` digits.
std::optional<int> fixed_digits(std::string_view text, std::size_t width) {
  if (text.size() != width) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

constexpr std::array<std::string_view, 12> kMonthNames{
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December"};
constexpr std::array<std::string_view, 7> kDayNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(a[k])) != std::tolower(static_cast<unsigned char>(b[k]))) return false;
  return true;
}

/// A day name in any case ("mon", "MON", "Mon") -> weekday.
std::optional<Weekday> day_of_name(std::string_view name) {
  for (std::size_t i = 0; i < kDayNames.size(); ++i)
    if (same_ignoring_case(name, kDayNames[i])) return static_cast<Weekday>(i);
  return std::nullopt;
}

/// One comma-separated item of a day set: "Mon" or "Sat-Mon" (wrapping) -> mask bits.
std::optional<std::uint8_t> day_item(std::string_view item, std::string& error) {
  const auto dash = item.find('-');
  const std::string_view first = trim(item.substr(0, dash));
  const std::string_view last = dash == std::string_view::npos ? first : trim(item.substr(dash + 1));
  for (std::string_view name : {first, last}) {
    if (!day_of_name(name)) {
      error = "unknown day " + quoted(name) + " (use Mon, Tue, Wed, Thu, Fri, Sat, Sun or \"daily\")";
      return std::nullopt;
    }
  }
  std::uint8_t mask = 0;
  Weekday d = *day_of_name(first);
  const Weekday end = *day_of_name(last);
  for (;; d = (d + 1) % 7) {
    mask = static_cast<std::uint8_t>(mask | (1u << d));
    if (d == end) break;
  }
  return mask;
}

/// Civil date of a day count (H. Hinnant, "chrono-compatible low-level date algorithms").
void civil_from_days(Date z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe) + era * 400 + (m <= 2);
}

}  // namespace

std::optional<double> parse_duration(std::string_view text, std::string& error) {
  const std::string_view s = trim(text);
  std::size_t n = 0;
  if (n < s.size() && (s[n] == '-' || s[n] == '+')) ++n;
  while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
  const std::string_view number = s.substr(0, n);
  const std::string_view unit = trim(s.substr(n));
  double value = 0;
  const char* begin = number.data() + (!number.empty() && number.front() == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) {
    error = "bad duration " + quoted(text) + ": expected a number and a unit, e.g. \"45min\" or \"1.5d\"";
    return std::nullopt;
  }
  for (const Unit& u : kUnits)
    if (unit == u.name) return value * u.seconds;
  error = unit.empty() ? "bad duration " + quoted(text) + ": a duration needs a unit (s, min, h, d or w)"
                       : "bad duration " + quoted(text) + ": unknown unit " + quoted(unit) +
                             " (use s, min, h, d or w)";
  return std::nullopt;
}

std::optional<Seconds> parse_clock(std::string_view text, std::string& error) {
  const auto h = fixed_digits(text.substr(0, 2), 2);
  const auto m = text.size() == 5 && text[2] == ':' ? fixed_digits(text.substr(3), 2) : std::nullopt;
  if (!h || !m || *m > 59 || *h > 24 || (*h == 24 && *m != 0)) {
    error = "bad clock time " + quoted(text) + ": use HH:MM from 00:00 to 24:00";
    return std::nullopt;
  }
  return static_cast<Seconds>(*h) * 3600 + static_cast<Seconds>(*m) * 60;
}

std::optional<DaySet> parse_dayset(std::string_view text, std::string& error) {
  const std::string_view s = trim(text);
  if (same_ignoring_case(s, "daily")) return DaySet::all();
  if (s.empty()) {
    error = "empty day set: use e.g. \"Mon-Fri\", \"Mon,Thu\" or \"daily\"";
    return std::nullopt;
  }
  std::uint8_t mask = 0;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const std::size_t comma = std::min(s.find(',', pos), s.size());
    std::string item_error;
    const auto bits = day_item(s.substr(pos, comma - pos), item_error);
    if (!bits) {
      error = "bad day set " + quoted(text) + ": " + item_error;
      return std::nullopt;
    }
    mask = static_cast<std::uint8_t>(mask | *bits);
    pos = comma + 1;
  }
  return DaySet{mask};
}

std::optional<Date> parse_date(std::string_view text, std::string& error) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const auto y = shaped ? fixed_digits(text.substr(0, 4), 4) : std::nullopt;
  const auto m = shaped ? fixed_digits(text.substr(5, 2), 2) : std::nullopt;
  const auto d = shaped ? fixed_digits(text.substr(8, 2), 2) : std::nullopt;
  if (!y || !m || !d) {
    error = "bad date " + quoted(text) + ": use YYYY-MM-DD";
    return std::nullopt;
  }
  if (*m < 1 || *m > 12) {
    error = "bad date " + quoted(text) + ": month must be 01 to 12";
    return std::nullopt;
  }
  const int last = days_in_month(*y, *m);
  if (*d < 1 || *d > last) {
    error = "bad date " + quoted(text) + ": " + std::string(kMonthNames[static_cast<std::size_t>(*m - 1)]) + " " +
            std::to_string(*y) + " has " + std::to_string(last) + " days";
    return std::nullopt;
  }
  return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

std::optional<std::pair<Date, Seconds>> parse_instant(std::string_view text, std::string& error) {
  if (text.size() != 16 || text[10] != 'T') {
    error = "bad instant " + quoted(text) + ": use YYYY-MM-DDTHH:MM";
    return std::nullopt;
  }
  const auto date = parse_date(text.substr(0, 10), error);
  const auto clock = date ? parse_clock(text.substr(11), error) : std::nullopt;
  if (!date || !clock) {
    error = "bad instant " + quoted(text) + ": " + error;
    return std::nullopt;
  }
  return std::pair{*date, *clock};
}

std::string format_date(Date d) {
  int y = 0, m = 0, day = 0;
  civil_from_days(d, y, m, day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, day);
  return buf;
}

namespace {

/// The day of `t` (floor division, so that instants before the start print correctly) and
/// the seconds into it.
std::pair<SimTime, SimTime> day_and_second(SimTime t) {
  const SimTime day = t >= 0 ? t / kSecondsPerDay : -((-t + kSecondsPerDay - 1) / kSecondsPerDay);
  return {day, t - day * kSecondsPerDay};
}

}  // namespace

std::string format_instant(Date start, SimTime t) {
  const auto [day, in_day] = day_and_second(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d", static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60));
  return format_date(start + static_cast<Date>(day)) + buf;
}

std::string format_instant_seconds(Date start, SimTime t) {
  const auto [day, in_day] = day_and_second(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60),
                static_cast<int>(in_day % 60));
  return format_date(start + static_cast<Date>(day)) + buf;
}

}  // namespace milkrun
