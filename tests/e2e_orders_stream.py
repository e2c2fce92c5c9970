"""`run --orders` streams orders.csv (SPEC §6, §12): the file is the same bytes with -j 1,
-j 2 and, when the binary has MPI, under `mpirun -np 2`; its rows are every measured order in
(replication, order) order, also when backorders wait long enough for younger orders to be
written past them; a failed or killed run leaves no orders.csv, half-written or not, and no
temporary file."""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

milkrun = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def run(args, cwd, prefix=()):
    return subprocess.run(list(prefix) + [milkrun] + args, capture_output=True, text=True, cwd=cwd)


def leftovers(folder):
    """Files a run should not leave: temporaries of milkrun in `folder`."""
    return [n for n in os.listdir(folder) if ".tmp" in n or "milkrun-scratch" in n]


def mpi_prefix():
    libs = subprocess.run(["ldd", milkrun], capture_output=True, text=True).stdout
    mpirun = shutil.which("mpirun")
    if "libmpi" not in libs or "libasan" in libs or mpirun is None:
        return None
    return [mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "2"]


with tempfile.TemporaryDirectory() as tmp:
    # Backorders that wait for a vendor while thousands of younger orders are final: the
    # engine keeps their place in orders.csv and writes the younger ones on.
    doc = json.loads(run(["generate", "--warehouses", "2", "--skus", "300", "--orders-per-day", "40000", "--days", "2",
                          "--sellers", "0", "--milk-runs", "0"], tmp).stdout)
    doc["demand"]["on_stockout"] = "backorder"
    doc["catalog"]["generate"]["stock"] = {"initial_days": 0.5, "policy": {"type": "RS", "order_up_to_days": 6}}
    scenario = os.path.join(tmp, "busy.json")
    with open(scenario, "w") as f:
        json.dump(doc, f)

    common = ["run", scenario, "-r", "3", "--orders"]
    one = run(common + ["-j", "1", "-o", "j1"], tmp)
    check(one.returncode == 0, f"-j 1 exits 0 ({one.stderr[-300:]})")
    two = run(common + ["-j", "2", "-o", "j2"], tmp)
    check(two.returncode == 0, f"-j 2 exits 0 ({two.stderr[-300:]})")
    orders = lambda d: open(os.path.join(tmp, d, "orders.csv"), "rb").read()
    if one.returncode == 0 and two.returncode == 0:
        check(orders("j1") == orders("j2"), "orders.csv byte-identical with -j 1 and -j 2")
        with open(os.path.join(tmp, "j1", "orders.csv")) as f:
            rows = list(csv.DictReader(f))
        summary = json.load(open(os.path.join(tmp, "j1", "summary.json")))
        check(len(rows) == sum(summary["kpis"]["orders"]["values"]), "one row per measured order")
        keys = [(int(r["replication"]), int(r["order"])) for r in rows]
        check(all(a < b for a, b in zip(keys, keys[1:])), "rows in replication, then order, order")
        check(sum(r["status"] == "undelivered" for r in rows) + sum(r["status"] == "delivered" for r in rows)
              == sum(summary["kpis"]["delivered_orders"]["values"]), "delivered and undelivered rows match the KPI")
        check(sum(r["late_delivery"] == "1" for r in rows) == sum(summary["kpis"]["late_deliveries"]["values"]),
              "late rows match the KPI")
        # A row written before its order was final would say lost with a warehouse, or
        # delivered without a ship time.
        check(all(r["warehouse"] == "" for r in rows if r["status"] == "lost"), "lost rows have no warehouse")
        check(all(r["shipped"] and r["pick_end"] for r in rows if r["status"] == "delivered"),
              "delivered rows have their ship and pick times")
        # About half of them wait long enough for their place to be kept (thousands per replication).
        backorders = summary["kpis"]["backorders"]["mean"]
        check(1000 < backorders < summary["kpis"]["orders"]["mean"] / 2, f"backorders among final orders: {backorders}")
        check(leftovers(os.path.join(tmp, "j1")) == [] and leftovers(tmp) == [], "no temporary files left")

    mpi = mpi_prefix()
    if mpi is None:
        print("SKIP (mpirun -np 2): no MPI in the binary, a sanitizer build, or no mpirun")
    elif one.returncode == 0:
        ranks = run(common + ["-j", "1", "-o", "np2"], tmp, mpi)
        check(ranks.returncode == 0, f"mpirun -np 2 exits 0 ({ranks.stderr[-300:]})")
        if ranks.returncode == 0:
            check(orders("j1") == orders("np2"), "orders.csv byte-identical under mpirun -np 2")

    # A run that fails as it puts orders.csv in place leaves neither it nor a temporary.
    os.makedirs(os.path.join(tmp, "failed", "orders.csv", "in-the-way"))
    failed = run(["run", "-r", "1", "--orders", "-o", "failed"], tmp)
    check(failed.returncode != 0, f"a run that cannot write orders.csv fails ({failed.returncode})")
    check(sorted(os.listdir(os.path.join(tmp, "failed", "orders.csv"))) == ["in-the-way"], "orders.csv untouched")
    check(leftovers(os.path.join(tmp, "failed")) == [], f"no temporary left: {os.listdir(os.path.join(tmp, 'failed'))}")

    # Killed while the orders stream to disk: no orders.csv, no temporary anywhere near.
    os.makedirs(os.path.join(tmp, "killed"))
    longer = common[:2] + ["-r", "2000", "-j", "1", "--orders", "-o", "killed"]
    proc = subprocess.Popen([milkrun] + longer, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    check(proc.poll() is None, "the long run is still running when killed")
    proc.send_signal(signal.SIGTERM)
    proc.wait()
    check(not os.path.exists(os.path.join(tmp, "killed", "orders.csv")), "a killed run leaves no orders.csv")
    check(leftovers(os.path.join(tmp, "killed")) == [] and leftovers(tmp) == [],
          f"nor temporaries: {os.listdir(os.path.join(tmp, 'killed'))}")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
