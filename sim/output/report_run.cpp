// report.html of `milkrun run` (SPEC §8): what an analyst reads first, from the same results
// as summary.json, daily.csv, skus.csv and routes.csv.
#include <milkrun/output/expect.hpp>
#include <milkrun/output/report.hpp>
#include <milkrun/output/stats.hpp>

#include "input/timefmt.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>

namespace milkrun::report {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// One number per replication and day, as a line with its band over the run's days.
Series daily_series(const RunResults& r, std::string name, const std::function<double(std::size_t rep, std::size_t day)>& value) {
  return mean_by_day(std::move(name), r.replications.size(), static_cast<std::size_t>(r.model.horizon_days), value);
}

LineChart day_chart(const RunResults& r, std::string y_label) {
  LineChart c;
  c.x_label = "day (end of day for levels)";
  c.y_label = std::move(y_label);
  c.start = r.model.start;
  c.days = r.model.horizon_days;
  c.x = day_points(static_cast<std::size_t>(c.days));
  if (r.model.warmup_days > 0) {
    c.shade_to = r.model.warmup_days;
    c.shade_label = "warm-up (not measured)";
  }
  return c;
}

/// A network total of one daily.csv column, over the days, with its CI band.
std::string network_daily(const RunResults& r, std::string_view id, std::string_view title, std::string y_label,
                          std::int64_t DailyRow::*field, std::string_view note) {
  LineChart c = day_chart(r, std::move(y_label));
  c.series.push_back(daily_series(r, "network", [&](std::size_t rep, std::size_t d) {
    double total = 0;
    for (const DailyRow& row : r.replications[rep].daily[d]) total += static_cast<double>(row.*field);
    return total;
  }));
  const std::vector<LegendEntry> legend{{"mean over replications", std::string(colour(0))},
                                        {"95% CI", "rgba(0,114,178,0.25)"}};
  return figure(id, title, line_svg(c), r.replications.size() > 1 ? legend : std::vector<LegendEntry>{legend[0]},
                std::string(note) + day_points_note(static_cast<std::size_t>(c.days)));
}

/// One line per warehouse (the 9 largest by mean level, the rest summed) of a daily level.
std::string warehouse_daily(const RunResults& r, std::string_view id, std::string_view title, std::string y_label,
                            std::int64_t DailyRow::*field, std::string_view note) {
  const std::size_t W = r.model.warehouse_count();
  std::vector<double> size(W, 0);
  for (const auto& rep : r.replications)
    for (const auto& day : rep.daily)
      for (std::size_t w = 0; w < W; ++w) size[w] += static_cast<double>(day[w].*field);
  std::vector<std::size_t> order(W);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });
  constexpr std::size_t kShown = 9;
  LineChart c = day_chart(r, std::move(y_label));
  std::vector<LegendEntry> legend;
  for (std::size_t i = 0; i < std::min(W, kShown); ++i) {
    const std::size_t w = order[i];
    c.series.push_back(daily_series(r, r.model.warehouses[w].id, [&](std::size_t rep, std::size_t d) {
      return static_cast<double>(r.replications[rep].daily[d][w].*field);
    }));
    c.series.back().low.clear();  // one line each: bands of several warehouses would hide each other
    c.series.back().high.clear();
    legend.push_back({r.model.warehouses[w].id, std::string(colour(i))});
  }
  if (W > kShown) {
    c.series.push_back(daily_series(r, "other warehouses", [&](std::size_t rep, std::size_t d) {
      double total = 0;
      for (std::size_t i = kShown; i < W; ++i) total += static_cast<double>(r.replications[rep].daily[d][order[i]].*field);
      return total;
    }));
    c.series.back().low.clear();
    c.series.back().high.clear();
    legend.push_back({"the other " + std::to_string(W - kShown) + " warehouses", std::string(colour(kShown))});
  }
  return figure(id, title, line_svg(c), legend, std::string(note) + day_points_note(static_cast<std::size_t>(c.days)));
}

std::vector<std::string> cause_labels() {
  std::vector<std::string> out;
  for (std::string_view c : kUpstreamNames) out.emplace_back(c);
  return out;
}
std::vector<std::string> cause_colours() {
  std::vector<std::string> out;
  for (std::size_t c = 0; c < kUpstreamCount; ++c) out.emplace_back(cause_colour(c));
  return out;
}
std::vector<LegendEntry> cause_legend() {
  std::vector<LegendEntry> out;
  for (std::size_t c = 0; c < kUpstreamCount; ++c) out.push_back({std::string(kUpstreamNames[c]), std::string(cause_colour(c))});
  return out;
}

/// The top 20 pairs by lost units (by stockout events when nothing was lost, e.g. backorders),
/// split by the stockout causes of R35-R37.
std::string top_pairs(const RunResults& r) {
  const double n = static_cast<double>(r.replications.size());
  const std::size_t P = r.model.pairs.size();
  double lost_total = 0;
  for (const auto& rep : r.replications)
    for (const PairStats& s : rep.pairs) lost_total += static_cast<double>(s.lost);
  const bool by_lost = lost_total > 0;
  // A pair's means by cause, summed over replications in their order (so the same bits
  // whichever pair is asked first).
  const auto by_cause = [&](std::size_t p) {
    std::array<double, kUpstreamCount> v{};
    for (const auto& rep : r.replications)
      for (std::size_t u = 0; u < kUpstreamCount; ++u)
        v[u] += static_cast<double>(by_lost ? rep.causes(p).lost_by_cause[u] : rep.causes(p).events_by_cause[u]) / n;
    return v;
  };
  // The 20 largest totals, ties in pair order (as a stable sort of every pair would give).
  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t p = 0; p < P; ++p) {
    const auto v = by_cause(p);
    const double total = std::accumulate(v.begin(), v.end(), 0.0);
    if (total > 0) ranked.emplace_back(total, p);
  }
  const auto before = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  const std::size_t shown = std::min<std::size_t>(20, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(shown), ranked.end(), before);
  StackedBars bars{by_lost ? "lost units per replication" : "stockout events per replication", cause_labels(), cause_colours(), {}, {}};
  for (std::size_t i = 0; i < shown; ++i) {
    const std::size_t p = ranked[i].second;
    const PairModel& pm = r.model.pairs[p];
    bars.labels.push_back(r.model.skus[pm.sku].id + " @ " + r.model.warehouses[pm.warehouse].id);
    const auto v = by_cause(p);
    bars.values.emplace_back(v.begin(), v.end());
  }
  if (bars.labels.empty())
    return "<p class=\"note\">No (SKU, warehouse) pair ran out of stock in the measurement window.</p>";
  const std::string title = by_lost ? "Top " + std::to_string(bars.labels.size()) + " (SKU, warehouse) pairs by lost units, by stockout cause"
                                    : "Top " + std::to_string(bars.labels.size()) + " (SKU, warehouse) pairs by stockout events, by cause (no units were lost)";
  return figure("top-pairs", title, bars_svg(bars), cause_legend(),
                "Causes (SPEC R35): what kept stock from arriving in time. skus.csv has every pair.");
}

/// Stockout events of the SKUs each supplier or seller sources, by cause.
std::string supplier_causes(const RunResults& r) {
  const Model& m = r.model;
  const double n = static_cast<double>(r.replications.size());
  const std::size_t V = m.suppliers.size(), S = m.sellers.size();
  std::vector<std::array<double, kUpstreamCount>> events(V + S);
  for (const auto& rep : r.replications)
    for (std::size_t p = 0; p < m.pairs.size(); ++p) {
      const SkuModel& sku = m.skus[m.pairs[p].sku];
      const std::size_t source = sku.supplier != kNone ? sku.supplier : sku.seller != kNone ? V + sku.seller : V + S;
      if (source >= V + S) continue;
      for (std::size_t u = 0; u < kUpstreamCount; ++u) events[source][u] += static_cast<double>(rep.causes(p).events_by_cause[u]) / n;
    }
  std::vector<std::size_t> order(V + S);
  std::iota(order.begin(), order.end(), 0);
  const auto total = [&](std::size_t i) { return std::accumulate(events[i].begin(), events[i].end(), 0.0); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return total(a) > total(b); });
  StackedBars bars{"stockout events per replication", cause_labels(), cause_colours(), {}, {}};
  for (std::size_t i = 0; i < std::min<std::size_t>(20, order.size()); ++i) {
    const std::size_t v = order[i];
    bars.labels.push_back(v < V ? m.suppliers[v].id + (m.suppliers[v].delivery == Delivery::milk_run ? " (milk run)" : " (vendor)")
                                : m.sellers[v - V].id + " (seller)");
    bars.values.emplace_back(events[v].begin(), events[v].end());
  }
  const std::string title = order.size() > 20 ? "Stockout events by cause for the 20 suppliers and sellers with the most"
                                              : "Stockout events by cause, per supplier and seller";
  return figure("supplier-causes", title, bars_svg(bars), cause_legend(),
                "Over the SKUs each supplier or seller sources; summary.json \"suppliers\" has missed pickups and units left behind.");
}

std::string clock_label(Seconds t) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(t / 3600), static_cast<int>(t % 3600 / 60));
  return text;
}

/// Trip utilization (mean, min..max) and missed pickups per replication, by milk run.
std::string milk_run_charts(const RunResults& r) {
  const Model& m = r.model;
  const double n = static_cast<double>(r.replications.size());
  std::vector<IntervalRow> rows;
  StackedBars missed{"missed pickups per replication", {"missed pickups"}, {std::string(colour(3))}, {}, {}};
  for (std::size_t run = 0; run < m.milk_runs.size(); ++run) {
    double sum = 0, lo = 1e300, hi = 0, misses = 0;
    std::size_t trips = 0;
    for (const auto& rep : r.replications)
      for (const TripRecord& t : rep.trips)
        if (t.run == run) {
          sum += t.utilization;
          lo = std::min(lo, t.utilization);
          hi = std::max(hi, t.utilization);
          misses += static_cast<double>(t.missed_pickups);
          ++trips;
        }
    const MilkRunModel& mr = m.milk_runs[run];
    std::string label = mr.id + " (" + m.warehouses[mr.warehouse].id + ")";
    const bool more_times = mr.departure > 0 || (run + 1 < m.milk_runs.size() && m.milk_runs[run + 1].spec == mr.spec);
    if (more_times) label += " " + clock_label(mr.schedule.time);  // R46: each departure time is a run of its own
    missed.labels.push_back(label);
    missed.values.push_back({misses / n});
    if (trips == 0) continue;
    const double mean = sum / static_cast<double>(trips);
    rows.push_back({label, mean, lo, hi,
                    "mean " + number(mean * 100) + "%, " + number(lo * 100) + "–" + number(hi * 100) + "%, " +
                        number(static_cast<double>(trips) / n) + " trips/rep",
                    std::string(colour(run + 1))});
  }
  std::string out;
  if (!rows.empty())
    out += figure("trip-utilization", "Truck utilization by milk run: mean, and the lowest to the highest trip",
                  intervals_svg(rows, true, "utilization of the truck (%)"), {},
                  "Utilization = max(liters, kg) over the truck's capacity, per trip departing in the measurement window (routes.csv).");
  else
    out += "<p class=\"note\">No milk-run trip departed in the measurement window.</p>";
  out += figure("missed-pickups", "Missed pickups by milk run", bars_svg(missed), {},
                "A stop whose dock was closed or whose goods were not ready when the truck came (SPEC R23), or that the driver's duty limit skipped (R45).");
  return out;
}

std::string kpi_row(std::string_view label, std::string_view key, const Estimate& e, bool cause) {
  std::string out = std::string("<tr") + (cause ? " class=\"cause\"" : "") + "><td>" + escape(label) + "</td>";
  if (!e.mean) return out + "<td>-</td><td></td><td class=\"unit\">" + std::string(kpi_unit(key)) + "</td></tr>";
  return out + "<td>" + kpi_value(key, *e.mean) + "</td><td>[" + kpi_value(key, e.ci95[0]) + ", " + kpi_value(key, e.ci95[1]) +
         "]</td><td class=\"unit\">" + escape(kpi_unit(key)) + "</td></tr>";
}

std::string kpi_table_html(const RunSummary& s) {
  std::string out = "<table><tr><th>KPI</th><th>mean</th><th>95% CI</th><th class=\"unit\">unit</th></tr>";
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const Kpi kpi = static_cast<Kpi>(k);
    const Estimate& e = s.network[k].estimate;
    const std::optional<Upstream> cause = upstream_of_kpi(kpi);
    if (cause && e.mean.value_or(0) == 0) continue;  // a cause row, when it occurs
    out += kpi_row(cause ? upstream_name(*cause) : kKpis[k].key, kKpis[k].key, e, cause.has_value());
  }
  return out + "</table>\n";
}

/// A few headline KPIs side by side for every warehouse.
std::string warehouse_table(const RunSummary& s) {
  static constexpr Kpi kShown[] = {Kpi::orders, Kpi::on_time_rate, Kpi::late_deliveries, Kpi::fill_rate, Kpi::lost_orders,
                                   Kpi::stockout_sku_days, Kpi::pick_wait_hours_mean, Kpi::avg_on_hand_units};
  std::string out = "<table><tr><th>warehouse</th>";
  for (Kpi k : kShown) {  // long names break after an underscore
    std::string name = escape(info(k).key);
    for (std::size_t at = name.find('_'); at != std::string::npos; at = name.find('_', at + 6)) name.insert(at + 1, "<wbr>");
    out += "<th>" + name + "</th>";
  }
  out += "</tr>";
  for (const auto& w : s.warehouses) {
    out += "<tr><td>" + escape(w.id) + "</td>";
    for (Kpi k : kShown) {
      const Estimate& e = w.kpis[static_cast<std::size_t>(k)].estimate;
      out += "<td>" + (e.mean ? kpi_value(info(k).key, *e.mean) : std::string("-")) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>\n<p class=\"note\">Means over replications; rates in percent. summary.json has every KPI of every warehouse with its CI.</p>\n";
}

std::string expect_table(const std::vector<ExpectResult>& results) {
  if (results.empty()) return "";
  std::string out = "<h3>Expectations</h3><table><tr><th>expectation</th><th>mean</th><th>95% CI</th><th>bound</th><th>result</th></tr>";
  for (const ExpectResult& r : results) {
    const std::string key(r.expectation.kpi_key());
    out += "<tr><td>" + escape(r.expectation.name()) + "</td>";
    if (r.estimate.mean)
      out += "<td>" + number(*r.estimate.mean, 4) + "</td><td>[" + number(r.estimate.ci95[0], 4) + ", " + number(r.estimate.ci95[1], 4) + "]</td>";
    else
      out += "<td>-</td><td></td>";
    out += "<td>" + escape(r.expectation.bound.text()) + "</td>";
    out += r.passed ? "<td class=\"pass\">passed</td>" : "<td class=\"fail\">FAILED</td>";
    out += "</tr>";
  }
  return out + "</table>\n";
}

/// R47: the sellers whose mean defect rate is above their threshold, the worst first, with
/// the CI that says whether they surely are.
std::string seller_standards(const RunSummary& s) {
  const auto rate = [](const SellerSummary& v) { return v.kpis[static_cast<std::size_t>(SellerKpi::defect_rate)].estimate; };
  std::vector<const SellerSummary*> above;
  for (const SellerSummary& v : s.sellers)
    if (v.above_threshold) above.push_back(&v);
  std::stable_sort(above.begin(), above.end(), [&](const SellerSummary* a, const SellerSummary* b) {
    return rate(*a).mean.value_or(0) > rate(*b).mean.value_or(0);
  });
  const std::string sellers = std::to_string(s.sellers.size()) + " seller" + (s.sellers.size() == 1 ? "" : "s");
  const std::string rule =
      "Defect rate = late or lost orders / orders of the seller's SKUs (a seller with no orders has 0). Surely above: "
      "the low end of the 95% CI is above the threshold too. Orders are means per replication; summary.json "
      "\"sellers\" has every seller.";
  if (above.empty())
    return "<p>No seller's mean defect rate is above its threshold (" + sellers + ").</p>\n<p class=\"note\">" +
           escape(rule) + "</p>\n";
  std::string out = "<p>Above their defect threshold: " + std::to_string(above.size()) + " of " + sellers + ".</p>\n"
                    "<table><tr><th>seller</th><th>defect rate (%)</th><th>95% CI (%)</th><th>threshold (%)</th>"
                    "<th>surely above</th><th>orders</th><th>late or lost orders</th></tr>";
  for (const SellerSummary* v : above) {
    const Estimate e = rate(*v);
    const auto count = [&](SellerKpi k) {
      const Estimate& c = v->kpis[static_cast<std::size_t>(k)].estimate;
      return c.mean ? number(*c.mean) : std::string("-");
    };
    out += "<tr><td>" + escape(v->id) + "</td><td>" + kpi_value("defect_rate", *e.mean) + "</td><td>[" +
           kpi_value("defect_rate", e.ci95[0]) + ", " + kpi_value("defect_rate", e.ci95[1]) + "]</td><td>" +
           kpi_value("defect_rate", v->defect_threshold) + "</td>" +
           (v->surely_above ? "<td class=\"fail\">yes</td>" : "<td>no</td>") + "<td>" + count(SellerKpi::orders) + "</td><td>" +
           count(SellerKpi::late_or_lost_orders) + "</td></tr>";
  }
  return out + "</table>\n<p class=\"note\">" + escape(rule) + "</p>\n";
}

}  // namespace

std::string_view kpi_unit(std::string_view key) {
  if (key.ends_with("_rate") || key == "truck_utilization") return "%";
  if (starts_with(key, "stockout_events") || key == "stockout_events") return "events";
  if (starts_with(key, "stockout_sku_days")) return "SKU-days";
  if (starts_with(key, "lost_units") || key == "units" || key == "avg_on_hand_units" || key == "expedited_units") return "units";
  if (key == "pick_wait_hours_mean") return "hours";
  if (key == "truck_trips") return "trips";
  if (key == "truck_km") return "km";
  if (key == "missed_pickups") return "pickups";
  if (starts_with(key, "cost.")) return "money";
  if (key == "lines") return "lines";  // R40, R41
  if (key == "shipments") return "shipments";
  if (key == "shipments_per_order") return "per order";
  if (key == "duty_skips") return "stops";  // R45
  return "orders";
}

std::string kpi_value(std::string_view key, double v) {
  return kpi_unit(key) == "%" ? number(v * 100, 4) : number(v, 4);
}

std::string run_report(const RunResults& r, const RunSummary& s) {
  const Model& m = r.model;
  const std::string subtitle = "seed " + std::to_string(s.seed) + " · " + std::to_string(s.replications) + " replication" +
                               (s.replications == 1 ? "" : "s") + " · " + format_date(m.start) + " to " +
                               format_date(m.start + m.horizon_days - 1) + " (" + std::to_string(m.horizon_days) +
                               " days, the first " + std::to_string(m.warmup_days) + " warm-up) · " +
                               std::to_string(m.warehouse_count()) + " warehouses, " + std::to_string(m.zone_count()) +
                               " zones, " + std::to_string(m.skus.size()) + " SKUs";
  std::vector<Section> sections;
  sections.push_back({"Key figures", kpi_table_html(s) + expect_table(evaluate_all(r.scenario.expect, s)) +
                                         "<h3>By warehouse</h3>" + warehouse_table(s)});
  if (!s.sellers.empty()) sections.push_back({"Seller standards", seller_standards(s)});
  std::string time;
  time += network_daily(r, "daily-orders", "Orders per day", "orders per day", &DailyRow::orders,
                        "By arrival day, at the warehouse that took the order (daily.csv orders).");
  time += network_daily(r, "daily-late", "Late deliveries per day", "late deliveries per day", &DailyRow::late_deliveries,
                        "By delivery day, up to the horizon; the KPI counts by order arrival, so the two differ at the edges.");
  time += network_daily(r, "daily-stockouts", "Stockout events per day", "stockout events per day", &DailyRow::stockouts,
                        "A (SKU, warehouse) pair reaching zero free stock (SPEC R25).");
  time += network_daily(r, "daily-backlog", "Backlog: orders not yet shipped at the end of each day", "orders not yet shipped (end of day)",
                        &DailyRow::backlog, "Orders taken and not yet shipped: waiting for stock (backorders), pick/pack or the truck.");
  sections.push_back({"Over time", time});
  sections.push_back({"Stock per warehouse",
                      warehouse_daily(r, "on-hand", "Units on hand at the end of each day", "units on hand", &DailyRow::on_hand,
                                      "Free stock plus units held for orders not yet shipped.") +
                          warehouse_daily(r, "receiving-backlog", "Receiving backlog at the end of each day",
                                          "units at receiving (end of day)", &DailyRow::receiving_backlog,
                                          "Units arrived at the dock and not yet in stock (being received or in dock-to-stock).")});
  std::string causes = top_pairs(r);
  if (!m.suppliers.empty() || !m.sellers.empty()) causes += supplier_causes(r);
  sections.push_back({"Stockouts and their causes", causes});
  if (!m.milk_runs.empty()) sections.push_back({"Milk runs", milk_run_charts(r)});
  sections.push_back({"Map", figure("map", "The network and the planned milk-run loops", map_svg(r.scenario, m),
                                    map_legend(m, false), "North up; distances to scale.")});
  return page(s.scenario, subtitle, sections);
}

}  // namespace milkrun::report
