"""`milkrun promise` prints the hand-computed promises of tests/promise/cases.json."""
import json
import os
import subprocess
import sys

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

print(f"{len(cases)} promise cases, {failures} failures")
sys.exit(1 if failures else 0)
