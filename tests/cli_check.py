"""What the end-to-end scripts share: the binary under test, the source tree, and checks that
collect their failures. A script does `from cli_check import check, run, rows, failures` and
ends with `sys.exit(finish("topic"))`."""
import csv
import json
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


def write_json(folder, name, doc):
    """Writes `doc` to FOLDER/NAME.json; returns its path."""
    path = os.path.join(folder, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return path


def kpi_means(folder, out):
    """The mean of every network KPI in FOLDER/OUT/summary.json, by key."""
    with open(os.path.join(folder, out, "summary.json")) as f:
        return {k: v["mean"] for k, v in json.load(f)["kpis"].items()}


def finish(topic):
    """Prints the count of failures; the exit code for them."""
    print(f"{topic}: {len(failures)} failure(s)")
    return 1 if failures else 0
