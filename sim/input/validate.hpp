// What the checks of validate*.cpp share (private to sim/): id lookups with hints, and the
// check groups validate_scenario runs.
#pragma once
#include "input/parse.hpp"

#include <set>
#include <span>
#include <unordered_map>

namespace milkrun {

/// Ids of one kind of entity, for lookups and "did you mean" hints.
class IdIndex {
 public:
  /// Indexes `specs` (anything with `id` and `pointer`), reporting duplicate ids.
  template <class Spec>
  IdIndex(std::span<const Spec> specs, const char* kind, Problems& out) : kind_(kind) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const Spec& s = specs[i];
      if (s.id.empty()) {  // unreadable, reported as it was read
        incomplete_ = true;
        continue;
      }
      const auto [it, fresh] = index_.emplace(s.id, i);
      if (fresh) {
        ids_.push_back(s.id);
      } else {
        incomplete_ = true;
        out.add(s.pointer + "/id", "duplicate id \"" + s.id + "\" (also at " + specs[it->second].pointer + ")");
      }
    }
  }
  template <class Spec>
  IdIndex(const std::vector<Spec>& specs, const char* kind, Problems& out)
      : IdIndex(std::span<const Spec>(specs), kind, out) {}

  std::optional<std::size_t> find(const std::string& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  /// "no warehouse "X"; did you mean "Y"?" and the like.
  std::string missing(const std::string& id) const;
  /// Some entry's id is duplicated or could not be read, or a required list is missing or
  /// empty (each reported where it is): a reference that finds nothing most likely meant that
  /// entry, so it is a follow-on problem, not one of its own.
  bool incomplete() const { return incomplete_; }
  void mark_incomplete() { incomplete_ = true; }
  /// Whether `message` is one missing() gave while the index is incomplete.
  bool follow_on(const std::string& message) const { return incomplete_ && said_.contains(message); }

 private:
  const char* kind_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> ids_;
  bool incomplete_ = false;
  mutable std::set<std::string> said_;  ///< missing()'s messages, to tell follow-on problems
};

/// The id indexes of a scenario's entities; duplicates are reported on construction.
struct ScenarioIds {
  ScenarioIds(const Scenario& s, Problems& out);
  IdIndex warehouses, zones, suppliers, sellers, skus, milk_runs;
};

/// Which (warehouse, supplier) pairs some milk run from that warehouse may stop at.
class RunCoverage {
 public:
  RunCoverage(const Scenario& s, const ScenarioIds& ids);
  bool covers(std::size_t warehouse, std::size_t supplier) const {
    return serves_all_[warehouse] || stops_[warehouse * suppliers_ + supplier];
  }

 private:
  std::size_t suppliers_;
  std::vector<bool> serves_all_;  ///< a run with "stops": "auto" and no "serves"
  std::vector<bool> stops_;       ///< [warehouse × supplier]
};

/// Adds each (pointer, message) once: generated SKUs share one pointer, so the same
/// problem of many generated SKUs is one line.
class OnceOnly {
 public:
  explicit OnceOnly(Problems& out) : out_(&out) {}
  void add(const std::string& where, const std::string& message) {
    if (seen_.insert(where + '\n' + message).second) out_->add(where, message);
  }

 private:
  Problems* out_;
  std::set<std::string> seen_;
};

/// The pointer of stop `j` of loop `loop`: /milk_runs/i/stops/j, or .../stops/loop/j with
/// one loop per truck.
std::string stop_pointer(const MilkRunSpec& run, std::size_t loop, std::size_t j);

/// Milk runs: warehouses and stops that exist, no supplier twice in a loop, `serves`.
void check_milk_runs(const Scenario& s, const ScenarioIds& ids, Problems& out, Problems& warnings);
/// Sellers and suppliers share one id space for SKU sources.
void check_sellers(const Scenario& s, const ScenarioIds& ids, Problems& out);
/// Road references, then the travel matrix: zones reachable and within the transit bands,
/// milk-run legs drivable.
void check_places(const Scenario& s, const ScenarioIds& ids, Problems& out, Problems& warnings);

}  // namespace milkrun
