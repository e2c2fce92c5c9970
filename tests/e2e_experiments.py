"""Experiments end to end: common random numbers, compare, sweep, batch, --precision, and
byte-identical outputs whatever -j."""
import csv
import json
import os
import sys
import tempfile

from cli_check import check, failures, milkrun, run, source

examples = os.path.join(source, "scenarios", "examples")
vendor = os.path.join(examples, "suppliers-deliver.json")
milk_run = os.path.join(examples, "milk-run-twice-a-week.json")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


with tempfile.TemporaryDirectory() as tmp:
    # Common random numbers: two pickup schedules see the same orders, replication by replication.
    for name, days in (("monthu", '"Mon,Thu"'), ("tuefri", '"Tue,Fri"')):
        out = run(["run", milk_run, "-r", "3", "-o", name, "--orders", "--set", f"/milk_runs/0/schedule/days={days}"], tmp)
        check(out.returncode == 0, f"run {name} exits 0 ({out.stderr})")
    a, b = rows(os.path.join(tmp, "monthu", "orders.csv")), rows(os.path.join(tmp, "tuefri", "orders.csv"))
    fields = ("replication", "order", "arrival", "zone", "sku", "units", "prime")
    check(len(a) == len(b) and len(a) > 1000, "both schedules have the same number of orders")
    check([tuple(r[f] for f in fields) for r in a] == [tuple(r[f] for f in fields) for r in b],
          "both schedules see identical orders (arrival, zone, sku, units, prime)")
    check([r["status"] for r in a] != [r["status"] for r in b], "the schedules do change what happens to orders")

    # compare: a scenario with itself has zero differences everywhere.
    out = run(["compare", milk_run, milk_run, "-r", "4", "-j", "2"], tmp)
    check(out.returncode == 0, f"compare with itself exits 0 ({out.stderr})")
    self_dir = os.path.join(tmp, "results", "sea-milk-run-twice-a-week-vs-sea-milk-run-twice-a-week")
    c = json.load(open(os.path.join(self_dir, "compare.json")))
    check(list(c) == ["base", "variant", "replications", "kpis", "warehouses"] and c["replications"] == 4,
          "compare.json keys")
    for key, entry in c["kpis"].items():
        check(list(entry) == ["base", "variant", "diff", "relative", "unpaired_ci95", "verdict"], f"{key} entry keys")
        check(entry["verdict"] == "no significant difference", f"{key}: self compare has no significant difference")
        if entry["diff"]["mean"] is not None:
            check(entry["diff"]["mean"] == 0 and entry["diff"]["ci95"] == [0, 0], f"{key}: self compare diff is 0")
    check(os.path.isfile(os.path.join(self_dir, "compare.csv")), "compare writes compare.csv")
    for wid, block in c["warehouses"].items():
        for key, entry in block["kpis"].items():
            if entry["diff"]["mean"] is not None:
                check(entry["diff"]["mean"] == 0, f"{wid} {key}: self compare diff is 0")

    # compare --set changes the variant only: half the stations (12 -> 6) lengthen the pick wait.
    out = run(["compare", milk_run, milk_run, "-r", "4", "-j", "2", "-o", "set",
               "--set", "/warehouses/0/pick_pack/stations=6"], tmp)
    check(out.returncode == 0, f"compare --set exits 0 ({out.stderr})")
    changed = json.load(open(os.path.join(tmp, "set", "compare.json")))
    wait = changed["kpis"]["pick_wait_hours_mean"]
    check(wait["diff"]["mean"] != 0 and wait["base"] == c["kpis"]["pick_wait_hours_mean"]["base"],
          "compare --set: the variant changed, the base did not")
    check(changed["kpis"]["orders"]["diff"]["mean"] == 0, "compare --set: the same orders on both sides")

    # compare: the milk run removes stockouts against suppliers delivering; -j does not change a byte.
    for j in ("1", "2"):
        out = run(["compare", vendor, milk_run, "-r", "5", "-j", j, "-o", f"pair{j}"], tmp)
        check(out.returncode == 0, f"compare -j {j} exits 0 ({out.stderr})")
    for name in ("compare.json", "compare.csv"):
        check(read(os.path.join(tmp, "pair1", name)) == read(os.path.join(tmp, "pair2", name)),
              f"{name} byte-identical with -j 1 and -j 2")
    pair = json.load(open(os.path.join(tmp, "pair1", "compare.json")))
    k = pair["kpis"]
    check(len(pair["warehouses"]) > 0, "compare.json has a warehouses block")
    for wid, block in pair["warehouses"].items():
        check(list(block) == ["kpis"] and list(block["kpis"]) == list(k), f"{wid}: the network's KPI keys in order")
        check(all(list(e) == list(k["orders"]) for e in block["kpis"].values()), f"{wid}: the network's fields")
    check(k["stockout_sku_days"]["verdict"] == "better", "the milk run has fewer stockout SKU-days: better")
    check(k["fill_rate"]["verdict"] == "better", "the milk run's fill rate is better")
    check(k["truck_km"]["verdict"] == "worse", "driving our own trucks costs km: worse")
    check(k["orders"]["diff"]["mean"] == 0 and k["orders"]["diff"]["ci95"] == [0, 0], "same orders in both")
    lo, hi = k["stockout_sku_days"]["diff"]["ci95"]
    ulo, uhi = k["stockout_sku_days"]["unpaired_ci95"]
    check(lo <= k["stockout_sku_days"]["diff"]["mean"] <= hi < 0, "stockout difference CI below 0")
    check(uhi - ulo > 0 and k["stockout_sku_days"]["relative"] < -0.5, "unpaired CI and relative change reported")
    check("verdict" in out.stdout and "stockout_sku_days" in out.stdout, "compare prints a table")
    crows = rows(os.path.join(tmp, "pair1", "compare.csv"))
    check([r["kpi"] for r in crows] == list(k), "compare.csv has one row per KPI in order")
    check(float(next(r for r in crows if r["kpi"] == "on_time_rate")["ci_narrowing"]) > 1,
          "common random numbers narrow the on-time-rate CI")
    wid = next(iter(pair["warehouses"]))
    out = run(["compare", vendor, milk_run, "-r", "2", "-o", "one", "--warehouse", wid], tmp)
    check(out.returncode == 0 and f"warehouse {wid}" in out.stdout and "stockout_sku_days" in out.stdout,
          f"compare --warehouse prints that warehouse's table ({out.stderr})")
    out = run(["compare", vendor, milk_run, "-r", "2", "-o", "nowhere", "--warehouse", "NOPE"], tmp)
    check(out.returncode == 2 and wid in out.stderr, f"an unknown --warehouse exits 2 naming the known ones ({out.stderr})")
    check(not os.path.exists(os.path.join(tmp, "nowhere")), "an unknown --warehouse writes nothing")

    # sweep: a 3 x 2 grid, byte-identical with -j 1 and -j 2, and a metamodel.
    stations = "--vary=/warehouses/0/pick_pack/stations=4,6,12"
    schedule = '--vary=/milk_runs/0/schedule/days="Mon,Thu","Mon,Wed,Fri"'
    for j in ("1", "2"):
        out = run(["sweep", milk_run, stations, schedule, "-r", "3", "-j", j, "-o", f"sweep{j}"], tmp)
        check(out.returncode == 0, f"sweep -j {j} exits 0 ({out.stderr})")
    for name in ("sweep.csv", "metamodel.csv"):
        check(read(os.path.join(tmp, "sweep1", name)) == read(os.path.join(tmp, "sweep2", name)),
              f"{name} byte-identical with -j 1 and -j 2")
    srows = rows(os.path.join(tmp, "sweep1", "sweep.csv"))
    header = list(srows[0])
    check(header[:4] == ["/warehouses/0/pick_pack/stations", "/milk_runs/0/schedule/days", "orders.mean",
                         "orders.ci_low"], "sweep.csv columns: pointers, then KEY.mean, ci_low, ci_high")
    check(len(srows) == 6 and [r["/warehouses/0/pick_pack/stations"] for r in srows] == ["4", "4", "6", "6", "12", "12"],
          "one sweep row per variant, the last --vary fastest")
    check(len({r["orders.mean"] for r in srows}) == 1, "every variant sees the same orders")
    waits = [float(r["pick_wait_hours_mean.mean"]) for r in srows]
    check(waits[0] > waits[4], "fewer stations make orders wait longer")
    mrows = rows(os.path.join(tmp, "sweep1", "metamodel.csv"))
    check(list(mrows[0]) == ["kpi", "intercept", "/warehouses/0/pick_pack/stations", "r2"], "metamodel.csv columns")
    wait_model = next(r for r in mrows if r["kpi"] == "pick_wait_hours_mean")
    check(float(wait_model["/warehouses/0/pick_pack/stations"]) < 0 and 0 <= float(wait_model["r2"]) <= 1,
          "the metamodel says more stations, less waiting, with its R²")
    check("R²" in out.stdout, "sweep prints the metamodel")
    # The printed grid: a header of the pointers and the shown KPIs, then one row per variant
    # with its values and each KPI's mean [CI]; --show picks the KPIs.
    lines = out.stdout.splitlines()
    header = next((i for i, l in enumerate(lines) if l.startswith("/warehouses/0/pick_pack/stations")), None)
    check(header is not None and lines[header].split() == ["/warehouses/0/pick_pack/stations", "/milk_runs/0/schedule/days",
                                                           "on_time_rate", "fill_rate", "stockout_sku_days", "cost.total"],
          f"sweep prints the grid's header with the default KPIs ({out.stdout[:400]!r})")
    if header is not None:
        grid = lines[header + 1:header + 1 + len(srows)]
        check([g.split()[0] for g in grid] == [r["/warehouses/0/pick_pack/stations"] for r in srows],
              "one printed grid row per variant, in sweep.csv's order")
        first_mean = float(srows[0]["on_time_rate.mean"])
        check(abs(float(grid[0].split()[2]) - first_mean) <= 1e-3 * abs(first_mean),
              "the printed on_time_rate is the variant's mean in sweep.csv")
    shown = run(["sweep", milk_run, stations, "-r", "2", "--show", "lost_orders", "-o", "sweepshow"], tmp)
    check(shown.returncode == 0 and ["/warehouses/0/pick_pack/stations", "lost_orders"] in
          [l.split() for l in shown.stdout.splitlines()], f"--show picks the grid's KPIs ({shown.stderr})")
    out = run(["sweep", milk_run, stations, "--show", "fill_rat", "-o", "badshow"], tmp)
    check(out.returncode == 2 and 'did you mean "fill_rate"?' in out.stderr and not os.path.exists(os.path.join(tmp, "badshow")),
          f"an unknown --show KPI exits 2 with a hint, before anything runs ({out.stderr})")

    # sweep: a bad pointer or a value that breaks the scenario is bad input, nothing written.
    out = run(["sweep", milk_run, "--vary", "/warehouses/0/no_such=1,2", "-o", "badsweep"], tmp)
    check(out.returncode == 2 and "no_such" in out.stderr, f"a bad --vary pointer exits 2 ({out.stderr})")
    out = run(["sweep", milk_run, "--vary", "/warehouses/0/pick_pack/stations=4,0", "-o", "badsweep"], tmp)
    check(out.returncode == 2 and "stations" in out.stderr, f"a --vary value that breaks the scenario exits 2 ({out.stderr})")
    check(not os.path.exists(os.path.join(tmp, "badsweep")), "a bad sweep writes nothing")

    # batch: a broken scenario is reported, the others still run, exit 1 at the end.
    broken = os.path.join(tmp, "broken.json")
    with open(broken, "w") as f:
        f.write('{"milkrun": 1, "name": ')
    for j in ("1", "2"):
        # -j 2 with --progress: the bar changes nothing in batch.csv.
        progress = ["--progress"] if j == "2" else []
        out = run(["batch", vendor, broken, milk_run, "-r", "3", "-j", j, "-o", f"batch{j}"] + progress, tmp)
        check(out.returncode == 1, f"batch with a broken scenario exits 1 (-j {j}, got {out.returncode}: {out.stderr})")
    check(read(os.path.join(tmp, "batch1", "batch.csv")) == read(os.path.join(tmp, "batch2", "batch.csv")),
          "batch.csv byte-identical with -j 1 and -j 2")
    brows = rows(os.path.join(tmp, "batch1", "batch.csv"))
    check(list(brows[0])[:3] == ["scenario", "status", "orders"], "batch.csv columns")
    check([r["status"] == "ok" for r in brows] == [True, False, True], "the broken scenario's row has its error")
    check("line" in brows[1]["status"] and brows[1]["orders"] == "", "the error names where the file broke")
    check(float(brows[0]["stockout_sku_days"]) > float(brows[2]["stockout_sku_days"]) > 0, "batch rows hold KPI means")
    check("broken.json" in out.stderr and "replications" in out.stderr,
          "batch reports the broken scenario, and with --progress its replications, on stderr")
    out = run(["batch", vendor, milk_run, "-r", "2", "-o", "batchok"], tmp)
    check(out.returncode == 0, f"a batch without failures exits 0 ({out.stderr})")

    # --precision: replications are added until the half-width meets the target.
    out = run(["run", milk_run, "-r", "3", "-o", "p3"], tmp)
    s3 = json.load(open(os.path.join(tmp, "p3", "summary.json")))
    lo, hi = s3["kpis"]["fill_rate"]["ci95"]
    target = (hi - lo) / 2 / 3
    for j in ("1", "2"):
        out = run(["run", milk_run, "-r", "3", "-j", j, "-o", f"prec{j}", "--precision", f"fill_rate={target}"], tmp)
        check(out.returncode == 0, f"--precision exits 0 ({out.stderr})")
    check(read(os.path.join(tmp, "prec1", "summary.json")) == read(os.path.join(tmp, "prec2", "summary.json")),
          "--precision gives the same summary.json with -j 1 and -j 2")
    sp = json.load(open(os.path.join(tmp, "prec1", "summary.json")))
    lo, hi = sp["kpis"]["fill_rate"]["ci95"]
    check(sp["replications"] > 3 and (hi - lo) / 2 <= target, "--precision ran until the half-width met the target")
    out = run(["run", milk_run, "-r", "3", "-o", "precmax", "--precision", "fill_rate=1e-9", "--max-replications", "7"], tmp)
    smax = json.load(open(os.path.join(tmp, "precmax", "summary.json")))
    check(smax["replications"] == 7 and "max-replications" in out.stdout, "--precision stops at --max-replications")
    out = run(["run", milk_run, "-o", "precbad", "--precision", "no_such_kpi=1"], tmp)
    check(out.returncode == 2 and not os.path.exists(os.path.join(tmp, "precbad")), "an unknown --precision KPI exits 2")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("experiments: all checks passed")
