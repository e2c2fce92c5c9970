#include <milkrun/errors.hpp>

#include "experiment/parallel.hpp"
#include "commands.hpp"

namespace milkrun::cli {

void print_warnings_of(const std::string& path, const std::vector<Override>& overrides) {
  if (!is_output_rank()) return;  // once, not once per MPI rank
  try {
    print_warnings(load_scenario(path, overrides));
  } catch (const InputError&) {  // reported by the command itself
  }
}

}  // namespace milkrun::cli
