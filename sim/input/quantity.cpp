// Random quantities of SPEC §1: a constant or {"dist": KIND, ...}. Where a duration is
// expected every parameter except `p` and `weights` needs a unit (R32).
#include "input/json_reader.hpp"
#include "input/limits.hpp"

#include "input/timefmt.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace milkrun {
namespace {

constexpr std::string_view kDistKeys[] = {"dist", "mean", "sd", "min", "mode", "max", "values", "weights", "p"};

/// One distribution kind: its name and parameters, in the order messages list them.
struct KindSpec {
  std::string_view name;
  DistKind kind;
  std::vector<std::string_view> params;
};

const std::array<KindSpec, 9>& kinds() {
  static const std::array<KindSpec, 9> table{{
      {"exponential", DistKind::exponential, {"mean"}},
      {"normal", DistKind::normal, {"mean", "sd"}},
      {"lognormal", DistKind::lognormal, {"mean", "sd"}},
      {"gamma", DistKind::gamma, {"mean", "sd"}},
      {"uniform", DistKind::uniform, {"min", "max"}},
      {"triangular", DistKind::triangular, {"min", "mode", "max"}},
      {"discrete", DistKind::discrete, {"values", "weights"}},
      {"bernoulli", DistKind::bernoulli, {"p"}},
      {"poisson", DistKind::poisson, {"mean"}},
  }};
  return table;
}

/// "mean, sd and max" (`last` = "and") or "a, b or c" (`last` = "or").
std::string listed(const std::vector<std::string_view>& names, const char* last = "and") {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? std::string(" ") + last + " " : ", ") + std::string(names[i]);
  return out;
}

/// One scalar parameter in the quantity's own unit: seconds for durations (negatives
/// allowed here; the lower-bound check below words that problem).
std::optional<double> scalar(const Json& v, const std::string& where, Problems& out, QuantityKind kind) {
  if (kind != QuantityKind::duration) return read_number(v, where, out, kAnyNumber);
  if (v.is_number()) {
    out.add(where, "a duration needs a unit, e.g. \"2h\"; got " + describe(v));
    return std::nullopt;
  }
  if (!v.is_string()) {
    out.add(where, "must be a duration such as \"2h\", got " + describe(v));
    return std::nullopt;
  }
  std::string error;
  const auto seconds = parse_duration(v.get<std::string>(), error);
  if (!seconds) out.add(where, error);
  if (seconds && *seconds > limits::kDurationSeconds) {  // SPEC §12
    out.add(where, limits::over("3660d", "", v));
    return std::nullopt;
  }
  return seconds;
}

std::optional<std::vector<double>> scalars(const Json& v, const std::string& where, Problems& out,
                                           QuantityKind kind) {
  if (!v.is_array()) {
    out.add(where, "must be a list, got " + describe(v));
    return std::nullopt;
  }
  if (v.empty()) {
    out.add(where, "must not be empty");
    return std::nullopt;
  }
  std::vector<double> list;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto x = scalar(v[i], pointer_to(where, i), out, kind);
    if (!x) return std::nullopt;
    list.push_back(*x);
  }
  return list;
}

/// How a parameter value reads in a message: as written in the file.
std::string as_written(const Obj& o, std::string_view key) { return describe(*o.get(key)); }

void check_discrete(const Obj& o, const Distribution& d) {
  if (d.weights.size() != d.values.size())
    o.problems().add(o.at("weights"), "must have as many entries as \"values\" (" +
                                          std::to_string(d.values.size()) + "), got " +
                                          std::to_string(d.weights.size()));
  else if (std::accumulate(d.weights.begin(), d.weights.end(), 0.0) <= 0)
    o.problems().add(o.at("weights"), "must have a positive sum");
}

/// The constraints between parameters of each kind (SPEC §1).
void check_parameters(const Obj& o, const Distribution& d) {
  Problems& out = o.problems();
  switch (d.kind) {
    case DistKind::exponential:
    case DistKind::lognormal:
    case DistKind::gamma:
      if (d.a <= 0) out.add(o.at("mean"), "must be positive, got " + as_written(o, "mean"));
      if (d.kind != DistKind::exponential && d.b < 0)
        out.add(o.at("sd"), "must not be negative, got " + as_written(o, "sd"));
      break;
    case DistKind::normal:
      if (d.b < 0) out.add(o.at("sd"), "must not be negative, got " + as_written(o, "sd"));
      break;
    case DistKind::uniform:
      if (d.a > d.b)
        out.add(shown(o.where()), "\"min\" (" + as_written(o, "min") + ") must not be greater than \"max\" (" +
                                      as_written(o, "max") + ")");
      break;
    case DistKind::triangular:
      if (d.a > d.b || d.b > d.c)
        out.add(shown(o.where()), "needs min <= mode <= max, got " + as_written(o, "min") + ", " +
                                      as_written(o, "mode") + ", " + as_written(o, "max"));
      break;
    case DistKind::discrete:
      check_discrete(o, d);
      break;
    case DistKind::poisson:
      if (d.a < 0) out.add(o.at("mean"), "must not be negative, got " + as_written(o, "mean"));
      break;
    case DistKind::bernoulli:
    case DistKind::constant:
      break;
  }
}

/// Reads the parameters `spec` takes into `d`; false when one is missing or malformed.
bool read_parameters(const Obj& o, const KindSpec& spec, QuantityKind kind, Distribution& d) {
  Problems& out = o.problems();
  const std::size_t before = out.size();
  std::array<double, 3> abc{};
  std::size_t next = 0;
  for (std::string_view key : spec.params) {
    const Json* v = o.get(key);
    if (!v) {
      out.add(o.at(key), "required key is missing (" + std::string(spec.name) + " takes " + listed(spec.params) + ")");
      continue;
    }
    if (key == "values") {
      d.values = scalars(*v, o.at(key), out, kind).value_or(std::vector<double>{});
    } else if (key == "weights") {
      d.weights = read_numbers(*v, o.at(key), out, kNonNegative).value_or(std::vector<double>{});
    } else if (key == "p") {
      abc[next++] = read_number(*v, o.at(key), out, kProbability).value_or(0);
    } else {
      abc[next++] = scalar(*v, o.at(key), out, kind).value_or(0);
    }
  }
  d.a = abc[0], d.b = abc[1], d.c = abc[2];
  return out.size() == before;
}

std::optional<Distribution> read_dist(const Json& v, const std::string& where, Problems& out, QuantityKind kind) {
  const Obj o(v, where, out, KeyTable{kDistKeys});
  const auto name = o.text("dist", Need::required);
  if (!name) return std::nullopt;
  const auto spec = std::find_if(kinds().begin(), kinds().end(), [&](const KindSpec& k) { return k.name == *name; });
  if (spec == kinds().end()) {
    std::vector<std::string_view> names;
    for (const KindSpec& k : kinds()) names.push_back(k.name);
    const std::string hint = closest(*name, names);
    out.add(o.at("dist"), "unknown distribution \"" + *name + "\"; " +
                              (hint.empty() ? "use " + listed(names, "or") : "did you mean \"" + hint + "\"?"));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : v.items()) {
    const std::string& key = item.key();
    const bool is_dist_key = std::find(std::begin(kDistKeys), std::end(kDistKeys), key) != std::end(kDistKeys);
    if (key == "dist" || !is_dist_key ||
        std::find(spec->params.begin(), spec->params.end(), key) != spec->params.end())
      continue;
    out.add(o.at(key), "not a parameter of " + std::string(spec->name) + " (it takes " + listed(spec->params) + ")");
    ok = false;
  }
  Distribution d;
  d.kind = spec->kind;
  if (!read_parameters(o, *spec, kind, d) || !ok) return std::nullopt;
  const std::size_t before = out.size();
  check_parameters(o, d);
  if (out.size() != before) return std::nullopt;
  return d;
}

}  // namespace

std::optional<Distribution> read_quantity(const Json& v, const std::string& where, Problems& out, QuantityKind kind) {
  std::optional<Distribution> d;
  if (v.is_object()) {
    d = read_dist(v, where, out, kind);
  } else if (kind == QuantityKind::duration) {
    const auto seconds = read_duration(v, where, out);
    if (seconds) d = Distribution::constant_of(static_cast<double>(*seconds));
    return d;
  } else if (v.is_number()) {
    d = Distribution::constant_of(v.get<double>());
  } else {
    out.add(where, "must be a number or a distribution object such as {\"dist\": \"poisson\", \"mean\": 2}, got " +
                       describe(v));
    return std::nullopt;
  }
  if (!d || d->lower_bound() >= 0) return d;
  const std::string low =
      kind == QuantityKind::duration ? duration_text(d->lower_bound()) : number_text(d->lower_bound());
  out.add(where, d->is_constant() ? "must not be negative, got " + describe(v)
                                  : "can be negative (down to " + low + "); it must never be below 0");
  return std::nullopt;
}

}  // namespace milkrun
