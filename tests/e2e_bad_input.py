#!/usr/bin/env python3
"""Broken scenarios must be refused with exactly the expected messages (SPEC §5).

For every tests/bad/NAME.json, `milkrun validate NAME.json` and `milkrun run NAME.json -o DIR`
must both exit 2, print exactly tests/bad/NAME.expected on stderr, and write nothing.

Usage: python3 tests/e2e_bad_input.py /path/to/milkrun   (MILKRUN_SOURCE = source root)
"""
import difflib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

CRASH_MARKERS = ("Sanitizer", "runtime error", "internal error", "terminate called")


def run(milkrun, args, cwd):
    return subprocess.run([milkrun, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def diff(expected, actual):
    lines = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                 "expected", "actual")
    return "".join(lines) or "(texts differ only in line endings)\n"


def check(label, result, expected):
    """Problems with one invocation, as text (empty when it behaved)."""
    problems = []
    if result.returncode != 2:
        problems.append(f"{label}: exit code {result.returncode}, expected 2")
    if any(marker in result.stderr for marker in CRASH_MARKERS):
        problems.append(f"{label}: crashed:\n{result.stderr}")
    elif result.stderr != expected:
        problems.append(f"{label}: stderr differs from the .expected file:\n{diff(expected, result.stderr)}")
    return problems


def check_validate(milkrun, case, expected):
    return check(f"validate {case.name}", run(milkrun, ["validate", case.name], case.parent), expected)


def check_run(milkrun, case, expected):
    """`run` must refuse the scenario before writing anything: no -o directory, no results/."""
    with tempfile.TemporaryDirectory(prefix="milkrun-bad-") as tmp:
        work = pathlib.Path(tmp)
        shutil.copy(case, work / case.name)
        out = work / "out"
        problems = check(f"run {case.name}", run(milkrun, ["run", case.name, "-o", str(out)], work), expected)
        written = sorted(p.name for p in work.iterdir() if p.name != case.name)
        if written:
            problems.append(f"run {case.name}: wrote {', '.join(written)} although the scenario is bad")
        return problems


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    milkrun = os.path.abspath(sys.argv[1])
    source = pathlib.Path(os.environ.get("MILKRUN_SOURCE", pathlib.Path(__file__).resolve().parent.parent))
    bad = source / "tests" / "bad"
    cases = sorted(bad.glob("*.json"))
    failures = []
    orphans = sorted(set(p.stem for p in bad.glob("*.expected")) - set(p.stem for p in cases))
    failures += [f"{name}.expected has no {name}.json" for name in orphans]
    for case in cases:
        expected_file = case.with_suffix(".expected")
        if not expected_file.exists():
            failures.append(f"{case.name}: no {expected_file.name}")
            continue
        expected = expected_file.read_text()
        failures += check_validate(milkrun, case, expected)
        failures += check_run(milkrun, case, expected)
    for failure in failures:
        print("FAIL " + failure)
    print(f"{len(cases)} bad scenarios, {len(failures)} failures")
    return 1 if failures or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
