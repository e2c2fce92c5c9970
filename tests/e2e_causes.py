"""The upstream cause of every stockout (SPEC §7 R35-R37) end to end.

Each cause is forced alone in a small network (a supplier never ready, a dock closed when the
truck comes, a tiny truck, a vendor whose lead time is nearly always above its mean, a receiving
dock at three units an hour, an order-up-to level below a week's demand) and must take over 90%
of the stockout events and SKU-days. On every scenario the causes add up exactly to their totals
(network and warehouses), suppliers and sellers add up to the network, and orders.csv and
skus.csv agree with summary.json.
"""
import csv
import glob
import json
import os
import sys
import tempfile

from cli_check import check, failures, milkrun, run, source

CAUSES = ["receiving_backlog", "missed_pickup", "truck_full", "supplier_late", "policy"]


def base():
    """One warehouse, one zone, five SKUs of 20 orders a day; the cases add the supply."""
    return {
        "milkrun": 1, "name": "causes", "start": "2026-11-02", "horizon_days": 63, "warmup_days": 7,
        "seed": 11, "replications": 2,
        "distances": {"mode": "euclidean", "speed_kmh": 50},
        "carrier": {"transit_days": [{"max_km": 100, "days": 1}, {"days": 2}]},
        "warehouses": [{"id": "W1", "location": {"x": 0, "y": 0},
                        "pick_pack": {"stations": 4, "time_per_order": "1min"}, "departures": ["18:00"]}],
        "zones": [{"id": "Z1", "location": {"x": 10, "y": 0}}],
        "suppliers": [],
        "skus": [{"id": f"S{i}", "source": {"supplier": "X"}, "orders_per_day": 20,
                  "unit": {"liters": 1, "kg": 1, "value": 10}, "stock": {"W1": {"initial": 300}}} for i in range(5)],
    }


def vendor(lead, policy, review="daily", initial=300):
    doc = base()
    doc["suppliers"].append({"id": "V1", "location": {"x": 0, "y": 30}, "lead_time": lead,
                             "review": {"days": review, "time": "10:00"}})
    for s in doc["skus"]:
        s["source"] = {"supplier": "V1"}
        s["stock"]["W1"] = {"initial": initial, "policy": policy}
    return doc


def milk_run(supplier_extra, truck_liters=100000, days="daily"):
    doc = base()
    doc["suppliers"].append(dict({"id": "M1", "location": {"x": 30, "y": 40}, "delivery": "milk_run"}, **supplier_extra))
    for s in doc["skus"]:
        s["source"] = {"supplier": "M1"}
        s["stock"]["W1"]["policy"] = {"type": "RS", "order_up_to": 600}
    doc["milk_runs"] = [{"id": "MR1", "warehouse": "W1", "schedule": {"days": days, "depart": "06:00"},
                         "po_lead": "1d", "trucks": 1, "stops": ["M1"], "load_time_per_stop": "30min",
                         "truck": {"liters": truck_liters, "kg": 100000, "cost_per_km": 2, "cost_per_trip": 100}}]
    return doc


def receiving_dock():
    doc = vendor("2d", {"type": "RS", "order_up_to": 600})
    doc["warehouses"][0]["receiving"] = {"units_per_hour": 3}
    return doc


# name: (scenario, the cause it forces)
CASES = {
    "never-ready": (milk_run({"ready": {"dist": "bernoulli", "p": 0}}), "missed_pickup"),
    "dock-closed": (milk_run({"dock": {"days": "Sun", "from": "10:00", "to": "11:00"}}, days="Mon-Sat"), "missed_pickup"),
    "tiny-truck": (milk_run({}, truck_liters=40), "truck_full"),
    # Mean 14.6 days; 70% of the draws are 20 days, and the reorder point covers 18.
    "late-vendor": (vendor({"dist": "discrete", "values": ["2d", "20d"], "weights": [0.3, 0.7]},
                           {"type": "sS", "reorder_point": 360, "order_up_to": 600}, initial=500), "supplier_late"),
    "slow-receiving": (receiving_dock(), "receiving_backlog"),
    "low-level": (vendor("1d", {"type": "RS", "order_up_to": 70}, review="Mon"), "policy"),
}


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))


def check_conservation(name, summary):
    """R36, R37: the causes add up to their totals; suppliers and sellers to the network."""
    blocks = [("network", summary["kpis"])] + [(w, b["kpis"]) for w, b in summary["warehouses"].items()]
    for where, k in blocks:
        for total in ("stockout_events", "stockout_sku_days", "lost_units"):
            for i, v in enumerate(k[total]["values"]):
                parts = sum(k[f"{total}_by_cause.{c}"]["values"][i] for c in CAUSES)
                check(close(v, parts), f"{name}: {where} {total} = sum of its causes in replication {i + 1} ({v} vs {parts})")
    owners = list(summary.get("suppliers", {}).values()) + list(summary.get("sellers", {}).values())
    for key in ("stockout_events", "stockout_sku_days", "lost_units"):
        for i, v in enumerate(summary["kpis"][key]["values"]):
            parts = sum(o["kpis"][key]["values"][i] for o in owners)
            check(close(v, parts), f"{name}: suppliers and sellers add up to the network's {key} ({v} vs {parts})")
    for i, v in enumerate(summary["kpis"]["missed_pickups"]["values"]):
        suppliers = summary.get("suppliers", {}).values()
        by_supplier = sum(s["kpis"]["missed_pickups"]["values"][i] for s in suppliers)
        by_reason = sum(s["kpis"][f"missed_pickups.{r}"]["values"][i] for s in suppliers
                        for r in ("dock_closed", "not_ready", "duty_limit"))
        check(v == by_supplier == by_reason, f"{name}: missed pickups add up over suppliers and reasons")


def check_files(name, directory, summary):
    """orders.csv and skus.csv say the same as summary.json."""
    with open(os.path.join(directory, "orders.csv")) as f:
        orders = list(csv.DictReader(f))
    lost = {c: 0 for c in CAUSES}
    for o in orders:
        check(o["upstream_cause"] in CAUSES + [""], f"{name}: order {o['order']} has a known upstream cause")
        if o["status"] == "lost" or o["cause"] == "stockout":  # R37 (an on-time backorder carries one too)
            check(o["upstream_cause"] in CAUSES, f"{name}: order {o['order']} ({o['status']}) has an upstream cause")
        if o["status"] == "lost" and o["upstream_cause"] in lost:
            lost[o["upstream_cause"]] += int(o["units"])
    reps = summary["replications"]
    for c in CAUSES:
        check(lost[c] == sum(summary["kpis"][f"lost_units_by_cause.{c}"]["values"]),
              f"{name}: orders.csv lost units of cause {c} match the KPI")
    with open(os.path.join(directory, "skus.csv")) as f:
        skus = list(csv.DictReader(f))
    for c in CAUSES:
        events = sum(float(r[f"stockout_events.{c}"]) for r in skus) * reps
        check(close(events, sum(summary["kpis"][f"stockout_events_by_cause.{c}"]["values"])),
              f"{name}: skus.csv stockout events of cause {c} add up to the KPI")
    for r in skus:
        check(close(float(r["lost_units"]), sum(float(r[f"lost_units.{c}"]) for c in CAUSES)),
              f"{name}: skus.csv {r['sku']} lost units add up over causes")


with tempfile.TemporaryDirectory() as tmp:
    for name, (doc, cause) in CASES.items():
        doc["name"] = name
        path = os.path.join(tmp, name + ".json")
        with open(path, "w") as f:
            json.dump(doc, f)
        out = run(["run", path, "--orders", "-o", name], tmp)
        check(out.returncode == 0, f"{name} runs ({out.stderr})")
        summary = json.load(open(os.path.join(tmp, name, "summary.json")))
        k = summary["kpis"]
        for total in ("stockout_events", "stockout_sku_days"):
            share = k[f"{total}_by_cause.{cause}"]["mean"] / k[total]["mean"] if k[total]["mean"] else 0
            check(share > 0.9, f"{name}: {cause} takes over 90% of {total} (got {share:.3f})")
        check_conservation(name, summary)
        check_files(name, os.path.join(tmp, name), summary)
        supplier = next(iter(summary["suppliers"].values()))["kpis"]
        if name == "never-ready":
            check(supplier["missed_pickups.not_ready"]["mean"] > 0 and supplier["missed_pickups.dock_closed"]["mean"] == 0,
                  "a supplier never ready misses pickups as not_ready")
        if name == "dock-closed":
            check(supplier["missed_pickups.dock_closed"]["mean"] > 0 and supplier["missed_pickups.not_ready"]["mean"] == 0,
                  "a dock closed when the truck comes misses pickups as dock_closed")
        if name == "tiny-truck":
            check(supplier["units_left_behind"]["mean"] > 0, "a tiny truck leaves units behind")
            check(0 < supplier["units_received"]["mean"] < sum(s["orders_per_day"] for s in doc["skus"]) * 63,
                  "a tiny truck brings in fewer units than are demanded")
        if name == "low-level":
            check(supplier["units_received"]["mean"] > 0, "a vendor's units ordered in the window are received")

    # Conservation on the bundled scenarios and the analysts' examples.
    scenarios = [os.path.join(source, "scenarios", s) for s in
                 ("default.json", "golden/milk-run.json", "examples/suppliers-deliver.json")]
    scenarios += sorted(glob.glob(os.path.join(source, "tests", "midwest", "midwest*.json")))  # the analysts' pair
    check(len(scenarios) == 5, "the Midwest pair is in tests/midwest")
    for path in scenarios:
        name = os.path.basename(path)
        orders = ["--orders"] if name == "default.json" else []  # the big ones only for summary.json: quicker
        out = run(["run", path, "-r", "2", "-o", "conserve-" + name] + orders, tmp)
        check(out.returncode == 0, f"{name} runs ({out.stderr})")
        directory = os.path.join(tmp, "conserve-" + name)
        summary = json.load(open(os.path.join(directory, "summary.json")))
        check_conservation(name, summary)
        if orders:
            check_files(name, directory, summary)

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("stockout causes: all checks passed")
