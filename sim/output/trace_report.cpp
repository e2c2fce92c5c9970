#include <milkrun/output/trace_report.hpp>

#include "input/timefmt.hpp"

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

Json candidates_json(const Model& m, const OrderTrace& o) {
  Json out = Json::array();
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
  j["lines"] = Json::array({{{"sku", m.skus[o.sku].id}, {"units", o.units}}});
  j["prime"] = o.prime;
  j["candidates"] = candidates_json(m, o);
  j["status"] = status_name(o.status);
  j["warehouse"] = o.warehouse ? Json(m.warehouses[*o.warehouse].id) : Json(nullptr);
  j["promised_ship"] = placed ? Json(instant(m, o.promised_ship)) : Json(nullptr);
  j["promised_delivery"] = placed ? Json(date(m, o.promised_delivery)) : Json(nullptr);
  j["shipments"] = o.shipment ? Json::array({shipment_json(m, *o.shipment)}) : Json::array();
  j["shipped"] = o.shipment ? Json(instant(m, o.shipment->shipped)) : Json(nullptr);
  j["delivered"] = o.shipment ? Json(date(m, o.shipment->delivered)) : Json(nullptr);
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
  out << "  " << o.units << " x " << m.skus[o.sku].id << " for zone " << m.zone_ids[o.zone] << (o.prime ? ", Prime" : "")
      << ", arrived " << instant(m, o.arrival) << "\n\nwarehouses considered\n";
  char line[200];
  for (const PromiseCandidate& c : candidates_of(m, o).candidates) {
    const std::string free = c.stocks ? std::to_string(c.free) : "-";
    std::snprintf(line, sizeof line, "  %-3s %-10s %8.1f km  free %-7s ship %s  deliver %s  ",
                  c.verdict == PromiseVerdict::chosen ? "->" : "", m.warehouses[c.quote.warehouse].id.c_str(), c.km, free.c_str(),
                  instant(m, c.quote.ship_by).c_str(), date(m, c.quote.deliver_by).c_str());
    out << line << why_of(m, o, c) << '\n';
  }
  out << "\noutcome\n  " << status_name(o.status);
  if (o.warehouse) out << " from " << m.warehouses[*o.warehouse].id << (o.backorder ? " (backorder)" : "");
  if (o.status != OrderStatus::lost)
    out << ", promised to ship " << instant(m, o.promised_ship) << ", deliver " << date(m, o.promised_delivery);
  out << '\n';
  if (o.shipment)
    out << "  shipped " << instant(m, o.shipment->shipped) << ", delivered " << date(m, o.shipment->delivered) << '\n';
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
