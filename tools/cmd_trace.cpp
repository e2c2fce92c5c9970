// `milkrun trace`: one order's timeline, or one (SKU, warehouse) pair's stock timeline, with
// causes (SPEC §7), from one replication simulated again.
#include <milkrun/engine/trace.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>
#include <milkrun/output/trace_report.hpp>

#include "commands.hpp"
#include "known_ids.hpp"
#include "options.hpp"

#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace milkrun::cli {
namespace {

struct TraceOptions {
  std::string scenario, sku, warehouse;
  std::optional<std::uint64_t> order, seed;
  int replication = 1;
  std::vector<std::string> sets;
  bool json = false;
};

/// --sku S --warehouse W: the pair, which must be stocked.
PairId pair_of(const Model& model, const TraceOptions& o) {
  const SkuId sku = index_of(ids_of(model.skus), o.sku, "SKU");
  return stocked_pair(model, sku, index_of(ids_of(model.warehouses), o.warehouse, "warehouse"));
}

TraceRequest request_of(const Model& model, const TraceOptions& o) {
  if (o.order.has_value() == !o.sku.empty()) throw UsageError("trace needs either --order N or --sku S --warehouse W");
  if (!o.sku.empty() && o.warehouse.empty()) throw UsageError("--sku needs --warehouse W: the pair to trace");
  if (o.order && !o.warehouse.empty()) throw UsageError("--warehouse goes with --sku, not with --order");
  TraceRequest request;
  request.order = o.order;
  if (!o.sku.empty()) request.pair = pair_of(model, o);
  return request;
}

int trace(const TraceOptions& o) {
  const Scenario sc = load_scenario(o.scenario, parse_overrides(o.sets));
  print_warnings(sc);
  const Model model = build_model(sc);
  const TraceRequest request = request_of(model, o);
  const std::uint64_t seed = o.seed.value_or(sc.seed);
  const TraceResult result = trace_replication(model, o.replication - 1, seed, request);
  if (request.order && !result.order.arrived)
    throw UsageError("order " + std::to_string(*request.order) + " does not exist: replication " + std::to_string(o.replication) +
                     " has " + std::to_string(result.orders) + " orders, numbered 0 to " + std::to_string(result.orders - 1));
  if (o.json) std::cout << (request.order ? order_trace_json(model, result) : pair_trace_json(model, result)).dump(2) << '\n';
  else std::cout << (request.order ? order_trace_text(model, result) : pair_trace_text(model, result));
  return 0;
}

}  // namespace

void add_trace(CLI::App& app, Action& action) {
  auto o = std::make_shared<TraceOptions>();
  CLI::App* cmd = app.add_subcommand("trace", "One order's timeline, or one SKU's stock at a warehouse, with causes");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")->required();
  cmd->add_option("--order", o->order, "Order number, as in orders.csv (every arrival from 0)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("--sku", o->sku, "SKU of the pair to trace (with --warehouse)")->check(kNonEmpty);
  cmd->add_option("--warehouse", o->warehouse, "Warehouse of the pair to trace (with --sku)")->check(kNonEmpty);
  cmd->add_option("--replication", o->replication, "Replication, from 1 (default 1)")->check(whole_number(1, kMaxReplications));
  cmd->add_option("--seed", o->seed, "Seed (default: the scenario's)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_set_option(*cmd, o->sets, "the scenario");
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o, &action] { action = [o] { return trace(*o); }; });
}

}  // namespace milkrun::cli
