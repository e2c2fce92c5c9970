// Work over a million SKUs split over the machine's cores while a scenario loads, and the
// first touch of a replication's per-pair arrays (reserve_in_parts). Each part writes only its
// own elements, so what is built is the same whatever the number of parts.
#pragma once
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace milkrun {

/// The threads a load splits its work over: the machine's cores.
inline std::size_t load_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

/// Calls `work(begin, end)` on consecutive parts of [0, n) that together cover it, at once
/// on up to load_threads() threads, each part at least `grain` long (one part when n is
/// smaller); returns when every part is done, rethrowing the first part's exception.
template <class Work>
void in_parts(std::size_t n, std::size_t grain, const Work& work) {
  const std::size_t parts = std::clamp<std::size_t>(n / std::max<std::size_t>(grain, 1), 1, load_threads());
  std::vector<std::exception_ptr> failed(parts);
  const auto part = [&](std::size_t p) {
    try {
      work(n * p / parts, n * (p + 1) / parts);
    } catch (...) {
      failed[p] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (std::size_t p = 1; p < parts; ++p) helpers.emplace_back(part, p);
    part(0);
  }  // joined
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
}

/// v.reserve(n), the new storage's memory first touched on up to load_threads() threads.
/// Memory a process touches for the first time costs the kernel a page fault and, on a
/// virtual machine, the host a fault of its own: about 1.3 s a gigabyte on one core of the
/// 2-core build machine, 1.6-2x less on both. A million-SKU network's model and pair state are
/// arrays of hundreds of megabytes, each written once in order right after it is made, so
/// their pages are better touched on every core first. Nothing else changes: v's elements
/// and size are the same, the storage past them is still raw.
template <class T>
void reserve_in_parts(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  constexpr std::size_t kPage = 4096;
  const std::size_t pages = (v.capacity() - v.size()) * sizeof(T) / kPage;
  volatile char* const storage = reinterpret_cast<char*>(v.data() + v.size());
  in_parts(pages, 1024, [&](std::size_t begin, std::size_t end) {  // parts of 4 MB and more
    for (std::size_t page = begin; page < end; ++page) storage[page * kPage] = 0;
  });
}

/// v.resize(n) after reserve_in_parts: the new elements are made in memory already touched.
template <class T>
void resize_in_parts(std::vector<T>& v, std::size_t n) {
  reserve_in_parts(v, n);
  v.resize(n);
}

}  // namespace milkrun
