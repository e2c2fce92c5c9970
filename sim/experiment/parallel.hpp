// Spreading independent work items over threads and, under mpirun, over MPI ranks.
// Results come back in item order, so outputs do not depend on -j or on the rank count.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace milkrun {

/// This process's place among the processes of the run (rank 0 of 1 without MPI).
struct World {
  int rank = 0;
  int size = 1;
};

/// Whether this binary was built with MPI support.
bool built_with_mpi();

/// The processes of the run: starts MPI on first use when the binary has it and was
/// started by mpirun (or srun); otherwise a single process. MPI is finalized at exit.
World world();

/// Ends every rank with `code` when this process fails on its own (an internal error):
/// the other ranks would otherwise wait for its results forever. No-op in one process.
void abort_world(int code);

/// Only rank 0 prints results and writes files.
inline bool is_output_rank() { return world().rank == 0; }

/// Calls `work(item)` for every item in `items` on `threads` threads (items taken in
/// order, as threads free up); `work` must be safe to call concurrently. Rethrows the
/// first exception after every thread has stopped.
void run_on_threads(const std::vector<int>& items, int threads, const std::function<void(int)>& work);

/// Every rank's `mine`, indexed by rank, on every rank (MPI_Allgatherv; `{mine}` alone
/// without MPI).
std::vector<std::string> all_gather(const std::string& mine);

/// Moves the bytes of every item in [0, count) that another rank made (item i is on rank
/// i % size, as distribute() spreads them) to rank 0, piece by piece so that no rank holds
/// them whole: the owner's `read(i, send)` calls `send` with each piece in order, and rank 0's
/// `write(i, piece)` takes them, items in order. Nothing to do in one process.
void gather_to_root(int count, const std::function<void(int, const std::function<void(std::string_view)>&)>& read,
                    const std::function<void(int, std::string_view)>& write);

}  // namespace milkrun
