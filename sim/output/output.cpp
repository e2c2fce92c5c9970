#include <milkrun/output/expect.hpp>
#include <milkrun/output/order_rows.hpp>
#include <milkrun/output/output.hpp>
#include <milkrun/output/report.hpp>
#include <milkrun/output/stats.hpp>

#include "input/timefmt.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>
#include <span>
#include <sstream>
#include <stdexcept>

namespace milkrun {
namespace {

using Json = nlohmann::ordered_json;

/// A value as JSON: whole numbers as integers, others as doubles, undefined as null.
Json number_json(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  if (*v == std::floor(*v) && std::fabs(*v) < 9.0e15) return static_cast<std::int64_t>(*v);
  return *v;
}

/// {"mean", "ci95", "values"} of one KPI.
Json series_json(const KpiSeries& series) {
  const Estimate& e = series.estimate;
  Json entry;
  entry["mean"] = number_json(e.mean);
  entry["ci95"] = e.mean ? Json::array({e.ci95[0], e.ci95[1]}) : Json::array({nullptr, nullptr});
  Json list = Json::array();
  for (const auto& v : series.values) list.push_back(number_json(v));
  entry["values"] = std::move(list);
  return entry;
}

/// {ID: {"kpis": {KEY: ...}}} of warehouses, sellers or suppliers.
template <class Kpis>
Json entities_json(const std::vector<EntityKpis<Kpis>>& entities, std::span<const KpiInfo> table) {
  Json out = Json::object();
  for (const EntityKpis<Kpis>& e : entities) out[e.id]["kpis"] = kpis_json(e.kpis, table);
  return out;
}

/// {ID: {"kpis": {...}, "above_threshold", "surely_above"}} of the sellers (R47).
Json sellers_json(const std::vector<SellerSummary>& sellers) {
  Json out = Json::object();
  for (const SellerSummary& v : sellers) {
    Json& entry = out[v.id];
    entry["kpis"] = kpis_json(v.kpis, kSellerKpis);
    entry["above_threshold"] = v.above_threshold;
    entry["surely_above"] = v.surely_above;
  }
  return out;
}

}  // namespace

std::string csv_number(std::optional<double> v) { return v && std::isfinite(*v) ? format_shortest(*v) : ""; }

Json kpis_json(std::span<const KpiSeries> kpis, std::span<const KpiInfo> table) {
  Json out = Json::object();
  for (std::size_t k = 0; k < kpis.size(); ++k) out[std::string(table[k].key)] = series_json(kpis[k]);
  return out;
}

Json warehouses_json(const RunSummary& s) { return entities_json(s.warehouses, kKpis); }

std::string format_shortest(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

Json summary_json(const RunSummary& summary, const std::vector<Expectation>& expectations) {
  Json s;
  s["scenario"] = summary.scenario;
  s["seed"] = summary.seed;
  s["replications"] = summary.replications;
  s["kpis"] = kpis_json(summary.network, kKpis);
  s["warehouses"] = warehouses_json(summary);
  if (!summary.sellers.empty()) s["sellers"] = sellers_json(summary.sellers);
  if (!summary.suppliers.empty()) s["suppliers"] = entities_json(summary.suppliers, kSupplierKpis);
  // The scenario's expectations judged on the same KPIs, so `run` reports them too.
  Json expect = Json::array();
  for (const ExpectResult& e : evaluate_all(expectations, summary)) expect.push_back(expect_result_json(e));
  s["expect"] = std::move(expect);
  return s;
}

void daily_csv(TextOut& out, const RunResults& r) {
  out << "replication,date,warehouse,orders,shipped,late_deliveries,stockouts,on_hand,backlog,inbound,receiving_backlog,expedited_units\n";
  TimeText time(r.model.start);
  for (std::size_t rep = 0; rep < r.replications.size(); ++rep) {
    const auto& daily = r.replications[rep].daily;
    for (std::size_t d = 0; d < daily.size(); ++d)
      for (std::size_t w = 0; w < daily[d].size(); ++w) {
        const DailyRow& row = daily[d][w];
        out.integer(static_cast<std::int64_t>(rep + 1)) << ',';
        time.date(out, static_cast<std::int64_t>(d));
        out << ',' << r.model.warehouses[w].id << ',';
        for (std::int64_t v : {row.orders, row.shipped, row.late_deliveries, row.stockouts, row.on_hand, row.backlog,
                               row.inbound, row.receiving_backlog})
          out.integer(v) << ',';
        out.integer(row.expedited_units) << '\n';
      }
  }
}

void skus_csv(TextOut& out, const RunResults& r) {
  out << "sku,warehouse,demand_units,fill_rate,stockout_days,lost_units,avg_on_hand";
  for (std::string_view c : kUpstreamNames) out << ",stockout_events." << c;  // §7
  for (std::string_view c : kUpstreamNames) out << ",lost_units." << c;
  out << '\n';
  const double n = static_cast<double>(r.replications.size());
  for (PairId p = 0; p < r.model.pairs.size(); ++p) {
    double demand = 0, filled = 0, stockout = 0, lost = 0, on_hand = 0;
    std::array<double, kUpstreamCount> events{}, lost_by{};
    for (const ReplicationResult& rep : r.replications) {
      const PairStats& s = rep.pairs[p];
      const PairCauses& c = rep.causes(p);
      demand += static_cast<double>(s.demand);
      filled += static_cast<double>(s.filled);
      stockout += s.stockout_days;
      lost += static_cast<double>(s.lost);
      on_hand += s.avg_on_hand;
      for (std::size_t u = 0; u < kUpstreamCount; ++u) {
        events[u] += static_cast<double>(c.events_by_cause[u]);
        lost_by[u] += static_cast<double>(c.lost_by_cause[u]);
      }
    }
    const PairModel& pm = r.model.pairs[p];
    out << r.model.skus[pm.sku].id << ',' << r.model.warehouses[pm.warehouse].id << ',';
    out.csv_number(demand / n) << ',';
    if (demand > 0) out.csv_number(filled / demand);
    out << ',';
    out.csv_number(stockout / n) << ',';
    out.csv_number(lost / n) << ',';
    out.csv_number(on_hand / n);
    for (double e : events) (out << ',').csv_number(e / n);
    for (double l : lost_by) (out << ',').csv_number(l / n);
    out << '\n';
  }
}

void routes_csv(TextOut& out, const RunResults& r) {
  out << "replication,depart,run,truck,stops,km,liters,kg,utilization,missed_pickups,planned_return,actual_return,duty_skips\n";
  const Model& m = r.model;
  for (std::size_t rep = 0; rep < r.replications.size(); ++rep) {
    for (const TripRecord& t : r.replications[rep].trips) {
      const MilkRunModel& run = m.milk_runs[t.run];
      out.integer(static_cast<std::int64_t>(rep + 1)) << ',' << format_instant(m.start, t.depart) << ',' << run.id << ',';
      out.integer(t.truck) << ',';
      bool first = true;
      for (SupplierId s : run.loops[t.loop].stops) {
        if (!first) out << ';';
        out << m.suppliers[s].id;
        first = false;
      }
      out << ',';
      out.csv_number(t.km) << ',';
      out.csv_number(t.load.liters) << ',';
      out.csv_number(t.load.kg) << ',';
      out.csv_number(t.utilization) << ',';
      out.integer(t.missed_pickups) << ',';
      out << format_instant_seconds(m.start, t.planned_return) << ',' << format_instant_seconds(m.start, t.actual_return) << ',';
      out.integer(t.duty_skips) << '\n';
    }
  }
}

std::string kpi_table(const RunSummary& summary) {
  // Counts and large figures as whole numbers, rates and hours with four significant digits.
  auto text = [](double v) {
    char buf[32];
    if (std::fabs(v) >= 1000 || v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.4g", v);
    return std::string(buf);
  };
  std::ostringstream out;
  char line[200];
  std::snprintf(line, sizeof line, "%-28s %12s   %s\n", "kpi", "mean", "95% CI");
  out << line;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const std::string key = table_label(static_cast<Kpi>(k));
    const Estimate& e = summary.network[k].estimate;
    if (upstream_of_kpi(static_cast<Kpi>(k)) && e.mean.value_or(0) == 0) continue;  // a cause row, when it occurs
    if (!e.mean || !std::isfinite(*e.mean)) {
      std::snprintf(line, sizeof line, "%-28s %12s\n", key.c_str(), "-");
    } else {
      const std::string ci = "[" + text(e.ci95[0]) + ", " + text(e.ci95[1]) + "]";
      std::snprintf(line, sizeof line, "%-28s %12s   %s\n", key.c_str(), text(*e.mean).c_str(), ci.c_str());
    }
    out << line;
  }
  return out.str();
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char ch : s) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

namespace {

/// Writes the file at `path` atomically, its text from `write`.
template <class Write>
void write_file(const std::filesystem::path& path, Write&& write) {
  AtomicFile file(path);
  write(file.out());
  file.commit();
}

}  // namespace

RunSummary write_run_outputs(const std::filesystem::path& dir, const RunResults& rr, const OrderRows* orders) {
  std::filesystem::create_directories(dir);
  // skus.csv, a row a pair (3 million at Amazon scale), is written on another core beside the
  // rest; each file's bytes are its own either way. The future waits for it even when the rest
  // throws, and get() passes on its own error.
  std::future<void> skus = std::async(std::launch::async, [&] { write_file(dir / "skus.csv", [&](TextOut& out) { skus_csv(out, rr); }); });
  RunSummary summary = summarize(rr);
  write_atomically(dir / "summary.json", summary_json(summary, rr.scenario.expect).dump(2) + "\n");
  write_file(dir / "daily.csv", [&](TextOut& out) { daily_csv(out, rr); });
  if (!rr.model.milk_runs.empty()) write_file(dir / "routes.csv", [&](TextOut& out) { routes_csv(out, rr); });
  if (orders) orders->write_csv(dir / "orders.csv", static_cast<int>(rr.replications.size()));
  write_atomically(dir / "report.html", report::run_report(rr, summary));
  skus.get();
  return summary;
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  write_file(path, [&](TextOut& out) { out << content; });
}

}  // namespace milkrun
