// `catalog.generate` (SPEC §2): SKUs generated from a few figures, for networks of any
// scale. Deterministic from the catalog's own seed, whatever the scenario's seed.
#pragma once
#include <milkrun/scenario.hpp>

#include <string>
#include <vector>

namespace milkrun {

/// The pointer generated SKUs carry (and their stock entries, with "/stock").
inline constexpr const char* kCatalogPointer = "/catalog/generate";

/// Appends the generated SKUs of `s.catalog` to `s.skus`, after the listed ones, most popular first.
/// SKU i (0-based) is "G" + (i + 1) zero-padded to the width of the count, with
///  - popularity weight 1/(i+1)^zipf and orders_per_day = demand.orders_per_day × weight / Σ weights;
///  - Prime with probability prime_share, and liters, kg and value drawn from `unit`
///    (stream (catalog.seed, Purpose::catalog, entity i));
///  - a supplier SKU when floor((i+1)·s) > floor(i·s), s = the suppliers' share of `sources`
///    (an even low-discrepancy split in popularity order), else a seller SKU; round robin
///    over the listed suppliers (or sellers) in file order, so big SKUs spread out;
///  - stocked in `stocked_in` consecutive warehouses (file order, wrapping), starting at a
///    hash of (seed, i), each with the catalog's `stock` block: a run of the entries in
///    `s.catalog_stock`, which this fills (Scenario::stock_of).
/// Needs the suppliers, sellers and warehouses the catalog asks for (read_catalog checks).
void generate_catalog(Scenario& s);

/// True for a SKU that `generate_catalog` made (not listed in the file).
bool is_generated(const SkuSpec& sku);

/// The JSON pointer of `sku` for messages: its own, or kCatalogPointer for a generated SKU.
const std::string& sku_pointer(const SkuSpec& sku);

/// The id of generated SKU `index` (0-based) among `count`: "G" + index + 1, zero-padded.
std::string generated_id(std::size_t index, std::size_t count);

}  // namespace milkrun
