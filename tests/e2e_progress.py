"""Progress on stderr (SPEC §8): a bar with replications, the simulated date and the ETA under
a terminal or with --progress, nothing in a pipe; stdout and output files the same either way."""
import os
import pty
import subprocess
import sys
import tempfile
import time

milkrun = os.path.abspath(sys.argv[1])
source = os.environ.get("MILKRUN_SOURCE", os.path.join(os.path.dirname(__file__), ".."))
examples = os.path.join(source, "scenarios", "examples")
milk_run = os.path.join(examples, "milk-run-twice-a-week.json")
vendor = os.path.join(examples, "suppliers-deliver.json")
golden_milk_run = os.path.join(source, "scenarios", "golden", "milk-run.json")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def under_pty(args, cwd):
    """Runs milkrun with stderr on a pseudo-terminal: (exit code, stdout, stderr)."""
    master, slave = pty.openpty()
    with open(os.path.join(cwd, "stdout.txt"), "wb") as out:
        proc = subprocess.Popen([milkrun] + args, stdout=out, stderr=slave, cwd=cwd)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    code = proc.wait()
    with open(os.path.join(cwd, "stdout.txt"), "rb") as f:
        stdout = f.read()
    os.remove(os.path.join(cwd, "stdout.txt"))
    return code, stdout, err.decode()


def in_pipe(args, cwd):
    out = subprocess.run([milkrun] + args, capture_output=True, cwd=cwd)
    return out.returncode, out.stdout, out.stderr.decode()


def files_of(folder):
    """Every file under `folder` with its bytes, by relative path."""
    out = {}
    for root, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, folder)] = f.read()
    return out


def shows_bar(err):
    return "replications" in err and "ETA" in err and "simulated 20" in err and "\r" in err


def only_warnings(err):
    return all("warning:" in line for line in err.splitlines()) and "\r" not in err and "ETA" not in err


commands = {
    "run": ["run", milk_run, "-r", "4", "-j", "2", "--orders", "-o", "out"],
    "compare": ["compare", milk_run, vendor, "-r", "3", "-j", "2", "-o", "out"],
    "sweep": ["sweep", milk_run, "--vary", "/warehouses/0/pick_pack/stations=4,5", "-r", "2", "-j", "2", "-o", "out"],
    "batch": ["batch", milk_run, vendor, "-r", "2", "-j", "2", "-o", "out"],
    "check": ["check", golden_milk_run, "-r", "2", "-j", "2", "--json", "out/check.json"],
}

with tempfile.TemporaryDirectory() as tmp:
    for name, args in commands.items():
        runs = {}
        for how, runner, extra in (("pty", under_pty, []), ("pipe", in_pipe, []), ("forced", in_pipe, ["--progress"])):
            cwd = os.path.join(tmp, name, how)
            os.makedirs(os.path.join(cwd, "out"))
            code, stdout, err = runner(args + extra, cwd)
            runs[how] = (code, stdout, files_of(os.path.join(cwd, "out")), err)
        check(runs["pty"][0] == 0, f"{name} under a terminal exits 0 ({runs['pty'][3]})")
        check(shows_bar(runs["pty"][3]), f"{name} shows the bar on a terminal: {runs['pty'][3]!r}")
        check(only_warnings(runs["pipe"][3]), f"{name} writes no progress into a pipe: {runs['pipe'][3]!r}")
        check(shows_bar(runs["forced"][3]), f"{name} --progress shows the bar in a pipe: {runs['forced'][3]!r}")
        check(b"ETA" not in runs["forced"][1] and b"\r" not in runs["forced"][1], f"{name}: no progress on stdout")
        check(runs["forced"][3].endswith("\r"), f"{name}: the bar's line is cleared at the end")
        check(len(runs["pty"][2]) > 0, f"{name} wrote its output files")
        for how in ("pty", "forced"):
            check(runs[how][:3] == runs["pipe"][:3], f"{name}: exit code, stdout and files the same with progress ({how})")

    # Refreshed at most 10 times a second: each frame starts with '\r', the final clearing has two.
    cwd = os.path.join(tmp, "rate")
    os.makedirs(cwd)
    began = time.monotonic()
    code, _, err = in_pipe(["run", milk_run, "-r", "40", "-j", "2", "--progress", "-o", "out"], cwd)
    elapsed = time.monotonic() - began
    frames = err.count("\r") - 2
    check(code == 0 and shows_bar(err), f"a longer run shows the bar ({err!r})")
    check(1 <= frames <= 10 * elapsed + 1, f"at most 10 frames a second: {frames} in {elapsed:.2f} s")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("progress: all checks passed")
