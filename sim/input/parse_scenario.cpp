// Scenario JSON -> Scenario structs (SPEC §2): the top level and the network-wide sections.
// Entities are read in parse_network.cpp, places and roads in parse_roads.cpp, stock in
// parse_stock.cpp, milk runs in parse_milk_runs.cpp and the catalog in parse_catalog.cpp.
#include <milkrun/input/scenario_io.hpp>

#include "input/catalog.hpp"
#include "input/limits.hpp"
#include "input/parse_expect.hpp"
#include "input/parse.hpp"
#include "input/replay.hpp"
#include "input/timefmt.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace milkrun {
namespace {

constexpr std::string_view kTopKeys[] = {
    "milkrun", "name",    "start",     "horizon_days", "warmup_days", "seed",      "replications",
    "calendar", "distances", "roads",  "carrier",      "warehouses",  "zones",     "suppliers",
    "sellers", "skus",    "catalog",   "demand",       "prime",       "milk_runs", "costs",
    "expect",  "$schema"};
constexpr std::string_view kCalendarKeys[] = {"holidays"};
constexpr std::string_view kDistancesKeys[] = {"mode", "circuity", "speed_kmh", "round"};
constexpr std::string_view kCarrierKeys[] = {"pickup_days", "delivery_days", "transit_days", "delay"};
constexpr std::string_view kBandKeys[] = {"max_km", "days"};
constexpr std::string_view kDelayKeys[] = {"p", "days"};
constexpr std::string_view kDemandKeys[] = {"orders_per_day",  "hour_profile",        "weekday_profile",
                                            "peaks",           "units_per_order",     "lines_per_order",
                                            "units_per_line",  "split",               "prime_share",
                                            "on_stockout",     "backorder_ship_days", "replay"};
constexpr std::string_view kReplayKeys[] = {"file"};
constexpr std::string_view kPeakKeys[] = {"from", "to", "multiplier"};
constexpr std::string_view kPrimeKeys[] = {"promise_days"};
constexpr std::string_view kCostsKeys[] = {"holding_rate_per_year", "lost_sale_per_unit", "late_credit_per_order"};

constexpr int kFormatVersion = 1;

/// A section object when present; an Obj over null (reading nothing) when absent.
Obj section(const Obj& top, std::string_view key, const KeyTable& keys, Need need = Need::optional) {
  static const Json kAbsent = Json::object();
  const Json* v = top.get(key, need);
  return Obj(v ? *v : kAbsent, top.at(key), top.problems(), keys);
}

std::vector<Date> read_holidays(const Obj& top) {
  const Obj calendar = section(top, "calendar", KeyTable{kCalendarKeys});
  std::vector<Date> holidays;
  if (const Json* list = calendar.list("holidays", Need::optional, false)) {
    for (std::size_t i = 0; i < list->size(); ++i)
      if (const auto d = read_date((*list)[i], pointer_to(calendar.at("holidays"), i), top.problems()))
        holidays.push_back(*d);
  }
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
  return holidays;
}

std::vector<TransitBand> read_transit_bands(const Obj& carrier) {
  std::vector<TransitBand> bands;
  const Json* list = carrier.list("transit_days", Need::required, true);
  if (!list) return bands;
  std::optional<Km> previous;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Obj band((*list)[i], pointer_to(carrier.at("transit_days"), i), carrier.problems(), KeyTable{kBandKeys});
    TransitBand b;
    b.max_km = band.number("max_km", kPositive);
    if (!limits::refuse_over(band, "days", limits::kCarrierDays, "365", "days"))  // SPEC §12
      b.days = static_cast<int>(band.integer("days", kNonNegative, Need::required).value_or(0));
    if (band.ok() && !band.has("max_km") && i + 1 < list->size())
      carrier.problems().add(band.where(), "only the last band may omit \"max_km\"");
    if (b.max_km && previous && *b.max_km <= *previous)
      carrier.problems().add(band.at("max_km"), "must be greater than the previous band's max_km (" +
                                                    number_text(*previous) + "), got " + number_text(*b.max_km));
    if (b.max_km) previous = b.max_km;
    bands.push_back(b);
  }
  return bands;
}

std::optional<CarrierDelay> read_delay(const Obj& carrier) {
  const Json* v = carrier.get("delay");
  if (!v) return std::nullopt;
  const Obj delay(*v, carrier.at("delay"), carrier.problems(), KeyTable{kDelayKeys});
  CarrierDelay d;
  d.p = delay.number("p", kProbability, Need::required).value_or(0);
  // R32: delay days are a count of delivery days, not a duration.
  d.days = delay.quantity("days", QuantityKind::count, Need::required).value_or(Distribution{});
  // SPEC §12: each delayed order walks its delay's delivery days one by one.
  if (limits::largest_parameter(d.days) > limits::kCarrierDays)
    carrier.problems().add(delay.at("days"), "must stay within 365 days (milkrun's limit), got " +
                                                 describe(*delay.get("days")));
  return d;
}

/// A profile of relative weights: exactly `size` numbers >= 0 with a positive sum (R1).
std::vector<double> read_profile(const Obj& demand, std::string_view key, std::size_t size, const char* what) {
  const Json* v = demand.get(key);
  if (!v) return {};
  const auto weights = read_numbers(*v, demand.at(key), demand.problems(), kNonNegative);
  if (!weights) return {};
  if (weights->size() != size) {
    demand.problems().add(demand.at(key), "must have " + std::to_string(size) + " entries (" + what + "), got " +
                                              std::to_string(weights->size()));
    return {};
  }
  if (std::accumulate(weights->begin(), weights->end(), 0.0) <= 0) {
    demand.problems().add(demand.at(key), "must have a positive sum");
    return {};
  }
  return *weights;
}

std::vector<Peak> read_peaks(const Obj& demand) {
  std::vector<Peak> peaks;
  const Json* list = demand.list("peaks", Need::optional, false);
  if (!list) return peaks;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Obj peak((*list)[i], pointer_to(demand.at("peaks"), i), demand.problems(), KeyTable{kPeakKeys});
    const auto from = peak.date("from", Need::required);
    const auto to = peak.date("to", Need::required);
    const auto multiplier = peak.number("multiplier", kPositive, Need::required);
    if (from && to && *from > *to)
      demand.problems().add(peak.where(), "\"from\" (" + format_date(*from) + ") is after \"to\" (" +
                                              format_date(*to) + ")");
    if (from && to && multiplier) peaks.push_back(Peak{*from, *to, *multiplier});
  }
  return peaks;
}

/// Reads the top-level scalars; false when the format version is not the one we read.
bool read_header(const Obj& top, Scenario& s) {
  // scenarios/schema.json sits beside the scenarios, so `milkrun validate scenarios/*.json`
  // meets it: one clear line instead of every scenario key reported missing.
  const Json* dialect = top.get("$schema");
  if (!top.has("milkrun") && dialect && dialect->is_string() &&
      dialect->get<std::string>().find("json-schema.org") != std::string::npos) {
    top.problems().list().clear();
    top.problems().add(top.at("$schema"), "this file is a JSON Schema (it describes scenarios), not a scenario");
    return false;
  }
  const Json* version = top.get("milkrun", Need::required);
  if (version && *version != Json(kFormatVersion)) {
    top.problems().list().clear();  // a different format: its other "problems" would mislead
    top.problems().add(top.at("milkrun"), "must be 1 (the scenario format version this milkrun reads), got " +
                                              describe(*version));
    return false;
  }
  s.name = top.text("name", Need::required).value_or("");
  if (top.has("name") && top.get("name")->is_string() && s.name.empty())
    top.problems().add(top.at("name"), "must not be empty");
  s.start = top.date("start", Need::required).value_or(0);
  // SPEC §12: sizes that cannot work are refused before anything is allocated for them.
  if (!limits::refuse_over(top, "horizon_days", limits::kHorizonDays, "3660", "days"))
    s.horizon_days = static_cast<int>(top.integer("horizon_days", kPositive, Need::required).value_or(0));
  const auto warmup = top.integer("warmup_days", kNonNegative);
  s.warmup_days = static_cast<int>(warmup.value_or(0));
  if (warmup && s.horizon_days > 0 && s.warmup_days >= s.horizon_days)
    top.problems().add(top.at("warmup_days"), "must be less than horizon_days (" + std::to_string(s.horizon_days) +
                                                  "), got " + std::to_string(s.warmup_days));
  // "$schema" names the JSON Schema an editor checks the file against (SPEC §8); milkrun
  // only requires it to be a string.
  top.text("$schema");
  s.seed = read_seed(top, "seed", 1);
  if (!limits::refuse_over(top, "replications", limits::kReplications, "10000", ""))
    s.replications = static_cast<int>(top.integer("replications", kPositive).value_or(1));
  return true;
}

void read_tail(const Obj& top, Scenario& s) {
  const Obj prime = section(top, "prime", KeyTable{kPrimeKeys});
  if (!limits::refuse_over(prime, "promise_days", limits::kCarrierDays, "365", "days"))
    s.prime_promise_days = static_cast<int>(prime.integer("promise_days", kNonNegative).value_or(2));
  const Obj costs = section(top, "costs", KeyTable{kCostsKeys});
  s.costs.holding_rate_per_year = costs.number("holding_rate_per_year", kNonNegative).value_or(0);
  s.costs.lost_sale_per_unit = costs.number("lost_sale_per_unit", kNonNegative).value_or(0);
  s.costs.late_credit_per_order = costs.number("late_credit_per_order", kNonNegative).value_or(0);
  s.expect = read_expect(top, s);
}

/// The sections, in an order where each can be checked against those it refers to.
void read_sections(const Obj& top, Scenario& s) {
  s.holidays = read_holidays(top);
  s.distances = read_distances(top);
  s.roads = read_roads(top, s.distances);
  const PlaceRules places = place_rules(s.distances, s.roads);
  s.carrier = read_carrier(top);
  s.warehouses = read_warehouses(top, places);
  s.zones = read_zones(top, places);
  s.suppliers = read_suppliers(top, places);
  s.sellers = read_sellers(top, places);
  if (limits::listed_skus_fit(top)) s.skus = read_skus(top);
  s.demand = read_demand(top);
  s.milk_runs = read_milk_runs(top);
  read_tail(top, s);
}

/// Reads `catalog` and appends its SKUs when it is sound (else its problems are reported).
void expand_catalog(const Obj& top, Scenario& s) {
  const std::size_t before = top.problems().size();
  s.catalog = read_catalog(top, s);
  if (s.catalog && top.problems().size() == before) generate_catalog(s);
}

}  // namespace

std::string content_text(const Json& doc) {
  if (!doc.is_object() || !doc.contains("$schema")) return doc.dump();
  Json content = doc;
  content.erase("$schema");
  return content.dump();
}

void sort_by_position(std::vector<Problem>& problems, const Json& doc) {
  std::unordered_map<std::string, std::size_t> position;
  const auto visit = [&](const auto& self, const Json& v, const std::string& ptr) -> void {
    position.emplace(ptr, position.size());
    if (v.is_object())
      for (const auto& item : v.items()) self(self, item.value(), pointer_to(ptr, item.key()));
    else if (v.is_array())
      for (std::size_t i = 0; i < v.size(); ++i) self(self, v[i], pointer_to(ptr, i));
  };
  visit(visit, doc, "");
  const auto rank = [&](std::string ptr) {
    if (ptr == "/") ptr.clear();
    for (;;) {
      if (const auto it = position.find(ptr); it != position.end()) return it->second;
      const auto slash = ptr.rfind('/');
      if (slash == std::string::npos) return std::size_t{0};
      ptr.resize(slash);
    }
  };
  std::stable_sort(problems.begin(), problems.end(),
                   [&](const Problem& a, const Problem& b) { return rank(a.where) < rank(b.where); });
}

std::uint64_t read_seed(const Obj& o, std::string_view key, std::uint64_t fallback) {
  // Any unsigned 64-bit seed is fine; the generic integer reader words the other cases.
  const Json* seed = o.get(key);
  if (seed && seed->is_number_unsigned()) return seed->get<std::uint64_t>();
  if (seed) return static_cast<std::uint64_t>(o.integer(key, kNonNegative).value_or(static_cast<long long>(fallback)));
  return fallback;
}

Distances read_distances(const Obj& top) {
  const Obj o = section(top, "distances", KeyTable{kDistancesKeys});
  Distances d;
  d.mode = o.choice<DistanceMode>("mode", {{"haversine", DistanceMode::haversine},
                                           {"euclidean", DistanceMode::euclidean},
                                           {"roads", DistanceMode::roads}})
               .value_or(DistanceMode::haversine);
  d.circuity = o.number("circuity", kPositive).value_or(1.0);
  d.speed_kmh = o.number("speed_kmh", kPositive).value_or(60.0);
  d.round = o.flag("round").value_or(false);
  return d;
}

Carrier read_carrier(const Obj& top) {
  const Obj o = section(top, "carrier", KeyTable{kCarrierKeys}, Need::required);
  Carrier c;
  c.pickup_days = o.dayset("pickup_days").value_or(c.pickup_days);
  c.delivery_days = o.dayset("delivery_days").value_or(c.delivery_days);
  if (top.has("carrier")) c.transit_days = read_transit_bands(o);
  c.delay = read_delay(o);
  return c;
}

Demand read_demand(const Obj& top) {
  const Obj o = section(top, "demand", KeyTable{kDemandKeys});
  Demand d;
  if (!limits::refuse_over(o, "orders_per_day", limits::kOrdersPerDay, "1e9", "orders a day"))
    d.orders_per_day = o.number("orders_per_day", kNonNegative);
  d.hour_profile = read_profile(o, "hour_profile", 24, "one per hour");
  d.weekday_profile = read_profile(o, "weekday_profile", 7, "one per weekday, Monday first");
  d.peaks = read_peaks(o);
  d.units_per_order = o.quantity("units_per_order", QuantityKind::count).value_or(d.units_per_order);
  // R40: giving them together with units_per_order is checked in validate.cpp, from the document.
  d.lines_per_order = o.quantity("lines_per_order", QuantityKind::count);
  if (d.lines_per_order &&
      limits::refuse_mean_over(o, "lines_per_order", *d.lines_per_order, limits::kLinesPerOrder, "1000", "lines"))
    d.lines_per_order.reset();  // SPEC §12: nothing is built for it
  d.units_per_line = o.quantity("units_per_line", QuantityKind::count);
  d.split = o.flag("split").value_or(false);
  d.prime_share = o.number("prime_share", kProbability).value_or(0);
  d.on_stockout = o.choice<OnStockout>("on_stockout", {{"lost", OnStockout::lost}, {"backorder", OnStockout::backorder}})
                      .value_or(OnStockout::lost);
  if (!limits::refuse_over(o, "backorder_ship_days", limits::kDaysField, "365", "days"))
    d.backorder_ship_days = o.number("backorder_ship_days", kNonNegative).value_or(7);
  if (const Json* replay = o.get("replay")) {  // R42
    const Obj r(*replay, o.at("replay"), o.problems(), KeyTable{kReplayKeys});
    if (r.ok()) d.replay_file = r.text("file", Need::required);
    if (d.replay_file && d.replay_file->empty()) {
      o.problems().add(r.at("file"), "must name a CSV file of recorded orders");
      d.replay_file.reset();
    }
  }
  return d;
}

Scenario parse_scenario(const nlohmann::ordered_json& doc, const std::string& file) {
  return parse_scenario(doc, file, nullptr);
}

Scenario parse_scenario(const nlohmann::ordered_json& doc, const std::string& file, PlansAside* aside) {
  Problems out, warnings;
  Scenario s;
  s.file = file;
  s.source = content_text(doc);
  const Obj top(doc, "", out, KeyTable{kTopKeys});
  bool planning_aside = false;
  if (top.ok() && read_header(top, s)) {
    read_sections(top, s);
    // SPEC §12: a size over its limit stops here, before the catalog, the travel matrix or
    // anything else is built for it.
    if (limits::check_sizes(top, s)) {
      expand_catalog(top, s);
      validate_scenario(s, doc, out, warnings);
      // Aside, the plans' problems still come last: nothing else is checked after them. A
      // scenario replaying recorded orders checks them at once, since an error in its plans
      // must be reported instead of any in the recorded orders, read after them.
      planning_aside = out.empty() && aside && !s.milk_runs.empty() && !s.demand.replay_file;
      if (planning_aside) {
        aside->findings = std::async(std::launch::async, [planning = planning_scenario(s)] { return check_planning(planning); });
      } else if (out.empty()) {
        check_plans(s, out, warnings);
      }
      if (out.empty()) load_replay(s, out, warnings);  // R42: after the zones and SKUs are known good
    }
  }
  if (planning_aside) {  // sorted with the plans' own when they are known
    aside->warnings = std::move(warnings);
    return s;
  }
  end_checks(s, out, warnings, doc);
  return s;
}

void end_checks(Scenario& s, Problems& out, Problems& warnings, const Json& doc) {
  if (!out.empty()) {
    sort_by_position(out.list(), doc);
    throw InputError(s.file, std::move(out.list()));
  }
  sort_by_position(warnings.list(), doc);
  s.warnings = std::move(warnings.list());
}

}  // namespace milkrun
