// InputError carries every problem of one input file; report() prints them for the CLI.
#include <milkrun/errors.hpp>

#include <algorithm>
#include <utility>

namespace milkrun {
namespace {

/// "line N" of a text file (not JSON's "line L, column C"): printed "FILE:line N" (R42).
bool is_line(const std::string& where) {
  return where.size() > 5 && where.starts_with("line ") &&
         std::all_of(where.begin() + 5, where.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lines_of(const std::string& file, const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) out += file + (is_line(p.where) ? ":" : ": ") + p.where + ": " + p.message + "\n";
  return out;
}

}  // namespace

InputError::InputError(std::string file, std::vector<Problem> problems)
    : std::runtime_error(lines_of(file, problems)), file_(std::move(file)), problems_(std::move(problems)) {}

InputError::InputError(std::string file, std::string where, std::string message)
    : InputError(std::move(file), std::vector<Problem>{Problem{std::move(where), std::move(message)}}) {}

std::string InputError::report() const { return lines_of(file_, problems_); }

}  // namespace milkrun
