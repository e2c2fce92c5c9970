#include "input/replay.hpp"

#include "input/timefmt.hpp"

#include <milkrun/errors.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace milkrun {
namespace {

constexpr std::uintmax_t kMaxReplayBytes = std::uintmax_t{1} << 30;  // §12

std::string in_quotes(std::string_view text) {
  constexpr std::size_t kShown = 40;
  return "\"" + std::string(text.substr(0, kShown)) + (text.size() > kShown ? "...\"" : "\"");
}

/// One CSV record at a time (RFC 4180): fields are views into the text, or into a scratch
/// buffer for quoted fields with "" escapes. Blank lines are skipped.
class CsvRecords {
 public:
  explicit CsvRecords(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 byte order mark
  }

  /// The next record and the line it starts on; false at the end. `error` says what is
  /// wrong with the record's quoting, or is empty.
  bool next(std::vector<std::string_view>& fields, std::size_t& line, std::string& error) {
    fields.clear();
    error.clear();
    while (pos_ < text_.size() && end_of_line()) {}
    if (pos_ >= text_.size()) return false;
    line = line_;
    spans_.clear();
    scratch_.clear();
    for (;;) {
      if (pos_ < text_.size() && text_[pos_] == '"') quoted_field(error);
      else plain_field();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && !end_of_line()) {  // text after a closing quote
        if (error.empty()) error = "has text after a closing quote (write \"\" for a quote inside quotes)";
        while (pos_ < text_.size() && !end_of_line()) ++pos_;
      }
      break;
    }
    for (const Span& s : spans_)
      fields.push_back(s.in_scratch ? std::string_view(scratch_).substr(s.from, s.size) : text_.substr(s.from, s.size));
    return true;
  }

 private:
  struct Span {
    bool in_scratch;
    std::size_t from, size;
  };

  /// Consumes a line end ("\n", "\r\n" or "\r") at the position, if there is one.
  bool end_of_line() {
    if (text_[pos_] == '\n') {
      ++pos_;
    } else if (text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  void plain_field() {
    const std::size_t from = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
    spans_.push_back({false, from, pos_ - from});
  }

  void quoted_field(std::string& error) {
    ++pos_;
    std::size_t from = pos_;
    bool escaped = false;
    for (;;) {
      if (pos_ >= text_.size()) {
        error = "opens a quote that is never closed";
        spans_.push_back({escaped, from, (escaped ? scratch_.size() : pos_) - from});
        return;
      }
      const char c = text_[pos_];
      if (c == '"' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        if (!escaped) {  // from here on the field is copied, without its escapes
          const std::size_t at = scratch_.size();
          scratch_.append(text_.substr(from, pos_ - from));
          from = at;
          escaped = true;
        }
        scratch_.push_back('"');
        pos_ += 2;
        continue;
      }
      if (c == '"') {
        spans_.push_back({escaped, from, (escaped ? scratch_.size() : pos_) - from});
        ++pos_;
        return;
      }
      if (c == '\n') ++line_;
      if (escaped) scratch_.push_back(c);
      ++pos_;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0, line_ = 1;
  std::vector<Span> spans_;
  std::string scratch_;
};

/// The columns R42 reads, by position in the header; -1 when absent.
struct Columns {
  int arrival = -1, zone = -1, sku = -1, units = -1, order = -1, prime = -1, replication = -1;
};

std::optional<long long> whole_number(std::string_view text) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

/// Splits `text` on ';' into `out`.
void split_lines(std::string_view text, std::vector<std::string_view>& out) {
  out.clear();
  for (;;) {
    const auto semi = text.find(';');
    out.push_back(text.substr(0, semi));
    if (semi == std::string_view::npos) return;
    text.remove_prefix(semi + 1);
  }
}

class ReplayReader {
 public:
  ReplayReader(const Scenario& s, const std::string& file) : s_(s), file_(file) {
    zones_.reserve(s.zones.size());
    for (std::size_t z = 0; z < s.zones.size(); ++z) zones_.emplace(s.zones[z].id, static_cast<ZoneId>(z));
    skus_.reserve(s.skus.size());
    for (std::size_t k = 0; k < s.skus.size(); ++k) skus_.emplace(s.skus[k].id, static_cast<SkuId>(k));
    horizon_ = static_cast<SimTime>(s.horizon_days) * kSecondsPerDay;
  }

  ReplayOrders read(std::string_view text, const std::string& where, Problems& warnings) {
    CsvRecords records(text);
    std::size_t line = 0;
    if (!records.next(fields_, line, error_)) {
      problem(1, "is empty: it needs a header naming arrival, zone, sku and units");
      finish();
    }
    read_header(line);
    finish();
    if (cols_.replication >= 0) smallest_replication(text);
    while (records.next(fields_, line, error_)) row(line);
    close_order();
    finish();
    if (outside_ > 0)
      warnings.add(where, "warning: " + std::to_string(outside_) + " order(s) of " + file_ + " outside the horizon [" +
                              format_instant(s_.start, 0) + ", " + format_instant(s_.start, horizon_) +
                              ") were skipped");
    if (other_replications_ > 0)
      warnings.add(where, "warning: " + std::to_string(other_replications_) + " row(s) of " + file_ +
                              " from replications after " + std::to_string(replication_) +
                              " were skipped: only the smallest replication is replayed");
    if (out_.size() == 0) warnings.add(where, "warning: no order of " + file_ + " falls inside the horizon");
    out_.first_line.push_back(static_cast<std::uint32_t>(out_.sku.size()));
    return std::move(out_);
  }

 private:
  void problem(std::size_t line, std::string message) { problems_.push_back({line, std::move(message)}); }

  /// Throws every problem found so far, in line order.
  void finish() {
    if (problems_.empty()) return;
    std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Problem> list;
    list.reserve(problems_.size());
    for (auto& [line, message] : problems_) list.push_back({"line " + std::to_string(line), std::move(message)});
    throw InputError(file_, std::move(list));
  }

  void read_header(std::size_t line) {
    if (!error_.empty()) problem(line, "header " + error_);
    header_size_ = fields_.size();
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const std::string_view name = fields_[i];
      int* col = name == "arrival"       ? &cols_.arrival
                 : name == "zone"        ? &cols_.zone
                 : name == "sku"         ? &cols_.sku
                 : name == "units"       ? &cols_.units
                 : name == "order"       ? &cols_.order
                 : name == "prime"       ? &cols_.prime
                 : name == "replication" ? &cols_.replication
                                         : nullptr;
      if (col == nullptr) continue;  // other columns are ignored
      if (*col >= 0) problem(line, "has the column " + in_quotes(name) + " twice");
      *col = static_cast<int>(i);
    }
    for (const auto& [col, name] : {std::pair{cols_.arrival, "arrival"}, std::pair{cols_.zone, "zone"},
                                    std::pair{cols_.sku, "sku"}, std::pair{cols_.units, "units"}})
      if (col < 0)
        problem(line, std::string("has no column \"") + name +
                          "\": the header must name arrival, zone, sku and units (order, prime and replication are optional)");
  }

  /// R42: only the smallest replication of a file with a `replication` column is replayed.
  void smallest_replication(std::string_view text) {
    CsvRecords records(text);
    std::size_t line = 0;
    records.next(fields_, line, error_);  // the header
    std::optional<long long> smallest;
    while (records.next(fields_, line, error_)) {
      if (fields_.size() != header_size_) continue;  // reported by the main pass
      if (const auto r = whole_number(fields_[static_cast<std::size_t>(cols_.replication)]))
        smallest = std::min(smallest.value_or(*r), *r);
    }
    replication_ = smallest.value_or(0);
  }

  std::string_view field(int col) const { return fields_[static_cast<std::size_t>(col)]; }

  std::optional<SimTime> instant(std::string_view text, std::size_t line) {
    const bool seconds = text.size() == 19 && text[16] == ':';
    std::string error;
    std::optional<Date> date;
    if (text.size() >= 16 && text.substr(0, 10) == last_date_text_) {
      date = last_date_;
    } else if (text.size() >= 10) {
      date = parse_date(text.substr(0, 10), error);
      if (date) last_date_text_ = text.substr(0, 10), last_date_ = *date;
    }
    std::optional<Seconds> clock;
    if (date && (text.size() == 16 || seconds) && text[10] == 'T') clock = parse_clock(text.substr(11, 5), error);
    const std::optional<long long> second = seconds ? whole_number(text.substr(17, 2)) : std::optional<long long>(0);
    if (!date || !clock || !second || *second < 0 || *second > 59 || *clock >= kSecondsPerDay) {
      problem(line, "arrival: bad instant " + in_quotes(text) + ": use YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS");
      return std::nullopt;
    }
    return static_cast<SimTime>(*date - s_.start) * kSecondsPerDay + *clock + *second;
  }

  void row(std::size_t line) {
    if (!error_.empty()) {
      problem(line, error_);
      return;
    }
    if (fields_.size() != header_size_) {
      problem(line, "has " + std::to_string(fields_.size()) + " fields, the header has " + std::to_string(header_size_));
      return;
    }
    if (cols_.replication >= 0) {
      const auto r = whole_number(field(cols_.replication));
      if (!r) {
        problem(line, "replication: " + in_quotes(field(cols_.replication)) + " is not a whole number");
        return;
      }
      if (*r != replication_) {
        ++other_replications_;
        return;
      }
    }
    const std::size_t before = problems_.size();
    const auto t = instant(field(cols_.arrival), line);
    if (t && previous_ && *t < previous_->second)
      problem(line, "arrival " + std::string(field(cols_.arrival)) + " is before that of the row above (line " +
                        std::to_string(previous_->first) + "): arrivals must not decrease");
    if (t) previous_ = {line, *t};
    const auto zone = zones_.find(field(cols_.zone));
    if (zone == zones_.end()) problem(line, "zone: unknown zone " + in_quotes(field(cols_.zone)));
    std::int8_t prime = -1;
    if (cols_.prime >= 0) {
      const std::string_view p = field(cols_.prime);
      if (p == "0" || p == "1") prime = static_cast<std::int8_t>(p[0] - '0');
      else if (!p.empty()) problem(line, "prime: must be 0 or 1 (or empty for the Prime coin), got " + in_quotes(p));
    }
    split_lines(field(cols_.sku), sku_text_);
    split_lines(field(cols_.units), units_text_);
    if (sku_text_.size() != units_text_.size())
      problem(line, "has " + std::to_string(sku_text_.size()) + " SKU(s) but " + std::to_string(units_text_.size()) +
                        " units value(s): split on ';' they must pair up");
    lines_.clear();
    for (std::size_t i = 0; i < std::min(sku_text_.size(), units_text_.size()); ++i) {
      const auto sku = skus_.find(sku_text_[i]);
      if (sku == skus_.end()) problem(line, "sku: unknown SKU " + in_quotes(sku_text_[i]));
      const auto units = whole_number(units_text_[i]);
      if (!units || *units < 1)
        problem(line, "units: must be a whole number of at least 1, got " + in_quotes(units_text_[i]));
      if (sku != skus_.end() && units && *units >= 1) lines_.push_back({sku->second, *units});
    }
    const std::string_view order = cols_.order >= 0 ? field(cols_.order) : std::string_view();
    const bool same_order = !order.empty() && open_ && order == open_order_;
    if (same_order && t && zone != zones_.end()) {  // R42: the lines of one order agree
      if (*t != open_arrival_ || zone->second != open_zone_ || prime != open_prime_)
        problem(line, "order " + in_quotes(order) + " has another " +
                          (*t != open_arrival_ ? "arrival" : zone->second != open_zone_ ? "zone" : "prime") +
                          " than on line " + std::to_string(open_line_) + ": the lines of an order must agree");
    }
    if (!same_order && !order.empty()) {
      const auto [seen, fresh] = order_lines_.try_emplace(std::string(order), line);
      if (!fresh)
        problem(line, "order " + in_quotes(order) + " also has rows on line " + std::to_string(seen->second) +
                          ": the rows of an order must be consecutive");
    }
    if (problems_.size() != before || !t) return;
    if (!same_order) {
      close_order();
      open_ = true;
      open_order_ = std::string(order);
      open_line_ = line;
      open_arrival_ = *t;
      open_zone_ = zone->second;
      open_prime_ = prime;
    }
    for (const auto& [sku, units] : lines_) add_line(sku, units);
  }

  /// R40: a SKU twice in one order is one line with their units.
  void add_line(SkuId sku, Units units) {
    for (auto& [s, u] : open_lines_)
      if (s == sku) {
        u += units;
        return;
      }
    open_lines_.push_back({sku, units});
  }

  void close_order() {
    if (!open_) return;
    open_ = false;
    if (open_arrival_ < 0 || open_arrival_ >= horizon_) {
      outside_ += 1;
    } else if (!open_lines_.empty()) {
      out_.arrival.push_back(open_arrival_);
      out_.zone.push_back(open_zone_);
      out_.prime.push_back(open_prime_);
      out_.first_line.push_back(static_cast<std::uint32_t>(out_.sku.size()));
      for (const auto& [sku, units] : open_lines_) {
        out_.sku.push_back(sku);
        out_.units.push_back(units);
      }
    }
    open_lines_.clear();
  }


  const Scenario& s_;
  const std::string& file_;
  std::unordered_map<std::string_view, ZoneId> zones_;
  std::unordered_map<std::string_view, SkuId> skus_;
  SimTime horizon_ = 0;
  Columns cols_;
  std::size_t header_size_ = 0;
  long long replication_ = 0;
  std::vector<std::string_view> fields_, sku_text_, units_text_;
  std::string error_;
  std::vector<std::pair<std::size_t, std::string>> problems_;
  std::optional<std::pair<std::size_t, SimTime>> previous_;  ///< the last row's line and arrival
  std::string_view last_date_text_;
  Date last_date_ = 0;
  std::vector<std::pair<SkuId, Units>> lines_;
  // The order being read: its rows so far.
  bool open_ = false;
  std::string open_order_;
  std::size_t open_line_ = 0;
  SimTime open_arrival_ = 0;
  ZoneId open_zone_ = 0;
  std::int8_t open_prime_ = -1;
  std::vector<std::pair<SkuId, Units>> open_lines_;
  std::unordered_map<std::string, std::size_t> order_lines_;  ///< each `order` value's first line
  std::size_t outside_ = 0, other_replications_ = 0;
  ReplayOrders out_;
};

}  // namespace

ReplayOrders read_replay(std::string_view text, const std::string& file, const Scenario& s, const std::string& where,
                         Problems& warnings) {
  return ReplayReader(s, file).read(text, where, warnings);
}

void load_replay(Scenario& s, Problems& out, Problems& warnings) {
  namespace fs = std::filesystem;
  if (!s.demand.replay_file) return;
  const std::string where = "/demand/replay/file";
  const fs::path path = (fs::path(s.file).parent_path() / *s.demand.replay_file).lexically_normal();
  const std::string shown = path.string();
  std::error_code ec;
  if (fs::is_directory(path, ec)) return out.add(where, "cannot read " + in_quotes(shown) + ": it is a directory");
  const std::uintmax_t bytes = fs::file_size(path, ec);
  if (ec) return out.add(where, "cannot read " + in_quotes(shown) + ": " + ec.message());
  if (bytes > kMaxReplayBytes)
    return out.add(where, in_quotes(shown) + " has " + std::to_string(bytes) + " bytes, more than the limit of 1 GiB");
  std::ifstream in(path, std::ios::binary);
  std::string text(bytes, '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(bytes)))
    return out.add(where, "cannot read " + in_quotes(shown));
  s.demand.replay = std::make_shared<const ReplayOrders>(read_replay(text, shown, s, where, warnings));
}

}  // namespace milkrun
