// Helpers for tests of scenario reading: the problems a document is refused for.
#pragma once
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

#include <string>

namespace milkrun::test {

/// The report of the InputError that parsing `doc` as `file` throws ("" when it parses).
inline std::string problems_of(const nlohmann::ordered_json& doc, const std::string& file) {
  try {
    parse_scenario(doc, file);
  } catch (const InputError& e) {
    return e.report();
  }
  return "";
}

}  // namespace milkrun::test
