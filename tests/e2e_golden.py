"""Golden outputs: every number milkrun writes, held byte for byte (SimGrid .tesh style).

Runs every scenario in scenarios/ (and the bundled default), a compare, a sweep, a batch, the route
plans of the CVRPLIB instances and the promise cases, and compares each output file with
the one in tests/golden/. A change that means to move a number regenerates the files in the
same commit and says which and why:

    python3 tests/e2e_golden.py build/milkrun --update

orders.csv is held as its SHA-256 (it is tens of megabytes); every other file whole.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

milkrun = os.path.abspath(sys.argv[1])
update = "--update" in sys.argv[2:]
source = os.path.realpath(os.environ.get("MILKRUN_SOURCE") or os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
golden = os.path.join(source, "tests", "golden")
scenarios = os.path.join(source, "scenarios")
cvrplib = os.path.join(source, "tests", "cvrplib")
failures = []

# Two replications keep the suite quick (also under AddressSanitizer) while covering the
# replication index in every random stream; the speed benchmark scenario runs one.
RUNS = [
    ("default", [], 2),
    ("bench-1wh-1000sku", ["bench-1wh-1000sku.json"], 1),
    ("examples-suppliers-deliver", ["examples/suppliers-deliver.json"], 2),
    ("examples-milk-run-twice-a-week", ["examples/milk-run-twice-a-week.json"], 2),
    ("golden-pnw", ["golden/pnw.json"], 2),
    ("golden-milk-run", ["golden/milk-run.json"], 2),
    # SPEC §11: expedite (R43), real trucks (R44-R46), seller standards (R47).
    ("examples-expedite", ["examples/expedite.json"], 2),
    ("examples-real-trucks", ["examples/real-trucks.json"], 2),
    ("examples-seller-standards", ["examples/seller-standards.json"], 2),
]
RUN_FILES = ("summary.json", "daily.csv", "skus.csv", "routes.csv", "orders.csv")
HASHED = {"orders.csv"}


def run(args, cwd):
    out = subprocess.run([milkrun] + args, capture_output=True, cwd=cwd)
    if out.returncode != 0:
        failures.append(f"{' '.join(args)} exits {out.returncode}: {out.stderr.decode()[-400:]}")
    return out


def held_form(name, data):
    """The bytes kept in tests/golden for an output file (None: the file is not written).
    Paths of the source tree (batch.csv and check reports name the scenario files) are
    held as <source>, so the test passes in any checkout."""
    if data is None:
        return b""
    data = data.replace(source.encode(), b"<source>")
    if name in HASHED:
        return (hashlib.sha256(data).hexdigest() + "\n").encode()
    return data


def compare_file(case, name, data):
    stored_name = name + ".absent" if data is None else name + ".sha256" if name in HASHED else name
    path = os.path.join(golden, case, stored_name)
    held = held_form(name, data)
    if update:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(held)
        return
    if not os.path.exists(path):
        failures.append(f"{case}/{stored_name}: no golden file (the output changed, or run with --update)")
        return
    want = open(path, "rb").read()
    if want != held:
        where = ""
        if name not in HASHED and data is not None:
            a, b = want.decode().splitlines(), held.decode().splitlines()
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    where = f"; first difference at line {i + 1}:\n  golden: {x[:200]}\n  now:    {y[:200]}"
                    break
            else:
                where = f"; {len(a)} lines golden, {len(b)} now"
        failures.append(f"{case}/{stored_name} differs{where}")


def compare_dir(case, directory, names):
    for name in names:
        path = os.path.join(directory, name)
        compare_file(case, name, open(path, "rb").read() if os.path.exists(path) else None)


with tempfile.TemporaryDirectory() as tmp:
    for case, scenario, reps in RUNS:
        args = ["run"] + [os.path.join(scenarios, s) for s in scenario]
        run(args + ["-r", str(reps), "-j", "2", "--orders", "-o", case], tmp)
        compare_dir(case, os.path.join(tmp, case), RUN_FILES)

    # compare: the vendor-vs-milk-run pair of the README under common random numbers.
    run(["compare", os.path.join(scenarios, "examples/suppliers-deliver.json"),
         os.path.join(scenarios, "examples/milk-run-twice-a-week.json"), "-r", "3", "-o", "compare"], tmp)
    compare_dir("compare", os.path.join(tmp, "compare"), ("compare.json", "compare.csv"))

    # sweep: a 2x2 grid on the default scenario, with its metamodel.
    run(["sweep", os.path.join(scenarios, "default.json"), "-r", "2", "-o", "sweep",
         "--vary", "/warehouses/0/pick_pack/stations=8,10",
         "--vary", "/demand/prime_share=0.5,0.7"], tmp)
    compare_dir("sweep", os.path.join(tmp, "sweep"), ("sweep.csv", "metamodel.csv"))

    # batch: one row per scenario.
    run(["batch", os.path.join(scenarios, "golden/pnw.json"), os.path.join(scenarios, "golden/milk-run.json"),
         "-r", "2", "-o", "batch"], tmp)
    compare_dir("batch", os.path.join(tmp, "batch"), ("batch.csv",))

    # Route plans of the CVRPLIB instances, through the scenario converter.
    for vrp in sorted(f for f in os.listdir(cvrplib) if f.endswith(".vrp")):
        name = vrp[:-4]
        scenario = os.path.join(tmp, name + ".json")
        subprocess.run([sys.executable, os.path.join(cvrplib, "to_scenario.py"), os.path.join(cvrplib, vrp),
                        "-o", scenario], check=True, capture_output=True)
        out = run(["routes", scenario, "--json"], tmp)
        compare_file("routes", name + ".json", out.stdout)

    # check: the golden scenarios' expectations and baselines, and the promise cases.
    run(["check", os.path.join(scenarios, "golden/pnw.json"), os.path.join(scenarios, "golden/milk-run.json"),
         "--baseline", os.path.join(source, "results", "baselines"), "--json", "check.json", "--junit", "check.xml"],
        tmp)
    run(["check", os.path.join(source, "tests", "promise", "scenario.json"), "--promises",
         os.path.join(source, "tests", "promise", "cases.json"), "--json", "promises.json"], tmp)
    compare_dir("check", tmp, ("check.json", "check.xml", "promises.json"))

if update:
    print("golden files written to", golden)
for f in failures:
    print("FAIL", f)
if not update:
    print(f"golden outputs: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
