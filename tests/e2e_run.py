"""`milkrun run` end to end: outputs, determinism across thread counts, seeds, --set, --orders."""
import csv
import json
import os
import subprocess
import sys
import tempfile

milkrun = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def run(args, cwd):
    return subprocess.run([milkrun] + args, capture_output=True, text=True, cwd=cwd)


with tempfile.TemporaryDirectory() as tmp:
    # The bundled default scenario runs from any directory, into results/<name>/.
    out = run(["run", "-r", "3", "-j", "1"], tmp)
    check(out.returncode == 0, f"default run exits 0 (got {out.returncode}: {out.stderr})")
    default_dir = os.path.join(tmp, "results", "pnw-peak")
    for name in ("summary.json", "daily.csv", "skus.csv"):
        check(os.path.isfile(os.path.join(default_dir, name)), f"default run writes {name}")
    check("on_time_rate" in out.stdout, "run prints a KPI table")
    check(not [f for f in os.listdir(default_dir) if ".tmp" in f], "no temporary files are left")

    summary = json.load(open(os.path.join(default_dir, "summary.json")))
    check(list(summary)[:5] == ["scenario", "seed", "replications", "kpis", "warehouses"], "summary keys in order")
    check(summary["replications"] == 3 and summary["seed"] == 42, "summary records seed and replications")
    for key in ("orders", "on_time_rate", "late_by_cause.stockout", "fill_rate", "stockout_sku_days",
                "avg_on_hand_units", "pick_wait_hours_mean", "cost.total", "fast_promise_rate"):
        entry = summary["kpis"].get(key)
        check(entry is not None and len(entry["values"]) == 3 and len(entry["ci95"]) == 2, f"KPI {key} present")
        if entry and entry["mean"] is not None:
            check(entry["ci95"][0] <= entry["mean"] <= entry["ci95"][1], f"{key} mean inside its CI")
    check(set(summary["warehouses"]) == {"SEA1", "PDX1"}, "per-warehouse KPIs")
    k = summary["kpis"]
    for i in range(3):
        causes = sum(k[f"late_by_cause.{c}"]["values"][i] for c in ("stockout", "pick_backlog", "carrier_delay", "other"))
        check(causes == k["late_deliveries"]["values"][i], "late causes add up to late deliveries")
        check(k["delivered_orders"]["values"][i] + k["lost_orders"]["values"][i] == k["orders"]["values"][i],
              "delivered + lost = orders")
        per_wh = sum(w["kpis"]["orders"]["values"][i] for w in summary["warehouses"].values())
        check(per_wh == k["orders"]["values"][i], "warehouse orders add up to the network's")

    # Same seed: byte-identical outputs with -j 1 and -j 2; another seed differs.
    run(["run", "-r", "4", "-j", "1", "-o", "j1", "--orders"], tmp)
    run(["run", "-r", "4", "-j", "2", "-o", "j2", "--orders"], tmp)
    run(["run", "-r", "4", "-j", "2", "-o", "s7", "--seed", "7"], tmp)
    for name in ("summary.json", "daily.csv", "skus.csv", "orders.csv"):
        a = open(os.path.join(tmp, "j1", name), "rb").read()
        b = open(os.path.join(tmp, "j2", name), "rb").read()
        check(a == b, f"{name} byte-identical with -j 1 and -j 2")
    s1 = json.load(open(os.path.join(tmp, "j1", "summary.json")))
    s7 = json.load(open(os.path.join(tmp, "s7", "summary.json")))
    check(s1["kpis"]["orders"]["values"] != s7["kpis"]["orders"]["values"], "another seed gives other values")

    # orders.csv: the columns of SPEC §6, one row per measured order.
    with open(os.path.join(tmp, "j1", "orders.csv")) as f:
        rows = list(csv.DictReader(f))
    check(list(rows[0]) == ["replication", "order", "arrival", "zone", "sku", "units", "prime", "warehouse",
                            "promised_ship", "promised_delivery", "shipped", "delivered", "status",
                            "late_shipment", "late_delivery", "cause", "upstream_cause"], "orders.csv columns")
    check(len(rows) == sum(s1["kpis"]["orders"]["values"]), "one orders.csv row per measured order")
    late = sum(1 for r in rows if r["late_delivery"] == "1")
    check(late == sum(s1["kpis"]["late_deliveries"]["values"]), "orders.csv late deliveries match the KPI")

    # --set changes the scenario; a bad --set is bad input with nothing written.
    out = run(["run", "-r", "1", "-o", "set", "--set", "/demand/on_stockout=\"backorder\""], tmp)
    check(out.returncode == 0, f"--set run exits 0 ({out.stderr})")
    s = json.load(open(os.path.join(tmp, "set", "summary.json")))
    check(s["kpis"]["backorders"]["mean"] > 0 and s["kpis"]["lost_orders"]["mean"] == 0, "--set switched to backorders")
    out = run(["run", "-o", "bad", "--set", "/warehouses/0/pick_pack/stations=0"], tmp)
    check(out.returncode == 2, "a --set that breaks the scenario exits 2")
    check("default.json: /warehouses/0/pick_pack/stations:" in out.stderr, f"and names the pointer ({out.stderr!r})")
    check(not os.path.exists(os.path.join(tmp, "bad")), "and writes nothing")

    # A missing scenario file is bad input too.
    out = run(["run", "nope.json", "-o", "missing"], tmp)
    check(out.returncode == 2 and "nope.json" in out.stderr, "a missing file exits 2 naming it")
    check(not os.path.exists(os.path.join(tmp, "missing")), "and writes nothing")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
