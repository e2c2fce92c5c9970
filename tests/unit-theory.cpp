// The model against queueing and inventory theory: long runs with fixed seeds, compared
// with closed-form values. Labelled "theory": the release build runs them.
#include <doctest/doctest.h>

#include "scenario_fixture.hpp"

#include <cmath>
#include <numeric>

using namespace milkrun;
using namespace milkrun::test;

namespace {

/// Erlang C: P(wait) in an M/M/c queue with offered load a = λ/μ (Kleinrock vol. 1, eq. 3.40).
double erlang_c(int c, double a) {
  double term = 1, sum = 1;  // Σ_{k<c} a^k/k!
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c;  // a^c / c!
  const double rho = a / c;
  const double tail = last / (1 - rho);
  return tail / (sum + tail);
}

/// E[(D - S)+] for D ~ Poisson(mean).
double poisson_excess(double mean, long s) {
  double below = 0;  // Σ_{k<S} (S - k) p(k), the pmf in log space so large means do not underflow
  for (long k = 0; k < s; ++k) {
    const double kk = static_cast<double>(k);
    below += static_cast<double>(s - k) * std::exp(kk * std::log(mean) - mean - std::lgamma(kk + 1));
  }
  return mean - static_cast<double>(s) + below;
}

double mean_kpi(const std::vector<ReplicationResult>& runs, Kpi k) {
  double sum = 0;
  for (const auto& r : runs) sum += kpi(r, k);
  return sum / static_cast<double>(runs.size());
}

}  // namespace

TEST_SUITE("theory") {
  TEST_CASE("pick waits match Erlang C in an M/M/c warehouse open around the clock") {
    struct Case {
      int stations;
      double orders_per_day, minutes;
    };
    for (const Case& c : {Case{4, 1224.0, 4.0}, Case{10, 2700.0, 4.5}, Case{1, 432.0, 3.0}}) {
      Json doc = base_scenario();
      doc["horizon_days"] = 120;
      doc["warmup_days"] = 5;
      doc["replications"] = 8;
      doc["warehouses"][0]["pick_pack"] = {
          {"stations", c.stations},
          {"time_per_order", {{"dist", "exponential"}, {"mean", std::to_string(c.minutes) + "min"}}}};
      doc["skus"][0]["orders_per_day"] = c.orders_per_day;
      const Model m = model_of(doc);
      const auto runs = run_replications(m, 0, 8, 11, 2, false);
      const double lambda = c.orders_per_day / 24.0, mu = 60.0 / c.minutes;  // per hour
      const double a = lambda / mu;
      const double wq = erlang_c(c.stations, a) / (c.stations * mu - lambda);
      const double sim = mean_kpi(runs, Kpi::pick_wait_hours_mean);
      INFO("stations ", c.stations, " utilisation ", a / c.stations, " Erlang C Wq ", wq, " h, simulated ", sim, " h");
      MESSAGE("Erlang C Wq ", wq, " h, simulated ", sim, " h");
      CHECK(std::fabs(sim - wq) / wq < 0.05);
    }
  }

  TEST_CASE("RS fill rate matches the textbook Poisson formula with backorders") {
    struct Case {
      double lambda;
      int review_days, lead_days;  // review_days is 7: reviews are weekday sets
      long order_up_to;
    };
    for (const Case& c : {Case{20, 7, 3, 195}, Case{50, 7, 2, 440}, Case{10, 7, 5, 112}, Case{100, 7, 7, 1380}}) {
      Json doc = base_scenario();
      doc["horizon_days"] = 28 + 52 * 7;
      doc["warmup_days"] = 28;
      doc["demand"] = {{"on_stockout", "backorder"}};
      doc["suppliers"][0]["lead_time"] = std::to_string(c.lead_days) + "d";
      doc["suppliers"][0]["review"] = {{"days", "Mon"}, {"time", "00:00"}};  // weekly: R = 7 days
      doc["skus"][0]["orders_per_day"] = c.lambda;
      doc["skus"][0]["stock"]["W1"] = {{"initial", c.order_up_to}, {"policy", {{"type", "RS"}, {"order_up_to", c.order_up_to}}}};
      const Model m = model_of(doc);
      const auto runs = run_replications(m, 0, 12, 5, 2, false);
      const double r = c.review_days, l = c.lead_days;
      const double expected =
          1 - (poisson_excess(c.lambda * (r + l), c.order_up_to) - poisson_excess(c.lambda * l, c.order_up_to)) / (c.lambda * r);
      const double sim = mean_kpi(runs, Kpi::fill_rate);
      INFO("lambda ", c.lambda, " R ", r, " L ", l, " S ", c.order_up_to, ": textbook ", expected, ", simulated ", sim);
      MESSAGE("RS fill rate: textbook ", expected, ", simulated ", sim);
      CHECK(std::fabs(sim - expected) < 0.01);
    }
  }
}
