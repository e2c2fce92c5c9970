"""Writes the benchmark scenarios of this folder with `milkrun generate` (SPEC §9), plus the
few edits the flags cannot say: a name, the "$schema" line, and the dates of the Amazon-scale
runs. Usage: python3 scenarios/bench/regenerate.py build/milkrun [--check]
With --check, writes nothing and exits 1 if a file differs from what it would write."""
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
AMAZON = ["--warehouses", "50", "--zones", "400", "--suppliers", "500", "--sellers", "100", "--milk-runs", "10",
          "--skus", "1000000", "--orders-per-day", "3000000", "--peak", "3"]


def peak_day(doc):
    # The measured day is Cyber Monday 2026 (a Monday, weekday weight 1: 3M x 3 = 9M orders),
    # after the generator's 7-day warm-up that puts replenishment under way.
    doc["start"] = "2026-11-23"
    doc["calendar"] = {"holidays": ["2026-11-26"]}
    doc["demand"]["peaks"] = [{"from": "2026-11-30", "to": "2026-11-30", "multiplier": 3}]


def peak_season(doc):
    # 42 measured days from Monday 2 November 2026 (warm-up from 26 October), Thanksgiving
    # closed, Black Friday and Cyber Monday at 3x the base, the weekend between at 2x.
    doc["start"] = "2026-10-26"
    doc["calendar"] = {"holidays": ["2026-11-26", "2026-12-25"]}
    doc["demand"]["peaks"] = [{"from": "2026-11-27", "to": "2026-11-27", "multiplier": 3},
                              {"from": "2026-11-28", "to": "2026-11-29", "multiplier": 2},
                              {"from": "2026-11-30", "to": "2026-11-30", "multiplier": 3}]


BENCHES = {
    "small": (["--warehouses", "1", "--skus", "1000", "--orders-per-day", "100000", "--days", "28"], None),
    "medium": (["--warehouses", "10", "--zones", "200", "--suppliers", "100", "--sellers", "20", "--milk-runs", "20",
                "--skus", "100000", "--orders-per-day", "1000000", "--days", "28"], None),
    "amazon-peak-day": (AMAZON + ["--days", "1"], peak_day),
    "amazon-peak-season": (AMAZON + ["--days", "42"], peak_season),
}


def scenario(milkrun, name):
    flags, edit = BENCHES[name]
    generated = json.loads(subprocess.run([milkrun, "generate", *flags], check=True, capture_output=True).stdout)
    if edit:
        edit(generated)
    generated["name"] = "bench-" + name
    # "$schema" first, then the keys in the generator's order ("calendar" after "replications").
    doc = {"$schema": "../schema.json"}
    for key, value in generated.items():
        if key == "calendar":
            continue
        doc[key] = value
        if key == "replications" and "calendar" in generated:
            doc["calendar"] = generated["calendar"]
    return json.dumps(doc, indent=1) + "\n"


def main():
    milkrun, check = sys.argv[1], "--check" in sys.argv[2:]
    stale = []
    for name in BENCHES:
        path = HERE / (name + ".json")
        text = scenario(milkrun, name)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.write_text(text)
            print(f"{path.name}: {len(text)} bytes")
    if stale:
        print("differ from regenerate.py: " + ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
