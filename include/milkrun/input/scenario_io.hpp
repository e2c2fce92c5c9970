// Reading scenarios: JSON text -> --set overrides -> Scenario structs -> validation.
// Every function throws InputError carrying *all* problems found, each as
// (JSON pointer or "line L, column C", message).
#pragma once
#include <milkrun/scenario.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace milkrun {

/// A `--set POINTER=VALUE` override: JSON pointer and JSON value text.
struct Override {
  std::string pointer;
  std::string value;
};

/// Splits "POINTER=VALUE" (throws UsageError when there is no '=').
Override parse_override(const std::string& text);

/// Reads the scenario file at `path` (or the bundled default when `path` is empty),
/// applies `overrides` in order, parses and validates it.
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

/// The same from text already in memory; `file` names it in messages.
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<Override>& overrides = {});

struct PlansAside;

/// A scenario loaded while the check of its milk-run plans (R39) goes on, on other threads:
/// at a million SKUs planning the runs takes about as long as building the model, and the two
/// can share the machine. scenario() passed every other check and may be built meanwhile (the
/// build waits for plans still being made, and makes none twice); finish() waits for the check
/// and ends as load_scenario ends: it throws the same InputError, or gives the scenario the
/// same warnings in the same order.
class ScenarioLoading {
 public:
  ScenarioLoading(Scenario scenario, std::unique_ptr<PlansAside> aside, nlohmann::ordered_json doc);
  ScenarioLoading(ScenarioLoading&&) noexcept;
  ~ScenarioLoading();

  Scenario& scenario() { return scenario_; }
  Scenario& finish();

 private:
  Scenario scenario_;
  std::unique_ptr<PlansAside> aside_;  ///< empty once finished, or when nothing was left running
  nlohmann::ordered_json doc_;         ///< to sort the plans' problems among the others
};

/// load_scenario, with the plans' check left running (see ScenarioLoading).
ScenarioLoading load_scenario_planning_aside(const std::string& path, const std::vector<Override>& overrides = {});

/// Parses and validates an already-parsed JSON document.
Scenario parse_scenario(const nlohmann::ordered_json& doc, const std::string& file);

/// The bundled default scenario's JSON text.
const char* default_scenario_text();

}  // namespace milkrun
