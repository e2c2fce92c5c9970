#include "experiment/observed.hpp"

#include "experiment/parallel.hpp"

#include <algorithm>

namespace milkrun {

ReplicationResult simulate_observed(const Model& model, int replication, std::uint64_t seed, bool record_orders,
                                    ProgressObserver* progress, int id, OrderSink* orders) {
  const auto run = [&](const ClockReport& clock) {
    return orders ? simulate(model, replication, seed, *orders, clock) : simulate(model, replication, seed, record_orders, clock);
  };
  if (progress == nullptr) return run({});
  const double horizon = static_cast<double>(std::max<SimTime>(model.horizon, 1));
  const ClockReport clock = [&](SimTime t) {
    // After the horizon a replication only drains its backorders: counted as done.
    progress->reached(id, model.start + static_cast<Date>(day_of(t)), std::min(static_cast<double>(t) / horizon, 1.0));
  };
  ReplicationResult result = run(clock);
  progress->finished(id);
  return result;
}

void plan_items(ProgressObserver* progress, int count) {
  if (progress == nullptr) return;
  const World w = world();
  const int mine = count > w.rank ? (count - w.rank + w.size - 1) / w.size : 0;
  progress->planned(mine);
}

}  // namespace milkrun
