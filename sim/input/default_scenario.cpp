#include <milkrun/input/scenario_io.hpp>

namespace milkrun {

const char* default_scenario_text() {
  return
#include "default_scenario.inc"
      ;
}

}  // namespace milkrun
