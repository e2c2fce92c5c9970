// Judging expectations (SPEC §2 `expect`) against KPI estimates.
#include <milkrun/output/expect.hpp>

#include "input/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace milkrun {
namespace {

const char* on_text(JudgeOn on) {
  switch (on) {
    case JudgeOn::mean: return "mean";
    case JudgeOn::ci: return "ci";
    case JudgeOn::any: return "any";
  }
  return "mean";
}

/// The interval of the KPI being judged: the mean as a point, or the CI.
std::array<double, 2> judged(const Estimate& e, JudgeOn on) {
  if (on == JudgeOn::mean) return {*e.mean, *e.mean};
  return e.ci95;
}

/// Margin of the judged interval [a, b] against [lo, hi]: with "ci" every point of it must be
/// inside (the worst point counts), with "any" one point is enough (the best point counts).
double margin_of(std::array<double, 2> v, const Bound& b) {
  const double inf = std::numeric_limits<double>::infinity();
  const auto inside = [&](double x) { return std::min(b.lo == -inf ? inf : x - b.lo, b.hi == inf ? inf : b.hi - x); };
  if (b.on == JudgeOn::any) {
    // The point of [a, b] closest to the middle of the bound is the best one.
    const double best = std::clamp(std::isfinite(b.lo) && std::isfinite(b.hi) ? (b.lo + b.hi) / 2
                                   : std::isfinite(b.lo)                     ? v[1]
                                                                              : v[0],
                                   v[0], v[1]);
    return inside(best);
  }
  return std::min(inside(v[0]), inside(v[1]));
}

std::string scope_prefix(const Expectation& e) {
  switch (e.scope) {
    case ExpectScope::network: return "";
    case ExpectScope::warehouse: return "warehouses." + e.entity + ".";
    case ExpectScope::seller: return "sellers." + e.entity + ".";
  }
  return "";
}

/// The estimate an expectation is judged on; undefined when the run has no such entity.
Estimate estimate_of(const Expectation& e, const RunSummary& summary) {
  switch (e.scope) {
    case ExpectScope::network: return summary.network[e.kpi].estimate;
    case ExpectScope::warehouse: {
      const KpiSummary* kpis = summary.warehouse(e.entity);
      return kpis ? (*kpis)[e.kpi].estimate : Estimate{};
    }
    case ExpectScope::seller: {
      const SellerKpiSummary* kpis = summary.seller(e.entity);
      return kpis ? (*kpis)[e.kpi].estimate : Estimate{};
    }
  }
  return Estimate{};
}

}  // namespace

std::string Bound::text() const {
  std::string t;
  switch (op) {
    case BoundOp::at_least: t = ">= " + number_text(target); break;
    case BoundOp::at_most: t = "<= " + number_text(target); break;
    case BoundOp::equal:
      t = "== " + number_text(target) + (tolerance > 0 ? " ± " + number_text(tolerance) : "");
      break;
    case BoundOp::between: t = "between [" + number_text(lo) + ", " + number_text(hi) + "]"; break;
  }
  return on == JudgeOn::mean ? t : t + " on " + on_text(on);
}

std::string_view Expectation::kpi_key() const {
  return scope == ExpectScope::seller ? kSellerKpis[kpi].key : kKpis[kpi].key;
}

std::string Expectation::name() const { return scope_prefix(*this) + std::string(kpi_key()); }

ExpectResult evaluate(const Expectation& e, const Estimate& estimate) {
  ExpectResult r{e, estimate, false, std::nullopt, ""};
  if (!estimate.mean) {
    r.message = e.name() + " is undefined in this run (a ratio over zero, e.g. no orders or no trips)";
    return r;
  }
  r.margin = margin_of(judged(estimate, e.bound.on), e.bound);
  r.passed = *r.margin >= 0;
  if (!r.passed) {
    const std::string what = e.bound.on == JudgeOn::mean ? "mean " + number_text(*estimate.mean)
                             : "95% CI [" + number_text(estimate.ci95[0]) + ", " + number_text(estimate.ci95[1]) + "]";
    r.message = e.name() + ": " + what + " is not " + e.bound.text();
  }
  return r;
}

std::vector<ExpectResult> evaluate_all(const std::vector<Expectation>& expectations, const RunSummary& summary) {
  std::vector<ExpectResult> out;
  for (const Expectation& e : expectations) out.push_back(evaluate(e, estimate_of(e, summary)));
  return out;
}

nlohmann::ordered_json expect_result_json(const ExpectResult& r) {
  nlohmann::ordered_json j;
  j["name"] = r.expectation.name();
  j["value"] = r.estimate.mean ? nlohmann::ordered_json(*r.estimate.mean) : nlohmann::ordered_json(nullptr);
  j["ci95"] = r.estimate.mean ? nlohmann::ordered_json::array({r.estimate.ci95[0], r.estimate.ci95[1]})
                              : nlohmann::ordered_json::array({nullptr, nullptr});
  j["bound"] = r.expectation.bound.text();
  j["on"] = on_text(r.expectation.bound.on);
  j["passed"] = r.passed;
  j["margin"] = r.margin ? nlohmann::ordered_json(*r.margin) : nlohmann::ordered_json(nullptr);
  if (!r.message.empty()) j["message"] = r.message;
  return j;
}

}  // namespace milkrun
