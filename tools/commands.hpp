// One function per command: each adds its subcommand to the app and sets what it runs.
// Commands parse flags, call the library and print; errors travel as typed exceptions
// that main() maps to exit codes.
#pragma once
#include <milkrun/input/scenario_io.hpp>
#include <milkrun/scenario.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace milkrun::cli {

/// What a chosen subcommand does; returns the exit code.
using Action = std::function<int()>;

/// Prints a scenario's warnings on stderr as "FILE: POINTER: warning: MESSAGE".
inline void print_warnings(const Scenario& sc) {
  for (const Problem& w : sc.warnings) std::cerr << sc.file << ": " << w.where << ": warning: " << w.message << '\n';
}

/// The warnings of the scenario in `path` (with `overrides`), for commands whose library
/// reads the scenarios itself (sweep, batch, check). A scenario with problems prints nothing
/// here: the command reports those its own way.
void print_warnings_of(const std::string& path, const std::vector<Override>& overrides = {});

void add_run(CLI::App& app, Action& action);
void add_validate(CLI::App& app, Action& action);
void add_promise(CLI::App& app, Action& action);
void add_routes(CLI::App& app, Action& action);
void add_check(CLI::App& app, Action& action);
void add_compare(CLI::App& app, Action& action);
void add_sweep(CLI::App& app, Action& action);
void add_batch(CLI::App& app, Action& action);
void add_trace(CLI::App& app, Action& action);
void add_generate(CLI::App& app, Action& action);

}  // namespace milkrun::cli
