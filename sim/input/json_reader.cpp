// Typed JSON readers that word every problem the same way: "must be X, got Y".
#include "input/json_reader.hpp"

#include "input/limits.hpp"
#include "input/timefmt.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace milkrun {

const char* const kNotYet = "not supported yet";

namespace {

bool is_integral(double v) { return std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.0e15; }

/// "a positive integer", "a number between 0 and 1", ... for "must be ..." messages.
std::string range_words(Range r, bool integer) {
  const std::string noun = integer ? "integer" : "number";
  const std::string article = integer ? "an " : "a ";
  const bool has_lo = std::isfinite(r.lo), has_hi = std::isfinite(r.hi);
  if (has_lo && r.lo == 0 && r.lo_open && !has_hi) return "a positive " + noun;
  if (has_lo && has_hi) return article + noun + " between " + number_text(r.lo) + " and " + number_text(r.hi);
  if (has_lo) return article + noun + (r.lo_open ? " > " : " >= ") + number_text(r.lo);
  if (has_hi) return article + noun + " <= " + number_text(r.hi);
  return article + noun;
}

bool in_range(double v, Range r) { return (r.lo_open ? v > r.lo : v >= r.lo) && v <= r.hi; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

/// How far `word` is from `candidate` for a hint; npos when too far to be a typo.
std::size_t hint_distance(std::string_view word, std::string_view candidate) {
  const std::size_t d = edit_distance(word, candidate);
  if (d <= 2 && d < word.size()) return d;
  const bool prefix = (word.size() >= 3 && candidate.starts_with(word)) ||
                      (candidate.size() >= 3 && word.starts_with(candidate));
  return prefix ? 3 : std::string_view::npos;
}

template <class Names>
std::string closest_of(std::string_view word, const Names& candidates) {
  std::string best;
  std::size_t best_d = std::string_view::npos;
  for (const auto& c : candidates) {
    const std::size_t d = hint_distance(word, c);
    if (d < best_d) best = std::string(c), best_d = d;
  }
  return best;
}

}  // namespace

std::string pointer_to(const std::string& parent, std::string_view key) {
  std::string out = parent + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string pointer_to(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

std::string shown(const std::string& pointer) { return pointer.empty() ? "/" : pointer; }

std::string describe(const Json& value) {
  if (value.is_array()) return "a list";
  if (value.is_object()) return "an object";
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 36) + "...\"";
  return text;
}

std::string number_text(double value) {
  char buf[40];
  if (is_integral(value)) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(value));
  else std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

std::string duration_text(double seconds) {
  if (!is_integral(seconds) || seconds == 0) return number_text(seconds) + "s";
  constexpr std::pair<long long, const char*> kUnits[] = {{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "min"}};
  const auto s = static_cast<long long>(seconds);
  for (const auto& [size, name] : kUnits)
    if (s % size == 0) return std::to_string(s / size) + name;
  return std::to_string(s) + "s";
}

std::string closest(std::string_view word, std::span<const std::string_view> candidates) {
  return closest_of(word, candidates);
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  return closest_of(word, candidates);
}

std::string one_of(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "\"" + std::string(names[i]) + "\"";
  }
  return out;
}

std::optional<std::string> read_text(const Json& v, const std::string& where, Problems& out) {
  if (v.is_string()) return v.get<std::string>();
  out.add(where, "must be a string, got " + describe(v));
  return std::nullopt;
}

std::optional<std::string> read_ref(const Json& v, const std::string& where, Problems& out) {
  auto id = read_text(v, where, out);
  if (!id || !id->empty()) return id;
  out.add(where, "must not be empty");
  return std::nullopt;
}

std::optional<double> read_number(const Json& v, const std::string& where, Problems& out, Range r) {
  if (v.is_number() && in_range(v.get<double>(), r)) return v.get<double>();
  out.add(where, "must be " + range_words(r, false) + ", got " + describe(v));
  return std::nullopt;
}

std::optional<long long> read_integer(const Json& v, const std::string& where, Problems& out, Range r) {
  const bool fits = v.is_number() && is_integral(v.get<double>()) && in_range(v.get<double>(), r);
  // Counts and day numbers are held in int: a larger number is a typo, not a wish.
  if (fits && std::fabs(v.get<double>()) <= std::numeric_limits<int>::max())
    return static_cast<long long>(v.get<double>());
  out.add(where, fits ? "is too large, got " + describe(v) : "must be " + range_words(r, true) + ", got " + describe(v));
  return std::nullopt;
}

std::optional<bool> read_flag(const Json& v, const std::string& where, Problems& out) {
  if (v.is_boolean()) return v.get<bool>();
  out.add(where, "must be true or false, got " + describe(v));
  return std::nullopt;
}

std::optional<Seconds> read_duration(const Json& v, const std::string& where, Problems& out) {
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
  else if (*seconds < 0) out.add(where, "must not be negative, got " + describe(v));
  else if (!(*seconds <= limits::kDurationSeconds)) out.add(where, limits::over("3660d", "", v));  // SPEC §12
  else return static_cast<Seconds>(std::llround(*seconds));
  return std::nullopt;
}

namespace {

/// Reads a string with a timefmt parser, or words what kind of string was expected.
template <class T, class Parser>
std::optional<T> read_formatted(const Json& v, const std::string& where, Problems& out, Parser parse,
                                const char* expected) {
  if (!v.is_string()) {
    out.add(where, std::string("must be ") + expected + ", got " + describe(v));
    return std::nullopt;
  }
  std::string error;
  const auto value = parse(v.get<std::string>(), error);
  if (!value) out.add(where, error);
  return value;
}

}  // namespace

std::optional<Seconds> read_clock(const Json& v, const std::string& where, Problems& out) {
  return read_formatted<Seconds>(v, where, out, parse_clock, "a clock time \"HH:MM\"");
}

std::optional<DaySet> read_dayset(const Json& v, const std::string& where, Problems& out) {
  return read_formatted<DaySet>(v, where, out, parse_dayset, "a day set such as \"Mon-Fri\"");
}

std::optional<Date> read_date(const Json& v, const std::string& where, Problems& out) {
  return read_formatted<Date>(v, where, out, parse_date, "a date \"YYYY-MM-DD\"");
}

std::optional<std::vector<double>> read_numbers(const Json& v, const std::string& where, Problems& out, Range r) {
  if (!v.is_array()) {
    out.add(where, "must be a list of numbers, got " + describe(v));
    return std::nullopt;
  }
  std::vector<double> numbers;
  bool ok = true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto x = read_number(v[i], pointer_to(where, i), out, r);
    ok = ok && x.has_value();
    numbers.push_back(x.value_or(0));
  }
  if (!ok) return std::nullopt;
  return numbers;
}

Obj::Obj(const Json& v, std::string where, Problems& out, const KeyTable& keys)
    : value_(&v), where_(std::move(where)), out_(&out), ok_(v.is_object()) {
  if (!ok_) out.add(shown(where_), "must be an object, got " + describe(v));
  else check_keys(keys);
}

void Obj::check_keys(const KeyTable& keys) const {
  std::vector<std::string_view> all(keys.known.begin(), keys.known.end());
  all.insert(all.end(), keys.not_yet.begin(), keys.not_yet.end());
  for (const auto& item : value_->items()) {
    const std::string& key = item.key();
    if (std::find(keys.known.begin(), keys.known.end(), key) != keys.known.end()) continue;
    if (std::find(keys.not_yet.begin(), keys.not_yet.end(), key) != keys.not_yet.end()) {
      out_->add(at(key), kNotYet);
      continue;
    }
    const std::string hint = closest(key, all);
    if (!hint.empty()) {
      out_->add(at(key), "unknown key; did you mean \"" + hint + "\"?");
      continue;
    }
    std::string known;
    for (std::string_view k : keys.known) known += (known.empty() ? "" : ", ") + std::string(k);
    out_->add(at(key), "unknown key; known keys here are " + known);
  }
}

const Json* Obj::get(std::string_view key, Need need) const {
  if (!ok_) return nullptr;
  const auto it = value_->find(key);
  if (it != value_->end()) return &*it;
  if (need == Need::required) out_->add(at(key), "required key is missing");
  return nullptr;
}

std::optional<std::string> Obj::text(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_text(*v, at(key), *out_) : std::nullopt;
}

std::optional<std::string> Obj::ref(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_ref(*v, at(key), *out_) : std::nullopt;
}

std::optional<double> Obj::number(std::string_view key, Range r, Need need) const {
  const Json* v = get(key, need);
  return v ? read_number(*v, at(key), *out_, r) : std::nullopt;
}

std::optional<long long> Obj::integer(std::string_view key, Range r, Need need) const {
  const Json* v = get(key, need);
  return v ? read_integer(*v, at(key), *out_, r) : std::nullopt;
}

std::optional<bool> Obj::flag(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_flag(*v, at(key), *out_) : std::nullopt;
}

std::optional<Seconds> Obj::duration(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_duration(*v, at(key), *out_) : std::nullopt;
}

std::optional<Seconds> Obj::clock(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_clock(*v, at(key), *out_) : std::nullopt;
}

std::optional<DaySet> Obj::dayset(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_dayset(*v, at(key), *out_) : std::nullopt;
}

std::optional<Date> Obj::date(std::string_view key, Need need) const {
  const Json* v = get(key, need);
  return v ? read_date(*v, at(key), *out_) : std::nullopt;
}

std::optional<Distribution> Obj::quantity(std::string_view key, QuantityKind kind, Need need) const {
  const Json* v = get(key, need);
  return v ? read_quantity(*v, at(key), *out_, kind) : std::nullopt;
}

const Json* Obj::list(std::string_view key, Need need, bool non_empty) const {
  const Json* v = get(key, need);
  if (!v) return nullptr;
  if (!v->is_array()) {
    out_->add(at(key), "must be a list, got " + describe(*v));
    return nullptr;
  }
  if (non_empty && v->empty()) {
    out_->add(at(key), "must not be empty");
    return nullptr;
  }
  return v;
}

void Obj::bad_choice(std::string_view key, const std::string& got, const std::vector<std::string_view>& names,
                     bool not_yet) const {
  if (not_yet) {
    out_->add(at(key), "\"" + got + "\" is " + kNotYet);
    return;
  }
  const std::string hint = closest(got, names);
  out_->add(at(key), "must be " + one_of(names) + ", got \"" + got + "\"" +
                         (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
}

}  // namespace milkrun
