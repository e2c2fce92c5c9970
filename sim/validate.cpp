// Checks that need more than one value: unique ids, references between entities, demand
// rates, review times for RS policies, and transit bands that reach every zone.
#include "geo.hpp"
#include "scenario_parse.hpp"

#include <cstdio>
#include <unordered_map>

namespace milkrun {
namespace {

/// Ids of one kind of entity, for lookups and "did you mean" hints.
class IdIndex {
 public:
  template <class Spec>
  IdIndex(const std::vector<Spec>& specs, const char* kind, Problems& out) : kind_(kind) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const Spec& s = specs[i];
      if (s.id.empty()) continue;
      const auto [it, fresh] = index_.emplace(s.id, i);
      if (fresh) ids_.push_back(s.id);
      else out.add(s.pointer + "/id", "duplicate id \"" + s.id + "\" (also at " + specs[it->second].pointer + ")");
    }
  }
  std::optional<std::size_t> find(const std::string& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  /// "no warehouse "X"; did you mean "Y"?" and the like.
  std::string missing(const std::string& id) const {
    std::string text = "no " + std::string(kind_) + " \"" + id + "\"";
    const std::string hint = closest(id, ids_);
    if (!hint.empty()) return text + "; did you mean \"" + hint + "\"?";
    if (ids_.empty()) return text + " (the scenario has no " + kind_ + "s)";
    text += " (known: ";
    for (std::size_t i = 0; i < ids_.size() && i < 5; ++i) text += (i ? ", " : "") + ids_[i];
    return text + (ids_.size() > 5 ? ", ...)" : ")");
  }

 private:
  const char* kind_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> ids_;
};

/// The pointer of a scenario key that does not exist yet: the section when it is absent.
std::string demand_rate_pointer(const Json& doc) {
  return doc.contains("demand") ? "/demand/orders_per_day" : "/demand";
}

/// Either every SKU has its own rate or none does; with none, demand.orders_per_day is required.
void check_rates(const Json& doc, Problems& out) {
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
  const bool total_given = doc.contains("demand") && doc["demand"].is_object() && doc["demand"].contains("orders_per_day");
  if (with_rate == 0 && !total_given)
    out.add(demand_rate_pointer(doc), "required key is missing (no SKU has its own \"orders_per_day\")");
  if (with_rate > 0 && with_rate < skus->size())
    out.add("/skus", std::to_string(with_rate) + " of " + std::to_string(skus->size()) +
                         " SKUs have \"orders_per_day\" (SKU \"" + first_without +
                         "\" has none); give every SKU a rate, or none and set demand.orders_per_day");
}

void check_skus(const Scenario& s, const IdIndex& warehouses, const IdIndex& suppliers, Problems& out) {
  for (const SkuSpec& sku : s.skus) {
    const auto supplier = sku.supplier.empty() ? std::nullopt : suppliers.find(sku.supplier);
    if (!sku.supplier.empty() && !supplier) out.add(sku.pointer + "/source/supplier", suppliers.missing(sku.supplier));
    for (const StockSpec& st : sku.stock) {
      // With no warehouses at all, that one problem is reported already.
      if (!s.warehouses.empty() && !warehouses.find(st.warehouse)) out.add(st.pointer, warehouses.missing(st.warehouse));
      if (!supplier || !st.policy || st.policy->type != PolicyType::RS) continue;
      const SupplierSpec& sup = s.suppliers[*supplier];
      if (sup.delivery == Delivery::vendor && !sup.review)
        out.add(st.pointer + "/policy", "an RS policy orders at its supplier's review times, but supplier \"" +
                                            sup.id + "\" has no \"review\" (e.g. {\"days\": \"Mon,Thu\", \"time\": \"10:00\"})");
    }
  }
}

bool locatable(const Distances& d, const Location& l) {
  return d.mode == DistanceMode::euclidean ? l.has_xy : l.has_latlon;
}

/// With a bounded last band, every (warehouse, zone) distance must fall in some band.
void check_transit_reach(const Scenario& s, Problems& out) {
  const auto& bands = s.carrier.transit_days;
  if (bands.empty() || !bands.back().max_km || s.distances.mode == DistanceMode::roads) return;
  const Km limit = *bands.back().max_km;
  for (const ZoneSpec& z : s.zones) {
    if (!locatable(s.distances, z.location)) continue;
    for (const WarehouseSpec& w : s.warehouses) {
      if (!locatable(s.distances, w.location)) continue;
      const Km km = distance_km(s.distances, w.location, z.location);
      if (km <= limit) continue;
      char text[64];
      std::snprintf(text, sizeof text, "%.1f km", km);
      out.add(z.pointer, "zone \"" + z.id + "\" is " + text + " from warehouse \"" + w.id +
                             "\", beyond the last transit band (max_km " + number_text(limit) +
                             "); add a band without \"max_km\" or a farther one");
    }
  }
}

}  // namespace

void validate_scenario(const Scenario& s, const Json& doc, Problems& out) {
  const IdIndex warehouses(s.warehouses, "warehouse", out);
  const IdIndex zones(s.zones, "zone", out);
  const IdIndex suppliers(s.suppliers, "supplier", out);
  const IdIndex skus(s.skus, "SKU", out);
  check_skus(s, warehouses, suppliers, out);
  check_rates(doc, out);
  check_transit_reach(s, out);
}

}  // namespace milkrun
