"""Sweep benchmark (not a test): a 40-variant sweep (8 station counts x 5 pickup schedules
of the milk-run example, 40 replications each) timed with -j 1, -j 2 and, when the binary
has MPI, `mpirun -np 2` (one thread per rank). Prints the wall times (best of 3) and the
speed-ups, and checks that the three sweep.csv files are byte-identical. mpirun's fixed
cost (starting the ranks, MPI_Init and MPI_Finalize, about 0.4 s on one machine) is printed
too: on short sweeps it, not the simulation, limits the MPI speed-up.
Usage: python3 tests/bench_sweep.py path/to/milkrun [replications]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

milkrun = sys.argv[1]
replications = sys.argv[2] if len(sys.argv) > 2 else "40"
here = os.path.dirname(os.path.abspath(__file__))
scenario = os.path.join(here, "..", "scenarios", "examples", "milk-run-twice-a-week.json")
sweep = ["sweep", scenario, "-r", replications,
         "--vary", "/warehouses/0/pick_pack/stations=5,6,7,8,9,10,11,12",
         "--vary", '/milk_runs/0/schedule/days="Mon","Mon,Thu","Tue,Fri","Mon,Wed,Fri","Mon,Tue,Wed,Thu,Fri"']


def best_of(prefix, jobs, out, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(prefix + [milkrun] + sweep + ["-j", jobs, "-o", out], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


has_mpi = "libmpi" in subprocess.run(["ldd", milkrun], capture_output=True, text=True).stdout
mpirun = shutil.which("mpirun")
with tempfile.TemporaryDirectory() as tmp:
    j1 = best_of([], "1", os.path.join(tmp, "j1"))
    j2 = best_of([], "2", os.path.join(tmp, "j2"))
    print(f"sweep, 40 variants x {replications} replications (cores: {os.cpu_count()})")
    print(f"  -j 1            {j1:7.2f} s")
    print(f"  -j 2            {j2:7.2f} s   speed-up {j1 / j2:.2f}x (target 1.8x)")
    same = open(os.path.join(tmp, "j1", "sweep.csv"), "rb").read() == open(os.path.join(tmp, "j2", "sweep.csv"), "rb").read()
    if has_mpi and mpirun:
        prefix = [mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "2"]
        mpi = best_of(prefix, "1", os.path.join(tmp, "mpi"))
        print(f"  mpirun -np 2 -j 1 {mpi:5.2f} s   speed-up {j1 / mpi:.2f}x (target 1.8x)")
        start = time.perf_counter()
        subprocess.run(prefix + [milkrun, "run", scenario, "-r", "1", "-j", "1", "-o", os.path.join(tmp, "launch")],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  mpirun launch cost (mpirun -np 2 milkrun run -r 1): {time.perf_counter() - start:.2f} s")
        same = same and open(os.path.join(tmp, "j1", "sweep.csv"), "rb").read() == open(os.path.join(tmp, "mpi", "sweep.csv"), "rb").read()
    else:
        print("  mpirun -np 2    skipped (binary without MPI or no mpirun)")
    print(f"  sweep.csv byte-identical: {'yes' if same else 'NO'}")
    sys.exit(0 if same else 1)
