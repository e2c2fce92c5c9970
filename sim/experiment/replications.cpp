// Running replications across threads and ranks, and adding them until a KPI is precise.
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>

#include "experiment/distribute.hpp"
#include "experiment/observed.hpp"
#include "input/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace milkrun {

namespace {

/// Orders kept in memory (`record_orders`), streamed into `rows` when given, or neither.
struct OrderRecording {
  bool in_memory = false;
  OrderRows* rows = nullptr;
};

std::vector<ReplicationResult> replications(const Model& model, int first, int count, std::uint64_t seed, int threads,
                                            OrderRecording orders, ProgressObserver* progress) {
  plan_items(progress, count);
  std::vector<ReplicationResult> results = distribute<ReplicationResult>(count, threads, [&](int i) {
    if (orders.rows == nullptr) return simulate_observed(model, first + i, seed, orders.in_memory, progress, i);
    const std::unique_ptr<OrderSpool> spool = orders.rows->spool(first + i);
    ReplicationResult r = simulate_observed(model, first + i, seed, false, progress, i, spool.get());
    orders.rows->add(first + i, *spool);
    return r;
  });
  if (orders.rows != nullptr) {  // every replication's rows to rank 0, in pieces, on disk there
    OrderRows& rows = *orders.rows;
    gather_to_root(
        count, [&](int i, const std::function<void(std::string_view)>& send) { rows.read(first + i, send); },
        [&](int i, std::string_view piece) { rows.append(first + i, piece); });
  }
  return results;
}

std::vector<ReplicationResult> until_precise(const Model& model, int initial, const PrecisionTarget& target,
                                             std::uint64_t seed, int threads, OrderRecording orders,
                                             ProgressObserver* progress) {
  // Two replications at least: a half-width needs a variance.
  const int start = std::clamp(initial, 2, target.max_replications);
  std::vector<ReplicationResult> all = replications(model, 0, start, seed, threads, orders, progress);
  for (;;) {
    const int n = static_cast<int>(all.size());
    if (n >= target.max_replications) break;
    const std::optional<double> h = half_width(all, target.kpi);
    if (h && *h <= target.half_width) break;
    // The half-width shrinks as 1/√n: n·(h/target)² replications should reach the target.
    // Undefined values (a KPI over zero orders) give no estimate: double instead.
    const double wanted = h ? std::ceil(n * (*h / target.half_width) * (*h / target.half_width)) : 2.0 * n;
    const int next = std::clamp(static_cast<int>(std::min(wanted, 1e9)), n + 1, target.max_replications);
    std::vector<ReplicationResult> more = replications(model, n, next - n, seed, threads, orders, progress);
    for (ReplicationResult& r : more) all.push_back(std::move(r));
  }
  return all;
}

}  // namespace

std::vector<ReplicationResult> run_replications(const Model& model, int first, int count, std::uint64_t seed,
                                                int threads, bool record_orders, ProgressObserver* progress) {
  return replications(model, first, count, seed, threads, OrderRecording{record_orders, nullptr}, progress);
}

std::vector<ReplicationResult> run_replications(const Model& model, int first, int count, std::uint64_t seed,
                                                int threads, OrderRows& orders, ProgressObserver* progress) {
  return replications(model, first, count, seed, threads, OrderRecording{false, &orders}, progress);
}

std::vector<KpiValues> network_kpis(const std::vector<ReplicationResult>& replications) {
  std::vector<KpiValues> out;
  out.reserve(replications.size());
  for (const ReplicationResult& r : replications) out.push_back(r.network);
  return out;
}

std::vector<std::optional<double>> column(const std::vector<KpiValues>& replications, std::size_t k) {
  std::vector<std::optional<double>> out;
  out.reserve(replications.size());
  for (const KpiValues& r : replications) out.push_back(r[k]);
  return out;
}

std::size_t kpi_index(const std::string& key) {
  if (const std::optional<std::size_t> k = find_kpi(kKpis, key)) return *k;
  std::vector<std::string> keys;
  for (const KpiInfo& k : kKpis) keys.emplace_back(k.key);
  const std::string hint = closest(key, keys);
  if (!hint.empty()) throw UsageError("unknown KPI \"" + key + "\"; did you mean \"" + hint + "\"?");
  std::string known;
  for (const std::string& k : keys) known += (known.empty() ? "" : ", ") + k;
  throw UsageError("unknown KPI \"" + key + "\" (known: " + known + ")");
}

PrecisionTarget parse_precision(const std::string& text, int max_replications) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) throw UsageError("--precision wants KPI=HALFWIDTH, e.g. fill_rate=0.005");
  PrecisionTarget t;
  t.kpi = kpi_index(text.substr(0, eq));
  const std::string width = text.substr(eq + 1);
  std::size_t used = 0;
  try {
    t.half_width = std::stod(width, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != width.size() || !(t.half_width > 0))
    throw UsageError("--precision " + text + ": the half-width must be a positive number");
  if (max_replications < 2) throw UsageError("--max-replications must be at least 2");
  t.max_replications = max_replications;
  return t;
}

std::optional<double> half_width(const std::vector<ReplicationResult>& replications, std::size_t kpi) {
  const Estimate e = estimate(column(network_kpis(replications), kpi));
  if (!e.mean || e.n < 2) return std::nullopt;
  return (e.ci95[1] - e.ci95[0]) / 2;
}

std::vector<ReplicationResult> run_until_precise(const Model& model, int initial, const PrecisionTarget& target,
                                                 std::uint64_t seed, int threads, bool record_orders,
                                                 ProgressObserver* progress) {
  return until_precise(model, initial, target, seed, threads, OrderRecording{record_orders, nullptr}, progress);
}

std::vector<ReplicationResult> run_until_precise(const Model& model, int initial, const PrecisionTarget& target,
                                                 std::uint64_t seed, int threads, OrderRows& orders,
                                                 ProgressObserver* progress) {
  return until_precise(model, initial, target, seed, threads, OrderRecording{false, &orders}, progress);
}

}  // namespace milkrun
