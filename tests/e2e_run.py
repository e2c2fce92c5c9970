"""`milkrun run` end to end: outputs, determinism across thread counts, seeds, --set, --orders."""
import csv
import datetime
import json
import math
import os
import re
import sys
import tempfile

from cli_check import check, failures, milkrun, run



def nearest_stocking(doc):
    """(sku, zone) -> the warehouse nearest the zone among those stocking the SKU, ties in file
    order, by great-circle distance from the scenario's coordinates (circuity scales every
    distance alike, so it cannot change which is nearest)."""
    def km(a, b):
        la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h))
    where = {w["id"]: w["location"] for w in doc["warehouses"]}
    order = [w["id"] for w in doc["warehouses"]]
    return {(s["id"], z["id"]): min((w for w in order if w in s["stock"]), key=lambda w: km(where[w], z["location"]))
            for s in doc["skus"] for z in doc["zones"]}


def check_order_explanations(rows, scenario):
    """pick_start <= pick_end <= shipped; days_late = delivered - promised (0 when on time);
    rerouted says whether the order left from its nearest stocking warehouse; lost orders
    leave all four empty."""
    instant = lambda text: datetime.datetime.fromisoformat(text)
    nearest = nearest_stocking(json.load(open(scenario)))
    counts = {"rerouted": 0, "late": 0}
    for r in rows:
        what = f"order {r['replication']}/{r['order']}"
        if r["status"] == "lost":
            check((r["pick_start"], r["pick_end"], r["days_late"], r["rerouted"]) == ("", "", "", ""),
                  f"{what}: a lost order leaves pick_start, pick_end, days_late, rerouted empty")
            continue
        check(r["rerouted"] == ("1" if r["warehouse"] != nearest[(r["sku"], r["zone"])] else "0"),
              f"{what}: rerouted {r['rerouted']} from {r['warehouse']} to {r['zone']}")
        counts["rerouted"] += r["rerouted"] == "1"
        if r["status"] != "delivered":
            check(r["pick_start"] == r["pick_end"] == r["days_late"] == "", f"{what}: undelivered, no pick or days late")
            continue
        check(len(r["pick_start"]) == len(r["pick_end"]) == 19, f"{what}: pick instants to the second")
        check(instant(r["arrival"]) <= instant(r["pick_start"]) <= instant(r["pick_end"]) <= instant(r["shipped"]),
              f"{what}: arrival <= pick_start <= pick_end <= shipped")
        late = (datetime.date.fromisoformat(r["delivered"]) - datetime.date.fromisoformat(r["promised_delivery"])).days
        check(int(r["days_late"]) == max(0, late), f"{what}: days_late {r['days_late']} vs {late}")
        check((int(r["days_late"]) > 0) == (r["late_delivery"] == "1"), f"{what}: days_late > 0 exactly when late")
        counts["late"] += int(r["days_late"]) > 0
    check(counts["rerouted"] > 0 and counts["late"] > 0, f"some orders rerouted and late: {counts}")


with tempfile.TemporaryDirectory() as tmp:
    # The bundled default scenario runs from any directory, into results/<name>/.
    out = run(["run", "-r", "3", "-j", "1"], tmp)
    check(out.returncode == 0, f"default run exits 0 (got {out.returncode}: {out.stderr})")
    default_dir = os.path.join(tmp, "results", "pnw-peak")
    for name in ("summary.json", "daily.csv", "skus.csv", "report.html"):
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
    for name in ("summary.json", "daily.csv", "skus.csv", "orders.csv", "report.html"):
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
                            "late_shipment", "late_delivery", "cause", "pick_start", "pick_end", "days_late",
                            "rerouted", "upstream_cause", "lines"], "orders.csv columns")
    instant = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")  # SPEC §6: instants to the second
    check(all(instant.match(r[c]) for r in rows for c in ("arrival", "promised_ship", "shipped", "pick_start", "pick_end")
              if r[c]), "orders.csv instants are to the second")
    check(len(rows) == sum(s1["kpis"]["orders"]["values"]), "one orders.csv row per measured order")
    late = sum(1 for r in rows if r["late_delivery"] == "1")
    check(late == sum(s1["kpis"]["late_deliveries"]["values"]), "orders.csv late deliveries match the KPI")

    check_order_explanations(rows, os.path.join(os.environ["MILKRUN_SOURCE"], "scenarios", "default.json"))

    # --set changes the scenario; a bad --set is bad input with nothing written.
    out = run(["run", "-r", "1", "-o", "set", "--orders", "--set", "/demand/on_stockout=\"backorder\""], tmp)
    check(out.returncode == 0, f"--set run exits 0 ({out.stderr})")
    s = json.load(open(os.path.join(tmp, "set", "summary.json")))
    check(s["kpis"]["backorders"]["mean"] > 0 and s["kpis"]["lost_orders"]["mean"] == 0, "--set switched to backorders")
    with open(os.path.join(tmp, "set", "orders.csv")) as f:
        check_order_explanations(list(csv.DictReader(f)), os.path.join(os.environ["MILKRUN_SOURCE"], "scenarios", "default.json"))
    out = run(["run", "-o", "bad", "--set", "/warehouses/0/pick_pack/stations=0"], tmp)
    check(out.returncode == 2, "a --set that breaks the scenario exits 2")
    check("default.json: /warehouses/0/pick_pack/stations:" in out.stderr, f"and names the pointer ({out.stderr!r})")
    check(not os.path.exists(os.path.join(tmp, "bad")), "and writes nothing")

    # --timings (for benchmarks): one JSON line on stderr; stdout and the files unchanged.
    timed = run(["run", "-r", "4", "-j", "2", "-o", "timed", "--orders", "--timings"], tmp)
    lines = [l for l in timed.stderr.splitlines() if l.startswith("timings: ")]
    check(timed.returncode == 0 and len(lines) == 1, f"--timings prints one line on stderr ({timed.stderr!r})")
    if lines:
        t = json.loads(lines[0][len("timings: "):])
        check(all(t[k] >= 0 for k in ("load_s", "simulate_s", "write_s")), f"three phases timed: {t}")
        measured = json.load(open(os.path.join(tmp, "j1", "summary.json")))["kpis"]["orders"]["values"]
        # Every order of the run, warm-up included: more than the measured ones, and events more still.
        check(t["orders"] > sum(measured) and t["events"] > t["orders"], f"orders and events counted: {t}")
    for name in ("summary.json", "daily.csv", "skus.csv", "orders.csv", "report.html"):
        same = open(os.path.join(tmp, "j1", name), "rb").read() == open(os.path.join(tmp, "timed", name), "rb").read()
        check(same, f"{name} byte-identical with --timings")

    # SPEC §12: command-line values out of range get one short line, exit 2, nothing written.
    for args, says in ((["-r", "0"], "--replications: must be a whole number from 1 to 10000, got 0"),
                       (["-r", "10001"], "got 10001"), (["-j", "0"], "--jobs: must be a whole number from 1"),
                       (["--seed", "-1"], "--seed: must be a whole number from 0 to 18446744073709551615, got -1"),
                       (["--seed", "7x"], "got 7x")):
        out = run(["run", "-o", "range"] + args, tmp)
        lines = out.stderr.strip().splitlines()
        check(out.returncode == 2 and len(lines) == 1 and lines[0].startswith("milkrun: ") and says in lines[0],
              f"run {' '.join(args)}: one line, exit 2 ({out.returncode}, {lines})")
        check(not os.path.exists(os.path.join(tmp, "range")), f"run {' '.join(args)} writes nothing")

    # A missing scenario file is bad input too.
    out = run(["run", "nope.json", "-o", "missing"], tmp)
    check(out.returncode == 2 and "nope.json" in out.stderr, "a missing file exits 2 naming it")
    check(not os.path.exists(os.path.join(tmp, "missing")), "and writes nothing")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
