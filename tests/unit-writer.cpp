// The output writer: numbers written into the buffer read exactly as the string formatters
// write them, and orders kept apart land in their place.
#include <doctest/doctest.h>

#include <milkrun/output/order_rows.hpp>
#include <milkrun/output/output.hpp>
#include <milkrun/output/writer.hpp>

#include "input/timefmt.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace milkrun;

namespace {

/// What `write` puts through a TextOut.
template <class Write>
std::string written(Write&& write) {
  ScratchFile file(".");
  std::uint64_t size = 0;
  {
    TextOut out(file.fd(), "test");
    write(out);
    out.drain();
    size = out.position();
  }
  std::string text(size, '\0');
  file.read(0, text.data(), text.size());
  return text;
}

}  // namespace

TEST_CASE("TextOut writes numbers as format_shortest and csv_number do") {
  std::vector<double> values = {0.0, -0.0, 1.0, 99999.0, 100000.0, 123456.0, 1e15, 1e16, 0.1, 1.0 / 3, -2.5, 1e-7,
                                5e-324, std::numeric_limits<double>::max(), -99999.0, 99999.5};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  for (int i = 0; i < 2000; ++i) values.push_back(any(rng));
  for (int i = 0; i < 2000; ++i) values.push_back(std::floor(any(rng) / 8));
  for (double v : values) {
    CHECK(written([&](TextOut& o) { o.shortest(v); }) == format_shortest(v));
    CHECK(written([&](TextOut& o) { o.csv_number(v); }) == csv_number(v));
  }
  CHECK(written([](TextOut& o) { o.csv_number(std::nan("")); }).empty());
  CHECK(written([](TextOut& o) { o.csv_number(std::nullopt); }).empty());
  CHECK(written([](TextOut& o) { o.integer(-42) << ',' << "x"; }) == "-42,x");
}

TEST_CASE("TimeText writes dates and instants as the text formats do") {
  const Date start = days_from_civil(2026, 11, 23);
  TimeText time(start);
  for (SimTime t : {SimTime{0}, SimTime{59}, SimTime{86399}, SimTime{86400}, SimTime{-1}, SimTime{-86401},
                    SimTime{400 * 86400 + 3723}, SimTime{70000LL * 86400 + 5}}) {
    CHECK(written([&](TextOut& o) { time.instant(o, t); }) == format_instant_seconds(start, t));
    CHECK(written([&](TextOut& o) { time.date(o, t / 86400); }) == format_date(start + static_cast<Date>(t / 86400)));
  }
}

TEST_CASE("a long TextOut write goes out whole and in order") {
  const std::string big(3 << 20, 'x');
  CHECK(written([&](TextOut& o) { o << "a" << big << 'b'; }) == "a" + big + "b");
}
