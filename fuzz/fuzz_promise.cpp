// fuzz_promise: bytes -> a promise case file (`milkrun check --promises`), each case quoted on
// tests/promise/scenario.json as `check` does, and each case's zone, warehouse and instant
// also asked as `milkrun promise --zone Z --at T [--warehouse W] --explain` asks them.
#include <milkrun/check/check.hpp>
#include <milkrun/engine/promise.hpp>
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>
#include <milkrun/model/model.hpp>

#include "harness.hpp"
#include "input/timefmt.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace {

const milkrun::Model& model() {
  static const auto m = std::make_unique<milkrun::Model>(
      milkrun::build_model(milkrun::load_scenario(MILKRUN_SOURCE_DIR "/tests/promise/scenario.json")));
  return *m;
}

/// The case file the reader reads: one per process, rewritten for every input.
const std::string& case_file() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/milkrun-fuzz-promise-" + std::to_string(getpid()) + ".json";
  }();
  return path;
}

template <class Ids>
std::optional<std::uint32_t> find(const Ids& ids, const std::string& id) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return static_cast<std::uint32_t>(i);
  return std::nullopt;
}

/// `milkrun promise` for the case: the explanation of the quote at its instant.
void ask(const milkrun::Model& m, const milkrun::PromiseCase& c) {
  const auto zone = find(m.zone_ids, c.zone);
  if (!zone) return;
  milkrun::PromiseFilter filter;
  if (!c.warehouse.empty()) {
    std::vector<std::string> ids;
    for (const auto& w : m.warehouses) ids.push_back(w.id);
    filter.only = find(ids, c.warehouse);
    if (!filter.only) return;
  }
  std::string error;
  const auto at = milkrun::parse_instant(c.at, error);
  if (!at) return;
  const milkrun::SimTime t = static_cast<milkrun::SimTime>(at->first - m.start) * milkrun::kSecondsPerDay + at->second;
  const milkrun::PromiseExplanation e = milkrun::explain_promise(m, *zone, t, filter);
  for (const milkrun::PromiseCandidate& candidate : e.candidates) (void)milkrun::promise_why(m, filter, candidate);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)model();
  std::atexit([] { std::remove(case_file().c_str()); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(case_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    for (const milkrun::PromiseCase& c : milkrun::read_promise_cases(case_file())) {
      ask(model(), c);
      (void)milkrun::check_promise_case(model(), "scenario", c, case_file());
    }
  } catch (const milkrun::InputError&) {
  } catch (const milkrun::UsageError&) {
  }
  return 0;
}
