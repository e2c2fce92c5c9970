// An order the engine holds: reserved and waiting for pick/pack, or waiting for stock as
// a backorder. Kept in reusable slots so that no order allocates.
#pragma once
#include <milkrun/kpi.hpp>
#include <milkrun/types.hpp>

#include <cstdint>
#include <limits>
#include <vector>

namespace milkrun::engine {

inline constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

struct Job {
  std::uint64_t order = 0;
  SimTime arrival = 0, join = 0, promised_ship = 0;
  DayIndex promised_day = 0;
  Units units = 0, missing = 0;
  ZoneId zone = 0;
  SkuId sku = 0;
  WarehouseId warehouse = 0;
  PairId pair = 0;
  std::int32_t record = -1;  ///< index in the order records, -1 = not recorded
  bool measured = false, prime = false, backorder = false;
  Upstream upstream = Upstream::none;  ///< R37: lost orders and backorders
  Units held_in_window = 0;        ///< units held from an instant before the horizon
  std::int64_t held_weighted = 0;  ///< Σ units × max(hold instant, warm-up)
  std::uint32_t next = kNoSlot;    ///< next backorder of the same pair (slot), or kNoSlot
};

/// Slots of the jobs in the engine; a released slot is reused by the next order.
class JobSlots {
 public:
  std::uint32_t add(const Job& job) {
    if (free_.empty()) {
      jobs_.push_back(job);
      return static_cast<std::uint32_t>(jobs_.size() - 1);
    }
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    jobs_[slot] = job;
    return slot;
  }
  void release(std::uint32_t slot) { free_.push_back(slot); }
  Job& operator[](std::uint32_t slot) { return jobs_[slot]; }

 private:
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_;
};

}  // namespace milkrun::engine
