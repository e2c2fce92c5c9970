// A small typed reader over scenario JSON (in the spirit of VROOM's input_parser helpers):
// each getter knows the JSON pointer of what it reads and appends one clear problem when the
// value is missing, of the wrong type or out of range, so parsing goes on and reports *all*
// problems at once. Private to sim/.
#pragma once
#include <milkrun/distribution.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/types.hpp>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace milkrun {

using Json = nlohmann::ordered_json;

/// Problems found so far, each tied to a JSON pointer.
class Problems {
 public:
  void add(std::string where, std::string message) { list_.push_back({std::move(where), std::move(message)}); }
  /// Adds `other`'s problems after these, in their order.
  void add(Problems&& other) { list_.insert(list_.end(), std::make_move_iterator(other.list_.begin()), std::make_move_iterator(other.list_.end())); }
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  const std::vector<Problem>& list() const { return list_; }
  std::vector<Problem>& list() { return list_; }

 private:
  std::vector<Problem> list_;
};

/// The keys an object may hold: those milkrun reads, and those it knows but does not support yet.
struct KeyTable {
  std::span<const std::string_view> known;
  std::span<const std::string_view> not_yet = {};
};

/// The message for a key or value that is part of the format but not supported yet.
extern const char* const kNotYet;

enum class Need : std::uint8_t { optional, required };

/// A closed or open interval of allowed numbers; it also words the message.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
};
inline constexpr Range kAnyNumber{};
inline constexpr Range kNonNegative{0};
inline constexpr Range kPositive{0, std::numeric_limits<double>::infinity(), true};
inline constexpr Range kProbability{0, 1};

/// What the parameters of a random quantity are (R32: durations need a unit).
enum class QuantityKind : std::uint8_t { duration, count, number };

/// One allowed string value of an enumeration, mapped to its C++ value.
template <class E>
struct Choice {
  std::string_view name;
  E value;
  bool supported = true;
};

/// RFC 6901 pointer of `key` under `parent`.
std::string pointer_to(const std::string& parent, std::string_view key);
std::string pointer_to(const std::string& parent, std::size_t index);
/// How a pointer is shown: the root as "/".
std::string shown(const std::string& pointer);
/// A JSON value as an analyst would recognise it in a message: 2, "2h", a list, an object.
std::string describe(const Json& value);
/// A number for a message: integers without a decimal point, others with up to 6 digits.
std::string number_text(double value);
/// Seconds as a duration an analyst would write: "-5min", "2h", "90s".
std::string duration_text(double seconds);
/// The closest candidate within edit distance 2 (or a prefix either way), or empty.
std::string closest(std::string_view word, std::span<const std::string_view> candidates);
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
/// "a", "a" or "b", "a", "b" or "c": the quoted names for "must be ..." messages.
std::string one_of(const std::vector<std::string_view>& names);

// Readers of one value at `where`: nullopt (and a problem) when it is not what is expected.
std::optional<std::string> read_text(const Json& v, const std::string& where, Problems& out);
/// An id, or a reference to one (a warehouse, a supplier, a road node, ...): a non-empty string.
/// An empty one is reported and read as nullopt, so the "" a caller falls back to keeps meaning
/// "could not be read, already reported" and later checks hold back instead of crashing.
std::optional<std::string> read_ref(const Json& v, const std::string& where, Problems& out);
std::optional<double> read_number(const Json& v, const std::string& where, Problems& out, Range r);
std::optional<long long> read_integer(const Json& v, const std::string& where, Problems& out, Range r);
std::optional<bool> read_flag(const Json& v, const std::string& where, Problems& out);
/// A fixed duration (not a distribution), >= 0, rounded to the nearest second.
std::optional<Seconds> read_duration(const Json& v, const std::string& where, Problems& out);
std::optional<Seconds> read_clock(const Json& v, const std::string& where, Problems& out);
std::optional<DaySet> read_dayset(const Json& v, const std::string& where, Problems& out);
std::optional<Date> read_date(const Json& v, const std::string& where, Problems& out);
/// A random quantity (SPEC §1): constant or {"dist": ...}; never negative.
std::optional<Distribution> read_quantity(const Json& v, const std::string& where, Problems& out, QuantityKind kind);
/// A list of numbers, each in `r`.
std::optional<std::vector<double>> read_numbers(const Json& v, const std::string& where, Problems& out, Range r);

/// An object being read: checks its type and its keys against a table on construction.
/// When the value is not an object, the problem is reported once and every getter is quiet.
class Obj {
 public:
  Obj(const Json& v, std::string where, Problems& out, const KeyTable& keys);
  bool ok() const { return ok_; }
  const std::string& where() const { return where_; }
  Problems& problems() const { return *out_; }
  /// Pointer of a key of this object.
  std::string at(std::string_view key) const { return pointer_to(where_, key); }
  /// The value of `key`, or nullptr (reporting it when required).
  const Json* get(std::string_view key, Need need = Need::optional) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }

  std::optional<std::string> text(std::string_view key, Need need = Need::optional) const;
  /// An id or a reference to one: see read_ref.
  std::optional<std::string> ref(std::string_view key, Need need = Need::optional) const;
  std::optional<double> number(std::string_view key, Range r, Need need = Need::optional) const;
  std::optional<long long> integer(std::string_view key, Range r, Need need = Need::optional) const;
  std::optional<bool> flag(std::string_view key, Need need = Need::optional) const;
  std::optional<Seconds> duration(std::string_view key, Need need = Need::optional) const;
  std::optional<Seconds> clock(std::string_view key, Need need = Need::optional) const;
  std::optional<DaySet> dayset(std::string_view key, Need need = Need::optional) const;
  std::optional<Date> date(std::string_view key, Need need = Need::optional) const;
  std::optional<Distribution> quantity(std::string_view key, QuantityKind kind, Need need = Need::optional) const;
  /// A list under `key`; with `non_empty` an empty list is a problem.
  const Json* list(std::string_view key, Need need, bool non_empty) const;
  /// A string from a fixed set of names.
  template <class E>
  std::optional<E> choice(std::string_view key, std::initializer_list<Choice<E>> choices,
                          Need need = Need::optional) const;

 private:
  void check_keys(const KeyTable& keys) const;
  /// Reports a string that is not one of `names` (or not supported yet).
  void bad_choice(std::string_view key, const std::string& got, const std::vector<std::string_view>& names,
                  bool not_yet) const;

  const Json* value_;
  std::string where_;
  Problems* out_;
  bool ok_;
};

template <class E>
std::optional<E> Obj::choice(std::string_view key, std::initializer_list<Choice<E>> choices, Need need) const {
  const auto got = text(key, need);
  if (!got) return std::nullopt;
  std::vector<std::string_view> names;
  for (const Choice<E>& c : choices) {
    if (c.name != *got) {
      if (c.supported) names.push_back(c.name);
      continue;
    }
    if (c.supported) return c.value;
    bad_choice(key, *got, {}, true);
    return std::nullopt;
  }
  bad_choice(key, *got, names, false);
  return std::nullopt;
}

}  // namespace milkrun
