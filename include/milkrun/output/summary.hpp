// A run's KPIs, computed once from its replications: what summary.json, the terminal table,
// expectations and baselines all read.
#pragma once
#include <milkrun/kpi.hpp>
#include <milkrun/output/stats.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace milkrun {

struct RunResults;

/// One KPI across the replications of a run: its value in each (nullopt where undefined)
/// and their mean and 95% CI.
struct KpiSeries {
  std::vector<std::optional<double>> values;
  Estimate estimate;
};

/// Every KPI of the network or of a warehouse, in the order of kKpis.
using KpiSummary = std::array<KpiSeries, kKpiCount>;
/// Every KPI of a seller, in the order of kSellerKpis.
using SellerKpiSummary = std::array<KpiSeries, kSellerKpiCount>;
/// Every KPI of a supplier, in the order of kSupplierKpis.
using SupplierKpiSummary = std::array<KpiSeries, kSupplierKpiCount>;

/// The KPIs of one warehouse, seller or supplier, named by its id.
template <class Kpis>
struct EntityKpis {
  std::string id;
  Kpis kpis;
};

/// A seller's KPIs and its standing against its `defect_threshold` (R47).
struct SellerSummary {
  std::string id;
  SellerKpiSummary kpis;
  double defect_threshold = 0;
  bool above_threshold = false;  ///< the mean defect rate is above the threshold
  bool surely_above = false;     ///< the low end of the defect rate's 95% CI is above it
};

/// R47: sets `above_threshold` and `surely_above` of `seller` from its defect rate's
/// estimate (the one summary.json reports); an undefined rate is above nothing.
void judge_standing(SellerSummary& seller);

/// The KPIs of a run for the network, each warehouse, seller and supplier (in model order).
struct RunSummary {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;
  KpiSummary network;
  std::vector<EntityKpis<KpiSummary>> warehouses;
  std::vector<SellerSummary> sellers;
  std::vector<EntityKpis<SupplierKpiSummary>> suppliers;

  /// The KPIs of warehouse `id`, or nullptr when the run has none by that id.
  const KpiSummary* warehouse(std::string_view id) const;
  /// The KPIs of seller `id`, or nullptr when the run has none by that id.
  const SellerKpiSummary* seller(std::string_view id) const;
};

/// The series of per-replication values and its estimate.
KpiSeries kpi_series(std::vector<std::optional<double>> values);

/// The summary of a run's replications.
RunSummary summarize(const RunResults& results);

}  // namespace milkrun
