"""`milkrun trace` end to end (SPEC §7): the facts of an order's trace agree with its orders.csv
row, for an on-time order, a late order of each cause, a lost order and a backorder; a pair's
timeline keeps its free stock consistent and its spells agree with skus.csv; bad requests exit 2.
"""
import csv
import json
import os
import re
import sys
import tempfile

from cli_check import check, failures, milkrun, run, source

default = os.path.join(source, "scenarios", "default.json")
# Backorders promised with no slack, so that some are late for want of stock.
BACKORDER = ["--set", '/demand/on_stockout="backorder"', "--set", "/demand/backorder_ship_days=0"]


def trace(args, cwd):
    out = run(["trace", default, "--json"] + args, cwd)
    check(out.returncode == 0, f"trace {' '.join(args)} exits 0 ({out.stderr})")
    return json.loads(out.stdout) if out.returncode == 0 else None


def orders_of(directory):
    with open(os.path.join(directory, "orders.csv")) as f:
        return list(csv.DictReader(f))


def agrees(row, t, what):
    """The trace says what orders.csv says of the order."""
    facts = {
        "arrival": t["arrival"], "zone": t["zone"], "sku": t["lines"][0]["sku"], "units": str(t["lines"][0]["units"]),
        "prime": "1" if t["prime"] else "0", "warehouse": t["warehouse"] or "", "status": t["status"],
        "promised_ship": t["promised_ship"] or "", "promised_delivery": t["promised_delivery"] or "",
        "shipped": t["shipped"] or "", "delivered": t["delivered"] or "",
        "late_shipment": "1" if t["late_shipment"] else "0", "late_delivery": "1" if t["late_delivery"] else "0",
        "cause": t["cause"] or "", "upstream_cause": t["upstream_cause"] or "",
    }
    if row["status"] != "delivered":  # orders.csv leaves what does not apply empty
        for key in ("shipped", "delivered"):
            facts[key] = ""
    if row["status"] == "lost":
        for key in ("warehouse", "promised_ship", "promised_delivery"):
            facts[key] = ""
    for key, value in facts.items():
        check(row[key] == value, f"{what}: trace {key} {value!r} = orders.csv {row[key]!r}")
    check(t["measured"], f"{what}: a measured order says so")
    chosen = [c["warehouse"] for c in t["candidates"] if c["chosen"]]
    if row["status"] == "lost" or row["upstream_cause"]:
        check(chosen == [], f"{what}: no warehouse had the units, none is chosen")
    else:
        check(chosen == [row["warehouse"]], f"{what}: the chosen candidate is where it shipped from")
    for c in t["candidates"]:
        check(c["why"], f"{what}: candidate {c['warehouse']} says why")


def free_chain(events):
    """(free before, free after) of each event that changes free stock."""
    out = []
    for e in events:
        m = re.search(r"free (\d+) -> (\d+)", e["detail"])
        if m:
            out.append((int(m.group(1)), int(m.group(2))))
    return out


with tempfile.TemporaryDirectory() as tmp:
    for name, extra in (("lost", []), ("backorder", BACKORDER)):
        out = run(["run", default, "-r", "1", "--orders", "-o", name] + extra, tmp)
        check(out.returncode == 0, f"run {name} ({out.stderr})")
    rows = orders_of(os.path.join(tmp, "lost"))
    back_rows = orders_of(os.path.join(tmp, "backorder"))

    picks = {
        "on-time order": next(r for r in rows if r["status"] == "delivered" and r["late_delivery"] == "0"),
        "lost order": next(r for r in rows if r["status"] == "lost"),
    }
    for cause in ("pick_backlog", "carrier_delay", "other"):
        late = [r for r in rows if r["cause"] == cause]
        if late:
            picks[f"late order ({cause})"] = late[len(late) // 2]
    check("late order (pick_backlog)" in picks and "late order (carrier_delay)" in picks,
          "the default scenario has late orders of pick_backlog and carrier_delay")
    for what, row in picks.items():
        t = trace(["--order", row["order"]], tmp)
        if t:
            agrees(row, t, what)
            if row["status"] == "lost":
                check(t["spell"] is None or t["spell"]["cause"] == row["upstream_cause"],
                      "a lost order's spell has its upstream cause")
                check(any(e["event"] == "lost" for e in t["events"]), "a lost order's events say it was lost")
            else:
                s = t["shipments"][0]
                check(s["pick_join"] <= s["pick_start"] <= s["pick_end"] <= s["shipped"], f"{what}: pick/pack then ship, in order")
                if row["cause"] == "carrier_delay":
                    check(s["delay_days"] > 0, f"{what}: a carrier delay shows its days")

    backorders = [r for r in back_rows if r["upstream_cause"] and r["status"] == "delivered" and r["cause"] != "stockout"]
    late_stockout = [r for r in back_rows if r["cause"] == "stockout" and r["status"] == "delivered"]
    check(backorders and late_stockout, "with backorders, some orders wait for stock and some are late for it")
    for what, row in (("backorder", backorders[0] if backorders else None),
                      ("late order (stockout)", late_stockout[-1] if late_stockout else None)):
        if row is None:
            continue
        t = trace(["--order", row["order"]] + BACKORDER, tmp)
        if t:
            agrees(row, t, what)
            check(t["spell"] is not None and t["spell"]["cause"] == row["upstream_cause"],
                  f"{what}: the spell it waited on has its upstream cause")
            check(t["spell"] is not None and t["spell"]["end"] is not None and t["spell"]["start"] <= t["arrival"] <= t["spell"]["end"],
                  f"{what}: it arrived during the spell, which ended when stock came in")
            check(any(e["event"] == "stock" for e in t["events"]), f"{what}: its units came in")

    # A warm-up order can be traced too, and says it is not measured.
    t = trace(["--order", "0"], tmp)
    check(t is not None and t["measured"] is False and t["order"] == 0, "order 0 is a warm-up order, not measured")

    # A pair's timeline: free stock moves continuously, and its spells are skus.csv's events.
    with open(os.path.join(tmp, "lost", "skus.csv")) as f:
        skus = list(csv.DictReader(f))
    pair = max(skus, key=lambda r: float(r["stockout_days"]))
    p = trace(["--sku", pair["sku"], "--warehouse", pair["warehouse"]], tmp)
    if p:
        chain = free_chain(p["events"])
        check(len(chain) > 10, "the pair's free stock changes many times")
        check(all(a[1] == b[0] for a, b in zip(chain, chain[1:])), "each change starts where the previous one left free stock")
        for s in p["spells"]:
            check(s["cause"] in ("receiving_backlog", "missed_pickup", "truck_full", "supplier_late", "policy"),
                  f"spell at {s['start']} has a cause")
            check(s["detail"], f"spell at {s['start']} says why")
        stockouts = [e for e in p["events"] if e["event"] == "stockout"]
        check(len(stockouts) >= 1, "the pair's stockouts are events of its timeline")
        # The window is [2026-11-09, 2026-12-14); a spell open at its start is no event (R36).
        in_window = [s for s in p["spells"] if "2026-11-09T00:00:01" <= s["start"] < "2026-12-14"]
        by_cause = {}
        for s in in_window:
            by_cause[s["cause"]] = by_cause.get(s["cause"], 0) + 1
        for cause, n in by_cause.items():
            check(float(pair[f"stockout_events.{cause}"]) == n, f"skus.csv counts {n} {cause} spells of {pair['sku']}")

    # Text output, and the same trace twice is the same.
    a = run(["trace", default, "--order", picks["lost order"]["order"]], tmp)
    b = run(["trace", default, "--order", picks["lost order"]["order"]], tmp)
    check(a.returncode == 0 and a.stdout == b.stdout and "upstream cause" in a.stdout, "text trace is deterministic and names the cause")

    # Bad requests: exit 2 and say why.
    for args, words in ((["--order", "99999999"], "does not exist"),
                        (["--sku", "NOPE", "--warehouse", pair["warehouse"]], "unknown SKU"),
                        (["--sku", pair["sku"][:-1], "--warehouse", pair["warehouse"]], "did you mean"),
                        (["--sku", pair["sku"]], "--warehouse"),
                        (["--sku", "", "--warehouse", pair["warehouse"]], "--sku: must not be empty"),
                        (["--sku", pair["sku"], "--warehouse", ""], "--warehouse: must not be empty"),
                        (["--order", "1", "--sku", pair["sku"], "--warehouse", pair["warehouse"]], "either"),
                        ([], "either")):
        out = run(["trace", default] + args, tmp)
        check(out.returncode == 2 and words in out.stderr, f"trace {' '.join(args)} exits 2 saying {words!r} ({out.stderr.strip()})")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("trace: all checks passed")
