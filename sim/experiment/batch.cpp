// `batch`: many scenarios, their replications spread over threads and ranks; a scenario
// that cannot be read is reported in its row and the others still run. Each scenario's row is
// handed over as soon as its last replication ends, so that batch.csv records it (SPEC §12).
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/output.hpp>

#include "experiment/distribute.hpp"
#include "experiment/observed.hpp"
#include "experiment/sha256.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <fstream>
#include <memory>
#include <mutex>
#include <numeric>
#include <sstream>

namespace milkrun {
namespace {

/// A scenario ready to run: its model, seed and the place of its replications among the items.
struct BatchJob {
  std::size_t row;
  std::unique_ptr<Model> model;
  std::uint64_t seed;
  int first_item, replications;
};

/// The error of a scenario as one line (problems joined by "; ").
std::string one_line(const InputError& e) {
  std::string out;
  for (const Problem& p : e.problems()) out += (out.empty() ? "" : "; ") + p.where + ": " + p.message;
  return out;
}

/// The SHA-256 of a file's bytes; empty when it cannot be read.
std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return in.bad() ? "" : sha256_hex(bytes.view());
}

/// The row of `earlier` that ran the same file the same way, finished; nullptr when none.
const BatchRow* same_run(const std::vector<BatchRow>& earlier, const BatchRow& row) {
  for (const BatchRow& e : earlier)
    if (e.status == "ok" && e.scenario == row.scenario && !row.sha256.empty() && e.sha256 == row.sha256 &&
        e.seed == row.seed && e.replications == row.replications)
      return &e;
  return nullptr;
}

/// The header of batch.csv.
std::string batch_header() {
  std::string out = "scenario,status";
  for (const KpiInfo& k : kKpis) out += "," + std::string(k.key);
  return out + ",sha256,seed,replications";
}

/// The records of a CSV text (RFC 4180 quoting, as csv_field writes it); nullopt when a quote
/// is left open.
std::optional<std::vector<std::vector<std::string>>> csv_records(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields{""};
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') fields.back() += c;
      else if (i + 1 < text.size() && text[i + 1] == '"') fields.back() += text[++i];
      else quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      records.push_back(std::move(fields));
      fields = {""};
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  if (fields.size() > 1 || !fields[0].empty()) records.push_back(std::move(fields));
  return records;
}

/// A number as csv_number wrote it; nullopt for an empty cell, false when it is none.
bool read_number(const std::string& text, std::optional<double>& to) {
  if (text.empty()) return (to = std::nullopt), true;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  to = v;
  return ec == std::errc() && end == text.data() + text.size();
}

template <class T>
bool read_whole(const std::string& text, std::optional<T>& to) {
  if (text.empty()) return (to = std::nullopt), true;
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  to = v;
  return ec == std::errc() && end == text.data() + text.size();
}

/// Runs the jobs' replications; `done(job, values)` hears each job as its last replication
/// ends (under a lock, on the thread that ran it).
void run_jobs(const std::vector<BatchJob>& jobs, int items, const ExperimentOptions& options,
              const std::function<void(const BatchJob&, const std::vector<KpiValues>&)>& done) {
  const auto run = [&](const BatchJob& job, int r) {
    return simulate_observed(*job.model, r, job.seed, false, options.progress, job.first_item + r).network;
  };
  if (world().size > 1) {  // one scenario after another, its replications spread over the ranks
    for (const BatchJob& job : jobs) {
      plan_items(options.progress, job.replications);
      done(job, distribute<KpiValues>(job.replications, options.threads, [&](int r) { return run(job, r); }));
    }
    return;
  }
  // One process: every replication of every scenario in one pool, so that the threads stay busy.
  std::vector<std::size_t> job_of(static_cast<std::size_t>(items));
  for (std::size_t j = 0; j < jobs.size(); ++j)
    for (int r = 0; r < jobs[j].replications; ++r) job_of[static_cast<std::size_t>(jobs[j].first_item + r)] = j;
  std::vector<KpiValues> values(static_cast<std::size_t>(items));
  std::vector<std::atomic<int>> left(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) left[j] = jobs[j].replications;
  std::mutex mutex;
  std::vector<int> all(static_cast<std::size_t>(items));
  std::iota(all.begin(), all.end(), 0);
  plan_items(options.progress, items);
  run_on_threads(all, options.threads, [&](int i) {
    const BatchJob& job = jobs[job_of[static_cast<std::size_t>(i)]];
    values[static_cast<std::size_t>(i)] = run(job, i - job.first_item);
    if (--left[job_of[static_cast<std::size_t>(i)]] > 0) return;
    const std::lock_guard lock(mutex);
    const auto begin = values.begin() + job.first_item;
    done(job, std::vector<KpiValues>(begin, begin + job.replications));
  });
}

}  // namespace

std::vector<BatchRow> run_batch(const std::vector<std::string>& paths, const ExperimentOptions& options,
                                const std::vector<BatchRow>& earlier, const BatchProgress& finished) {
  std::vector<BatchRow> rows(paths.size());
  std::vector<bool> ended(paths.size(), false);
  const auto tell = [&] {
    if (!finished) return;
    std::vector<BatchRow> so_far;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (ended[i]) so_far.push_back(rows[i]);
    finished(so_far);
  };
  std::vector<BatchJob> jobs;
  int items = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    BatchRow& row = rows[i];
    row.scenario = paths[i];
    row.sha256 = file_sha256(paths[i]);
    try {
      const Scenario sc = load_scenario(paths[i]);
      const RunSettings run = resolve(options, sc);
      row.seed = run.seed;
      row.replications = run.replications;
      if (const BatchRow* kept = same_run(earlier, row)) {
        row = *kept;
        ended[i] = true;
        continue;
      }
      jobs.push_back(BatchJob{i, std::make_unique<Model>(build_model(sc)), run.seed, items, run.replications});
      items += run.replications;
      row.status = "ok";
    } catch (const InputError& e) {
      row.status = one_line(e);
      ended[i] = true;
    }
  }
  if (std::find(ended.begin(), ended.end(), true) != ended.end()) tell();
  run_jobs(jobs, items, options, [&](const BatchJob& job, const std::vector<KpiValues>& values) {
    for (std::size_t k = 0; k < kKpiCount; ++k) rows[job.row].means[k] = estimate(column(values, k)).mean;
    ended[job.row] = true;
    tell();
  });
  return rows;
}

std::string batch_csv(const std::vector<BatchRow>& rows) {
  std::ostringstream out;
  out << batch_header() << '\n';
  for (const BatchRow& r : rows) {
    out << csv_field(r.scenario) << ',' << csv_field(r.status);
    for (const std::optional<double>& m : r.means) out << ',' << csv_number(m);
    out << ',' << r.sha256 << ',';
    if (r.seed) out << *r.seed;
    out << ',';
    if (r.replications) out << *r.replications;
    out << '\n';
  }
  return out.str();
}

std::vector<BatchRow> read_batch_csv(const std::string& text) {
  const auto records = csv_records(text);
  if (!records || records->empty()) return {};
  std::string header;
  for (const std::string& f : records->front()) header += (header.empty() ? "" : ",") + f;
  if (header != batch_header()) return {};
  std::vector<BatchRow> rows;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const std::vector<std::string>& f = (*records)[i];
    if (f.size() != kKpiCount + 5) return {};
    BatchRow row;
    row.scenario = f[0];
    row.status = f[1];
    bool ok = true;
    for (std::size_t k = 0; k < kKpiCount; ++k) ok = read_number(f[2 + k], row.means[k]) && ok;
    row.sha256 = f[kKpiCount + 2];
    ok = read_whole(f[kKpiCount + 3], row.seed) && read_whole(f[kKpiCount + 4], row.replications) && ok;
    if (!ok) return {};
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace milkrun
