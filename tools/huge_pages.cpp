// Memory in 2 MB pages. A million-SKU network keeps its model and its pairs' state in arrays
// of hundreds of megabytes that every order reads at random; with 4 kB pages nearly every such
// read also misses the TLB (on a virtual machine, a walk of two page tables), and every 4 kB
// touched for the first time is a page fault of its own. Debian's kernel gives transparent
// huge pages only to memory that asks for them (transparent_hugepage=madvise), so milkrun's
// own `operator new` asks:
// - a block of 2 MB and more comes whole in 2 MB pages, aligned to one and rounded up to one;
// - the heap that malloc grows for every smaller block (per-pair lists, queues, nodes: tens of
//   megabytes at a million SKUs) is asked for in 2 MB pages each time it has grown, and grows
//   32 MB at a time so that the new ground is still untouched when it is asked for.
// This is what glibc's own `glibc.malloc.hugetlb=1` does, which only an environment variable
// can set. The memory still comes from malloc and goes back with free (the default
// `operator delete`); nothing else changes, and the advice is only advice: where the kernel
// has no huge page to give, the memory keeps small pages. On the 2-core build machine,
// amazon-peak-day.json: the blocks of 4 MB and more alone, 22.7 s instead of 25.5 s (means of
// a few noisy runs); then whole 2 MB blocks and the heap, 0.90x of that (farm-bench, 4
// interleaved pairs), with 1.40 GB of its 1.41 in huge pages instead of 1.30.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
constexpr int kHeapStep = 32 << 20;

std::uintptr_t down(std::uintptr_t at) { return at & ~(kHugePage - 1); }
std::uintptr_t up(std::uintptr_t at) { return down(at + kHugePage - 1); }

/// Where the heap ended when last looked at: what lies before it was asked for (or was there
/// at the first look). 0 before the first look.
std::atomic<std::uintptr_t> advised_heap{0};

/// The heap grows kHeapStep at a time, and every block under 2 MB comes from it. Setting
/// either fixes malloc's thresholds (glibc otherwise raises its mmap threshold as large blocks
/// are freed); this one says where a block goes: under 2 MB into the heap's huge pages, from
/// 2 MB on into huge pages of its own (allocate).
/// One arena for every thread, too: with an arena per thread (glibc's default), a second
/// replication's blocks under 2 MB (stockout tallies, shipment lines, purchase-order records:
/// hundreds of megabytes over a season, read at random) went to arena heaps of their own in
/// 4 kB pages, and amazon-peak-season -r 2 -j 2 took 130 s where two separate runs at once take
/// 87 s; with one arena, 85 s. The engine allocates next to nothing per order or event, so the
/// threads hardly ever wait for the arena's lock.
const bool heap_steps = mallopt(M_TOP_PAD, kHeapStep) == 1 && mallopt(M_MMAP_THRESHOLD, kHugePage) == 1 &&
                        mallopt(M_ARENA_MAX, 1) == 1;

/// Asks for the heap's ground past where it ended when last looked at, in whole 2 MB pages.
/// The first look only notes the end (what is in the heap already stays as it is); a heap that
/// gave memory back is asked again for what it grows past its new end.
void advise_heap() {
  const auto top = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::uintptr_t from = advised_heap.load(std::memory_order_relaxed);
  if (top == from || !advised_heap.compare_exchange_strong(from, top, std::memory_order_relaxed)) return;
  if (from != 0 && down(top) > up(from)) madvise(reinterpret_cast<void*>(up(from)), down(top) - up(from), MADV_HUGEPAGE);
}

/// `bytes` aligned to `alignment` (at most 2 MB), from malloc's heap or, from 2 MB on, in
/// 2 MB pages of their own. Freed by free(), as the default operator delete does.
void* allocate(std::size_t bytes, std::size_t alignment = 0) {
  if (bytes >= kHugePage) {
    const std::size_t rounded = up(bytes);
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);
    return p;
  }
  if (bytes == 0) bytes = 1;
  void* p = alignment == 0 ? std::malloc(bytes) : std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment);
  if (p == nullptr) throw std::bad_alloc();
  if (heap_steps) advise_heap();
  return p;
}

}  // namespace

void* operator new(std::size_t bytes) { return allocate(bytes); }
void* operator new[](std::size_t bytes) { return allocate(bytes); }
// Over-aligned types (the engine's pair state is aligned to a cache line): the same memory.
// libstdc++'s aligned operator delete frees with free(), which takes either.
void* operator new(std::size_t bytes, std::align_val_t alignment) { return allocate(bytes, static_cast<std::size_t>(alignment)); }
void* operator new[](std::size_t bytes, std::align_val_t alignment) { return allocate(bytes, static_cast<std::size_t>(alignment)); }
