// Experiments over scenarios: replications spread over threads and MPI ranks, paired
// comparisons under common random numbers, parameter sweeps with a linear metamodel,
// batches of scenarios, and replications added until a KPI is precise enough.
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/experiment/progress.hpp>
#include <milkrun/experiment/settings.hpp>
#include <milkrun/kpi.hpp>
#include <milkrun/scenario.hpp>
#include <milkrun/input/scenario_io.hpp>
#include <milkrun/output/order_rows.hpp>
#include <milkrun/output/stats.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace milkrun {

/// Replications [first, first + count) of `model`, on `threads` threads and, under mpirun,
/// over the ranks; every rank gets all of them in replication order. `progress`, when
/// given, hears of this rank's replications.
std::vector<ReplicationResult> run_replications(const Model& model, int first, int count, std::uint64_t seed,
                                                int threads, bool record_orders, ProgressObserver* progress = nullptr);
/// The same, streaming each replication's measured orders into `orders` as they become final
/// (`run --orders`) instead of keeping them; afterwards rank 0's `orders` has every
/// replication's rows.
std::vector<ReplicationResult> run_replications(const Model& model, int first, int count, std::uint64_t seed,
                                                int threads, OrderRows& orders, ProgressObserver* progress = nullptr);

/// The network KPIs of each replication.
std::vector<KpiValues> network_kpis(const std::vector<ReplicationResult>& replications);
/// KPI `k` across replications.
std::vector<std::optional<double>> column(const std::vector<KpiValues>& replications, std::size_t k);
/// The index of KPI `key` in kKpis (throws UsageError naming the known keys).
std::size_t kpi_index(const std::string& key);

// --- compare ---

/// One KPI of a comparison: the paired difference and its verdict.
struct KpiComparison {
  PairedDifference difference;
  std::string verdict;
};

/// Every KPI of the network or of one warehouse, in the order of kKpis.
using KpiComparisons = std::array<KpiComparison, kKpiCount>;

/// One warehouse's paired differences.
struct WarehouseComparison {
  std::string id;
  KpiComparisons kpis;
};

/// Variant against base, replication by replication, with the same seed.
struct Comparison {
  std::string base, variant;
  int replications = 0;
  std::uint64_t seed = 0;  ///< of both runs (compare_scenarios; 0 when paired from elsewhere)
  KpiComparisons kpis;
  std::vector<WarehouseComparison> warehouses;  ///< in the base's order
  /// The network's daily.csv rows (summed over warehouses) of each side, [replication][day]
  /// (compare_scenarios; empty when paired from KPIs alone), for report.html.
  std::vector<std::vector<DailyRow>> base_daily, variant_daily;
};

/// The KPIs of one replication: the network's and each warehouse's (by WarehouseId).
struct ReplicationKpis {
  KpiValues network{};
  std::vector<KpiValues> warehouses;
  std::vector<DailyRow> daily;  ///< the network's daily rows, summed over warehouses
};

/// One scenario's side of a comparison.
struct ComparedRuns {
  std::string name;
  std::vector<std::string> warehouse_ids;  ///< by WarehouseId
  std::vector<ReplicationKpis> replications;
};

/// Pairs the network and warehouse KPIs of two runs by replication; warehouses are matched
/// by id.
Comparison compare_runs(const ComparedRuns& base, const ComparedRuns& variant);
/// Pairs the network KPIs of two runs by replication (no warehouses).
Comparison compare_runs(const std::string& base_name, const std::vector<KpiValues>& base,
                        const std::string& variant_name, const std::vector<KpiValues>& variant);
/// Simulates both scenarios (their built models) with the same seed and replications (the
/// base's unless given) and compares them.
Comparison compare_scenarios(const Scenario& base, const Model& base_model, const Scenario& variant,
                             const Model& variant_model, const ExperimentOptions& options);

/// Unpaired CI width / paired CI width: how much common random numbers narrowed the
/// interval (nullopt when the paired width is 0 or undefined).
std::optional<double> ci_narrowing(const PairedDifference& d);

/// compare.json of SPEC §6.
nlohmann::ordered_json compare_json(const Comparison& c);
/// compare.csv: one row per KPI with the same figures plus the CI narrowing.
std::string compare_csv(const Comparison& c);
/// A table for the terminal: the network's, or warehouse `warehouse`'s when given (throws
/// UsageError naming the compared warehouses when there is no such one).
std::string compare_table(const Comparison& c, const std::optional<std::string>& warehouse = std::nullopt);

/// report.html of a comparison (SPEC §8): every KPI's paired difference with its CI and
/// verdict, the warehouses, and the map with both plans' loops.
std::string compare_report(const Comparison& c, const Scenario& base, const Model& base_model, const Model& variant_model);

// --- sweep ---

/// A `--vary POINTER=V1,V2,...` option: a JSON pointer and its JSON values.
struct Vary {
  std::string pointer;
  std::vector<std::string> values;
};

/// Splits "POINTER=V1,V2,..." at the commas outside JSON strings, arrays and objects
/// (throws UsageError when there is no '=' or no value).
Vary parse_vary(const std::string& text);

/// The full grid of `varies`, one list of overrides per variant; the last --vary changes
/// fastest.
std::vector<std::vector<Override>> sweep_grid(const std::vector<Vary>& varies);

/// One estimate per KPI.
using KpiEstimates = std::array<Estimate, kKpiCount>;

/// Every variant of a sweep with its KPI estimates, all variants run with the same seed.
struct Sweep {
  std::string scenario;
  std::vector<Vary> varies;
  std::vector<std::vector<Override>> variants;
  std::vector<KpiEstimates> kpis;  ///< by variant
  std::uint64_t seed = 0;
  int replications = 0;
};

/// Loads every variant (all problems reported before any simulation) and simulates them.
Sweep run_sweep(const std::string& path, const std::vector<Vary>& varies, const ExperimentOptions& options);

/// sweep.csv of SPEC §6.
std::string sweep_csv(const Sweep& s);

/// The grid for people: one row per variant, its values of the varied pointers, then the
/// mean and 95% CI of each KPI of `shown` (indexes into kKpis), in aligned columns.
std::string sweep_table(const Sweep& s, const std::vector<std::size_t>& shown);

/// report.html of a sweep (SPEC §8): each KPI of `shown` (indexes into kKpis) against the
/// varied parameters, and the grid.
std::string sweep_report(const Sweep& s, const std::vector<std::size_t>& shown);

/// y ≈ coefficients[0] + Σ coefficients[j] x_j, least squares, with R² (nullopt when y
/// does not vary).
struct LinearFit {
  std::vector<double> coefficients;
  std::optional<double> r2;
};

/// Least squares on the rows of `x` (one per observation) with an intercept (Eigen,
/// column-pivoting QR, so a singular design still gives a solution).
LinearFit fit_linear(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

/// One KPI's metamodel over the numeric varied parameters.
struct Metamodel {
  std::string kpi;
  LinearFit fit;
};

/// The varied pointers whose values are all numbers (the metamodel's inputs).
std::vector<std::string> numeric_factors(const Sweep& s);
/// A metamodel per KPI defined in every variant (none when no factor is numeric or there
/// are not more variants than coefficients).
std::vector<Metamodel> sweep_metamodels(const Sweep& s);
/// metamodel.csv: kpi, intercept, one column per numeric factor, r2.
std::string metamodel_csv(const Sweep& s, const std::vector<Metamodel>& models);

// --- batch ---

/// One scenario of a batch: its KPI means, or why it failed, and what it ran (SPEC §12).
struct BatchRow {
  std::string scenario;
  std::string status;  ///< "ok" or the error
  std::array<std::optional<double>, kKpiCount> means{};
  std::string sha256;  ///< of the scenario file's bytes; empty when it cannot be read
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
};

/// Hears the rows of a batch's finished scenarios, in the order of the paths, each time one
/// more finishes (on every rank).
using BatchProgress = std::function<void(const std::vector<BatchRow>&)>;

/// Runs every scenario (its own seed and replications unless options say otherwise); a
/// scenario that cannot be read gets its error as status and the others still run. A row of
/// `earlier` (an earlier batch.csv, for --resume) with the same scenario path, file sha256,
/// seed and replications and status "ok" is kept instead of running the scenario again.
std::vector<BatchRow> run_batch(const std::vector<std::string>& paths, const ExperimentOptions& options,
                                const std::vector<BatchRow>& earlier = {}, const BatchProgress& finished = {});
/// batch.csv of SPEC §6 and §12: scenario, status, the KPI means, sha256, seed, replications.
std::string batch_csv(const std::vector<BatchRow>& rows);
/// The rows of a batch.csv that batch_csv wrote; none when `text` has another header (another
/// KPI list, an older milkrun) or cannot be read as such.
std::vector<BatchRow> read_batch_csv(const std::string& text);

// --- precision ---

/// `--precision KPI=HALFWIDTH`: add replications until the 95% CI half-width of the KPI is
/// at most `half_width`, up to `max_replications`.
struct PrecisionTarget {
  std::size_t kpi = 0;
  double half_width = 0;
  int max_replications = 0;
};

/// Parses "KPI=HALFWIDTH" (throws UsageError).
PrecisionTarget parse_precision(const std::string& text, int max_replications);

/// Half-width of the 95% CI of KPI `kpi` (nullopt with fewer than two defined values).
std::optional<double> half_width(const std::vector<ReplicationResult>& replications, std::size_t kpi);

/// Runs `initial` replications, then more until the target holds or the maximum is reached:
/// each round asks for n·(h/target)² replications in all, from the current half-width h.
/// The rounds depend only on the values, so the result is the same whatever the threads
/// or ranks.
std::vector<ReplicationResult> run_until_precise(const Model& model, int initial, const PrecisionTarget& target,
                                                 std::uint64_t seed, int threads, bool record_orders,
                                                 ProgressObserver* progress = nullptr);
/// The same, streaming the measured orders into `orders` (see run_replications).
std::vector<ReplicationResult> run_until_precise(const Model& model, int initial, const PrecisionTarget& target,
                                                 std::uint64_t seed, int threads, OrderRows& orders,
                                                 ProgressObserver* progress = nullptr);

}  // namespace milkrun
