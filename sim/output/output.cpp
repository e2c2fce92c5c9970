#include <milkrun/output/expect.hpp>
#include <milkrun/output/output.hpp>
#include <milkrun/output/report.hpp>
#include <milkrun/output/stats.hpp>

#include "input/timefmt.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

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

/// §7: a delivered order's delivery date minus its promised date in calendar days, 0 when on time.
DayIndex days_late(const OrderRecord& o) { return std::max<DayIndex>(0, o.delivered - o.promised_delivery); }

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
  if (!summary.sellers.empty()) s["sellers"] = entities_json(summary.sellers, kSellerKpis);
  if (!summary.suppliers.empty()) s["suppliers"] = entities_json(summary.suppliers, kSupplierKpis);
  // The scenario's expectations judged on the same KPIs, so `run` reports them too.
  Json expect = Json::array();
  for (const ExpectResult& e : evaluate_all(expectations, summary)) expect.push_back(expect_result_json(e));
  s["expect"] = std::move(expect);
  return s;
}

std::string daily_csv(const RunResults& r) {
  std::ostringstream out;
  out << "replication,date,warehouse,orders,shipped,late_deliveries,stockouts,on_hand,backlog,inbound,receiving_backlog\n";
  for (std::size_t rep = 0; rep < r.replications.size(); ++rep) {
    const auto& daily = r.replications[rep].daily;
    for (std::size_t d = 0; d < daily.size(); ++d)
      for (std::size_t w = 0; w < daily[d].size(); ++w) {
        const DailyRow& row = daily[d][w];
        out << rep + 1 << ',' << format_date(r.model.start + static_cast<Date>(d)) << ','
            << r.model.warehouses[w].id << ',' << row.orders << ',' << row.shipped << ','
            << row.late_deliveries << ',' << row.stockouts << ',' << row.on_hand << ',' << row.backlog
            << ',' << row.inbound << ',' << row.receiving_backlog << '\n';
      }
  }
  return out.str();
}

std::string skus_csv(const RunResults& r) {
  std::ostringstream out;
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
      demand += static_cast<double>(s.demand);
      filled += static_cast<double>(s.filled);
      stockout += s.stockout_days;
      lost += static_cast<double>(s.lost);
      on_hand += s.avg_on_hand;
      for (std::size_t u = 0; u < kUpstreamCount; ++u) {
        events[u] += static_cast<double>(s.events_by_cause[u]);
        lost_by[u] += static_cast<double>(s.lost_by_cause[u]);
      }
    }
    const PairModel& pm = r.model.pairs[p];
    out << r.model.skus[pm.sku].id << ',' << r.model.warehouses[pm.warehouse].id << ','
        << csv_number(demand / n) << ',' << (demand > 0 ? csv_number(filled / demand) : std::string()) << ','
        << csv_number(stockout / n) << ',' << csv_number(lost / n) << ',' << csv_number(on_hand / n);
    for (double e : events) out << ',' << csv_number(e / n);
    for (double l : lost_by) out << ',' << csv_number(l / n);
    out << '\n';
  }
  return out.str();
}

std::string routes_csv(const RunResults& r) {
  std::ostringstream out;
  out << "replication,depart,run,truck,stops,km,liters,kg,utilization,missed_pickups\n";
  const Model& m = r.model;
  for (std::size_t rep = 0; rep < r.replications.size(); ++rep) {
    for (const TripRecord& t : r.replications[rep].trips) {
      const MilkRunModel& run = m.milk_runs[t.run];
      std::string stops;
      for (SupplierId s : run.loops[t.loop].stops) stops += (stops.empty() ? "" : ";") + m.suppliers[s].id;
      out << rep + 1 << ',' << format_instant(m.start, t.depart) << ',' << run.id << ',' << t.truck << ',' << stops
          << ',' << csv_number(t.km) << ',' << csv_number(t.load.liters) << ',' << csv_number(t.load.kg) << ','
          << csv_number(t.utilization) << ',' << t.missed_pickups << '\n';
    }
  }
  return out.str();
}

std::string orders_csv(const RunResults& r) {
  std::ostringstream out;
  out << "replication,order,arrival,zone,sku,units,prime,warehouse,promised_ship,promised_delivery,shipped,"
         "delivered,status,late_shipment,late_delivery,cause,pick_start,pick_end,days_late,rerouted,upstream_cause\n";
  const Model& m = r.model;
  for (std::size_t rep = 0; rep < r.replications.size(); ++rep) {
    for (const OrderRecord& o : r.replications[rep].orders) {
      const bool placed = o.warehouse >= 0 && o.status != OrderStatus::lost;
      const bool done = o.status == OrderStatus::delivered;
      out << rep + 1 << ',' << o.order << ',' << format_instant_seconds(m.start, o.arrival) << ',' << m.zone_ids[o.zone]
          << ',' << m.skus[o.sku].id << ',' << o.units << ',' << (o.prime ? 1 : 0) << ','
          << (placed ? m.warehouses[static_cast<std::size_t>(o.warehouse)].id : std::string()) << ','
          << (placed ? format_instant_seconds(m.start, o.promised_ship) : std::string()) << ','
          << (placed ? format_date(m.start + o.promised_delivery) : std::string()) << ','
          << (done ? format_instant_seconds(m.start, o.shipped) : std::string()) << ','
          << (done ? format_date(m.start + o.delivered) : std::string()) << ','
          << status_name(o.status) << ',' << (o.late_shipment ? 1 : 0) << ','
          << (o.late_delivery ? 1 : 0) << ',' << cause_name(o.cause) << ','
          << (done ? format_instant_seconds(m.start, o.pick_start) : std::string()) << ','
          << (done ? format_instant_seconds(m.start, o.pick_end) : std::string()) << ','
          << (done ? std::to_string(days_late(o)) : std::string()) << ','
          << (placed ? std::to_string(o.rerouted ? 1 : 0) : std::string()) << ','
          << upstream_name(o.upstream) << '\n';
    }
  }
  return out.str();
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

RunSummary write_run_outputs(const std::filesystem::path& dir, const RunResults& rr, bool orders) {
  std::filesystem::create_directories(dir);
  RunSummary summary = summarize(rr);
  write_atomically(dir / "summary.json", summary_json(summary, rr.scenario.expect).dump(2) + "\n");
  write_atomically(dir / "daily.csv", daily_csv(rr));
  write_atomically(dir / "skus.csv", skus_csv(rr));
  if (!rr.model.milk_runs.empty()) write_atomically(dir / "routes.csv", routes_csv(rr));
  if (orders) write_atomically(dir / "orders.csv", orders_csv(rr));
  write_atomically(dir / "report.html", report::run_report(rr, summary));
  return summary;
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
    f << content;
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace milkrun
