// fuzz_replay: bytes -> a recorded-orders CSV of `demand.replay` (R42), read for the Seattle
// example scenario as `milkrun validate` and `run` read it. Bad rows are InputErrors; anything
// else (a crash, undefined behaviour, a hang) is a finding.
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "harness.hpp"
#include "input/replay.hpp"

#include <memory>

namespace {

const milkrun::Scenario& scenario() {
  static const auto s = std::make_unique<milkrun::Scenario>(
      milkrun::load_scenario(MILKRUN_SOURCE_DIR "/scenarios/examples/suppliers-deliver.json"));
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = milkrun::fuzz::text_of(data, size);
  milkrun::Problems warnings;
  try {
    const milkrun::ReplayOrders orders = milkrun::read_replay(text, "fuzz.csv", scenario(), "/demand/replay/file", warnings);
    if (orders.first_line.size() != orders.size() + 1 || orders.first_line.back() != orders.sku.size()) __builtin_trap();
    for (std::size_t i = 0; i + 1 < orders.size(); ++i)
      if (orders.arrival[i] > orders.arrival[i + 1]) __builtin_trap();  // R42: arrivals never decrease
  } catch (const milkrun::InputError&) {
  }
  return 0;
}
