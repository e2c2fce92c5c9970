// Reading the `expect` block of a scenario (private to sim/).
#pragma once
#include <milkrun/expectation.hpp>
#include <milkrun/scenario.hpp>

#include "input/json_reader.hpp"

namespace milkrun {

/// The expectations under `expect` of `top`, checked against the warehouses and sellers of
/// `s`; problems (unknown KPIs with a hint, unknown ids, malformed bounds) go to top's list.
std::vector<Expectation> read_expect(const Obj& top, const Scenario& s);

}  // namespace milkrun
