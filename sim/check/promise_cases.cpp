// Promise case files of `check --promises` (SPEC §6): each case quoted by the promise engine,
// without simulating, so calendar and cutoff rules are tested in milliseconds.
#include <milkrun/check/check.hpp>
#include <milkrun/engine/promise.hpp>

#include "input/json_reader.hpp"
#include "input/timefmt.hpp"

#include <fstream>
#include <sstream>

namespace milkrun {
namespace {

constexpr std::string_view kCaseKeys[] = {"zone", "at", "warehouse", "expect", "note"};
constexpr std::string_view kCaseExpectKeys[] = {"warehouse", "ship_by", "deliver_by"};

PromiseCase read_case(const Json& v, const std::string& where, Problems& out) {
  PromiseCase c;
  c.pointer = where;
  const Obj o(v, where, out, KeyTable{kCaseKeys});
  c.note = o.text("note").value_or("");
  c.zone = o.ref("zone", Need::required).value_or("");
  c.warehouse = o.ref("warehouse").value_or("");
  // Each time is parsed whenever it was read, "" too: an unparsed "at" would be read later.
  const auto at = o.text("at", Need::required);
  c.at = at.value_or("");
  std::string error;
  if (at && !parse_instant(*at, error)) out.add(o.at("at"), error);
  const Json* expect = o.get("expect", Need::required);
  if (!expect) return c;
  const Obj e(*expect, o.at("expect"), out, KeyTable{kCaseExpectKeys});
  c.expect_warehouse = e.ref("warehouse").value_or("");
  const auto ship_by = e.text("ship_by", Need::required), deliver_by = e.text("deliver_by", Need::required);
  c.expect_ship_by = ship_by.value_or("");
  c.expect_deliver_by = deliver_by.value_or("");
  if (ship_by && !parse_instant(*ship_by, error)) out.add(e.at("ship_by"), error);
  if (deliver_by && !parse_date(*deliver_by, error)) out.add(e.at("deliver_by"), error);
  return c;
}

template <class Ids>
std::optional<std::uint32_t> index_of(const Ids& ids, const std::string& id) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return static_cast<std::uint32_t>(i);
  return std::nullopt;
}

std::vector<std::string> warehouse_ids(const Model& model) {
  std::vector<std::string> ids;
  for (const auto& w : model.warehouses) ids.push_back(w.id);
  return ids;
}

/// "no zone "X" in scenario S; did you mean "Y"?"
std::string unknown(const char* kind, const std::string& id, const std::vector<std::string>& ids, const std::string& scenario) {
  const std::string hint = closest(id, ids);
  return std::string("no ") + kind + " \"" + id + "\" in scenario " + scenario + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?");
}

}  // namespace

std::vector<PromiseCase> read_promise_cases(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "/", "cannot read the promise case file");
  std::stringstream text;
  text << in.rdbuf();
  Json doc;
  try {
    doc = Json::parse(text.str());
  } catch (const Json::exception& e) {  // a syntax error, or a number beyond a double (out_of_range)
    throw InputError(path, "/", std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_array()) throw InputError(path, "/", "must be a list of cases {\"zone\", \"at\", \"expect\": {\"ship_by\", \"deliver_by\"}}");
  Problems out;
  std::vector<PromiseCase> cases;
  for (std::size_t i = 0; i < doc.size(); ++i) cases.push_back(read_case(doc[i], pointer_to("", i), out));
  if (!out.empty()) throw InputError(path, std::move(out.list()));
  if (cases.empty()) throw InputError(path, "/", "has no cases");
  return cases;
}

CheckRow check_promise_case(const Model& model, const std::string& scenario, const PromiseCase& c, const std::string& file) {
  const auto zone = index_of(model.zone_ids, c.zone);
  if (!zone) throw InputError(file, c.pointer + "/zone", unknown("zone", c.zone, model.zone_ids, scenario));
  const std::vector<std::string> ids = warehouse_ids(model);
  std::optional<WarehouseId> only;
  if (!c.warehouse.empty()) {
    only = index_of(ids, c.warehouse);
    if (!only) throw InputError(file, c.pointer + "/warehouse", unknown("warehouse", c.warehouse, ids, scenario));
  }
  std::string error;
  const auto at = parse_instant(c.at, error);
  const SimTime t = static_cast<SimTime>(at->first - model.start) * kSecondsPerDay + at->second;
  if (t < 0) throw InputError(file, c.pointer + "/at", "is before the scenario's start " + format_date(model.start));
  const PromiseQuote q = quote_promise(model, *zone, t, only);

  CheckRow row;
  row.scenario = scenario;
  row.kind = CheckKind::promise;
  row.name = c.zone + " at " + c.at + (c.warehouse.empty() ? "" : " from " + c.warehouse);
  row.note = c.note;
  const std::string got_wh = ids[q.warehouse], got_ship = format_instant(model.start, q.ship_by),
                    got_deliver = format_date(model.start + q.deliver_by);
  row.value = got_wh + " ship_by " + got_ship + " deliver_by " + got_deliver;
  row.bound = (c.expect_warehouse.empty() ? "" : c.expect_warehouse + " ") + "ship_by " + c.expect_ship_by +
              " deliver_by " + c.expect_deliver_by;
  std::string wrong;
  if (!c.expect_warehouse.empty() && got_wh != c.expect_warehouse) wrong += "warehouse " + got_wh + " (expected " + c.expect_warehouse + ")";
  if (got_ship != c.expect_ship_by) wrong += (wrong.empty() ? "" : ", ") + std::string("ship_by ") + got_ship + " (expected " + c.expect_ship_by + ")";
  if (got_deliver != c.expect_deliver_by)
    wrong += (wrong.empty() ? "" : ", ") + std::string("deliver_by ") + got_deliver + " (expected " + c.expect_deliver_by + ")";
  row.passed = wrong.empty();
  if (!row.passed) row.message = "promise for " + row.name + ": " + wrong;
  return row;
}

}  // namespace milkrun
