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

# Bad usage: unknown zone, malformed instant, an empty id (once read as "not given") -> exit 2.
for args, needle in ((["--zone", "NOWHERE", "--at", "2026-11-03T09:00"], "unknown zone"),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03 09:00"], "--at"),
                     (["--zone", "", "--at", "2026-11-03T09:00"], "--zone: must not be empty"),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03T09:00", "--warehouse", ""], "--warehouse: must not be empty"),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03T09:00", "--sku", ""], "--sku: must not be empty"),
                     (["--zone", "Z-NEAR", "--at", "2026-11-03T09:00", "--sku", "S", "--units", ""],
                      "--units: must not be empty")):
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

# --explain: the same four keys first, then each warehouse's km, band, dates and why, the
# winner's row agreeing with the quote. Z-TIE is 500 km from both, the same delivery: file order.
for case in cases:
    cmd = [milkrun, "promise", scenario, "--zone", case["zone"], "--at", case["at"], "--explain"]
    plain = subprocess.run(cmd[:-1] + (["--warehouse", case["warehouse"]] if "warehouse" in case else []),
                           capture_output=True, text=True)
    out = subprocess.run(cmd + (["--warehouse", case["warehouse"]] if "warehouse" in case else []),
                         capture_output=True, text=True)
    got = json.loads(out.stdout) if out.returncode == 0 else {}
    rows = got.get("explain", [])
    chosen = [r for r in rows if r["chosen"]]
    ok = (list(got) == ["warehouse", "ship_by", "deliver_by", "transit_days", "explain"]
          and {k: got[k] for k in list(got)[:4]} == json.loads(plain.stdout)
          and [r["warehouse"] for r in rows] == ["W1", "W2"]
          and all(list(r) == ["warehouse", "km", "band", "ship_by", "deliver_by", "transit_days", "chosen", "why"]
                  for r in rows)
          and len(chosen) == 1 and chosen[0]["warehouse"] == got["warehouse"]
          and all(chosen[0][k] == got[k] for k in ("ship_by", "deliver_by", "transit_days")))
    if not ok:
        print(f"FAIL promise --explain {case['note']}: exit {out.returncode}: {out.stdout} {out.stderr}")
        failures += 1

tie = subprocess.run([milkrun, "promise", scenario, "--zone", "Z-TIE", "--at", "2026-11-03T09:00", "--explain"],
                     capture_output=True, text=True)
rows = json.loads(tie.stdout)["explain"] if tie.returncode == 0 else []
want = [("W1", 500, "up to 500 km", "2026-11-03T12:00", "2026-11-04", True,
         "earliest delivery, same as W2 at the same distance, and first in file order"),
        ("W2", 500, "up to 500 km", "2026-11-03T20:00", "2026-11-04", False,
         "same delivery and distance as W1, which comes first in file order")]
if [(r["warehouse"], r["km"], r["band"], r["ship_by"], r["deliver_by"], r["chosen"], r["why"]) for r in rows] != want:
    print(f"FAIL promise --explain on a tie: {tie.stdout} {tie.stderr}")
    failures += 1
# Z-FAR: both in the catch-all band, delivering the same Saturday; the nearer W2 wins.
far = subprocess.run([milkrun, "promise", scenario, "--zone", "Z-FAR", "--at", "2026-11-03T09:00", "--explain"],
                     capture_output=True, text=True)
rows = json.loads(far.stdout)["explain"] if far.returncode == 0 else []
if [(r["km"], r["band"], r["deliver_by"], r["why"]) for r in rows] != [
        (3000, "beyond 1500 km", "2026-11-07", "same delivery as W2, farther"),
        (2000, "beyond 1500 km", "2026-11-07", "earliest delivery, same as W1, and nearer")]:
    print(f"FAIL promise --explain to Z-FAR: {far.stdout} {far.stderr}")
    failures += 1

# --units: with --sku only, a positive whole number; a warehouse whose initial stock is short
# is passed over and says so; more units than any warehouse holds is exit 2 naming each one.
with tempfile.TemporaryDirectory() as tmp:
    doc = json.load(open(scenario))
    doc["skus"][0]["stock"]["W1"]["initial"] = 3
    doc["skus"].append({"id": "S2", "source": {"supplier": "V"}, "orders_per_day": 1,
                        "stock": {"W2": {"initial": 10}}})
    short = os.path.join(tmp, "short.json")
    json.dump(doc, open(short, "w"))
    at = ["--zone", "Z-NEAR", "--at", "2026-11-03T09:00"]
    quote = lambda extra: subprocess.run([milkrun, "promise", short] + at + extra, capture_output=True, text=True)
    for units, warehouse in (("3", "W1"), ("4", "W2"), ("1000", "W2")):
        out = quote(["--sku", "S", "--units", units])
        if out.returncode or json.loads(out.stdout)["warehouse"] != warehouse:
            print(f"FAIL promise --sku S --units {units} should be {warehouse}: {out.stdout} {out.stderr}")
            failures += 1
    out = quote(["--sku", "S", "--units", "5", "--explain"])
    rows = json.loads(out.stdout)["explain"] if out.returncode == 0 else []
    want = [("W1", True, 3, False, "only 3 units free, 5 needed"),
            ("W2", True, 1000, True, "the only warehouse with 5 units of S free")]
    if [(r["warehouse"], r["stocks"], r["free"], r["chosen"], r["why"]) for r in rows] != want:
        print(f"FAIL promise --units 5 --explain: {out.stdout} {out.stderr}")
        failures += 1
    out = quote(["--sku", "S2", "--explain"])
    rows = json.loads(out.stdout)["explain"] if out.returncode == 0 else []
    if [(r["stocks"], r["free"], r["why"]) for r in rows] != [(False, None, "does not stock S2"),
                                                              (True, 10, "the only warehouse that stocks S2")]:
        print(f"FAIL promise --sku S2 --explain: {out.stdout} {out.stderr}")
        failures += 1
    for extra, needle in ((["--units", "2"], "--units needs --sku"),
                          (["--units", "2", "--explain"], "--units needs --sku"),
                          (["--sku", "S", "--units", "0"], "--units 0: must be a positive whole number"),
                          (["--sku", "S", "--units", "-3"], "--units -3: must be a positive whole number"),
                          (["--sku", "S", "--units", "2.5"], "--units 2.5: must be a positive whole number"),
                          (["--sku", "S", "--units", "two"], "--units two: must be a positive whole number"),
                          (["--sku", "S", "--units", "1001"],
                           "no warehouse can promise 1001 units of S from stock (W1: only 3 units free, 1001 needed; "
                           "W2: only 1000 units free, 1001 needed)"),
                          (["--sku", "S", "--units", "4", "--warehouse", "W1"], "W1: only 3 units free, 4 needed"),
                          (["--sku", "S2", "--units", "1", "--warehouse", "W1"], "not stocked at W1"),
                          (["--sku", "SS", "--units", "1", "--explain"], 'did you mean "S"?'),
                          (["--sku", "S", "--units", "1", "--warehouse", "W9", "--explain"], 'did you mean "W1"?')):
        out = quote(extra)
        if out.returncode != 2 or needle not in out.stderr or out.stdout:
            print(f"FAIL promise {extra}: exit {out.returncode}, stdout {out.stdout!r}, stderr {out.stderr!r}, want {needle!r}")
            failures += 1
    out = subprocess.run([milkrun, "promise", short, "--zone", "Z-NAER", "--at", "2026-11-03T09:00", "--explain"],
                         capture_output=True, text=True)
    if out.returncode != 2 or 'did you mean "Z-NEAR"?' not in out.stderr:
        print(f"FAIL promise --explain with an unknown zone: exit {out.returncode}, {out.stderr!r}")
        failures += 1

print(f"{len(cases)} promise cases, {failures} failures")
sys.exit(1 if failures else 0)
