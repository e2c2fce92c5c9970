#include "progress.hpp"

#include "experiment/parallel.hpp"
#include "input/timefmt.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace milkrun::cli {
namespace {

/// SPEC §8: at most 10 refreshes a second.
constexpr std::chrono::milliseconds kRefresh{100};
constexpr int kBarWidth = 20;

/// "M:SS", or "H:MM:SS" from an hour on.
std::string clock_text(double seconds) {
  const long s = std::lround(std::max(seconds, 0.0));
  char out[32];
  if (s >= 3600) std::snprintf(out, sizeof out, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(out, sizeof out, "%ld:%02ld", s / 60, s % 60);
  return out;
}

}  // namespace

void add_progress_option(CLI::App& cmd, bool& forced) {
  cmd.add_flag("--progress", forced, "Show the progress bar on stderr even when it is not a terminal");
}

ProgressBar::ProgressBar(bool forced)
    : shown_(is_output_rank() && (forced || ::isatty(STDERR_FILENO) == 1)),
      start_(Clock::now()),
      last_draw_(start_ - kRefresh) {}

void ProgressBar::planned(int count) {
  const std::lock_guard<std::mutex> lock(mutex_);
  planned_ += count;
}

void ProgressBar::reached(int id, Date today, double share) {
  const std::lock_guard<std::mutex> lock(mutex_);
  running_[id] = {today, share};
  draw_if_due();
}

void ProgressBar::finished(int id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  running_.erase(id);
  ++done_;
  draw_if_due();
}

void ProgressBar::finish() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (width_ == 0) return;
  std::fprintf(stderr, "\r%s\r", std::string(width_, ' ').c_str());
  std::fflush(stderr);
  width_ = 0;
}

void ProgressBar::draw_if_due() {
  const Clock::time_point now = Clock::now();
  if (now - last_draw_ < kRefresh) return;
  last_draw_ = now;
  const std::string text = line();
  // Spaces over what a longer previous line left behind.
  const std::string pad(width_ > text.size() ? width_ - text.size() : 0, ' ');
  std::fprintf(stderr, "\r%s%s", text.c_str(), pad.c_str());
  std::fflush(stderr);
  width_ = text.size();
}

std::string ProgressBar::line() const {
  // Replications done, plus the share of their horizon the running ones have covered.
  double done = done_;
  for (const auto& [id, reached] : running_) done += reached.second;
  const double share = planned_ > 0 ? std::min(done / planned_, 1.0) : 0.0;
  const int filled = static_cast<int>(share * kBarWidth);
  std::string text = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                     std::string(static_cast<std::size_t>(kBarWidth - filled), ' ') + "] replications " +
                     std::to_string(done_) + "/" + std::to_string(planned_);
  if (!running_.empty()) {
    Date least = running_.begin()->second.first;
    for (const auto& [id, reached] : running_) least = std::min(least, reached.first);
    text += "  simulated " + format_date(least);
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  text += "  ETA " + (share > 0 ? clock_text(elapsed * (1 - share) / share) : std::string("-:--"));
  return text;
}

}  // namespace milkrun::cli
