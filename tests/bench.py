"""Speed benchmark (not a test): one warehouse, 1,000 SKUs, 100,000 orders a day for 28 days.

Prints orders simulated per second for the whole `milkrun run` process (median of 5 runs)
and its peak memory. Usage: python3 tests/bench.py path/to/milkrun [runs]
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

milkrun = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
here = os.path.dirname(os.path.abspath(__file__))
scenario = os.path.join(here, "..", "scenarios", "bench-1wh-1000sku.json")

times = []
with tempfile.TemporaryDirectory() as tmp:
    for i in range(runs):
        start = time.perf_counter()
        subprocess.run([milkrun, "run", scenario, "-r", "1", "-j", "1", "-o", tmp], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    summary = json.load(open(os.path.join(tmp, "summary.json")))
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
orders = summary["kpis"]["orders"]["values"][0]  # no warm-up: every order is measured
times.sort()
median = times[len(times) // 2]
print(f"bench-1wh-1000sku: {orders:.0f} orders, wall time median {median:.3f} s "
      f"(min {times[0]:.3f}, max {times[-1]:.3f}) over {runs} runs")
print(f"orders simulated per second (whole process, one core): {orders / median:,.0f}")
print(f"peak memory: {peak_kib / 1024:.1f} MiB")
