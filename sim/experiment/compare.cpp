// `compare`: two scenarios under common random numbers, paired by replication.
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/output.hpp>

#include "experiment/distribute.hpp"
#include "experiment/observed.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace milkrun {
namespace {

using Json = nlohmann::ordered_json;

Json number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

Json interval(const std::optional<double>& defined, const std::array<double, 2>& ci) {
  if (!defined) return Json::array({nullptr, nullptr});
  return Json::array({number(ci[0]), number(ci[1])});
}

Json estimate_json(const Estimate& e) {
  Json out;
  out["mean"] = number(e.mean);
  out["ci95"] = interval(e.mean, e.ci95);
  return out;
}

/// Short text for the terminal: four significant digits.
std::string text(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", *v);
  return buf;
}

/// Where the KPIs come from: the network (nullopt) or a warehouse's index.
using Entity = std::optional<std::size_t>;

/// KPI `k` of `entity` across replications.
std::vector<std::optional<double>> kpi_column(const std::vector<ReplicationKpis>& reps, Entity entity, std::size_t k) {
  std::vector<std::optional<double>> out;
  for (const ReplicationKpis& r : reps) out.push_back(entity ? r.warehouses[*entity][k] : r.network[k]);
  return out;
}

/// Every KPI of one entity on each side, paired by replication.
KpiComparisons compare_kpis(const ComparedRuns& base, Entity in_base, const ComparedRuns& variant, Entity in_variant) {
  KpiComparisons out;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    out[k].difference =
        paired_difference(kpi_column(base.replications, in_base, k), kpi_column(variant.replications, in_variant, k));
    out[k].verdict = verdict(out[k].difference, kKpis[k].good);
  }
  return out;
}

/// The index of warehouse `id` among `ids`, if it is there.
Entity find_id(const std::vector<std::string>& ids, const std::string& id) {
  const auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end()) return std::nullopt;
  return static_cast<std::size_t>(it - ids.begin());
}

/// The scenario's side for compare_runs: warehouse ids and each replication's KPIs.
ComparedRuns compared_runs(const std::string& name, const Model& model, std::vector<ReplicationKpis> reps) {
  ComparedRuns out{name, {}, std::move(reps)};
  for (const auto& w : model.warehouses) out.warehouse_ids.push_back(w.id);
  return out;
}

/// The KPIs of compared warehouse `id` (UsageError naming the compared ones when absent).
const KpiComparisons& warehouse_kpis(const Comparison& c, const std::string& id) {
  std::string known;
  for (const WarehouseComparison& w : c.warehouses) {
    if (w.id == id) return w.kpis;
    known += (known.empty() ? "" : ", ") + w.id;
  }
  throw UsageError("no warehouse '" + id + "' in both scenarios; known: " + known);
}

}  // namespace

Comparison compare_runs(const ComparedRuns& base, const ComparedRuns& variant) {
  Comparison c;
  c.base = base.name;
  c.variant = variant.name;
  c.replications = static_cast<int>(std::min(base.replications.size(), variant.replications.size()));
  c.kpis = compare_kpis(base, std::nullopt, variant, std::nullopt);
  // A warehouse that only one of the two scenarios has cannot be paired: it is left out.
  for (std::size_t b = 0; b < base.warehouse_ids.size(); ++b) {
    const std::string& id = base.warehouse_ids[b];
    if (const Entity v = find_id(variant.warehouse_ids, id))
      c.warehouses.push_back({id, compare_kpis(base, b, variant, v)});
  }
  return c;
}

Comparison compare_runs(const std::string& base_name, const std::vector<KpiValues>& base,
                        const std::string& variant_name, const std::vector<KpiValues>& variant) {
  auto runs = [](const std::string& name, const std::vector<KpiValues>& network) {
    ComparedRuns out{name, {}, {}};
    for (const KpiValues& n : network) out.replications.push_back({n, {}, {}});
    return out;
  };
  return compare_runs(runs(base_name, base), runs(variant_name, variant));
}

Comparison compare_scenarios(const Scenario& base, const Model& base_model, const Scenario& variant,
                             const Model& variant_model, const ExperimentOptions& options) {
  // One seed for both, so replication r of each sees the same orders and delays.
  const RunSettings run = resolve(options, base);
  const int reps = run.replications;
  const Model* models[2] = {&base_model, &variant_model};
  // Items 0..reps-1 are the base's replications, reps..2·reps-1 the variant's.
  plan_items(options.progress, 2 * reps);
  const std::vector<ReplicationKpis> kpis = distribute<ReplicationKpis>(2 * reps, run.threads, [&](int i) {
    ReplicationResult r = simulate_observed(*models[i / reps], i % reps, run.seed, false, options.progress, i);
    std::vector<DailyRow> network(r.daily.size());
    for (std::size_t d = 0; d < r.daily.size(); ++d)
      for (const DailyRow& w : r.daily[d]) {
        network[d].orders += w.orders;
        network[d].shipped += w.shipped;
        network[d].late_deliveries += w.late_deliveries;
        network[d].stockouts += w.stockouts;
        network[d].on_hand += w.on_hand;
        network[d].backlog += w.backlog;
        network[d].inbound += w.inbound;
        network[d].receiving_backlog += w.receiving_backlog;
        network[d].expedited_units += w.expedited_units;
      }
    return ReplicationKpis{r.network, std::move(r.warehouses), std::move(network)};
  });
  Comparison c = compare_runs(compared_runs(base.name, base_model, {kpis.begin(), kpis.begin() + reps}),
                              compared_runs(variant.name, variant_model, {kpis.begin() + reps, kpis.end()}));
  c.seed = run.seed;
  for (int i = 0; i < 2 * reps; ++i) (i < reps ? c.base_daily : c.variant_daily).push_back(kpis[static_cast<std::size_t>(i)].daily);
  return c;
}

std::optional<double> ci_narrowing(const PairedDifference& d) {
  const double paired = d.diff.ci95[1] - d.diff.ci95[0];
  const double unpaired = d.unpaired_ci95[1] - d.unpaired_ci95[0];
  if (!d.diff.mean || !(paired > 0)) return std::nullopt;
  return unpaired / paired;
}

namespace {

/// {KEY: {"base", "variant", "diff", "relative", "unpaired_ci95", "verdict"}} of SPEC §6.
Json kpis_json(const KpiComparisons& kpis) {
  Json out = Json::object();
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = kpis[k].difference;
    Json entry;
    entry["base"] = estimate_json(d.base);
    entry["variant"] = estimate_json(d.variant);
    entry["diff"] = estimate_json(d.diff);
    entry["relative"] = number(d.relative);
    entry["unpaired_ci95"] = interval(d.base.mean && d.variant.mean ? d.diff.mean : std::nullopt, d.unpaired_ci95);
    entry["verdict"] = kpis[k].verdict;
    out[std::string(kKpis[k].key)] = std::move(entry);
  }
  return out;
}

}  // namespace

Json compare_json(const Comparison& c) {
  Json out;
  out["base"] = c.base;
  out["variant"] = c.variant;
  out["replications"] = c.replications;
  out["kpis"] = kpis_json(c.kpis);
  Json warehouses = Json::object();
  for (const WarehouseComparison& w : c.warehouses) warehouses[w.id]["kpis"] = kpis_json(w.kpis);
  out["warehouses"] = std::move(warehouses);
  return out;
}

std::string compare_csv(const Comparison& c) {
  std::ostringstream out;
  out << "kpi,base_mean,variant_mean,diff_mean,diff_ci_low,diff_ci_high,relative,unpaired_ci_low,"
         "unpaired_ci_high,ci_narrowing,verdict\n";
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = c.kpis[k].difference;
    const bool both = d.base.mean && d.variant.mean;
    auto ci = [&](double v) { return d.diff.mean ? csv_number(v) : std::string(); };
    out << kKpis[k].key << ',' << csv_number(d.base.mean) << ',' << csv_number(d.variant.mean) << ','
        << csv_number(d.diff.mean) << ',' << ci(d.diff.ci95[0]) << ',' << ci(d.diff.ci95[1]) << ','
        << csv_number(d.relative) << ',' << (both ? csv_number(d.unpaired_ci95[0]) : "") << ','
        << (both ? csv_number(d.unpaired_ci95[1]) : "") << ',' << csv_number(ci_narrowing(d)) << ','
        << c.kpis[k].verdict << '\n';
  }
  return out.str();
}

std::string compare_table(const Comparison& c, const std::optional<std::string>& warehouse) {
  const KpiComparisons& kpis = warehouse ? warehouse_kpis(c, *warehouse) : c.kpis;
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %11s %11s %11s   %-25s %8s %9s  %s\n", "kpi", "base", "variant", "diff",
                "diff 95% CI (paired)", "relative", "narrower", "verdict");
  out << line;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = kpis[k].difference;
    const std::string key = table_label(static_cast<Kpi>(k));
    if (upstream_of_kpi(static_cast<Kpi>(k)) && d.base.mean.value_or(0) == 0 && d.variant.mean.value_or(0) == 0)
      continue;  // a cause row, when it occurs
    const std::string ci =
        d.diff.mean ? "[" + text(d.diff.ci95[0]) + ", " + text(d.diff.ci95[1]) + "]" : std::string("-");
    const std::string rel = d.relative ? text(100 * *d.relative) + "%" : std::string("-");
    const std::optional<double> narrow = ci_narrowing(d);
    const std::string ratio = narrow ? text(*narrow) + "x" : std::string("-");
    std::snprintf(line, sizeof line, "%-28s %11s %11s %11s   %-25s %8s %9s  %s\n", key.c_str(),
                  text(d.base.mean).c_str(), text(d.variant.mean).c_str(), text(d.diff.mean).c_str(), ci.c_str(),
                  rel.c_str(), ratio.c_str(), kpis[k].verdict.c_str());
    out << line;
  }
  out << "narrower: unpaired CI width / paired CI width (what common random numbers saved)\n";
  return out.str();
}

}  // namespace milkrun
