// `milkrun generate` (SPEC §9): places warehouses, zones, suppliers and sellers on a table of
// US metros, sizes pick stations and receiving for the demand each warehouse is expected to
// serve, and describes the SKUs with `catalog.generate`, so the text stays small at any scale.
#include <milkrun/input/generate.hpp>

#include <milkrun/errors.hpp>
#include "input/generate_metros.hpp"
#include "model/geo.hpp"
#include "random/rng.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace milkrun {
namespace {

using Json = nlohmann::ordered_json;

// Limits of the flags: beyond them a network is a typo, or its text would pass 1 MB.
constexpr int kMaxWarehouses = 500;
constexpr int kMaxZones = 2000;
constexpr int kMaxSuppliers = 500;
constexpr int kMaxSellers = 500;
constexpr long long kMaxSkus = 10'000'000;  // SPEC §12
constexpr double kMaxOrdersPerDay = 1e9;    // SPEC §12
constexpr int kMaxDays = 3660 - kGenerateWarmupDays;
constexpr double kMaxPeak = 100;

// The shapes every generated network shares.
constexpr double kHourProfile[24] = {1,   0.5, 0.3, 0.3, 0.4, 0.8, 1.5, 2.5, 3.5, 4,   4.2, 4.5,
                                     4.8, 4.6, 4.4, 4.3, 4.5, 4.8, 5.2, 5.5, 5.4, 4.6, 3.2, 1.8};
constexpr double kWeekdayProfile[7] = {1, 1, 1, 1, 1, 0.95, 1.05};  // Mon first, mean 1
constexpr double kUnitsValues[3] = {1, 2, 3};
constexpr double kUnitsWeights[3] = {0.8, 0.15, 0.05};
constexpr double kSecondsPerOrder = 240;  // time_per_order: exponential, mean 4 min
constexpr double kSecondsPerUnit = 20;    // time_per_unit
constexpr double kTargetUtilization = 0.85;
constexpr int kStockedIn = 3;             // warehouses per SKU, at most
const char* const kStart = "2026-10-05";  // a Monday

// The draws of the network are the catalog's purpose under a replication number no run
// uses, so they never coincide with the SKUs' draws of catalog.generate (replication 0).
constexpr std::uint64_t kStreams = 0x67656e6572617465ULL;  // "generate"

struct Place {
  std::string id;
  Location at;
  double weight = 0;  // zones: population in millions
};

double round_to(double x, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(x * f) / f;
}

Location latlon(double lat, double lon) {
  Location l;
  l.lat = round_to(lat, 4);
  l.lon = round_to(lon, 4);
  l.has_latlon = true;
  return l;
}

/// A point up to `degrees` away from `m`, drawn from the stream of (`what`, `index`).
Location near(const Metro& m, double degrees, std::uint64_t seed, std::uint64_t what, std::uint64_t index) {
  Rng r = StreamFamily(seed, kStreams, Purpose::catalog, what).at(index);
  const double dlat = (2 * r.uniform() - 1) * degrees;
  const double dlon = (2 * r.uniform() - 1) * degrees;
  return latlon(m.lat + dlat, m.lon + dlon);
}

/// A figure as the JSON text an analyst would write: 20000, not 20000.0.
Json figure(double x) {
  if (x == std::floor(x) && std::abs(x) < 1e15) return static_cast<long long>(x);
  return x;
}

std::string padded(const std::string& prefix, long long n, long long count) {
  const std::string digits = std::to_string(n);
  const std::size_t width = std::to_string(count).size();
  return prefix + std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

/// Warehouses spread over the country: the largest metro first, then each next the metro
/// farthest from those chosen, weighted by sqrt(population) (a farthest-point heuristic);
/// past the table, more warehouses near the same metros. Consecutive warehouses are far
/// apart, so the `stocked_in` consecutive warehouses of a SKU cover different regions.
std::vector<Place> place_warehouses(int count, std::uint64_t seed) {
  const auto metros = us_metros();
  std::vector<Place> out;
  std::vector<bool> used(metros.size(), false);
  std::vector<Location> centre;
  for (const Metro& m : metros) centre.push_back(latlon(m.lat, m.lon));
  for (int k = 0; k < count; ++k) {
    if (static_cast<std::size_t>(k) >= metros.size()) {
      const std::size_t m = static_cast<std::size_t>(k) % metros.size();
      out.push_back({std::string(metros[m].id) + std::to_string(k / metros.size() + 1),
                     near(metros[m], 0.4, seed, 1, static_cast<std::uint64_t>(k)), 0});
      continue;
    }
    std::size_t best = 0;
    double best_score = -1;
    for (std::size_t m = 0; m < metros.size(); ++m) {
      if (used[m]) continue;
      double gap = 1e9;
      for (const Place& w : out) gap = std::min(gap, great_circle_km(w.at, centre[m]));
      const double score = std::sqrt(metros[m].population) * (out.empty() ? 1 : gap);
      if (score > best_score) best_score = score, best = m;
    }
    used[best] = true;
    out.push_back({std::string(metros[best].id) + "1", centre[best], 0});
  }
  return out;
}

/// A metro drawn by population from `r`.
const Metro& metro_by_population(Rng& r) {
  const auto metros = us_metros();
  double total = 0;
  for (const Metro& m : metros) total += m.population;
  double u = r.uniform() * total;
  for (const Metro& m : metros) {
    if (u < m.population) return m;
    u -= m.population;
  }
  return metros.back();
}

/// Zones weighted like population: the metros largest first, then a long tail of towns
/// around metros (drawn by population) whose weights fall off as 1/rank.
std::vector<Place> place_zones(int count, std::uint64_t seed) {
  const auto metros = us_metros();
  std::vector<Place> out;
  for (int i = 0; i < count; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (k < metros.size()) {
      out.push_back({metros[k].id, latlon(metros[k].lat, metros[k].lon), metros[k].population});
      continue;
    }
    Rng r = StreamFamily(seed, kStreams, Purpose::catalog, 2).at(k);
    const Metro& m = metro_by_population(r);
    const double weight = std::max(0.0001, round_to(0.25 * static_cast<double>(metros.size()) / (i + 1), 4));
    out.push_back({padded("Z", i + 1, count), near(m, 1.5, seed, 3, k), weight});
  }
  return out;
}

/// Each warehouse's expected share of the orders: a SKU is stocked in `stocked_in`
/// consecutive warehouses from a uniform start (as catalog.generate does), and an order from
/// a zone goes to the nearest of them.
std::vector<double> order_shares(const std::vector<Place>& warehouses, const std::vector<Place>& zones, int stocked_in) {
  const std::size_t n = warehouses.size();
  std::vector<double> share(n, 0);
  double total = 0;
  for (const Place& z : zones) total += z.weight;
  for (const Place& z : zones) {
    std::vector<double> km(n);
    for (std::size_t w = 0; w < n; ++w) km[w] = great_circle_km(z.at, warehouses[w].at);
    for (std::size_t start = 0; start < n; ++start) {
      std::size_t best = start;
      for (int j = 1; j < stocked_in; ++j) {
        const std::size_t w = (start + static_cast<std::size_t>(j)) % n;
        if (km[w] < km[best]) best = w;
      }
      share[best] += z.weight / total / static_cast<double>(n);
    }
  }
  return share;
}

double mean_units() {
  double sum = 0, weights = 0;
  for (int i = 0; i < 3; ++i) sum += kUnitsValues[i] * kUnitsWeights[i], weights += kUnitsWeights[i];
  return sum / weights;
}

/// The busiest hour's orders per day factor: the largest weekday (times the peak) and hour shares.
double peak_hour_orders(double orders_per_day, double peak) {
  double hours = 0;
  for (double h : kHourProfile) hours += h;
  const double busiest_hour = *std::max_element(std::begin(kHourProfile), std::end(kHourProfile)) / hours;
  const double busiest_day = *std::max_element(std::begin(kWeekdayProfile), std::end(kWeekdayProfile)) * peak;
  return orders_per_day * busiest_day * busiest_hour;
}

Json warehouse_json(const Place& w, double share, const GenerateOptions& o) {
  const double service = kSecondsPerOrder + kSecondsPerUnit * mean_units();
  const double per_hour = peak_hour_orders(o.orders_per_day, o.peak) * share;
  const auto stations = std::max(1LL, static_cast<long long>(std::ceil(per_hour * service / 3600 / kTargetUtilization)));
  // Receiving takes deliveries of several days' demand at once: four days' units a day.
  const double units_per_day = o.orders_per_day * share * mean_units();
  const auto receiving = std::max(100LL, static_cast<long long>(std::ceil(units_per_day * 4 / 24)));
  return Json{{"id", w.id},
              {"location", {{"lat", w.at.lat}, {"lon", w.at.lon}}},
              {"pick_pack",
               {{"stations", stations},
                {"time_per_order", {{"dist", "exponential"}, {"mean", "4min"}}},
                {"time_per_unit", "20s"},
                {"pick_sla", "2h"}}},
              {"departures", {"06:00", "12:00", "18:00", "23:00"}},
              {"receiving", {{"units_per_hour", receiving}, {"dock_to_stock", "4h"}}}};
}

Json suppliers_json(const GenerateOptions& o, const std::vector<Place>& warehouses) {
  Json out = Json::array();
  for (int j = 0; j < o.suppliers; ++j) {
    const auto k = static_cast<std::uint64_t>(j);
    const std::string id = padded("SUP", j + 1, o.suppliers);
    // The milk-run suppliers come last: catalog.generate deals SKUs out round robin in
    // popularity order, so they do not get the very top SKUs, whose loads fill trucks.
    if (j >= o.suppliers - o.milk_runs) {
      // Near a warehouse, whose run is short. Every warehouse stocks some of its SKUs
      // (catalog.generate spreads them), so runs from far warehouses ride for days: no dock
      // hours, which such trips could not meet.
      const Place& w = warehouses[static_cast<std::size_t>(j - (o.suppliers - o.milk_runs)) % warehouses.size()];
      const Metro anchor{"", w.at.lat, w.at.lon, 0};
      const Location at = near(anchor, 0.5, o.seed, 4, k);
      out.push_back({{"id", id},
                     {"location", {{"lat", at.lat}, {"lon", at.lon}}},
                     {"delivery", "milk_run"},
                     {"ready", {{"dist", "bernoulli"}, {"p", 0.95}}}});
      continue;
    }
    Rng r = StreamFamily(o.seed, kStreams, Purpose::catalog, 5).at(k);
    const Location at = near(metro_by_population(r), 0.3, o.seed, 6, k);
    out.push_back({{"id", id},
                   {"location", {{"lat", at.lat}, {"lon", at.lon}}},
                   {"delivery", "vendor"},
                   {"review", {{"days", "Mon,Thu"}, {"time", "10:00"}}},
                   {"lead_time", {{"dist", "lognormal"}, {"mean", "3d"}, {"sd", "1d"}}}});
  }
  return out;
}

Json sellers_json(const GenerateOptions& o) {
  Json out = Json::array();
  for (int j = 0; j < o.sellers; ++j) {
    const auto k = static_cast<std::uint64_t>(j);
    Rng r = StreamFamily(o.seed, kStreams, Purpose::catalog, 7).at(k);
    const Location at = near(metro_by_population(r), 0.3, o.seed, 8, k);
    out.push_back({{"id", padded("SELLER", j + 1, o.sellers)},
                   {"location", {{"lat", at.lat}, {"lon", at.lon}}},
                   {"review", {{"days", "Mon"}, {"time", "09:00"}}},
                   {"cover_days", 21},
                   {"carton_units", 24},
                   {"transit", {{"dist", "lognormal"}, {"mean", "4d"}, {"sd", "1d"}}}});
  }
  return out;
}

Json catalog_json(const GenerateOptions& o) {
  Json sources = {{"suppliers", o.sellers > 0 ? 0.8 : 1.0}};
  if (o.sellers > 0) sources["sellers"] = 0.2;
  return {{"generate",
           {{"skus", o.skus},
            {"zipf", 1.0},
            {"prime_share", 0.8},
            {"seed", o.seed},
            {"unit",
             {{"liters", {{"dist", "lognormal"}, {"mean", 3}, {"sd", 4}}},
              {"kg", {{"dist", "lognormal"}, {"mean", 1}, {"sd", 1}}},
              {"value", {{"dist", "lognormal"}, {"mean", 25}, {"sd", 30}}}}},
            {"sources", sources},
            {"stocked_in", std::min(o.warehouses, kStockedIn)},
            {"stock", {{"initial_days", 10}, {"policy", {{"type", "RS"}, {"order_up_to_days", 14}}}}}}}};
}

std::string date_after(const char* start, int offset) {
  int y = 0, m = 0, d = 0;
  std::sscanf(start, "%d-%d-%d", &y, &m, &d);
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}} + days{offset}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

Json demand_json(const GenerateOptions& o) {
  Json d = {{"orders_per_day", figure(o.orders_per_day)},
            {"hour_profile", kHourProfile},
            {"weekday_profile", kWeekdayProfile}};
  if (o.peak != 1) {
    const std::string last = date_after(kStart, kGenerateWarmupDays + o.days - 1);
    d["peaks"] = Json::array({{{"from", last}, {"to", last}, {"multiplier", figure(o.peak)}}});
  }
  d["units_per_order"] = {{"dist", "discrete"}, {"values", kUnitsValues}, {"weights", kUnitsWeights}};
  d["prime_share"] = 0.7;
  return d;
}

Json milk_runs_json(const GenerateOptions& o, const std::vector<Place>& warehouses) {
  Json out = Json::array();
  if (o.milk_runs == 0) return out;
  for (const Place& w : warehouses)
    out.push_back({{"id", "MR-" + w.id},
                   {"warehouse", w.id},
                   {"schedule", {{"days", "Mon-Sat"}, {"depart", "05:00"}}},
                   {"po_lead", "1d"},
                   {"trucks", "auto"},
                   {"truck", {{"liters", 100000}, {"kg", 24000}, {"cost_per_km", 1.8}, {"cost_per_trip", 250}}},
                   {"stops", "auto"},
                   {"load_time_per_stop", "30min"}});
  return out;
}

void at_least(const char* flag, long long value, long long min) {
  if (value < min) throw UsageError(std::string(flag) + " must be at least " + std::to_string(min) + ", got " + std::to_string(value));
}

void at_most(const char* flag, double value, double max, const std::string& max_text) {
  if (value > max) throw UsageError(std::string(flag) + " must be at most " + max_text);
}

}  // namespace

void check_generate_options(const GenerateOptions& o) {
  at_least("--warehouses", o.warehouses, 1);
  at_most("--warehouses", o.warehouses, kMaxWarehouses, std::to_string(kMaxWarehouses));
  at_least("--zones", o.zones, 1);
  at_most("--zones", o.zones, kMaxZones, std::to_string(kMaxZones));
  at_least("--suppliers", o.suppliers, 1);
  at_most("--suppliers", o.suppliers, kMaxSuppliers, std::to_string(kMaxSuppliers));
  at_least("--sellers", o.sellers, 0);
  at_most("--sellers", o.sellers, kMaxSellers, std::to_string(kMaxSellers));
  at_least("--skus", o.skus, 1);
  at_most("--skus", static_cast<double>(o.skus), static_cast<double>(kMaxSkus), "10000000");
  if (!(o.orders_per_day > 0)) throw UsageError("--orders-per-day must be positive");
  at_most("--orders-per-day", o.orders_per_day, kMaxOrdersPerDay, "1e9");
  at_least("--days", o.days, 1);
  at_most("--days", o.days, kMaxDays, std::to_string(kMaxDays));
  if (!(o.peak >= 1)) throw UsageError("--peak must be at least 1 (1 = no peak)");
  at_most("--peak", o.peak, kMaxPeak, "100");
  at_most("--orders-per-day", o.orders_per_day * o.peak, kMaxOrdersPerDay, "1e9 on the peak day (times --peak)");
  at_least("--milk-runs", o.milk_runs, 0);
  if (o.milk_runs > o.suppliers)
    throw UsageError("--milk-runs (" + std::to_string(o.milk_runs) + ") must not exceed --suppliers (" +
                     std::to_string(o.suppliers) + ")");
}

Json generate_scenario(const GenerateOptions& o) {
  check_generate_options(o);
  const std::vector<Place> warehouses = place_warehouses(o.warehouses, o.seed);
  const std::vector<Place> zones = place_zones(o.zones, o.seed);
  const std::vector<double> share = order_shares(warehouses, zones, std::min(o.warehouses, kStockedIn));

  Json doc;
  doc["milkrun"] = 1;
  doc["name"] = "generated-" + std::to_string(o.warehouses) + "fc-" + std::to_string(o.skus) + "sku-seed" + std::to_string(o.seed);
  doc["start"] = kStart;
  doc["horizon_days"] = kGenerateWarmupDays + o.days;
  doc["warmup_days"] = kGenerateWarmupDays;
  doc["seed"] = o.seed;
  doc["replications"] = 1;
  doc["distances"] = {{"mode", "haversine"}, {"circuity", 1.25}, {"speed_kmh", 65}};
  doc["carrier"] = {{"pickup_days", "Mon-Sat"},
                    {"delivery_days", "Mon-Sat"},
                    {"transit_days",
                     {{{"max_km", 300}, {"days", 1}}, {{"max_km", 1000}, {"days", 2}}, {{"max_km", 2500}, {"days", 3}}, {{"days", 5}}}},
                    {"delay", {{"p", 0.02}, {"days", 1}}}};
  Json& wj = doc["warehouses"] = Json::array();
  for (std::size_t w = 0; w < warehouses.size(); ++w) wj.push_back(warehouse_json(warehouses[w], share[w], o));
  Json& zj = doc["zones"] = Json::array();
  for (const Place& z : zones) zj.push_back({{"id", z.id}, {"location", {{"lat", z.at.lat}, {"lon", z.at.lon}}}, {"weight", z.weight}});
  doc["suppliers"] = suppliers_json(o, warehouses);
  if (o.sellers > 0) doc["sellers"] = sellers_json(o);
  doc["catalog"] = catalog_json(o);
  doc["demand"] = demand_json(o);
  doc["prime"] = {{"promise_days", 2}};
  if (o.milk_runs > 0) doc["milk_runs"] = milk_runs_json(o, warehouses);
  doc["costs"] = {{"holding_rate_per_year", 0.2}, {"lost_sale_per_unit", 15}, {"late_credit_per_order", 5}};
  return doc;
}

}  // namespace milkrun
