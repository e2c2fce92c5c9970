// Promise arithmetic (SPEC §3.2, R6-R9) against hand-computed cases in tests/promise/.
#include <doctest/doctest.h>

#include <milkrun/engine/promise.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "input/timefmt.hpp"

#include <fstream>

using namespace milkrun;

namespace {

nlohmann::ordered_json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return nlohmann::ordered_json::parse(in);
}

std::optional<WarehouseId> warehouse_index(const Model& m, const std::string& id) {
  for (WarehouseId w = 0; w < m.warehouse_count(); ++w)
    if (m.warehouses[w].id == id) return w;
  return std::nullopt;
}

}  // namespace

TEST_CASE("every hand-computed promise case holds through the library") {
  const std::string dir = std::string(MILKRUN_SOURCE_DIR) + "/tests/promise/";
  const Model m = build_model(load_scenario(dir + "scenario.json"));
  const auto cases = read_json(dir + "cases.json");
  CHECK(cases.size() >= 20);
  for (const auto& c : cases) {
    std::string error;
    const auto at = parse_instant(c["at"].get<std::string>(), error);
    REQUIRE(at);
    ZoneId zone = 0;
    while (m.zone_ids[zone] != c["zone"].get<std::string>()) ++zone;
    std::optional<WarehouseId> only;
    if (c.contains("warehouse")) only = warehouse_index(m, c["warehouse"].get<std::string>());
    const SimTime t = static_cast<SimTime>(at->first - m.start) * kSecondsPerDay + at->second;
    const PromiseQuote q = quote_promise(m, zone, t, only);
    INFO(c["note"].get<std::string>(), " (", c["zone"].get<std::string>(), " at ", c["at"].get<std::string>(), ")");
    CHECK(m.warehouses[q.warehouse].id == c["expect"]["warehouse"].get<std::string>());
    CHECK(format_instant(m.start, q.ship_by) == c["expect"]["ship_by"].get<std::string>());
    CHECK(format_date(m.start + q.deliver_by) == c["expect"]["deliver_by"].get<std::string>());
  }
}

TEST_CASE("a promise before any stock question picks the band by inclusive max_km") {
  const Model m = build_model(load_scenario(std::string(MILKRUN_SOURCE_DIR) + "/tests/promise/scenario.json"));
  CHECK(m.transit_days(1, 3) == 0);  // W2 to Z-EAST is exactly 100 km
  CHECK(m.transit_days(0, 2) == 1);  // W1 to Z-TIE is exactly 500 km
  CHECK(m.transit_days(0, 4) == 4);  // the last band has no max_km
}
