// `milkrun validate`: report every problem of every scenario (exit 2 if any).
#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "commands.hpp"

#include <iostream>
#include <memory>

namespace milkrun::cli {

void add_validate(CLI::App& app, Action& action) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Check scenarios and report all problems");
  cmd->add_option("scenarios", *files, "Scenario JSON files")->required();
  cmd->callback([files, &action] {
    action = [files] {
      int code = 0;
      for (const std::string& f : *files) {
        try {
          print_warnings(load_scenario(f));
          std::cout << f << ": ok\n";
        } catch (const InputError& e) {
          std::cerr << e.report();
          code = 2;
        }
      }
      return code;
    };
  });
}

}  // namespace milkrun::cli
