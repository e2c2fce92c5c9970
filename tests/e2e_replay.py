"""Replayed demand (SPEC R42): `run --orders` and then replaying its orders.csv gives the same
arrivals, zones, SKUs, units and Prime flags, and, since every other draw is keyed by the
order's number, the same KPIs; only the smallest replication is read; rows outside the
horizon are skipped with a warning; every bad row is an error `FILE:line N: ...`, exit 2,
nothing simulated; RFC 4180 quoting, columns in any order, extra columns ignored."""
import json
import os
import sys
import tempfile

from cli_check import check, finish, rows, run, source









def replaying(tmp, scenario, file_name, csv_file, **top):
    """Writes FILE_NAME.json: `scenario` with `top` overrides, replaying `csv_file`."""
    sc = dict(scenario, **top)
    sc["demand"] = dict(scenario["demand"], replay={"file": csv_file})
    with open(os.path.join(tmp, file_name + ".json"), "w") as f:
        json.dump(sc, f)


KEY = ("order", "arrival", "zone", "sku", "units", "prime")

with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(source, "scenarios/examples/suppliers-deliver.json")) as f:
        base = json.load(f)
    base.pop("$schema", None)
    base.update(horizon_days=10, warmup_days=0, replications=2)  # orders.csv holds measured orders
    base["demand"]["prime_share"] = 0.5
    drawn = os.path.join(tmp, "drawn.json")
    with open(drawn, "w") as f:
        json.dump(base, f)
    r = run(["run", drawn, "--orders", "-o", "drawn", "-j", "2"], tmp)
    check(r.returncode == 0, f"drawn run: {r.stderr}")
    original = rows(os.path.join(tmp, "drawn/orders.csv"))
    first = [o for o in original if o["replication"] == "1"]
    check(len(first) > 1000, f"the drawn run has orders ({len(first)})")

    # 1. Round trip: orders.csv replayed as it is.
    replaying(tmp, base, "replayed", "drawn/orders.csv", name="replayed")
    r = run(["run", "replayed.json", "--orders", "-o", "replayed", "-j", "2"], tmp)
    check(r.returncode == 0, f"replayed run: {r.stderr}")
    check(f"{len(first)} row(s) of drawn/orders.csv from replications after 1 were skipped" in r.stderr
          or f"row(s) of drawn/orders.csv from replications after 1 were skipped" in r.stderr,
          f"a warning counts the rows of replication 2: {r.stderr}")
    again = rows(os.path.join(tmp, "replayed/orders.csv"))
    for rep in ("1", "2"):
        mine = [tuple(o[k] for k in KEY) for o in again if o["replication"] == rep]
        check(mine == [tuple(o[k] for k in KEY) for o in first],
              f"replication {rep} replays replication 1's arrivals, zones, SKUs, units and Prime flags")
    with open(os.path.join(tmp, "drawn/summary.json")) as f:
        a = json.load(f)
    with open(os.path.join(tmp, "replayed/summary.json")) as f:
        b = json.load(f)
    ka, kb = a["kpis"], b["kpis"]
    # Replication 1's draws are keyed by order number, so its KPIs are those of the drawn run;
    # both replications replay the same orders, so `orders` has no spread.
    check(kb["orders"]["mean"] == len(first) and kb["orders"]["ci95"][0] == kb["orders"]["ci95"][1],
          f"every replication replays {len(first)} orders: {kb['orders']}")
    same = [k for k in ("orders", "prime_orders") if ka[k]["values"][0] == kb[k]["values"][0]]
    check(same == ["orders", "prime_orders"], f"orders and prime_orders of replication 1 agree: {same}")
    diff = [k for k in ka if ka[k]["values"][0] != kb[k]["values"][0]]
    check(diff == [], f"replication 1's KPIs are those of the drawn run: differ in {diff}")

    # 2. A hand-written file: quoting, columns in any order, extra columns, seconds optional,
    # a row outside the horizon, an order of two rows of one SKU, prime left to the coin.
    hand = os.path.join(tmp, "hand.csv")
    with open(hand, "w", newline="") as f:
        f.write('note,units,sku,zone,arrival,order,prime\r\n'
                '"a, ""quoted"" note",2,LENS-KIT,SEA-METRO,2026-11-02T08:00,A,1\r\n'
                ',1,LENS-KIT,SEA-METRO,2026-11-02T08:00,A,1\r\n'
                ',1,TRIPOD,"TACOMA",2026-11-02T08:00:30,B,\r\n'
                '\r\n'
                ',3,TRIPOD,PORTLAND,2026-11-03T23:59:59,C,0\r\n'
                ',1,TRIPOD,PORTLAND,2026-12-30T10:00,D,0\r\n')
    one = dict(base, name="hand", replications=1)
    replaying(tmp, one, "hand", "hand.csv")
    r = run(["run", "hand.json", "--orders", "-o", "hand"], tmp)
    check(r.returncode == 0, f"hand-written replay runs: {r.stderr}")
    check("1 order(s) of hand.csv outside the horizon" in r.stderr, f"the December row is skipped with a warning: {r.stderr}")
    got = [(o["order"], o["arrival"], o["zone"], o["sku"], o["units"], o["prime"]) for o in rows(os.path.join(tmp, "hand/orders.csv"))]
    check(got[0] == ("0", "2026-11-02T08:00:00", "SEA-METRO", "LENS-KIT", "3", "1"), f"order A is one line of 3 units: {got}")
    check(got[1][:5] == ("1", "2026-11-02T08:00:30", "TACOMA", "TRIPOD", "1"), f"order B keeps its seconds: {got}")
    check(got[2] == ("2", "2026-11-03T23:59:59", "PORTLAND", "TRIPOD", "3", "0"), f"order C: {got}")
    check(len(got) == 3, f"three orders replayed: {got}")

    # 3. Every bad row is reported with FILE:line N, exit 2, nothing simulated.
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w") as f:
        f.write("arrival,zone,sku,units\n"
                "2026-11-02T08:00,SEA-METRO,LENS-KIT,1\n"
                "2026-11-02T09:00,NOWHERE,LENS-KIT,1\n"
                "2026-11-02T25:00,SEA-METRO,LENS-KIT,1\n"
                "2026-11-02T10:00,SEA-METRO,LENS-KIT,0\n"
                "2026-11-02T09:30,SEA-METRO,LENS-KIT,1\n"
                "2026-11-02T09:40,SEA-METRO,NO-SKU,1\n"
                "2026-11-02T09:50,SEA-METRO\n")
    replaying(tmp, one, "bad", "bad.csv")
    r = run(["run", "bad.json", "-o", "bad"], tmp)
    check(r.returncode == 2, f"bad rows: exit 2, got {r.returncode}")
    lines = [l for l in r.stderr.splitlines() if l.startswith("bad.csv:line ")]
    want = ["bad.csv:line 3: zone: unknown zone \"NOWHERE\"",
            "bad.csv:line 4: arrival: bad instant",
            "bad.csv:line 5: units: must be a whole number of at least 1, got \"0\"",
            "bad.csv:line 6: arrival 2026-11-02T09:30 is before that of the row above (line 5)",
            "bad.csv:line 7: sku: unknown SKU \"NO-SKU\"",
            "bad.csv:line 8: has 2 fields, the header has 4"]
    check(len(lines) == len(want) and all(l.startswith(w) for l, w in zip(lines, want)),
          f"one error per problem, in line order: {r.stderr}")
    check(not os.path.exists(os.path.join(tmp, "bad")), "nothing simulated, nothing written")

    # A missing file and a missing column are named too.
    replaying(tmp, one, "missing", "nowhere.csv")
    r = run(["validate", "missing.json"], tmp)
    check(r.returncode == 2 and "/demand/replay/file: cannot read \"nowhere.csv\"" in r.stderr, f"missing file: {r.stderr}")
    with open(os.path.join(tmp, "nocol.csv"), "w") as f:
        f.write("arrival,zone,units\n2026-11-02T08:00,SEA-METRO,1\n")
    replaying(tmp, one, "nocol", "nocol.csv")
    r = run(["validate", "nocol.json"], tmp)
    check(r.returncode == 2 and "nocol.csv:line 1: has no column \"sku\"" in r.stderr, f"missing column: {r.stderr}")
    # Rows of one order must be consecutive and agree.
    with open(os.path.join(tmp, "split.csv"), "w") as f:
        f.write("order,arrival,zone,sku,units\n"
                "7,2026-11-02T08:00,SEA-METRO,LENS-KIT,1\n"
                "8,2026-11-02T08:05,SEA-METRO,LENS-KIT,1\n"
                "7,2026-11-02T08:10,SEA-METRO,LENS-KIT,1\n"
                "9,2026-11-02T08:20,SEA-METRO,LENS-KIT,1\n"
                "9,2026-11-02T08:20,TACOMA,LENS-KIT,1\n")
    replaying(tmp, one, "split", "split.csv")
    r = run(["validate", "split.json"], tmp)
    check(r.returncode == 2 and "split.csv:line 4: order \"7\" also has rows on line 2" in r.stderr
          and "split.csv:line 6: order \"9\" has another zone than on line 5" in r.stderr, f"order rows: {r.stderr}")

sys.exit(finish("replayed orders"))
