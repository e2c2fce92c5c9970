"""The layers of ARCHITECTURE.md hold: each folder includes only the layers below it.

A public header include/milkrun/<layer>/x.hpp belongs to <layer>, as does everything in
sim/<layer>/; include/milkrun/*.hpp is the vocabulary every layer shares (named quantities,
errors, the KPI table, the scenario structs). The engine, the model and the route planner
never see JSON: they may not include nlohmann/json.
"""
import os
import re
import sys

BELOW = {
    "vocabulary": set(),
    "random": {"vocabulary"},
    "routes": {"vocabulary", "random"},
    "model": {"vocabulary", "random", "routes"},
    "input": {"vocabulary", "random", "model"},  # validation checks km on the model's own travel table
    "engine": {"vocabulary", "random", "model"},
    "output": {"vocabulary", "model", "engine", "input"},
    "experiment": {"vocabulary", "model", "engine", "input", "output"},
    "check": {"vocabulary", "model", "engine", "input", "output", "experiment"},
    "tools": {"vocabulary", "model", "engine", "input", "output", "experiment", "check", "routes"},
}
NO_JSON = {"random", "routes", "model", "engine"}
source = os.environ.get("MILKRUN_SOURCE") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def layer_of(path):
    """The layer of a file or header path relative to the source tree."""
    parts = path.split("/")
    if parts[0] == "tools":
        return "tools"
    if parts[0] == "include":
        return parts[2] if len(parts) > 3 else "vocabulary"
    return parts[1]


includes = {}  # file -> the milkrun headers it includes, and whether it includes JSON itself
failures = []
for top in ("include", "sim", "tools"):
    for root, _, files in os.walk(os.path.join(source, top)):
        for name in sorted(files):
            if not name.endswith((".cpp", ".hpp")):
                continue
            path = os.path.relpath(os.path.join(root, name), source)
            mine = layer_of(path)
            if mine not in BELOW:
                failures.append(f"{path}: folder {mine!r} is no layer of ARCHITECTURE.md")
                continue
            includes[path] = ([], False)
            for line_no, line in enumerate(open(os.path.join(source, path)), 1):
                if re.match(r"#include <nlohmann/", line):
                    includes[path] = (includes[path][0], True)
                m = re.match(r'#include [<"](milkrun/)?([a-z_]+(/[a-z_]+)*\.hpp)[>"]', line)
                if not m or ("/" not in m.group(2) and not m.group(1)):
                    continue
                target = ("include/milkrun/" if m.group(1) else "sim/") + m.group(2)
                if not os.path.exists(os.path.join(source, target)):
                    continue
                includes[path][0].append(target)
                theirs = layer_of(target)
                if theirs != mine and theirs not in BELOW[mine]:
                    failures.append(f"{path}:{line_no}: {mine} includes {target} ({theirs})")


def sees_json(path, seen):
    """Whether a file includes nlohmann/json, itself or through the headers it includes."""
    if path in seen:
        return False
    seen.add(path)
    direct, json = includes.get(path, ([], False))
    return json or any(sees_json(h, seen) for h in direct)


for path in sorted(includes):
    if layer_of(path) in NO_JSON and sees_json(path, set()):
        failures.append(f"{path}: sees nlohmann/json (itself or through a header); {layer_of(path)} never sees JSON")
for f in failures:
    print("FAIL", f)
print(f"layers: {len(failures)} include(s) against the layering")
sys.exit(1 if failures else 0)
