// Sizes that cannot work (SPEC §12): the wording shared by every limit.
#include "input/limits.hpp"

#include "input/timefmt.hpp"

#include <algorithm>
#include <numeric>

namespace milkrun::limits {

std::string over(const std::string& limit, const std::string& unit, const Json& value) {
  return "must be at most " + limit + (unit.empty() ? "" : " " + unit) + " (milkrun's limit), got " + describe(value);
}

bool refuse_over(const Obj& o, std::string_view key, double limit, const std::string& limit_text,
                 const std::string& unit) {
  const Json* v = o.get(key);
  if (!v || !v->is_number() || !(v->get<double>() > limit)) return false;
  o.problems().add(o.at(key), over(limit_text, unit, *v));
  return true;
}

namespace {

/// The parameters of `d`, read from the JSON object `law` at `where`, that spread its draws
/// past `limit`: a normal, lognormal or gamma law's `sd`, or (when `bounds`) a uniform or
/// triangular law's `max` and a discrete law's `values` of positive weight. Each is reported;
/// false when none is.
bool refuse_spread_over(const Json& law, const std::string& where, const Distribution& d, double limit,
                        const std::string& limit_text, const std::string& unit, bool bounds, Problems& out) {
  const auto refuse = [&](std::string_view key, double value) {
    const Json* v = law.is_object() && law.contains(key) ? &law.at(std::string(key)) : nullptr;
    if (!v || !(value > limit)) return false;
    out.add(pointer_to(where, key), over(limit_text, unit, *v));
    return true;
  };
  switch (d.kind) {
    case DistKind::normal:
    case DistKind::lognormal:
    case DistKind::gamma: return refuse("sd", d.b);
    case DistKind::uniform: return bounds && refuse("max", d.b);
    case DistKind::triangular: return bounds && refuse("max", d.c);
    case DistKind::discrete: {
      const Json* values = law.contains("values") ? &law.at("values") : nullptr;
      if (!bounds || !values || !values->is_array()) return false;
      bool refused = false;
      for (std::size_t i = 0; i < d.values.size() && i < values->size(); ++i)
        if (d.values[i] > limit && i < d.weights.size() && d.weights[i] > 0) {  // one it can draw
          out.add(pointer_to(pointer_to(where, "values"), i), over(limit_text, unit, (*values)[i]));
          refused = true;
        }
      return refused;
    }
    default: return false;  // exponential, poisson: the mean sets the spread; bernoulli: 0 or 1
  }
}

}  // namespace

bool refuse_mean_over(const Obj& o, std::string_view key, const Distribution& d, double limit,
                      const std::string& limit_text, const std::string& unit) {
  const double mean = d.mean();
  const bool mean_over = !(mean <= limit);  // a NaN mean is refused too
  const Json* v = o.get(key);
  if (mean_over)
    o.problems().add(o.at(key), d.is_constant() && v ? over(limit_text, unit, *v)
                                                     : "must be at most " + limit_text + " " + unit +
                                                           " on average (milkrun's limit), got a mean of " +
                                                           number_text(mean));
  // A law's bounds are over the limit whenever its mean is: then its mean alone is reported.
  const bool spread_over =
      !d.is_constant() && v && refuse_spread_over(*v, o.at(key), d, limit, limit_text, unit, !mean_over, o.problems());
  return mean_over || spread_over;
}

double largest_parameter(const Distribution& d) {
  double largest = std::max({d.a, d.b, d.c});
  for (const double v : d.values) largest = std::max(largest, v);
  return largest;
}

namespace {

/// The largest 7·w/Σw of a weekday profile (R1); 1 when flat.
double busiest_weekday(const std::vector<double>& weekday) {
  if (weekday.empty()) return 1;
  const double sum = std::accumulate(weekday.begin(), weekday.end(), 0.0);
  return sum > 0 ? 7 * *std::max_element(weekday.begin(), weekday.end()) / sum : 1;
}

/// The largest product of the peaks covering one day of the horizon (R2: overlapping peaks
/// multiply); at least 1, the factor of a day outside every peak.
double busiest_peak(const Scenario& s) {
  const Date first = s.start, last = s.start + s.horizon_days - 1;
  double busiest = 1;
  for (const Peak& at : s.demand.peaks) {
    const Date day = std::max(at.from, first);
    if (day > std::min(at.to, last)) continue;
    double product = 1;
    for (const Peak& p : s.demand.peaks)
      if (p.from <= day && day <= p.to) product *= p.multiplier;
    busiest = std::max(busiest, product);
  }
  return busiest;
}

/// R1: the orders of an average day outside peaks, and where that total is given.
std::pair<double, std::string> total_rate(const Scenario& s) {
  if (s.demand.orders_per_day) return {*s.demand.orders_per_day, "/demand/orders_per_day"};
  double total = 0;
  for (const SkuSpec& sku : s.skus) total += sku.orders_per_day.value_or(0);
  return {total, "/skus"};
}

bool orders_fit(const Scenario& s, Problems& out) {
  const auto [total, where] = total_rate(s);
  if (total > kOrdersPerDay) {  // only a sum of SKU rates gets here: a given total is refused as it is read
    out.add(where, "the SKUs' orders_per_day add up to " + number_text(total) +
                       " orders a day, over milkrun's limit of 1e9");
    return false;
  }
  const double weekday = busiest_weekday(s.demand.weekday_profile);
  const double peak = s.horizon_days > 0 ? busiest_peak(s) : 1;
  const double busiest = total * weekday * peak;
  if (!(busiest > kOrdersPerDay)) return true;
  out.add(peak > 1 ? "/demand/peaks" : "/demand/weekday_profile",
          "the busiest day gets " + number_text(busiest) + " orders (" + number_text(total) + " a day" +
              (weekday > 1 ? " × " + number_text(weekday) + " on the busiest weekday" : "") +
              (peak > 1 ? " × " + number_text(peak) + " at the peak" : "") + "), over milkrun's limit of 1e9 a day");
  return false;
}

}  // namespace

bool listed_skus_fit(const Obj& top) {
  const Json* skus = top.get("skus");
  if (!skus || !skus->is_array() || static_cast<long long>(skus->size()) <= kSkus) return true;
  top.problems().add(top.at("skus"), "lists " + std::to_string(skus->size()) +
                                         " SKUs, over milkrun's limit of 10000000 (listed and generated together)");
  return false;
}

bool check_sizes(const Obj& top, const Scenario& s) {
  Problems& out = top.problems();
  bool ok = orders_fit(s, out);
  const std::size_t places = s.warehouses.size() + s.zones.size() + s.suppliers.size() + s.sellers.size();
  if (static_cast<long long>(places) > kPlaces) {
    out.add("/", "has " + std::to_string(places) +
                     " places (warehouses, zones, suppliers and sellers), over milkrun's limit of 10000: the "
                     "travel matrix holds a distance for every two of them");
    ok = false;
  }
  return ok;
}

}  // namespace milkrun::limits
