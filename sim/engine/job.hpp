// An order the engine holds: reserved and waiting for pick/pack, or waiting for stock as
// a backorder. Kept in reusable slots so that no order allocates. An order with several
// lines (SPEC R40) keeps its first line in the job and the others chained in the slots'
// line pool.
#pragma once
#include <milkrun/kpi.hpp>
#include <milkrun/types.hpp>

#include <cstdint>
#include <limits>
#include <vector>

namespace milkrun::engine {

inline constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

/// A line of a job in a pair's backorder list: a job slot names the job's first line;
/// kExtraLine + i names line i of the pool.
using LineRef = std::uint32_t;
inline constexpr LineRef kExtraLine = 1u << 31;

/// One line of a job: units of one SKU at the job's warehouse (R40).
struct JobLine {
  SkuId sku = 0;
  PairId pair = 0;
  Units units = 0, missing = 0;
  Units held_in_window = 0;        ///< units held from an instant before the horizon
  std::int64_t held_weighted = 0;  ///< Σ units × max(hold instant, warm-up)
  LineRef next_backorder = kNoSlot;  ///< the next line waiting for the same pair, or kNoSlot
};

struct Job {
  std::uint64_t order = 0;
  SimTime arrival = 0, join = 0, promised_ship = 0;
  DayIndex promised_day = 0;
  Units units = 0, missing = 0;  ///< over all its lines
  ZoneId zone = 0;
  WarehouseId warehouse = 0;
  JobLine line;                  ///< its first line
  std::uint32_t more = kNoSlot;  ///< its other lines in the pool, chained, or kNoSlot
  std::uint32_t lines = 1;
  std::uint32_t group = kNoSlot;  ///< R41: the split order this shipment belongs to, or kNoSlot
  std::uint32_t shipment = 0;     ///< R41: its index among the order's shipments
  std::int32_t record = -1;  ///< index in the order records, -1 = not recorded
  bool measured = false, prime = false, backorder = false;
  bool expedited = false;  ///< R43: it waits for, or got, units bought for it
  Upstream upstream = Upstream::none;  ///< R37: lost orders and backorders
};

/// Slots of the jobs in the engine; a released slot is reused by the next order. Lines past
/// a job's first live in a pool of their own, reused the same way.
class JobSlots {
 public:
  /// Keeps `job` with `lines` as its lines (the first is the job's own; `job.line` is set).
  std::uint32_t add(const Job& job, const JobLine* lines, std::size_t count) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(jobs_.size());
      jobs_.push_back(job);
    } else {
      slot = free_.back();
      free_.pop_back();
      jobs_[slot] = job;
    }
    Job& kept = jobs_[slot];
    kept.line = lines[0];
    kept.lines = static_cast<std::uint32_t>(count);
    kept.more = kNoSlot;
    for (std::size_t i = count; i-- > 1;) {  // chained from the back, so they read in order
      const std::uint32_t e = new_extra();
      extra_[e] = {lines[i], slot, jobs_[slot].more};
      jobs_[slot].more = e;
    }
    return slot;
  }
  void release(std::uint32_t slot) {
    for (std::uint32_t e = jobs_[slot].more; e != kNoSlot; e = extra_[e].next) free_extra_.push_back(e);
    free_.push_back(slot);
  }
  Job& operator[](std::uint32_t slot) { return jobs_[slot]; }
  const Job& operator[](std::uint32_t slot) const { return jobs_[slot]; }

  /// The line `ref` names, and the slot of its job.
  JobLine& line(LineRef ref) { return ref < kExtraLine ? jobs_[ref].line : extra_[ref - kExtraLine].line; }
  std::uint32_t job_of(LineRef ref) const { return ref < kExtraLine ? ref : extra_[ref - kExtraLine].job; }

  /// Calls `visit(JobLine&, LineRef)` for each line of the job in `slot`, in line order.
  template <class Visit>
  void for_each_line(std::uint32_t slot, Visit&& visit) {
    visit(jobs_[slot].line, LineRef{slot});
    for (std::uint32_t e = jobs_[slot].more; e != kNoSlot; e = extra_[e].next) visit(extra_[e].line, kExtraLine + e);
  }
  /// The same for a job by reference (one in a slot).
  template <class Visit>
  void for_each_line(const Job& job, Visit&& visit) const {
    visit(job.line);
    for (std::uint32_t e = job.more; e != kNoSlot; e = extra_[e].next) visit(extra_[e].line);
  }

 private:
  struct ExtraLine {
    JobLine line;
    std::uint32_t job = kNoSlot;   ///< the slot of its job
    std::uint32_t next = kNoSlot;  ///< the job's next line, or kNoSlot
  };
  std::uint32_t new_extra() {
    if (free_extra_.empty()) {
      extra_.emplace_back();
      return static_cast<std::uint32_t>(extra_.size() - 1);
    }
    const std::uint32_t e = free_extra_.back();
    free_extra_.pop_back();
    return e;
  }

  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_;
  std::vector<ExtraLine> extra_;
  std::vector<std::uint32_t> free_extra_;
};

}  // namespace milkrun::engine
