// The event queue of a replication: small PODs in a heap, in the order of R33.
#pragma once
#include <milkrun/model/model.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <vector>

namespace milkrun::engine {

/// An instant later than anything a replication schedules.
inline constexpr SimTime kNever = std::numeric_limits<SimTime>::max() / 4;

/// R33 rank of an event kind at one second: stock first, then reviews and purchase orders,
/// then departures; order arrivals (not in the heap) come last. Shift changes and service
/// ends are computed, not scheduled.
enum class Rank : std::uint8_t { stock = 0, review = 1, departure = 4 };

enum class EventType : std::uint8_t {
  shipment_arrives,  ///< id: shipment
  stock_free,        ///< id: shipment
  vendor_review,     ///< id: supplier
  run_review,        ///< id: milk run; the run it orders for departs po_lead later
  run_departs,       ///< id: milk run
  seller_review,     ///< id: seller
  expedite_arrives,  ///< id: job slot (R43)
};

struct Event {
  SimTime t;
  Rank kind;
  EventType type;
  std::uint32_t id;
  std::uint64_t seq;  ///< creation order
  friend bool operator>(const Event& a, const Event& b) {
    if (a.t != b.t) return a.t > b.t;
    if (a.kind != b.kind) return a.kind > b.kind;
    return a.seq > b.seq;
  }
};

/// Scheduled events, earliest first; ties by rank, then creation order.
class EventQueue {
 public:
  void schedule(SimTime t, Rank kind, EventType type, std::uint32_t id) { heap_.push({t, kind, type, id, seq_++}); }
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.top(); }
  void pop() { heap_.pop(); }

 private:
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  std::uint64_t seq_ = 0;
};

/// The first instant at or after `t` that falls on `when` (a clock time on some weekdays).
SimTime next_weekly(const Model& m, const WeeklyTime& when, SimTime t);

/// Whether `t` is inside the measurement window [warm-up, horizon).
inline bool in_window(const Model& m, SimTime t) { return t >= m.warmup && t < m.horizon; }

/// Seconds of [a, b) inside the measurement window.
inline std::int64_t window_overlap(const Model& m, SimTime a, SimTime b) {
  return std::max<SimTime>(0, std::min(b, m.horizon) - std::max(a, m.warmup));
}

}  // namespace milkrun::engine
