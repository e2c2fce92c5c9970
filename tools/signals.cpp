#include "signals.hpp"

#include <milkrun/output/out_folder.hpp>
#include <milkrun/stop.hpp>

#include <chrono>
#include <csignal>
#include <semaphore.h>
#include <thread>
#include <unistd.h>

namespace milkrun::cli {
namespace {

sem_t signalled;

/// Only async-signal-safe work: the first signal is recorded and the watcher woken.
extern "C" void on_signal(int sig) {
  int none = 0;
  if (stop_signal.compare_exchange_strong(none, sig)) sem_post(&signalled);
}

/// Waits for the first signal, then makes sure the process ends within 2 s of it.
void watch() {
  while (sem_wait(&signalled) != 0) {
  }
  const int code = 128 + stop_signal.load();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
  // The command unwinds on its own (removing its temporary folder) in well under a second;
  // a phase that does not look at the flag (loading, planning routes) is cut short here.
  while (outputs_pending() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  abandon_pending_outputs();
  ::_exit(code);
}

}  // namespace

void stop_on_signals() {
  sem_init(&signalled, 0, 0);
  std::thread(watch).detach();
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace milkrun::cli
