#include "experiment/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <thread>

#ifdef MILKRUN_WITH_MPI
#include <mpi.h>
#include <limits>
#include <stdexcept>
#endif

namespace milkrun {

#ifdef MILKRUN_WITH_MPI
namespace {

/// A launcher (OpenMPI's mpirun, a PMI-based srun or mpiexec) started this process.
bool started_by_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

/// MPI for the whole process: initialized once, finalized when the program exits.
class MpiSession {
 public:
  MpiSession() {
    if (!started_by_launcher()) return;
    // The ranks exchange only replication results, a few MB: OpenMPI's ob1 layer (shared
    // memory on one machine, TCP between machines) carries that anywhere, and choosing it
    // spares the probing of high-speed fabrics that MPI_Init does otherwise (0.55 -> 0.3 s
    // for `mpirun -np 2` here). A user's own OMPI_MCA_pml is kept.
    setenv("OMPI_MCA_pml", "ob1", 0);
    int provided = 0;
    // Only the main thread calls MPI; worker threads just simulate.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    active_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_.size);
  }
  ~MpiSession() {
    if (active_) MPI_Finalize();
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  World world() const { return world_; }

 private:
  bool active_ = false;
  World world_;
};

MpiSession& session() {
  static MpiSession s;
  return s;
}

}  // namespace

bool built_with_mpi() { return true; }
World world() { return session().world(); }

void abort_world(int code) {
  if (world().size > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

std::vector<std::string> all_gather(const std::string& mine) {
  const World w = world();
  if (w.size == 1) return {mine};
  const int my_size = static_cast<int>(mine.size());
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("a rank's results exceed 2 GiB; use more ranks or fewer recorded orders");
  std::vector<int> sizes(static_cast<std::size_t>(w.size)), offsets(static_cast<std::size_t>(w.size));
  MPI_Allgather(&my_size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  long long total = 0;
  for (int r = 0; r < w.size; ++r) {
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += sizes[static_cast<std::size_t>(r)];
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Allgatherv(mine.data(), my_size, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (int r = 0; r < w.size; ++r)
    out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                             static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
  return out;
}

void gather_to_root(int count, const std::function<void(int, const std::function<void(std::string_view)>&)>& read,
                    const std::function<void(int, std::string_view)>& write) {
  const World w = world();
  if (w.size == 1) return;
  constexpr int kTag = 7101;  // point-to-point, apart from the collectives
  constexpr std::size_t kPiece = 1 << 24;
  if (w.rank == 0) {
    std::string piece;
    for (int i = 0; i < count; ++i) {
      const int owner = i % w.size;
      if (owner == 0) continue;
      for (;;) {  // pieces of item i, an empty message at its end
        MPI_Status status;
        MPI_Probe(owner, kTag, MPI_COMM_WORLD, &status);
        int size = 0;
        MPI_Get_count(&status, MPI_BYTE, &size);
        piece.resize(static_cast<std::size_t>(size));
        MPI_Recv(piece.data(), size, MPI_BYTE, owner, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (size == 0) break;
        write(i, piece);
      }
    }
    return;
  }
  const auto send = [&](std::string_view bytes) {
    while (!bytes.empty()) {
      const std::size_t n = std::min(bytes.size(), kPiece);
      MPI_Send(bytes.data(), static_cast<int>(n), MPI_BYTE, 0, kTag, MPI_COMM_WORLD);
      bytes.remove_prefix(n);
    }
  };
  for (int i = w.rank; i < count; i += w.size) {
    read(i, send);
    MPI_Send(nullptr, 0, MPI_BYTE, 0, kTag, MPI_COMM_WORLD);
  }
}

#else

bool built_with_mpi() { return false; }
void gather_to_root(int, const std::function<void(int, const std::function<void(std::string_view)>&)>&,
                    const std::function<void(int, std::string_view)>&) {}
World world() { return World{}; }
void abort_world(int) {}
std::vector<std::string> all_gather(const std::string& mine) { return {mine}; }

#endif

void run_on_threads(const std::vector<int>& items, int threads, const std::function<void(int)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  auto loop = [&] {
    for (std::size_t i = next++; i < items.size() && !failed; i = next++) {
      try {
        work(items[i]);
      } catch (...) {
        if (!failed.exchange(true)) failure = std::current_exception();
      }
    }
  };
  const int n = std::clamp(threads, 1, std::max(static_cast<int>(items.size()), 1));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(loop);
  loop();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace milkrun
