// The tracer of `milkrun trace` (SPEC §7): the components tell it what happens to the order
// and the pair it follows, and it keeps the facts as TraceResult. A normal run has none, and
// each hook costs the components one test of a null pointer.
#pragma once
#include <milkrun/engine/trace.hpp>

#include "engine/carrier.hpp"
#include "engine/job.hpp"

#include <optional>
#include <string>
#include <vector>

namespace milkrun::engine {

struct PairState;

/// Seconds as days with two decimals, e.g. "4.25 d".
std::string days_text(double seconds);
/// "1 unit", "3 units".
std::string units_text(Units n);
/// A wait as "2 h 05 min".
std::string wait_text(Seconds s);

/// The closed spans of `hours` inside [from, to): the pauses of work that runs from `from`.
std::vector<std::pair<SimTime, SimTime>> pauses_between(const OpenHours& hours, SimTime from, SimTime to);

class Tracer {
 public:
  Tracer(const Model& model, const TraceRequest& request, int replication);

  bool follows_order(std::uint64_t k) const { return request_.order && *request_.order == k; }
  bool follows_pair(PairId p) const { return request_.pair && *request_.pair == p; }

  /// The followed order arrives and sees the free stock of `pairs` (before it reserves anything).
  void order_arrives(const Job& job, const std::vector<JobLine>& lines, const std::vector<PairState>& pairs);
  /// Where it went: reserved at `chosen`, lost or backordered (`job` says which), with the
  /// state of its pair after its own reservation (R37).
  /// `p` is the pair the order's upstream cause looks at (R37), `pair` its state.
  void order_decided(const Job& job, std::optional<WarehouseId> chosen, bool lost, PairId p, const PairState& pair);
  /// R41: it was split into `shipments` (line i in shipment `part_of[i]`, -1: lost),
  /// promised for `promised_day`, the latest of theirs.
  void order_split(const Job& job, const std::vector<Job>& shipments, DayIndex promised_day, const std::vector<JobLine>& lines,
                   const std::vector<std::int32_t>& part_of);
  /// R43: no warehouse covered it, and `job.warehouse` expedites it: it reserved what was
  /// free and bought `job.missing` units (at `premium` each) that reach it at `arrive`. `p` is
  /// the pair its upstream cause looks at, `pair` its state.
  void order_expedited(const Job& job, SimTime arrive, double premium, PairId p, const PairState& pair);
  /// R43: the bought units reach the order at `t`.
  void expedite_arrives(const Job& job, SimTime t);
  /// A backorder has all its units at `t`.
  void backorder_filled(const Job& job, SimTime t);
  /// It was picked and packed in [start, packed] with `pauses`, shipped and delivered.
  void order_ships(const Job& job, SimTime start, SimTime packed, std::vector<std::pair<SimTime, SimTime>> pauses,
                   SimTime ship, const DeliveryDay& delivery);
  /// The run gave up on it while it waited for stock.
  void order_undelivered(const Job& job);

  /// Something that happened to pair `p` (kept when it is the followed pair).
  void pair_event(PairId p, SimTime at, std::string event, std::string detail, std::vector<SimTime> instants = {});
  /// Order `order` reserves `units` of pair `p`, whose free stock goes from `free` down.
  void reservation(PairId p, SimTime at, std::uint64_t order, Units units, Units free);
  /// A spell of `p` starts at `t` with its cause and evidence; every pair's open spell is
  /// kept, since the followed order may read any of them (R37).
  void spell_starts(PairId p, SimTime t, Upstream cause, TraceEvent why);
  void spell_ends(PairId p, SimTime t);

  /// Hands over the result; `orders` arrived in the replication.
  TraceResult finish(std::uint64_t orders);

 private:
  void order_event(SimTime at, std::string event, std::string detail, std::vector<SimTime> instants = {});
  /// R37: the open spell of `p` that the followed order's upstream cause names, kept with it.
  void keep_spell(const Job& job, PairId p, const PairState& pair);

  const Model& m_;
  const TraceRequest request_;
  TraceResult result_;
  std::vector<std::optional<TraceSpell>> open_;  ///< by pair: the spell open now
  std::optional<PairId> order_pair_;             ///< the pair of the spell the followed order met
  bool split_ = false;                           ///< the followed order was split (R41)
};

}  // namespace milkrun::engine
