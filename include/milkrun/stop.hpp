// A request to stop the process, made by SIGINT or SIGTERM (SPEC §12). The CLI's signal
// handler records the signal; long loops (the event loop, the writers) call throw_if_stopped()
// now and then, so that the command unwinds, removes its temporary files and exits 130 or 143.
#pragma once
#include <atomic>
#include <stdexcept>
#include <string>

namespace milkrun {

/// The signal that asked the process to stop, 0 while none. Lock-free, so that a signal
/// handler may set it.
inline std::atomic<int> stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

/// A command stopped by a signal: the exit code is 128 + the signal (130 SIGINT, 143 SIGTERM).
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal) : std::runtime_error("stopped by signal " + std::to_string(signal)), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// Throws Interrupted when a signal asked the process to stop.
inline void throw_if_stopped() {
  if (const int s = stop_signal.load(std::memory_order_relaxed)) throw Interrupted(s);
}

}  // namespace milkrun
