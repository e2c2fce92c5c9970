"""The Midwest question of issue #11, asked again with honest plans (R38-R39).

An analyst compared Chicago pickups on Mon,Thu (midwest.json) with Mon,Wed,Fri
(midwest-mwf.json, the same network otherwise) and got "no significant difference" on fill rate:
"trucks": "auto" planned one truck for the more frequent run, sized for the mean load, and most of
its trips ran full. Here, on the two files as they were written (tests/midwest/):
- with "trucks": 2 the plan has two loops (a numeric count is exact, R38);
- with plan_headroom the plan takes a truck per supplier, `routes` shows the utilization planned
  with the headroom next to the expected one, and the trips are no longer full: the share of full
  trips falls from most of them to a few, at the peak too; two spare trucks (trucks: 4) pool on
  the loops and no trip is full even on the Monday after Black Friday;
- one loop for both suppliers with that headroom is a warning on every command;
- `compare` then shows the gain: fewer lost units and a higher fill rate, where the same compare
  without headroom finds no significant difference.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

milkrun = sys.argv[1]
source = os.environ["MILKRUN_SOURCE"]
base = os.path.join(source, "tests", "midwest", "midwest.json")
mwf = os.path.join(source, "tests", "midwest", "midwest-mwf.json")
HEADROOM = ["--set", "/milk_runs/0/plan_headroom=0.5"]
# The Black Friday peak (demand x 2.8) and the runs that carry it and its backlog.
PEAK = ("2026-11-27", "2026-12-04")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def run(args, cwd=None):
    return subprocess.run([milkrun] + args, capture_output=True, text=True, cwd=cwd)


def chicago_loops(args):
    out = run(["routes", mwf, "--json"] + args)
    check(out.returncode == 0, f"routes {args} exits 0 ({out.stderr})")
    return [r for r in json.loads(out.stdout)["routes"] if r["run"] == "MR-CHI"], out.stderr


def full_trips(directory, peak_only):
    """(full, all) MR-CHI trips of routes.csv; full = utilization of at least 99.9%."""
    with open(os.path.join(directory, "routes.csv")) as f:
        trips = [t for t in csv.DictReader(f) if t["run"] == "MR-CHI"]
    if peak_only:
        trips = [t for t in trips if PEAK[0] <= t["depart"][:10] <= PEAK[1]]
    return sum(float(t["utilization"]) >= 0.999 for t in trips), len(trips)


# The plans.
loops, _ = chicago_loops([])
check(len(loops) == 1 and loops[0]["utilization"] > 0.85, f"as written, one loop of both suppliers ({loops})")
loops, _ = chicago_loops(["--set", "/milk_runs/0/trucks=2"])
check(len(loops) == 2 and all(len(r["stops"]) == 1 for r in loops), f"trucks 2: two loops, a supplier each ({loops})")
loops, warnings = chicago_loops(HEADROOM)
check(len(loops) == 2 and warnings == "", f"plan_headroom 0.5: a truck per supplier, no warning ({loops}, {warnings})")
check(all(abs(r["planned_utilization"] - 1.5 * r["utilization"]) < 1e-9 and r["planned_utilization"] <= 1
          for r in loops), "planned utilization = expected x 1.5, within the truck")
loops, _ = chicago_loops(HEADROOM + ["--set", "/milk_runs/0/trucks=4"])
check(sorted(r["trucks"] for r in loops) == [2, 2], f"trucks 4: two spare trucks pool, one on each loop ({loops})")

# One loop for both with the headroom: over 100% is a warning, wherever the scenario is read.
one_loop = HEADROOM + ["--set", "/milk_runs/0/trucks=1"]
loops, warnings = chicago_loops(one_loop)
check(len(loops) == 1 and loops[0]["planned_utilization"] > 1, f"trucks 1: the best one-loop plan ({loops})")
expected = f"{mwf}: /milk_runs/0: warning: loop 1 ("
check(warnings.startswith(expected) and "is planned at 133% of its truck's capacity" in warnings
      and warnings.count("\n") == 1, f"routes warns once about the loop ({warnings!r})")

with tempfile.TemporaryDirectory() as tmp:
    out = run(["run", mwf, "-r", "1", "-o", "one-loop"] + one_loop, tmp)
    check(out.returncode == 0 and out.stderr.startswith(expected), f"run warns and still runs ({out.stderr!r})")
    # sweep, batch and check read their scenarios in the library: they warn too, once each.
    doc = json.load(open(mwf))
    doc["milk_runs"][0].update({"plan_headroom": 0.5, "trucks": 1})
    one_loop_file = os.path.join(tmp, "one-loop.json")
    json.dump(doc, open(one_loop_file, "w"))
    for args in (["sweep", one_loop_file, "--vary", "/seed=1", "-r", "1", "-o", "sweep"],
                 ["batch", one_loop_file, "-o", "batch"], ["check", one_loop_file]):
        out = run(args, tmp)
        check(out.stderr.count(f"{one_loop_file}: /milk_runs/0: warning: loop 1 (") == 1, f"{args[0]} warns once ({out.stderr!r})")

    # The trips: routes.csv of the file as written, with headroom, and with two spare trucks.
    shares = {}
    for name, extra in (("as-written", []), ("headroom", HEADROOM),
                        ("spare", HEADROOM + ["--set", "/milk_runs/0/trucks=4"])):
        out = run(["run", mwf, "-r", "4", "-j", "2", "-o", name] + extra, tmp)
        check(out.returncode == 0, f"run {name} ({out.stderr})")
        shares[name] = [full_trips(os.path.join(tmp, name), peak) for peak in (False, True)]
    (full, trips), (peak_full, peak_trips) = shares["as-written"]
    check(full > 0.5 * trips and peak_full > 0.75 * peak_trips,
          f"as written most trips run full ({full}/{trips}), at the peak nearly all ({peak_full}/{peak_trips})")
    (h_full, h_trips), (h_peak_full, h_peak_trips) = shares["headroom"]
    check(h_full < 0.1 * h_trips, f"with headroom few trips run full ({h_full}/{h_trips})")
    check(h_peak_full / h_peak_trips < 0.5 * peak_full / peak_trips,
          f"at the peak, full trips halve at least ({h_peak_full}/{h_peak_trips} against {peak_full}/{peak_trips})")
    (s_full, _), _ = shares["spare"]
    check(s_full == 0, f"with two spare trucks pooled no trip is full ({s_full})")
    with open(os.path.join(tmp, "spare", "routes.csv")) as f:
        departures = {}
        for r in csv.DictReader(f):
            departures.setdefault((r["replication"], r["depart"], r["run"]), []).append(r["truck"])
    check(all(len(t) == len(set(t)) for t in departures.values()) and ["1", "2", "3", "4"] in departures.values(),
          "routes.csv numbers the pooled trucks 1 to 4 across the loops, as `routes` does")

    # compare: the third pickup a week pays once the plan carries the peak.
    verdicts = {}
    for name, extra in (("no-headroom", []), ("headroom", HEADROOM)):
        out = run(["compare", base, mwf, "-r", "8", "-j", "2", "-o", name] + extra, tmp)
        check(out.returncode == 0, f"compare {name} ({out.stderr})")
        kpis = json.load(open(os.path.join(tmp, name, "compare.json")))["kpis"]
        verdicts[name] = {k: kpis[k] for k in ("lost_units", "fill_rate")}
    for k in ("lost_units", "fill_rate"):
        check(verdicts["no-headroom"][k]["verdict"] == "no significant difference",
              f"without headroom, {k}: no significant difference ({verdicts['no-headroom'][k]['verdict']})")
        check(verdicts["headroom"][k]["verdict"] == "better", f"with headroom, {k} is better ({verdicts['headroom'][k]})")
    gain = -verdicts["headroom"]["lost_units"]["relative"]
    check(0.08 < gain < 0.25, f"Mon,Wed,Fri with headroom loses about 14% fewer units ({gain:.3f})")

print(f"full trips (all, peak): {shares}; lost units -{gain:.1%} with headroom")
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
