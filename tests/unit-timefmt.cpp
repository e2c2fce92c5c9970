// Text formats of SPEC §1: durations, clock times, day sets, dates and instants.
#include <doctest/doctest.h>

#include "input/timefmt.hpp"

using namespace milkrun;

namespace {

template <class T>
T ok(std::optional<T> value, const std::string& error) {
  INFO(error);
  REQUIRE(value.has_value());
  return *value;
}

double duration(std::string_view text) {
  std::string error;
  const auto v = parse_duration(text, error);
  return ok(v, error);
}

std::string duration_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(parse_duration(text, error).has_value());
  return error;
}

DaySet days(std::string_view text) {
  std::string error;
  const auto v = parse_dayset(text, error);
  return ok(v, error);
}

std::string dayset_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(parse_dayset(text, error).has_value());
  return error;
}

std::string date_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(parse_date(text, error).has_value());
  return error;
}

bool clock_ok(std::string_view text) {
  std::string error;
  return parse_clock(text, error).has_value();
}

}  // namespace

TEST_CASE("durations convert every unit to seconds") {
  CHECK(duration("90s") == 90);
  CHECK(duration("45min") == 2700);
  CHECK(duration("2h") == 7200);
  CHECK(duration("1.5d") == 129600);
  CHECK(duration("2w") == 1209600);
}

TEST_CASE("durations accept a decimal point, a space before the unit and a sign") {
  CHECK(duration("0.5h") == 1800);
  CHECK(duration("3 min") == 180);
  CHECK(duration("-5min") == -300);
  CHECK(duration("+2s") == 2);
}

TEST_CASE("a duration without a unit is rejected with a hint") {
  CHECK(duration_error("12") == "bad duration \"12\": a duration needs a unit (s, min, h, d or w)");
}

TEST_CASE("a duration with an unknown unit names the unit") {
  CHECK(duration_error("3days") == "bad duration \"3days\": unknown unit \"days\" (use s, min, h, d or w)");
  CHECK(duration_error("2H").find("unknown unit \"H\"") != std::string::npos);
}

TEST_CASE("a duration without a number is rejected") {
  CHECK(duration_error("h") == "bad duration \"h\": expected a number and a unit, e.g. \"45min\" or \"1.5d\"");
  CHECK_FALSE(duration_error("1.2.3h").empty());
  CHECK_FALSE(duration_error("").empty());
}

TEST_CASE("clock times run from 00:00 to 24:00") {
  std::string error;
  CHECK(parse_clock("00:00", error) == 0);
  CHECK(parse_clock("06:30", error) == 23400);
  CHECK(parse_clock("24:00", error) == 86400);
  CHECK(parse_clock("23:59", error) == 86340);
}

TEST_CASE("clock times outside the day or badly shaped are rejected") {
  CHECK_FALSE(clock_ok("24:01"));
  CHECK_FALSE(clock_ok("25:00"));
  CHECK_FALSE(clock_ok("12:60"));
  CHECK_FALSE(clock_ok("6:00"));
  CHECK_FALSE(clock_ok("06:00:00"));
  CHECK_FALSE(clock_ok("7pm"));
  std::string error;
  parse_clock("25:00", error);
  CHECK(error == "bad clock time \"25:00\": use HH:MM from 00:00 to 24:00");
}

TEST_CASE("day sets read ranges, lists and daily") {
  CHECK(days("daily") == DaySet::all());
  CHECK(days("Daily") == DaySet::all());
  CHECK(days("Mon-Fri").mask == 0x1f);
  CHECK(days("Mon-Sat").mask == 0x3f);
  CHECK(days("Mon,Thu").mask == 0x09);
  CHECK(days("Mon-Wed,Sat").mask == 0x27);
  CHECK(days("Sun").mask == 0x40);
}

TEST_CASE("a day range may wrap over the weekend") {
  const DaySet d = days("Sat-Mon");
  CHECK(d.has(5));
  CHECK(d.has(6));
  CHECK(d.has(0));
  CHECK_FALSE(d.has(1));
}

TEST_CASE("day names are accepted in any case and with spaces after commas") {
  CHECK(days("mon, THU").mask == 0x09);
}

TEST_CASE("an unknown day name is named in the error") {
  CHECK(dayset_error("Mon-Fry") ==
        "bad day set \"Mon-Fry\": unknown day \"Fry\" (use Mon, Tue, Wed, Thu, Fri, Sat, Sun or \"daily\")");
  CHECK_FALSE(dayset_error("Mon,").empty());
  CHECK_FALSE(dayset_error("").empty());
}

TEST_CASE("dates are days since 1970-01-01") {
  std::string error;
  CHECK(parse_date("1970-01-01", error) == 0);
  CHECK(parse_date("2026-11-02", error) == days_from_civil(2026, 11, 2));
  CHECK(weekday_of(*parse_date("2026-11-02", error)) == 0);  // a Monday
}

TEST_CASE("dates must be real calendar days") {
  CHECK(date_error("2026-02-30") == "bad date \"2026-02-30\": February 2026 has 28 days");
  CHECK(date_error("2026-04-31") == "bad date \"2026-04-31\": April 2026 has 30 days");
  CHECK(date_error("2026-13-01") == "bad date \"2026-13-01\": month must be 01 to 12");
  CHECK(date_error("2026-1-1") == "bad date \"2026-1-1\": use YYYY-MM-DD");
  CHECK_FALSE(date_error("2026-00-10").empty());
  CHECK_FALSE(date_error("2026-01-00").empty());
}

TEST_CASE("leap years follow the Gregorian rules") {
  std::string error;
  CHECK(parse_date("2024-02-29", error).has_value());
  CHECK(parse_date("2000-02-29", error).has_value());
  CHECK_FALSE(parse_date("1900-02-29", error).has_value());
  CHECK_FALSE(parse_date("2026-02-29", error).has_value());
}

TEST_CASE("instants read a date and a clock time") {
  std::string error;
  const auto at = parse_instant("2026-11-03T14:30", error);
  REQUIRE(at.has_value());
  CHECK(at->first == days_from_civil(2026, 11, 3));
  CHECK(at->second == 14 * 3600 + 30 * 60);
  CHECK_FALSE(parse_instant("2026-11-03 14:30", error).has_value());
  CHECK_FALSE(parse_instant("2026-11-31T14:30", error).has_value());
  CHECK(error.find("November 2026 has 30 days") != std::string::npos);
}

TEST_CASE("format_date round-trips parse_date") {
  std::string error;
  for (const char* text : {"1970-01-01", "2024-02-29", "2026-12-31", "1999-03-15", "2100-01-01"})
    CHECK(format_date(*parse_date(text, error)) == text);
}

TEST_CASE("format_instant adds seconds to the start date and drops the seconds") {
  const Date start = days_from_civil(2026, 11, 2);
  CHECK(format_instant(start, 0) == "2026-11-02T00:00");
  CHECK(format_instant(start, 18 * 3600 + 59) == "2026-11-02T18:00");
  CHECK(format_instant(start, kSecondsPerDay + 90 * 60) == "2026-11-03T01:30");
  CHECK(format_instant(start, 29 * kSecondsPerDay) == "2026-12-01T00:00");
}

TEST_CASE("format_instant handles instants before the start") {
  const Date start = days_from_civil(2026, 11, 2);
  CHECK(format_instant(start, -60) == "2026-11-01T23:59");
}
