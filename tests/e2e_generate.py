"""`milkrun generate` (SPEC §5, §9): deterministic, valid, small at any scale, refuses
out-of-range flags, and a small generated network runs with sane KPIs."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

MILKRUN = sys.argv[1]
SOURCE = pathlib.Path(os.environ.get("MILKRUN_SOURCE", pathlib.Path(__file__).resolve().parent.parent))
SCHEMA = json.loads((SOURCE / "scenarios" / "schema.json").read_text())
FAILED = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILED.append(what)


def generate(*flags):
    p = subprocess.run([MILKRUN, "generate", *flags], capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode()


def validates(text, tmp, name):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(text)
    p = subprocess.run([MILKRUN, "validate", path], capture_output=True, text=True)
    try:
        jsonschema.validate(json.loads(text), SCHEMA)
        schema_ok = True
    except jsonschema.ValidationError as e:
        print(e)
        schema_ok = False
    # catalog.generate warns that its policy does not apply to seller SKUs (sellers keep
    # their own cover); any other warning is a flaw of the generator.
    warnings = [l for l in p.stderr.splitlines() if "warning" in l and "sellers ship cartons" not in l]
    return p.returncode == 0 and not warnings, schema_ok, path


with tempfile.TemporaryDirectory() as tmp:
    code, a, _ = generate("--seed", "3")
    _, b, _ = generate("--seed", "3")
    _, c, _ = generate("--seed", "4")
    check(code == 0 and a == b, "same flags, same bytes")
    check(a != c, "another seed, other bytes")
    check(a.endswith(b"}\n"), "the JSON ends with a newline")
    ok, schema_ok, _ = validates(a, tmp, "default.json")
    check(ok, "the default network validates (no warning but the sellers' policy)")
    check(schema_ok, "the default network matches scenarios/schema.json")

    big_flags = ["--skus", "1000000", "--warehouses", "50", "--zones", "200", "--orders-per-day", "3000000",
                 "--peak", "3", "--suppliers", "200", "--sellers", "50", "--milk-runs", "20"]
    code, big, _ = generate(*big_flags)
    check(code == 0 and len(big) < 1_000_000, f"50 warehouses, 1M SKUs, 200 zones: {len(big)} bytes, under 1 MB")
    doc = json.loads(big)
    jsonschema.validate(doc, SCHEMA)
    # milkrun validate plans every milk run over the whole catalog: 1M SKUs take ~20 s,
    # so the same network is validated with 100,000 SKUs.
    code, large, _ = generate(*big_flags[2:], "--skus", "100000")
    ok, schema_ok, _ = validates(large, tmp, "large.json")
    check(code == 0 and ok and schema_ok, "the network with 100,000 SKUs validates (milkrun and schema)")
    check(len(doc["warehouses"]) == 50 and len(doc["zones"]) == 200 and doc["catalog"]["generate"]["skus"] == 1000000,
          "the large network has the counts asked for")
    check(doc["demand"]["peaks"][0]["multiplier"] == 3 and doc["demand"]["peaks"][0]["from"] == "2026-11-08",
          "--peak puts a one-day peak on the last day")
    code, most, _ = generate("--warehouses", "500", "--zones", "2000", "--suppliers", "500", "--sellers", "500",
                             "--skus", "10000000", "--milk-runs", "500")
    check(code == 0 and len(most) < 1_000_000, f"every flag at its largest: {len(most)} bytes, under 1 MB")

    for flags, word in [(["--warehouses", "0"], "--warehouses"), (["--zones", "2001"], "--zones"),
                        (["--skus", "10000001"], "--skus"), (["--orders-per-day", "0"], "--orders-per-day"),
                        (["--peak", "0.5"], "--peak"), (["--days", "0"], "--days"),
                        (["--suppliers", "2", "--milk-runs", "3"], "--milk-runs"), (["--sellers", "-1"], "--sellers"), (["--seed", "-1"], "--seed")]:
        code, out, err = generate(*flags)
        check(code == 2 and out == b"" and err.count("\n") == 1 and word in err,
              f"{' '.join(flags)}: exit 2, one line naming {word} ({err.strip()!r})")

    # A small network runs and its KPIs make sense.
    code, small, _ = generate("--warehouses", "2", "--zones", "20", "--skus", "200", "--orders-per-day", "2000",
                              "--days", "7", "--suppliers", "4", "--sellers", "1", "--milk-runs", "2")
    _, _, path = validates(small, tmp, "small.json")
    p = subprocess.run([MILKRUN, "run", path, "-r", "1", "-o", os.path.join(tmp, "out")], capture_output=True, text=True)
    check(p.returncode == 0, f"a small generated network runs ({p.stderr.strip()[:200]})")
    if p.returncode == 0:
        k = json.load(open(os.path.join(tmp, "out", "summary.json")))["kpis"]
        orders = k["orders"]["mean"]
        expected = 2000 * 7
        check(abs(orders - expected) / expected < 0.05, f"orders {orders} within 5% of {expected}")
        fill = k["fill_rate"]["mean"]
        check(0.8 <= fill <= 1.0, f"fill rate {fill:.3f} in [0.8, 1]")
        on_time = k["on_time_rate"]["mean"]
        check(on_time >= 0.7, f"on-time rate {on_time:.3f} at least 0.7")

# scenarios/bench/ is what regenerate.py writes with this generator, and matches the schema.
bench = SOURCE / "scenarios" / "bench"
p = subprocess.run([sys.executable, str(bench / "regenerate.py"), MILKRUN, "--check"], capture_output=True, text=True)
check(p.returncode == 0, f"scenarios/bench/*.json are what regenerate.py writes {p.stdout.strip()}")
for name in ("small", "medium", "amazon-peak-day", "amazon-peak-season"):
    doc = json.loads((bench / (name + ".json")).read_text())
    jsonschema.validate(doc, SCHEMA)
    check(next(iter(doc)) == "$schema", f"bench/{name}.json starts with $schema and matches the schema")

if FAILED:
    print(f"{len(FAILED)} failed")
    sys.exit(1)
