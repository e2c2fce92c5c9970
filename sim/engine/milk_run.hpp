// Milk runs (SPEC §3A R23, R29): purchase orders placed po_lead before each departure wait
// at their supplier; each departure drives its loops, waits for docks, draws readiness per
// stop visit, loads whole units oldest order first up to the trucks' liters and kg, and
// brings the load back into the warehouse's receiving queue. A departure's whole trip is
// worked out at the departure instant: what a truck can load was ordered po_lead earlier.
// It remembers each missed pickup, and marks what it had no room for, for §7 R35.
// Real trucks (§11): each leg's drive time is multiplied by a travel_time_factor draw (R44);
// a stop the truck could not visit and still be back within max_route_hours is skipped
// (R45); each departure time of a run is a run of its own (R46, made in the model).
#pragma once
#include "engine/events.hpp"
#include "engine/kpi_accounting.hpp"
#include "engine/receiving.hpp"
#include "engine/replenishment.hpp"

#include <deque>
#include <optional>
#include <vector>

namespace milkrun::engine {

/// What one loop's trucks did on a trip (R29, R45, R46).
struct Trip {
  Load carried;
  Km km = 0;  ///< the legs driven: fewer than the loop's when a stop was skipped for the duty limit
  std::int64_t missed = 0, duty_skips = 0;
  SimTime back = 0;
};

/// A stop visit that loaded nothing although an order waited there (§7 per supplier).
struct MissedPickup {
  SimTime depart = 0;
  RunId run = 0;
  Seconds po_lead = 0;  ///< of the run that missed it
  MissReason why = MissReason::not_ready;
};

class MilkRuns {
 public:
  MilkRuns(const Model& model, std::uint64_t seed, int replication, EventQueue& events, Replenishment& replenishment,
           Receiving& receiving, KpiAccounting& kpi);

  /// The first departure and review of every run.
  void start();
  /// R20: one purchase order per (supplier, warehouse) for the departure po_lead later.
  void on_review(RunId r, SimTime t);
  void on_departs(RunId r, SimTime t);

  /// R35: the latest miss at `s` by a run of `w` departing in [`placed` + its po_lead,
  /// `before`), or nullptr.
  const MissedPickup* missed_since(SupplierId s, WarehouseId w, SimTime placed, SimTime before) const;

 private:
  void drive_loop(RunId r, std::size_t loop, SimTime depart);
  /// When the dock of `s` lets a truck arriving at `t` load; none when it is closed that day.
  std::optional<SimTime> dock_open_at(SupplierId s, SimTime t) const;
  /// Whether an order for `w` placed in time for this departure waits at `s`.
  bool order_waiting(SupplierId s, WarehouseId w, SimTime depart, Seconds po_lead) const;
  /// Loads whole units of the waiting orders, oldest first, into `pickups` within `room`;
  /// returns the load taken.
  Load load_purchase_orders(RunId r, SupplierId s, SimTime depart, const Load& room, std::vector<Line>& pickups);
  /// R35, §7: units of line `line` waited at `s` and found no room on run `r`'s truck departing at `depart`.
  void leave_behind(SupplierId s, std::uint32_t line, SimTime depart, RunId r);
  /// Drops the fully loaded orders from the front of a supplier's queue.
  void drop_loaded(std::deque<std::uint32_t>& queue) const;
  /// A visit to `s` that loaded nothing though an order placed in time waited.
  void miss(RunId r, SupplierId s, SimTime depart, MissReason why);
  /// R29: the counters and records of a loop's trucks departing in the window.
  void count_trips(RunId r, std::size_t loop, SimTime depart, const Trip& trip);

  const Model& m_;
  const std::uint64_t seed_;
  const int replication_;
  EventQueue& events_;
  Replenishment& replenishment_;
  Receiving& receiving_;
  KpiAccounting& kpi_;
  std::vector<std::vector<MissedPickup>> misses_;  ///< [supplier * W + warehouse], oldest first
};

}  // namespace milkrun::engine
