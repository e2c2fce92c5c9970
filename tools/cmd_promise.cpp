// `milkrun promise`: the promise for an in-stock order, as one JSON object.
#include <milkrun/errors.hpp>
#include <milkrun/engine/promise.hpp>
#include <milkrun/input/scenario_io.hpp>
#include <milkrun/output/output.hpp>

#include "input/timefmt.hpp"

#include "commands.hpp"
#include "known_ids.hpp"
#include "options.hpp"

#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace milkrun::cli {
namespace {

struct PromiseOptions {
  std::string scenario, zone, at, warehouse, sku, units;
  bool explain = false;
};

/// --sku: the SKU, which must be stocked at the --warehouse asked for, if any.
std::optional<SkuId> sku_of(const Model& model, const PromiseOptions& o, std::optional<WarehouseId> only) {
  if (o.sku.empty()) return std::nullopt;
  const SkuId sku = index_of(ids_of(model.skus), o.sku, "SKU");
  if (only) stocked_pair(model, sku, *only);
  return sku;
}

/// --units: a positive whole number of units, and only with --sku (they are units of one SKU).
std::optional<Units> units_of(const PromiseOptions& o) {
  if (o.units.empty()) return std::nullopt;
  if (o.sku.empty()) throw UsageError("--units needs --sku: the units are units of one SKU");
  Units n = 0;
  const char* end = o.units.data() + o.units.size();
  const auto [stop, ec] = std::from_chars(o.units.data(), end, n);
  if (ec != std::errc() || stop != end || n < 1)
    throw UsageError("--units " + o.units + ": must be a positive whole number of units");
  return n;
}

/// A distance as JSON: to the metre, whole kilometres as integers.
nlohmann::ordered_json km_json(Km km) {
  const double metres = std::round(km * 1000);
  if (std::fmod(metres, 1000) == 0 && std::fabs(metres) < 9.0e15) return static_cast<std::int64_t>(metres / 1000);
  return metres / 1000;
}

/// The transit band of a distance, as a reader finds it in the scenario's `transit_days`.
std::string band_text(const std::vector<TransitBand>& bands, Km km) {
  const std::size_t i = transit_band(bands, km);
  if (bands[i].max_km) return "up to " + format_shortest(*bands[i].max_km) + " km";
  return i == 0 ? "any distance" : "beyond " + format_shortest(*bands[i - 1].max_km) + " km";
}

/// The "explain" list: each warehouse's km, band, promise, stock and why it won or lost.
nlohmann::ordered_json explain_json(const Scenario& sc, const Model& m, const PromiseFilter& filter,
                                    const PromiseExplanation& e) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (WarehouseId w = 0; w < e.candidates.size(); ++w) {
    const PromiseCandidate& c = e.candidates[w];
    nlohmann::ordered_json row;
    row["warehouse"] = m.warehouses[w].id;
    row["km"] = km_json(c.km);
    row["band"] = band_text(sc.carrier.transit_days, c.km);
    row["ship_by"] = format_instant(m.start, c.quote.ship_by);
    row["deliver_by"] = format_date(m.start + c.quote.deliver_by);
    row["transit_days"] = c.quote.transit_days;
    if (filter.sku) {
      row["stocks"] = c.stocks;
      row["free"] = c.stocks ? nlohmann::ordered_json(c.free) : nlohmann::ordered_json(nullptr);
    }
    row["chosen"] = c.verdict == PromiseVerdict::chosen;
    row["why"] = promise_why(m, filter, c);
    list.push_back(std::move(row));
  }
  return list;
}

/// No warehouse qualifies (--units above every warehouse's stock): each one's reason.
[[noreturn]] void no_warehouse(const Model& m, const PromiseFilter& filter, const PromiseExplanation& e) {
  std::string reasons;
  for (WarehouseId w = 0; w < e.candidates.size(); ++w)
    if (e.candidates[w].verdict != PromiseVerdict::not_asked)
      reasons += (reasons.empty() ? "" : "; ") + m.warehouses[w].id + ": " + promise_why(m, filter, e.candidates[w]);
  const std::string what = filter.sku ? std::to_string(filter.units.value_or(1)) + " units of " + m.skus[*filter.sku].id
                                      : std::string("this order");
  throw UsageError("no warehouse can promise " + what + " from stock (" + reasons + ")");
}

int promise(const PromiseOptions& o) {
  const Scenario sc = load_scenario(o.scenario);
  print_warnings(sc);
  const Model model = build_model(sc);
  const ZoneId zone = index_of(model.zone_ids, o.zone, "zone");
  PromiseFilter filter;
  if (!o.warehouse.empty()) filter.only = index_of(ids_of(model.warehouses), o.warehouse, "warehouse");
  filter.units = units_of(o);
  filter.sku = sku_of(model, o, filter.only);
  std::string error;
  const auto at = parse_instant(o.at, error);
  if (!at) throw UsageError("--at " + o.at + ": " + error);
  const SimTime t = static_cast<SimTime>(at->first - model.start) * kSecondsPerDay + at->second;
  const PromiseExplanation e = explain_promise(model, zone, t, filter);
  if (!e.winner) no_warehouse(model, filter, e);
  const PromiseQuote& q = e.candidates[*e.winner].quote;
  nlohmann::ordered_json out;
  out["warehouse"] = model.warehouses[q.warehouse].id;
  out["ship_by"] = format_instant(model.start, q.ship_by);
  out["deliver_by"] = format_date(model.start + q.deliver_by);
  out["transit_days"] = q.transit_days;
  if (o.explain) out["explain"] = explain_json(sc, model, filter, e);
  std::cout << out.dump() << '\n';
  return 0;
}

}  // namespace

void add_promise(CLI::App& app, Action& action) {
  auto o = std::make_shared<PromiseOptions>();
  CLI::App* cmd = app.add_subcommand("promise", "Print the delivery promise for an in-stock order");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required();
  cmd->add_option("--zone", o->zone, "Customer zone id")->check(kNonEmpty)->required();
  cmd->add_option("--at", o->at, "Order instant, YYYY-MM-DDTHH:MM")->check(kNonEmpty)->required();
  cmd->add_option("--warehouse", o->warehouse, "Only this warehouse")->check(kNonEmpty);
  cmd->add_option("--sku", o->sku, "Only the warehouses that stock this SKU")->check(kNonEmpty);
  cmd->add_option("--units", o->units, "With --sku: only the warehouses whose initial stock covers N units")->check(kNonEmpty);
  cmd->add_flag("--explain", o->explain, "Add each warehouse's km, band, dates and why it won or lost");
  cmd->callback([o, &action] { action = [o] { return promise(*o); }; });
}

}  // namespace milkrun::cli
