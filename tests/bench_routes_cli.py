"""Route-planner quality through the product: every CVRPLIB instance in tests/cvrplib is
converted into a scenario (tests/cvrplib/to_scenario.py) and planned by `milkrun routes --json`;
prints km against the best known solution, the gap and the wall time of the whole command.
Usage: python3 tests/bench_routes_cli.py path/to/milkrun
"""
import json
import os
import subprocess
import sys
import tempfile
import time

milkrun = sys.argv[1]
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cvrplib")
bks = json.load(open(os.path.join(here, "bks.json")))["instances"]
gaps, worst = [], 0.0
print(f"{'instance':<12} {'customers':>9} {'bks':>7} {'milkrun':>8} {'gap %':>6} {'seconds':>8}")
with tempfile.TemporaryDirectory() as tmp:
    for name in sorted(bks):
        scenario = os.path.join(tmp, name + ".json")
        subprocess.run([sys.executable, os.path.join(here, "to_scenario.py"), os.path.join(here, name + ".vrp"),
                        "-o", scenario], check=True)
        start = time.perf_counter()
        out = subprocess.run([milkrun, "routes", scenario, "--json"], check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        km = json.loads(out.stdout)["total_km"]
        gap = 100.0 * (km - bks[name]["bks"]) / bks[name]["bks"]
        gaps.append(gap)
        worst = max(worst, seconds)
        print(f"{name:<12} {bks[name]['customers']:>9} {bks[name]['bks']:>7} {km:>8.0f} {gap:>6.2f} {seconds:>8.2f}")
print(f"mean gap {sum(gaps) / len(gaps):.2f}% over {len(gaps)} instances, slowest {worst:.2f} s (whole command)")
