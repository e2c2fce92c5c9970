#include <milkrun/output/trace_report.hpp>

#include "input/timefmt.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace milkrun {
namespace {

using Json = nlohmann::ordered_json;

std::string instant(const Model& m, SimTime t) { return format_instant_seconds(m.start, t); }
std::string date(const Model& m, DayIndex d) { return format_date(m.start + static_cast<Date>(d)); }

/// The detail with its "{t}" and "{d}" filled from its instants, in order.
std::string detail_text(const Model& m, const TraceEvent& e) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < e.detail.size(); ++i) {
    const bool slot = e.detail[i] == '{' && i + 2 < e.detail.size() && e.detail[i + 2] == '}' &&
                      (e.detail[i + 1] == 't' || e.detail[i + 1] == 'd') && next < e.instants.size();
    if (!slot) {
      out += e.detail[i];
      continue;
    }
    const SimTime t = e.instants[next++];
    out += e.detail[i + 1] == 't' ? instant(m, t) : date(m, day_of(t));
    i += 2;
  }
  return out;
}

Json events_json(const Model& m, const std::vector<TraceEvent>& events) {
  Json out = Json::array();
  for (const TraceEvent& e : events) {
    std::string detail = detail_text(m, e);
    if (e.event == "reserve") detail += ": free " + std::to_string(e.free_from) + " -> " + std::to_string(e.free_to);
    out.push_back({{"at", instant(m, e.at)}, {"event", e.event}, {"detail", std::move(detail)}});
  }
  return out;
}

Json spell_json(const Model& m, const TraceSpell& s) {
  return {{"start", instant(m, s.start)},
          {"end", s.end ? Json(instant(m, *s.end)) : Json(nullptr)},
          {"cause", upstream_name(s.cause)},
          {"detail", detail_text(m, s.why)}};
}

/// What each warehouse offered the order as it arrived and why it won or lost: the
/// explanation of `milkrun promise --explain` over the free stock the order saw, so the
/// winner is the warehouse the engine chose by the same comparison.
PromiseFilter filter_of(const OrderTrace& o) { return {std::nullopt, o.sku, o.units, &o.free}; }

PromiseExplanation candidates_of(const Model& m, const OrderTrace& o) { return explain_promise(m, o.zone, o.arrival, filter_of(o)); }

std::string why_of(const Model& m, const OrderTrace& o, const PromiseCandidate& c) { return promise_why(m, filter_of(o), c); }

/// R40: the order's lines, as (SKU, units).
std::vector<OrderLine> lines_of(const OrderTrace& o) {
  if (!o.lines.empty()) return o.lines;
  return {{o.sku, o.units}};
}

/// R40, R41: an order with several lines: each warehouse's promise and how many lines its
/// free stock covered when the order arrived.
struct LineCover {
  PromiseQuote quote;
  Km km = 0;
  std::size_t covered = 0;
  std::vector<std::optional<Units>> free;  ///< per line; nullopt: not stocked there
};

std::vector<LineCover> covers_of(const Model& m, const OrderTrace& o) {
  std::vector<LineCover> out;
  for (const PromiseCandidate& c : explain_promise(m, o.zone, o.arrival, PromiseFilter{}).candidates) {
    LineCover cover{c.quote, c.km, 0, {}};
    for (const OrderLine& l : o.lines) {
      const PairId p = m.pair(l.sku, c.quote.warehouse);
      if (p == kNoPair) {
        cover.free.push_back(std::nullopt);
        continue;
      }
      cover.free.push_back(o.free[p]);
      cover.covered += o.free[p] >= l.units;
    }
    out.push_back(std::move(cover));
  }
  return out;
}

Json candidates_json(const Model& m, const OrderTrace& o) {
  Json out = Json::array();
  if (!o.lines.empty()) {
    for (const LineCover& c : covers_of(m, o)) {
      Json free = Json::object();
      for (std::size_t i = 0; i < o.lines.size(); ++i) free[m.skus[o.lines[i].sku].id] = c.free[i] ? Json(*c.free[i]) : Json(nullptr);
      out.push_back({{"warehouse", m.warehouses[c.quote.warehouse].id},
                     {"km", c.km},
                     {"free", std::move(free)},
                     {"lines_covered", c.covered},
                     {"promised_ship", instant(m, c.quote.ship_by)},
                     {"promised_delivery", date(m, c.quote.deliver_by)},
                     {"chosen", o.warehouse && *o.warehouse == c.quote.warehouse},
                     {"why", std::to_string(c.covered) + " of " + std::to_string(o.lines.size()) + " lines free"}});
    }
    return out;
  }
  for (const PromiseCandidate& c : candidates_of(m, o).candidates) {
    out.push_back({{"warehouse", m.warehouses[c.quote.warehouse].id},
                   {"km", c.km},
                   {"free", c.stocks ? Json(c.free) : Json(nullptr)},
                   {"promised_ship", instant(m, c.quote.ship_by)},
                   {"promised_delivery", date(m, c.quote.deliver_by)},
                   {"chosen", c.verdict == PromiseVerdict::chosen},
                   {"why", why_of(m, o, c)}});
  }
  return out;
}

Json shipment_json(const Model& m, const TraceShipment& s) {
  Json pauses = Json::array();
  for (const auto& [from, to] : s.pauses) pauses.push_back({instant(m, from), instant(m, to)});
  return {{"warehouse", m.warehouses[s.warehouse].id}, {"pick_join", instant(m, s.pick_join)},
          {"pick_start", instant(m, s.pick_start)},    {"pauses", std::move(pauses)},
          {"pick_end", instant(m, s.pick_end)},        {"shipped", instant(m, s.shipped)},
          {"delivered", date(m, s.delivered)},         {"delay_days", s.delay_days}};
}

Json cause_json(Cause c) { return c == Cause::none ? Json(nullptr) : Json(cause_name(c)); }

}  // namespace

Json order_trace_json(const Model& m, const TraceResult& trace) {
  const OrderTrace& o = trace.order;
  const bool placed = o.status != OrderStatus::lost;
  Json j;
  j["replication"] = trace.replication + 1;
  j["order"] = o.order;
  j["measured"] = o.measured;
  j["arrival"] = instant(m, o.arrival);
  j["zone"] = m.zone_ids[o.zone];
  j["lines"] = Json::array();
  for (const OrderLine& l : lines_of(o)) j["lines"].push_back({{"sku", m.skus[l.sku].id}, {"units", l.units}});
  j["prime"] = o.prime;
  j["candidates"] = candidates_json(m, o);
  j["status"] = status_name(o.status);
  j["warehouse"] = o.warehouse ? Json(m.warehouses[*o.warehouse].id) : Json(nullptr);
  j["expedited_units"] = o.expedited;  // R43: bought for it
  j["expedite_arrival"] = o.expedited > 0 ? Json(instant(m, o.expedite_arrival)) : Json(nullptr);
  j["promised_ship"] = placed ? Json(instant(m, o.promised_ship)) : Json(nullptr);
  j["promised_delivery"] = placed ? Json(date(m, o.promised_delivery)) : Json(nullptr);
  j["shipments"] = Json::array();
  DayIndex delivered = 0;
  for (const TraceShipment& s : o.shipments) {
    j["shipments"].push_back(shipment_json(m, s));
    delivered = std::max(delivered, s.delivered);
  }
  j["shipped"] = o.shipment ? Json(instant(m, o.shipment->shipped)) : Json(nullptr);  // the last shipment's
  j["delivered"] = o.shipment ? Json(date(m, delivered)) : Json(nullptr);              // the last delivery
  j["late_shipment"] = o.late_shipment;
  j["late_delivery"] = o.late_delivery;
  j["cause"] = cause_json(o.cause);
  j["upstream_cause"] = o.upstream == Upstream::none ? Json(nullptr) : Json(upstream_name(o.upstream));
  j["spell"] = o.spell ? spell_json(m, *o.spell) : Json(nullptr);
  j["events"] = events_json(m, o.events);
  return j;
}

Json pair_trace_json(const Model& m, const TraceResult& trace) {
  const PairModel& pm = m.pairs[trace.pair.pair];
  Json spells = Json::array();
  for (const TraceSpell& s : trace.pair.spells) spells.push_back(spell_json(m, s));
  return {{"sku", m.skus[pm.sku].id},
          {"warehouse", m.warehouses[pm.warehouse].id},
          {"replication", trace.replication + 1},
          {"events", events_json(m, trace.pair.events)},
          {"spells", std::move(spells)}};
}

namespace {

void event_line(const std::string& at, const std::string& event, const std::string& detail, std::ostringstream& out) {
  char line[64];
  std::snprintf(line, sizeof line, "  %s  %-15s ", at.c_str(), event.c_str());
  out << line << detail << '\n';
}

/// One line per event, except that a run of reservations reads as one line.
void events_text(const Model& m, const std::vector<TraceEvent>& events, std::ostringstream& out) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    std::size_t last = i;
    while (e.event == "reserve" && last + 1 < events.size() && events[last + 1].event == "reserve") ++last;
    if (last == i) {
      event_line(instant(m, e.at), e.event, detail_text(m, e), out);
      continue;
    }
    Units units = 0;
    for (std::size_t k = i; k <= last; ++k) units += events[k].units;
    event_line(instant(m, e.at), e.event,
               std::to_string(last - i + 1) + " orders reserve " + std::to_string(units) + " units until " +
                   instant(m, events[last].at) + ": free " + std::to_string(e.free_from) + " -> " + std::to_string(events[last].free_to),
               out);
    i = last;
  }
}

}  // namespace

std::string order_trace_text(const Model& m, const TraceResult& trace) {
  const OrderTrace& o = trace.order;
  std::ostringstream out;
  out << "order " << o.order << ", replication " << trace.replication + 1 << (o.measured ? "" : " (warm-up: not measured)") << '\n';
  out << "  ";
  const std::vector<OrderLine> lines = lines_of(o);
  for (std::size_t i = 0; i < lines.size(); ++i) out << (i ? ", " : "") << lines[i].units << " x " << m.skus[lines[i].sku].id;
  out << " for zone " << m.zone_ids[o.zone] << (o.prime ? ", Prime" : "") << ", arrived " << instant(m, o.arrival)
      << "\n\nwarehouses considered\n";
  char line[200];
  if (!o.lines.empty()) {  // R40: what each warehouse had free of each line
    for (const LineCover& c : covers_of(m, o)) {
      std::string free;
      for (std::size_t i = 0; i < o.lines.size(); ++i)
        free += (i ? ", " : "") + m.skus[o.lines[i].sku].id + " " + (c.free[i] ? std::to_string(*c.free[i]) : "-");
      std::snprintf(line, sizeof line, "  %-3s %-10s %8.1f km  ship %s  deliver %s  ",
                    o.warehouse && *o.warehouse == c.quote.warehouse ? "->" : "", m.warehouses[c.quote.warehouse].id.c_str(), c.km,
                    instant(m, c.quote.ship_by).c_str(), date(m, c.quote.deliver_by).c_str());
      out << line << c.covered << " of " << o.lines.size() << " lines free (" << free << ")\n";
    }
  }
  for (const PromiseCandidate& c : o.lines.empty() ? candidates_of(m, o).candidates : std::vector<PromiseCandidate>{}) {
    const std::string free = c.stocks ? std::to_string(c.free) : "-";
    // R43: the warehouse that expedited the order took it without the units free.
    const bool expedited = o.expedited > 0 && o.warehouse && *o.warehouse == c.quote.warehouse;
    std::snprintf(line, sizeof line, "  %-3s %-10s %8.1f km  free %-7s ship %s  deliver %s  ",
                  c.verdict == PromiseVerdict::chosen || expedited ? "->" : "", m.warehouses[c.quote.warehouse].id.c_str(), c.km,
                  free.c_str(), instant(m, c.quote.ship_by).c_str(), date(m, c.quote.deliver_by).c_str());
    out << line << why_of(m, o, c) << (expedited ? "; expedites: buys " + std::to_string(o.expedited) : std::string()) << '\n';
  }
  out << "\noutcome\n  " << status_name(o.status);
  if (o.shipments.size() > 1) {  // R41: split
    out << " in " << o.shipments.size() << " shipments from ";
    for (std::size_t i = 0; i < o.shipments.size(); ++i) out << (i ? ", " : "") << m.warehouses[o.shipments[i].warehouse].id;
  } else if (o.warehouse) {
    out << " from " << m.warehouses[*o.warehouse].id << (o.backorder ? " (backorder)" : "");
    if (o.expedited > 0)
      out << " (expedited: " << o.expedited << (o.expedited == 1 ? " unit" : " units") << " bought, arriving "
          << instant(m, o.expedite_arrival) << ")";
  }
  if (o.status != OrderStatus::lost)
    out << ", promised to ship " << instant(m, o.promised_ship) << ", deliver " << date(m, o.promised_delivery);
  out << '\n';
  for (const TraceShipment& s : o.shipments)
    out << "  shipped " << instant(m, s.shipped) << (o.shipments.size() > 1 ? " from " + m.warehouses[s.warehouse].id : std::string())
        << ", delivered " << date(m, s.delivered) << '\n';
  if (o.late_delivery || o.late_shipment)
    out << "  late shipment " << (o.late_shipment ? "yes" : "no") << ", late delivery " << (o.late_delivery ? "yes" : "no")
        << (o.cause != Cause::none ? ", cause " + std::string(cause_name(o.cause)) : "") << '\n';
  if (o.upstream != Upstream::none) out << "  upstream cause " << upstream_name(o.upstream) << '\n';
  if (o.spell)
    out << "  stockout from " << instant(m, o.spell->start) << " to "
        << (o.spell->end ? instant(m, *o.spell->end) : std::string("the end of the run")) << ": " << detail_text(m, o.spell->why) << '\n';
  out << "\nevents\n";
  events_text(m, o.events, out);
  return out.str();
}

std::string pair_trace_text(const Model& m, const TraceResult& trace) {
  const PairModel& pm = m.pairs[trace.pair.pair];
  std::ostringstream out;
  out << m.skus[pm.sku].id << " at " << m.warehouses[pm.warehouse].id << ", replication " << trace.replication + 1 << "\n\nstockout spells\n";
  if (trace.pair.spells.empty()) out << "  none\n";
  for (const TraceSpell& s : trace.pair.spells)
    out << "  " << instant(m, s.start) << " -> " << (s.end ? instant(m, *s.end) : std::string("end of run")) << "  "
        << upstream_name(s.cause) << ": " << detail_text(m, s.why) << '\n';
  out << "\nevents\n";
  events_text(m, trace.pair.events, out);
  return out.str();
}

}  // namespace milkrun
