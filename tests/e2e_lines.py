"""Orders with several lines (SPEC R40, without split) through the command line.

1. One line per order with units_per_line draws exactly what units_per_order does: summary.json,
   daily.csv, skus.csv and orders.csv are byte-identical.
2. A multi-line run with --orders: each row joins its lines' SKUs and units with ';', its
   `lines` column counts them, and the rows add up to the summary's orders, units, lines,
   lost orders and units, shipments (orders not lost, no split) and to skus.csv's demand.
3. Its orders.csv replayed as it is (R42) gives back every order of replication 1: arrival,
   zone, lines and Prime flag, and replication 1's KPIs.
4. `milkrun trace --order N` of a multi-line order shows every line, in text and JSON.
5. units_per_order with lines_per_order: exit 2 naming /demand/units_per_order.

Usage: python3 tests/e2e_lines.py /path/to/milkrun   (MILKRUN_SOURCE = source root)
"""
import filecmp
import json
import os
import sys
import tempfile

from cli_check import check, finish, rows, run, source


UNITS = {"dist": "discrete", "values": [1, 2, 3], "weights": [0.8, 0.15, 0.05]}
LINES = {"dist": "discrete", "values": [1, 2, 3, 4], "weights": [0.4, 0.3, 0.2, 0.1]}








def summary(path):
    with open(path) as f:
        return json.load(f)["kpis"]


def write(tmp, name, doc):
    with open(os.path.join(tmp, name + ".json"), "w") as f:
        json.dump(doc, f)
    return name + ".json"


def base():
    """The default network (two warehouses, milk runs, a vendor, a seller, 70% Prime) over
    three weeks with backorders, so that stock runs short and orders wait; WOOL-BLANKET only
    in PDX1, so that an order holding it and a SKU only SEA1 stocks is lost all the same."""
    with open(os.path.join(source, "scenarios/default.json")) as f:
        doc = json.load(f)
    doc.pop("$schema", None)
    doc.update(horizon_days=21, warmup_days=0, replications=2)  # orders.csv holds measured orders
    doc["demand"]["on_stockout"] = "backorder"
    blanket = next(s for s in doc["skus"] if s["id"] == "WOOL-BLANKET")
    del blanket["stock"]["SEA1"]
    return doc


def one_line_as_units_per_order(tmp):
    by_order = base()
    by_order["demand"]["units_per_order"] = UNITS
    by_line = json.loads(json.dumps(by_order))
    del by_line["demand"]["units_per_order"]
    by_line["demand"].update(lines_per_order=1, units_per_line=UNITS)
    for name, doc in (("by-order", by_order), ("by-line", by_line)):
        r = run(["run", write(tmp, name, doc), "--orders", "-o", name], tmp)
        check(r.returncode == 0, f"{name}: {r.stderr}")
    for out in ("summary.json", "daily.csv", "skus.csv", "orders.csv"):
        same = filecmp.cmp(os.path.join(tmp, "by-order", out), os.path.join(tmp, "by-line", out), shallow=False)
        check(same, f"lines_per_order 1 with units_per_line gives the {out} of units_per_order")
    k = summary(os.path.join(tmp, "by-line/summary.json"))
    check(k["lines"]["values"] == k["orders"]["values"], f"one line per order: lines = orders: {k['lines']}")
    check(k["backorders"]["mean"] > 0, "the comparison has backorders")


def split_line(row):
    skus, units = row["sku"].split(";"), row["units"].split(";")
    return skus, [int(u) for u in units]


def multi_line_rows(tmp):
    """Runs the multi-line network with --orders; checks its rows against the summary."""
    doc = base()
    del doc["demand"]["units_per_order"]
    doc["demand"].update(lines_per_order=LINES, units_per_line=UNITS)
    r = run(["run", write(tmp, "multi", doc), "--orders", "-o", "multi"], tmp)
    check(r.returncode == 0, f"multi-line run: {r.stderr}")
    orders = rows(os.path.join(tmp, "multi/orders.csv"))
    k = summary(os.path.join(tmp, "multi/summary.json"))
    check(len(orders) > 1000, f"the multi-line run has orders ({len(orders)})")
    widths = {}
    for o in orders:
        skus, units = split_line(o)
        widths[len(skus)] = widths.get(len(skus), 0) + 1
        if len(skus) != len(units) or int(o["lines"]) != len(skus) or len(set(skus)) != len(skus) or min(units) < 1:
            check(False, f"order {o['order']} of replication {o['replication']}: sku {o['sku']}, units {o['units']}, "
                         f"lines {o['lines']} (one distinct SKU and at least one unit per line, joined with ';')")
            break
        if o["status"] == "lost" and o["warehouse"]:
            check(False, f"lost order {o['order']} names a warehouse {o['warehouse']}")
            break
        if o["status"] != "lost" and ";" in o["warehouse"]:
            check(False, f"order {o['order']}: one shipment without split, got warehouses {o['warehouse']}")
            break
    check(sorted(widths) == [1, 2, 3, 4], f"orders of 1 to 4 lines: {widths}")
    for rep in range(2):
        mine = [o for o in orders if o["replication"] == str(rep + 1)]
        lost = [o for o in mine if o["status"] == "lost"]
        units = sum(sum(split_line(o)[1]) for o in mine)
        got = {
            "orders": len(mine), "units": units, "lines": sum(int(o["lines"]) for o in mine),
            "lost_orders": len(lost), "lost_units": sum(sum(split_line(o)[1]) for o in lost),
            "shipments": len(mine) - len(lost), "split_orders": 0, "shipments_per_order": 1,
            "prime_orders": sum(o["prime"] == "1" for o in mine),
        }
        want = {key: k[key]["values"][rep] for key in got}
        check(got == want, f"replication {rep + 1}: orders.csv adds up to {got}, summary.json says {want}")
        check(got["lost_orders"] > 0, f"replication {rep + 1} loses orders whose lines no warehouse stocks together")
    skus = rows(os.path.join(tmp, "multi/skus.csv"))
    demand = sum(float(s["demand_units"]) for s in skus)
    check(abs(demand - k["units"]["mean"]) < 1e-6 * k["units"]["mean"],
          f"skus.csv's demand adds up to the units: {demand} against {k['units']['mean']}")
    lost = sum(float(s["lost_units"]) for s in skus)
    check(abs(lost - k["lost_units"]["mean"]) < 1e-6 * max(1, k["lost_units"]["mean"]),
          f"skus.csv's lost units add up to lost_units: {lost} against {k['lost_units']['mean']}")
    return doc, orders, k


KEY = ("arrival", "zone", "sku", "units", "prime", "lines")


def replay_round_trip(tmp, doc, orders, drawn):
    replayed = dict(doc, name="multi-replayed")
    replayed["demand"] = dict(doc["demand"], replay={"file": "multi/orders.csv"})
    r = run(["run", write(tmp, "multi-replayed", replayed), "--orders", "-o", "multi-replayed"], tmp)
    check(r.returncode == 0, f"replaying a multi-line orders.csv: {r.stderr}")
    first = [tuple(o[k] for k in KEY) for o in orders if o["replication"] == "1"]
    again = rows(os.path.join(tmp, "multi-replayed/orders.csv"))
    for rep in ("1", "2"):
        mine = [tuple(o[k] for k in KEY) for o in again if o["replication"] == rep]
        check(mine == first, f"replication {rep} replays replication 1's arrivals, zones, lines and Prime flags "
                             f"({len(mine)} orders against {len(first)})")
    # Every other draw is keyed by the order's number: replication 1 is the drawn run's.
    k = summary(os.path.join(tmp, "multi-replayed/summary.json"))
    differ = [key for key in drawn if drawn[key]["values"][0] != k[key]["values"][0]]
    check(differ == [], f"replication 1's KPIs are those of the drawn run: differ in {differ}")


def trace_shows_lines(tmp, orders):
    wide = [o for o in orders if o["replication"] == "1" and int(o["lines"]) >= 3]
    check(wide, "the run has an order of three lines or more")
    if not wide:
        return
    o = wide[0]
    skus, units = split_line(o)
    r = run(["trace", "multi.json", "--order", o["order"]], tmp)
    check(r.returncode == 0, f"trace --order {o['order']}: {r.stderr}")
    head = r.stdout.splitlines()[1] if len(r.stdout.splitlines()) > 1 else ""
    want = ", ".join(f"{u} x {s}" for s, u in zip(skus, units))
    check(head.strip().startswith(want + " for zone " + o["zone"]), f"the trace's header lists every line ({want}): {head!r}")
    arrival = f"{len(skus)} lines: " + ", ".join(f"{u} unit{'s' if u > 1 else ''} of {s}" for s, u in zip(skus, units))
    check(arrival in r.stdout, f"the arrival event lists every line ({arrival}):\n{r.stdout}")
    r = run(["trace", "multi.json", "--order", o["order"], "--json"], tmp)
    check(r.returncode == 0, f"trace --order {o['order']} --json: {r.stderr}")
    t = json.loads(r.stdout) if r.returncode == 0 else {}
    check(t.get("lines") == [{"sku": s, "units": u} for s, u in zip(skus, units)],
          f"trace --json lists the lines of orders.csv ({o['sku']} × {o['units']}): {t.get('lines')}")
    check(t.get("status") == o["status"] and (t.get("warehouse") or "") == o["warehouse"]
          and (t.get("promised_ship") or "") == o["promised_ship"],
          f"trace --json agrees with orders.csv on status, warehouse and promise: {t.get('status')}, "
          f"{t.get('warehouse')}, {t.get('promised_ship')} against {o['status']}, {o['warehouse']}, {o['promised_ship']}")
    for c in t.get("candidates", []):
        free = c.get("free")
        check(isinstance(free, dict) and sorted(free) == sorted(skus),
              f"candidate {c.get('warehouse')} shows what it had free of every line: {free}")


def both_unit_keys(tmp):
    doc = base()
    doc["demand"]["lines_per_order"] = LINES
    path = write(tmp, "both", doc)
    for command in (["validate", path], ["run", path, "-o", "both"]):
        r = run(command, tmp)
        check(r.returncode == 2, f"{command[0]} with units_per_order and lines_per_order: exit {r.returncode}, expected 2")
        check(f"{path}: /demand/units_per_order:" in r.stderr and "lines_per_order" in r.stderr,
              f"{command[0]} names /demand/units_per_order and lines_per_order: {r.stderr.strip()}")
    check(not os.path.exists(os.path.join(tmp, "both")), "nothing is written for a refused scenario")


with tempfile.TemporaryDirectory() as tmp:
    one_line_as_units_per_order(tmp)
    doc, orders, kpis = multi_line_rows(tmp)
    replay_round_trip(tmp, doc, orders, kpis)
    trace_shows_lines(tmp, orders)
    both_unit_keys(tmp)

sys.exit(finish("orders with several lines"))
