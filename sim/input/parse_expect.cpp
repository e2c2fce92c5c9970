// The `expect` block (SPEC §2): {KPI: BOUND, "warehouses": {ID: {KPI: BOUND}}, "sellers": {ID
// or "*": {KPI: BOUND}}}, a BOUND being {">=": x}, {"<=": x}, {"==": x, "tolerance": t} or
// {"between": [lo, hi]}, optionally with "on": "mean" | "ci" | "any". Read after the warehouses
// and sellers so that their ids can be checked.
#include <milkrun/kpi.hpp>

#include "input/parse_expect.hpp"
#include "input/validate.hpp"

#include <algorithm>
#include <limits>
#include <span>

namespace milkrun {
namespace {

constexpr std::string_view kBoundKeys[] = {">=", "<=", "==", "between", "on", "tolerance"};
constexpr std::string_view kOperators[] = {">=", "<=", "==", "between"};
constexpr double kInf = std::numeric_limits<double>::infinity();
/// The key of `expect.sellers` that bounds every seller (R47).
constexpr std::string_view kEverySeller = "*";

/// The KPI table of a scope: the seller KPIs for sellers, the network's for the others.
std::span<const KpiInfo> kpi_table(ExpectScope scope) {
  return scope == ExpectScope::seller ? std::span<const KpiInfo>(kSellerKpis) : std::span<const KpiInfo>(kKpis);
}

/// The KPI names allowed in one scope, plus the two group keys at the top.
std::vector<std::string_view> kpi_keys(ExpectScope scope) {
  std::vector<std::string_view> keys;
  for (const KpiInfo& k : kpi_table(scope)) keys.push_back(k.key);
  if (scope == ExpectScope::network) {
    keys.push_back("warehouses");
    keys.push_back("sellers");
  }
  return keys;
}

/// [lo, hi] of `between`: two numbers, lo <= hi.
std::optional<std::pair<double, double>> read_between(const Obj& o) {
  const Json* v = o.get("between");
  const std::string where = o.at("between");
  if (!v->is_array() || v->size() != 2) {
    const std::string got = v->is_array() ? "a list of " + std::to_string(v->size()) : describe(*v);
    o.problems().add(where, "must be a list [low, high] of two numbers, got " + got);
    return std::nullopt;
  }
  const auto lo = read_number((*v)[0], pointer_to(where, 0), o.problems(), kAnyNumber);
  const auto hi = read_number((*v)[1], pointer_to(where, 1), o.problems(), kAnyNumber);
  if (!lo || !hi) return std::nullopt;
  if (*lo > *hi) {
    o.problems().add(where, "low end " + number_text(*lo) + " is above high end " + number_text(*hi));
    return std::nullopt;
  }
  return std::pair{*lo, *hi};
}

/// One bound for operator `op` of the bound object `o`, or nullopt (with a problem).
std::optional<Bound> read_operator(const Obj& o, std::string_view op, JudgeOn on, double tolerance) {
  Bound b;
  b.on = on;
  if (op == "between") {
    const auto range = read_between(o);
    if (!range) return std::nullopt;
    b.op = BoundOp::between;
    b.target = b.lo = range->first;
    b.hi = range->second;
    return b;
  }
  const auto x = o.number(op, kAnyNumber);
  if (!x) return std::nullopt;
  b.target = *x;
  if (op == ">=") {
    b.op = BoundOp::at_least;
    b.lo = *x;
    b.hi = kInf;
  } else if (op == "<=") {
    b.op = BoundOp::at_most;
    b.lo = -kInf;
    b.hi = *x;
  } else {
    b.op = BoundOp::equal;
    b.tolerance = tolerance;
    b.lo = *x - tolerance;
    b.hi = *x + tolerance;
  }
  return b;
}

/// The expectations of one KPI's bound object (one per operator written).
void read_bound(const Json& v, const std::string& where, Expectation proto, Problems& out,
                std::vector<Expectation>& into) {
  const Obj o(v, where, out, KeyTable{kBoundKeys});
  if (!o.ok()) return;
  const JudgeOn on =
      o.choice<JudgeOn>("on", {{"mean", JudgeOn::mean}, {"ci", JudgeOn::ci}, {"any", JudgeOn::any}}).value_or(JudgeOn::mean);
  const double tolerance = o.number("tolerance", kNonNegative).value_or(0);
  if (o.has("tolerance") && !o.has("=="))
    out.add(o.at("tolerance"), "only applies to \"==\"; use \"between\" for a range");
  bool any = false;
  for (std::string_view op : kOperators) {
    if (!o.has(op)) continue;
    any = true;
    if (auto b = read_operator(o, op, on, tolerance)) {
      proto.bound = *b;
      proto.pointer = o.at(op);
      into.push_back(proto);
    }
  }
  if (!any) out.add(where, "needs a bound: \">=\", \"<=\", \"==\" or \"between\"");
}

/// "unknown KPI "X"; did you mean "Y"?" (or the list of the scope's KPIs).
std::string unknown_kpi(const std::string& key, const std::vector<std::string_view>& keys, ExpectScope scope) {
  const std::string hint = closest(key, keys);
  if (!hint.empty()) return "unknown KPI \"" + key + "\"; did you mean \"" + hint + "\"?";
  return std::string("unknown KPI \"") + key + "\" (" +
         (scope == ExpectScope::seller ? "seller KPIs are those of SPEC §6 summary.json sellers"
                                       : "KPIs are the keys of SPEC §4") + ")";
}

/// {KPI: BOUND...} of one scope; `entity` is the warehouse or seller id.
void read_kpi_bounds(const Json& v, const std::string& where, ExpectScope scope, const std::string& entity,
                     Problems& out, std::vector<Expectation>& into) {
  if (!v.is_object()) {
    out.add(where, "must be an object {KPI: bound}, got " + describe(v));
    return;
  }
  for (const auto& item : v.items()) {
    const std::string& key = item.key();
    if (scope == ExpectScope::network && (key == "warehouses" || key == "sellers")) continue;
    const std::optional<std::size_t> kpi = find_kpi(kpi_table(scope), key);
    if (!kpi) out.add(pointer_to(where, key), unknown_kpi(key, kpi_keys(scope), scope));
    else read_bound(item.value(), pointer_to(where, key), Expectation{scope, entity, *kpi, {}, ""}, out, into);
  }
}

/// "warehouses" or "sellers" of `expect`: {ID: {KPI: BOUND...}}, each ID checked against `ids`.
void read_group(const Json& expect, const std::string& where, std::string_view group, ExpectScope scope,
                const IdIndex& ids, Problems& out, std::vector<Expectation>& into) {
  const auto it = expect.find(group);
  if (it == expect.end()) return;
  const std::string at_group = pointer_to(where, group);
  if (!it->is_object()) {
    out.add(at_group, "must be an object {ID: {KPI: bound}}, got " + describe(*it));
    return;
  }
  for (const auto& item : it->items()) {
    const std::string at = pointer_to(at_group, item.key());
    if (ids.find(item.key())) read_kpi_bounds(item.value(), at, scope, item.key(), out, into);
    else out.add(at, ids.missing(item.key()));
  }
}

/// "sellers" of `expect`: {ID or "*": {KPI: BOUND...}} (R47). Without "*", as read_group. With
/// it, seller by seller in the scenario's order: the seller's own bounds, then those of "*" for
/// the KPIs its own entry does not name (an id overrides "*"). A "*" bound's pointer stays
/// that of "*", so a message about it names the line the analyst wrote.
void read_seller_group(const Json& expect, const std::string& where, const std::vector<SellerSpec>& sellers,
                       const IdIndex& ids, Problems& out, std::vector<Expectation>& into) {
  const auto it = expect.find("sellers");
  if (it == expect.end()) return;
  if (!it->is_object() || !it->contains(std::string(kEverySeller))) {
    read_group(expect, where, "sellers", ExpectScope::seller, ids, out, into);
    return;
  }
  const std::string at_group = pointer_to(where, "sellers");
  std::vector<Expectation> every;
  std::vector<std::pair<std::string, std::vector<Expectation>>> own;  // by id, as written
  for (const auto& item : it->items()) {
    const std::string at = pointer_to(at_group, item.key());
    if (item.key() == kEverySeller) {
      read_kpi_bounds(item.value(), at, ExpectScope::seller, "", out, every);
    } else if (ids.find(item.key())) {
      own.emplace_back(item.key(), std::vector<Expectation>{});
      read_kpi_bounds(item.value(), at, ExpectScope::seller, item.key(), out, own.back().second);
    } else {
      out.add(at, ids.missing(item.key()));
    }
  }
  if (sellers.empty()) {
    out.add(pointer_to(at_group, kEverySeller), "bounds every seller, but the scenario has no sellers");
    return;
  }
  for (std::size_t i = 0; i < sellers.size(); ++i) {
    const std::string& id = sellers[i].id;
    if (ids.find(id) != i) continue;  // an unreadable or repeated id, reported by validation
    const auto mine = std::find_if(own.begin(), own.end(), [&](const auto& entry) { return entry.first == id; });
    const auto named = [&](std::size_t kpi) {
      return mine != own.end() &&
             std::any_of(mine->second.begin(), mine->second.end(), [&](const Expectation& e) { return e.kpi == kpi; });
    };
    if (mine != own.end()) into.insert(into.end(), mine->second.begin(), mine->second.end());
    for (Expectation e : every) {
      if (named(e.kpi)) continue;
      e.entity = id;
      into.push_back(std::move(e));
    }
  }
}

}  // namespace

std::vector<Expectation> read_expect(const Obj& top, const Scenario& s) {
  std::vector<Expectation> out;
  const Json* v = top.get("expect");
  if (!v) return out;
  const std::string where = top.at("expect");
  if (!v->is_object()) {
    top.problems().add(where, "must be an object, got " + describe(*v));
    return out;
  }
  read_kpi_bounds(*v, where, ExpectScope::network, "", top.problems(), out);
  Problems ignored;  // duplicate ids are reported by validation already
  read_group(*v, where, "warehouses", ExpectScope::warehouse, IdIndex(s.warehouses, "warehouse", ignored),
             top.problems(), out);
  read_seller_group(*v, where, s.sellers, IdIndex(s.sellers, "seller", ignored), top.problems(), out);
  return out;
}

}  // namespace milkrun
