// `milkrun promise`: the promise for an in-stock order, as one JSON object.
#include <milkrun/errors.hpp>
#include <milkrun/engine/promise.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "input/json_reader.hpp"
#include "input/timefmt.hpp"

#include "commands.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace milkrun::cli {
namespace {

struct PromiseOptions {
  std::string scenario, zone, at, warehouse, sku;
};

/// The ids a message lists in full: a handful, else the first few and how many more.
std::string listed(const std::vector<std::string>& ids) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < kShown; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > kShown) out += " and " + std::to_string(ids.size() - kShown) + " more";
  return out;
}

/// The index of `id` among `ids`; an unknown id is a usage error with the closest id as a
/// hint, else the known ones.
std::uint32_t index_of(const std::vector<std::string>& ids, const std::string& id, const std::string& what) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return static_cast<std::uint32_t>(i);
  const std::string hint = closest(id, ids);
  throw UsageError("unknown " + what + " \"" + id + "\"" +
                   (hint.empty() ? " (known: " + listed(ids) + ")" : "; did you mean \"" + hint + "\"?"));
}

template <class Entities>
std::vector<std::string> ids_of(const Entities& entities) {
  std::vector<std::string> ids;
  ids.reserve(entities.size());
  for (const auto& e : entities) ids.push_back(e.id);
  return ids;
}

/// --sku: the SKU, which must be stocked at the --warehouse asked for, if any.
std::optional<SkuId> sku_of(const Model& model, const PromiseOptions& o, std::optional<WarehouseId> only) {
  if (o.sku.empty()) return std::nullopt;
  const SkuId sku = index_of(ids_of(model.skus), o.sku, "SKU");
  if (only && model.pair(sku, *only) == kNoPair) {
    std::vector<std::string> stocking;
    for (WarehouseId w = 0; w < model.warehouse_count(); ++w)
      if (model.pair(sku, w) != kNoPair) stocking.push_back(model.warehouses[w].id);
    throw UsageError("SKU \"" + o.sku + "\" is not stocked at " + o.warehouse + " (stocked at: " + listed(stocking) + ")");
  }
  return sku;
}

int promise(const PromiseOptions& o) {
  const Scenario sc = load_scenario(o.scenario);
  print_warnings(sc);
  const Model model = build_model(sc);
  const ZoneId zone = index_of(model.zone_ids, o.zone, "zone");
  std::optional<WarehouseId> only;
  if (!o.warehouse.empty()) only = index_of(ids_of(model.warehouses), o.warehouse, "warehouse");
  const std::optional<SkuId> sku = sku_of(model, o, only);
  std::string error;
  const auto at = parse_instant(o.at, error);
  if (!at) throw UsageError("--at " + o.at + ": " + error);
  const SimTime t = static_cast<SimTime>(at->first - model.start) * kSecondsPerDay + at->second;
  const PromiseQuote q = quote_promise(model, zone, t, only, sku);
  nlohmann::ordered_json out;
  out["warehouse"] = model.warehouses[q.warehouse].id;
  out["ship_by"] = format_instant(model.start, q.ship_by);
  out["deliver_by"] = format_date(model.start + q.deliver_by);
  out["transit_days"] = q.transit_days;
  std::cout << out.dump() << '\n';
  return 0;
}

}  // namespace

void add_promise(CLI::App& app, Action& action) {
  auto o = std::make_shared<PromiseOptions>();
  CLI::App* cmd = app.add_subcommand("promise", "Print the delivery promise for an in-stock order");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required();
  cmd->add_option("--zone", o->zone, "Customer zone id")->required();
  cmd->add_option("--at", o->at, "Order instant, YYYY-MM-DDTHH:MM")->required();
  cmd->add_option("--warehouse", o->warehouse, "Only this warehouse");
  cmd->add_option("--sku", o->sku, "Only the warehouses that stock this SKU");
  cmd->callback([o, &action] { action = [o] { return promise(*o); }; });
}

}  // namespace milkrun::cli
