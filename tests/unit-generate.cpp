// `milkrun generate` (SPEC §9): the network is deterministic, spread over the country,
// sized for its peak, and parses into a valid scenario.
#include <doctest/doctest.h>

#include <milkrun/errors.hpp>
#include <milkrun/input/generate.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "model/geo.hpp"

using namespace milkrun;
using Json = nlohmann::ordered_json;

namespace {

long long total_stations(const Json& doc) {
  long long n = 0;
  for (const Json& w : doc["warehouses"]) n += w["pick_pack"]["stations"].get<long long>();
  return n;
}

Location at(const Json& place) {
  Location l;
  l.lat = place["location"]["lat"].get<double>();
  l.lon = place["location"]["lon"].get<double>();
  l.has_latlon = true;
  return l;
}

}  // namespace

TEST_CASE("the same options give the same scenario, another seed another one") {
  GenerateOptions o;
  CHECK(generate_scenario(o).dump() == generate_scenario(o).dump());
  GenerateOptions other = o;
  other.seed = 2;
  CHECK(generate_scenario(o).dump() != generate_scenario(other).dump());
}

TEST_CASE("a generated scenario parses and validates, sellers and milk runs included") {
  GenerateOptions o;
  o.warehouses = 3;
  o.skus = 300;
  const Scenario s = parse_scenario(generate_scenario(o), "generated");
  CHECK(s.warehouses.size() == 3);
  CHECK(s.skus.size() == 300);
  CHECK(s.milk_runs.size() == 3);
}

TEST_CASE("the default warehouses are spread: no two within 500 km") {
  const Json doc = generate_scenario(GenerateOptions{});
  const Json& w = doc["warehouses"];
  for (std::size_t i = 0; i < w.size(); ++i)
    for (std::size_t j = i + 1; j < w.size(); ++j) CHECK(great_circle_km(at(w[i]), at(w[j])) > 500);
}

TEST_CASE("pick stations are sized for the peak: a 3x peak needs about three times the stations") {
  GenerateOptions o;
  o.orders_per_day = 200000;
  const long long base = total_stations(generate_scenario(o));
  o.peak = 3;
  const long long peak = total_stations(generate_scenario(o));
  CHECK(peak > 2.8 * base);
  CHECK(peak < 3.2 * base);
}

TEST_CASE("options out of range are refused") {
  GenerateOptions o;
  o.warehouses = 0;
  CHECK_THROWS_AS(generate_scenario(o), UsageError);
  o = GenerateOptions{};
  o.milk_runs = o.suppliers + 1;
  CHECK_THROWS_AS(generate_scenario(o), UsageError);
  o = GenerateOptions{};
  o.skus = 10'000'001;
  CHECK_THROWS_AS(generate_scenario(o), UsageError);
}
