// Progress plumbing: the engine's daily clock report and the replication runner's observer
// see every simulated day and every replication, and change nothing in the results.
#include <milkrun/experiment/experiment.hpp>
#include <milkrun/experiment/progress.hpp>

#include "scenario_fixture.hpp"

#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <vector>

using namespace milkrun;

namespace {

/// Records what an experiment reports, from any thread.
class Recorder final : public ProgressObserver {
 public:
  void planned(int count) override {
    const std::lock_guard<std::mutex> lock(mutex);
    planned_count += count;
  }
  void reached(int id, Date today, double share) override {
    const std::lock_guard<std::mutex> lock(mutex);
    days[id].push_back(today);
    CHECK(share >= 0);
    CHECK(share <= 1);
  }
  void finished(int) override {
    const std::lock_guard<std::mutex> lock(mutex);
    ++finished_count;
  }
  std::mutex mutex;
  int planned_count = 0, finished_count = 0;
  std::map<int, std::vector<Date>> days;
};

}  // namespace

TEST_CASE("the clock report hears each simulated day once, in order, and changes no result") {
  const Model model = test::model_of(test::base_scenario());
  std::vector<SimTime> heard;
  const ReplicationResult observed = simulate(model, 0, 3, false, [&](SimTime t) { heard.push_back(t); });
  const ReplicationResult silent = simulate(model, 0, 3, false);
  CHECK(observed.network == silent.network);
  REQUIRE(heard.size() >= 27);  // 28 days: every day after the first has an event
  for (std::size_t i = 1; i < heard.size(); ++i) CHECK(day_of(heard[i]) > day_of(heard[i - 1]));
}

TEST_CASE("run_replications tells the observer of every replication and its days on any thread count") {
  const Model model = test::model_of(test::base_scenario());
  const auto silent = run_replications(model, 0, 4, 3, 1, false);
  for (int threads : {1, 3}) {
    Recorder recorder;
    const auto observed = run_replications(model, 0, 4, 3, threads, false, &recorder);
    CHECK(recorder.planned_count == 4);
    CHECK(recorder.finished_count == 4);
    CHECK(recorder.days.size() == 4);
    for (const auto& [id, days] : recorder.days) CHECK(days.front() >= model.start);
    for (std::size_t r = 0; r < silent.size(); ++r) CHECK(observed[r].network == silent[r].network);
  }
}
