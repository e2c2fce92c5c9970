// Engine behaviour: conservation laws, determinism, pick/pack shifts (R10), receiving (R13),
// backorders (R34) and stockout accounting (R25-R26).
#include <doctest/doctest.h>

#include "engine/block_queue.hpp"
#include "engine/events.hpp"
#include "engine/inventory.hpp"
#include "engine/job.hpp"
#include "engine/pick_pack.hpp"
#include "scenario_fixture.hpp"

#include <set>

using namespace milkrun;
using namespace milkrun::test;

namespace {

Json default_doc() { return Json::parse(default_scenario_text()); }


}  // namespace

TEST_CASE("units are conserved across vendors, milk runs, sellers, receiving queues and every policy") {
  const Model m = model_of(default_doc());
  for (const auto& r : run_replications(m, 0, 3, 42, 1, false)) {
    check_balance(r.balance);
    CHECK(r.balance.lost > 0);
    CHECK(r.balance.picked_up > 0);  // the default scenario has all three inbound paths
    CHECK(r.balance.ordered > r.balance.ordered_milk_run);
  }
}

TEST_CASE("units are conserved with backorders") {
  Json doc = default_doc();
  doc["demand"]["on_stockout"] = "backorder";
  doc["demand"]["backorder_ship_days"] = 5;
  const Model m = model_of(doc);
  for (const auto& r : run_replications(m, 0, 3, 42, 1, false)) {
    check_balance(r.balance);
    CHECK(r.balance.backordered > 0);
    CHECK(r.balance.lost == 0);
  }
}

TEST_CASE("the same seed gives identical results whatever the thread count") {
  const Model m = model_of(default_doc());
  const auto one = run_replications(m, 0, 4, 9, 1, true);
  const auto two = run_replications(m, 0, 4, 9, 2, true);
  for (std::size_t i = 0; i < one.size(); ++i) {
    CHECK(one[i].network == two[i].network);
    CHECK(one[i].orders.size() == two[i].orders.size());
  }
  const auto other = run_replications(m, 0, 1, 10, 1, false);
  CHECK(other[0].network != one[0].network);
}

TEST_CASE("an order that cannot finish before the shift end pauses and resumes at the next shift") {
  Json doc = base_scenario();
  doc["horizon_days"] = 3;
  doc["demand"] = {{"hour_profile", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}}};
  doc["skus"][0]["orders_per_day"] = 1;
  doc["warehouses"][0]["departures"] = {"09:00"};
  doc["warehouses"][0]["pick_pack"] = {{"stations", 3}, {"time_per_order", "90min"},
                                       {"shifts", {{{"days", "daily"}, {"from", "08:00"}, {"to", "23:00"}}}}};
  const Model m = model_of(doc);
  const auto runs = run_replications(m, 0, 1, 3, 1, true);
  REQUIRE(!runs[0].orders.empty());
  for (const OrderRecord& o : runs[0].orders) {
    // Arrives 22:xx, works until 23:00, resumes at 08:00 for the rest of its 90 minutes and
    // leaves on the 09:00 departure only if it is done by then.
    const SimTime day = o.arrival / kSecondsPerDay;
    const Seconds before = 23 * 3600 - o.arrival % kSecondsPerDay;
    REQUIRE(before > 0);
    const SimTime done = (day + 1) * kSecondsPerDay + 8 * 3600 + (90 * 60 - before);
    const SimTime ship = (day + (done <= (day + 1) * kSecondsPerDay + 9 * 3600 ? 1 : 2)) * kSecondsPerDay + 9 * 3600;
    CHECK(o.shipped == ship);
  }
}

TEST_CASE("lost orders at zero stock are not stockout events and a pair starting empty has none") {
  Json doc = base_scenario();
  doc["skus"][0]["stock"]["W1"] = {{"initial", 0}};
  const Model m = model_of(doc);
  const auto r = run_replications(m, 0, 1, 1, 1, false)[0];
  CHECK(kpi(r, Kpi::stockout_events) == 0);
  CHECK(kpi(r, Kpi::stockout_sku_days) == doctest::Approx(28.0));
  CHECK(kpi(r, Kpi::fill_rate) == 0);
  CHECK(kpi(r, Kpi::lost_orders) == kpi(r, Kpi::orders));
}

TEST_CASE("a pair that runs dry once counts one stockout event and the days after it") {
  Json doc = base_scenario();
  doc["skus"][0]["stock"]["W1"] = {{"initial", 5}};
  const Model m = model_of(doc);
  const auto runs = run_replications(m, 0, 1, 1, 1, true);
  const auto& r = runs[0];
  CHECK(kpi(r, Kpi::stockout_events) == 1);
  // The fifth order empties the shelf; from then on the pair is at zero until the horizon.
  const SimTime emptied = r.orders[4].arrival;
  CHECK(kpi(r, Kpi::stockout_sku_days) == doctest::Approx(static_cast<double>(28 * kSecondsPerDay - emptied) / kSecondsPerDay));
}

TEST_CASE("backorders are filled oldest first when a vendor delivery is received") {
  Json doc = base_scenario();
  doc["horizon_days"] = 14;
  doc["demand"] = {{"on_stockout", "backorder"}, {"backorder_ship_days", 3}};
  doc["skus"][0]["stock"]["W1"] = {{"initial", 0}, {"policy", {{"type", "RS"}, {"order_up_to", 200}}}};
  const Model m = model_of(doc);
  const auto runs = run_replications(m, 0, 1, 2, 1, true);
  const auto& r = runs[0];
  check_balance(r.balance);
  CHECK(kpi(r, Kpi::backorders) > 0);
  // The Monday 00:00 review orders 200 units that arrive after 2 days: every order that
  // arrived before the first receipt ships no earlier than that receipt, and in arrival order.
  SimTime last_ship = 0;
  for (const OrderRecord& o : r.orders) {
    if (o.arrival >= 2 * kSecondsPerDay) break;
    CHECK(o.status == OrderStatus::delivered);
    CHECK((o.cause == Cause::none || o.cause == Cause::stockout));
    CHECK(o.shipped >= 2 * kSecondsPerDay);
    CHECK(o.shipped >= last_ship);
    last_ship = o.shipped;
  }
}

TEST_CASE("a receiving dock with a rate delays stock becoming free") {
  Json doc = base_scenario();
  doc["horizon_days"] = 7;
  doc["skus"][0]["stock"]["W1"] = {{"initial", 0}, {"policy", {{"type", "RS"}, {"order_up_to", 100}}}};
  doc["warehouses"][0]["receiving"] = {{"units_per_hour", 10}, {"dock_to_stock", "1h"}};
  const Model m = model_of(doc);
  const auto r = run_replications(m, 0, 1, 2, 1, false)[0];
  // Ordered Monday 00:00, arrives Wednesday 00:00, 10 h to receive 100 units, 1 h dock to stock:
  // free from Wednesday 11:00, so the pair was empty for 2 days and 11 hours at least.
  CHECK(kpi(r, Kpi::stockout_sku_days) >= 2.0 + 11.0 / 24.0 - 1e-9);
  check_balance(r.balance);
}

TEST_CASE("daily receiving_backlog holds the units arrived and not yet in stock at each day's end") {
  Json doc = base_scenario();
  doc["horizon_days"] = 7;
  doc["skus"][0]["stock"]["W1"] = {{"initial", 0}, {"policy", {{"type", "RS"}, {"order_up_to", 100}}}};
  doc["warehouses"][0]["receiving"] = {{"units_per_hour", 2}, {"dock_to_stock", "1h"}};
  const Model m = model_of(doc);
  const auto r = run_replications(m, 0, 1, 2, 1, false)[0];
  // Arrives Wednesday 00:00; 50 h to receive, 1 h dock to stock: in stock Friday 03:00.
  CHECK(r.daily[1][0].receiving_backlog == 0);
  CHECK(r.daily[2][0].receiving_backlog == 100);
  CHECK(r.daily[3][0].receiving_backlog == 100);
  CHECK(r.daily[4][0].receiving_backlog == 0);
  CHECK(r.daily[4][0].inbound == 100);
}

TEST_CASE("events at one instant come stock first, then reviews, then departures, each in creation order") {
  engine::EventQueue q;
  q.schedule(100, engine::Rank::departure, engine::EventType::run_departs, 1);
  q.schedule(100, engine::Rank::review, engine::EventType::seller_review, 2);
  q.schedule(100, engine::Rank::stock, engine::EventType::stock_free, 3);
  q.schedule(50, engine::Rank::departure, engine::EventType::run_departs, 4);
  q.schedule(100, engine::Rank::stock, engine::EventType::shipment_arrives, 5);
  std::vector<std::uint32_t> order;
  for (; !q.empty(); q.pop()) order.push_back(q.top().id);
  CHECK(order == std::vector<std::uint32_t>{4, 3, 5, 2, 1});
}

TEST_CASE("a released job slot is reused by the next order") {
  engine::JobSlots jobs;
  engine::Job a, b, c;
  a.order = 1, b.order = 2, c.order = 3;
  const engine::JobLine one{};
  const std::uint32_t sa = jobs.add(a, &one, 1), sb = jobs.add(b, &one, 1);
  CHECK(sa != sb);
  jobs.release(sa);
  CHECK(jobs.add(c, &one, 1) == sa);
  CHECK(jobs[sa].order == 3);
  CHECK(jobs[sb].order == 2);
}

TEST_CASE("a job keeps its lines in order, and a released job's lines are reused") {
  engine::JobSlots jobs;
  std::vector<engine::JobLine> lines(3);
  for (std::size_t i = 0; i < lines.size(); ++i) lines[i].sku = static_cast<SkuId>(10 + i), lines[i].units = static_cast<Units>(i + 1);
  const std::uint32_t s = jobs.add(engine::Job{}, lines.data(), lines.size());
  CHECK(jobs[s].lines == 3);
  std::vector<SkuId> seen;
  std::vector<engine::LineRef> refs;
  jobs.for_each_line(s, [&](engine::JobLine& l, engine::LineRef ref) {
    seen.push_back(l.sku);
    refs.push_back(ref);
  });
  CHECK(seen == std::vector<SkuId>{10, 11, 12});
  CHECK(refs[0] == s);  // the first line is the job's own
  for (const engine::LineRef ref : refs) CHECK(jobs.job_of(ref) == s);
  CHECK(jobs.line(refs[2]).units == 3);
  jobs.release(s);
  const std::uint32_t t = jobs.add(engine::Job{}, lines.data(), 2);
  std::vector<engine::LineRef> again;
  jobs.for_each_line(t, [&](engine::JobLine&, engine::LineRef ref) { again.push_back(ref); });
  CHECK(again.size() == 2);
  CHECK((again[1] == refs[1] || again[1] == refs[2]));  // a pool line freed, not a new one
}

TEST_CASE("a pair's stock integrals count only the measurement window") {
  Model m;
  m.horizon_days = 1;
  m.warmup = 3600;
  m.horizon = kSecondsPerDay;
  m.warehouses.resize(1);
  m.skus.resize(1);
  m.pairs.resize(1);
  m.pairs[0].initial = 5;
  engine::JobSlots jobs;
  engine::KpiAccounting kpi(m, false);
  engine::Inventory inventory(m, jobs, kpi);
  inventory.initialise();
  inventory.set_free(0, 0, 7200);   // 5 units over [3600, 7200), then a stockout
  inventory.set_free(0, 3, 10800);  // empty over [7200, 10800)
  inventory.close(kSecondsPerDay + 500);  // 3 units to the horizon, not beyond
  const engine::PairState& s = inventory.pairs()[0];
  CHECK(s.free_unit_seconds == 5 * 3600 + 3 * (kSecondsPerDay - 10800));
  CHECK(s.zero_seconds == 3600);
  CHECK(s.events == 1);
  CHECK(inventory.free_total()[0] == 3);
  CHECK(kpi.balance().initial == 5);
}

TEST_CASE("the station pool's earliest-free instant is that of a multiset of free instants") {
  // The pool against a plain multiset, over pool sizes odd and even, around powers of two, with
  // ties (instants on a coarse grid) and instants both far and near.
  for (const int stations : {1, 2, 3, 4, 5, 7, 8, 9, 31, 653, 1024}) {
    engine::StationPool pool(stations);
    std::multiset<SimTime> free;
    for (int s = 0; s < stations; ++s) free.insert(0);
    Rng rng(static_cast<std::uint64_t>(stations));
    SimTime now = 0;
    for (int i = 0; i < 20000; ++i) {
      REQUIRE(pool.earliest_free() == *free.begin());
      now = std::max(now, *free.begin()) + static_cast<SimTime>(rng() % 3);
      const SimTime until = now + static_cast<SimTime>(rng() % 4) * 60 * (i % 7 == 0 ? 100 : 1);
      pool.occupy_until(until);
      free.erase(free.begin());
      free.insert(until);
    }
    CHECK(pool.earliest_free() == *free.begin());
  }
}

TEST_CASE("a block queue numbers its records for good and keeps every one not let go of, across reused blocks") {
  // Records let go of out of step with the blocks (a window of 1 to 40 records alive), so that
  // blocks are let go of, reused and let go of again; every live record reads back what it was.
  engine::BlockQueue<std::int64_t, 8> queue;
  Rng rng(7);
  std::uint64_t oldest = 0;
  for (std::int64_t v = 0; v < 5000; ++v) {
    REQUIRE(queue.push_back(v * 3) == static_cast<std::uint64_t>(v));
    if (rng() % 3 == 0) {
      oldest = std::max<std::uint64_t>(oldest, queue.size() - 1 - std::min<std::uint64_t>(queue.size() - 1, rng() % 40));
      queue.release_before(oldest);
    }
    for (std::uint64_t i = oldest; i < queue.size(); ++i) REQUIRE(queue[i] == static_cast<std::int64_t>(i) * 3);
  }
  CHECK(queue.size() == 5000);
}
