// What the fuzz targets share: the size caps that keep the fuzzer off inputs SPEC §12 refuses
// or that are merely big (huge catalogs, rates, horizons), so it spends its time on bugs.
#pragma once
#include <milkrun/scenario.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace milkrun::fuzz {

/// The input bytes as text.
inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// A number at `key` of `node` above `cap` (absent or not a number: no).
inline bool above(const nlohmann::json& node, const char* key, double cap) {
  if (!node.is_object()) return false;
  const auto it = node.find(key);
  return it != node.end() && it->is_number() && it->get<double>() > cap;
}

/// Catalogs that generate more SKUs than a fuzz input should cost (validation expands them).
inline bool huge_catalog(const nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("catalog") || !doc["catalog"].is_object()) return false;
  const nlohmann::json& catalog = doc["catalog"];
  return catalog.contains("generate") && above(catalog["generate"], "skus", 2000);
}

/// Orders a day: the network's `demand.orders_per_day`, else the sum of the SKUs' rates.
inline double orders_per_day(const Scenario& sc) {
  if (sc.demand.orders_per_day) return *sc.demand.orders_per_day;
  double total = 0;
  for (const SkuSpec& s : sc.skus) total += s.orders_per_day.value_or(0);
  return total;
}

/// Orders a day the simulation would see at most: the rate times the largest peak multiplier
/// and the weekday profile's largest share of a flat week.
inline double peak_orders_per_day(const Scenario& sc) {
  const double total = orders_per_day(sc);
  double peak = 1;
  for (const Peak& p : sc.demand.peaks) peak = std::max(peak, p.multiplier);
  double week = 0, top = 0;
  for (double w : sc.demand.weekday_profile) week += w, top = std::max(top, w);
  const double weekday = week > 0 ? 7 * top / week : 1;
  return total * peak * weekday;
}

}  // namespace milkrun::fuzz
