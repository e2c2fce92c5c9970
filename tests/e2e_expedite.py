"""Expedite to keep the promise (SPEC R43), by hand and by its laws.

By hand: recorded orders replayed through two expediting warehouses whose stock runs out;
the choice of warehouse (promise order, then the daily cap), the promise an expedited order
keeps, its lateness and cause, the cost, a multi-line order expedited whole before any split,
and one that the cap sends on to a split. `daily.csv` shows the units bought per day, and
`trace` shows an expedited order.

By its laws: with premium 0 and no cap no order is lost and every order KPI that pick/pack and
the carrier decide equals that of the same network with ample stock (same random numbers);
with a cap of C units a day, the units bought never pass C on any day; the conservation of
units with expedited orders; and `compare` against the same network without expedite."""
import json
import os
import sys
import tempfile

from cli_check import check, finish, kpi_means as kpis, rows, run, write_json as write

# W1 is 10 km from the zone (1 transit day), W2 290 km (2 days); both depart at 18:00 with no
# pick SLA and pack an order in a minute. Nothing is replenished (no policy). W1 holds A 2 and
# C 1 and expedites in a day at 5 a unit, at most 3 units a day; W2 holds A 0 and B 5 and
# expedites in 2 hours at 1 a unit, without a cap.
NETWORK = {
    "milkrun": 1, "name": "expedite-by-hand", "start": "2026-11-02", "horizon_days": 10, "warmup_days": 0,
    "seed": 3, "replications": 1,
    "distances": {"mode": "euclidean"},
    "carrier": {"transit_days": [{"max_km": 100, "days": 1}, {"days": 2}]},
    "warehouses": [
        {"id": "W1", "location": {"x": 0, "y": 0}, "pick_pack": {"stations": 1, "time_per_order": "1min"},
         "departures": ["18:00"], "expedite": {"lead_time": "1d", "premium_per_unit": 5, "max_units_per_day": 3}},
        {"id": "W2", "location": {"x": 300, "y": 0}, "pick_pack": {"stations": 1, "time_per_order": "1min"},
         "departures": ["18:00"], "expedite": {"lead_time": "2h", "premium_per_unit": 1}}],
    "zones": [{"id": "Z1", "location": {"x": 10, "y": 0}}],
    "suppliers": [{"id": "V1", "location": {"x": 0, "y": 5}, "lead_time": "2d"}],
    "skus": [
        {"id": "A", "source": {"supplier": "V1"}, "orders_per_day": 1,
         "stock": {"W1": {"initial": 2}, "W2": {"initial": 0}}},
        {"id": "B", "source": {"supplier": "V1"}, "orders_per_day": 1, "stock": {"W2": {"initial": 5}}},
        {"id": "C", "source": {"supplier": "V1"}, "orders_per_day": 1, "stock": {"W1": {"initial": 1}}}],
    "demand": {"split": True, "replay": {"file": "orders.csv"}},
}

# Monday 11-02 and Tuesday 11-03.
RECORDED = """order,arrival,zone,sku,units
1,2026-11-02T08:00,Z1,A,1
2,2026-11-02T08:10,Z1,A,3
3,2026-11-02T08:20,Z1,A,2
4,2026-11-03T08:00,Z1,A,3
5,2026-11-03T09:00,Z1,A,1
5,2026-11-03T09:00,Z1,B,1
6,2026-11-03T09:30,Z1,A,1
6,2026-11-03T09:30,Z1,C,1
"""


def by_hand(tmp):
    with open(os.path.join(tmp, "orders.csv"), "w") as f:
        f.write(RECORDED)
    r = run(["run", write(tmp, "expedite", NETWORK), "--orders", "-o", "out"], tmp)
    check(r.returncode == 0, f"run: {r.stderr}")
    got = {o["order"]: o for o in rows(os.path.join(tmp, "out/orders.csv"))}
    o1, o2, o3, o4, o5, o6 = (got[str(k)] for k in range(6))
    # 1: W1 has A free: reserved there, nothing expedited.
    check((o1["warehouse"], o1["late_delivery"]) == ("W1", "0"), f"order 1 in stock at W1: {o1['warehouse']}")
    # 2: 3 A, none has them (W1 1, W2 0). W1's promise (Tue) beats W2's (Wed): W1 reserves its
    # 1 and buys 2 (2 of its 3 for Monday), which arrive Tue 08:10. Promised as if in stock:
    # ship Mon 18:00, deliver Tue; it ships Tue 18:00 and is delivered Wed: late, for stock.
    check(o2["warehouse"] == "W1", f"order 2: W1 first in promise order: {o2['warehouse']}")
    check((o2["promised_ship"], o2["promised_delivery"]) == ("2026-11-02T18:00:00", "2026-11-03"),
          f"order 2 keeps W1's in-stock promise: {o2['promised_ship']} {o2['promised_delivery']}")
    check((o2["pick_start"], o2["shipped"], o2["delivered"]) == ("2026-11-03T08:10:00", "2026-11-03T18:00:00", "2026-11-04"),
          f"order 2 waits a day for its bought units: {o2['pick_start']} {o2['shipped']} {o2['delivered']}")
    check((o2["status"], o2["late_shipment"], o2["late_delivery"], o2["cause"], o2["upstream_cause"]) ==
          ("delivered", "1", "1", "stockout", "policy"),
          f"order 2 is late for stock, upstream policy: {o2['late_delivery']} {o2['cause']} {o2['upstream_cause']}")
    # 3: 2 A: W1 lacks 2 but has 1 unit of Monday's cap left; W2 buys them, here at 10:20; its
    # own promise (deliver Wed) is kept.
    check(o3["warehouse"] == "W2", f"order 3: W1's cap is spent, W2 takes it: {o3['warehouse']}")
    check((o3["pick_start"], o3["shipped"], o3["delivered"], o3["promised_delivery"], o3["late_delivery"]) ==
          ("2026-11-02T10:20:00", "2026-11-02T18:00:00", "2026-11-04", "2026-11-04", "0"),
          f"order 3 on time from W2: {o3['pick_start']} {o3['delivered']} {o3['late_delivery']}")
    check(o3["rerouted"] == "1", "order 3 left from W2, not A's nearest stocking warehouse")
    check(o3["upstream_cause"] == "" and o3["cause"] == "", f"order 3, on time, carries no cause (R37): {o3['upstream_cause']!r}")
    # 4: Tuesday's cap is W1's again: it buys 3 (arriving Wed 08:00); promised Tue 18:00 / Wed,
    # shipped Wed 18:00, delivered Thu.
    check((o4["warehouse"], o4["delivered"], o4["late_delivery"], o4["cause"]) == ("W1", "2026-11-05", "1", "stockout"),
          f"order 4 from W1, a day late: {o4['warehouse']} {o4['delivered']} {o4['cause']}")
    # 5: A and B. Only W2 stocks both; it has B and lacks A: it takes the whole order (no
    # split), buying 1 A that arrives 11:00. Promised Tue 18:00 / Thu, kept.
    check((o5["warehouse"], o5["sku"], o5["lines"], o5["delivered"], o5["late_delivery"]) ==
          ("W2", "A;B", "2", "2026-11-05", "0"), f"order 5 expedited whole at W2: {o5['warehouse']} {o5['delivered']}")
    check(o5["pick_start"] == "2026-11-03T11:00:00", f"order 5 joins pick/pack when its A arrives: {o5['pick_start']}")
    # 6: A and C. Only W1 stocks both, and its Tuesday cap is spent: split. W1 takes C; no
    # warehouse has A free: the line is lost, the order is not.
    check((o6["warehouse"], o6["status"], o6["delivered"]) == ("W1", "delivered", "2026-11-04"),
          f"order 6 split, its C from W1: {o6['warehouse']} {o6['status']}")
    k = kpis(tmp, "out")
    expected = {"orders": 6, "lines": 8, "units": 13, "expedited_orders": 4, "expedited_units": 8,
                "cost.expedite": 2 * 5 + 2 * 1 + 3 * 5 + 1 * 1, "lost_orders": 0, "lost_units": 1,
                "fill_rate": 2 / 13, "late_deliveries": 2, "late_by_cause.stockout": 2, "on_time_rate": 4 / 6,
                "backorders": 0, "delivered_orders": 6, "shipments": 6, "split_orders": 0}
    for key, want in expected.items():
        check(abs(k[key] - want) < 1e-9, f"{key}: {k[key]} (by hand {want})")
    # R27: bought units are on hand from their arrival until they ship. Unit-hours over the
    # 240 h window: A at W1 2 x 8 h, 2 x 1/6 h, 2 x 59/6 h (orders 1 and 2 reserved), 1 x 24 h
    # (order 2's), 2 x 59/6 h (its bought units, Tue 08:10-18:00), 3 x 10 h (order 4's bought,
    # Wed); C at W1 1 x 42 h; B at W2 5 x 42 h then 4 x 198 h; A at W2 2 x 23/3 h (order 3's
    # bought, Mon 10:20-18:00) and 1 x 7 h (order 5's): 1,176 unit-hours, 4.9 units.
    check(abs(k["avg_on_hand_units"] - 1176 / 240) < 1e-9, f"avg_on_hand_units {k['avg_on_hand_units']} (by hand 4.9)")
    check(abs(k["cost.total"] - sum(k[c] for c in ["cost.transport", "cost.holding", "cost.lost_sales",
                                                   "cost.late_credits", "cost.expedite"])) < 1e-6,
          "cost.total includes cost.expedite")
    daily = {(d["date"], d["warehouse"]): int(d["expedited_units"]) for d in rows(os.path.join(tmp, "out/daily.csv"))}
    check(daily[("2026-11-02", "W1")] == 2 and daily[("2026-11-02", "W2")] == 2 and daily[("2026-11-03", "W1")] == 3
          and daily[("2026-11-03", "W2")] == 1 and sum(daily.values()) == 8, f"daily.csv expedited_units: {daily}")

    # Without expedite the same orders lose what no warehouse covers.
    plain = json.loads(json.dumps(NETWORK))
    for w in plain["warehouses"]:
        del w["expedite"]
    r = run(["run", write(tmp, "plain", plain), "-o", "plain"], tmp)
    p = kpis(tmp, "plain")
    check(p["expedited_orders"] == 0 and p["cost.expedite"] == 0 and p["lost_orders"] == 3 and p["lost_units"] == 9,
          f"without expedite orders 2, 3 and 4 are lost, and 5's A and 6's A: {p['lost_orders']} {p['lost_units']}")

    # The trace of order 2.
    r = run(["trace", write(tmp, "expedite", NETWORK), "--order", "1"], tmp)
    check(r.returncode == 0 and "expedite" in r.stdout and "(expedited: 2 units bought, arriving 2026-11-03T08:10" in r.stdout,
          f"trace shows the expedited order:\n{r.stdout}{r.stderr}")
    check("W1 reserves 1 free and buys 2 units (cost 10.00)" in r.stdout, f"trace names what was reserved and bought:\n{r.stdout}")
    check("only 1 units free, 3 needed; expedites: buys 2" in r.stdout, f"trace marks the expediting warehouse:\n{r.stdout}")
    r = run(["trace", write(tmp, "expedite", NETWORK), "--order", "2"], tmp)
    check(r.returncode == 0 and "(expedited: 2 units bought" in r.stdout and "upstream cause" not in r.stdout,
          f"trace of order 3, expedited on time, names no upstream cause:\n{r.stdout}")
    r = run(["trace", write(tmp, "expedite", NETWORK), "--order", "1", "--json"], tmp)
    t = json.loads(r.stdout) if r.returncode == 0 else {}
    check(t.get("expedited_units") == 2 and t.get("expedite_arrival") == "2026-11-03T08:10:00" and t.get("cause") == "stockout",
          f"trace --json: {t.get('expedited_units')} {t.get('expedite_arrival')} {t.get('cause')}")


# One warehouse, random demand, a policy that cannot keep up: stock runs out often.
RANDOM = {
    "milkrun": 1, "name": "expedite-laws", "start": "2026-11-02", "horizon_days": 21, "warmup_days": 3,
    "seed": 11, "replications": 3,
    "distances": {"mode": "euclidean"},
    "carrier": {"transit_days": [{"max_km": 100, "days": 1}, {"days": 2}],
                "delay": {"p": 0.1, "days": 1}},
    "warehouses": [
        {"id": "W1", "location": {"x": 0, "y": 0},
         "pick_pack": {"stations": 2, "time_per_order": {"dist": "exponential", "mean": "6min"}, "time_per_unit": "1min"},
         "departures": ["18:00"]}],
    "zones": [{"id": "Z1", "location": {"x": 10, "y": 0}}, {"id": "Z2", "location": {"x": 150, "y": 0}}],
    "suppliers": [{"id": "V1", "location": {"x": 0, "y": 5}, "lead_time": {"dist": "uniform", "min": "2d", "max": "6d"},
                   "review": {"days": "Mon,Thu", "time": "06:00"}}],
    "skus": [{"id": s, "source": {"supplier": "V1"}, "orders_per_day": rate,
              "stock": {"W1": {"initial": 30, "policy": {"type": "RS", "order_up_to": 60}}}}
             for s, rate in [("A", 20), ("B", 12), ("C", 6)]],
    "demand": {"units_per_order": {"dist": "discrete", "values": [1, 2, 3], "weights": [0.6, 0.3, 0.1]}},
}


def laws(tmp):
    free = json.loads(json.dumps(RANDOM))
    free["warehouses"][0]["expedite"] = {"lead_time": "0s", "premium_per_unit": 0}
    ample = json.loads(json.dumps(RANDOM))
    for s in ample["skus"]:
        s["stock"]["W1"] = {"initial": 1000000}
    r1 = run(["run", write(tmp, "free", free), "-o", "free"], tmp)
    r2 = run(["run", write(tmp, "ample", ample), "-o", "ample"], tmp)
    check(r1.returncode == 0 and r2.returncode == 0, f"runs: {r1.stderr} {r2.stderr}")
    f, a = kpis(tmp, "free"), kpis(tmp, "ample")
    check(f["lost_orders"] == 0 and f["lost_units"] == 0 and f["expedited_orders"] > 0,
          f"premium 0, no cap: nothing lost, {f['expedited_orders']} orders expedited")
    check(f["cost.expedite"] == 0, f"premium 0 costs nothing: {f['cost.expedite']}")
    for key in ["orders", "units", "on_time_rate", "late_deliveries", "late_shipments", "pick_wait_hours_mean",
                "fast_promise_rate", "delivered_orders"]:
        check(f[key] == a[key], f"{key} with free expedite equals ample stock's: {f[key]} vs {a[key]}")
    check(f["fill_rate"] < a["fill_rate"] == 1, f"expedited units are not filled from stock: {f['fill_rate']}")

    capped = json.loads(json.dumps(RANDOM))
    cap = 7
    capped["warehouses"][0]["expedite"] = {"lead_time": "12h", "premium_per_unit": 2.5, "max_units_per_day": cap}
    r = run(["run", write(tmp, "capped", capped), "-o", "capped"], tmp)
    check(r.returncode == 0, f"capped run: {r.stderr}")
    days = [int(d["expedited_units"]) for d in rows(os.path.join(tmp, "capped/daily.csv"))]
    check(max(days) <= cap, f"the cap of {cap} units a day holds on every day: max {max(days)}")
    check(days.count(cap) + days.count(cap - 1) >= 3, f"the cap binds on some days: {days}")
    c = kpis(tmp, "capped")
    check(c["lost_orders"] > 0 and c["expedited_orders"] > 0, f"capped: some orders still lost: {c['lost_orders']}")
    check(abs(c["cost.expedite"] - 2.5 * c["expedited_units"]) < 1e-6, f"cost.expedite = 2.5 x units: {c['cost.expedite']}")
    # compare shows the trade-off against lost sales and late credits.
    base = json.loads(json.dumps(RANDOM))
    base["costs"] = {"lost_sale_per_unit": 15, "late_credit_per_order": 5}
    var = json.loads(json.dumps(capped))
    var["costs"] = base["costs"]
    r = run(["compare", write(tmp, "base", base), write(tmp, "var", var), "-o", "cmp"], tmp)
    check(r.returncode == 0, f"compare: {r.stderr}")
    with open(os.path.join(tmp, "cmp", "compare.json")) as fh:
        cmp = json.load(fh)["kpis"]
    check(cmp["cost.expedite"]["variant"]["mean"] > 0 and cmp["cost.expedite"]["base"]["mean"] == 0,
          "compare: expedite costs in the variant only")
    check(cmp["cost.lost_sales"]["variant"]["mean"] < cmp["cost.lost_sales"]["base"]["mean"],
          "compare: expedite lowers lost sales")


with tempfile.TemporaryDirectory() as tmp:
    by_hand(tmp)
    laws(tmp)
sys.exit(finish("expedite"))
