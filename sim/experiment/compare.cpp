// `compare`: two scenarios under common random numbers, paired by replication.
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/output.hpp>

#include "experiment/distribute.hpp"

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

}  // namespace

Comparison compare_runs(const std::string& base_name, const std::vector<KpiValues>& base,
                        const std::string& variant_name, const std::vector<KpiValues>& variant) {
  Comparison c;
  c.base = base_name;
  c.variant = variant_name;
  c.replications = static_cast<int>(std::min(base.size(), variant.size()));
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    c.kpis[k].difference = paired_difference(column(base, k), column(variant, k));
    c.kpis[k].verdict = verdict(c.kpis[k].difference, kKpis[k].good);
  }
  return c;
}

Comparison compare_scenarios(const Scenario& base, const Scenario& variant, const ExperimentOptions& options) {
  // One seed for both, so replication r of each sees the same orders and delays.
  const RunSettings run = resolve(options, base);
  const int reps = run.replications;
  const Model models[2] = {build_model(base), build_model(variant)};
  // Items 0..reps-1 are the base's replications, reps..2·reps-1 the variant's.
  const std::vector<KpiValues> kpis = distribute<KpiValues>(2 * reps, run.threads, [&](int i) {
    return simulate(models[i / reps], i % reps, run.seed, false).network;
  });
  const std::vector<KpiValues> b(kpis.begin(), kpis.begin() + reps), v(kpis.begin() + reps, kpis.end());
  return compare_runs(base.name, b, variant.name, v);
}

std::optional<double> ci_narrowing(const PairedDifference& d) {
  const double paired = d.diff.ci95[1] - d.diff.ci95[0];
  const double unpaired = d.unpaired_ci95[1] - d.unpaired_ci95[0];
  if (!d.diff.mean || !(paired > 0)) return std::nullopt;
  return unpaired / paired;
}

Json compare_json(const Comparison& c) {
  Json out;
  out["base"] = c.base;
  out["variant"] = c.variant;
  out["replications"] = c.replications;
  Json kpis = Json::object();
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = c.kpis[k].difference;
    Json entry;
    entry["base"] = estimate_json(d.base);
    entry["variant"] = estimate_json(d.variant);
    entry["diff"] = estimate_json(d.diff);
    entry["relative"] = number(d.relative);
    entry["unpaired_ci95"] = interval(d.base.mean && d.variant.mean ? d.diff.mean : std::nullopt, d.unpaired_ci95);
    entry["verdict"] = c.kpis[k].verdict;
    kpis[std::string(kKpis[k].key)] = std::move(entry);
  }
  out["kpis"] = std::move(kpis);
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

std::string compare_table(const Comparison& c) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %11s %11s %11s   %-25s %8s %9s  %s\n", "kpi", "base", "variant", "diff",
                "diff 95% CI (paired)", "relative", "narrower", "verdict");
  out << line;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const PairedDifference& d = c.kpis[k].difference;
    const std::string ci =
        d.diff.mean ? "[" + text(d.diff.ci95[0]) + ", " + text(d.diff.ci95[1]) + "]" : std::string("-");
    const std::string rel = d.relative ? text(100 * *d.relative) + "%" : std::string("-");
    const std::optional<double> narrow = ci_narrowing(d);
    const std::string ratio = narrow ? text(*narrow) + "x" : std::string("-");
    std::snprintf(line, sizeof line, "%-28s %11s %11s %11s   %-25s %8s %9s  %s\n", std::string(kKpis[k].key).c_str(),
                  text(d.base.mean).c_str(), text(d.variant.mean).c_str(), text(d.diff.mean).c_str(), ci.c_str(),
                  rel.c_str(), ratio.c_str(), c.kpis[k].verdict.c_str());
    out << line;
  }
  out << "narrower: unpaired CI width / paired CI width (what common random numbers saved)\n";
  return out.str();
}

}  // namespace milkrun
