"""Under `mpirun -np 2`, run -r, compare, sweep, batch and check write the same bytes as one process.
Skipped (with the reason) when the binary has no MPI, mpirun is missing, or the binary is a
sanitizer build (LeakSanitizer reports OpenMPI's own allocations kept until exit)."""
import os
import shutil
import subprocess
import sys
import tempfile

milkrun = sys.argv[1]
source = os.environ.get("MILKRUN_SOURCE", os.path.join(os.path.dirname(__file__), ".."))
examples = os.path.join(source, "scenarios", "examples")
vendor = os.path.join(examples, "suppliers-deliver.json")
milk_run = os.path.join(examples, "milk-run-twice-a-week.json")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def linked_libraries():
    out = subprocess.run(["ldd", milkrun], capture_output=True, text=True)
    return out.stdout


libs = linked_libraries()
if "libmpi" not in libs:
    print("SKIP: milkrun was built without MPI")
    sys.exit(0)
if "libasan" in libs:
    print("SKIP: sanitizer build (LeakSanitizer reports OpenMPI's own allocations)")
    sys.exit(0)
mpirun = shutil.which("mpirun")
if mpirun is None:
    print("SKIP: mpirun not found")
    sys.exit(0)
# As root (CI containers) OpenMPI wants explicit consent; --oversubscribe allows two ranks on one core.
MPI = [mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "2"]


def run(prefix, args, cwd):
    return subprocess.run(prefix + [milkrun] + args, capture_output=True, text=True, cwd=cwd)


def same_files(a, b, names, what):
    for name in names:
        with open(a + "/" + name, "rb") as fa, open(b + "/" + name, "rb") as fb:
            check(fa.read() == fb.read(), f"{what}: {name} byte-identical under mpirun -np 2")


commands = {
    "run": (["run", milk_run, "-r", "5", "-j", "1", "--orders"], ["summary.json", "daily.csv", "skus.csv", "routes.csv", "orders.csv", "report.html"]),
    "compare": (["compare", vendor, milk_run, "-r", "3", "-j", "1"], ["compare.json", "compare.csv", "report.html"]),
    "sweep": (["sweep", milk_run, "--vary", "/warehouses/0/pick_pack/stations=4,6,12", "-r", "3", "-j", "1"],
              ["sweep.csv", "metamodel.csv", "report.html"]),
    "precision": (["run", milk_run, "-r", "3", "-j", "1", "--precision", "fill_rate=0.001", "--max-replications", "9"],
                  ["summary.json"]),
}
with tempfile.TemporaryDirectory() as tmp:
    for name, (args, files) in commands.items():
        single = run([], args + ["-o", f"{name}-single"], tmp)
        check(single.returncode == 0, f"{name} single process exits 0 ({single.stderr})")
        multi = run(MPI, args + ["-o", f"{name}-mpi"], tmp)
        check(multi.returncode == 0, f"{name} under mpirun exits 0 ({multi.stderr})")
        if single.returncode == 0 and multi.returncode == 0:
            same_files(os.path.join(tmp, f"{name}-single"), os.path.join(tmp, f"{name}-mpi"), files, name)
            check(multi.stdout.count("wrote ") == 1, f"{name}: only rank 0 prints its results")

    broken = os.path.join(tmp, "broken.json")
    with open(broken, "w") as f:
        f.write("{")
    args = ["batch", vendor, broken, milk_run, "-r", "3", "-j", "1"]
    single = run([], args + ["-o", "batch-single"], tmp)
    multi = run(MPI, args + ["-o", "batch-mpi"], tmp)
    check(single.returncode == 1 and multi.returncode == 1, f"batch with a broken scenario exits 1 under mpirun ({multi.stderr})")
    same_files(os.path.join(tmp, "batch-single"), os.path.join(tmp, "batch-mpi"), ["batch.csv"], "batch")

    # check spreads its replications over the ranks too; rank 0 alone prints and writes.
    golden = os.path.join(source, "scenarios", "golden")
    args = ["check", os.path.join(golden, "pnw.json"), os.path.join(golden, "milk-run.json"), "-r", "4", "-j", "1"]
    single = run([], args + ["--json", "check-single.json"], tmp)
    multi = run(MPI, args + ["--json", "check-mpi.json"], tmp)
    check(single.returncode == multi.returncode, f"check exits alike under mpirun ({single.returncode}, {multi.returncode})")
    check(multi.stdout.count("checks passed") == 1, "check: only rank 0 prints its table")
    with open(os.path.join(tmp, "check-single.json"), "rb") as fa, open(os.path.join(tmp, "check-mpi.json"), "rb") as fb:
        check(fa.read() == fb.read(), "check: check.json byte-identical under mpirun -np 2")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("mpi: all checks passed")
