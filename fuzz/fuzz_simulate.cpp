// fuzz_simulate: bytes -> a scenario read and validated as `milkrun run` does, with its horizon
// cut to at most 3 days after at most 1 warm-up day and one replication, then one replication
// simulated in memory (orders recorded, no files). Inputs beyond SPEC §12's limits, or merely
// big (2,000 SKUs, 1,000 stations, 100 trucks a run), are skipped: refusing those is the
// limits' job, and this target looks for other bugs. Demand above 2,000 orders on the busiest
// day is scaled down to that, the SKUs' shares kept.
#include <milkrun/engine/replication.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>
#include <milkrun/model/model.hpp>

#include "harness.hpp"

namespace {

/// Caps `key` of the scenario's top level at `cap` when it is a number above it.
void cap(nlohmann::ordered_json& doc, const char* key, int cap) {
  const auto it = doc.find(key);
  if (it != doc.end() && it->is_number() && it->get<double>() > cap) *it = cap;
}

constexpr double kMaxOrdersPerDay = 2000;

/// Inputs too big to simulate for a fuzzer, or beyond SPEC §12's limits.
bool too_big(const milkrun::Scenario& sc) {
  if (sc.skus.size() > 2000 || milkrun::fuzz::orders_per_day(sc) > 1e9) return true;
  for (const milkrun::WarehouseSpec& w : sc.warehouses)
    if (w.pick_pack.stations > 1000) return true;
  for (const milkrun::MilkRunSpec& r : sc.milk_runs)
    if (r.trucks > 100) return true;
  for (const milkrun::TransitBand& b : sc.carrier.transit_days)
    if (b.days > 365) return true;
  if (sc.carrier.delay && sc.carrier.delay->days.mean() > 365) return true;
  return false;
}

/// Scales the demand down to at most kMaxOrdersPerDay on the busiest day, SKU shares kept.
void scale_demand(milkrun::Scenario& sc) {
  const double peak = milkrun::fuzz::peak_orders_per_day(sc);
  if (!(peak > kMaxOrdersPerDay)) return;
  const double k = kMaxOrdersPerDay / peak;
  if (sc.demand.orders_per_day) {
    *sc.demand.orders_per_day *= k;
    return;
  }
  for (milkrun::SkuSpec& s : sc.skus)
    if (s.orders_per_day) *s.orders_per_day *= k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(data, data + size, nullptr, false);
  if (!doc.is_object() || milkrun::fuzz::huge_catalog(nlohmann::json(doc))) return -1;
  cap(doc, "horizon_days", 3);
  cap(doc, "warmup_days", 1);
  cap(doc, "replications", 1);
  // Bad input may be refused by validation or later by the model (InputError, UsageError: exit 2).
  try {
    milkrun::Scenario sc = milkrun::load_scenario_text(
        doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), "fuzz.json");
    if (too_big(sc)) return -1;
    scale_demand(sc);
    const milkrun::Model model = milkrun::build_model(sc);
    const milkrun::ReplicationResult r = milkrun::simulate(model, 0, sc.seed, true);
    (void)r.orders.size();
  } catch (const milkrun::InputError&) {
  } catch (const milkrun::UsageError&) {
  }
  return 0;
}
