#include "engine/tracer.hpp"

#include <algorithm>

#include "engine/inventory.hpp"

#include <cstdio>

namespace milkrun::engine {

std::string days_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f d", seconds / kSecondsPerDay);
  return buf;
}

std::string units_text(Units n) { return std::to_string(n) + (n == 1 ? " unit" : " units"); }

std::string wait_text(Seconds s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(s / 3600), static_cast<long long>(s % 3600 / 60));
  return buf;
}

std::vector<std::pair<SimTime, SimTime>> pauses_between(const OpenHours& hours, SimTime from, SimTime to) {
  std::vector<std::pair<SimTime, SimTime>> pauses;
  for (SimTime t = from; t < to;) {
    const SimTime closes = hours.open_until(t);
    if (closes >= to) break;
    const SimTime opens = hours.next_open(closes);
    pauses.emplace_back(closes, opens);
    t = opens;
  }
  return pauses;
}

Tracer::Tracer(const Model& model, const TraceRequest& request, int replication)
    : m_(model), request_(request), open_(model.pairs.size()) {
  result_.replication = replication;
  if (request.pair) result_.pair.pair = *request.pair;
}

void Tracer::order_event(SimTime at, std::string event, std::string detail, std::vector<SimTime> instants) {
  result_.order.events.push_back({at, std::move(event), std::move(detail), std::move(instants)});
}

void Tracer::order_arrives(const Job& job, const std::vector<JobLine>& lines, const std::vector<PairState>& pairs) {
  OrderTrace& o = result_.order;
  o.arrived = true;
  o.order = job.order;
  o.measured = job.measured;
  o.prime = job.prime;
  o.arrival = job.arrival;
  o.zone = job.zone;
  o.sku = lines[0].sku;
  o.units = job.units;
  std::string what = units_text(lines[0].units) + " of " + m_.skus[lines[0].sku].id;
  if (lines.size() > 1) {
    for (std::size_t i = 1; i < lines.size(); ++i) what += ", " + units_text(lines[i].units) + " of " + m_.skus[lines[i].sku].id;
    what = std::to_string(lines.size()) + " lines: " + what;
    for (const JobLine& l : lines) o.lines.push_back({l.sku, l.units});
  }
  o.free.reserve(pairs.size());
  for (const PairState& s : pairs) o.free.push_back(s.free);
  order_event(job.arrival, "arrival",
              what + " for zone " + m_.zone_ids[job.zone] + (job.prime ? ", Prime" : "") + (job.measured ? "" : " (warm-up: not measured)"));
}

void Tracer::keep_spell(const Job& job, PairId p, const PairState& pair) {
  if (job.upstream == Upstream::none || pair.free != 0 || !open_[p]) return;
  result_.order.spell = open_[p];
  order_pair_ = p;  // its end is filled in when it ends
}

void Tracer::order_decided(const Job& job, std::optional<WarehouseId> chosen, bool lost, PairId p, const PairState& pair) {
  OrderTrace& o = result_.order;
  o.chosen = chosen;
  o.warehouse = job.warehouse;
  o.backorder = job.backorder;
  o.upstream = job.upstream;
  const std::string& w = m_.warehouses[job.warehouse].id;
  if (lost) {
    o.status = OrderStatus::lost;
    o.warehouse.reset();
    if (job.lines > 1)
      order_event(job.arrival, "lost",
                  "no warehouse has every line's units free; " + m_.skus[m_.pairs[p].sku].id + " at " +
                      m_.warehouses[m_.pairs[p].warehouse].id + " has " + std::to_string(pair.free));
    else
      order_event(job.arrival, "lost",
                  "no warehouse has " + units_text(job.units) + " free; the nearest stocking, " + w + ", has " + std::to_string(pair.free));
  } else {
    o.status = OrderStatus::delivered;  // until the run gives up on it
    o.promised_ship = job.promised_ship;
    o.promised_delivery = job.promised_day;
    if (job.backorder)
      order_event(job.arrival, "backorder",
                  "waits at " + w + " for " + std::to_string(job.missing) + " of its " + units_text(job.units) +
                      "; promised to ship {t}, deliver {d}",
                  {job.promised_ship, job.promised_day * kSecondsPerDay});
    else
      order_event(job.arrival, "promise", "reserved at " + w + "; promised to ship {t}, deliver {d}",
                  {job.promised_ship, job.promised_day * kSecondsPerDay});
  }
  keep_spell(job, p, pair);
}

void Tracer::order_split(const Job& job, const std::vector<Job>& shipments, DayIndex promised_day,
                         const std::vector<JobLine>& lines, const std::vector<std::int32_t>& part_of) {
  OrderTrace& o = result_.order;
  split_ = shipments.size() >= 2;
  o.warehouse = job.warehouse;
  o.upstream = job.upstream;
  o.status = OrderStatus::delivered;  // until the run gives up on it
  o.promised_ship = shipments[0].promised_ship;
  o.promised_delivery = promised_day;
  o.backorder = false;
  std::string what;
  for (std::size_t k = 0; k < shipments.size(); ++k) {
    const Job& s = shipments[k];
    o.backorder = o.backorder || s.backorder;
    std::string skus;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (part_of[i] == static_cast<std::int32_t>(k)) skus += (skus.empty() ? "" : ", ") + m_.skus[lines[i].sku].id;
    what += (k ? "; " : "") + m_.warehouses[s.warehouse].id + (s.backorder ? " waits for " : " reserves ") + skus;
  }
  std::string lost;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (part_of[i] < 0) lost += (lost.empty() ? "" : ", ") + m_.skus[lines[i].sku].id;
  if (!lost.empty()) what += "; lost: " + lost;
  order_event(job.arrival, "split",
              "no warehouse covers every line: " + std::to_string(shipments.size()) + " shipment(s): " + what +
                  "; promised to deliver {d} (the latest shipment's promise)",
              {promised_day * kSecondsPerDay});
}

void Tracer::order_expedited(const Job& job, SimTime arrive, double premium, PairId p, const PairState& pair) {
  OrderTrace& o = result_.order;
  o.warehouse = job.warehouse;
  o.upstream = job.upstream;
  o.status = OrderStatus::delivered;  // until the run gives up on it
  o.promised_ship = job.promised_ship;
  o.promised_delivery = job.promised_day;
  o.expedited = job.missing;
  o.expedite_arrival = arrive;
  char cost[32];
  std::snprintf(cost, sizeof cost, "%.2f", static_cast<double>(job.missing) * premium);
  order_event(job.arrival, "expedite",
              std::string(job.lines > 1 ? "no warehouse has every line's units free; " : "no warehouse has the units free; ") +
                  m_.warehouses[job.warehouse].id + " reserves " + std::to_string(job.units - job.missing) + " free and buys " +
                  units_text(job.missing) + " (cost " + cost + ") arriving {t}; promised to ship {t}, deliver {d}",
              {arrive, job.promised_ship, job.promised_day * kSecondsPerDay});
  keep_spell(job, p, pair);
}

void Tracer::expedite_arrives(const Job& job, SimTime t) {
  order_event(t, "bought", "the " + units_text(job.missing) + " bought reach the order at " + m_.warehouses[job.warehouse].id);
}

void Tracer::backorder_filled(const Job& job, SimTime t) {
  order_event(t, "stock", "all " + units_text(job.units) + " held at " + m_.warehouses[job.warehouse].id + "; joins pick/pack");
}

void Tracer::order_ships(const Job& job, SimTime start, SimTime packed, std::vector<std::pair<SimTime, SimTime>> pauses,
                         SimTime ship, const DeliveryDay& delivery) {
  OrderTrace& o = result_.order;
  TraceShipment s;
  s.warehouse = job.warehouse;
  s.pick_join = job.join;
  s.pick_start = start;
  s.pick_end = packed;
  s.pauses = std::move(pauses);
  s.shipped = ship;
  s.delivered = delivery.day;
  s.delay_days = delivery.delay_days;
  const std::string& w = m_.warehouses[job.warehouse].id;
  order_event(job.join, "pick_join", "joins the pick/pack queue of " + w);
  const SimTime opens = m_.warehouses[job.warehouse].pick_hours.next_open(job.join);
  order_event(start, "pick_start", start == job.join ? "starts at once"
                                   : start == opens  ? "starts when pick/pack opens, after " + wait_text(start - job.join)
                                                     : "starts when a station is free, after " + wait_text(start - job.join));
  for (const auto& [from, to] : s.pauses) order_event(from, "pause", "pick/pack closed until {t}", {to});
  order_event(packed, "pick_end", "packed");
  order_event(ship, "shipped", "leaves " + w + " on the departure of {t}", {ship});
  order_event(delivery.day * kSecondsPerDay, "delivered",
              delivery.delay_days > 0 ? "carrier delay of " + std::to_string(delivery.delay_days) + " delivery day(s)"
                                      : "by the carrier's transit days");
  if (split_) {  // R41: late when any shipment is; the cause is the first over the late ones
    const bool late_shipment = ship > job.promised_ship;
    const bool first = !o.shipment;
    o.late_shipment = (!first && o.late_shipment) || late_shipment;
    if (delivery.day > o.promised_delivery) {
      const Cause c = late_cause(job, late_shipment, delivery.delayed);
      o.late_delivery = true;
      if (o.cause == Cause::none || c < o.cause) o.cause = c;
    }
    o.shipments.push_back(s);
    o.shipment = std::move(s);
    return;
  }
  o.shipments.push_back(s);
  o.shipment = std::move(s);
  o.late_shipment = ship > job.promised_ship;  // R9
  o.late_delivery = delivery.day > job.promised_day;
  o.cause = o.late_delivery ? late_cause(job, o.late_shipment, delivery.delayed) : Cause::none;
  if (job.expedited && !o.late_delivery) {  // R37, R43: an expedited order on time carries no upstream cause
    o.upstream = Upstream::none;
    o.spell.reset();
  }
}

void Tracer::order_undelivered(const Job& job) {
  OrderTrace& o = result_.order;
  o.status = OrderStatus::undelivered;
  o.late_shipment = o.late_delivery = true;
  o.cause = Cause::stockout;
  order_event(m_.horizon, "undelivered", "still waiting for " + units_text(job.missing) + " when the run ended");
}

void Tracer::pair_event(PairId p, SimTime at, std::string event, std::string detail, std::vector<SimTime> instants) {
  if (follows_pair(p)) result_.pair.events.push_back({at, std::move(event), std::move(detail), std::move(instants)});
}

void Tracer::reservation(PairId p, SimTime at, std::uint64_t order, Units units, Units free) {
  if (!follows_pair(p)) return;
  TraceEvent e{at, "reserve", "order " + std::to_string(order) + " reserves " + units_text(units), {}, units, free, free - units};
  result_.pair.events.push_back(std::move(e));
}

void Tracer::spell_starts(PairId p, SimTime t, Upstream cause, TraceEvent why) {
  TraceSpell spell;
  spell.start = t;
  spell.cause = cause;
  spell.why = std::move(why);
  if (follows_pair(p)) {
    pair_event(p, t, "stockout", std::string("free stock reaches 0; cause ") + std::string(upstream_name(cause)) + ": " +
                                     spell.why.detail, spell.why.instants);
  }
  open_[p] = std::move(spell);
}

void Tracer::spell_ends(PairId p, SimTime t) {
  if (!open_[p]) return;
  open_[p]->end = t;
  if (order_pair_ == p && result_.order.spell && result_.order.spell->start == open_[p]->start) result_.order.spell->end = t;
  if (follows_pair(p)) result_.pair.spells.push_back(*open_[p]);
  open_[p].reset();
}

TraceResult Tracer::finish(std::uint64_t orders) {
  result_.orders = orders;
  // A split order's shipments are worked out one after another, each to its end (R41): put
  // the timeline in time order (stable: events of one instant keep their order).
  std::stable_sort(result_.order.events.begin(), result_.order.events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.at < b.at; });
  if (request_.pair && open_[*request_.pair]) result_.pair.spells.push_back(*open_[*request_.pair]);
  return std::move(result_);
}

}  // namespace milkrun::engine
