// R42: recorded orders replayed instead of drawn. A CSV (RFC 4180, UTF-8, a header naming
// `arrival`, `zone`, `sku`, `units` and optionally `order`, `prime`, `replication`, in any
// order; other columns ignored) becomes the scenario's ReplayOrders. An `orders.csv` of
// `run --orders` reads as it is.
#pragma once
#include "input/json_reader.hpp"

#include <milkrun/scenario.hpp>

#include <string>
#include <string_view>

namespace milkrun {

/// The orders in `text`, the CSV named `file` in messages, for scenario `s` (its zones, SKUs,
/// start and horizon). Every bad row is reported at once as "FILE:line N: message" in one
/// InputError; rows skipped (outside [start, horizon), or of a later replication) are
/// counted in `warnings` at `where`.
ReplayOrders read_replay(std::string_view text, const std::string& file, const Scenario& s, const std::string& where,
                         Problems& warnings);

/// Reads `s.demand.replay_file`, relative to the scenario file, into `s.demand.replay`.
/// A file that cannot be read is a problem of `/demand/replay/file` in `out`.
void load_replay(Scenario& s, Problems& out, Problems& warnings);

}  // namespace milkrun
