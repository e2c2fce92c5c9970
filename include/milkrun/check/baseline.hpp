// Baselines (`run --save-baseline DIR`, `check --baseline DIR`): a run's KPIs with their
// per-replication values, seed and replications, the scenario's name and content hash and the
// milkrun version, so a later run with the same seeds can be compared pair by pair.
#pragma once
#include <milkrun/kpi.hpp>
#include <milkrun/scenario.hpp>
#include <milkrun/output/stats.hpp>
#include <milkrun/output/summary.hpp>

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace milkrun {

/// FNV-1a 64 of the scenario JSON after --set (`Scenario::source`), as 16 hex digits.
std::string content_hash(const Scenario& scenario);

/// The per-replication values of every KPI of the network or of a warehouse in a baseline,
/// in the order of kKpis; nullopt for a KPI the file does not hold (it is not compared).
using BaselineKpis = std::array<std::optional<std::vector<std::optional<double>>>, kKpiCount>;

/// A stored baseline, as read back from DIR/baseline.json.
struct Baseline {
  std::string file;  ///< where it was read from, for messages
  std::string scenario, content_hash, version;
  std::uint64_t seed = 0;
  int replications = 0;
  BaselineKpis network;
  std::vector<EntityKpis<BaselineKpis>> warehouses;  ///< in the file's order
};

/// The file of a baseline directory.
std::filesystem::path baseline_file(const std::filesystem::path& dir);
/// DIR/baseline.json for a run's summary of `scenario`; written atomically.
void save_baseline(const std::filesystem::path& dir, const Scenario& scenario, const RunSummary& summary);
/// Reads and checks a baseline file; InputError "FILE: POINTER: message" when it is not one.
Baseline read_baseline(const std::filesystem::path& file);

/// How much worse than its baseline a KPI may get: a share of the baseline mean ("2%") or an
/// absolute amount in the KPI's unit ("0.01").
struct Tolerance {
  double amount = 0.02;
  bool relative = true;
  std::string text() const;
  /// The allowed worsening for a baseline mean.
  double allowed(double base_mean) const;
};
/// Tolerances by KPI index in kKpis; a KPI without one gets the default Tolerance.
using Tolerances = std::map<std::size_t, Tolerance>;

/// "KPI=2%" or "KPI=0.01" as (index in kKpis, tolerance) (UsageError for an unknown KPI or a bad amount).
std::pair<std::size_t, Tolerance> parse_tolerance(const std::string& text);

/// One KPI of the network or a warehouse against its baseline.
struct BaselineCheck {
  std::string name;  ///< "on_time_rate", "warehouses.SEA1.on_time_rate"
  PairedDifference diff;
  std::string verdict;  ///< of stats.hpp verdict()
  Tolerance tolerance;
  bool passed = true;
  std::string message;
};

/// Pairs every KPI of `summary` (network and each warehouse) with the baseline's, replication
/// by replication: a KPI fails when it is significantly worse (verdict "worse") and its mean got
/// worse by more than its tolerance (default 2% of the baseline mean).
std::vector<BaselineCheck> compare_with_baseline(const Baseline& base, const RunSummary& summary,
                                                 const Tolerances& tolerances);

}  // namespace milkrun
