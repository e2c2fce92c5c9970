// What `milkrun trace` prints (SPEC §7): a traced order or pair as text for a person, or as
// one JSON object.
#pragma once
#include <milkrun/engine/trace.hpp>
#include <milkrun/model/model.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace milkrun {

/// The order's timeline as SPEC §7's JSON object.
nlohmann::ordered_json order_trace_json(const Model& model, const TraceResult& trace);
/// The pair's stock timeline as SPEC §7's JSON object.
nlohmann::ordered_json pair_trace_json(const Model& model, const TraceResult& trace);
/// The same, as text for the terminal.
std::string order_trace_text(const Model& model, const TraceResult& trace);
std::string pair_trace_text(const Model& model, const TraceResult& trace);

}  // namespace milkrun
