// report.html (SPEC §8): one self-contained page (no network, no files beside it) with the
// KPIs and charts drawn as inline SVG by milkrun itself: a chart is a few hundred lines of
// C++, an embedded JavaScript library would be a dependency and a script to audit.
//
// Every chart is `<figure class="chart" data-chart="ID">` holding one <svg> and a
// <figcaption>; its data marks (lines, bands, bars, dots) carry the class `mark`.
#pragma once
#include <milkrun/output/output.hpp>
#include <milkrun/output/summary.hpp>
#include <milkrun/types.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace milkrun::report {

/// Text made safe for HTML, SVG and XML (the JUnit file of `check --junit` too).
std::string escape(std::string_view text);
/// A number for people: thousands grouped with commas, at most `digits` significant digits
/// below 1,000.
std::string number(double v, int digits = 3);
/// The colour of series `i` (a palette that stays apart for the colour-blind and in print).
std::string_view colour(std::size_t i);
/// The colour of an upstream stockout cause (R35), the same in every chart.
std::string_view cause_colour(std::size_t cause);

/// One entry of a chart's legend.
struct LegendEntry {
  std::string label, colour;
  bool dashed = false;
};

/// A chart in its figure: title, the svg, the legend and a note under it.
std::string figure(std::string_view id, std::string_view title, const std::string& svg,
                   const std::vector<LegendEntry>& legend = {}, std::string_view note = "");

/// A titled section of the page.
struct Section {
  std::string title, html;
};

/// The whole page: <h1> title, the line under it, then the sections; styles inline, no script.
std::string page(std::string_view title, std::string_view subtitle, const std::vector<Section>& sections);

// --- charts ---

enum class XAxis { days, numbers, categories };

/// One line: y at each x, with an optional band (low, high) such as a 95% CI.
struct Series {
  std::string name;
  std::vector<double> y, low, high;  ///< low and high empty: no band
  bool dashed = false;
};

/// Lines over days (x = day index from `start`), numbers, or categories (x = 0, 1, ...).
struct LineChart {
  std::string x_label, y_label;
  XAxis x_axis = XAxis::days;
  Date start = 0;
  std::vector<double> x;
  int days = 0;  ///< XAxis::days: the days the axis spans from `start` (0: up to the last x)
  std::vector<std::string> categories;  ///< XAxis::categories: the label of each x
  std::vector<Series> series;
  std::optional<double> shade_to;  ///< days: shades [x min, shade_to) and labels it `shade_label`
  std::string shade_label;
  bool points = false;  ///< dots and error bars at each x instead of a band
};
std::string line_svg(const LineChart& chart);

/// Days drawn one point each: 1 up to 400 days, then a week, then 4 weeks (longer runs stay
/// readable and small).
std::size_t days_per_point(std::size_t days);
/// The x of each point over `days` (the middle of its days) and the note that says so.
std::vector<double> day_points(std::size_t days);
std::string day_points_note(std::size_t days);
/// A line of daily counts or levels: for each point of day_points(days), the mean over
/// `replications` of value(rep, day) averaged over the point's days, with its 95% CI band
/// when there are several replications (the band stops at 0: counts and levels are never
/// negative).
Series mean_by_day(std::string name, std::size_t replications, std::size_t days,
                   const std::function<double(std::size_t rep, std::size_t day)>& value);

/// Horizontal bars, one per label, each stacked from `values[i]` by part.
struct StackedBars {
  std::string value_label;
  std::vector<std::string> parts;    ///< the legend of the stacks
  std::vector<std::string> colours;  ///< by part
  std::vector<std::string> labels;
  std::vector<std::vector<double>> values;  ///< [label][part]
};
std::string bars_svg(const StackedBars& chart);

/// One row of an interval chart: a point with a range (a CI, or min..max).
struct IntervalRow {
  std::string label;
  double mean = 0, low = 0, high = 0;
  std::string text;    ///< printed at the right, e.g. "-12 [-15, -9]"
  std::string colour;  ///< the point's and the range's colour
};
/// Rows of points with ranges. `common_axis`: one axis for all rows (from 0, labelled
/// `axis_label`); else each row has its own scale, symmetric around a zero line.
std::string intervals_svg(const std::vector<IntervalRow>& rows, bool common_axis, std::string_view axis_label);

/// The network drawn to scale: warehouses, zones (area by weight), suppliers, sellers and the
/// planned milk-run loops; `dashed_loops` draws another plan's loops dashed on top.
std::string map_svg(const Scenario& scenario, const Model& model, const Model* dashed_loops = nullptr);
/// The map's legend.
std::vector<LegendEntry> map_legend(const Model& model, bool with_dashed);

// --- the report of `milkrun run` ---

/// The unit a KPI is measured in, for tables and axes ("%" for rates, shown as percent).
std::string_view kpi_unit(std::string_view key);
/// A KPI's value as shown: rates as percent.
std::string kpi_value(std::string_view key, double v);

/// report.html of a run: header, KPI table with CIs and expect results, daily charts, stock
/// per warehouse, the top pairs by lost units with their causes, causes by supplier, milk-run
/// trips and the map.
std::string run_report(const RunResults& results, const RunSummary& summary);

}  // namespace milkrun::report
