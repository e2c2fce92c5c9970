// Checks of the supply side: milk runs (R23) and sellers (R24).
#include "input/validate.hpp"

#include <algorithm>

namespace milkrun {
namespace {

/// One stop (or `serves` entry) at `where`: an existing supplier; a vendor is allowed but
/// its orders do not ride the run, which is worth a warning.
void check_stop(const Scenario& s, const ScenarioIds& ids, const std::string& id, const std::string& where,
                Problems& out, Problems& warnings) {
  if (id.empty()) return;  // reported when read
  const auto k = ids.suppliers.find(id);
  if (!k) {
    out.add(where, ids.sellers.find(id) ? "\"" + id + "\" is a seller; milk runs stop at suppliers (sellers ship "
                                                      "into the warehouses themselves)"
                                        : ids.suppliers.missing(id));
    return;
  }
  if (s.suppliers[*k].delivery == Delivery::vendor)
    warnings.add(where, "supplier \"" + id + "\" delivers on its own (\"delivery\": \"vendor\"): the truck stops "
                        "there, but its orders do not ride this run");
}

/// Stops of one loop (or the `serves` list): each supplier at most once.
template <class PointerOf>
void check_list(const Scenario& s, const ScenarioIds& ids, const std::vector<std::string>& list, PointerOf pointer_of,
                const char* repeated, Problems& out, Problems& warnings) {
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t j = 0; j < list.size(); ++j) {
    const std::string& id = list[j];
    if (id.empty()) continue;
    const auto [it, fresh] = first.emplace(id, j);
    if (!fresh) {
      out.add(pointer_of(j), "supplier \"" + id + "\" " + repeated + " (at " + pointer_of(it->second) + ")");
      continue;
    }
    check_stop(s, ids, id, pointer_of(j), out, warnings);
  }
}

void check_run(const Scenario& s, const ScenarioIds& ids, const MilkRunSpec& run, Problems& out, Problems& warnings) {
  if (!run.warehouse.empty() && !ids.warehouses.find(run.warehouse))
    out.add(run.pointer + "/warehouse", ids.warehouses.missing(run.warehouse));
  for (std::size_t l = 0; l < run.loops.size(); ++l)
    check_list(s, ids, run.loops[l], [&](std::size_t j) { return stop_pointer(run, l, j); },
               "is already a stop of this loop", out, warnings);
  check_list(s, ids, run.serves, [&](std::size_t j) { return run.pointer + "/serves/" + std::to_string(j); },
             "is already listed", out, warnings);
}

/// True when every stop and `serves` entry of `run` names a supplier.
bool run_resolves(const MilkRunSpec& run, const ScenarioIds& ids) {
  const auto known = [&](const std::vector<std::string>& list) {
    return std::all_of(list.begin(), list.end(), [&](const std::string& id) { return ids.suppliers.find(id).has_value(); });
  };
  return known(run.serves) && std::all_of(run.loops.begin(), run.loops.end(), known);
}

}  // namespace

std::string stop_pointer(const MilkRunSpec& run, std::size_t loop, std::size_t j) {
  const std::string stops = run.pointer + "/stops/";
  return run.pooled ? stops + std::to_string(j) : stops + std::to_string(loop) + "/" + std::to_string(j);
}

RunCoverage::RunCoverage(const Scenario& s, const ScenarioIds& ids)
    : suppliers_(s.suppliers.size()),
      serves_all_(s.warehouses.size()),
      stops_(s.warehouses.size() * s.suppliers.size()) {
  for (const MilkRunSpec& run : s.milk_runs) {
    // A run with a mistyped warehouse or stop is reported; it may be the run meant for the
    // SKUs that would otherwise have none, so those are not reported again.
    const auto w = ids.warehouses.find(run.warehouse);
    std::vector<std::size_t> at;
    if (w) at.push_back(*w);
    else for (std::size_t i = 0; i < serves_all_.size(); ++i) at.push_back(i);
    // "stops": "auto" without "serves" serves every milk-run supplier stocked at its warehouse.
    const bool all = (run.auto_stops && run.serves.empty()) || !run_resolves(run, ids);
    const auto mark = [&](const std::vector<std::string>& list) {
      for (const std::string& id : list)
        if (const auto k = ids.suppliers.find(id))
          for (std::size_t i : at) stops_[i * suppliers_ + *k] = true;
    };
    mark(run.serves);
    for (const auto& loop : run.loops) mark(loop);
    if (all && w) serves_all_[*w] = true;
    if (all && !w) serves_all_.assign(serves_all_.size(), true);
  }
}

void check_milk_runs(const Scenario& s, const ScenarioIds& ids, Problems& out, Problems& warnings) {
  for (const MilkRunSpec& run : s.milk_runs) check_run(s, ids, run, out, warnings);
}

void check_sellers(const Scenario& s, const ScenarioIds& ids, Problems& out) {
  for (const SellerSpec& seller : s.sellers) {
    if (seller.id.empty()) continue;
    if (const auto k = ids.suppliers.find(seller.id))
      out.add(seller.pointer + "/id", "\"" + seller.id + "\" is also the id of a supplier (at " +
                                          s.suppliers[*k].pointer + "); sellers and suppliers need distinct ids");
  }
}

}  // namespace milkrun
