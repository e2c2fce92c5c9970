// InputError carries every problem of one input file; report() prints them for the CLI.
#include <milkrun/errors.hpp>

#include <utility>

namespace milkrun {
namespace {

std::string lines_of(const std::string& file, const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) out += file + ": " + p.where + ": " + p.message + "\n";
  return out;
}

}  // namespace

InputError::InputError(std::string file, std::vector<Problem> problems)
    : std::runtime_error(lines_of(file, problems)), file_(std::move(file)), problems_(std::move(problems)) {}

InputError::InputError(std::string file, std::string where, std::string message)
    : InputError(std::move(file), std::vector<Problem>{Problem{std::move(where), std::move(message)}}) {}

std::string InputError::report() const { return lines_of(file_, problems_); }

}  // namespace milkrun
