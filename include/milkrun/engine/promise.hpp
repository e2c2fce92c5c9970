// The delivery promise of SPEC §3.2 for an in-stock order, without simulating:
// what `milkrun promise` prints and `check --promises` tests.
#pragma once
#include <milkrun/model/model.hpp>

#include <optional>

namespace milkrun {

struct PromiseQuote {
  WarehouseId warehouse = 0;
  SimTime ship_by = 0;     ///< promised ship time (a departure)
  DayIndex deliver_by = 0;  ///< promised delivery date
  int transit_days = 0;
};

/// Among all warehouses (or only `only`; with `sku`, only those that stock it), the earliest
/// promised delivery, ties to the shorter distance, then file order. Callers make sure some
/// warehouse qualifies (validation guarantees every SKU is stocked somewhere).
PromiseQuote quote_promise(const Model& model, ZoneId zone, SimTime at, std::optional<WarehouseId> only = {},
                           std::optional<SkuId> sku = {});

}  // namespace milkrun
