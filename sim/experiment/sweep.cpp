// `sweep`: a full grid of variants of one scenario, all run with the same seed.
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/output.hpp>

#include "experiment/distribute.hpp"
#include "experiment/observed.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

namespace milkrun {
namespace {

/// Splits at the commas that are not inside a JSON string, array or object.
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      in_string = escaped || ch != '"';
      escaped = !escaped && ch == '\\';
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      ++depth;
    } else if (ch == ']' || ch == '}') {
      --depth;
    } else if (ch == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += ch;
  }
  out.push_back(current);
  return out;
}

/// Every variant loaded and validated; the first variant with problems is reported, its
/// messages naming the --vary pointers that made it.
std::vector<Scenario> load_variants(const std::string& path, const std::vector<std::vector<Override>>& grid) {
  std::vector<Scenario> out;
  out.reserve(grid.size());
  for (const std::vector<Override>& overrides : grid) out.push_back(load_scenario(path, overrides));
  return out;
}

}  // namespace

Vary parse_vary(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq + 1 == text.size())
    throw UsageError("--vary wants POINTER=V1,V2,..., e.g. /warehouses/0/pick_pack/stations=10,12,14");
  Vary v{text.substr(0, eq), split_values(text.substr(eq + 1))};
  for (const std::string& value : v.values)
    if (value.empty()) throw UsageError("--vary " + text + ": an empty value");
  return v;
}

std::vector<std::vector<Override>> sweep_grid(const std::vector<Vary>& varies) {
  std::vector<std::vector<Override>> grid{{}};
  for (const Vary& v : varies) {
    std::vector<std::vector<Override>> next;
    for (const std::vector<Override>& partial : grid)
      for (const std::string& value : v.values) {
        next.push_back(partial);
        next.back().push_back(Override{v.pointer, value});
      }
    grid = std::move(next);
  }
  return grid;
}

Sweep run_sweep(const std::string& path, const std::vector<Vary>& varies, const ExperimentOptions& options) {
  if (varies.empty()) throw UsageError("sweep needs at least one --vary");
  Sweep s;
  s.varies = varies;
  s.variants = sweep_grid(varies);
  const std::vector<Scenario> scenarios = load_variants(path, s.variants);
  s.scenario = load_scenario(path).name;
  const RunSettings run = resolve(options, scenarios.front());
  s.seed = run.seed;
  s.replications = run.replications;
  std::vector<std::unique_ptr<Model>> models;
  for (const Scenario& sc : scenarios) models.push_back(std::make_unique<Model>(build_model(sc)));
  // Item i is replication i % reps of variant i / reps: variants and replications share
  // the threads and ranks, and variant v's replication r uses the same streams as any other's.
  const int reps = s.replications;
  const int count = static_cast<int>(models.size()) * reps;
  plan_items(options.progress, count);
  const std::vector<KpiValues> values = distribute<KpiValues>(count, run.threads, [&](int i) {
    return simulate_observed(*models[static_cast<std::size_t>(i / reps)], i % reps, s.seed, false, options.progress, i)
        .network;
  });
  for (std::size_t v = 0; v < models.size(); ++v) {
    const std::vector<KpiValues> mine(values.begin() + static_cast<std::ptrdiff_t>(v * reps),
                                      values.begin() + static_cast<std::ptrdiff_t>((v + 1) * reps));
    KpiEstimates e;
    for (std::size_t k = 0; k < kKpiCount; ++k) e[k] = estimate(column(mine, k));
    s.kpis.push_back(e);
  }
  return s;
}

std::string sweep_csv(const Sweep& s) {
  std::ostringstream out;
  std::string header;
  for (const Vary& v : s.varies) header += (header.empty() ? "" : ",") + csv_field(v.pointer);
  for (const KpiInfo& k : kKpis)
    for (const char* part : {".mean", ".ci_low", ".ci_high"}) header += "," + csv_field(std::string(k.key) + part);
  out << header << '\n';
  for (std::size_t v = 0; v < s.variants.size(); ++v) {
    std::string row;
    for (const Override& o : s.variants[v]) row += (row.empty() ? "" : ",") + csv_field(o.value);
    for (const Estimate& e : s.kpis[v]) {
      const std::optional<double> low = e.mean ? std::optional(e.ci95[0]) : std::nullopt;
      const std::optional<double> high = e.mean ? std::optional(e.ci95[1]) : std::nullopt;
      row += "," + csv_number(e.mean) + "," + csv_number(low) + "," + csv_number(high);
    }
    out << row << '\n';
  }
  return out.str();
}

namespace {

/// A KPI estimate as a table cell: "0.9479 [0.9459, 0.9499]", or "-" when undefined.
std::string estimate_cell(const Estimate& e) {
  if (!e.mean) return "-";
  char cell[96];
  std::snprintf(cell, sizeof cell, "%.4g [%.4g, %.4g]", *e.mean, e.ci95[0], e.ci95[1]);
  return cell;
}

}  // namespace

std::string sweep_table(const Sweep& s, const std::vector<std::size_t>& shown) {
  std::vector<std::vector<std::string>> rows(1);
  for (const Vary& v : s.varies) rows[0].push_back(v.pointer);
  for (std::size_t k : shown) rows[0].emplace_back(kKpis[k].key);
  for (std::size_t v = 0; v < s.variants.size(); ++v) {
    std::vector<std::string>& row = rows.emplace_back();
    for (const Override& o : s.variants[v]) row.push_back(o.value);
    for (std::size_t k : shown) row.push_back(estimate_cell(s.kpis[v][k]));
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  std::ostringstream out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c)
      line += row[c] + (c + 1 < row.size() ? std::string(width[c] - row[c].size() + 2, ' ') : "");
    out << line << '\n';
  }
  return out.str();
}

}  // namespace milkrun
