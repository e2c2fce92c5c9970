#include "routes/local_search.hpp"

#include <algorithm>

namespace milkrun::routing {

namespace {

/// Longest string of stops an Or-opt move carries.
constexpr int kMaxOrOptString = 3;

/// Prefix sums of one route over positions 0..L+1 (0 and L+1 the depot), so a segment's
/// load and its km forwards and backwards cost O(1).
struct Prefix {
  std::vector<Load> load;  ///< [k] = load of positions 1..k
  std::vector<Km> forward, backward;  ///< [k] = km along arcs (i, i+1), resp. (i+1, i), i < k
};

class Search {
 public:
  Search(const Instance& in, Solution& solution, int granularity, int min_routes)
      : in_(in), s_(solution), granularity_(granularity), min_routes_(min_routes) {
    route_of_.assign(static_cast<std::size_t>(in.stops() + 1), -1);
    pos_of_.assign(route_of_.size(), 0);
    reindex_all();
  }

  void run() {
    bool improved = true;
    while (improved) {
      improved = false;
      for (int u = 1; u <= in_.stops(); ++u) {
        if (route_of(u) >= 0 && improve(u)) improved = true;
      }
    }
  }

 private:
  const Instance& in_;
  Solution& s_;
  int granularity_;
  int min_routes_;
  std::vector<int> route_of_, pos_of_;
  std::vector<Prefix> prefix_;
  std::vector<int> first_, second_;  ///< candidate routes

  int route_of(int s) const { return route_of_[static_cast<std::size_t>(s)]; }
  int pos_of(int s) const { return pos_of_[static_cast<std::size_t>(s)]; }
  Route& route(int r) { return s_.routes[static_cast<std::size_t>(r)]; }
  const Prefix& prefix(int r) const { return prefix_[static_cast<std::size_t>(r)]; }

  bool improve(int u) {
    const auto& near = in_.neighbours(u);
    const int k = std::min<int>(granularity_, static_cast<int>(near.size()));
    for (int i = 0; i < k; ++i) {
      const int v = near[static_cast<std::size_t>(i)];
      if (route_of(v) < 0) continue;
      if (or_opt(u, v) || swap(u, v) || two_opt(u, v) || two_opt_star(u, v) || two_opt_star(v, u)) return true;
    }
    return false;
  }

  // Or-opt: the string of `len` stops starting at u goes right after v, or right before v.
  bool or_opt(int u, int v) {
    for (int len = 1; len <= kMaxOrOptString; ++len) {
      if (move_string(u, len, v, true) || move_string(u, len, v, false)) return true;
    }
    return false;
  }

  bool move_string(int u, int len, int v, bool after_v) {
    const int r1 = route_of(u), r2 = route_of(v), a = pos_of(u), z = a + len - 1;
    Route& from = route(r1);
    if (z > from.size()) return false;
    if (r1 == r2) return move_string_within(r1, a, len, pos_of(v), after_v);
    Route& to = route(r2);
    const int gap = after_v ? pos_of(v) : pos_of(v) - 1;  // the string goes between gap and gap + 1
    const int head = from.node(a), tail = from.node(z);
    const Km delta = in_.km(from.node(a - 1), from.node(z + 1)) - in_.km(from.node(a - 1), head) -
                     in_.km(tail, from.node(z + 1)) + in_.km(to.node(gap), head) + in_.km(tail, to.node(gap + 1)) -
                     in_.km(to.node(gap), to.node(gap + 1));
    if (!(delta < -kKmEps)) return false;  // also rejects NaN from roadless legs
    const Prefix& p = prefix(r1);
    const auto sa = static_cast<std::size_t>(a - 1), sz = static_cast<std::size_t>(z);
    if (!in_.fits(to.load + p.load[sz] - p.load[sa])) return false;
    first_.assign(from.stops.begin(), from.stops.begin() + a - 1);
    first_.insert(first_.end(), from.stops.begin() + z, from.stops.end());
    second_.assign(to.stops.begin(), to.stops.begin() + gap);
    second_.insert(second_.end(), from.stops.begin() + a - 1, from.stops.begin() + z);
    second_.insert(second_.end(), to.stops.begin() + gap, to.stops.end());
    return commit(r1, r2);
  }

  bool move_string_within(int r, int a, int len, int b, bool after_v) {
    const int z = a + len - 1;
    if (b >= a && b <= z) return false;
    const Route& route_r = route(r);
    const auto& stops = route_r.stops;
    first_.clear();
    for (int k = 1; k <= route_r.size(); ++k) {
      if (k >= a && k <= z) continue;
      if (k == b && !after_v) first_.insert(first_.end(), stops.begin() + a - 1, stops.begin() + z);
      first_.push_back(stops[static_cast<std::size_t>(k - 1)]);
      if (k == b && after_v) first_.insert(first_.end(), stops.begin() + a - 1, stops.begin() + z);
    }
    return commit_within(r);
  }

  // Exchange: u takes v's place and v takes u's.
  bool swap(int u, int v) {
    const int r1 = route_of(u), r2 = route_of(v);
    if (r1 == r2) {
      first_ = route(r1).stops;
      std::swap(first_[static_cast<std::size_t>(pos_of(u) - 1)], first_[static_cast<std::size_t>(pos_of(v) - 1)]);
      return commit_within(r1);
    }
    Route &x = route(r1), &y = route(r2);
    const int a = pos_of(u), b = pos_of(v);
    const int xp = x.node(a - 1), xn = x.node(a + 1), yp = y.node(b - 1), yn = y.node(b + 1);
    const Km delta = in_.km(xp, v) + in_.km(v, xn) - in_.km(xp, u) - in_.km(u, xn) + in_.km(yp, u) + in_.km(u, yn) -
                     in_.km(yp, v) - in_.km(v, yn);
    if (!(delta < -kKmEps)) return false;  // also rejects NaN from roadless legs
    if (!in_.fits(x.load - in_.load(u) + in_.load(v))) return false;
    if (!in_.fits(y.load - in_.load(v) + in_.load(u))) return false;
    first_ = x.stops;
    second_ = y.stops;
    first_[static_cast<std::size_t>(a - 1)] = v;
    second_[static_cast<std::size_t>(b - 1)] = u;
    return commit(r1, r2);
  }

  // 2-opt: reverse the stops after the earlier of u, v up to the later, joining u and v.
  bool two_opt(int u, int v) {
    const int r = route_of(u);
    if (route_of(v) != r) return false;
    const int a = std::min(pos_of(u), pos_of(v)), b = std::max(pos_of(u), pos_of(v));
    if (b < a + 2) return false;
    const Route& x = route(r);
    const Prefix& p = prefix(r);
    const auto reversed = p.backward[static_cast<std::size_t>(b)] - p.backward[static_cast<std::size_t>(a + 1)];
    const auto kept = p.forward[static_cast<std::size_t>(b)] - p.forward[static_cast<std::size_t>(a + 1)];
    const Km delta = in_.km(x.node(a), x.node(b)) + in_.km(x.node(a + 1), x.node(b + 1)) -
                     in_.km(x.node(a), x.node(a + 1)) - in_.km(x.node(b), x.node(b + 1)) + reversed - kept;
    if (!(delta < -kKmEps)) return false;  // also rejects NaN from roadless legs
    first_ = x.stops;
    std::reverse(first_.begin() + a, first_.begin() + b);
    return commit_within(r);
  }

  // 2-opt*: u's route keeps its head up to u and continues with v's tail from v; v's route
  // keeps its head before v and continues with u's tail.
  bool two_opt_star(int u, int v) {
    const int r1 = route_of(u), r2 = route_of(v);
    if (r1 == r2) return false;
    Route &x = route(r1), &y = route(r2);
    const int a = pos_of(u), b = pos_of(v);
    const Km delta = in_.km(u, v) + in_.km(y.node(b - 1), x.node(a + 1)) - in_.km(u, x.node(a + 1)) -
                     in_.km(y.node(b - 1), v);
    if (!(delta < -kKmEps)) return false;  // also rejects NaN from roadless legs
    const Prefix &p = prefix(r1), &q = prefix(r2);
    const auto ua = static_cast<std::size_t>(a), vb = static_cast<std::size_t>(b - 1);
    const auto ux = static_cast<std::size_t>(x.size()), vy = static_cast<std::size_t>(y.size());
    if (!in_.fits(p.load[ua] + q.load[vy] - q.load[vb])) return false;
    if (!in_.fits(q.load[vb] + p.load[ux] - p.load[ua])) return false;
    first_.assign(x.stops.begin(), x.stops.begin() + a);
    first_.insert(first_.end(), y.stops.begin() + b - 1, y.stops.end());
    second_.assign(y.stops.begin(), y.stops.begin() + b - 1);
    second_.insert(second_.end(), x.stops.begin() + a, x.stops.end());
    return commit(r1, r2);
  }

  bool commit_within(int r) {
    Route& x = route(r);
    if (loop_km(in_, first_) > x.km - kKmEps || !on_time(in_, first_)) return false;
    x.stops.swap(first_);
    x.refresh(in_);
    reindex(r);
    return true;
  }

  bool commit(int r1, int r2) {
    const bool empties = first_.empty() || second_.empty();
    if (empties && static_cast<int>(s_.routes.size()) <= min_routes_) return false;
    if (!on_time(in_, first_) || !on_time(in_, second_)) return false;
    route(r1).stops.swap(first_);
    route(r2).stops.swap(second_);
    route(r1).refresh(in_);
    route(r2).refresh(in_);
    if (route(r1).stops.empty() || route(r2).stops.empty()) {
      s_.drop_empty_routes();
      reindex_all();
    } else {
      reindex(r1);
      reindex(r2);
    }
    return true;
  }

  void reindex_all() {
    prefix_.resize(s_.routes.size());
    for (int r = 0; r < static_cast<int>(s_.routes.size()); ++r) reindex(r);
  }

  void reindex(int r) {
    const Route& x = route(r);
    Prefix& p = prefix_[static_cast<std::size_t>(r)];
    const auto places = static_cast<std::size_t>(x.size() + 2);
    p.load.assign(places, Load{});
    p.forward.assign(places, 0);
    p.backward.assign(places, 0);
    for (int k = 1; k < x.size() + 2; ++k) {
      const auto i = static_cast<std::size_t>(k);
      const int at = x.node(k), before = x.node(k - 1);
      p.load[i] = p.load[i - 1] + (at == 0 ? Load{} : in_.load(at));
      p.forward[i] = p.forward[i - 1] + in_.km(before, at);
      p.backward[i] = p.backward[i - 1] + in_.km(at, before);
      if (at != 0) {
        route_of_[static_cast<std::size_t>(at)] = r;
        pos_of_[static_cast<std::size_t>(at)] = k;
      }
    }
  }
};

}  // namespace

void local_search(const Instance& in, Solution& solution, int granularity, int min_routes) {
  Search(in, solution, granularity, min_routes).run();
}

}  // namespace milkrun::routing
