// `milkrun promise`: the promise for an in-stock order, as one JSON object.
#include <milkrun/errors.hpp>
#include <milkrun/engine/promise.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "input/timefmt.hpp"

#include "commands.hpp"

#include <iostream>
#include <memory>

namespace milkrun::cli {
namespace {

struct PromiseOptions {
  std::string scenario, zone, at, warehouse;
};

template <class Items>
std::uint32_t index_of(const Items& ids, const std::string& id, const std::string& what) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return static_cast<std::uint32_t>(i);
  throw UsageError("unknown " + what + " \"" + id + "\"");
}

int promise(const PromiseOptions& o) {
  const Scenario sc = load_scenario(o.scenario);
  const Model model = build_model(sc);
  const ZoneId zone = index_of(model.zone_ids, o.zone, "zone");
  std::optional<WarehouseId> only;
  if (!o.warehouse.empty()) {
    std::vector<std::string> ids;
    for (const auto& w : model.warehouses) ids.push_back(w.id);
    only = index_of(ids, o.warehouse, "warehouse");
  }
  std::string error;
  const auto at = parse_instant(o.at, error);
  if (!at) throw UsageError("--at " + o.at + ": " + error);
  const SimTime t = static_cast<SimTime>(at->first - model.start) * kSecondsPerDay + at->second;
  const PromiseQuote q = quote_promise(model, zone, t, only);
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
  cmd->callback([o, &action] { action = [o] { return promise(*o); }; });
}

}  // namespace milkrun::cli
