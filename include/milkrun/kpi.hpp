// The KPIs of SPEC §4: one table, used by the engine, the outputs and the docs.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace milkrun {

/// The upstream cause of a stockout spell (SPEC §7 R35), in the order R35 tries them;
/// `none` is for an order no stockout touched.
enum class Upstream : std::uint8_t { receiving_backlog, missed_pickup, truck_full, supplier_late, policy, none };
inline constexpr std::size_t kUpstreamCount = 5;
inline constexpr std::array<std::string_view, kUpstreamCount> kUpstreamNames{
    "receiving_backlog", "missed_pickup", "truck_full", "supplier_late", "policy"};

/// A cause's name; "" for none.
constexpr std::string_view upstream_name(Upstream u) {
  return u == Upstream::none ? std::string_view() : kUpstreamNames[static_cast<std::size_t>(u)];
}

// The *_by_cause KPIs (R36, R37) follow their total, one per upstream cause.
enum class Kpi : std::size_t {
  orders, units, prime_orders, delivered_orders, on_time_rate, late_deliveries, late_shipments,
  late_stockout, late_pick_backlog, late_carrier_delay, late_other, fast_promise_rate, fill_rate,
  lost_orders, lost_units, lost_units_by_cause,
  backorders = lost_units_by_cause + kUpstreamCount,
  stockout_events, stockout_events_by_cause,
  stockout_sku_days = stockout_events_by_cause + kUpstreamCount,
  stockout_sku_days_by_cause,
  avg_on_hand_units = stockout_sku_days_by_cause + kUpstreamCount,
  pick_wait_hours_mean, truck_trips, truck_km, truck_utilization, missed_pickups,
  cost_transport, cost_holding, cost_lost_sales, cost_late_credits, cost_total,
  lines, split_orders, shipments, shipments_per_order, expedited_orders, expedited_units, cost_expedite, duty_skips, count_
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
    {"lost_units_by_cause.receiving_backlog", -1}, {"lost_units_by_cause.missed_pickup", -1},
    {"lost_units_by_cause.truck_full", -1}, {"lost_units_by_cause.supplier_late", -1},
    {"lost_units_by_cause.policy", -1},
    {"backorders", -1}, {"stockout_events", -1},
    {"stockout_events_by_cause.receiving_backlog", -1}, {"stockout_events_by_cause.missed_pickup", -1},
    {"stockout_events_by_cause.truck_full", -1}, {"stockout_events_by_cause.supplier_late", -1},
    {"stockout_events_by_cause.policy", -1},
    {"stockout_sku_days", -1},
    {"stockout_sku_days_by_cause.receiving_backlog", -1}, {"stockout_sku_days_by_cause.missed_pickup", -1},
    {"stockout_sku_days_by_cause.truck_full", -1}, {"stockout_sku_days_by_cause.supplier_late", -1},
    {"stockout_sku_days_by_cause.policy", -1},
    {"avg_on_hand_units", 0}, {"pick_wait_hours_mean", -1}, {"truck_trips", 0}, {"truck_km", -1},
    {"truck_utilization", +1}, {"missed_pickups", -1}, {"cost.transport", -1},
    {"cost.holding", -1}, {"cost.lost_sales", -1}, {"cost.late_credits", -1}, {"cost.total", -1},
    {"lines", 0}, {"split_orders", -1}, {"shipments", 0}, {"shipments_per_order", 0},
    {"expedited_orders", 0}, {"expedited_units", 0}, {"cost.expedite", -1},
    {"duty_skips", -1},
}};

constexpr const KpiInfo& info(Kpi k) { return kKpis[static_cast<std::size_t>(k)]; }

/// The KPI of cause `u` among the *_by_cause KPIs starting at `first`.
constexpr Kpi by_cause(Kpi first, Upstream u) {
  return static_cast<Kpi>(static_cast<std::size_t>(first) + static_cast<std::size_t>(u));
}

/// The upstream cause a KPI splits its total by (R36, R37), or nullopt for any other KPI.
constexpr std::optional<Upstream> upstream_of_kpi(Kpi k) {
  for (const Kpi first : {Kpi::lost_units_by_cause, Kpi::stockout_events_by_cause, Kpi::stockout_sku_days_by_cause}) {
    const auto offset = static_cast<std::size_t>(k) - static_cast<std::size_t>(first);
    if (static_cast<std::size_t>(k) >= static_cast<std::size_t>(first) && offset < kUpstreamCount) return static_cast<Upstream>(offset);
  }
  return std::nullopt;
}

/// A KPI's label in a terminal table: its key, or for a *_by_cause KPI its cause, indented
/// under its total.
inline std::string table_label(Kpi k) {
  const std::optional<Upstream> cause = upstream_of_kpi(k);
  return cause ? "  " + std::string(upstream_name(*cause)) : std::string(info(k).key);
}

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
  units_sent, units_received, receiving_wait_days_mean, stockout_events, stockout_sku_days, lost_units, orders,
  late_or_lost_orders, defect_rate, count_
};
inline constexpr std::size_t kSellerKpiCount = static_cast<std::size_t>(SellerKpi::count_);

inline constexpr std::array<KpiInfo, kSellerKpiCount> kSellerKpis{{
    {"units_sent", 0}, {"units_received", 0}, {"receiving_wait_days_mean", -1}, {"stockout_events", -1},
    {"stockout_sku_days", -1}, {"lost_units", -1}, {"orders", 0}, {"late_or_lost_orders", -1}, {"defect_rate", -1},
}};

constexpr const KpiInfo& info(SellerKpi k) { return kSellerKpis[static_cast<std::size_t>(k)]; }

/// One seller's KPI values in one replication; nullopt where undefined.
using SellerKpiValues = std::array<std::optional<double>, kSellerKpiCount>;

/// The supplier KPIs of SPEC §7 (summary.json "suppliers"), over the SKUs each supplier
/// sources, in the order of kSupplierKpis.
enum class SupplierKpi : std::size_t {
  stockout_events, stockout_sku_days, lost_units, missed_pickups, missed_dock_closed, missed_not_ready,
  missed_duty_limit, units_left_behind, units_received, count_
};
inline constexpr std::size_t kSupplierKpiCount = static_cast<std::size_t>(SupplierKpi::count_);

inline constexpr std::array<KpiInfo, kSupplierKpiCount> kSupplierKpis{{
    {"stockout_events", -1}, {"stockout_sku_days", -1}, {"lost_units", -1}, {"missed_pickups", -1},
    {"missed_pickups.dock_closed", -1}, {"missed_pickups.not_ready", -1}, {"missed_pickups.duty_limit", -1},
    {"units_left_behind", -1}, {"units_received", 0},
}};

/// One supplier's KPI values in one replication.
using SupplierKpiValues = std::array<std::optional<double>, kSupplierKpiCount>;

}  // namespace milkrun
