// The delivery promise of SPEC §3.2 for an in-stock order, without simulating:
// what `milkrun promise` prints and `check --promises` tests.
#pragma once
#include <milkrun/model/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

/// The rules of §3.2 that tell two warehouses' promises apart, in the order they apply.
enum class PromiseRule : std::uint8_t { earlier_delivery, shorter_distance, file_order };

/// Which rule decides between two promises, and whether the first one wins by it.
struct PromiseComparison {
  PromiseRule rule = PromiseRule::earlier_delivery;
  bool a_wins = false;
};

/// The warehouses a quote considers: all, or only `only`; with `sku`, those that stock it;
/// with `units` too, those whose free stock of it covers them: the `free` levels given (what
/// an order arriving then saw, for `milkrun trace`), else the initial stock (an in-stock order
/// of that many units at the instant asked, as if it were the first order of the run).
struct PromiseFilter {
  std::optional<WarehouseId> only;
  std::optional<SkuId> sku;
  std::optional<Units> units;
  const std::vector<Units>* free = nullptr;  ///< free units by pair at that instant; nullptr: the initial stock
};

/// The quote of `quote_promise` under `filter`; nullopt when no warehouse qualifies.
std::optional<PromiseQuote> quote_promise(const Model& model, ZoneId zone, SimTime at, const PromiseFilter& filter);

/// Why a warehouse won or lost a quote.
enum class PromiseVerdict : std::uint8_t { chosen, beaten, not_asked, not_stocked, short_of_units };

/// One warehouse as `milkrun promise --explain` shows it.
struct PromiseCandidate {
  PromiseQuote quote;  ///< the promise it would make an in-stock order, considered or not
  Km km = 0;
  bool stocks = true;  ///< stocks the filter's SKU (true without one)
  Units free = 0;      ///< with a SKU it stocks: its units free (the filter's, else the initial stock)
  PromiseVerdict verdict = PromiseVerdict::beaten;
  PromiseRule rule = PromiseRule::earlier_delivery;  ///< chosen, beaten: the rule that decides against `rival`
  std::optional<WarehouseId> rival;  ///< chosen: the runner-up (none when it alone qualifies); beaten: the winner
};

/// Every warehouse's promise and why the winner won, by the comparison the engine makes.
struct PromiseExplanation {
  std::optional<WarehouseId> winner;         ///< none: no warehouse qualifies
  std::vector<PromiseCandidate> candidates;  ///< every warehouse, in file order
};

/// The quote of `quote_promise` under `filter` with each warehouse's part in it.
PromiseExplanation explain_promise(const Model& model, ZoneId zone, SimTime at, const PromiseFilter& filter);

/// One line on why `c` won or lost, e.g. "later delivery than W1" or "does not stock S".
std::string promise_why(const Model& model, const PromiseFilter& filter, const PromiseCandidate& c);

}  // namespace milkrun
