// One function per command: each adds its subcommand to the app and sets what it runs.
// Commands parse flags, call the library and print; errors travel as typed exceptions
// that main() maps to exit codes.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>

namespace milkrun::cli {

/// What a chosen subcommand does; returns the exit code.
using Action = std::function<int()>;

void add_run(CLI::App& app, Action& action);
void add_validate(CLI::App& app, Action& action);
void add_promise(CLI::App& app, Action& action);

}  // namespace milkrun::cli
