#include "input/catalog.hpp"

#include "model/in_parts.hpp"
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

namespace {

/// What every generated SKU is made from.
struct CatalogDraws {
  const Scenario& s;
  const CatalogSpec& c;
  std::vector<double> weight;  ///< popularity weights
  double total = 0;            ///< their sum
  double supplier_share = 0;
  double orders_per_day = 0;
  std::size_t id_width = 0;
  PreparedDraw unit_liters{c.liters}, unit_kg{c.kg}, unit_value{c.value};

  /// Generated SKU `i` into `k`, a supplier SKU from supplier `next_supplier` or a seller SKU
  /// from seller `next_seller` (each counted on when it is used).
  void make(std::size_t i, SkuSpec& k, std::size_t& next_supplier, std::size_t& next_seller) const {
    const StreamFamily draws(c.seed, 0, Purpose::catalog, i);
    const auto stream = [&](Draw d) { return draws.at(static_cast<std::uint64_t>(d)); };
    k.id = id_text(i);
    k.generated = true;
    k.prime = stream(Draw::prime).uniform() < c.prime_share;
    k.orders_per_day = orders_per_day * weight[i] / total;
    Rng liters = stream(Draw::liters), kg = stream(Draw::kg), value = stream(Draw::value);
    k.unit = UnitSpec{unit_liters.sample(liters), unit_kg.sample(kg), unit_value.sample(value)};
    if (from_supplier(i, supplier_share)) k.supplier = s.suppliers[next_supplier++ % s.suppliers.size()].id;
    else k.seller = s.sellers[next_seller++ % s.sellers.size()].id;
    k.catalog_stock = first_warehouse(s, stream(Draw::warehouses));
  }

  /// generated_id(i, count) without its temporaries.
  std::string id_text(std::size_t i) const {
    char text[32];
    const std::size_t width = id_width + 1;
    text[0] = 'G';
    std::size_t number = i + 1;
    for (std::size_t at = width; at > 1; --at, number /= 10) text[at - 1] = static_cast<char>('0' + number % 10);
    return std::string(text, width);
  }
};

}  // namespace

void generate_catalog(Scenario& s) {
  if (!s.catalog || s.warehouses.empty()) return;
  const CatalogSpec& c = *s.catalog;
  const auto n = static_cast<std::size_t>(c.skus);
  CatalogDraws make{s, c, std::vector<double>(n)};
  in_parts(n, 1 << 15, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) make.weight[i] = std::pow(static_cast<double>(i + 1), -c.zipf);
  });
  for (const double w : make.weight) make.total += w;  // added in order: the same on every platform
  make.supplier_share = c.supplier_share / (c.supplier_share + c.seller_share);
  make.orders_per_day = s.demand.orders_per_day.value_or(0);
  make.id_width = digits(n);
  s.catalog_stock = shared_stock(s, c);
  const std::size_t listed = s.skus.size();
  resize_in_parts(s.skus, listed + n);  // in place: a million SKUs are 200 MB
  in_parts(n, 1 << 14, [&](std::size_t begin, std::size_t end) {
    std::size_t next_supplier = 0;  // the supplier SKUs before `begin`
    for (std::size_t i = 0; i < begin; ++i) next_supplier += from_supplier(i, make.supplier_share) ? 1 : 0;
    std::size_t next_seller = begin - next_supplier;
    for (std::size_t i = begin; i < end; ++i) make.make(i, s.skus[listed + i], next_supplier, next_seller);
  });
}

}  // namespace milkrun
