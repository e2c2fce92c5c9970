// Reading scenario text: files, JSON syntax errors with line and column, and --set overrides.
#include <milkrun/input/scenario_io.hpp>

#include "input/limits.hpp"
#include "input/parse.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace milkrun {
namespace {

/// nlohmann's token names, as an analyst would say them.
std::string token_words(const std::string& token) {
  if (token == "'[', '{', or a literal") return "a value";
  if (token == "end of input") return "end of file";
  if (token.ends_with(" literal")) return token.substr(0, token.size() - 8);
  return token;
}

/// The part of nlohmann's message after "syntax error while parsing CONTEXT - ", reworded.
std::string syntax_words(const std::string& what) {
  const std::string marker = "syntax error while parsing ";
  const auto start = what.find(marker);
  if (start == std::string::npos) return "syntax error";
  const std::string rest = what.substr(start + marker.size());
  const auto dash = rest.find(" - ");
  const std::string context = rest.substr(0, dash);
  const std::string detail = dash == std::string::npos ? "" : rest.substr(dash + 3);
  const auto expected_at = detail.rfind("; expected ");
  std::string expected = expected_at == std::string::npos ? "" : detail.substr(expected_at + 11);
  if (detail.starts_with("unexpected ")) {
    const std::string found = detail.substr(11, expected_at == std::string::npos ? std::string::npos : expected_at - 11);
    if (context == "object" && expected == "'}'") expected = "',' or '}'";
    else if (context == "array" && expected == "']'") expected = "',' or ']'";
    else if (expected == "string literal") expected = "a key in double quotes";
    else expected = token_words(expected);
    return "syntax error: unexpected " + token_words(found) + (expected.empty() ? "" : "; expected " + expected);
  }
  if (detail.starts_with("invalid literal")) {
    if (expected == "end of input") return "syntax error: unexpected text after the end of the document";
    if (context == "object key") return "syntax error: expected a key in double quotes";
    return "syntax error: invalid value (strings need double quotes; literals are true, false and null)";
  }
  return "syntax error: " + detail.substr(0, detail.find("; last read"));
}

std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string read_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, "cannot read", "it is a directory");
  // SPEC §12: checked before reading, so a huge file is refused before it fills memory.
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > limits::kFileBytes)
    throw InputError(path, "too large", std::to_string(size) +
                                            " bytes, over milkrun's limit of 1 GiB (1073741824 bytes) for a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot read", lower_first(std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path, "cannot read", lower_first(std::strerror(errno)));
  return text.str();
}

/// RFC 6901 reference tokens of a pointer that starts with '/'.
std::vector<std::string> tokens_of(const std::string& pointer) {
  std::vector<std::string> tokens;
  for (std::size_t pos = 1; pos <= pointer.size();) {
    const std::size_t slash = std::min(pointer.find('/', pos), pointer.size());
    std::string token;
    for (std::size_t i = pos; i < slash; ++i) {
      if (pointer[i] == '~' && i + 1 < slash && (pointer[i + 1] == '0' || pointer[i + 1] == '1'))
        token += pointer[++i] == '0' ? '~' : '/';
      else token += pointer[i];
    }
    tokens.push_back(std::move(token));
    pos = slash + 1;
  }
  return tokens;
}

/// An array index as RFC 6901 writes it: digits, no leading zero.
std::optional<std::size_t> index_of(const std::string& token) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  if (!std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  return std::stoul(token);
}

/// The child `token` of `node`, or nullptr when there is none.
Json* child(Json& node, const std::string& token) {
  if (node.is_object()) {
    const auto it = node.find(token);
    return it == node.end() ? nullptr : &*it;
  }
  const auto index = node.is_array() ? index_of(token) : std::nullopt;
  return index && *index < node.size() ? &node[*index] : nullptr;
}

/// nlohmann's "number overflow parsing 'TEXT'" (a number beyond a double) as the number's text.
std::string overflowing_number(const Json::out_of_range& e) {
  const std::string what = e.what();
  const auto open = what.find('\''), close = what.rfind('\'');
  return open == std::string::npos || close <= open ? std::string() : what.substr(open + 1, close - open - 1);
}

std::string overflow_words(const std::string& number) {
  return "number " + number + " is out of range (a number's size must stay below 1.8e308)";
}

/// "value is not valid JSON: ..." with a quoting hint when a bare word was given.
std::string bad_value_message(const std::string& value, const Json::parse_error& e) {
  std::string message = "value is not valid JSON: " + syntax_words(e.what());
  const auto first = value.find_first_not_of(" \t");
  const bool bare_word = first != std::string::npos && std::string("{[\"-0123456789tfn").find(value[first]) == std::string::npos;
  if (bare_word) message += "; to set a string, quote it: '\"" + value + "\"'";
  return message;
}

void apply_override(Json& doc, const Override& o, Problems& out) {
  const std::string where = "--set " + o.pointer;
  Json value;
  try {
    value = Json::parse(o.value);
  } catch (const Json::parse_error& e) {
    out.add(where, bad_value_message(o.value, e));
    return;
  } catch (const Json::out_of_range& e) {
    out.add(where, "value is not valid JSON: " + overflow_words(overflowing_number(e)));
    return;
  }
  if (!o.pointer.starts_with('/')) {
    out.add(where, "not a JSON pointer (it must start with \"/\", e.g. /carrier/pickup_days)");
    return;
  }
  const std::vector<std::string> tokens = tokens_of(o.pointer);
  Json* node = &doc;
  std::string reached;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    reached = pointer_to(reached, tokens[i]);
    node = child(*node, tokens[i]);
    if (!node) {
      out.add(where, "no such place in the scenario (nothing at " + reached + ")");
      return;
    }
  }
  const std::string& last = tokens.back();
  if (node->is_object()) {
    (*node)[last] = std::move(value);
  } else if (node->is_array() && (last == "-" || index_of(last) == node->size())) {
    node->push_back(std::move(value));
  } else if (Json* slot = child(*node, last)) {
    *slot = std::move(value);
  } else {
    out.add(where, "no such place in the scenario (nothing at " + o.pointer + ")");
  }
}

/// SPEC §12: the place where `text` first nests deeper than the limit, as a problem; nullopt
/// when it never does. Brackets inside strings do not count; the JSON need not be valid.
std::optional<Problem> too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits::kJsonDepth) {
        const std::size_t line_start = text.rfind('\n', i);
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n');
        const std::size_t column = line_start == std::string_view::npos ? i + 1 : i - line_start;
        return Problem{"line " + std::to_string(line) + ", column " + std::to_string(column),
                       "nested deeper than 64 levels (milkrun's limit)"};
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

/// The scenario file's JSON with the overrides applied.
Json read_document(const std::string& text, const std::string& file, const std::vector<Override>& overrides) {
  if (const std::optional<Problem> deep = too_deep(text)) throw InputError(file, {*deep});
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(file, {syntax_problem(e, text)});
  } catch (const Json::out_of_range& e) {  // a number beyond a double: where it first appears
    const std::string number = overflowing_number(e);
    const std::size_t at = number.empty() ? std::string::npos : text.find(number);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(at, text.size())), '\n'));
    const std::size_t line_start = at == std::string::npos || at == 0 ? std::string::npos : text.rfind('\n', at - 1);
    const std::string where = at == std::string::npos ? "/" : "line " + std::to_string(line) + ", column " +
        std::to_string(line_start == std::string::npos ? at + 1 : at - line_start);
    throw InputError(file, where, overflow_words(number));
  }
  Problems out;
  for (const Override& o : overrides) apply_override(doc, o, out);
  // A failed override leaves a scenario the analyst did not ask for: report only that.
  if (!out.empty()) throw InputError(file, std::move(out.list()));
  return doc;
}

/// The file at `path`, or the bundled default when it is empty, with the name messages give it.
struct ScenarioText {
  std::string text, file;
};
ScenarioText scenario_text(const std::string& path) {
  if (path.empty()) return {default_scenario_text(), "default.json"};
  return {read_file(path), path};
}

}  // namespace

Problem syntax_problem(const Json::parse_error& e, std::string_view text) {
  // nlohmann's byte is 1-based and points at the last character read.
  const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
  const std::size_t line_start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  const std::size_t column = line_start == std::string_view::npos ? at + 1 : at - line_start;
  return Problem{"line " + std::to_string(line) + ", column " + std::to_string(column), syntax_words(e.what())};
}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) throw UsageError("--set needs POINTER=VALUE, got \"" + text + "\"");
  return Override{text.substr(0, eq), text.substr(eq + 1)};
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  const ScenarioText in = scenario_text(path);
  return load_scenario_text(in.text, in.file, overrides);
}

Scenario load_scenario_text(const std::string& text, const std::string& file, const std::vector<Override>& overrides) {
  return parse_scenario(read_document(text, file, overrides), file);
}

ScenarioLoading::ScenarioLoading(Scenario scenario, std::unique_ptr<PlansAside> aside, nlohmann::ordered_json doc)
    : scenario_(std::move(scenario)), aside_(std::move(aside)), doc_(std::move(doc)) {}
ScenarioLoading::ScenarioLoading(ScenarioLoading&&) noexcept = default;
ScenarioLoading::~ScenarioLoading() = default;  // a check still running is waited for (std::async)

Scenario& ScenarioLoading::finish() {
  if (!aside_) return scenario_;
  PlanFindings found = aside_->findings.get();
  Problems warnings = std::move(aside_->warnings);
  aside_.reset();
  warnings.add(std::move(found.warnings));
  end_checks(scenario_, found.out, warnings, doc_);
  return scenario_;
}

ScenarioLoading load_scenario_planning_aside(const std::string& path, const std::vector<Override>& overrides) {
  const ScenarioText in = scenario_text(path);
  Json doc = read_document(in.text, in.file, overrides);
  auto aside = std::make_unique<PlansAside>();
  Scenario s = parse_scenario(doc, in.file, aside.get());
  if (!aside->findings.valid()) return ScenarioLoading(std::move(s), nullptr, Json());  // checked at once
  return ScenarioLoading(std::move(s), std::move(aside), std::move(doc));
}


}  // namespace milkrun
