// `batch`: many scenarios, their replications spread over threads and ranks; a scenario
// that cannot be read is reported in its row and the others still run.
#include <milkrun/errors.hpp>
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/model/model.hpp>
#include <milkrun/output/output.hpp>

#include "experiment/distribute.hpp"
#include "experiment/observed.hpp"

#include <memory>
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

}  // namespace

std::vector<BatchRow> run_batch(const std::vector<std::string>& paths, const ExperimentOptions& options) {
  std::vector<BatchRow> rows(paths.size());
  std::vector<BatchJob> jobs;
  int items = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    rows[i].scenario = paths[i];
    try {
      const Scenario sc = load_scenario(paths[i]);
      const RunSettings run = resolve(options, sc);
      jobs.push_back(BatchJob{i, std::make_unique<Model>(build_model(sc)), run.seed, items, run.replications});
      items += run.replications;
      rows[i].status = "ok";
    } catch (const InputError& e) {
      rows[i].status = one_line(e);
    }
  }
  std::vector<std::size_t> job_of(static_cast<std::size_t>(items));
  for (std::size_t j = 0; j < jobs.size(); ++j)
    for (int r = 0; r < jobs[j].replications; ++r) job_of[static_cast<std::size_t>(jobs[j].first_item + r)] = j;
  plan_items(options.progress, items);
  const std::vector<KpiValues> values = distribute<KpiValues>(items, options.threads, [&](int i) {
    const BatchJob& job = jobs[job_of[static_cast<std::size_t>(i)]];
    return simulate_observed(*job.model, i - job.first_item, job.seed, false, options.progress, i).network;
  });
  for (const BatchJob& job : jobs) {
    const auto begin = values.begin() + job.first_item;
    const std::vector<KpiValues> mine(begin, begin + job.replications);
    for (std::size_t k = 0; k < kKpiCount; ++k) rows[job.row].means[k] = estimate(column(mine, k)).mean;
  }
  return rows;
}

std::string batch_csv(const std::vector<BatchRow>& rows) {
  std::ostringstream out;
  out << "scenario,status";
  for (const KpiInfo& k : kKpis) out << ',' << k.key;
  out << '\n';
  for (const BatchRow& r : rows) {
    out << csv_field(r.scenario) << ',' << csv_field(r.status);
    for (const std::optional<double>& m : r.means) out << ',' << csv_number(m);
    out << '\n';
  }
  return out.str();
}

}  // namespace milkrun
