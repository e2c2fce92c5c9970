#!/usr/bin/env python3
"""scenarios/schema.json describes the scenario format milkrun reads (SPEC §8).

- The schema is valid JSON Schema 2020-12; every key has a description; every object
  refuses unknown keys; its keys are those of the parser's key tables (sim/input/*.cpp) and
  its KPI names those of include/milkrun/kpi.hpp.
- Every scenario in the repository cites it with "$schema" (first key, a correct relative
  path), passes it, and passes `milkrun validate`.
- Each tests/bad/*.json is classified here: the schema-level mistakes (at least 30) are
  refused by the schema, at a place milkrun also reports; the others (syntax, references
  between ids, orders of values, geometry) pass the schema, so the list cannot go stale.
- Variants of the default scenario that milkrun accepts (every enum value, every law, the
  text formats in their odd corners) pass the schema; variants it refuses for a format do not.

Needs python3-jsonschema (Debian package; tools/setup-debian.sh --tests installs it).
Usage: python3 tests/e2e_schema.py /path/to/milkrun   (MILKRUN_SOURCE = source root)
"""
import copy
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("FAIL python3 jsonschema is missing: install the Debian package python3-jsonschema "
          "(tools/setup-debian.sh --tests)")
    sys.exit(1)

SOURCE = pathlib.Path(os.environ.get("MILKRUN_SOURCE", pathlib.Path(__file__).resolve().parent.parent))
SCHEMA_FILE = SOURCE / "scenarios" / "schema.json"

# The broken scenarios the schema must refuse, by the kind of mistake.
SCHEMA_LEVEL = {
    "02-wrong-version": "bad enum (const 1)",
    "03-unknown-top-level-key": "unknown key",
    "04-unknown-nested-key": "unknown key",
    "05-duration-bare-number": "wrong type",
    "06-duration-bad-unit": "bad pattern",
    "07-bad-clock-time": "bad pattern",
    "08-bad-day-set": "bad pattern",
    "09-bad-date": "bad pattern",
    "11-empty-warehouses": "empty list",
    "12-empty-departures": "empty list",
    "13-empty-transit-days": "empty list",
    "14-empty-zones": "empty list",
    "15-zero-stations": "out of range",
    "19-unknown-distribution-kind": "bad enum",
    "20-lognormal-without-sd": "missing required key",
    "22-bernoulli-p-above-one": "out of range",
    "23-duration-can-be-negative": "bad pattern (negative duration)",
    "26-hour-profile-23-entries": "wrong list length",
    "28-prime-share-above-one": "out of range",
    "29-on-stockout-maybe": "bad enum",
    "30-milk-run-stop-listed-twice": "repeated list item",
    "31-several-problems": "unknown key, wrong type, bad pattern, out of range",
    "32-string-where-number-expected": "wrong type",
    "33-zero-replications": "out of range",
    "36-roads-mode-without-roads": "missing required key",
    "40-stock-initial-and-initial-days": "exclusive keys",
    "41-missing-time-per-order": "missing required key",
    "45-road-edge-zero-km": "out of range",
    "49-serves-without-auto-stops": "key not allowed with listed stops",
    "51-seller-carton-units-zero": "out of range",
    "52-sku-with-supplier-and-seller": "exclusive keys",
    "54-catalog-without-demand-orders-per-day": "missing required key",
    "55-ready-above-one": "out of range",
    "59-milk-run-stops-mixed-shapes": "wrong type",
    "61-vendor-without-lead-time": "missing required key",
    "63-plan-headroom-negative": "out of range",
    "64-schema-not-a-string": "wrong type",
    "65-unknown-key-in-a-shift": "unknown key",
    "66-unknown-kpi-in-expect": "unknown key",
    "67-unknown-bound-operator": "unknown key",
    "68-prime-not-a-boolean": "wrong type",
    "69-priority-lifo": "bad enum",
    "70-distance-mode-manhattan": "bad enum",
    "71-policy-type-lowercase": "bad enum",
    "72-delivery-vender-typo": "bad enum",
    "73-zone-without-id": "missing required key",
    "74-warehouse-without-location": "missing required key",
    "75-scenario-without-carrier": "missing required key",
    "76-duration-with-two-units": "bad pattern",
    "77-day-set-trailing-comma": "bad pattern",
    "78-trucks-many": "wrong type",
    "79-stock-a-list": "wrong type",
    "80-seller-without-review": "missing required key",
    "81-clock-without-leading-zero": "bad pattern",
    "82-milk-run-warehouse-empty": "empty string (minLength)",
    "83-milk-run-stop-empty": "empty string (minLength)",
    "84-milk-run-serves-empty": "empty string (minLength)",
    "85-sku-supplier-empty": "empty string (minLength)",
    "86-sku-seller-empty": "empty string (minLength)",
    "87-road-edge-end-empty": "empty string (minLength)",
    "89-horizon-over-limit": "above maximum (SPEC 12 limit)",
    "92-units-per-order-with-lines-per-order": "exclusive keys",
    "93-units-per-order-with-units-per-line": "exclusive keys",
    "95-split-not-a-boolean": "wrong type",
    "96-lines-per-order-negative": "out of range",
    "120-expedite-missing-and-negative": "required key, out of range, not an integer, unknown key",
    "122-expedite-wrong-types": "bare number for a duration, wrong type, out of range",
    "103-seller-defect-threshold-above-one": "out of range",
    "98-max-route-hours-not-positive": "out of range",
    "100-depart-listed-twice": "duplicate items",
}
# The broken scenarios the schema cannot see, and why.
NOT_SCHEMA_LEVEL = {
    "01-syntax-missing-comma": "JSON syntax",
    "10-warmup-not-below-horizon": "order of two values",
    "16-duplicate-warehouse-id": "ids unique across entities",
    "17-sku-stocked-at-unknown-warehouse": "reference to an id",
    "18-sku-from-unknown-supplier": "reference to an id",
    "21-discrete-weights-length": "lengths of two lists",
    "24-sS-reorder-point-not-below-order-up-to": "order of two values",
    "25-RS-vendor-without-review": "reference to another entity's keys",
    "27-peak-from-after-to": "order of two values",
    "34-zone-beyond-last-transit-band": "geometry",
    "35-mixed-sku-rates": "keys across SKUs",
    "37-sku-from-unknown-seller": "reference to an id",
    "38-syntax-trailing-comma": "JSON syntax",
    "39-transit-bands-not-increasing": "order of values across bands",
    "42-euclidean-location-without-xy": "coordinates the distance mode needs",
    "43-location-at-unknown-road-node": "reference to an id",
    "44-zone-unreachable-over-roads": "geometry",
    "46-milk-run-at-unknown-warehouse": "reference to an id",
    "47-milk-run-stop-not-a-supplier": "reference to an id",
    "48-trucks-not-number-of-loops": "count of another key's items",
    "50-milk-run-supplier-without-run": "references across entities",
    "53-catalog-stocked-in-above-warehouses": "count of another list",
    "56-seller-id-is-a-supplier-id": "ids unique across entities",
    "57-catalog-sellers-without-sellers": "presence of another list",
    "58-milk-run-return-leg-unreachable": "geometry",
    "60-road-nodes-mixed-coordinates": "keys across nodes",
    "62-supplier-planned-over-one-truck": "route planning",
    "88-duplicate-warehouse-id-referenced": "ids unique across entities",
    "90-carrier-delay-over-limit": "a limit on a law's parameters",
    "91-busiest-day-over-limit": "a limit on a product of rates and profiles",
    "94-lines-per-order-over-limit": "a limit on a law's mean",
    "97-lines-per-order-sd-over-limit": "a limit on a law's spread",
    "121-expedite-lead-time-over-a-year": "a limit on a duration's length",
    "99-travel-time-factor-can-be-zero": "a law's lowest value",
    "101-round-trip-over-duty-limit": "route planning",
    "102-travel-time-factor-normal-too-wide": "a law's spread against its mean",
}
# Scenario files outside scenarios/ that cite the schema.
OTHER_SCENARIOS = ["tests/midwest/midwest.json", "tests/midwest/midwest-mwf.json", "tests/promise/scenario.json"]

failures = []


def fail(message):
    failures.append(message)
    print("FAIL " + message)


def walk(node, path=""):
    """Every (path, subschema) of a schema."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


def in_condition(path):
    """True under if/then/else and not: those refine keys described elsewhere."""
    return any(part in ("if", "then", "else", "not") for part in path.split("/"))


def check_schema_shape(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        fail("schema.json: $schema is not draft 2020-12")
    for name, sub in schema["$defs"].items():
        if "description" not in sub:
            fail(f"schema.json: /$defs/{name} has no description")
    keys = 0
    for path, node in walk(schema):
        if not isinstance(node, dict) or in_condition(path) or "properties" not in node:
            continue
        if node.get("additionalProperties") is not False:
            fail(f"schema.json: {path or '/'} does not refuse unknown keys (additionalProperties: false)")
        for key, sub in node["properties"].items():
            keys += 1
            if not str(sub.get("description", "")).strip():
                fail(f"schema.json: {path}/properties/{key} has no description")
    print(f"schema.json: {keys} keys, each with a description")


def parser_keys():
    """Keys of the parser's key tables (not those it names as not supported yet)."""
    keys = set()
    for cpp in (SOURCE / "sim" / "input").glob("*.cpp"):
        text = cpp.read_text()
        for name, body in re.findall(r"constexpr std::string_view (k\w+)\[\] = \{([^}]*)\}", text):
            if name.endswith("NotYet") or name == "kOperators":
                continue
            keys |= set(re.findall(r'"([^"]*)"', body))
    return keys


def kpi_table(name):
    text = (SOURCE / "include" / "milkrun" / "kpi.hpp").read_text()
    body = text.split(f"{name}{{{{", 1)[1].split("}};", 1)[0]
    return re.findall(r'\{"([^"]+)",', body)


def check_keys_match_parser(schema):
    kpi_blocks = ("/$defs/networkBounds", "/$defs/sellerBounds", "/properties/expect")
    in_schema = set()
    for path, node in walk(schema):
        if isinstance(node, dict) and "properties" in node and not in_condition(path) and path not in kpi_blocks:
            in_schema |= set(node["properties"])
    in_schema |= {"warehouses", "sellers"}
    parser = parser_keys() | {"time", "depart"}  # read_weekly's time keys are arguments, not a table
    for key in sorted(parser - in_schema):
        fail(f"schema.json: the parser reads key \"{key}\", the schema does not know it")
    for key in sorted(in_schema - parser):
        fail(f"schema.json: key \"{key}\" is in the schema but in no key table of sim/input")
    network, seller = kpi_table("kKpis"), kpi_table("kSellerKpis")
    expect_kpis = [k for k in schema["properties"]["expect"]["properties"] if k not in ("warehouses", "sellers")]
    for label, got, want in [("expect", expect_kpis, network),
                             ("networkBounds", list(schema["$defs"]["networkBounds"]["properties"]), network),
                             ("sellerBounds", list(schema["$defs"]["sellerBounds"]["properties"]), seller)]:
        if got != want:
            fail(f"schema.json: the KPIs of {label} differ from include/milkrun/kpi.hpp: "
                 f"missing {sorted(set(want) - set(got))}, extra {sorted(set(got) - set(want))}")


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def pointer(error):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path)


def milkrun_problems(milkrun, files, cwd):
    """milkrun validate over `files`: {file name: [pointer or position, ...]} of those it refuses."""
    out = subprocess.run([milkrun, "validate", *files], cwd=cwd, capture_output=True, text=True, timeout=300)
    problems = {}
    for line in out.stderr.splitlines():
        if ": warning: " in line:
            continue
        name, _, rest = line.partition(": ")
        problems.setdefault(name, []).append(rest.split(": ", 1)[0])
    return out.returncode, problems


LOADED_BY_THE_BENCHMARK = {"scenarios/bench/amazon-peak-day.json", "scenarios/bench/amazon-peak-season.json"}


def check_repository_scenarios(milkrun, validator):
    files = sorted(p for p in (SOURCE / "scenarios").rglob("*.json") if p != SCHEMA_FILE)
    files += [SOURCE / f for f in OTHER_SCENARIOS]
    for f in files:
        doc = json.loads(f.read_text())
        want = os.path.relpath(SCHEMA_FILE, f.parent)
        if next(iter(doc)) != "$schema" or doc["$schema"] != want:
            fail(f"{f.relative_to(SOURCE)}: the first key must be \"$schema\": \"{want}\"")
        for e in errors_of(validator, doc):
            fail(f"{f.relative_to(SOURCE)}: {pointer(e) or '/'}: the schema refuses it: {e.message[:200]}")
    # The Amazon-scale benchmarks take half a minute each to load (1M SKUs, 50 milk-run plans):
    # the schema checks them here, loading them is what the benchmark measures.
    loaded = [f for f in files if f.relative_to(SOURCE).as_posix() not in LOADED_BY_THE_BENCHMARK]
    code, problems = milkrun_problems(milkrun, [str(f) for f in loaded], SOURCE)
    if code != 0:
        fail(f"milkrun validate refuses repository scenarios: {problems}")
    print(f"{len(files)} repository scenarios pass the schema, {len(loaded)} of them milkrun validate too")


def check_bad_files(validator):
    bad = SOURCE / "tests" / "bad"
    names = sorted(p.stem for p in bad.glob("*.json"))
    for name in names:
        if (name in SCHEMA_LEVEL) == (name in NOT_SCHEMA_LEVEL):
            fail(f"tests/bad/{name}.json: classify it in exactly one of SCHEMA_LEVEL and NOT_SCHEMA_LEVEL")
    for name in sorted(set(SCHEMA_LEVEL) | set(NOT_SCHEMA_LEVEL)):
        if name not in names:
            fail(f"tests/bad/{name}.json is classified here but does not exist")
    for name in names:
        text = (bad / f"{name}.json").read_text()
        expected = (bad / f"{name}.expected").read_text()
        reported = [line.split(": ")[1] for line in expected.splitlines()]
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            if name in SCHEMA_LEVEL:
                fail(f"tests/bad/{name}.json is not JSON, so not a schema-level mistake")
            continue
        errors = errors_of(validator, doc)
        if name in NOT_SCHEMA_LEVEL:
            if errors:
                fail(f"tests/bad/{name}.json: the schema refuses it ({pointer(errors[0]) or '/'}: "
                     f"{errors[0].message[:120]}); move it to SCHEMA_LEVEL")
            continue
        if not errors:
            fail(f"tests/bad/{name}.json ({SCHEMA_LEVEL[name]}): the schema accepts it")
        # Every schema complaint is at (or above) a place milkrun reports: the schema objects to
        # the planted mistake, not to something else in the file.
        for e in errors:
            at = pointer(e)
            if not any(r == at or r.startswith(at + "/") or (at == "" and r.startswith("/")) for r in reported):
                fail(f"tests/bad/{name}.json: the schema objects at {at or '/'} ({e.message[:120]}), "
                     f"milkrun at {reported}")
    count = sum(1 for n in names if n in SCHEMA_LEVEL)
    if count < 30:
        fail(f"only {count} schema-level broken scenarios in tests/bad, at least 30 wanted")
    print(f"tests/bad: {count} schema-level mistakes refused by the schema, "
          f"{sum(1 for n in names if n in NOT_SCHEMA_LEVEL)} beyond it")


def set_at(doc, path, value):
    parts = path.strip("/").split("/")
    node = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


DURATION_LAWS = [
    {"dist": "exponential", "mean": "4min"}, {"dist": "normal", "mean": "-1min", "sd": "3min"},
    {"dist": "lognormal", "mean": "4min", "sd": "1min"}, {"dist": "gamma", "mean": "4min", "sd": "1min"},
    {"dist": "uniform", "min": "0s", "max": "5min"}, {"dist": "triangular", "min": "1min", "mode": "2min", "max": "9min"},
    {"dist": "discrete", "values": ["-1h", "3min"], "weights": [0, 1]}, {"dist": "bernoulli", "p": 0.5},
    {"dist": "poisson", "mean": "4min"},
]
NUMBER_LAWS = [
    {"dist": "exponential", "mean": 1.5}, {"dist": "normal", "mean": -1, "sd": 2},
    {"dist": "lognormal", "mean": 2, "sd": 1}, {"dist": "gamma", "mean": 2, "sd": 1},
    {"dist": "uniform", "min": 1, "max": 3}, {"dist": "triangular", "min": 1, "mode": 1, "max": 4},
    {"dist": "discrete", "values": [-5, 1, 2], "weights": [0, 0.5, 0.5]}, {"dist": "bernoulli", "p": 1},
    {"dist": "poisson", "mean": 0},
]
PICK = "/warehouses/0/pick_pack"
DEFAULT_DEMAND = json.loads((SOURCE / "scenarios" / "default.json").read_text())["demand"]


def lines_demand(lines, units):
    """The default scenario's demand with R40 lines in place of its units_per_order."""
    demand = {key: value for key, value in DEFAULT_DEMAND.items() if key != "units_per_order"}
    return {**demand, "lines_per_order": lines, "units_per_line": units}


GOOD = (
    [(f"{PICK}/time_per_order", law) for law in DURATION_LAWS]
    + [("/demand/units_per_order", law) for law in NUMBER_LAWS]
    + [("/demand", lines_demand(law, 2)) for law in NUMBER_LAWS]
    + [("/demand", lines_demand(3, law)) for law in NUMBER_LAWS]
    + [("/demand/split", True), ("/demand/split", False)]
    + [(f"{PICK}/priority", "fifo"), (f"{PICK}/priority", "promise"), ("/demand/on_stockout", "backorder"),
       ("/demand/on_stockout", "lost"), ("/distances/mode", "haversine"), ("/suppliers/0/delivery", "milk_run"),
       ("/suppliers/0/delivery", "vendor"), ("/skus/0/stock/SEA1/policy", {"type": "sS", "reorder_point": 10,
                                                                          "order_up_to_days": 9}),
       ("/skus/0/stock/SEA1/policy", {"type": "base_stock"}), ("/milk_runs/0/trucks", "auto"),
       ("/milk_runs/0/stops", "auto"), ("/expect", {"fill_rate": {">=": 0.5, "on": "ci"},
                                                    "cost.total": {"==": 1, "tolerance": 1e9, "on": "any"},
                                                    "warehouses": {"SEA1": {"orders": {"between": [0, 1e9]}}}}),
       ("/suppliers/0/ready", 0.9), ("/$schema", "https://example.org/any-string"),
       (f"{PICK}/pick_sla", " 1.5 h "), (f"{PICK}/pick_sla", "+.5d"), (f"{PICK}/pick_sla", "2w"),
       (f"{PICK}/pick_sla", "90s"), (f"{PICK}/shifts/0/days", "DAILY"), (f"{PICK}/shifts/0/days", "sat-mon"),
       (f"{PICK}/shifts/0/days", " Mon , Wed-Fri "), (f"{PICK}/shifts/0/to", "24:00"),
       (f"{PICK}/shifts/0/from", "00:00"), ("/calendar/holidays", ["2028-02-29", "2000-02-29", "2026-12-31"])]
)
BAD = [
    (f"{PICK}/pick_sla", "1d4h"), (f"{PICK}/pick_sla", "2 hours"), (f"{PICK}/pick_sla", "-5min"),
    (f"{PICK}/pick_sla", "h"), (f"{PICK}/pick_sla", "1.2.3h"), (f"{PICK}/shifts/0/to", "24:01"),
    (f"{PICK}/shifts/0/to", "7pm"), (f"{PICK}/shifts/0/days", "Mon-"), (f"{PICK}/shifts/0/days", ""),
    (f"{PICK}/shifts/0/days", "weekdays"), ("/calendar/holidays", ["2027-02-29"]),
    ("/calendar/holidays", ["1900-02-29"]), ("/calendar/holidays", ["2026-04-31"]),
    ("/calendar/holidays", ["2026-1-05"]), ("/demand/units_per_order", -1),
    ("/demand/units_per_order", {"dist": "uniform", "min": -1, "max": 2}),
    ("/demand/units_per_order", {"dist": "poisson", "mean": 2, "sd": 1}),
    (f"{PICK}/time_per_order", {"dist": "exponential", "mean": "-4min"}),
    ("/demand/lines_per_order", 2), ("/demand/units_per_line", 2), ("/demand", lines_demand(-1, 1)),
    ("/demand", lines_demand(1001, 1)), ("/demand", lines_demand(2, {"dist": "poisson", "mean": -1})),
    ("/demand/split", "yes"), ("/demand/split", 1),
    ("/expect", {"fill_rate": {"<=": 1, "tolerance": 0.1}}),
]


def check_variants(milkrun, validator):
    base = json.loads((SOURCE / "scenarios" / "default.json").read_text())
    with tempfile.TemporaryDirectory(prefix="milkrun-schema-") as tmp:
        files = {}
        for kind, cases in (("good", GOOD), ("bad", BAD)):
            for i, (path, value) in enumerate(cases):
                doc = copy.deepcopy(base)
                set_at(doc, path, value)
                name = f"{kind}-{i:02d}.json"
                pathlib.Path(tmp, name).write_text(json.dumps(doc))
                files[name] = (kind, path, value, doc)
        _, refused = milkrun_problems(milkrun, sorted(files), tmp)
        for name, (kind, path, value, doc) in sorted(files.items()):
            errors = errors_of(validator, doc)
            what = f"{path} = {json.dumps(value)}"
            if kind == "good" and name in refused:
                fail(f"variant {what}: milkrun refuses it ({refused[name]}); the test's variant is wrong")
            if kind == "good" and errors:
                fail(f"variant {what}: milkrun accepts it, the schema refuses it: {errors[0].message[:160]}")
            if kind == "bad" and name not in refused:
                fail(f"variant {what}: milkrun accepts it; the test's variant is wrong")
            if kind == "bad" and not errors:
                fail(f"variant {what}: milkrun refuses it, the schema accepts it")
    print(f"{len(GOOD)} variants milkrun accepts pass the schema, {len(BAD)} it refuses do not")


def check_schema_is_not_a_scenario(milkrun):
    """`milkrun validate scenarios/*.json` meets the schema: one clear line, exit 2."""
    out = subprocess.run([milkrun, "validate", str(SCHEMA_FILE)], capture_output=True, text=True)
    lines = out.stderr.strip().splitlines() + out.stdout.strip().splitlines()
    if out.returncode != 2 or len(lines) != 1 or "is a JSON Schema" not in lines[0]:
        fail(f"validate on schema.json says it is a schema in one line, exit 2 (got {out.returncode}: {lines[:3]})")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    milkrun = os.path.abspath(sys.argv[1])
    schema = json.loads(SCHEMA_FILE.read_text())
    check_schema_shape(schema)
    check_keys_match_parser(schema)
    validator = jsonschema.Draft202012Validator(schema)
    check_repository_scenarios(milkrun, validator)
    check_bad_files(validator)
    check_variants(milkrun, validator)
    check_schema_is_not_a_scenario(milkrun)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
