// Typed errors that the CLI maps to the exit codes of SPEC §5 in one place.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace milkrun {

/// One problem with an input: where (JSON pointer, or "line L, column C") and what.
struct Problem {
  std::string where;
  std::string message;
};

/// Bad input or usage (exit 2). Carries every problem found, each already tied to its file.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::vector<Problem> problems);
  InputError(std::string file, std::string where, std::string message);
  const std::string& file() const { return file_; }
  const std::vector<Problem>& problems() const { return problems_; }
  /// "FILE: WHERE: MESSAGE" lines, one per problem.
  std::string report() const;

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

/// A usage mistake on the command line (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An output that cannot be written where asked: a path that is a file, a folder that cannot
/// be made or written, a full disk (exit 2). The message starts with the path (SPEC §12).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An expectation or check failed (exit 1).
class CheckFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace milkrun
