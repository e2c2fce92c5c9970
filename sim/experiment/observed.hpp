// Replications that tell a ProgressObserver how far they are, for every experiment alike.
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/experiment/progress.hpp>
#include <milkrun/model/model.hpp>

namespace milkrun {

/// simulate(), telling `progress` (when not null) the replication's date once a simulated
/// day and its end; `id` names it among the replications running at the same time.
/// `orders`, when given, takes the measured orders as they become final.
ReplicationResult simulate_observed(const Model& model, int replication, std::uint64_t seed, bool record_orders,
                                    ProgressObserver* progress, int id, OrderSink* orders = nullptr);

/// Tells `progress` (when not null) of the items among `count` that this rank will run
/// (item i runs on rank i % size, as distribute() spreads them).
void plan_items(ProgressObserver* progress, int count);

}  // namespace milkrun
