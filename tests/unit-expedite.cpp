// Expedite (SPEC R43): units are conserved when warehouses buy what they lack, the daily cap
// holds on every day, none of an expedited order's units count as filled, and an order that
// an expediting warehouse could take is never lost, backordered or split.
#include <doctest/doctest.h>

#include "scenario_fixture.hpp"

#include <string>

using namespace milkrun;
using namespace milkrun::test;

namespace {

constexpr std::int64_t kCap = 10;

/// The two tight warehouses of scenario_fixture.hpp, W1 expediting in a day at most kCap
/// units a day, W2 at once without a cap.
Json expediting(const char* on_stockout, bool split) {
  Json doc = tight_two_warehouses(on_stockout);
  doc["warehouses"][0]["expedite"] = {{"lead_time", "1d"}, {"premium_per_unit", 3}, {"max_units_per_day", kCap}};
  doc["warehouses"][1]["expedite"] = {{"lead_time", "0s"}, {"premium_per_unit", 1.5}};
  doc["demand"]["split"] = split;
  return doc;
}

}  // namespace

TEST_CASE("expedited orders conserve units; the cap holds every day; nothing expedited counts as filled") {
  std::int64_t expedited = 0;
  for (const char* on_stockout : {"lost", "backorder"}) {
    for (const bool split : {false, true}) {
      INFO(on_stockout, split ? " split" : "");
      const Model m = model_of(expediting(on_stockout, split));
      for (const ReplicationResult& r : run_replications(m, 0, 2, 7, 1, true)) {
        // demanded = reserved + lost + backordered + expedited; initial + received + bought =
        // shipped + free + held.
        check_balance(r.balance);
        CHECK(r.balance.bought > 0);
        std::int64_t daily_units[2] = {0, 0};
        for (const auto& day : r.daily) {
          CHECK(day[0].expedited_units <= kCap);
          for (std::size_t w = 0; w < 2; ++w) daily_units[w] += day[w].expedited_units;
        }
        // The KPIs count measured orders; the days count every order, warm-up included.
        const double units = kpi(r, Kpi::expedited_units);
        CHECK(units > 0);
        CHECK(units <= static_cast<double>(daily_units[0] + daily_units[1]));
        CHECK(kpi(r, Kpi::cost_expedite) ==
              doctest::Approx(3 * r.warehouses[0][static_cast<std::size_t>(Kpi::expedited_units)].value_or(-1) +
                              1.5 * r.warehouses[1][static_cast<std::size_t>(Kpi::expedited_units)].value_or(-1)));
        // fill_rate's numerator is the units reserved from free stock at arrival by orders not
        // expedited: the pairs' filled units.
        Units filled = 0;
        for (const PairStats& p : r.pairs) filled += p.filled;
        CHECK(kpi(r, Kpi::fill_rate) * kpi(r, Kpi::units) == doctest::Approx(static_cast<double>(filled)));
        // W2 expedites without a cap any order whose lines it all stocks, so every lost order
        // holds a SKU W2 does not stock (S3).
        const SkuId s3 = 3;
        for (const OrderRecord& o : r.orders) {
          bool has_s3 = o.sku == s3;
          for (const OrderLine& l : o.lines) has_s3 = has_s3 || l.sku == s3;
          if (o.status == OrderStatus::lost) CHECK(has_s3);
        }
        expedited += static_cast<std::int64_t>(kpi(r, Kpi::expedited_orders));
      }
    }
  }
  CHECK(expedited > 0);
}
