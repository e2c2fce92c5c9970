// Output files of SPEC §6, each written atomically (temp file, then rename).
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/summary.hpp>
#include <milkrun/output/writer.hpp>
#include <milkrun/scenario.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace milkrun {

class OrderRows;

/// The results of `run`: the scenario, its model and every replication.
struct RunResults {
  const Scenario& scenario;  ///< its name, expectations and places; `run` has let go of its SKUs
  const Model& model;
  std::uint64_t seed;
  const std::vector<ReplicationResult>& replications;
};

/// summary.json: every KPI (mean, ci95, values) for the network, each warehouse and each
/// seller, and the scenario's `expectations` judged on them.
nlohmann::ordered_json summary_json(const RunSummary& summary, const std::vector<Expectation>& expectations);
/// {KEY: {"mean", "ci95", "values"}} of summary.json, the keys from `table`.
nlohmann::ordered_json kpis_json(std::span<const KpiSeries> kpis, std::span<const KpiInfo> table);
/// {ID: {"kpis": ...}} of summary.json's "warehouses".
nlohmann::ordered_json warehouses_json(const RunSummary& summary);
/// daily.csv, one row per replication, day and warehouse.
void daily_csv(TextOut& out, const RunResults& results);
/// skus.csv, one row per stocked pair, means over replications.
void skus_csv(TextOut& out, const RunResults& results);
/// routes.csv, one row per milk-run trip departing in the window, every replication.
void routes_csv(TextOut& out, const RunResults& results);
/// A short table of the network KPIs for the terminal.
std::string kpi_table(const RunSummary& summary);

/// Writes every output file of a run into `dir` (created if needed): summary.json,
/// daily.csv, skus.csv, routes.csv with milk runs, orders.csv from `orders` when given
/// (streamed there during the run, SPEC §6). Returns the summary.
RunSummary write_run_outputs(const std::filesystem::path& dir, const RunResults& results, const OrderRows* orders);

/// Writes `content` to `path` through a temporary file in the same folder and a rename.
void write_atomically(const std::filesystem::path& path, const std::string& content);
/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a newline.
std::string csv_field(const std::string& s);
/// Shortest text that reads back as the same double.
std::string format_shortest(double v);
/// A number as a CSV field: its shortest text, empty when undefined or not finite.
std::string csv_number(std::optional<double> v);

}  // namespace milkrun
