// Results as bytes, to send them between MPI ranks. The ranks run the same binary on
// machines of one architecture, so trivially copyable parts travel as raw bytes.
#pragma once
#include <milkrun/engine/replication.hpp>
#include <milkrun/experiment/experiment.hpp>

#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace milkrun::codec {

/// Reads back, in order, what the put() calls appended.
class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  void read(void* out, std::size_t n) {
    if (pos_ + n > bytes_.size()) throw std::runtime_error("truncated results from another rank");
    std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  const std::string& bytes_;
  std::size_t pos_ = 0;
};

template <class T>
  requires std::is_trivially_copyable_v<T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
  requires std::is_trivially_copyable_v<T>
void get(Reader& in, T& v) {
  in.read(&v, sizeof v);
}

// Declared before the vector templates so that vectors of them find them.
void put(std::string& out, const ReplicationKpis& r);
void get(Reader& in, ReplicationKpis& r);
void put(std::string& out, const OrderRecord& r);
void get(Reader& in, OrderRecord& r);

template <class T>
void put(std::string& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  for (const T& x : v) put(out, x);
}
template <class T>
void get(Reader& in, std::vector<T>& v) {
  std::uint64_t n = 0;
  get(in, n);
  v.resize(static_cast<std::size_t>(n));
  for (T& x : v) get(in, x);
}

inline void put(std::string& out, const OrderRecord& r) {
  put(out, static_cast<const OrderFacts&>(r));
  put(out, r.lines);
  put(out, r.shipments);
}
inline void get(Reader& in, OrderRecord& r) {
  get(in, static_cast<OrderFacts&>(r));
  get(in, r.lines);
  get(in, r.shipments);
}

inline void put(std::string& out, const ReplicationResult& r) {
  put(out, r.network);
  put(out, r.warehouses);
  put(out, r.daily);
  put(out, r.pairs);
  put(out, r.pair_causes);
  put(out, r.orders);
  put(out, r.trips);
  put(out, r.sellers);
  put(out, r.suppliers);
  put(out, r.balance);
  put(out, r.arrivals);
  put(out, r.events);
}
inline void get(Reader& in, ReplicationResult& r) {
  get(in, r.network);
  get(in, r.warehouses);
  get(in, r.daily);
  get(in, r.pairs);
  get(in, r.pair_causes);
  get(in, r.orders);
  get(in, r.trips);
  get(in, r.sellers);
  get(in, r.suppliers);
  get(in, r.balance);
  get(in, r.arrivals);
  get(in, r.events);
}

inline void put(std::string& out, const ReplicationKpis& r) {
  put(out, r.network);
  put(out, r.warehouses);
  put(out, r.daily);
}
inline void get(Reader& in, ReplicationKpis& r) {
  get(in, r.network);
  get(in, r.warehouses);
  get(in, r.daily);
}

}  // namespace milkrun::codec
