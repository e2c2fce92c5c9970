#!/usr/bin/env python3
"""README.md tells the truth: every shown output and marked figure is what the binary prints.

Runs tools/readme-figures on the README (passes only when they agree), then shows that the check
can fail: a copy of the README with one figure edited by hand, once in prose and once in an output
block, must fail naming the edited line.
usage: MILKRUN_SOURCE=REPO python3 tests/e2e_readme.py BINARY
"""
import os
import re
import subprocess
import sys
import tempfile

milkrun = os.path.abspath(sys.argv[1])
source = os.environ.get("MILKRUN_SOURCE", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tool = os.path.join(source, "tools", "readme-figures")
readme = os.path.join(source, "README.md")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def figures(path):
    return subprocess.run([sys.executable, tool, milkrun, "--check", "--readme", path],
                          capture_output=True, text=True)


out = figures(readme)
check(out.returncode == 0, f"README.md agrees with the binary\n{out.stdout}{out.stderr}")

with open(readme, encoding="utf-8") as f:
    lines = f.read().split("\n")


def edited_copy(edits):
    copy = list(lines)
    for index, new_line in edits:
        copy[index] = new_line
    fd, path = tempfile.mkstemp(suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(copy))
    return path


# Two numbers edited by hand in one copy (one run of the tool): the milk run's lost orders in
# prose (a figures comment names them) and the default run's on-time rate in its output block.
prose = next(i for i, l in enumerate(lines) if "the milk run loses" in l)
number = re.search(r"loses ([\d,]+)", lines[prose]).group(1)
block = next(i for i, l in enumerate(lines) if l.startswith("on_time_rate ")
             and any(x.startswith("$ build/milkrun run") for x in lines[max(0, i - 8):i]))
path = edited_copy([(prose, lines[prose].replace(f"loses {number}", "loses 1,234", 1)),
                    (block, re.sub(r"0\.\d+", "0.9999", lines[block], count=1))])
out = figures(path)
report = out.stdout.split("\n")
check(out.returncode == 1, f"the edited copy fails\n{out.stdout}{out.stderr}")
check(any(l.startswith(f"{path}:{prose + 1}: README says '{number} (figures comment") for l in report),
      f"the prose figure edited by hand is named at line {prose + 1}")
check(any(l.startswith(f"{path}:{block + 1}: README says 'on_time_rate") and "0.9999" in l for l in report),
      f"the output line edited by hand is named at line {block + 1}")
check(sum(": README says " in l for l in report) == 2, "nothing else is reported")
os.unlink(path)

if failures:
    print(f"{len(failures)} failed")
    sys.exit(1)
print("all passed")
