#include "input/catalog.hpp"

#include "random/rng.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun {
namespace {

/// Which draw of a generated SKU's stream each attribute takes.
enum class Draw : std::uint64_t { prime, liters, kg, value, warehouses };

std::size_t digits(std::size_t n) {
  std::size_t d = 1;
  while (n >= 10) n /= 10, ++d;
  return d;
}

/// Popularity weights 1/(i+1)^zipf and their sum (added in order: the same on every platform).
std::vector<double> zipf_weights(std::size_t n, double zipf, double& total) {
  std::vector<double> w(n);
  total = 0;
  for (std::size_t i = 0; i < n; ++i) total += w[i] = std::pow(static_cast<double>(i + 1), -zipf);
  return w;
}

/// SKU i is a supplier SKU when floor((i+1)·s) > floor(i·s): over any prefix the count of
/// supplier SKUs stays within one of its share.
bool from_supplier(std::size_t i, double share) {
  const double x = static_cast<double>(i);
  return std::floor((x + 1) * share) > std::floor(x * share);
}

/// Scenario::catalog_stock: entry j at warehouse j % W, each with the catalog's `stock` block.
std::vector<StockSpec> shared_stock(const Scenario& s, const CatalogSpec& c) {
  const std::size_t W = s.warehouses.size();
  std::vector<StockSpec> stocks(W + static_cast<std::size_t>(std::max(c.stocked_in, 1)) - 1);
  for (std::size_t j = 0; j < stocks.size(); ++j) {
    StockSpec& st = stocks[j];
    st.warehouse = s.warehouses[j % W].id;
    st.pointer = std::string(kCatalogPointer) + "/stock";
    st.initial = c.initial;
    st.policy = c.policy;
  }
  return stocks;
}

/// The first of a generated SKU's `stocked_in` consecutive warehouses: a hash of (seed, i).
std::uint32_t first_warehouse(const Scenario& s, Rng hash) {
  return static_cast<std::uint32_t>(hash() % s.warehouses.size());
}

}  // namespace

std::string generated_id(std::size_t index, std::size_t count) {
  const std::string number = std::to_string(index + 1);
  return "G" + std::string(digits(count) - number.size(), '0') + number;
}

bool is_generated(const SkuSpec& sku) { return sku.generated; }

const std::string& sku_pointer(const SkuSpec& sku) {
  static const std::string generated = kCatalogPointer;
  return sku.generated ? generated : sku.pointer;
}

void generate_catalog(Scenario& s) {
  if (!s.catalog || s.warehouses.empty()) return;
  const CatalogSpec& c = *s.catalog;
  const auto n = static_cast<std::size_t>(c.skus);
  double total = 0;
  const std::vector<double> weight = zipf_weights(n, c.zipf, total);
  const double supplier_share = c.supplier_share / (c.supplier_share + c.seller_share);
  const double orders_per_day = s.demand.orders_per_day.value_or(0);
  std::size_t next_supplier = 0, next_seller = 0;
  s.catalog_stock = shared_stock(s, c);
  s.skus.reserve(s.skus.size() + n);  // in place: a million SKUs are 200 MB
  for (std::size_t i = 0; i < n; ++i) {
    SkuSpec& k = s.skus.emplace_back();
    const StreamFamily draws(c.seed, 0, Purpose::catalog, i);
    const auto stream = [&](Draw d) { return draws.at(static_cast<std::uint64_t>(d)); };
    k.id = generated_id(i, n);
    k.generated = true;
    k.prime = stream(Draw::prime).uniform() < c.prime_share;
    k.orders_per_day = orders_per_day * weight[i] / total;
    Rng liters = stream(Draw::liters), kg = stream(Draw::kg), value = stream(Draw::value);
    k.unit = UnitSpec{c.liters.sample(liters), c.kg.sample(kg), c.value.sample(value)};
    if (from_supplier(i, supplier_share)) k.supplier = s.suppliers[next_supplier++ % s.suppliers.size()].id;
    else k.seller = s.sellers[next_seller++ % s.sellers.size()].id;
    k.catalog_stock = first_warehouse(s, stream(Draw::warehouses));
  }
}

}  // namespace milkrun
