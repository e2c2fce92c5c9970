// The KPIs of SPEC §4: one table, used by the engine, the outputs and the docs.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace milkrun {

enum class Kpi : std::size_t {
  orders, units, prime_orders, delivered_orders, on_time_rate, late_deliveries, late_shipments,
  late_stockout, late_pick_backlog, late_carrier_delay, late_other, fast_promise_rate, fill_rate,
  lost_orders, lost_units, backorders, stockout_events, stockout_sku_days, avg_on_hand_units,
  pick_wait_hours_mean, truck_trips, truck_km, truck_utilization, missed_pickups,
  cost_transport, cost_holding, cost_lost_sales, cost_late_credits, cost_total, count_
};
inline constexpr std::size_t kKpiCount = static_cast<std::size_t>(Kpi::count_);

/// Which way a KPI is good (for verdicts): +1 higher is better, -1 lower is better, 0 neither.
struct KpiInfo {
  std::string_view key;
  int good;
};

inline constexpr std::array<KpiInfo, kKpiCount> kKpis{{
    {"orders", 0}, {"units", 0}, {"prime_orders", 0}, {"delivered_orders", 0},
    {"on_time_rate", +1}, {"late_deliveries", -1}, {"late_shipments", -1},
    {"late_by_cause.stockout", -1}, {"late_by_cause.pick_backlog", -1},
    {"late_by_cause.carrier_delay", -1}, {"late_by_cause.other", -1},
    {"fast_promise_rate", +1}, {"fill_rate", +1}, {"lost_orders", -1}, {"lost_units", -1},
    {"backorders", -1}, {"stockout_events", -1}, {"stockout_sku_days", -1},
    {"avg_on_hand_units", 0}, {"pick_wait_hours_mean", -1}, {"truck_trips", 0}, {"truck_km", -1},
    {"truck_utilization", +1}, {"missed_pickups", -1}, {"cost.transport", -1},
    {"cost.holding", -1}, {"cost.lost_sales", -1}, {"cost.late_credits", -1}, {"cost.total", -1},
}};

constexpr const KpiInfo& info(Kpi k) { return kKpis[static_cast<std::size_t>(k)]; }

/// The index of the KPI `key` in `table` (kKpis or kSellerKpis), or nullopt.
constexpr std::optional<std::size_t> find_kpi(std::span<const KpiInfo> table, std::string_view key) {
  for (std::size_t k = 0; k < table.size(); ++k)
    if (table[k].key == key) return k;
  return std::nullopt;
}

/// One replication's KPI values; nullopt where undefined (a ratio over zero orders).
using KpiValues = std::array<std::optional<double>, kKpiCount>;

/// The seller KPIs of R24 (summary.json "sellers"), in the order of kSellerKpis.
enum class SellerKpi : std::size_t {
  units_sent, units_received, receiving_wait_days_mean, stockout_sku_days, orders, late_or_lost_orders,
  defect_rate, count_
};
inline constexpr std::size_t kSellerKpiCount = static_cast<std::size_t>(SellerKpi::count_);

inline constexpr std::array<KpiInfo, kSellerKpiCount> kSellerKpis{{
    {"units_sent", 0}, {"units_received", 0}, {"receiving_wait_days_mean", -1}, {"stockout_sku_days", -1},
    {"orders", 0}, {"late_or_lost_orders", -1}, {"defect_rate", -1},
}};

constexpr const KpiInfo& info(SellerKpi k) { return kSellerKpis[static_cast<std::size_t>(k)]; }

/// One seller's KPI values in one replication; nullopt where undefined.
using SellerKpiValues = std::array<std::optional<double>, kSellerKpiCount>;

}  // namespace milkrun
