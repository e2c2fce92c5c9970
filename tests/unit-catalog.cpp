// `catalog.generate` (SPEC §2): generated SKUs are deterministic from the catalog's seed,
// follow Zipf popularity, split sources evenly in popularity order and spread over warehouses.
#include <doctest/doctest.h>

#include "parse_fixture.hpp"

#include <milkrun/errors.hpp>
#include <milkrun/input/scenario_io.hpp>

#include "input/catalog.hpp"
#include "model/in_parts.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <set>

using namespace milkrun;
using Json = nlohmann::ordered_json;

namespace {

Json catalog_scenario() {
  return Json::parse(R"({
    "milkrun": 1, "name": "catalog", "start": "2026-11-02", "horizon_days": 14,
    "distances": {"mode": "euclidean"},
    "carrier": {"transit_days": [{"days": 1}]},
    "warehouses": [
      {"id": "W1", "location": {"x": 0, "y": 0}, "pick_pack": {"time_per_order": "1min"}, "departures": ["18:00"]},
      {"id": "W2", "location": {"x": 9, "y": 0}, "pick_pack": {"time_per_order": "1min"}, "departures": ["18:00"]},
      {"id": "W3", "location": {"x": 0, "y": 9}, "pick_pack": {"time_per_order": "1min"}, "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"x": 1, "y": 1}}],
    "suppliers": [
      {"id": "V1", "location": {"x": 5, "y": 5}, "lead_time": "2d", "review": {"days": "Mon", "time": "08:00"}},
      {"id": "V2", "location": {"x": 6, "y": 5}, "lead_time": "3d", "review": {"days": "Thu", "time": "08:00"}}],
    "sellers": [
      {"id": "S1", "location": {"x": 50, "y": 5}, "review": {"days": "Mon", "time": "09:00"}, "cover_days": 14,
       "transit": "3d"},
      {"id": "S2", "location": {"x": 60, "y": 5}, "review": {"days": "Wed", "time": "09:00"}, "cover_days": 21,
       "transit": "4d"}],
    "catalog": {"generate": {
      "skus": 1000, "zipf": 1.0, "prime_share": 0.8, "seed": 7,
      "unit": {"liters": {"dist": "lognormal", "mean": 3, "sd": 4}, "kg": {"dist": "uniform", "min": 0.1, "max": 2},
               "value": 25},
      "sources": {"suppliers": 0.7, "sellers": 0.3},
      "stocked_in": 2,
      "stock": {"initial_days": 10, "policy": {"type": "RS", "order_up_to_days": 14}}}},
    "demand": {"orders_per_day": 5000}
  })");
}

Json& generate(Json& doc) { return doc["catalog"]["generate"]; }

Scenario parse(const Json& doc) { return parse_scenario(doc, "c.json"); }

std::string problems(const Json& doc) { return test::problems_of(doc, "c.json"); }

/// The generated SKUs' units, Prime flags, sources and warehouses, for comparing catalogs.
std::string fingerprint(const Scenario& s) {
  std::string text;
  for (const SkuSpec& k : s.skus) {
    text += k.id + (k.prime ? "P" : "-") + k.supplier + k.seller + std::to_string(k.unit.liters) +
            std::to_string(k.unit.kg);
    for (const StockSpec& st : s.stock_of(k)) text += st.warehouse;
  }
  return text;
}

}  // namespace

TEST_CASE("generated SKU ids are G and the 1-based index, zero-padded to the width of the count") {
  CHECK(generated_id(0, 1000) == "G0001");
  CHECK(generated_id(999, 1000) == "G1000");
  CHECK(generated_id(0, 9) == "G1");
  CHECK(generated_id(99999, 100000) == "G100000");
  const Scenario s = parse(catalog_scenario());
  REQUIRE(s.skus.size() == 1000);
  CHECK(s.skus.front().id == "G0001");
  CHECK(s.skus.back().id == "G1000");
  CHECK(is_generated(s.skus.front()));
  CHECK(s.catalog->skus == 1000);
}

TEST_CASE("the same catalog seed gives the same SKUs, another seed other ones") {
  Json doc = catalog_scenario();
  const std::string first = fingerprint(parse(doc));
  doc["seed"] = 99;  // the scenario's seed is for the simulation, not the catalog
  CHECK(fingerprint(parse(doc)) == first);
  generate(doc)["seed"] = 8;
  CHECK(fingerprint(parse(doc)) != first);
}

TEST_CASE("popularity follows Zipf and the rates add up to demand.orders_per_day") {
  Json doc = catalog_scenario();
  const Scenario s = parse(doc);
  double total = 0, harmonic = 0;
  for (std::size_t i = 0; i < s.skus.size(); ++i) {
    total += *s.skus[i].orders_per_day;
    harmonic += 1.0 / static_cast<double>(i + 1);
  }
  CHECK(total == doctest::Approx(5000));
  CHECK(*s.skus[0].orders_per_day == doctest::Approx(5000 / harmonic));
  CHECK(*s.skus[0].orders_per_day / *s.skus[9].orders_per_day == doctest::Approx(10));
  generate(doc)["zipf"] = 2;
  const Scenario steep = parse(doc);
  CHECK(*steep.skus[0].orders_per_day / *steep.skus[9].orders_per_day == doctest::Approx(100));
  generate(doc)["zipf"] = 0;
  const Scenario flat = parse(doc);
  CHECK(*flat.skus[0].orders_per_day == doctest::Approx(5));
  CHECK(*flat.skus[999].orders_per_day == doctest::Approx(5));
}

TEST_CASE("Prime and unit draws follow their laws") {
  Json doc = catalog_scenario();
  generate(doc)["skus"] = 20000;
  const Scenario s = parse(doc);
  double prime = 0, liters = 0, kg_min = 1e9, kg_max = 0;
  for (const SkuSpec& k : s.skus) {
    prime += k.prime ? 1 : 0;
    liters += k.unit.liters;
    kg_min = std::min(kg_min, k.unit.kg);
    kg_max = std::max(kg_max, k.unit.kg);
    CHECK(k.unit.value == 25);
  }
  CHECK(prime / 20000 == doctest::Approx(0.8).epsilon(0.02));
  CHECK(liters / 20000 == doctest::Approx(3).epsilon(0.1));
  CHECK(kg_min >= 0.1);
  CHECK(kg_max <= 2);
}

TEST_CASE("sources split evenly in popularity order, round robin within each kind") {
  const Scenario s = parse(catalog_scenario());
  std::size_t from_suppliers = 0;
  std::vector<std::string> suppliers, sellers;
  for (std::size_t i = 0; i < s.skus.size(); ++i) {
    const SkuSpec& k = s.skus[i];
    CHECK(k.supplier.empty() != k.seller.empty());
    if (!k.supplier.empty()) suppliers.push_back(k.supplier);
    else sellers.push_back(k.seller);
    from_suppliers += k.supplier.empty() ? 0 : 1;
    // Any prefix of the popularity order holds the supplier share to within one SKU.
    CHECK(from_suppliers == static_cast<std::size_t>(std::floor(static_cast<double>(i + 1) * 0.7)));
  }
  CHECK(s.skus[0].seller == "S1");  // floor(0.7) = 0: the top SKU goes to a seller
  CHECK(s.skus[1].supplier == "V1");
  for (std::size_t j = 0; j < suppliers.size(); ++j) CHECK(suppliers[j] == (j % 2 == 0 ? "V1" : "V2"));
  for (std::size_t j = 0; j < sellers.size(); ++j) CHECK(sellers[j] == (j % 2 == 0 ? "S1" : "S2"));
}

TEST_CASE("without sources every generated SKU comes from a supplier") {
  Json doc = catalog_scenario();
  generate(doc).erase("sources");
  for (const SkuSpec& k : parse(doc).skus) CHECK(k.seller.empty());
}

TEST_CASE("each SKU is stocked in stocked_in consecutive warehouses from a hashed start") {
  const Scenario s = parse(catalog_scenario());
  const std::vector<std::string> order{"W1", "W2", "W3"};
  std::map<std::string, int> starts;
  for (const SkuSpec& k : s.skus) {
    const std::span<const StockSpec> stock = s.stock_of(k);
    REQUIRE(stock.size() == 2);
    const auto first = std::find(order.begin(), order.end(), stock[0].warehouse) - order.begin();
    CHECK(stock[1].warehouse == order[static_cast<std::size_t>(first + 1) % 3]);
    ++starts[stock[0].warehouse];
    CHECK(stock[0].pointer == "/catalog/generate/stock");
    CHECK(stock[0].initial.days == 10);
    REQUIRE(stock[0].policy.has_value());
    CHECK(stock[0].policy->type == PolicyType::RS);
    CHECK(stock[0].policy->order_up_to.days == 14);
  }
  for (const std::string& w : order) CHECK(starts[w] == doctest::Approx(333).epsilon(0.15));
}

TEST_CASE("generated SKUs follow the listed ones, which need their own rates") {
  Json doc = catalog_scenario();
  doc["skus"] = Json::parse(R"([{"id": "TOP", "source": {"supplier": "V2"}, "orders_per_day": 50,
                                 "stock": {"W2": {"initial": 10}}}])");
  const Scenario s = parse(doc);
  REQUIRE(s.skus.size() == 1001);
  CHECK(s.skus[0].id == "TOP");
  CHECK_FALSE(is_generated(s.skus[0]));
  CHECK(s.skus[1].id == "G0001");
  doc["skus"][0].erase("orders_per_day");
  CHECK(problems(doc) == "c.json: /skus/0/orders_per_day: required key is missing (with a catalog, "
                         "demand.orders_per_day goes to the generated SKUs)\n");
}

TEST_CASE("a listed SKU may not take a generated id") {
  Json doc = catalog_scenario();
  doc["skus"] = Json::parse(R"([{"id": "G0042", "source": {"supplier": "V2"}, "orders_per_day": 5,
                                 "stock": {"W2": {"initial": 10}}}])");
  CHECK(problems(doc) ==
        "c.json: /skus/0/id: \"G0042\" is also the id of a generated SKU (catalog.generate names them G0001 to G1000)\n");
  doc["skus"][0]["id"] = "G042";
  CHECK(problems(doc).empty());
}

TEST_CASE("a catalog checks its figures against the network") {
  Json doc = catalog_scenario();
  generate(doc)["stocked_in"] = 4;
  generate(doc)["sources"] = Json::parse(R"({"suppliers": 0, "sellers": 0})");
  generate(doc)["zipf"] = -1;
  CHECK(problems(doc) == "c.json: /catalog/generate/zipf: must be a number >= 0, got -1\n"
                         "c.json: /catalog/generate/sources: must have a positive sum\n"
                         "c.json: /catalog/generate/stocked_in: must not exceed the number of warehouses (3), got 4\n");
  doc = catalog_scenario();
  doc.erase("sellers");
  doc.erase("suppliers");
  CHECK(problems(doc) ==
        "c.json: /catalog/generate/sources/suppliers: the scenario has no suppliers to source generated SKUs from\n"
        "c.json: /catalog/generate/sources/sellers: the scenario has no sellers to source generated SKUs from\n");
  generate(doc).erase("sources");
  CHECK(problems(doc) == "c.json: /catalog/generate: generates SKUs from suppliers (no \"sources\" given), but the "
                         "scenario has no suppliers\n");
}

TEST_CASE("a catalog needs demand.orders_per_day, a size and a stock block") {
  Json doc = catalog_scenario();
  doc["demand"].erase("orders_per_day");
  generate(doc).erase("skus");
  generate(doc).erase("stock");
  CHECK(problems(doc) == "c.json: /catalog/generate/skus: required key is missing\n"
                         "c.json: /catalog/generate/stock: required key is missing\n"
                         "c.json: /demand/orders_per_day: required key is missing (catalog.generate splits it "
                         "among the generated SKUs)\n");
  doc["catalog"] = Json::object();
  CHECK(problems(doc).find("c.json: /catalog/generate: required key is missing\n") != std::string::npos);
}

TEST_CASE("unit draws must not be negative") {
  Json doc = catalog_scenario();
  generate(doc)["unit"]["value"] = Json::parse(R"({"dist": "normal", "mean": 25, "sd": 5})");
  generate(doc)["unit"]["kg"] = -1;
  CHECK(problems(doc) == "c.json: /catalog/generate/unit/kg: must not be negative, got -1\n");
}

TEST_CASE("a policy on generated seller SKUs is a warning, once") {
  const Scenario s = parse(catalog_scenario());
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].where == "/catalog/generate/stock/policy");
  CHECK(s.warnings[0].message ==
        "is ignored for generated SKUs from sellers: sellers ship cartons to keep their cover_days of stock");
}

TEST_CASE("a hundred thousand generated SKUs load quickly") {
  Json doc = catalog_scenario();
  generate(doc)["skus"] = 100000;
  generate(doc)["stocked_in"] = 3;
  const auto started = std::chrono::steady_clock::now();
  const Scenario s = parse(doc);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(s.skus.size() == 100000);
  CHECK(s.skus.back().id == "G100000");
  // Generous for debug and sanitizer builds; a release build takes a fraction of a second.
  CHECK(seconds < 10);
}

TEST_CASE("reserve_in_parts and resize_in_parts make room on every core and leave the elements as they were") {
  std::vector<std::int64_t> v{5, 4, 3};
  reserve_in_parts(v, 10'000'000);  // 80 MB: parts on every core
  REQUIRE(v.size() == 3);
  CHECK(v.capacity() >= 10'000'000);
  CHECK(v == std::vector<std::int64_t>{5, 4, 3});
  v.resize(10'000'000);
  CHECK(v[2] == 3);
  CHECK(v[3] == 0);
  CHECK(v.back() == 0);
  std::vector<std::int64_t> none;
  reserve_in_parts(none, 0);
  CHECK(none.empty());
  std::vector<std::int64_t> grown{7};
  resize_in_parts(grown, 3'000'000);
  CHECK(grown.size() == 3'000'000);
  CHECK(grown.front() == 7);
  CHECK(grown[1] == 0);
  CHECK(grown.back() == 0);
}
