// `milkrun generate`: a synthetic network scenario on stdout (SPEC §5, §9).
#include <milkrun/input/generate.hpp>

#include <milkrun/errors.hpp>

#include "commands.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace milkrun::cli {

void add_generate(CLI::App& app, Action& action) {
  auto o = std::make_shared<GenerateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "generate", "Write a synthetic network scenario (JSON on stdout): warehouses over the lower 48 US states, "
                  "zones weighted like population, vendor and milk-run suppliers, sellers, SKUs via catalog.generate");
  cmd->add_option("--warehouses", o->warehouses, "Fulfillment centres (1-500)")->capture_default_str();
  cmd->add_option("--zones", o->zones, "Demand zones: the big metros, then a long tail (1-2000)")->capture_default_str();
  cmd->add_option("--suppliers", o->suppliers, "Suppliers, milk-run ones included (1-500)")->capture_default_str();
  cmd->add_option("--sellers", o->sellers, "Sellers shipping their own stock in (0-500)")->capture_default_str();
  cmd->add_option("--skus", o->skus, "Generated SKUs (1-10000000)")->capture_default_str();
  cmd->add_option("--orders-per-day", o->orders_per_day, "Mean orders per day before the peak")->capture_default_str();
  cmd->add_option("--days", o->days, "Measured days, after a 7-day warm-up")->capture_default_str();
  cmd->add_option("--peak", o->peak, "Demand multiplier on the last day (1 = no peak)")->capture_default_str();
  cmd->add_option("--milk-runs", o->milk_runs,
                  "Suppliers collected by milk runs (stops \"auto\", one run per warehouse); the rest are vendors")
      ->capture_default_str();
  // Read signed, so that a negative seed is refused rather than wrapped round.
  auto seed = std::make_shared<long long>(static_cast<long long>(o->seed));
  cmd->add_option("--seed", *seed, "Seed of the network and its catalog (0 or more)")->capture_default_str();
  cmd->callback([o, seed, &action] {
    action = [o, seed] {
      if (*seed < 0) throw UsageError("--seed must be at least 0, got " + std::to_string(*seed));
      o->seed = static_cast<std::uint64_t>(*seed);
      std::cout << generate_scenario(*o).dump(1) << '\n';
      return 0;
    };
  });
}

}  // namespace milkrun::cli
