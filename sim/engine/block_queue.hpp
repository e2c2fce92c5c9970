// Records numbered in the order they are added, in fixed blocks that never move, so nothing is
// ever copied to grow: the lines of the shipments on their way in, and the stockout tallies.
// The oldest records can be let go of once done with (the shipments' lines are): a block is
// then reused once every record in it is, so a long run holds only the records alive at once
// and a block's pages are cleared by the kernel only once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace milkrun::engine {

template <class T, std::size_t kBlock = 32768>
class BlockQueue {
 public:
  /// Adds `v`; returns its number (0, 1, 2, ... for the queue's whole life).
  std::uint64_t push_back(const T& v) {
    if (size_ == base_ + blocks_.size() * kBlock) {
      if (spare_.empty()) {
        blocks_.push_back(std::make_unique<T[]>(kBlock));
      } else {
        blocks_.push_back(std::move(spare_.back()));
        spare_.pop_back();
      }
    }
    at(size_) = v;
    return size_++;
  }
  /// Record `i`, not yet let go of.
  T& operator[](std::uint64_t i) { return at(i); }
  const T& operator[](std::uint64_t i) const { return at(i); }
  /// Records added so far.
  std::uint64_t size() const { return size_; }
  /// Records before `i` will not be asked for again: their blocks are kept for reuse.
  void release_before(std::uint64_t i) {
    while (!blocks_.empty() && base_ + kBlock <= i && base_ + kBlock <= size_) {
      spare_.push_back(std::move(blocks_.front()));
      blocks_.erase(blocks_.begin());
      base_ += kBlock;
    }
  }

 private:
  T& at(std::uint64_t i) const {
    const std::uint64_t j = i - base_;
    return blocks_[j / kBlock][j % kBlock];
  }

  std::vector<std::unique_ptr<T[]>> blocks_;  ///< the first holds records base_ .. base_ + kBlock - 1
  std::vector<std::unique_ptr<T[]>> spare_;
  std::uint64_t base_ = 0, size_ = 0;
};

}  // namespace milkrun::engine
