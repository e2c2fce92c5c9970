// milkrun: parses the command line, runs the chosen command and maps errors to the exit
// codes of SPEC §5 (0 ok, 1 a check failed, 2 bad input or usage, 3 internal error).
#include <milkrun/errors.hpp>
#include <milkrun/stop.hpp>
#include "experiment/parallel.hpp"

#include "commands.hpp"
#include "signals.hpp"

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"milkrun: simulate e-commerce fulfillment networks, their delivery promises and milk runs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("milkrun ") + MILKRUN_VERSION);
  milkrun::cli::Action action;
  milkrun::cli::add_run(app, action);
  milkrun::cli::add_validate(app, action);
  milkrun::cli::add_promise(app, action);
  milkrun::cli::add_routes(app, action);
  milkrun::cli::add_check(app, action);
  milkrun::cli::add_compare(app, action);
  milkrun::cli::add_sweep(app, action);
  milkrun::cli::add_batch(app, action);
  milkrun::cli::add_trace(app, action);
  milkrun::cli::add_generate(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "milkrun: " << e.what() << '\n';  // SPEC §12: one short line
    return 2;
  }
  milkrun::cli::stop_on_signals();
  try {
    return action();
  } catch (const milkrun::Interrupted& e) {  // the temporary output is gone by now
    return 128 + e.signal();
  } catch (const milkrun::InputError& e) {
    std::cerr << e.report();
    return 2;
  } catch (const milkrun::OutputError& e) {
    std::cerr << "milkrun: " << e.what() << '\n';
    milkrun::abort_world(2);  // only rank 0 writes: the others would wait for it
    return 2;
  } catch (const milkrun::UsageError& e) {
    std::cerr << "milkrun: " << e.what() << '\n';
    return 2;
  } catch (const milkrun::CheckFailed& e) {
    std::cerr << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "milkrun: internal error: " << e.what() << '\n';
    milkrun::abort_world(3);
    return 3;
  }
}
