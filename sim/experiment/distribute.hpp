// Work items spread over threads and MPI ranks, results gathered in item order.
#pragma once
#include "experiment/parallel.hpp"

#include "experiment/result_codec.hpp"

#include <functional>
#include <vector>

namespace milkrun {

/// Results of `task(i)` for i in [0, count), in item order, on every rank. Item i runs on
/// rank i % size (so every rank gets a share of every scenario or variant), on `threads`
/// threads within the rank. T must be encodable by codec::put/get.
template <class T>
std::vector<T> distribute(int count, int threads, const std::function<T(int)>& task) {
  const World w = world();
  std::vector<int> mine;
  for (int i = w.rank; i < count; i += w.size) mine.push_back(i);
  std::vector<T> results(static_cast<std::size_t>(count));
  run_on_threads(mine, threads, [&](int i) { results[static_cast<std::size_t>(i)] = task(i); });
  if (w.size == 1) return results;
  std::string bytes;
  for (int i : mine) codec::put(bytes, results[static_cast<std::size_t>(i)]);
  const std::vector<std::string> all = all_gather(bytes);
  for (int r = 0; r < w.size; ++r) {
    if (r == w.rank) continue;
    codec::Reader in(all[static_cast<std::size_t>(r)]);
    for (int i = r; i < count; i += w.size) codec::get(in, results[static_cast<std::size_t>(i)]);
  }
  return results;
}

}  // namespace milkrun
