// report.html of `milkrun compare` and `milkrun sweep` (SPEC §8): the paired differences with
// their CIs and verdicts; each headline KPI against the varied parameters.
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/output/report.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace milkrun {
namespace {

using report::escape;
using report::kpi_value;
using report::number;

std::string verdict_colour(std::string_view verdict) {
  if (verdict == "better") return "#1a7f37";
  if (verdict == "worse") return "#c62828";
  if (verdict == "higher" || verdict == "lower") return "#0072B2";
  return "#8a8a8a";
}

std::string verdict_class(std::string_view verdict) {
  return " class=\"verdict" + (verdict == "better" || verdict == "worse" ? " " + std::string(verdict) : std::string()) + "\"";
}

/// A difference as shown: rates in percentage points.
std::string diff_value(std::string_view key, double v) {
  const std::string text = kpi_value(key, v);
  return v > 0 ? "+" + text : text;
}

/// Whether a KPI says something in this comparison: defined, and not 0 on both sides.
bool worth_a_row(const PairedDifference& d) {
  if (!d.base.mean || !d.variant.mean) return false;
  return *d.base.mean != 0 || *d.variant.mean != 0;
}

std::string compare_kpi_table(const KpiComparisons& kpis) {
  std::string out =
      "<table><tr><th>KPI</th><th>base</th><th>variant</th><th>difference</th><th>95% CI of the difference</th>"
      "<th>relative</th><th>verdict</th><th class=\"unit\">unit</th></tr>";
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = kpis[k].difference;
    const std::string_view key = kKpis[k].key;
    const std::optional<Upstream> cause = upstream_of_kpi(static_cast<Kpi>(k));
    if (cause && !worth_a_row(d)) continue;
    out += std::string("<tr") + (cause ? " class=\"cause\"" : "") + "><td>" +
           escape(cause ? upstream_name(*cause) : key) + "</td>";
    if (!d.base.mean || !d.variant.mean || !d.diff.mean) {
      out += "<td>" + (d.base.mean ? kpi_value(key, *d.base.mean) : "-") + "</td><td>" +
             (d.variant.mean ? kpi_value(key, *d.variant.mean) : "-") + "</td><td>-</td><td></td><td></td><td></td>";
    } else {
      out += "<td>" + kpi_value(key, *d.base.mean) + "</td><td>" + kpi_value(key, *d.variant.mean) + "</td><td>" +
             diff_value(key, *d.diff.mean) + "</td><td>[" + diff_value(key, d.diff.ci95[0]) + ", " +
             diff_value(key, d.diff.ci95[1]) + "]</td><td>" +
             (d.relative ? (*d.relative > 0 ? "+" : "") + number(*d.relative * 100) + "%" : std::string()) + "</td><td" +
             verdict_class(kpis[k].verdict) + ">" + escape(kpis[k].verdict) + "</td>";
    }
    out += "<td class=\"unit\">" + std::string(report::kpi_unit(key) == "%" ? "% points" : report::kpi_unit(key)) + "</td></tr>";
  }
  return out + "</table>\n";
}

std::string diff_chart(const KpiComparisons& kpis) {
  std::vector<report::IntervalRow> rows;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = kpis[k].difference;
    if (!worth_a_row(d) || !d.diff.mean) continue;
    const std::string_view key = kKpis[k].key;
    const std::optional<Upstream> cause = upstream_of_kpi(static_cast<Kpi>(k));
    rows.push_back({cause ? "by cause: " + std::string(upstream_name(*cause)) : std::string(key), *d.diff.mean, d.diff.ci95[0], d.diff.ci95[1],
                    diff_value(key, *d.diff.mean) + " [" + diff_value(key, d.diff.ci95[0]) + ", " +
                        diff_value(key, d.diff.ci95[1]) + "] " + kpis[k].verdict,
                    verdict_colour(kpis[k].verdict)});
  }
  const std::vector<report::LegendEntry> legend{
      {"better", "#1a7f37"}, {"worse", "#c62828"}, {"no significant difference", "#8a8a8a"}, {"higher / lower (no good direction)", "#0072B2"}};
  return report::figure("diff", "Variant − base, paired by replication: each KPI's difference and its 95% CI",
                        report::intervals_svg(rows, false, "difference (each row on its own scale; the line is 0)"), legend,
                        "A CI that does not cross 0 is a real difference at 95%. Rates are in percentage points. KPIs that are 0 "
                        "in both runs are left out.");
}

std::string warehouse_table(const Comparison& c) {
  static constexpr Kpi kShown[] = {Kpi::on_time_rate, Kpi::late_deliveries, Kpi::fill_rate, Kpi::lost_orders,
                                   Kpi::stockout_sku_days, Kpi::pick_wait_hours_mean};
  std::string out = "<table><tr><th>warehouse</th>";
  for (Kpi k : kShown) out += "<th>" + escape(info(k).key) + "</th>";
  out += "</tr>";
  for (const WarehouseComparison& w : c.warehouses) {
    out += "<tr><td>" + escape(w.id) + "</td>";
    for (Kpi k : kShown) {
      const KpiComparison& kc = w.kpis[static_cast<std::size_t>(k)];
      const std::optional<double> diff = kc.difference.diff.mean;
      out += "<td" + verdict_class(kc.verdict) + ">" + (diff ? diff_value(info(k).key, *diff) : std::string("-")) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>\n<p class=\"note\">Variant − base, means of the paired differences; green better, red worse at 95%. "
               "compare.json has every KPI of every warehouse with its CI.</p>\n";
}

/// A daily network count of one side, [replication][day], as a line with its band.
report::Series daily_mean(const std::vector<std::vector<DailyRow>>& reps, std::int64_t DailyRow::*field, std::string name,
                          bool dashed) {
  report::Series s = report::mean_by_day(std::move(name), reps.size(), reps.empty() ? 0 : reps.front().size(),
                                         [&](std::size_t r, std::size_t d) { return static_cast<double>(reps[r][d].*field); });
  s.dashed = dashed;
  return s;
}

/// Base and variant over the days of the base, each with its band.
std::string daily_overlay(const Comparison& c, const Model& base, std::string_view id, std::string_view title,
                          std::string y_label, std::int64_t DailyRow::*field) {
  report::LineChart chart;
  chart.x_label = "day";
  chart.y_label = std::move(y_label);
  chart.start = base.start;
  chart.days = base.horizon_days;
  chart.x = report::day_points(static_cast<std::size_t>(chart.days));
  if (base.warmup_days > 0) {
    chart.shade_to = base.warmup_days;
    chart.shade_label = "warm-up (not measured)";
  }
  chart.series.push_back(daily_mean(c.base_daily, field, "base " + c.base, false));
  chart.series.push_back(daily_mean(c.variant_daily, field, "variant " + c.variant, true));
  return report::figure(id, title, report::line_svg(chart),
                        {{"base " + c.base, std::string(report::colour(0))}, {"variant " + c.variant, std::string(report::colour(1)), true}},
                        (c.replications > 1 ? "Means over the paired replications with their 95% CI bands, the whole network."
                                            : "The whole network.") +
                            report::day_points_note(static_cast<std::size_t>(chart.days)));
}

/// The values of a --vary as numbers, when they all are.
std::optional<std::vector<double>> numeric(const Vary& v) {
  std::vector<double> out;
  for (const std::string& text : v.values) {
    double x = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    out.push_back(x);
  }
  return out;
}

std::string sweep_chart(const Sweep& s, std::size_t k, const std::string& id) {
  const Vary& first = s.varies.front();
  const std::optional<std::vector<double>> xs = numeric(first);
  report::LineChart c;
  c.points = true;
  c.x_label = first.pointer;
  const std::string_view key = kKpis[k].key;
  const bool percent = report::kpi_unit(key) == "%";
  c.y_label = std::string(key) + " (" + std::string(report::kpi_unit(key)) + ")";
  c.x_axis = xs ? report::XAxis::numbers : report::XAxis::categories;
  for (std::size_t i = 0; i < first.values.size(); ++i) c.x.push_back(xs ? (*xs)[i] : static_cast<double>(i));
  if (!xs) c.categories = first.values;
  // The grid's last --vary changes fastest: variant v has first-vary value v / inner and
  // the other values' combination v % inner, one series each.
  const std::size_t inner = s.variants.size() / first.values.size();
  std::vector<report::LegendEntry> legend;
  for (std::size_t j = 0; j < inner; ++j) {
    report::Series series;
    for (std::size_t o = 1; o < s.varies.size(); ++o)
      series.name += (series.name.empty() ? "" : ", ") + s.varies[o].pointer + " = " + s.variants[j][o].value;
    if (series.name.empty()) series.name = "mean";
    for (std::size_t i = 0; i < first.values.size(); ++i) {
      const Estimate& e = s.kpis[i * inner + j][k];
      const double scale = percent ? 100 : 1;
      series.y.push_back(e.mean ? *e.mean * scale : NAN);
      // KPIs are never negative and rates never above 100%: the bars stop there.
      series.low.push_back(e.mean ? std::max(0.0, e.ci95[0] * scale) : NAN);
      series.high.push_back(e.mean ? (percent ? std::min(100.0, e.ci95[1] * scale) : e.ci95[1] * scale) : NAN);
    }
    legend.push_back({series.name + (s.replications > 1 ? " (bars: 95% CI)" : ""), std::string(report::colour(j))});
    c.series.push_back(std::move(series));
  }
  return report::figure(id, std::string(key) + " against " + first.pointer, report::line_svg(c), legend);
}

std::string grid_table(const Sweep& s, const std::vector<std::size_t>& shown) {
  std::string out = "<table><tr>";
  for (const Vary& v : s.varies) out += "<th>" + escape(v.pointer) + "</th>";
  for (std::size_t k : shown) out += "<th>" + escape(kKpis[k].key) + "</th>";
  out += "</tr>";
  for (std::size_t v = 0; v < s.variants.size(); ++v) {
    out += "<tr>";
    for (const Override& o : s.variants[v]) out += "<td>" + escape(o.value) + "</td>";
    for (std::size_t k : shown) {
      const Estimate& e = s.kpis[v][k];
      const std::string_view key = kKpis[k].key;
      out += "<td>" + (e.mean ? kpi_value(key, *e.mean) + " [" + kpi_value(key, e.ci95[0]) + ", " + kpi_value(key, e.ci95[1]) + "]"
                              : std::string("-")) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>\n<p class=\"note\">Mean [95% CI] over the replications; rates in percent. sweep.csv has every KPI.</p>\n";
}

}  // namespace

std::string compare_report(const Comparison& c, const Scenario& base, const Model& base_model, const Model& variant_model) {
  std::vector<report::Section> sections;
  sections.push_back({"Differences", diff_chart(c.kpis) + compare_kpi_table(c.kpis)});
  if (!c.base_daily.empty() && !c.variant_daily.empty())
    sections.push_back(
        {"Over time",
         daily_overlay(c, base_model, "compare-late", "Late deliveries per day", "late deliveries per day", &DailyRow::late_deliveries) +
             daily_overlay(c, base_model, "compare-stockouts", "Stockout events per day", "stockout events per day", &DailyRow::stockouts) +
             daily_overlay(c, base_model, "compare-backlog", "Orders not yet shipped at the end of each day", "orders not yet shipped",
                           &DailyRow::backlog) +
             daily_overlay(c, base_model, "compare-on-hand", "Units on hand at the end of each day", "units on hand", &DailyRow::on_hand)});
  if (!c.warehouses.empty()) sections.push_back({"By warehouse", warehouse_table(c)});
  sections.push_back({"Map", report::figure("map", "The network, with the base's milk-run loops solid and the variant's dashed",
                                            report::map_svg(base, base_model, &variant_model),
                                            report::map_legend(base_model, !variant_model.milk_runs.empty()),
                                            "Places are the base's; north up, distances to scale.")});
  const std::string subtitle = "variant " + c.variant + " against base " + c.base + " · " + std::to_string(c.replications) +
                               " paired replications, seed " + std::to_string(c.seed) +
                               " (common random numbers: replication r of both sees the same orders and delays)";
  return report::page(c.base + " vs " + c.variant, subtitle, sections);
}

std::string sweep_report(const Sweep& s, const std::vector<std::size_t>& shown) {
  std::string charts;
  for (std::size_t i = 0; i < shown.size(); ++i) charts += sweep_chart(s, shown[i], "sweep-" + std::to_string(i + 1));
  // Every other KPI that is defined and not 0 in every variant (the by-cause splits left out).
  std::string others;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (std::find(shown.begin(), shown.end(), k) != shown.end() || upstream_of_kpi(static_cast<Kpi>(k))) continue;
    const bool says_something = std::any_of(s.kpis.begin(), s.kpis.end(), [&](const KpiEstimates& e) {
      return e[k].mean && *e[k].mean != 0;
    });
    if (says_something) others += sweep_chart(s, k, "sweep-kpi-" + std::string(kKpis[k].key));
  }
  if (!others.empty())
    charts += "<details><summary>Every other KPI against the varied parameters</summary>" + others + "</details>\n";
  std::string varied;
  for (const Vary& v : s.varies) varied += (varied.empty() ? "" : ", ") + v.pointer + " in {" + [&] {
    std::string list;
    for (const std::string& value : v.values) list += (list.empty() ? "" : ", ") + value;
    return list;
  }() + "}";
  const std::string subtitle = std::to_string(s.variants.size()) + " variants × " + std::to_string(s.replications) +
                               " replications, seed " + std::to_string(s.seed) + " · " + varied;
  return report::page(s.scenario + " sweep", subtitle,
                      {{"Headline KPIs against the varied parameters", charts}, {"The grid", grid_table(s, shown)}});
}

}  // namespace milkrun
