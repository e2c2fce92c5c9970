// Checks that need more than one value: unique ids, references between entities, demand
// rates and units keys, replenishment that can happen (review times for RS policies, milk
// runs for milk-run suppliers), and the checks of validate_supply.cpp and validate_reach.cpp.
#include "input/catalog.hpp"
#include "input/validate.hpp"

#include <algorithm>

namespace milkrun {
namespace {

/// The SKUs listed in the file: generated ones follow them and cannot clash among themselves.
std::span<const SkuSpec> listed_skus(const Scenario& s) {
  const auto first_generated = std::find_if(s.skus.begin(), s.skus.end(), is_generated);
  return {s.skus.data(), static_cast<std::size_t>(first_generated - s.skus.begin())};
}

/// The pointer of a scenario key that does not exist yet: the section when it is absent.
std::string demand_rate_pointer(const Json& doc) {
  return doc.contains("demand") ? "/demand/orders_per_day" : "/demand";
}

bool demand_total_given(const Json& doc) {
  return doc.contains("demand") && doc["demand"].is_object() && doc["demand"].contains("orders_per_day");
}

/// With a catalog, demand.orders_per_day is split among the generated SKUs, so it is
/// required, and each listed SKU needs its own rate.
void check_catalog_rates(const Json& doc, Problems& out) {
  if (!demand_total_given(doc))
    out.add(demand_rate_pointer(doc), "required key is missing (catalog.generate splits it among the generated SKUs)");
  const Json* skus = doc.contains("skus") && doc["skus"].is_array() ? &doc["skus"] : nullptr;
  if (!skus) return;
  for (std::size_t i = 0; i < skus->size(); ++i)
    if ((*skus)[i].is_object() && !(*skus)[i].contains("orders_per_day"))
      out.add("/skus/" + std::to_string(i) + "/orders_per_day",
              "required key is missing (with a catalog, demand.orders_per_day goes to the generated SKUs)");
}

/// Either every SKU has its own rate or none does; with none, demand.orders_per_day is required.
void check_rates(const Json& doc, Problems& out) {
  if (doc.contains("catalog")) return check_catalog_rates(doc, out);
  const Json* skus = doc.contains("skus") && doc["skus"].is_array() ? &doc["skus"] : nullptr;
  if (!skus || skus->empty()) return;
  std::size_t with_rate = 0;
  std::string first_without;
  for (const Json& sku : *skus) {
    const bool has = sku.is_object() && sku.contains("orders_per_day");
    with_rate += has ? 1 : 0;
    if (!has && first_without.empty() && sku.is_object() && sku.contains("id") && sku["id"].is_string())
      first_without = sku["id"].get<std::string>();
  }
  if (with_rate == 0 && !demand_total_given(doc))
    out.add(demand_rate_pointer(doc), "required key is missing (no SKU has its own \"orders_per_day\")");
  if (with_rate > 0 && with_rate < skus->size())
    out.add("/skus", std::to_string(with_rate) + " of " + std::to_string(skus->size()) +
                         " SKUs have \"orders_per_day\" (SKU \"" + first_without +
                         "\" has none); give every SKU a rate, or none and set demand.orders_per_day");
}

/// R40: `units_per_order` is the units of an order's one line, so it cannot be given with
/// `lines_per_order` nor with `units_per_line`. Read from the document: the struct fills in
/// units_per_order's default, and a key that failed to read is still given.
void check_units_keys(const Json& doc, Problems& out) {
  if (!doc.contains("demand") || !doc["demand"].is_object()) return;
  const Json& demand = doc["demand"];
  if (!demand.contains("units_per_order")) return;
  if (demand.contains("lines_per_order"))
    out.add("/demand/units_per_order",
            "cannot be given with lines_per_order: give each line's units as units_per_line instead");
  else if (demand.contains("units_per_line"))
    out.add("/demand/units_per_order",
            "cannot be given with units_per_line: both give a line's units; keep units_per_line (with "
            "lines_per_order for several lines) or units_per_order alone");
}

/// A listed SKU may not take an id the catalog generates.
void check_generated_ids(const Scenario& s, std::span<const SkuSpec> listed, Problems& out) {
  if (!s.catalog || s.catalog->skus <= 0) return;
  const auto n = static_cast<std::size_t>(s.catalog->skus);
  const std::string first = generated_id(0, n), last = generated_id(n - 1, n);
  for (const SkuSpec& sku : listed) {
    const bool shaped = sku.id.size() == first.size() && sku.id[0] == 'G' &&
                        std::all_of(sku.id.begin() + 1, sku.id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (shaped && sku.id >= first && sku.id <= last)
      out.add(sku.pointer + "/id", "\"" + sku.id + "\" is also the id of a generated SKU (catalog.generate names them " +
                                       first + " to " + last + ")");
  }
}

/// The message for a source id that is not of its kind; names the other kind when it is one.
std::string missing_source(const std::string& id, const IdIndex& kind, const char* kind_key, const IdIndex& other,
                           const char* other_key) {
  if (!other.find(id)) return kind.missing(id);
  return "\"" + id + "\" is a " + other_key + ", not a " + kind_key + ": use {\"" + other_key + "\": \"" + id + "\"}";
}

/// What the replenishment of one stocked (SKU, warehouse) pair needs.
struct StockChecks {
  const Scenario& s;
  const ScenarioIds& ids;
  const RunCoverage& runs;
  OnceOnly out, warnings;

  void check(const SkuSpec& sku, const StockSpec& st, std::optional<std::size_t> supplier) {
    // With no warehouses at all, that one problem is reported already.
    const auto w = ids.warehouses.find(st.warehouse);
    if (!w) {
      if (!s.warehouses.empty()) out.add(st.pointer, ids.warehouses.missing(st.warehouse));
      return;
    }
    if (!sku.seller.empty() && st.policy) seller_policy(sku, st);
    if (!supplier) return;
    const SupplierSpec& sup = s.suppliers[*supplier];
    if (sup.delivery == Delivery::milk_run && !runs.covers(*w, *supplier)) no_run(sku, st, sup);
    if (sup.delivery == Delivery::vendor && !sup.review && st.policy && st.policy->type == PolicyType::RS)
      out.add(st.pointer + "/policy", "an RS policy orders at its supplier's review times, but supplier \"" + sup.id +
                                          "\" has no \"review\" (e.g. {\"days\": \"Mon,Thu\", \"time\": \"10:00\"})");
  }

  void seller_policy(const SkuSpec& sku, const StockSpec& st) {
    warnings.add(st.pointer + "/policy",
                 is_generated(sku) ? "is ignored for generated SKUs from sellers: sellers ship cartons to keep their "
                                     "cover_days of stock"
                                   : "is ignored: SKU \"" + sku.id + "\" comes from seller \"" + sku.seller +
                                         "\", who ships cartons to keep its cover_days of stock");
  }

  void no_run(const SkuSpec& sku, const StockSpec& st, const SupplierSpec& sup) {
    const std::string what = is_generated(sku) ? "generated SKUs come from milk-run supplier \"" + sup.id +
                                                     "\" and are stocked at warehouse \"" + st.warehouse + "\""
                                               : "SKU \"" + sku.id + "\" comes from milk-run supplier \"" + sup.id +
                                                     "\"";
    out.add(st.pointer, what + ", but no milk run from warehouse \"" + st.warehouse + "\" stops there (list \"" +
                            sup.id + "\" in the \"stops\" of a run from \"" + st.warehouse +
                            "\", or use \"stops\": \"auto\")");
  }
};

/// Generated SKUs of one source stocked at one warehouse all raise the same problems, each
/// added once: the first such SKU's checks stand for the rest. Keyed by (warehouse entry of
/// `catalog_stock`, supplier, or "from a seller", or neither).
class CheckedOnce {
 public:
  explicit CheckedOnce(const Scenario& s) : sources_(s.suppliers.size() + 2), seen_(s.catalog_stock.size() * sources_) {}
  /// True the first time (entry, source) comes by.
  bool first(std::size_t entry, const SkuSpec& sku, std::optional<std::size_t> supplier) {
    const std::size_t source = supplier ? *supplier : sources_ - (sku.seller.empty() ? 1 : 2);
    const std::size_t key = entry * sources_ + source;
    if (seen_[key]) return false;
    seen_[key] = true;
    return true;
  }

 private:
  std::size_t sources_;
  std::vector<bool> seen_;
};

void check_skus(const Scenario& s, const ScenarioIds& ids, Problems& out, Problems& warnings) {
  const RunCoverage runs(s, ids);
  StockChecks checks{s, ids, runs, OnceOnly(out), OnceOnly(warnings)};
  CheckedOnce generated(s);
  for (const SkuSpec& sku : s.skus) {
    const auto supplier = sku.supplier.empty() ? std::nullopt : ids.suppliers.find(sku.supplier);
    if (!sku.supplier.empty() && !supplier)
      out.add(sku_pointer(sku) + "/source/supplier", missing_source(sku.supplier, ids.suppliers, "supplier", ids.sellers, "seller"));
    if (!sku.seller.empty() && !ids.sellers.find(sku.seller))
      out.add(sku_pointer(sku) + "/source/seller", missing_source(sku.seller, ids.sellers, "seller", ids.suppliers, "supplier"));
    const std::span<const StockSpec> stock = s.stock_of(sku);
    for (std::size_t i = 0; i < stock.size(); ++i)
      if (!sku.generated || generated.first(sku.catalog_stock + i, sku, supplier)) checks.check(sku, stock[i], supplier);
  }
}

}  // namespace

std::string IdIndex::missing(const std::string& id) const {
  std::string text = "no " + std::string(kind_) + " \"" + id + "\"";
  const std::string hint = closest(id, ids_);
  if (!hint.empty()) text += "; did you mean \"" + hint + "\"?";
  else if (ids_.empty()) text += " (the scenario has no " + std::string(kind_) + "s)";
  else {
    text += " (known: ";
    for (std::size_t i = 0; i < ids_.size() && i < 5; ++i) text += (i ? ", " : "") + ids_[i];
    text += ids_.size() > 5 ? ", ...)" : ")";
  }
  if (incomplete_) said_.insert(text);
  return text;
}

ScenarioIds::ScenarioIds(const Scenario& s, Problems& out)
    : warehouses(s.warehouses, "warehouse", out),
      zones(s.zones, "zone", out),
      suppliers(s.suppliers, "supplier", out),
      sellers(s.sellers, "seller", out),
      skus(listed_skus(s), "SKU", out),
      milk_runs(s.milk_runs, "milk run", out) {}

void validate_scenario(const Scenario& s, const Json& doc, Problems& out, Problems& warnings) {
  ScenarioIds ids(s, out);
  // Required lists: when missing or empty, that one problem is reported already.
  if (s.warehouses.empty()) ids.warehouses.mark_incomplete();
  if (s.zones.empty()) ids.zones.mark_incomplete();
  const std::size_t before = out.size();
  check_generated_ids(s, listed_skus(s), out);
  check_sellers(s, ids, out);
  check_milk_runs(s, ids, out, warnings);
  check_skus(s, ids, out, warnings);
  check_rates(doc, out);
  check_units_keys(doc, out);
  check_places(s, ids, out, warnings);
  // A duplicated or unreadable id is the problem; references that miss it only repeat it.
  const IdIndex* kinds[] = {&ids.warehouses, &ids.zones, &ids.suppliers, &ids.sellers, &ids.skus, &ids.milk_runs};
  auto& list = out.list();
  list.erase(std::remove_if(list.begin() + static_cast<std::ptrdiff_t>(before), list.end(),
                            [&](const Problem& p) {
                              return std::any_of(std::begin(kinds), std::end(kinds),
                                                 [&](const IdIndex* k) { return k->follow_on(p.message); });
                            }),
             list.end());
}

}  // namespace milkrun
