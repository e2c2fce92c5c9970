"""Output safety (SPEC §12): every command checks its output paths before it simulates (a file,
a folder it cannot make, one holding files milkrun does not write, the working directory: exit 2
at once, nothing made); results are written into PARENT/.NAME.milkrun-PID/ and swapped in whole,
so a re-run never leaves an older run's files beside the new ones; SIGINT and SIGTERM during the
simulation or the writing, or a full disk, leave the previous results byte for byte and no
temporary, and the process exits 130, 143 or 2 within 2 s; `batch` records each finished
scenario in batch.csv and `batch --resume` runs only the rest."""
import glob
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

milkrun = os.path.abspath(sys.argv[1])
source = os.environ.get("MILKRUN_SOURCE") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pnw = os.path.join(source, "scenarios", "golden", "pnw.json")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def run(args, cwd, **kw):
    began = time.monotonic()
    p = subprocess.run([milkrun] + args, capture_output=True, text=True, cwd=cwd, **kw)
    return p, time.monotonic() - began


def snapshot(folder):
    """Every file of `folder` by name, with its bytes."""
    out = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = f.read()
    return out


def temporaries(parent):
    return glob.glob(os.path.join(parent, ".*.milkrun-*")) + glob.glob(os.path.join(parent, "*", "*.tmp.*"))


# Under AddressSanitizer a process takes a second or more just to start: the time bounds are
# for the release build, and scaled here.
SLOW = 6 if "libasan" in subprocess.run(["ldd", milkrun], capture_output=True, text=True).stdout else 1


def refused(p, seconds, what, *words):
    check(p.returncode == 2, f"{what}: exit 2, got {p.returncode} ({p.stderr[-300:]})")
    check(p.stderr.startswith("milkrun: ") and p.stderr.count("\n") == 1, f"{what}: one line: {p.stderr!r}")
    for w in words:
        check(w in p.stderr, f"{what}: names {w!r}: {p.stderr!r}")
    check(seconds < 1.5 * SLOW, f"{what}: refused before simulating ({seconds:.2f} s)")


def stop_while(args, cwd, sig, ready):
    """Starts milkrun, sends `sig` once ready(pid) holds; returns (exit code, seconds from the
    signal to the exit, whether the signal came before the end)."""
    proc = subprocess.Popen([milkrun] + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    give_up = time.monotonic() + 60
    while not ready(proc.pid) and proc.poll() is None and time.monotonic() < give_up:
        time.sleep(0.005)
    in_time = proc.poll() is None
    sent = time.monotonic()
    proc.send_signal(sig)
    proc.wait()
    return proc.returncode, time.monotonic() - sent, in_time


with tempfile.TemporaryDirectory() as tmp:
    quick = ["run", pnw, "-r", "1", "--set", "/horizon_days=20"]

    # -o onto a file, below a file, onto a folder of other files, onto the working directory.
    with open(os.path.join(tmp, "a-file"), "w") as f:
        f.write("mine\n")
    p, s = run(quick + ["-o", "a-file"], tmp)
    refused(p, s, "-o onto a file", "a-file", "is a file")
    p, s = run(quick + ["-o", "a-file/below"], tmp)
    refused(p, s, "-o below a file", "a-file/below", "Not a directory")
    check(open(os.path.join(tmp, "a-file")).read() == "mine\n", "the file is left as it was")
    os.makedirs(os.path.join(tmp, "notes"))
    with open(os.path.join(tmp, "notes", "todo.txt"), "w") as f:
        f.write("keep\n")
    p, s = run(quick + ["-o", "notes"], tmp)
    refused(p, s, "-o onto a folder of other files", "notes", "todo.txt")
    check(os.listdir(os.path.join(tmp, "notes")) == ["todo.txt"], "the folder is left as it was")
    os.makedirs(os.path.join(tmp, "work", "deeper"))
    for here, target in (("work", "."), ("work/deeper", ".."), ("work", os.path.abspath(os.sep))):
        p, s = run(quick + ["-o", target], os.path.join(tmp, here))
        refused(p, s, f"-o {target} from {here}", "working directory")
    for cmd in (["compare", pnw, pnw, "-r", "1"], ["sweep", pnw, "--vary", "/seed=1,2", "-r", "1"], ["batch", pnw, "-r", "1"]):
        p, s = run(cmd + ["-o", "a-file"], tmp)
        refused(p, s, f"{cmd[0]} -o onto a file", "a-file")
    p, s = run(["check", pnw, "-r", "1", "--junit", "notes"], tmp)
    refused(p, s, "check --junit onto a folder", "notes", "is a folder")
    p, s = run(quick + ["--save-baseline", "a-file"], tmp)
    refused(p, s, "--save-baseline onto a file", "a-file")

    # A folder that cannot be made: as root /proc refuses it, otherwise a folder without write access.
    if os.geteuid() == 0 and os.path.isdir("/proc/self"):
        p, s = run(quick + ["-o", "/proc/milkrun-x"], tmp)
        refused(p, s, "-o /proc/milkrun-x", "/proc/milkrun-x", "cannot create")
        check(not os.path.exists("/proc/milkrun-x"), "nothing made in /proc")
    else:
        os.makedirs(os.path.join(tmp, "locked"))
        os.chmod(os.path.join(tmp, "locked"), 0o555)
        p, s = run(quick + ["-o", "locked/out"], tmp)
        refused(p, s, "-o into a folder without write access", "locked/out", "Permission denied")
        os.chmod(os.path.join(tmp, "locked"), 0o755)
    p, s = run(quick + ["-o", "made/deep/out", "--save-baseline", "a-file"], tmp)
    check(p.returncode == 2 and not os.path.exists(os.path.join(tmp, "made")),
          f"a run that fails removes the folders it made ({p.returncode}, {os.listdir(tmp)})")
    check(temporaries(tmp) == [], f"no temporaries after the refusals: {temporaries(tmp)}")

    # A re-run into a used folder: with then without --orders leaves no orders.csv.
    p, _ = run(quick + ["--orders", "-o", "used"], tmp)
    check(p.returncode == 0 and os.path.exists(os.path.join(tmp, "used", "orders.csv")), f"--orders run ({p.stderr[-300:]})")
    os.chmod(os.path.join(tmp, "used"), 0o750)
    p, _ = run(quick + ["-o", "used"], tmp)
    check(p.returncode == 0, f"re-run exits 0 ({p.stderr[-300:]})")
    check(sorted(os.listdir(os.path.join(tmp, "used"))) == ["daily.csv", "report.html", "routes.csv", "skus.csv", "summary.json"],
          f"no orders.csv of the older run: {sorted(os.listdir(os.path.join(tmp, 'used')))}")
    check(os.stat(os.path.join(tmp, "used")).st_mode & 0o777 == 0o750, "the folder keeps its permissions")
    check(temporaries(tmp) == [], f"no temporaries after the re-run: {temporaries(tmp)}")

    # SIGINT and SIGTERM while simulating and while writing: previous results byte for byte.
    previous = snapshot(os.path.join(tmp, "used"))
    temp_of = lambda pid: os.path.join(tmp, f".used.milkrun-{pid}")
    long_run = ["run", pnw, "-r", "400", "-j", "2", "-o", "used"]
    writing = ["run", pnw, "-r", "6", "-j", "2", "--orders", "-o", "used"]
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        started = time.monotonic()
        rc, after, in_time = stop_while(long_run, tmp, sig, lambda pid: os.path.isdir(temp_of(pid)) and time.monotonic() - started > 0.6)
        check(in_time and rc == code, f"{sig.name} while simulating: exit {code}, got {rc}")
        check(after < 2.0, f"{sig.name} while simulating: exits within 2 s ({after:.2f} s)")
        check(snapshot(os.path.join(tmp, "used")) == previous, f"{sig.name} while simulating: previous results intact")
        check(temporaries(tmp) == [], f"{sig.name} while simulating: no temporaries: {temporaries(tmp)}")
        # Writing begins with summary.json in the temporary folder; orders.csv takes a while after it.
        rc, after, in_time = stop_while(writing, tmp, sig, lambda pid: os.path.exists(os.path.join(temp_of(pid), "summary.json")))
        check(in_time and rc == code, f"{sig.name} while writing: exit {code}, got {rc} (signal in time: {in_time})")
        check(after < 2.0, f"{sig.name} while writing: exits within 2 s ({after:.2f} s)")
        check(snapshot(os.path.join(tmp, "used")) == previous, f"{sig.name} while writing: previous results intact")
        check(temporaries(tmp) == [], f"{sig.name} while writing: no temporaries: {temporaries(tmp)}")

    # A full disk: exit 2 with the reason, previous results intact, no temporary.
    disk = os.path.join(tmp, "disk")
    os.makedirs(disk)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk], capture_output=True).returncode == 0
    try:
        if mounted:
            p, s = run(quick + ["-o", "disk"], tmp)
            refused(p, s, "-o onto a mount point", "disk", "mount point")
        p, _ = run(quick + ["-o", os.path.join(disk, "out")], tmp)
        check(p.returncode == 0, f"a small run fits ({p.stderr[-300:]})")
        before = snapshot(os.path.join(disk, "out"))
        if mounted:
            p, _ = run(["run", pnw, "-r", "2", "--orders", "-o", os.path.join(disk, "out")], tmp)
            reason = "No space left on device"
        else:  # no mount here: a file size limit instead
            def small_files():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (2 << 20, 2 << 20))
            p, _ = run(["run", pnw, "-r", "2", "--orders", "-o", os.path.join(disk, "out")], tmp, preexec_fn=small_files)
            reason = "File too large"
        check(p.returncode == 2, f"full disk: exit 2, got {p.returncode} ({p.stderr[-300:]})")
        check(reason in p.stderr, f"full disk: says {reason!r}: {p.stderr!r}")
        check(snapshot(os.path.join(disk, "out")) == before, "full disk: previous results intact")
        check(temporaries(disk) == [], f"full disk: no temporaries: {temporaries(disk)}")
    finally:
        if mounted:
            subprocess.run(["umount", disk])

    # batch: a row per finished scenario as it ends; --resume after a stopped batch runs the rest.
    paths = []
    for name, days in (("a", 14), ("b", 14), ("slow", 400)):
        doc = json.load(open(pnw))
        doc["name"], doc["horizon_days"], doc["replications"] = name, days, 2
        paths.append(os.path.join(tmp, name + ".json"))
        with open(paths[-1], "w") as f:
            json.dump(doc, f)
    full, _ = run(["batch"] + paths + ["-j", "1", "-o", "full"], tmp)
    check(full.returncode == 0, f"whole batch exits 0 ({full.stderr[-300:]})")
    rows = lambda d: open(os.path.join(tmp, d, "batch.csv")).read().splitlines()
    header = rows("full")[0].split(",")
    check(header[:2] == ["scenario", "status"] and header[-3:] == ["sha256", "seed", "replications"], f"batch.csv header {header}")
    csv_of = lambda d: os.path.join(tmp, d, "batch.csv")
    rc, after, in_time = stop_while(["batch"] + paths + ["-j", "1", "-o", "part"], tmp, signal.SIGTERM,
                                    lambda pid: os.path.exists(csv_of("part")) and len(rows("part")) == 3)
    check(in_time and rc == 143, f"batch stopped by SIGTERM: 143, got {rc}")
    check([r.split(",")[0] for r in rows("part")[1:]] == paths[:2], f"the finished scenarios recorded: {rows('part')}")
    check(temporaries(tmp) == [], f"stopped batch: no temporaries: {temporaries(tmp)}")
    began = time.monotonic()
    resumed, _ = run(["batch"] + paths + ["-j", "1", "-o", "part", "--resume"], tmp)
    check(resumed.returncode == 0 and "2 of them kept" in resumed.stdout, f"--resume keeps 2 rows: {resumed.stdout!r}")
    check(open(csv_of("part"), "rb").read() == open(csv_of("full"), "rb").read(), "resumed batch.csv equals a whole batch's")
    again, _ = run(["batch"] + paths[:2] + ["-j", "1", "-o", "part", "--resume", "-r", "3"], tmp)
    check("0 of them kept" in again.stdout, f"other replications run again: {again.stdout!r}")
    with open(paths[0], "a") as f:
        f.write("\n")
    again, _ = run(["batch"] + paths[:2] + ["-j", "1", "-o", "part", "--resume", "-r", "3"], tmp)
    check("1 of them kept" in again.stdout, f"a changed file runs again: {again.stdout!r}")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
