// The pieces of report.html: the page, figures and the SVG charts (SPEC §8).
#include <milkrun/output/report.hpp>
#include <milkrun/output/stats.hpp>

#include "input/timefmt.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace milkrun::report {
namespace {

// Chart geometry, in SVG user units (the svg scales to the page width).
constexpr double kWidth = 960;

/// A coordinate with one decimal, without a trailing ".0".
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::fabs(v) < 0.05 ? 0.0 : v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

/// About `count` round ticks (1, 2, 2.5 or 5 × 10^k apart) covering [lo, hi].
std::vector<double> ticks(double lo, double hi, int count) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0})
    if (raw <= m * power) {
      step = m * power;
      break;
    }
  std::vector<double> out;
  for (double t = std::floor(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  if (out.back() < hi) out.push_back(out.back() + step);
  return out;
}

/// "Nov 23" of a day, or "Nov 2026" on a long axis.
std::string short_date(Date d, bool long_axis) {
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = format_date(d);  // YYYY-MM-DD
  const int month = std::stoi(iso.substr(5, 2));
  if (long_axis) return std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " + iso.substr(0, 4);
  return std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " + std::to_string(std::stoi(iso.substr(8, 2)));
}

/// A linear map from data to page coordinates.
struct Scale {
  double d0, d1, r0, r1;
  double operator()(double v) const { return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) * (r1 - r0) / (d1 - d0); }
};

std::string text_at(double x, double y, std::string_view anchor, std::string_view text, std::string_view extra = "") {
  std::string out = "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + std::string(anchor) + "\"";
  if (!extra.empty()) out += " " + std::string(extra);
  return out + ">" + escape(text) + "</text>";
}

std::string svg_open(double height, std::string_view label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) +
         "\" role=\"img\" aria-label=\"" + escape(label) + "\">";
}

/// Horizontal grid lines and labels of a value axis on the left.
std::string y_axis(const Scale& y, const std::vector<double>& marks, double left, double right, std::string_view label,
                   bool percent) {
  std::string out;
  for (double t : marks) {
    out += "<line class=\"grid\" x1=\"" + px(left) + "\" x2=\"" + px(right) + "\" y1=\"" + px(y(t)) + "\" y2=\"" + px(y(t)) + "\"/>";
    out += text_at(left - 6, y(t) + 4, "end", percent ? number(t * 100) : number(t));
  }
  const double mid = (y.r0 + y.r1) / 2;
  out += "<text class=\"axis-title\" transform=\"translate(14 " + px(mid) + ") rotate(-90)\" text-anchor=\"middle\">" +
         escape(label) + "</text>";
  return out;
}

bool is_percent(std::string_view label) { return label.find("(%)") != std::string_view::npos; }

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v, int digits) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  if (std::fabs(v) < 1000) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    std::string s = buf;
    if (s.find('e') != std::string::npos) {  // tiny values: fixed notation reads better
      std::snprintf(buf, sizeof buf, "%.6f", v);
      s = buf;
      while (s.back() == '0') s.pop_back();
    }
    return s == "-0" ? "0" : s;
  }
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
  std::string digits_text = buf, grouped;
  for (std::size_t i = 0; i < digits_text.size(); ++i) {
    if (i > 0 && (digits_text.size() - i) % 3 == 0) grouped += ',';
    grouped += digits_text[i];
  }
  return (v < 0 ? "-" : "") + grouped;
}

std::string_view colour(std::size_t i) {
  // Okabe-Ito, then greys: distinct for the colour-blind and in print.
  static constexpr std::array<std::string_view, 10> kPalette{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                                                            "#56B4E9", "#8C6D31", "#000000", "#999999", "#B8860B"};
  return kPalette[i % kPalette.size()];
}

std::string_view cause_colour(std::size_t cause) {
  // receiving_backlog, missed_pickup, truck_full, supplier_late, policy
  static constexpr std::array<std::string_view, 5> kColours{"#CC79A7", "#D55E00", "#E69F00", "#0072B2", "#9E9E9E"};
  return kColours[cause % kColours.size()];
}

std::string figure(std::string_view id, std::string_view title, const std::string& svg,
                   const std::vector<LegendEntry>& legend, std::string_view note) {
  std::string out = "<figure class=\"chart\" data-chart=\"" + escape(id) + "\"><figcaption>" + escape(title) + "</figcaption>";
  out += svg;
  if (!legend.empty()) {
    out += "<div class=\"legend\">";
    for (const LegendEntry& e : legend)
      out += "<span><i style=\"" + std::string(e.dashed ? "border-top:3px dashed " : "background:") + e.colour +
             "\"></i>" + escape(e.label) + "</span>";
    out += "</div>";
  }
  if (!note.empty()) out += "<p class=\"note\">" + escape(note) + "</p>";
  return out + "</figure>\n";
}

std::string page(std::string_view title, std::string_view subtitle, const std::vector<Section>& sections) {
  std::string out = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>)" + escape(title) + R"(</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d1d1f;margin:0 auto;max-width:1040px;padding:24px 32px}
h1{font-size:26px;margin:0 0 4px}
.sub{color:#555;margin:0 0 8px}
nav{font-size:13px;color:#555;margin-bottom:8px}nav a{color:#0b5cad;margin-right:12px;text-decoration:none}
h2{font-size:19px;border-bottom:1px solid #ddd;padding-bottom:4px;margin:32px 0 8px}
figure.chart{margin:12px 0 28px}
figcaption{font-weight:600;margin-bottom:6px}
svg{width:100%;height:auto;display:block}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;fill:#333}
svg .axis-title{font-size:12.5px;fill:#111}
svg .label{font-size:11.5px}
svg text.wh{font-weight:700;font-size:13px}
svg .grid{stroke:#e6e6e6;stroke-width:1}
svg .axis{stroke:#888;stroke-width:1}
svg .shade{fill:#f2f2f2}
.legend{font-size:13px;margin-top:4px}.legend span{margin-right:18px;white-space:nowrap;display:inline-block}
.legend i{display:inline-block;width:16px;height:4px;vertical-align:middle;margin-right:6px}
.note{color:#555;font-size:13px;margin:4px 0 0}
table{border-collapse:collapse;font-size:13.5px;font-variant-numeric:tabular-nums;margin:8px 0 16px}
th,td{padding:3px 12px;text-align:right;border-bottom:1px solid #eee;vertical-align:top}
th{border-bottom:1px solid #bbb;font-weight:600}
th:first-child,td:first-child{text-align:left}
tr.cause td:first-child{padding-left:30px;color:#555}
td.unit,th.unit{text-align:left;color:#666}
.pass{color:#1a7f37;font-weight:600}.fail{color:#c62828;font-weight:600}
.better{color:#1a7f37}.worse{color:#c62828}td.verdict{white-space:nowrap}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}nav{display:none}figure.chart,table,tr{break-inside:avoid}h2{break-after:avoid}
table{font-size:8.5pt}th,td{padding:2px 5px}svg text{font-size:14px}svg .label{font-size:13px}svg .axis-title{font-size:14px}}
</style></head><body>
<h1>)" + escape(title) + "</h1>\n<p class=\"sub\">" + escape(subtitle) + "</p>\n<nav>";
  for (std::size_t i = 0; i < sections.size(); ++i)
    out += "<a href=\"#s" + std::to_string(i + 1) + "\">" + escape(sections[i].title) + "</a>";
  out += "</nav>\n";
  for (std::size_t i = 0; i < sections.size(); ++i)
    out += "<section id=\"s" + std::to_string(i + 1) + "\"><h2>" + escape(sections[i].title) + "</h2>\n" + sections[i].html +
           "</section>\n";
  return out + "<p class=\"note\">Made by milkrun. Means over replications; bands and bars are 95% confidence intervals (Student t).</p>\n</body></html>\n";
}

std::string line_svg(const LineChart& c) {
  const double height = 300, left = 72, right = kWidth - 20, top = 14, bottom = height - 46;
  const bool days = c.x_axis == XAxis::days;
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  for (double x : c.x) {
    x_lo = std::min(x_lo, x);
    x_hi = std::max(x_hi, x);
  }
  if (c.x.empty()) x_lo = x_hi = 0;
  Scale x{x_lo, x_hi, left, right};
  if (days) {  // day d spans [d, d + 1), drawn at its middle
    x_lo = 0;
    x_hi = c.days > 0 ? c.days - 1 : x_hi;
    x = {0, x_hi + 1, left, right};
  }
  if (c.x_axis == XAxis::categories) x = {x_lo - 0.5, x_hi + 0.5, left, right};
  if (c.x_axis == XAxis::numbers) {  // a margin so that the first and last points clear the axes
    const double pad = x_hi > x_lo ? (x_hi - x_lo) * 0.06 : 1;
    x = {x_lo - pad, x_hi + pad, left, right};
  }
  const auto at = [&](double v) { return x(days ? v + 0.5 : v); };

  double y_lo = 0, y_hi = 0;
  for (const Series& s : c.series)
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      for (double v : {s.y[i], s.low.empty() ? s.y[i] : s.low[i], s.high.empty() ? s.y[i] : s.high[i]})
        if (std::isfinite(v)) {
          y_lo = std::min(y_lo, v);
          y_hi = std::max(y_hi, v);
        }
    }
  const std::vector<double> y_marks = ticks(y_lo, y_hi, 5);
  const Scale y{y_marks.front(), y_marks.back(), bottom, top};

  std::string out = svg_open(height, c.y_label);
  if (days && c.shade_to && *c.shade_to > x_lo) {
    const double to = x(std::min(*c.shade_to, x_hi + 1));
    out += "<rect class=\"shade\" x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" + px(to - left) + "\" height=\"" +
           px(bottom - top) + "\"/>";
    out += text_at((left + to) / 2, top + 14, "middle", c.shade_label, "class=\"label\"");
  }
  out += y_axis(y, y_marks, left, right, c.y_label, false);  // the series are in the label's unit
  // The x axis: dates, round numbers or the categories.
  out += "<line class=\"axis\" x1=\"" + px(left) + "\" x2=\"" + px(right) + "\" y1=\"" + px(bottom) + "\" y2=\"" + px(bottom) + "\"/>";
  if (days) {
    const double span = x_hi - x_lo + 1;
    int step = 1;
    for (int s : {1, 2, 7, 14, 28, 56, 91, 182, 364, 728})
      if (span / s <= 10) {
        step = s;
        break;
      }
    if (span / step > 10) step = static_cast<int>(std::ceil(span / 10));
    for (double d = x_lo; d <= x_hi; d += step) {
      out += "<line class=\"axis\" x1=\"" + px(x(d)) + "\" x2=\"" + px(x(d)) + "\" y1=\"" + px(bottom) + "\" y2=\"" + px(bottom + 4) + "\"/>";
      out += text_at(x(d), bottom + 17, "middle", short_date(c.start + static_cast<Date>(d), span > 180));
    }
  } else if (c.x_axis == XAxis::categories) {
    for (std::size_t i = 0; i < c.categories.size(); ++i)
      out += text_at(x(static_cast<double>(i)), bottom + 17, "middle", c.categories[i]);
  } else {
    for (double v : c.x) out += text_at(x(v), bottom + 17, "middle", number(v, 4));
  }
  out += text_at((left + right) / 2, height - 8, "middle", c.x_label, "class=\"axis-title\"");

  for (std::size_t k = 0; k < c.series.size(); ++k) {
    const Series& s = c.series[k];
    const std::string col(colour(k));
    const std::size_t n = std::min(s.y.size(), c.x.size());
    const bool band = s.low.size() >= n && s.high.size() >= n && n > 0;
    if (band && !c.points) {  // the CI band: low forwards, high backwards
      std::string d;
      for (std::size_t i = 0; i < n; ++i) d += (i ? "L" : "M") + px(at(c.x[i])) + " " + px(y(s.low[i]));
      for (std::size_t i = n; i-- > 0;) d += "L" + px(at(c.x[i])) + " " + px(y(s.high[i]));
      out += "<path class=\"mark band\" d=\"" + d + "Z\" fill=\"" + col + "\" fill-opacity=\"0.18\" stroke=\"none\"/>";
    }
    std::string d;
    for (std::size_t i = 0; i < n; ++i) d += (i ? "L" : "M") + px(at(c.x[i])) + " " + px(y(s.y[i]));
    if (n == 1) d += "h0.1";
    out += "<path class=\"mark line\" d=\"" + d + "\" fill=\"none\" stroke=\"" + col + "\" stroke-width=\"" +
           (c.points ? "1.5" : "2") + "\"" + (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + "><title>" + escape(s.name) +
           "</title></path>";
    if (c.points)
      for (std::size_t i = 0; i < n; ++i) {
        const double cx = at(c.x[i]);
        if (band)
          out += "<line class=\"mark\" x1=\"" + px(cx) + "\" x2=\"" + px(cx) + "\" y1=\"" + px(y(s.low[i])) + "\" y2=\"" +
                 px(y(s.high[i])) + "\" stroke=\"" + col + "\" stroke-width=\"2\"/>";
        out += "<circle class=\"mark\" cx=\"" + px(cx) + "\" cy=\"" + px(y(s.y[i])) + "\" r=\"4\" fill=\"" + col + "\"><title>" +
               escape(s.name) + ": " + number(s.y[i], 4) +
               (band ? " [" + number(s.low[i], 4) + ", " + number(s.high[i], 4) + "]" : std::string()) + "</title></circle>";
      }
  }
  return out + "</svg>";
}

std::size_t days_per_point(std::size_t days) { return days <= 400 ? 1 : days <= 2800 ? 7 : 28; }

std::vector<double> day_points(std::size_t days) {
  const std::size_t step = days_per_point(days);
  std::vector<double> x;
  for (std::size_t d = 0; d < days; d += step)
    x.push_back(static_cast<double>(d) + static_cast<double>(std::min(step, days - d) - 1) / 2);
  return x;
}

std::string day_points_note(std::size_t days) {
  const std::size_t step = days_per_point(days);
  return step == 1 ? "" : " Each point is the average of " + std::to_string(step) + " days.";
}

Series mean_by_day(std::string name, std::size_t replications, std::size_t days,
                   const std::function<double(std::size_t rep, std::size_t day)>& value) {
  Series s;
  s.name = std::move(name);
  const std::size_t step = days_per_point(days);
  std::vector<std::optional<double>> values(replications);
  for (std::size_t d = 0; d < days; d += step) {
    const std::size_t end = std::min(days, d + step);
    for (std::size_t rep = 0; rep < replications; ++rep) {
      double sum = 0;
      for (std::size_t day = d; day < end; ++day) sum += value(rep, day);
      values[rep] = sum / static_cast<double>(end - d);
    }
    const Estimate e = estimate(values);
    s.y.push_back(e.mean.value_or(0));
    if (replications > 1) {
      s.low.push_back(std::max(0.0, e.ci95[0]));
      s.high.push_back(e.ci95[1]);
    }
  }
  return s;
}

std::string bars_svg(const StackedBars& c) {
  const double row = 22, top = 8, label_right = 250, left = 258, right = kWidth - 90;
  const double height = top + row * static_cast<double>(c.labels.size()) + 44;
  const double bottom = height - 44;
  double hi = 0;
  for (const auto& parts : c.values) {
    double total = 0;
    for (double v : parts) total += v;
    hi = std::max(hi, total);
  }
  const std::vector<double> marks = ticks(0, hi > 0 ? hi : 1, 5);
  const Scale x{0, marks.back(), left, right};
  std::string out = svg_open(height, c.value_label);
  for (double t : marks) {
    out += "<line class=\"grid\" x1=\"" + px(x(t)) + "\" x2=\"" + px(x(t)) + "\" y1=\"" + px(top) + "\" y2=\"" + px(bottom) + "\"/>";
    out += text_at(x(t), bottom + 16, "middle", number(t));
  }
  out += text_at((left + right) / 2, height - 8, "middle", c.value_label, "class=\"axis-title\"");
  for (std::size_t i = 0; i < c.labels.size(); ++i) {
    const double y0 = top + row * static_cast<double>(i) + 4, h = row - 8;
    std::string label = c.labels[i];
    if (label.size() > 40) label = label.substr(0, 38) + "…";
    out += text_at(label_right, y0 + h - 2, "end", label, "class=\"label\"");
    double at = 0;
    std::string tip = c.labels[i] + ":";
    for (std::size_t p = 0; p < c.values[i].size(); ++p) {
      const double v = c.values[i][p];
      if (v <= 0) continue;
      out += "<rect class=\"mark\" x=\"" + px(x(at)) + "\" y=\"" + px(y0) + "\" width=\"" + px(x(at + v) - x(at)) +
             "\" height=\"" + px(h) + "\" fill=\"" + c.colours[p % c.colours.size()] + "\"><title>" + escape(c.labels[i]) +
             ": " + escape(c.parts[p]) + " " + number(v) + "</title></rect>";
      at += v;
    }
    if (at <= 0)  // a zero shown as zero, not as a missing bar
      out += "<rect class=\"mark\" x=\"" + px(left) + "\" y=\"" + px(y0) + "\" width=\"1.5\" height=\"" + px(h) + "\" fill=\"#666\"/>";
    out += text_at(x(at) + 6, y0 + h - 2, "start", number(at), "class=\"label\"");
  }
  out += "<line class=\"axis\" x1=\"" + px(left) + "\" x2=\"" + px(left) + "\" y1=\"" + px(top) + "\" y2=\"" + px(bottom) + "\"/>";
  return out + "</svg>";
}

std::string intervals_svg(const std::vector<IntervalRow>& rows, bool common_axis, std::string_view axis_label) {
  const double row = 24, top = 8, label_right = 262, left = 272, right = common_axis ? kWidth - 290 : 600, text_x = right + 14;
  const double height = top + row * static_cast<double>(rows.size()) + (common_axis ? 44 : 28);
  const double bottom = top + row * static_cast<double>(rows.size());
  std::string out = svg_open(height, axis_label);
  Scale common{0, 1, left, right};
  const bool percent = is_percent(axis_label);
  if (common_axis) {
    double hi = 0;
    for (const IntervalRow& r : rows) hi = std::max(hi, r.high);
    const std::vector<double> marks = ticks(0, hi > 0 ? hi : 1, 5);
    common = {0, marks.back(), left, right};
    for (double t : marks) {
      out += "<line class=\"grid\" x1=\"" + px(common(t)) + "\" x2=\"" + px(common(t)) + "\" y1=\"" + px(top) + "\" y2=\"" +
             px(bottom) + "\"/>";
      out += text_at(common(t), bottom + 16, "middle", percent ? number(t * 100) : number(t));
    }
    out += text_at((left + right) / 2, height - 8, "middle", axis_label, "class=\"axis-title\"");
  } else {
    out += "<line class=\"axis\" x1=\"" + px((left + right) / 2) + "\" x2=\"" + px((left + right) / 2) + "\" y1=\"" + px(top) +
           "\" y2=\"" + px(bottom) + "\"/>";
    out += text_at((left + right) / 2, bottom + 18, "middle", axis_label, "class=\"axis-title\"");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const IntervalRow& r = rows[i];
    const double cy = top + row * (static_cast<double>(i) + 0.5);
    if (i % 2 == 0)
      out += "<rect x=\"0\" y=\"" + px(cy - row / 2) + "\" width=\"" + px(kWidth) + "\" height=\"" + px(row) + "\" fill=\"#f7f7f7\"/>";
    Scale x = common;
    if (!common_axis) {  // each row its own scale, symmetric around zero
      const double m = std::max({std::fabs(r.low), std::fabs(r.high), std::fabs(r.mean)}) * 1.15;
      x = {-(m > 0 ? m : 1), m > 0 ? m : 1, left, right};
    }
    out += text_at(label_right, cy + 4, "end", r.label, "class=\"label\"");
    out += "<line class=\"mark\" x1=\"" + px(x(r.low)) + "\" x2=\"" + px(std::max(x(r.high), x(r.low) + 1)) + "\" y1=\"" + px(cy) +
           "\" y2=\"" + px(cy) + "\" stroke=\"" + r.colour + "\" stroke-width=\"4\" stroke-linecap=\"round\"/>";
    out += "<circle class=\"mark\" cx=\"" + px(x(r.mean)) + "\" cy=\"" + px(cy) + "\" r=\"5\" fill=\"#fff\" stroke=\"" + r.colour +
           "\" stroke-width=\"2\"><title>" + escape(r.label + ": " + r.text) + "</title></circle>";
    out += text_at(text_x, cy + 4, "start", r.text, "class=\"label\"");
  }
  if (!common_axis)
    out += "<line class=\"axis\" x1=\"" + px((left + right) / 2) + "\" x2=\"" + px((left + right) / 2) + "\" y1=\"" + px(top) +
           "\" y2=\"" + px(bottom) + "\" stroke-dasharray=\"3 3\"/>";
  return out + "</svg>";
}

}  // namespace milkrun::report
