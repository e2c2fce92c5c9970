// The carrier (SPEC §3.6, R14): transit days by distance band and, per order, a possible
// delay in delivery days drawn from the order's own stream.
#pragma once
#include <milkrun/model/model.hpp>
#include "random/rng.hpp"

#include <algorithm>
#include <cmath>

namespace milkrun::engine {

struct DeliveryDay {
  DayIndex day = 0;
  bool delayed = false;  ///< the carrier added delay days
  int delay_days = 0;
};

class Carrier {
 public:
  Carrier(const Model& model, std::uint64_t seed, std::uint64_t replication)
      : m_(model), delay_(seed, replication, Purpose::delay) {}

  /// When shipment `shipment` of order `order`, shipped from `w` at `ship`, reaches zone `z`.
  DeliveryDay deliver(std::uint64_t order, std::uint32_t shipment, WarehouseId w, ZoneId z, SimTime ship) const {
    int delay_days = 0;  // R14: per order, in delivery days; R41: per shipment
    if (m_.delay && m_.delay->p > 0) {
      // An order's first shipment reads the order's stream; the others streams of their own.
      Rng r = delay_.at(order, shipment);
      if (r.uniform() < m_.delay->p) delay_days = std::max(0, static_cast<int>(round_half_away(m_.delay->days.sample(r))));
    }
    return {m_.calendar.nth_delivery_day_after(day_of(ship), m_.transit_days(w, z) + delay_days), delay_days > 0, delay_days};
  }

 private:
  const Model& m_;
  StreamFamily delay_;
};

}  // namespace milkrun::engine
