// `milkrun generate` (SPEC §5, §9): a synthetic network scenario from a few figures, for
// benchmarks and what-ifs at any scale. Deterministic in its options (same options, same
// bytes) and small whatever the scale: the SKUs are described by `catalog.generate`.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>

namespace milkrun {

/// The figures of a generated network; the defaults are those of `milkrun generate` without flags.
struct GenerateOptions {
  int warehouses = 5;           ///< fulfillment centres, spread over the lower 48 US states
  int zones = 50;               ///< demand zones: the big metros by population, then a long tail
  int suppliers = 10;           ///< suppliers; the first `milk_runs` are collected by milk runs, the rest are vendors
  int sellers = 2;              ///< sellers shipping their own stock in (0 = none)
  long long skus = 1000;        ///< generated SKUs (catalog.generate)
  double orders_per_day = 20000;///< mean orders per day before the peak
  int days = 28;                ///< measured days, after a warm-up of `kGenerateWarmupDays`
  double peak = 1;              ///< demand multiplier on the last day (1 = no peak)
  int milk_runs = 2;            ///< milk-run suppliers, each warehouse's run (stops "auto") collects them
  std::uint64_t seed = 1;       ///< the scenario's seed and the catalog's
};

/// The warm-up every generated scenario has, so that replenishment is under way when measuring starts.
inline constexpr int kGenerateWarmupDays = 7;

/// Throws UsageError (one short line) for options out of range, e.g. zero warehouses.
void check_generate_options(const GenerateOptions& o);

/// The scenario (SPEC §2) the options describe; it validates. Checks the options first.
nlohmann::ordered_json generate_scenario(const GenerateOptions& o);

}  // namespace milkrun
