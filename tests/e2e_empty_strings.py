#!/usr/bin/env python3
"""Every string of a scenario replaced by "" in turn is refused cleanly, at its own pointer.

milkrun's parser keeps "" for a value it could not read (already reported), so a literal ""
id used to slip through unreported and crash later (map::at, a segfault). Here each string
value and each object key of a few scenarios (one of each shape: /skus/*/source/supplier once)
becomes "": `milkrun validate` must exit 2, never crash, and report a problem at that pointer
(for a key, at the pointer the key would have). A blank " " and a very long string must not crash.

Usage: python3 tests/e2e_empty_strings.py /path/to/milkrun   (MILKRUN_SOURCE = source root)
"""
import concurrent.futures
import json
import os
import pathlib
import subprocess
import sys
import tempfile

milkrun = sys.argv[1]
source = pathlib.Path(os.environ.get("MILKRUN_SOURCE", pathlib.Path(__file__).resolve().parent.parent))
CRASH_MARKERS = ("Sanitizer", "runtime error", "internal error", "terminate called")
# The one string that may be empty: "$schema" names a schema for editors; milkrun does not follow it.
MAY_BE_EMPTY = {"/$schema"}


def roads_scenario():
    """tests/bad/43 with its road node fixed: roads mode, milk runs with "serves", sellers, expect groups."""
    doc = json.loads((source / "tests" / "bad" / "43-location-at-unknown-road-node.json").read_text())
    doc["zones"][1]["location"]["node"] = "PDX-DT"
    doc["milk_runs"][1]["serves"] = ["ACME"]
    doc["expect"]["warehouses"] = {"SEA1": {"on_time_rate": {">=": 0.5}}}
    doc["expect"]["sellers"] = {"S-NORAM": {"orders": {">=": 0}}}
    return doc


def corpus():
    yield "golden/pnw", json.loads((source / "scenarios" / "golden" / "pnw.json").read_text())
    yield "roads", roads_scenario()


def pointer(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def strings(node, path):
    """("value" | "key", path) of every string value and object key, one per shape."""
    if isinstance(node, str):
        yield "value", path
    elif isinstance(node, list):
        for i, x in enumerate(node):
            yield from strings(x, path + [i])
    elif isinstance(node, dict):
        for k, x in node.items():
            yield "key", path + [k]
            yield from strings(x, path + [k])


def mutated(doc, kind, path, new):
    doc = json.loads(json.dumps(doc))
    node = doc
    for p in path[:-1]:
        node = node[p]
    if kind == "value":
        node[path[-1]] = new
    else:
        items = list(node.items())
        node.clear()
        node.update((new if k == path[-1] else k, x) for k, x in items)
    return doc


def jobs():
    for name, doc in corpus():
        seen = set()
        for kind, path in strings(doc, []):
            shape = (kind, tuple("*" if isinstance(p, int) else p for p in path))
            if shape in seen:
                continue
            seen.add(shape)
            for new in ("", " ", "x" * 3000):
                yield name, doc, kind, path, new


def validate(files, tmp):
    return subprocess.run([milkrun, "validate", *files], cwd=tmp, capture_output=True, text=True, timeout=120)


def crashed(out):
    return out.returncode not in (0, 2) or any(m in out.stderr for m in CRASH_MARKERS)


def check_batch(batch, tmp):
    """Validates a batch of variants in one call (each message names its file); a crash is
    pinned down by validating the batch's files one by one."""
    files = []
    for index, (name, doc, kind, path, new) in batch:
        files.append(f"{index}.json")
        (pathlib.Path(tmp) / files[-1]).write_text(json.dumps(mutated(doc, kind, path, new)))
    out = validate(files, tmp)
    failures = []
    for file, (index, (name, doc, kind, path, new)) in zip(files, batch):
        what = f"{name}: {kind} {pointer(path)} -> {new[:8]!r}"
        alone = validate([file], tmp) if crashed(out) else None
        if alone and crashed(alone):
            failures.append(f"{what}: exit {alone.returncode}, {alone.stderr[-300:]!r}")
            continue
        if new != "" or pointer(path) in MAY_BE_EMPTY:
            continue
        where = pointer(path[:-1] + [new]) if kind == "key" else pointer(path)
        text = alone.stderr if alone else out.stderr
        if f"{file}: {where}: " not in text and f"{file}: {where}/" not in text:
            failures.append(f"{what}: no problem reported at {where}")
    for file in files:
        (pathlib.Path(tmp) / file).unlink()
    return failures


def main():
    todo = list(jobs())
    with tempfile.TemporaryDirectory(prefix="milkrun-empty-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(2) as pool:
        numbered = list(enumerate(todo))
        batches = [numbered[i:i + 40] for i in range(0, len(numbered), 40)]
        failures = [f for found in pool.map(lambda b: check_batch(b, tmp), batches) for f in found]
    for f in failures:
        print("FAIL " + f)
    print(f"e2e_empty_strings: {len(todo)} variants, {len(failures)} failures")
    return 1 if failures else 0


sys.exit(main())
