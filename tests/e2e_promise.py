"""`milkrun promise` prints the hand-computed promises of tests/promise/cases.json."""
import json
import os
import subprocess
import sys
import tempfile

milkrun = sys.argv[1]
here = os.path.join(os.environ["MILKRUN_SOURCE"], "tests", "promise")
scenario = os.path.join(here, "scenario.json")
failures = 0
with open(os.path.join(here, "cases.json")) as f:
    cases = json.load(f)
for case in cases:
    cmd = [milkrun, "promise", scenario, "--zone", case["zone"], "--at", case["at"]]
    if "warehouse" in case:
        cmd += ["--warehouse", case["warehouse"]]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"FAIL {case['note']}: exit {out.returncode}: {out.stderr}")
        failures += 1
        continue
    got = json.loads(out.stdout)
    want = case["expect"]
    if list(got) != ["warehouse", "ship_by", "deliver_by", "transit_days"] or any(got[k] != v for k, v in want.items()):
        print(f"FAIL {case['note']}: got {got}, want {want}")
        failures += 1

# Bad usage: unknown zone, malformed instant -> exit 2 with a message.
for args, needle in ((["--zone", "NOWHERE", "--at", "2026-11-03T09:00"], "unknown zone"),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03 09:00"], "--at")):
    out = subprocess.run([milkrun, "promise", scenario] + args, capture_output=True, text=True)
    if out.returncode != 2 or needle not in out.stderr:
        print(f"FAIL promise {args}: exit {out.returncode}, stderr {out.stderr!r}")
        failures += 1

# An unknown id gets the closest known one as a hint.
for args, needle in ((["--zone", "Z-NAER", "--at", "2026-11-03T09:00"], 'did you mean "Z-NEAR"?'),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03T09:00", "--warehouse", "W3"], 'did you mean "W1"?'),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03T09:00", "--sku", "SS"], 'did you mean "S"?'),
                     (["--zone", "NOWHERE-AT-ALL", "--at", "2026-11-03T09:00"], "known: Z-NEAR, Z-MID")):
    out = subprocess.run([milkrun, "promise", scenario] + args, capture_output=True, text=True)
    if out.returncode != 2 or needle not in out.stderr:
        print(f"FAIL promise {args}: exit {out.returncode}, stderr {out.stderr!r}, want {needle!r}")
        failures += 1

# --sku: only the warehouses that stock it. S2 is stocked at W2 only, so Z-NEAR (served by W1
# for S) is promised from W2; asking W1 for S2 is a usage error naming where S2 is stocked.
with tempfile.TemporaryDirectory() as tmp:
    doc = json.load(open(scenario))
    doc["skus"].append({"id": "S2", "source": {"supplier": "V"}, "orders_per_day": 1,
                        "stock": {"W2": {"initial": 10}}})
    two_skus = os.path.join(tmp, "two-skus.json")
    json.dump(doc, open(two_skus, "w"))
    at = ["--zone", "Z-NEAR", "--at", "2026-11-03T09:00"]
    quote = lambda extra: subprocess.run([milkrun, "promise", two_skus] + at + extra, capture_output=True, text=True)
    plain, s2, w2 = quote([]), quote(["--sku", "S2"]), quote(["--warehouse", "W2"])
    if plain.returncode or json.loads(plain.stdout)["warehouse"] != "W1":
        print(f"FAIL promise without --sku: {plain.stdout} {plain.stderr}")
        failures += 1
    if s2.returncode or s2.stdout != w2.stdout:
        print(f"FAIL promise --sku S2 should be W2's promise: {s2.stdout} {s2.stderr} vs {w2.stdout}")
        failures += 1
    wrong = quote(["--sku", "S2", "--warehouse", "W1"])
    if wrong.returncode != 2 or 'not stocked at W1 (stocked at: W2)' not in wrong.stderr:
        print(f"FAIL promise --sku S2 --warehouse W1: exit {wrong.returncode}, {wrong.stderr!r}")
        failures += 1

print(f"{len(cases)} promise cases, {failures} failures")
sys.exit(1 if failures else 0)
