// The three faces of a check report: a table for people, JSON (SPEC §6) for programs and
// JUnit XML for CI servers.
#include <milkrun/check/check.hpp>
#include <milkrun/output/report.hpp>

#include "input/json_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace milkrun {
namespace {

const char* kind_name(CheckKind k) {
  switch (k) {
    case CheckKind::expect: return "expect";
    case CheckKind::baseline: return "baseline";
    case CheckKind::promise: return "promise";
  }
  return "expect";
}

std::string value_text(const Json& v) {
  if (v.is_null()) return "undefined";
  if (v.is_string()) return v.get<std::string>();
  return number_text(v.get<double>());
}

std::string ci_text(const CheckRow& r) {
  return r.ci95 ? "[" + number_text((*r.ci95)[0]) + ", " + number_text((*r.ci95)[1]) + "]" : "";
}

/// A baseline row worth a line in the table: failed, or a significant change either way.
bool shown_in_table(const CheckRow& r) {
  return r.kind != CheckKind::baseline || !r.passed || r.note == "better" || r.note == "worse";
}

/// The scenarios of the report in first-seen order.
std::vector<std::string> scenarios_of(const CheckReport& report) {
  std::vector<std::string> names;
  for (const CheckRow& r : report.rows)
    if (std::find(names.begin(), names.end(), r.scenario) == names.end()) names.push_back(r.scenario);
  return names;
}

}  // namespace

Json check_json(const CheckReport& report) {
  Json checks = Json::array();
  for (const CheckRow& r : report.rows) {
    Json j;
    j["scenario"] = r.scenario;
    j["kind"] = kind_name(r.kind);
    j["name"] = r.name;
    j["value"] = r.value;
    j["bound"] = r.bound;
    j["passed"] = r.passed;
    if (r.ci95) j["ci95"] = Json::array({(*r.ci95)[0], (*r.ci95)[1]});
    if (r.margin) j["margin"] = *r.margin;
    if (!r.note.empty()) j[r.kind == CheckKind::baseline ? "verdict" : "note"] = r.note;
    if (!r.message.empty()) j["message"] = r.message;
    checks.push_back(std::move(j));
  }
  Json out;
  out["passed"] = report.passed();
  out["checks"] = std::move(checks);
  out["notes"] = report.notes;
  return out;
}

std::string junit_xml(const CheckReport& report) {
  std::ostringstream x;
  std::size_t failures = 0;
  for (const CheckRow& r : report.rows) failures += r.passed ? 0 : 1;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuites name=\"milkrun check\" tests=\"" << report.rows.size() << "\" failures=\"" << failures << "\">\n";
  for (const std::string& scenario : scenarios_of(report)) {
    std::size_t tests = 0, failed = 0;
    for (const CheckRow& r : report.rows)
      if (r.scenario == scenario) tests += 1, failed += r.passed ? 0 : 1;
    x << "  <testsuite name=\"" << report::escape(scenario) << "\" tests=\"" << tests << "\" failures=\"" << failed << "\">\n";
    for (const CheckRow& r : report.rows) {
      if (r.scenario != scenario) continue;
      const std::string name = r.name + " " + r.bound;
      x << "    <testcase classname=\"" << report::escape(scenario + "." + kind_name(r.kind)) << "\" name=\""
        << report::escape(name) << "\">\n";
      const std::string detail = "value " + value_text(r.value) + (r.ci95 ? ", 95% CI " + ci_text(r) : "") +
                                 (r.note.empty() ? "" : " (" + r.note + ")");
      if (r.passed) x << "      <system-out>" << report::escape(detail) << "</system-out>\n";
      else
        x << "      <failure message=\"" << report::escape(r.message) << "\">" << report::escape(detail) << "</failure>\n";
      x << "    </testcase>\n";
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

std::string check_table(const CheckReport& report) {
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%-6s %-8s %-42s %-12s %-24s %-34s %-10s\n", "result", "kind", "name", "value",
                "95% CI", "bound", "margin");
  out << line;
  std::size_t hidden = 0, failed = 0;
  std::string scenario;
  for (const CheckRow& r : report.rows) {
    failed += r.passed ? 0 : 1;
    if (r.scenario != scenario) out << "== " << (scenario = r.scenario) << "\n";
    if (!shown_in_table(r)) {
      ++hidden;
      continue;
    }
    const std::string name = (r.kind == CheckKind::baseline ? r.note + ": " : "") + r.name;
    const std::string value = value_text(r.value);
    std::snprintf(line, sizeof line, "%-6s %-8s %-42s %-12s %-24s %-34s %-10s\n", r.passed ? "PASS" : "FAIL",
                  kind_name(r.kind), name.c_str(), r.kind == CheckKind::promise ? "" : value.c_str(), ci_text(r).c_str(),
                  r.kind == CheckKind::promise ? "" : r.bound.c_str(), r.margin ? number_text(*r.margin).c_str() : "");
    out << line;
    if (r.kind == CheckKind::promise && !r.note.empty()) out << "         " << r.note << "\n";
    if (!r.passed) out << "         " << r.message << "\n";
  }
  if (hidden > 0) out << hidden << " baseline KPIs with no significant difference not shown\n";
  for (const std::string& note : report.notes) out << note << "\n";
  out << (failed == 0 ? "PASSED: " : "FAILED: ") << report.rows.size() - failed << " of " << report.rows.size()
      << " checks passed\n";
  return out.str();
}

}  // namespace milkrun
