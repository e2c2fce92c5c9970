"""Milk runs end to end: `milkrun routes` (text, JSON, CVRPLIB quality through the product),
routes.csv and seller KPIs of the default scenario, and the vendor-vs-milk-run example pair."""
import csv
import json
import os
import subprocess
import sys
import tempfile

milkrun = sys.argv[1]
source = os.environ["MILKRUN_SOURCE"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def run(args, cwd=None):
    return subprocess.run([milkrun] + args, capture_output=True, text=True, cwd=cwd)


with tempfile.TemporaryDirectory() as tmp:
    # CVRPLIB instances converted to scenarios: within 3% of the best known km.
    bks = json.load(open(os.path.join(source, "tests", "cvrplib", "bks.json")))["instances"]
    for name in ("A-n32-k5", "B-n45-k5", "E-n51-k5", "P-n76-k5"):
        scenario = os.path.join(tmp, name + ".json")
        subprocess.run([sys.executable, os.path.join(source, "tests", "cvrplib", "to_scenario.py"),
                        os.path.join(source, "tests", "cvrplib", name + ".vrp"), "-o", scenario], check=True)
        out = run(["routes", scenario, "--json"])
        check(out.returncode == 0, f"routes {name} exits 0 ({out.stderr})")
        plan = json.loads(out.stdout)
        check(list(plan) == ["routes", "total_km"], "routes --json has routes and total_km")
        check(list(plan["routes"][0])[:7] == ["run", "truck", "stops", "km", "liters", "kg", "utilization"],
              "each route has the fields of SPEC §5")
        check(list(plan["routes"][0])[7:] == ["planned_utilization", "trucks"],
              "then the utilization planned with plan_headroom and the loop's trucks (R38, R39)")
        check(all(r["planned_utilization"] == r["utilization"] for r in plan["routes"]),
              f"{name}: without plan_headroom the planned utilization is the expected one")
        visited = sorted(s for r in plan["routes"] for s in r["stops"])
        check(len(visited) == bks[name]["customers"] and len(set(visited)) == len(visited), f"{name}: every stop once")
        check(all(r["utilization"] <= 1 + 1e-9 for r in plan["routes"]), f"{name}: trucks within capacity")
        gap = (plan["total_km"] - bks[name]["bks"]) / bks[name]["bks"]
        check(gap < 0.03, f"{name}: {plan['total_km']} km is within 3% of {bks[name]['bks']}")

    # The default scenario: two milk runs, a seller, routes.csv.
    out = run(["routes", os.path.join(source, "scenarios", "default.json")])
    check(out.returncode == 0 and "MR-SEA" in out.stdout and "ACME-OPTICS > CASCADE-HOME" in out.stdout,
          f"routes prints the default scenario's loops ({out.stdout})")
    out = run(["run", "-r", "2", "-o", "def"], tmp)
    check(out.returncode == 0, f"default run ({out.stderr})")
    summary = json.load(open(os.path.join(tmp, "def", "summary.json")))
    k = summary["kpis"]
    check(k["truck_trips"]["mean"] > 0 and k["truck_km"]["mean"] > 0, "the default scenario has trips")
    check(abs(k["cost.total"]["values"][0] - sum(k[c]["values"][0] for c in
          ("cost.transport", "cost.holding", "cost.lost_sales", "cost.late_credits"))) < 1e-6, "costs add up")
    seller = summary["sellers"]["S-NORAM"]["kpis"]
    check(list(seller) == ["units_sent", "units_received", "receiving_wait_days_mean", "stockout_events",
                           "stockout_sku_days", "lost_units", "orders", "late_or_lost_orders", "defect_rate"],
          "seller KPIs of SPEC §6 and §7")
    check(all(v % 24 == 0 for v in seller["units_sent"]["values"]), "sellers send whole cartons")
    with open(os.path.join(tmp, "def", "routes.csv")) as f:
        trips = list(csv.DictReader(f))
    check(list(trips[0]) == ["replication", "depart", "run", "truck", "stops", "km", "liters", "kg", "utilization",
                             "missed_pickups", "planned_return", "actual_return", "duty_skips"], "routes.csv columns (R46)")
    check(len(trips) == sum(k["truck_trips"]["values"]), "one routes.csv row per trip")
    missed = sum(int(t["missed_pickups"]) for t in trips)
    check(missed == sum(k["missed_pickups"]["values"]), "routes.csv missed pickups add up to the KPI")

    # The example pair: same network and demand; our trucks twice a week beat suppliers delivering.
    result = {}
    for name in ("suppliers-deliver", "milk-run-twice-a-week"):
        out = run(["run", os.path.join(source, "scenarios", "examples", name + ".json"), "-r", "5", "-o", name], tmp)
        check(out.returncode == 0, f"example {name} runs ({out.stderr})")
        result[name] = json.load(open(os.path.join(tmp, name, "summary.json")))["kpis"]
    vendor, milk = result["suppliers-deliver"], result["milk-run-twice-a-week"]
    check(vendor["orders"]["values"] == milk["orders"]["values"], "the pair sees the same orders")
    check(milk["stockout_sku_days"]["ci95"][1] < vendor["stockout_sku_days"]["ci95"][0],
          "the milk run has clearly fewer stockout days")
    check(milk["fill_rate"]["mean"] > vendor["fill_rate"]["mean"], "and a higher fill rate")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
