// The places `milkrun generate` builds a network on: large metro areas of the lower 48 US
// states with rough populations, from general knowledge (good enough to weight demand).
#pragma once
#include <span>

namespace milkrun {

/// One metro area: a short id, its centre and its population in millions.
struct Metro {
  const char* id;
  double lat, lon;
  double population;
};

/// The metros, roughly largest first.
std::span<const Metro> us_metros();

}  // namespace milkrun
