// Work over a million SKUs split over the machine's cores while a scenario loads. Each part
// writes only its own elements, so what is built is the same whatever the number of parts.
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

}  // namespace milkrun
