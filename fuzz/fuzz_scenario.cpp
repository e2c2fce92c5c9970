// fuzz_scenario: bytes -> the scenario reader and validation, as `milkrun validate` runs them.
// Validation errors (InputError, UsageError) are the expected answer to bad bytes; any other
// exception, a crash, undefined behaviour, a hang or a blown memory limit is a finding.
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = milkrun::fuzz::text_of(data, size);
  // A catalog of millions of SKUs is valid and only slow: not what this target looks for.
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (milkrun::fuzz::huge_catalog(doc)) return -1;
  try {
    const milkrun::Scenario sc = milkrun::load_scenario_text(text, "fuzz.json");
    for (const milkrun::Problem& w : sc.warnings) (void)w.message.size();
  } catch (const milkrun::InputError& e) {
    (void)e.report();
  } catch (const milkrun::UsageError&) {
  }
  return 0;
}
