"""tools/bench (SPEC §9): on a small scenario it prints the table, writes the JSON with every
figure, counts the orders the run simulated, and refuses an unknown scenario."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

MILKRUN = sys.argv[1]
SOURCE = pathlib.Path(os.environ.get("MILKRUN_SOURCE", pathlib.Path(__file__).resolve().parent.parent))
BENCH = SOURCE / "tools" / "bench"
SCENARIO = SOURCE / "scenarios" / "examples" / "milk-run-twice-a-week.json"
FAILED = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILED.append(what)


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "bench.json")
    p = subprocess.run([sys.executable, str(BENCH), str(SCENARIO), "--binary", MILKRUN, "--repeat", "3", "--json", out],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"tools/bench runs ({p.stderr[-300:]!r})")
    check("| scenario | orders | events | load s |" in p.stdout and "| milk-run-twice-a-week |" in p.stdout,
          "prints the table with a row for the scenario")
    report = json.load(open(out)) if os.path.exists(out) else {"scenarios": []}
    rows = report["scenarios"]
    check(len(rows) == 1, "one row in the JSON")
    if rows:
        r = rows[0]
        keys = ("orders", "events", "measured_orders", "load_s", "parse_s", "build_s", "simulate_s", "write_s",
                "wall_s", "orders_per_s", "events_per_s", "peak_rss_mb")
        check(all(k in r for k in keys), f"every figure is there: {sorted(r)}")
        check(len(r["wall_s_all"]) == 3 and r["wall_s"] == sorted(r["wall_s_all"])[1], "--repeat 3 keeps the median run")
        # The orders simulated are those of the run: the same as `run --timings` says.
        t = subprocess.run([MILKRUN, "run", str(SCENARIO), "-r", "1", "-j", "1", "--timings", "-o",
                            os.path.join(tmp, "run")], capture_output=True, text=True)
        line = [l for l in t.stderr.splitlines() if l.startswith("timings: ")]
        timings = json.loads(line[0][len("timings: "):]) if line else {}
        check(r["orders"] == timings.get("orders") and r["orders"] > r["measured_orders"] > 0,
              f"orders {r['orders']} (warm-up included) and measured {r['measured_orders']}")
        check(abs(r["orders_per_s"] - r["orders"] / r["wall_s"]) < 1e-6 * r["orders_per_s"], "orders/s over the whole process")
        check(r["peak_rss_mb"] > 1 and r["load_s"] <= r["wall_s"], "memory and phases are sane")
    bad = subprocess.run([sys.executable, str(BENCH), "no-such-scenario", "--binary", MILKRUN, "--json", out],
                         capture_output=True, text=True)
    check(bad.returncode == 2 and "no-such-scenario: no such scenario" in bad.stderr, "an unknown scenario is refused")

print(f"{len(FAILED)} failures")
sys.exit(1 if FAILED else 0)
