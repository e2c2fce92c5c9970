// What a long experiment tells a progress display while it runs: replications planned and
// finished, and how far in simulated time each running one has got.
#pragma once
#include <milkrun/types.hpp>

namespace milkrun {

/// Hears an experiment's progress. Replications run on worker threads, several at once, so
/// every call may come from any thread concurrently: implementations must be thread-safe.
/// Under mpirun each rank hears only the replications it runs itself.
class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  /// `count` more replications are about to run in this process.
  virtual void planned(int count) = 0;
  /// Running replication `id` (unique among those running) reached `today`, `share` of the
  /// way through its horizon (0 to 1); called once per simulated day.
  virtual void reached(int id, Date today, double share) = 0;
  /// Replication `id` has finished.
  virtual void finished(int id) = 0;
};

}  // namespace milkrun
