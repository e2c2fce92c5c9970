#!/usr/bin/env python3
"""Every finding of the fuzzers (tools/fuzz) stays fixed, run through the milkrun CLI.

tests/fuzz-regressions/TARGET/NAME.json is the input a fuzz target crashed, hung or ran out of
memory on (minimized), TARGET being the target that found it (scenario, simulate, promise).
NAME.expected says what the CLI must do with it now:
    line 1: the arguments after `milkrun`: {file} is the input, {text} its text (stripped, for
            a `--set` value), {source} the repository root, {out} a fresh output folder;
    line 2: "exit N", the exit code;
    the rest: stderr, exactly ({source} standing for the repository root).
Each input is also a seed of its target's corpus (tools/fuzz copies them in).

Usage: python3 tests/e2e_fuzz_regressions.py /path/to/milkrun   (MILKRUN_SOURCE = source root)
"""
import difflib
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile

CRASH_MARKERS = ("Sanitizer", "runtime error", "internal error", "terminate called", "Assertion")
TARGETS = ("scenario", "simulate", "promise")


def check(milkrun, source, case):
    """Problems with one reproducer, as text (empty when the CLI behaved)."""
    lines = case.with_suffix(".expected").read_text().splitlines(keepends=True)
    if len(lines) < 2 or not lines[1].startswith("exit "):
        return [f"{case}: the .expected file needs the arguments, then 'exit N', then stderr"]
    code = int(lines[1].split()[1])
    expected = "".join(lines[2:])
    with tempfile.TemporaryDirectory(prefix="milkrun-fuzz-") as tmp:
        text = case.read_text(errors="replace").strip()
        args = [a.format(file=case.name, text=text, source=source, out=os.path.join(tmp, "out"))
                for a in shlex.split(lines[0])]
        try:
            result = subprocess.run([milkrun, *args], cwd=case.parent, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return [f"{case.name}: milkrun {' '.join(args)} still running after 60 s"]
    label = f"{case.parent.name}/{case.name}: milkrun {' '.join(args)}"
    stderr = result.stderr.replace(source, "{source}")
    if any(marker in result.stderr for marker in CRASH_MARKERS):
        return [f"{label}: crashed:\n{result.stderr}"]
    problems = []
    if result.returncode != code:
        problems.append(f"{label}: exit code {result.returncode}, expected {code}")
    if stderr != expected:
        diff = difflib.unified_diff(expected.splitlines(keepends=True), stderr.splitlines(keepends=True),
                                    "expected", "actual")
        problems.append(f"{label}: stderr differs:\n{''.join(diff)}")
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: e2e_fuzz_regressions.py MILKRUN")
    milkrun = os.path.abspath(sys.argv[1])
    source = os.environ.get("MILKRUN_SOURCE") or str(pathlib.Path(__file__).resolve().parent.parent)
    root = pathlib.Path(source) / "tests" / "fuzz-regressions"
    cases = sorted(p for t in TARGETS for p in (root / t).glob("*.json"))
    if not cases:
        sys.exit(f"no reproducers in {root}")
    problems = []
    for case in cases:
        if not case.with_suffix(".expected").exists():
            problems.append(f"{case}: has no .expected file")
            continue
        problems += check(milkrun, source, case)
    for p in problems:
        print(p)
    print(f"{len(cases)} fuzz reproducers, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
