#include "input/catalog.hpp"

#include "random/rng.hpp"

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

std::vector<StockSpec> stocks_of(const Scenario& s, const CatalogSpec& c, Rng hash) {
  const std::size_t W = s.warehouses.size();
  const std::size_t start = static_cast<std::size_t>(hash() % W);
  std::vector<StockSpec> stocks(static_cast<std::size_t>(c.stocked_in));
  for (std::size_t k = 0; k < stocks.size(); ++k) {
    StockSpec& st = stocks[k];
    st.warehouse = s.warehouses[(start + k) % W].id;
    st.pointer = std::string(kCatalogPointer) + "/stock";
    st.initial = c.initial;
    st.policy = c.policy;
  }
  return stocks;
}

}  // namespace

std::string generated_id(std::size_t index, std::size_t count) {
  const std::string number = std::to_string(index + 1);
  return "G" + std::string(digits(count) - number.size(), '0') + number;
}

bool is_generated(const SkuSpec& sku) { return sku.pointer.starts_with(kCatalogPointer); }

void generate_catalog(Scenario& s) {
  if (!s.catalog || s.warehouses.empty()) return;
  const CatalogSpec& c = *s.catalog;
  const auto n = static_cast<std::size_t>(c.skus);
  double total = 0;
  const std::vector<double> weight = zipf_weights(n, c.zipf, total);
  const double supplier_share = c.supplier_share / (c.supplier_share + c.seller_share);
  const double orders_per_day = s.demand.orders_per_day.value_or(0);
  std::size_t next_supplier = 0, next_seller = 0;
  s.skus.reserve(s.skus.size() + n);  // in place: 100,000 SKUs are tens of megabytes
  for (std::size_t i = 0; i < n; ++i) {
    SkuSpec& k = s.skus.emplace_back();
    const StreamFamily draws(c.seed, 0, Purpose::catalog, i);
    const auto stream = [&](Draw d) { return draws.at(static_cast<std::uint64_t>(d)); };
    k.id = generated_id(i, n);
    k.pointer = kCatalogPointer;
    k.prime = stream(Draw::prime).uniform() < c.prime_share;
    k.orders_per_day = orders_per_day * weight[i] / total;
    Rng liters = stream(Draw::liters), kg = stream(Draw::kg), value = stream(Draw::value);
    k.unit = UnitSpec{c.liters.sample(liters), c.kg.sample(kg), c.value.sample(value)};
    if (from_supplier(i, supplier_share)) k.supplier = s.suppliers[next_supplier++ % s.suppliers.size()].id;
    else k.seller = s.sellers[next_seller++ % s.sellers.size()].id;
    k.stock = stocks_of(s, c, stream(Draw::warehouses));
  }
}

}  // namespace milkrun
