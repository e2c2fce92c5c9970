// A scenario's `expect` block (SPEC §2) as written: bounds on KPIs of the network, a
// warehouse or a seller. Judging them is output/expect.hpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace milkrun {

enum class BoundOp : std::uint8_t { at_least, at_most, equal, between };

/// What a bound is judged on: the mean (default); the whole CI inside the bound (`"on": "ci"`,
/// a gate that does not flake when it passes); the CI overlapping it (`"on": "any"`, a gate
/// that fails only when the KPI is surely out of bounds).
enum class JudgeOn : std::uint8_t { mean, ci, any };

/// One bound: the KPI must lie in [lo, hi] (either end infinite for `>=` and `<=`).
struct Bound {
  BoundOp op = BoundOp::at_least;
  double target = 0;     ///< the number written: x of `>=`, `<=`, `==` (lo of between)
  double tolerance = 0;  ///< `==` only
  double lo = 0, hi = 0;
  JudgeOn on = JudgeOn::mean;
  /// As an analyst wrote it: ">= 0.97", "== 100 ± 2", "between [0.9, 0.95]", with " on ci" / " on any".
  std::string text() const;
};

enum class ExpectScope : std::uint8_t { network, warehouse, seller };

/// One expectation: a KPI of the network, of warehouse `entity` or of seller `entity`.
struct Expectation {
  ExpectScope scope = ExpectScope::network;
  std::string entity;    ///< warehouse or seller id; empty for the network
  std::size_t kpi = 0;   ///< index in kKpis (network, warehouse) or kSellerKpis (seller)
  Bound bound;
  std::string pointer;   ///< JSON pointer of the bound in the scenario, for messages
  /// The KPI's key in its table: "on_time_rate", "defect_rate".
  std::string_view kpi_key() const;
  /// "on_time_rate", "warehouses.SEA1.on_time_rate", "sellers.S-1.defect_rate".
  std::string name() const;
};

}  // namespace milkrun
