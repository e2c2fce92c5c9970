// report.html's pieces (SPEC §8): numbers for people, escaping, and charts that draw what
// they are given (the browser test checks the whole page in Chromium).
#include <doctest/doctest.h>

#include <milkrun/output/report.hpp>

using namespace milkrun;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report numbers group thousands and keep three significant digits below 1,000") {
  CHECK(report::number(1234567) == "1,234,567");
  CHECK(report::number(-1500) == "-1,500");
  CHECK(report::number(999.4) == "999");
  CHECK(report::number(0.5) == "0.5");
  CHECK(report::number(0.0001234) == "0.000123");
  CHECK(report::number(-0.0) == "0");
  CHECK(report::kpi_value("fill_rate", 0.97163) == "97.16");
  CHECK(report::kpi_unit("stockout_sku_days_by_cause.policy") == "SKU-days");
  CHECK(report::kpi_unit("lost_units_by_cause.truck_full") == "units");
  CHECK(report::kpi_unit("late_by_cause.stockout") == "orders");
}

TEST_CASE("report text is escaped for HTML") {
  CHECK(report::escape("a<b & \"c\">") == "a&lt;b &amp; &quot;c&quot;&gt;");
  CHECK(report::escape("base's") == "base&apos;s");
}

TEST_CASE("a line chart draws each series and its band as marks") {
  report::LineChart c;
  c.x_label = "day";
  c.y_label = "orders per day";
  c.start = days_from_civil(2026, 11, 2);
  c.x = {0, 1, 2};
  c.series.push_back({"a", {1, 2, 3}, {0.5, 1.5, 2.5}, {1.5, 2.5, 3.5}});
  c.series.push_back({"b", {3, 2, 1}, {}, {}});
  const std::string svg = report::line_svg(c);
  CHECK(count(svg, "class=\"mark line\"") == 2);
  CHECK(count(svg, "class=\"mark band\"") == 1);
  CHECK(svg.find("Nov 2") != std::string::npos);
  CHECK(svg.find("orders per day") != std::string::npos);
}

TEST_CASE("stacked bars draw one rect per non-zero part, and a zero as a thin mark with its value") {
  report::StackedBars b{"lost units", {"x", "y"}, {"#000", "#111"}, {"P1", "P2"}, {{2, 3}, {0, 0}}};
  const std::string svg = report::bars_svg(b);
  CHECK(count(svg, "<rect class=\"mark\"") == 3);
  CHECK(svg.find(">5</text>") != std::string::npos);
  CHECK(svg.find(">0</text>") != std::string::npos);
}

TEST_CASE("long runs are drawn a week or four weeks a point, each the average of its days") {
  CHECK(report::day_points(400).size() == 400);
  const std::vector<double> weeks = report::day_points(401);
  REQUIRE(weeks.size() == 58);           // 57 weeks and 2 days
  CHECK(weeks.front() == doctest::Approx(3));     // days 0..6
  CHECK(weeks.back() == doctest::Approx(399.5));  // days 399..400
  CHECK(report::day_points(3000).size() == 108);
  const report::Series s = report::mean_by_day("x", 2, 401, [](std::size_t rep, std::size_t day) {
    return static_cast<double>(day) + static_cast<double>(rep);
  });
  REQUIRE(s.y.size() == 58);
  CHECK(s.y.front() == doctest::Approx(3.5));   // days 0..6 average 3, replications 0 and 1
  CHECK(s.y.back() == doctest::Approx(400));    // days 399, 400: 399.5 + 0.5
  CHECK(report::day_points_note(401).find("7 days") != std::string::npos);
  CHECK(report::day_points_note(400).empty());
}
