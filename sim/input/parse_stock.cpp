// Stock entries of SKUs (SPEC §2, R19-R22): initial levels and replenishment policies, in
// units or in days of demand. Listed SKUs and `catalog.generate` read them alike.
#include "input/limits.hpp"
#include "input/parse.hpp"

namespace milkrun {
namespace {

constexpr std::string_view kStockKeys[] = {"initial", "initial_days", "policy"};
constexpr std::string_view kPolicyKeys[] = {"type", "order_up_to", "order_up_to_days", "reorder_point",
                                            "reorder_point_days"};

/// A stock level in units (`key`) or in days of demand (`key_days`), not both.
Level read_level(const Obj& o, const std::string& key) {
  Level level;
  const auto units = o.integer(key, kNonNegative);
  if (units) level.units = static_cast<double>(*units);
  if (!limits::refuse_over(o, key + "_days", limits::kLevelDays, "3660", "days"))  // SPEC §12
    level.days = o.number(key + "_days", kNonNegative);
  if (o.has(key) && o.has(key + "_days"))
    o.problems().add(shown(o.where()), "give \"" + key + "\" or \"" + key + "_days\", not both");
  return level;
}

void check_policy_levels(const Obj& o, const PolicySpec& p) {
  const bool has_reorder = o.has("reorder_point") || o.has("reorder_point_days");
  const bool has_up_to = o.has("order_up_to") || o.has("order_up_to_days");
  if (p.type == PolicyType::RS && !has_up_to)
    o.problems().add(o.where(), "an RS policy needs \"order_up_to\" or \"order_up_to_days\"");
  if (p.type == PolicyType::sS && (!has_up_to || !has_reorder))
    o.problems().add(o.where(), "an sS policy needs \"reorder_point\" (or \"reorder_point_days\") and "
                                "\"order_up_to\" (or \"order_up_to_days\")");
  if (p.type != PolicyType::sS && has_reorder)
    o.problems().add(o.at(o.has("reorder_point") ? "reorder_point" : "reorder_point_days"),
                     std::string("does not apply to ") +
                         (p.type == PolicyType::RS ? "an RS policy (it orders up to \"order_up_to\" at each review)"
                                                   : "a base_stock policy (it orders one for one)"));
  const Level &s = p.reorder_point, &S = p.order_up_to;
  const auto check = [&](std::optional<double> low, std::optional<double> high, const char* key) {
    if (p.type == PolicyType::sS && low && high && *low >= *high)
      o.problems().add(o.at(key), "must be less than the order-up-to level (" + number_text(*high) + "), got " +
                                      number_text(*low));
  };
  check(s.units, S.units, "reorder_point");
  check(s.days, S.days, "reorder_point_days");
}

std::optional<PolicySpec> read_policy(const Obj& stock) {
  const Json* v = stock.get("policy");
  if (!v) return std::nullopt;
  const Obj o(*v, stock.at("policy"), stock.problems(), KeyTable{kPolicyKeys});
  if (!o.ok()) return std::nullopt;
  const auto type = o.choice<PolicyType>(
      "type", {{"RS", PolicyType::RS}, {"sS", PolicyType::sS}, {"base_stock", PolicyType::base_stock}}, Need::required);
  PolicySpec p;
  p.order_up_to = read_level(o, "order_up_to");
  p.reorder_point = read_level(o, "reorder_point");
  if (!type) return p;
  p.type = *type;
  check_policy_levels(o, p);
  return p;
}

}  // namespace

StockSpec read_stock(const Json& v, const std::string& key, const std::string& where, Problems& out) {
  const Obj o(v, where, out, KeyTable{kStockKeys});
  StockSpec st;
  st.warehouse = key;
  st.pointer = where;
  if (!o.ok()) return st;
  const auto initial = o.integer("initial", kNonNegative);
  if (initial) st.initial.units = static_cast<double>(*initial);
  if (!limits::refuse_over(o, "initial_days", limits::kLevelDays, "3660", "days"))  // SPEC §12
    st.initial.days = o.number("initial_days", kNonNegative);
  if (!o.has("initial") && !o.has("initial_days"))
    out.add(where, "needs \"initial\" (units) or \"initial_days\" (days of demand)");
  if (o.has("initial") && o.has("initial_days")) out.add(where, "give \"initial\" or \"initial_days\", not both");
  st.policy = read_policy(o);
  return st;
}

}  // namespace milkrun
