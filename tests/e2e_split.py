"""Split shipments (SPEC R41), by hand: recorded orders replayed through two warehouses whose
stock no single one covers. The split's choice and its ties, the order's promise (the latest
of its shipments'), lateness when one shipment of two is late, lost lines and lost orders,
a backordered line waiting at its SKU's nearest stocking warehouse, the same orders without
split, and a seller's lost line making its order a defect of that seller (R24). Then `compare` of split against no split on a network with several lines per
order, and the conservation laws over orders.csv."""
import csv
import json
import os
import sys
import tempfile

from cli_check import check, finish, kpi_means as kpis, milkrun, rows, run, source


# W1 is 10 km from the zone (1 transit day), W2 290 km (2 days); both depart at 18:00 with no
# pick SLA. W1 packs an order in a minute; W2's one station takes 4 hours. Stock is never
# replenished (no policy): W1 holds A 10 and B 0, W2 holds B 10 and C 10.
NETWORK = {
    "milkrun": 1, "name": "split-by-hand", "start": "2026-11-02", "horizon_days": 10, "warmup_days": 0,
    "seed": 3, "replications": 1,
    "distances": {"mode": "euclidean"},
    "carrier": {"transit_days": [{"max_km": 100, "days": 1}, {"days": 2}]},
    "warehouses": [
        {"id": "W1", "location": {"x": 0, "y": 0}, "pick_pack": {"stations": 1, "time_per_order": "1min"},
         "departures": ["18:00"]},
        {"id": "W2", "location": {"x": 300, "y": 0}, "pick_pack": {"stations": 1, "time_per_order": "4h"},
         "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"x": 10, "y": 0}}],
    "suppliers": [{"id": "V1", "location": {"x": 0, "y": 5}, "lead_time": "2d"}],
    "skus": [
        {"id": "A", "source": {"supplier": "V1"}, "orders_per_day": 1, "stock": {"W1": {"initial": 10}}},
        {"id": "B", "source": {"supplier": "V1"}, "orders_per_day": 1,
         "stock": {"W1": {"initial": 0}, "W2": {"initial": 10}}},
        {"id": "C", "source": {"supplier": "V1"}, "orders_per_day": 1, "stock": {"W2": {"initial": 10}}}],
    "demand": {"split": True, "replay": {"file": "orders.csv"}},
}

RECORDED = """order,arrival,zone,sku,units
1,2026-11-02T08:00,Z1,A,1
1,2026-11-02T08:00,Z1,B,1
2,2026-11-02T08:10,Z1,A,1
2,2026-11-02T08:10,Z1,B,1
2,2026-11-02T08:10,Z1,C,1
3,2026-11-02T08:20,Z1,B,1
3,2026-11-02T08:20,Z1,A,1
4,2026-11-02T09:00,Z1,A,1
4,2026-11-02T09:00,Z1,B,20
5,2026-11-02T09:30,Z1,B,50
5,2026-11-02T09:30,Z1,C,50
"""


def scenario(tmp, name, **demand):
    sc = json.loads(json.dumps(NETWORK))
    sc["name"] = name
    sc["demand"].update(demand)
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(sc, f)
    return path


def by_hand(tmp):
    with open(os.path.join(tmp, "orders.csv"), "w") as f:
        f.write(RECORDED)

    # Split, lost lines lost.
    r = run(["run", scenario(tmp, "split"), "--orders", "-o", "split"], tmp)
    check(r.returncode == 0, f"split run: {r.stderr}")
    got = {o["order"]: o for o in rows(os.path.join(tmp, "split/orders.csv"))}
    # Replayed orders are numbered from 0 in arrival order.
    o1, o2, o3, o4, o5 = (got[str(k)] for k in range(5))
    # 1: W1 covers A, W2 covers B: one line each, W1's promise (Tue) beats W2's (Wed).
    check(o1["warehouse"] == "W1;W2", f"order 1 goes to W1 then W2 (tie on lines, W1's promise first): {o1['warehouse']}")
    check(o1["promised_ship"] == "2026-11-02T18:00:00;2026-11-02T18:00:00", f"order 1 promised ships: {o1['promised_ship']}")
    check(o1["promised_delivery"] == "2026-11-04", f"order 1's promise is its later shipment's, Wed 11-04: {o1['promised_delivery']}")
    check(o1["delivered"] == "2026-11-03;2026-11-04", f"order 1's shipments are delivered Tue and Wed: {o1['delivered']}")
    check(o1["shipped"] == "2026-11-02T18:00:00;2026-11-02T18:00:00", f"order 1 ships Monday 18:00 twice: {o1['shipped']}")
    check((o1["late_delivery"], o1["late_shipment"], o1["status"]) == ("0", "0", "delivered"), "order 1 is on time")
    # 2: W2 covers B and C (two lines) and takes them first although W1 promises sooner.
    check(o2["warehouse"] == "W2;W1", f"order 2: the warehouse covering most lines first: {o2['warehouse']}")
    check(o2["sku"] == "A;B;C" and o2["units"] == "1;1;1" and o2["lines"] == "3", "order 2's lines joined in line order")
    check(o2["pick_start"] == "2026-11-02T12:00:00;2026-11-02T08:10:00",
          f"order 2's W2 shipment waits for W2's station (busy with order 1 until 12:00): {o2['pick_start']}")
    check(o2["promised_delivery"] == "2026-11-04" and o2["late_delivery"] == "0", "order 2 is on time")
    # 3: W2's part is packed 16:00-20:00, misses Monday 18:00, leaves Tuesday 18:00 and is
    # delivered Thursday, a day after the order's promise: late, for the pick backlog.
    check(o3["warehouse"] == "W1;W2", f"order 3 (lines B, A): W1 first on the tie: {o3['warehouse']}")
    check(o3["pick_end"] == "2026-11-02T08:21:00;2026-11-02T20:00:00", f"order 3 packed: {o3['pick_end']}")
    check(o3["shipped"] == "2026-11-02T18:00:00;2026-11-03T18:00:00", f"order 3's W2 part ships Tuesday: {o3['shipped']}")
    check(o3["delivered"] == "2026-11-03;2026-11-05", f"order 3 delivered: {o3['delivered']}")
    check((o3["late_shipment"], o3["late_delivery"], o3["cause"], o3["days_late"]) == ("1", "1", "pick_backlog", "1"),
          f"order 3: one shipment of two late: late shipment and delivery, pick backlog, 1 day: "
          f"{o3['late_shipment']} {o3['late_delivery']} {o3['cause']} {o3['days_late']}")
    # 4: W1 covers A; no warehouse has 20 B (W2 has 7 left): B's 20 units are lost, the order is not.
    check(o4["warehouse"] == "W1" and o4["status"] == "delivered", f"order 4: one shipment from W1: {o4['warehouse']} {o4['status']}")
    check(o4["promised_delivery"] == "2026-11-03", f"order 4's promise is W1's: {o4['promised_delivery']}")
    # 5: nothing covered: lost whole.
    check(o5["status"] == "lost" and o5["warehouse"] == "", f"order 5 is lost: {o5['status']}")
    k = kpis(tmp, "split")
    expected = {"orders": 5, "lines": 11, "units": 128, "lost_orders": 1, "lost_units": 120, "split_orders": 3,
                "shipments": 7, "shipments_per_order": 7 / 4, "late_deliveries": 1, "late_shipments": 1,
                "late_by_cause.pick_backlog": 1, "delivered_orders": 4, "fill_rate": 8 / 128,
                # W2's jobs wait 0, 3 h 50 min and 7 h 40 min; W1's four none: 11.5 h over 7 jobs.
                "pick_wait_hours_mean": 11.5 / 7}
    for key, want in expected.items():
        check(abs(k[key] - want) < 1e-9, f"split {key}: {k[key]} (by hand {want})")

    # Without split the same orders: 1, 2 and 3 have no warehouse covering every line.
    r = run(["run", scenario(tmp, "whole", split=False), "--orders", "-o", "whole"], tmp)
    check(r.returncode == 0, f"whole run: {r.stderr}")
    whole = {o["order"]: o for o in rows(os.path.join(tmp, "whole/orders.csv"))}
    check([whole[str(i)]["status"] for i in range(5)] == ["lost"] * 5, "without split every order is lost (none is covered whole)")
    k = kpis(tmp, "whole")
    for key, want in {"lost_orders": 5, "lost_units": 128, "shipments": 0, "split_orders": 0, "lines": 11}.items():
        check(k[key] == want, f"whole {key}: {k[key]} (by hand {want})")

    # Split with backorders: order 4's 20 B wait at B's nearest stocking warehouse, W1, with
    # its A: one shipment that never gets its stock (B is never replenished).
    r = run(["run", scenario(tmp, "wait", on_stockout="backorder"), "--orders", "-o", "wait"], tmp)
    check(r.returncode == 0, f"backorder run: {r.stderr}")
    wait = {o["order"]: o for o in rows(os.path.join(tmp, "wait/orders.csv"))}
    o4 = wait["3"]
    check(o4["warehouse"] == "W1" and o4["status"] == "undelivered" and o4["cause"] == "stockout",
          f"order 4 waits whole at W1 and is undelivered for want of stock: {o4['warehouse']} {o4['status']} {o4['cause']}")
    o5 = wait["4"]
    check(o5["warehouse"] == "W1;W2",
          f"order 5's lines wait at their own nearest stocking warehouses (B at W1, C at W2): {o5['warehouse']}")
    k = kpis(tmp, "wait")
    check(k["lost_orders"] == 0 and k["lost_units"] == 0 and k["backorders"] == 2,
          f"with backorders nothing is lost and two orders wait: {k['lost_orders']} {k['lost_units']} {k['backorders']}")

    # trace shows the split (order 1 is the second recorded, numbered from 0), each line and
    # each shipment, in time order.
    r = run(["trace", scenario(tmp, "split"), "--order", "1"], tmp)
    check(r.returncode == 0 and "W2 reserves B, C; W1 reserves A" in r.stdout and "in 2 shipments from W1, W2" not in r.stdout
          and "1 x A, 1 x B, 1 x C" in r.stdout, f"trace --order 1 shows the split: {r.stdout[:900]} {r.stderr}")
    r = run(["trace", scenario(tmp, "split"), "--order", "2", "--json"], tmp)
    t = json.loads(r.stdout) if r.returncode == 0 else {}
    check([s["warehouse"] for s in t.get("shipments", [])] == ["W1", "W2"] and t.get("cause") == "pick_backlog"
          and t.get("delivered") == "2026-11-05" and len(t.get("lines", [])) == 2,
          f"trace --order 2 --json: both shipments, the late one's cause, the last delivery: {r.stdout[:300]} {r.stderr}")
    times = [e["at"] for e in t.get("events", [])]
    check(times == sorted(times), "the trace's events are in time order")


def conservation(path, label):
    """Per replication: the orders and lines of orders.csv add up to the KPIs."""
    per = {}
    for o in rows(os.path.join(path, "orders.csv")):
        c = per.setdefault(o["replication"], {"orders": 0, "units": 0, "lines": 0, "lost_orders": 0, "shipments": 0,
                                              "split_orders": 0, "late_deliveries": 0, "late_shipments": 0})
        units = [int(u) for u in o["units"].split(";")]
        check(len(units) == len(o["sku"].split(";")) == int(o["lines"]), f"{label}: order {o['order']}'s lines agree")
        c["orders"] += 1
        c["units"] += sum(units)
        c["lines"] += int(o["lines"])
        if o["status"] == "lost":
            c["lost_orders"] += 1
        else:
            n = len(o["warehouse"].split(";"))
            c["shipments"] += n
            c["split_orders"] += n >= 2
        c["late_deliveries"] += o["late_delivery"] == "1"
        c["late_shipments"] += o["late_shipment"] == "1"
    with open(os.path.join(path, "summary.json")) as f:
        summary = json.load(f)["kpis"]
    for key in next(iter(per.values())):
        got = [per[r][key] for r in sorted(per, key=int)]
        check(got == summary[key]["values"], f"{label}: orders.csv {key} {got} = summary {summary[key]['values']}")


def against_no_split(tmp):
    with open(os.path.join(source, "scenarios/golden/pnw.json")) as f:
        sc = json.load(f)
    sc.pop("$schema", None)
    sc["demand"]["units_per_line"] = sc["demand"].pop("units_per_order")
    sc["demand"]["lines_per_order"] = {"dist": "discrete", "values": [1, 2, 3, 4], "weights": [4, 3, 2, 1]}
    sc["replications"] = 4
    base = os.path.join(tmp, "lines.json")
    with open(base, "w") as f:
        json.dump(sc, f)
    r = run(["compare", base, base, "--set", "/demand/split=true", "-o", "cmp", "-j", "2"], tmp)
    check(r.returncode == 0, f"compare split against no split: {r.stderr}")
    with open(os.path.join(tmp, "cmp/compare.json")) as f:
        c = json.load(f)["kpis"]
    check(c["lost_orders"]["verdict"] == "better", f"split loses fewer orders: {c['lost_orders']}")
    check(c["fill_rate"]["verdict"] == "better", f"split fills more units: {c['fill_rate']}")
    check(c["split_orders"]["base"]["mean"] == 0 and c["split_orders"]["variant"]["mean"] > 0, "only the variant splits")
    check(c["shipments_per_order"]["verdict"] == "higher", f"split ships more per order: {c['shipments_per_order']}")
    for mode in ("lost", "backorder"):
        for split in ("false", "true"):
            out = f"run-{mode}-{split}"
            r = run(["run", base, "-r", "2", "--orders", "-o", out, "--set", f"/demand/split={split}",
                     "--set", f'/demand/on_stockout="{mode}"'], tmp)
            check(r.returncode == 0, f"{out}: {r.stderr}")
            conservation(os.path.join(tmp, out), out)


def seller_lost_line(tmp):
    """R24 with R41: an order whose seller line is lost is a defect of that seller even when its
    other line is delivered on time; a seller line served on time is none."""
    sc = json.loads(json.dumps(NETWORK))
    sc["name"] = "split-seller"
    sc["demand"]["replay"] = {"file": "seller-orders.csv"}
    # The seller reviews on Sundays only: nothing it sends arrives during the orders below.
    sc["sellers"] = [{"id": "S1", "location": {"x": 50, "y": 0}, "review": {"days": "Sun", "time": "09:00"},
                      "cover_days": 7, "carton_units": 1, "transit": "1d"}]
    sc["skus"].append({"id": "S", "source": {"seller": "S1"}, "orders_per_day": 1, "stock": {"W2": {"initial": 1}}})
    with open(os.path.join(tmp, "seller-orders.csv"), "w") as f:
        # Order 1: A from W1, S from W2 (its one unit): both on time. Order 2: A from W1, S none
        # left: S lost, A on time. Order 3: A alone: no seller line.
        f.write("order,arrival,zone,sku,units\n1,2026-11-02T08:00,Z1,A,1\n1,2026-11-02T08:00,Z1,S,1\n"
                "2,2026-11-02T09:00,Z1,A,1\n2,2026-11-02T09:00,Z1,S,1\n3,2026-11-02T10:00,Z1,A,1\n")
    path = os.path.join(tmp, "split-seller.json")
    with open(path, "w") as f:
        json.dump(sc, f)
    r = run(["run", path, "--orders", "-o", "split-seller"], tmp)
    check(r.returncode == 0, f"split-seller run: {r.stderr}")
    got = {o["order"]: o for o in rows(os.path.join(tmp, "split-seller/orders.csv"))}
    check((got["0"]["warehouse"], got["0"]["late_delivery"]) == ("W1;W2", "0"), f"order 1 split, on time: {got['0']['warehouse']}")
    check((got["1"]["warehouse"], got["1"]["status"], got["1"]["late_delivery"]) == ("W1", "delivered", "0"),
          f"order 2: its A delivered on time, its S lost: {got['1']['warehouse']} {got['1']['status']}")
    with open(os.path.join(tmp, "split-seller/summary.json")) as f:
        seller = {k: v["mean"] for k, v in json.load(f)["sellers"]["S1"]["kpis"].items()}
    check((seller["orders"], seller["late_or_lost_orders"], seller["lost_units"]) == (2, 1, 1),
          f"S1: 2 orders, 1 defect (order 2's lost line), 1 lost unit: {seller}")
    check(abs(seller["defect_rate"] - 0.5) < 1e-12, f"S1's defect rate is 1/2: {seller['defect_rate']}")


with tempfile.TemporaryDirectory() as tmp:
    by_hand(tmp)
    against_no_split(tmp)
    seller_lost_line(tmp)

sys.exit(finish("split shipments"))
