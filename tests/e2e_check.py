"""`milkrun check` on the golden scenarios: their expectations and checked-in baselines pass;
breaking changes (a carrier delay jump, a pick capacity cut, a milk run dropped) exit 1 naming
the right expectation; JUnit XML is well-formed; a wrong-name baseline and bad input exit 2;
promise cases pass, and a deliberately wrong case fails."""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

milkrun = sys.argv[1]
src = os.environ["MILKRUN_SOURCE"]
golden = os.path.join(src, "scenarios", "golden")
pnw = os.path.join(golden, "pnw.json")
milk_run = os.path.join(golden, "milk-run.json")
baselines = os.path.join(src, "results", "baselines")
cases = os.path.join(src, "tests", "promise", "cases.json")
promise_scenario = os.path.join(src, "tests", "promise", "scenario.json")
failures = []
tmp = tempfile.mkdtemp(prefix="milkrun-check-")


def check(*args):
    return subprocess.run([milkrun, "check", *args], capture_output=True, text=True, cwd=tmp)


def expect_exit(what, out, code):
    if out.returncode != code:
        failures.append(f"{what}: exit {out.returncode}, want {code}\n{out.stdout}{out.stderr}")
        return False
    return True


def failed_names(json_path):
    with open(json_path) as f:
        result = json.load(f)
    return result, {c["name"] for c in result["checks"] if not c["passed"]}


# The unchanged golden scenarios pass their expectations and their baselines.
report, junit = os.path.join(tmp, "report.json"), os.path.join(tmp, "report.xml")
out = check(pnw, milk_run, "--baseline", baselines, "--json", report, "--junit", junit)
if expect_exit("golden scenarios", out, 0):
    result, failed = failed_names(report)
    kinds = {c["kind"] for c in result["checks"]}
    if not result["passed"] or failed or kinds != {"expect", "baseline"}:
        failures.append(f"golden report: passed {result['passed']}, failed {failed}, kinds {kinds}")
    for c in result["checks"]:
        if list(c)[:6] != ["scenario", "kind", "name", "value", "bound", "passed"]:
            failures.append(f"check --json entry keys {list(c)}")
            break
    if "content unchanged" not in out.stdout:
        failures.append("the report does not say the content is unchanged")
    root = ET.parse(junit).getroot()
    cases_xml = root.findall("./testsuite/testcase")
    if root.tag != "testsuites" or len(cases_xml) != len(result["checks"]) or root.findall(".//failure"):
        failures.append(f"junit: root {root.tag}, {len(cases_xml)} cases for {len(result['checks'])} checks")
    if sorted(s.get("name") for s in root.findall("testsuite")) != ["golden-milk-run", "golden-pnw"]:
        failures.append("junit: one testsuite per scenario expected")
if sorted(os.listdir(tmp)) != ["report.json", "report.xml"]:
    failures.append(f"check wrote more than asked: {os.listdir(tmp)}")

# Breaking changes: exit 1, the right expectation named in the table, the JSON and the JUnit XML.
dropped = json.load(open(milk_run))
del dropped["milk_runs"]
for s in dropped["suppliers"]:
    s.update(delivery="vendor", review={"days": "Mon", "time": "10:00"},
             lead_time={"dist": "lognormal", "mean": "4d", "sd": "1.5d"})
dropped_path = os.path.join(tmp, "milk-run-dropped.json")
json.dump(dropped, open(dropped_path, "w"))
breaking = [
    ("carrier delay jump", [pnw, "--set", "/carrier/delay/p=0.2"], "late_by_cause.carrier_delay"),
    ("pick capacity cut", [pnw, "--set", "/warehouses/0/pick_pack/stations=7"], "warehouses.SEA1.pick_wait_hours_mean"),
    ("milk run dropped", [dropped_path], "fill_rate"),
]
for what, args, name in breaking:
    report, junit = os.path.join(tmp, "b.json"), os.path.join(tmp, "b.xml")
    out = check(*args, "--json", report, "--junit", junit)
    if not expect_exit(what, out, 1):
        continue
    result, failed = failed_names(report)
    if result["passed"] or name not in failed or f"FAIL   expect   {name}" not in out.stdout:
        failures.append(f"{what}: {name} not reported as failed (failed: {failed})")
    xml_failed = {tc.get("name").split(" ")[0] for tc in ET.parse(junit).getroot().iter("testcase") if tc.find("failure") is not None}
    if name not in xml_failed:
        failures.append(f"{what}: junit failures {xml_failed} miss {name}")

# A changed network compared with its baseline: significantly worse KPIs fail, the change is said.
out = check(pnw, "--baseline", os.path.join(baselines, "golden-pnw"), "--set", "/warehouses/0/pick_pack/stations=8")
if expect_exit("baseline with a pick capacity cut", out, 1):
    if "FAIL   baseline worse: pick_wait_hours_mean" not in out.stdout or "content CHANGED" not in out.stdout:
        failures.append(f"baseline comparison did not name pick_wait_hours_mean or the content change:\n{out.stdout}")
out = check(pnw, "--baseline", baselines, "--set", "/warehouses/0/pick_pack/stations=8", "--tolerance", "pick_wait_hours_mean=500%",
            "--tolerance", "late_deliveries=1000", "--tolerance", "late_shipments=1000", "--tolerance", "late_by_cause.pick_backlog=1000",
            "--tolerance", "cost.late_credits=100%", "--tolerance", "cost.total=100%", "--tolerance", "on_time_rate=0.1",
            "--tolerance", "fast_promise_rate=0.1")
if "pick_wait_hours_mean got significantly worse" in out.stdout:
    failures.append("--tolerance pick_wait_hours_mean=500% did not widen the tolerance")

# A baseline of another scenario is refused (exit 2), naming both.
out = check(pnw, "--baseline", os.path.join(baselines, "golden-milk-run"))
if expect_exit("wrong-name baseline", out, 2) and 'baseline is of scenario "golden-milk-run", not "golden-pnw"' not in out.stderr:
    failures.append(f"wrong-name baseline message: {out.stderr}")
out = check(pnw, "--baseline", os.path.join(baselines, "golden-pnw"), "-r", "3")
expect_exit("--baseline with -r", out, 2)

# Bad expect blocks are refused when the scenario is read.
bad = json.load(open(pnw))
bad["expect"] = {"on_time_rte": {">=": 0.9}, "warehouses": {"SEA2": {"fill_rate": {">=": 0.9}}},
                 "fill_rate": {"between": [0.99, 0.9]}, "late_deliveries": {"~": 3}}
bad_path = os.path.join(tmp, "bad.json")
json.dump(bad, open(bad_path, "w"))
out = check(bad_path)
want = [f'{bad_path}: /expect/on_time_rte: unknown KPI "on_time_rte"; did you mean "on_time_rate"?',
        f'{bad_path}: /expect/warehouses/SEA2: no warehouse "SEA2"; did you mean "SEA1"?',
        f"{bad_path}: /expect/fill_rate/between: low end 0.99 is above high end 0.9"]
if expect_exit("bad expect", out, 2) and any(w not in out.stderr for w in want):
    failures.append(f"bad expect messages:\n{out.stderr}")

# Promise cases: no simulation; the hand-computed cases pass, a wrong one fails by name.
report = os.path.join(tmp, "p.json")
out = check(promise_scenario, "--promises", cases, "--json", report)
if expect_exit("promise cases", out, 0):
    result, _ = failed_names(report)
    if len(result["checks"]) != len(json.load(open(cases))) or {c["kind"] for c in result["checks"]} != {"promise"}:
        failures.append("promise cases: one promise check per case expected")
wrong = json.load(open(cases))[:2]
wrong[1]["expect"]["deliver_by"] = "2026-11-05"
wrong_path = os.path.join(tmp, "wrong-cases.json")
json.dump(wrong, open(wrong_path, "w"))
out = check(promise_scenario, "--promises", wrong_path)
if expect_exit("wrong promise case", out, 1) and "deliver_by 2026-11-03 (expected 2026-11-05)" not in out.stdout:
    failures.append(f"wrong promise case not named:\n{out.stdout}")
wrong[0]["zone"] = "Z-NOWHERE"
json.dump(wrong, open(wrong_path, "w"))
out = check(promise_scenario, "--promises", wrong_path)
if expect_exit("unknown zone in a case", out, 2) and f"{wrong_path}: /0/zone: no zone" not in out.stderr:
    failures.append(f"unknown zone message: {out.stderr}")
# Empty strings: an empty id is not "no warehouse given", and an empty instant was once
# skipped by the parser and then read unparsed (undefined behaviour).
empty = json.load(open(cases))[:2]
empty[0].update({"zone": "", "warehouse": ""})
empty[0]["expect"]["warehouse"] = ""
empty[1].update({"at": ""})
empty[1]["expect"].update({"ship_by": "", "deliver_by": ""})
json.dump(empty, open(wrong_path, "w"))
out = check(promise_scenario, "--promises", wrong_path)
want = [f"{wrong_path}: /0/zone: must not be empty", f"{wrong_path}: /0/warehouse: must not be empty",
        f"{wrong_path}: /0/expect/warehouse: must not be empty", f'{wrong_path}: /1/at: bad instant ""',
        f'{wrong_path}: /1/expect/ship_by: bad instant ""', f'{wrong_path}: /1/expect/deliver_by: bad date ""']
if expect_exit("empty strings in cases", out, 2) and any(w not in out.stderr for w in want):
    failures.append(f"empty strings in promise cases:\n{out.stderr}")

# `run` reports the expectations in summary.json and still exits 0 when one fails.
out = subprocess.run([milkrun, "run", pnw, "-r", "2", "-o", os.path.join(tmp, "run"), "--set", "/carrier/delay/p=0.2",
                      "--save-baseline", os.path.join(tmp, "base")], capture_output=True, text=True)
if expect_exit("run with a failing expectation", out, 0):
    summary = json.load(open(os.path.join(tmp, "run", "summary.json")))
    by_name = {e["name"]: e for e in summary["expect"]}
    if len(by_name) != 8 or by_name["late_by_cause.carrier_delay"]["passed"] or not by_name["truck_trips"]["passed"]:
        failures.append(f"summary.json expect: {summary['expect']}")
    base = json.load(open(os.path.join(tmp, "base", "baseline.json")))
    if base["scenario"] != "golden-pnw" or base["replications"] != 2 or len(base["kpis"]["on_time_rate"]["values"]) != 2:
        failures.append("baseline.json content")

for f in failures:
    print("FAIL", f)
print(f"e2e_check: {len(failures)} failures")
sys.exit(1 if failures else 0)
