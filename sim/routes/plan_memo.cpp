#include "routes/plan_memo.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace milkrun {
namespace {

/// Problems kept at most, and their matrix cells at most (64 MB for both matrices): enough
/// for every run of a large network, little beside the model it plans for.
constexpr std::size_t kMaxProblems = 1024;
constexpr std::size_t kMaxCells = std::size_t{1} << 22;

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

bool same_bits(const Load& a, const Load& b) {
  return std::memcmp(&a.liters, &b.liters, sizeof(double)) == 0 && std::memcmp(&a.kg, &b.kg, sizeof(double)) == 0;
}

bool same_window(const std::optional<DockWindow>& a, const std::optional<DockWindow>& b) {
  return a.has_value() == b.has_value() && (!a || (a->open == b->open && a->close == b->close));
}

/// Everything plan_routes reads, compared exactly: -0.0 and 0.0 count as different.
bool same_problem(const PlanProblem& a, const PlanProblem& b) {
  if (a.max_trucks != b.max_trucks || a.rule != b.rule || a.seed != b.seed || a.effort != b.effort ||
      a.service != b.service || a.max_duration != b.max_duration || !same_bits(a.capacity, b.capacity) || a.loads.size() != b.loads.size() ||
      a.window.size() != b.window.size() || !same_bits(a.km, b.km) || !same_bits(a.seconds, b.seconds))
    return false;
  for (std::size_t i = 0; i < a.loads.size(); ++i)
    if (!same_bits(a.loads[i], b.loads[i])) return false;
  for (std::size_t i = 0; i < a.window.size(); ++i)
    if (!same_window(a.window[i], b.window[i])) return false;
  return true;
}

std::size_t cells(const PlanProblem& p) { return static_cast<std::size_t>(p.km.size()); }

/// The most recent problems and their plans, oldest first. A plan being made by one thread
/// is there already, as a future the other threads asking for it wait on.
class PlanMemo {
 public:
  Plan plan(const PlanProblem& problem) {
    std::shared_future<Plan> plan;
    std::optional<std::promise<Plan>> mine;  // set when this thread makes the plan
    {
      const std::lock_guard lock(mutex_);
      for (const auto& [kept, kept_plan] : kept_)
        if (same_problem(kept, problem)) {
          plan = kept_plan;
          break;
        }
      if (!plan.valid()) {
        plan = mine.emplace().get_future().share();
        keep(problem, plan);
      }
    }
    if (mine) {  // outside the lock: other threads plan their own problems meanwhile
      try {
        mine->set_value(plan_routes(problem));
      } catch (...) {  // kept too: the same problem throws the same again
        mine->set_exception(std::current_exception());
      }
    }
    return plan.get();
  }

 private:
  void keep(const PlanProblem& problem, const std::shared_future<Plan>& plan) {
    if (cells(problem) > kMaxCells) return;
    kept_.emplace_back(problem, plan);
    cells_ += cells(problem);
    while (kept_.size() > kMaxProblems || cells_ > kMaxCells) {
      cells_ -= cells(kept_.front().first);
      kept_.pop_front();
    }
  }

  std::mutex mutex_;
  std::deque<std::pair<PlanProblem, std::shared_future<Plan>>> kept_;
  std::size_t cells_ = 0;
};

PlanMemo& memo() {
  static PlanMemo instance;
  return instance;
}

}  // namespace

Plan remembered_plan(const PlanProblem& problem) { return memo().plan(problem); }

std::vector<std::optional<Plan>> remembered_plans(std::span<const PlanProblem* const> problems) {
  std::vector<std::optional<Plan>> plans(problems.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < problems.size();) {
      if (!problems[i]) continue;
      try {
        plans[i] = remembered_plan(*problems[i]);
      } catch (...) {  // the caller plans it again, and meets the error in its own order
      }
    }
  };
  const std::size_t wanted = std::count_if(problems.begin(), problems.end(), [](const PlanProblem* p) { return p != nullptr; });
  const std::size_t threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), wanted);
  std::vector<std::jthread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  helpers.clear();  // joins them
  return plans;
}

}  // namespace milkrun
