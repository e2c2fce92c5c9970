// A run's KPIs across its replications, computed once.
#include <milkrun/output/output.hpp>
#include <milkrun/output/summary.hpp>

#include <algorithm>

namespace milkrun {
namespace {

/// Every KPI of a table, value k of replication r taken from `value(r, k)`.
template <class Kpis, class Value>
Kpis summarize_kpis(std::size_t replications, Value value) {
  Kpis out;
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::vector<std::optional<double>> values;
    values.reserve(replications);
    for (std::size_t r = 0; r < replications; ++r) values.push_back(value(r, k));
    out[k] = kpi_series(std::move(values));
  }
  return out;
}

template <class Entity>
const auto* find_entity(const std::vector<Entity>& entities, std::string_view id) {
  const auto it = std::find_if(entities.begin(), entities.end(), [&](const Entity& e) { return e.id == id; });
  return it == entities.end() ? nullptr : &it->kpis;
}

}  // namespace

const KpiSummary* RunSummary::warehouse(std::string_view id) const { return find_entity(warehouses, id); }

const SellerKpiSummary* RunSummary::seller(std::string_view id) const { return find_entity(sellers, id); }

void judge_standing(SellerSummary& seller) {
  const Estimate& rate = seller.kpis[static_cast<std::size_t>(SellerKpi::defect_rate)].estimate;
  seller.above_threshold = rate.mean && *rate.mean > seller.defect_threshold;
  seller.surely_above = rate.mean && rate.ci95[0] > seller.defect_threshold;
}

KpiSeries kpi_series(std::vector<std::optional<double>> values) {
  KpiSeries s{std::move(values), {}};
  s.estimate = estimate(s.values);
  return s;
}

RunSummary summarize(const RunResults& r) {
  const auto& reps = r.replications;
  RunSummary s;
  s.scenario = r.scenario.name;
  s.seed = r.seed;
  s.replications = static_cast<int>(reps.size());
  s.network = summarize_kpis<KpiSummary>(reps.size(), [&](std::size_t i, std::size_t k) { return reps[i].network[k]; });
  for (std::size_t w = 0; w < r.model.warehouse_count(); ++w)
    s.warehouses.push_back({r.model.warehouses[w].id, summarize_kpis<KpiSummary>(reps.size(), [&](std::size_t i, std::size_t k) {
                              return reps[i].warehouses[w][k];
                            })});
  for (std::size_t v = 0; v < r.model.sellers.size(); ++v) {
    SellerSummary seller{r.model.sellers[v].id, summarize_kpis<SellerKpiSummary>(reps.size(), [&](std::size_t i, std::size_t k) {
                           return reps[i].sellers[v][k];
                         }), r.model.sellers[v].defect_threshold};
    judge_standing(seller);
    s.sellers.push_back(std::move(seller));
  }
  for (std::size_t v = 0; v < r.model.suppliers.size(); ++v)
    s.suppliers.push_back({r.model.suppliers[v].id, summarize_kpis<SupplierKpiSummary>(reps.size(), [&](std::size_t i, std::size_t k) {
                             return reps[i].suppliers[v][k];
                           })});
  return s;
}

}  // namespace milkrun
