"""What the end-to-end scripts share: the binary under test, the source tree, and checks that
collect their failures. A script does `from cli_check import check, run, rows, failures` and
ends with `sys.exit(finish("topic"))`."""
import csv
import os
import subprocess
import sys

milkrun = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: python3 tests/SCRIPT.py /path/to/milkrun")
source = os.path.realpath(os.environ.get("MILKRUN_SOURCE") or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
failures = []


def check(cond, what):
    """Records `what` as a failure unless `cond` holds."""
    if not cond:
        failures.append(what)
        print("FAIL", what)


def run(args, cwd):
    """Runs milkrun with `args` in `cwd`; text output."""
    return subprocess.run([milkrun] + args, capture_output=True, text=True, cwd=cwd)


def rows(path):
    """A CSV file's rows as dicts."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def finish(topic):
    """Prints the count of failures; the exit code for them."""
    print(f"{topic}: {len(failures)} failure(s)")
    return 1 if failures else 0
