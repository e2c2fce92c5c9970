// The progress bar of long commands (SPEC §8): replications done, the simulated date and an
// ETA on stderr, on a terminal or when --progress forces it, never on stdout.
#pragma once
#include <milkrun/experiment/progress.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace milkrun::cli {

/// --progress: show the bar even when stderr is not a terminal.
void add_progress_option(CLI::App& cmd, bool& forced);

/// One line redrawn in place with '\r', at most 10 times a second:
/// `[#####     ] replications 7/30  simulated 2026-11-23  ETA 0:12`. The date is that of
/// the least advanced running replication. Shown only on the output rank (rank 0 under
/// mpirun, counting its own replications), when stderr is a terminal or `forced`.
class ProgressBar final : public ProgressObserver {
 public:
  explicit ProgressBar(bool forced);
  ~ProgressBar() override { finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// This bar when it is shown, else null (the experiment then reports nothing).
  ProgressObserver* observer() { return shown_ ? this : nullptr; }
  /// Clears the line, so that what the command prints next starts on a clean one.
  void finish();

  void planned(int count) override;
  void reached(int id, Date today, double share) override;
  void finished(int id) override;

 private:
  using Clock = std::chrono::steady_clock;
  /// Redraws when the last drawing is older than the refresh interval; the mutex is held.
  void draw_if_due();
  std::string line() const;

  const bool shown_;
  std::mutex mutex_;
  int planned_ = 0, done_ = 0;
  std::map<int, std::pair<Date, double>> running_;  ///< by id: date reached, share of the horizon
  Clock::time_point start_, last_draw_;
  std::size_t width_ = 0;  ///< characters on the line now
};

}  // namespace milkrun::cli
