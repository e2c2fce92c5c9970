// Baselines: saving a run's KPIs, reading them back, and pairing a new run with them.
#include <milkrun/check/baseline.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/kpi.hpp>
#include <milkrun/output/output.hpp>

#include "input/json_reader.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace milkrun {
namespace {

constexpr int kBaselineFormat = 1;

/// Per-replication values of one KPI entry {"values": [...]} (null = undefined).
std::vector<std::optional<double>> values_of(const Json& entry) {
  std::vector<std::optional<double>> out;
  if (!entry.contains("values")) return out;
  for (const Json& v : entry["values"]) out.push_back(v.is_number() ? std::optional(v.get<double>()) : std::nullopt);
  return out;
}

/// How much `d` moved the KPI the bad way (0 when it moved the good way or has no direction).
double worsening(const PairedDifference& d, int good) {
  if (!d.diff.mean || good == 0) return 0;
  return std::max(0.0, -good * *d.diff.mean);
}

BaselineCheck compare_one(const std::string& name, const KpiInfo& kpi, const std::vector<std::optional<double>>& base,
                          const std::vector<std::optional<double>>& now, const Tolerance& tolerance) {
  BaselineCheck c;
  c.name = name;
  c.tolerance = tolerance;
  c.diff = paired_difference(base, now);
  c.verdict = verdict(c.diff, kpi.good);
  const double allowed = c.diff.base.mean ? tolerance.allowed(*c.diff.base.mean) : 0;
  const double worse = worsening(c.diff, kpi.good);
  c.passed = !(c.verdict == "worse" && worse > allowed);
  if (!c.passed)
    c.message = name + " got significantly worse than its baseline: " + number_text(*c.diff.base.mean) + " -> " +
                number_text(*c.diff.variant.mean) + " (paired difference " + number_text(*c.diff.diff.mean) +
                ", 95% CI [" + number_text(c.diff.diff.ci95[0]) + ", " + number_text(c.diff.diff.ci95[1]) +
                "]), beyond the tolerance " + tolerance.text();
  return c;
}

/// The checks of the network or of one warehouse, for every KPI the baseline holds.
void compare_block(const std::string& prefix, const BaselineKpis& base, const KpiSummary& now,
                   const Tolerances& tolerances, std::vector<BaselineCheck>& out) {
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    if (!base[k]) continue;
    const auto t = tolerances.find(k);
    out.push_back(compare_one(prefix + std::string(kKpis[k].key), kKpis[k], *base[k], now[k].values,
                              t == tolerances.end() ? Tolerance{} : t->second));
  }
}

/// A block {KEY: {"values": [...]}} of a baseline file; a KPI it lacks stays nullopt.
BaselineKpis read_kpis(const Json& block) {
  BaselineKpis out;
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const std::string key(kKpis[k].key);
    if (block.contains(key)) out[k] = values_of(block[key]);
  }
  return out;
}

void require(bool ok, const std::string& file, const std::string& where, const std::string& message) {
  if (!ok) throw InputError(file, where, message);
}

}  // namespace

std::string content_hash(const Scenario& scenario) {
  // FNV-1a 64: stable across platforms and library versions, enough to tell "changed".
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : scenario.source) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::filesystem::path baseline_file(const std::filesystem::path& dir) { return dir / "baseline.json"; }

void save_baseline(const std::filesystem::path& dir, const Scenario& scenario, const RunSummary& summary) {
  Json b;
  b["milkrun_baseline"] = kBaselineFormat;
  b["scenario"] = scenario.name;
  b["content_hash"] = content_hash(scenario);
  b["milkrun_version"] = MILKRUN_VERSION;
  b["seed"] = summary.seed;
  b["replications"] = summary.replications;
  b["kpis"] = kpis_json(summary.network, kKpis);
  b["warehouses"] = warehouses_json(summary);
  std::filesystem::create_directories(dir);
  write_atomically(baseline_file(dir), b.dump(2) + "\n");
}

Baseline read_baseline(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  require(static_cast<bool>(in), file, "/", "cannot read the baseline (make one with `milkrun run SCENARIO --save-baseline DIR`)");
  std::stringstream text;
  text << in.rdbuf();
  const Json doc = Json::parse(text.str(), nullptr, false);
  require(doc.is_object() && doc.contains("milkrun_baseline"), file, "/", "not a milkrun baseline file");
  require(doc["milkrun_baseline"] == kBaselineFormat, file, "/milkrun_baseline",
          "baseline format " + doc["milkrun_baseline"].dump() + " is not supported (expected 1)");
  for (const char* key : {"scenario", "content_hash", "milkrun_version"})
    require(doc.contains(key) && doc[key].is_string(), file, std::string("/") + key, "must be a string");
  require(doc.contains("seed") && doc["seed"].is_number_unsigned(), file, "/seed", "must be a non-negative integer");
  require(doc.contains("replications") && doc["replications"].is_number_unsigned() && doc["replications"] > 0, file,
          "/replications", "must be a positive integer");
  for (const char* key : {"kpis", "warehouses"})
    require(doc.contains(key) && doc[key].is_object(), file, std::string("/") + key, "must be an object");
  Baseline b;
  b.file = file;
  b.scenario = doc["scenario"];
  b.content_hash = doc["content_hash"];
  b.version = doc["milkrun_version"];
  b.seed = doc["seed"];
  b.replications = doc["replications"];
  b.network = read_kpis(doc["kpis"]);
  for (const auto& [id, entry] : doc["warehouses"].items())
    if (entry.contains("kpis")) b.warehouses.push_back({id, read_kpis(entry["kpis"])});
  return b;
}

std::string Tolerance::text() const { return relative ? number_text(amount * 100) + "%" : number_text(amount); }

double Tolerance::allowed(double base_mean) const { return relative ? amount * std::fabs(base_mean) : amount; }

std::pair<std::size_t, Tolerance> parse_tolerance(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) throw UsageError("--tolerance " + text + ": expected KPI=AMOUNT, e.g. on_time_rate=1% or late_deliveries=20");
  const std::string key = text.substr(0, eq), amount = text.substr(eq + 1);
  const std::optional<std::size_t> kpi = find_kpi(kKpis, key);
  if (!kpi) {
    std::vector<std::string_view> names;
    for (const KpiInfo& k : kKpis) names.push_back(k.key);
    const std::string hint = closest(key, names);
    throw UsageError("--tolerance: unknown KPI \"" + key + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
  }
  Tolerance t;
  t.relative = !amount.empty() && amount.back() == '%';
  const std::string number = t.relative ? amount.substr(0, amount.size() - 1) : amount;
  std::size_t used = 0;
  try {
    t.amount = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (number.empty() || used != number.size() || !(t.amount >= 0) || !std::isfinite(t.amount))
    throw UsageError("--tolerance " + text + ": the amount must be a number >= 0, optionally with %");
  if (t.relative) t.amount /= 100;
  return {*kpi, t};
}

std::vector<BaselineCheck> compare_with_baseline(const Baseline& base, const RunSummary& summary,
                                                 const Tolerances& tolerances) {
  std::vector<BaselineCheck> out;
  compare_block("", base.network, summary.network, tolerances, out);
  for (const EntityKpis<BaselineKpis>& w : base.warehouses)
    if (const KpiSummary* now = summary.warehouse(w.id)) compare_block("warehouses." + w.id + ".", w.kpis, *now, tolerances, out);
  return out;
}

}  // namespace milkrun
