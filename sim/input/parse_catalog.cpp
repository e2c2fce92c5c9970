// `catalog.generate` (SPEC §2): the description of generated SKUs. It is read after the
// warehouses, suppliers and sellers, so it can be checked against them here; catalog.cpp
// expands it into SKUs.
#include "input/limits.hpp"
#include "input/parse.hpp"

namespace milkrun {
namespace {

constexpr std::string_view kCatalogKeys[] = {"generate"};
constexpr std::string_view kGenerateKeys[] = {"skus",    "zipf",       "prime_share", "seed",
                                              "unit",    "sources",    "stocked_in",  "stock"};
constexpr std::string_view kUnitKeys[] = {"liters", "kg", "value"};
constexpr std::string_view kSourcesKeys[] = {"suppliers", "sellers"};

void read_unit(const Obj& generate, CatalogSpec& c) {
  const Json* v = generate.get("unit");
  if (!v) return;
  const Obj o(*v, generate.at("unit"), generate.problems(), KeyTable{kUnitKeys});
  c.liters = o.quantity("liters", QuantityKind::number).value_or(c.liters);
  c.kg = o.quantity("kg", QuantityKind::number).value_or(c.kg);
  c.value = o.quantity("value", QuantityKind::number).value_or(c.value);
}

/// `sources`: relative shares of supplier and seller SKUs; absent = all from suppliers.
void read_sources(const Obj& generate, const Scenario& s, CatalogSpec& c) {
  const Json* v = generate.get("sources");
  Problems& out = generate.problems();
  if (!v) {
    if (s.suppliers.empty())
      out.add(generate.where(), "generates SKUs from suppliers (no \"sources\" given), but the scenario has no suppliers");
    return;
  }
  const Obj o(*v, generate.at("sources"), out, KeyTable{kSourcesKeys});
  if (!o.ok()) return;
  c.supplier_share = o.number("suppliers", kNonNegative).value_or(0);
  c.seller_share = o.number("sellers", kNonNegative).value_or(0);
  if (c.supplier_share + c.seller_share <= 0) {
    out.add(o.where(), "must have a positive sum");
    return;
  }
  if (c.supplier_share > 0 && s.suppliers.empty())
    out.add(o.at("suppliers"), "the scenario has no suppliers to source generated SKUs from");
  if (c.seller_share > 0 && s.sellers.empty())
    out.add(o.at("sellers"), "the scenario has no sellers to source generated SKUs from");
}

void read_stocked_in(const Obj& generate, const Scenario& s, CatalogSpec& c) {
  const auto n = generate.integer("stocked_in", kPositive);
  if (!n) return;
  c.stocked_in = static_cast<int>(*n);
  if (!s.warehouses.empty() && *n > static_cast<long long>(s.warehouses.size()))
    generate.problems().add(generate.at("stocked_in"), "must not exceed the number of warehouses (" +
                                                           std::to_string(s.warehouses.size()) + "), got " +
                                                           std::to_string(*n));
}

/// `stock`: the initial level and policy every generated (SKU, warehouse) pair gets.
void read_catalog_stock(const Obj& generate, CatalogSpec& c) {
  const Json* v = generate.get("stock", Need::required);
  if (!v) return;
  const StockSpec st = read_stock(*v, "", generate.at("stock"), generate.problems());
  c.initial = st.initial;
  c.policy = st.policy;
}

CatalogSpec read_generate(const Obj& o, const Scenario& s) {
  CatalogSpec c;
  // SPEC §12: at most 10,000,000 SKUs, listed and generated together, checked before any is made.
  const auto listed = static_cast<long long>(s.skus.size());
  const long long room = limits::kSkus - listed;
  const Json* given = o.get("skus");
  const bool over = given && given->is_number() && given->get<double>() > static_cast<double>(room);
  if (over)
    o.problems().add(o.at("skus"), "must be at most " + std::to_string(room) + " SKUs (milkrun's limit" +
                                       (listed ? " of 10000000, less the " + std::to_string(listed) + " listed" : "") +
                                       "), got " + describe(*given));
  const auto skus = over ? std::nullopt : o.integer("skus", kPositive, Need::required);
  if (skus) c.skus = static_cast<int>(*skus);
  c.zipf = o.number("zipf", kNonNegative).value_or(c.zipf);
  c.prime_share = o.number("prime_share", kProbability).value_or(c.prime_share);
  c.seed = read_seed(o, "seed", c.seed);
  read_unit(o, c);
  read_sources(o, s, c);
  read_stocked_in(o, s, c);
  if (static_cast<long long>(c.skus) * c.stocked_in > limits::kStockedPairs)  // SPEC §12: each pair has its stock
    o.problems().add(o.at("stocked_in"), "makes " + std::to_string(static_cast<long long>(c.skus) * c.stocked_in) +
                                             " stocked (SKU, warehouse) pairs, over milkrun's limit of 100000000");
  read_catalog_stock(o, c);
  return c;
}

}  // namespace

std::optional<CatalogSpec> read_catalog(const Obj& top, const Scenario& s) {
  const Json* v = top.get("catalog");
  if (!v) return std::nullopt;
  const Obj catalog(*v, top.at("catalog"), top.problems(), KeyTable{kCatalogKeys});
  const Json* generate = catalog.get("generate", Need::required);
  if (!generate) return std::nullopt;
  const Obj o(*generate, catalog.at("generate"), top.problems(), KeyTable{kGenerateKeys});
  if (!o.ok()) return std::nullopt;
  return read_generate(o, s);
}

}  // namespace milkrun
