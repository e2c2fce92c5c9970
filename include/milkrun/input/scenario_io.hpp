// Reading scenarios: JSON text -> --set overrides -> Scenario structs -> validation.
// Every function throws InputError carrying *all* problems found, each as
// (JSON pointer or "line L, column C", message).
#pragma once
#include <milkrun/scenario.hpp>

#include <nlohmann/json.hpp>

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

/// Parses and validates an already-parsed JSON document.
Scenario parse_scenario(const nlohmann::ordered_json& doc, const std::string& file);

/// The bundled default scenario's JSON text.
const char* default_scenario_text();

}  // namespace milkrun
