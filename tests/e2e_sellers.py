"""Seller standards (SPEC R47) on scenarios/examples/seller-standards.json: S-CASCADIA ships
twice a week from close by, S-MIDWAY and S-FARAWAY once a week from far away, S-FARAWAY with
too little cover; here an idle seller S-IDLE, with no SKUs at all, joins them.

- summary.json: each seller's above_threshold and surely_above agree with the defect rate and
  CI written beside them; the good seller is clearly below its threshold, the bad one clearly
  above; the idle one has rate 0 in every replication. Thresholds placed inside and outside
  the bad seller's CI move the flags and no number; the default threshold is 0.01.
- report.html lists the sellers above their threshold, with the numbers of summary.json.
- `check`: "sellers" with "*" and an override passes; "*" alone fails (exit 1) on the bad
  seller only; an override replaces "*" only for the KPIs it names; an unknown seller is exit 2;
  the JUnit and JSON checks are named sellers.ID.KPI.
"""
import html.parser
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET

from cli_check import check, finish, milkrun, run, source

EXAMPLE = os.path.join(source, "scenarios", "examples", "seller-standards.json")
FLAG_KEYS = ["kpis", "above_threshold", "surely_above"]


def example():
    with open(EXAMPLE) as f:
        doc = json.load(f)
    del doc["$schema"]  # the copies live in a temporary folder
    return doc


def thresholds(doc):
    return {s["id"]: s.get("defect_threshold", 0.01) for s in doc["sellers"]}


def flags_agree(label, summary, limits):
    """Each seller's flags say what its defect rate's mean and CI in summary.json say."""
    for sid, entry in summary["sellers"].items():
        rate = entry["kpis"]["defect_rate"]
        check(list(entry) == FLAG_KEYS, f"{label}: {sid} has {FLAG_KEYS} in that order ({list(entry)})")
        check(entry["above_threshold"] == (rate["mean"] > limits[sid]),
              f"{label}: {sid} above_threshold {entry['above_threshold']} for mean {rate['mean']} and threshold {limits[sid]}")
        check(entry["surely_above"] == (rate["ci95"][0] > limits[sid]),
              f"{label}: {sid} surely_above {entry['surely_above']} for CI {rate['ci95']} and threshold {limits[sid]}")


def kpis_of(summary):
    return {sid: entry["kpis"] for sid, entry in summary["sellers"].items()}


class Tables(html.parser.HTMLParser):
    """The rows of the tables under each <h2> (section title -> [[cell text, ...], ...])."""

    def __init__(self):
        super().__init__()
        self.sections, self.section, self.text, self.row, self.in_h2 = {}, None, "", None, False

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.in_h2, self.text = True, ""
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2, self.section = False, self.text
            self.sections[self.section] = []
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self.text.strip())
        elif tag == "tr" and self.section is not None:
            self.sections[self.section].append(self.row)
            self.row = None

    def handle_data(self, data):
        self.text += data


def percent(v):
    """As report.html prints a rate: percent, 4 significant digits (C's %.4g)."""
    return f"{v * 100:.4g}"


def check_report(path, summary, limits):
    parser = Tables()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    rows = parser.sections.get("Seller standards")
    check(rows is not None, f"report.html has a 'Seller standards' section ({list(parser.sections)})")
    if rows is None:
        return
    listed = {row[0]: row for row in rows[1:]}
    above = [sid for sid, e in summary["sellers"].items() if e["above_threshold"]]
    check(sorted(listed) == sorted(above), f"report.html lists the sellers above threshold {above} ({sorted(listed)})")
    for sid in above:
        if sid not in listed:
            continue
        rate = summary["sellers"][sid]["kpis"]["defect_rate"]
        want = [sid, percent(rate["mean"]), f"[{percent(rate['ci95'][0])}, {percent(rate['ci95'][1])}]",
                percent(limits[sid]), "yes" if summary["sellers"][sid]["surely_above"] else "no"]
        check(listed[sid][:5] == want, f"report.html row of {sid} is {want} ({listed[sid]})")


def check_junit(label, path, want_names, want_failed):
    cases = ET.parse(path).getroot().iter("testcase")
    got = {c.get("name").split(" ")[0]: c.find("failure") is not None for c in cases}
    check(sorted(got) == sorted(want_names), f"{label}: JUnit test cases {sorted(want_names)} ({sorted(got)})")
    check(sorted(n for n, failed in got.items() if failed) == sorted(want_failed),
          f"{label}: JUnit failures {sorted(want_failed)} ({got})")


with tempfile.TemporaryDirectory(prefix="milkrun-e2e-sellers-") as tmp:
    def write(name, doc):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
        return path

    def summary_of(out):
        with open(os.path.join(tmp, out, "summary.json")) as f:
            return json.load(f)

    def milkrun_run(args, out, want=0):
        r = run(["run", *args, "-o", out], tmp)
        check(r.returncode == want, f"run {' '.join(args)} exits {want} ({r.returncode}: {r.stderr})")
        return r

    doc = example()
    del doc["expect"]
    idle = dict(doc["sellers"][0], id="S-IDLE")
    idle.pop("defect_threshold", None)
    doc["sellers"].append(idle)
    limits = thresholds(doc)
    check(limits == {"S-CASCADIA": 0.01, "S-MIDWAY": 0.03, "S-FARAWAY": 0.01, "S-IDLE": 0.01},
          f"the test's scenario has the thresholds it means to ({limits})")
    scenario = write("sellers.json", doc)

    # Flags against the CI summary.json reports.
    milkrun_run([scenario], "base")
    base = summary_of("base")
    flags_agree("base", base, limits)
    good, bad, idle = (base["sellers"][s] for s in ("S-CASCADIA", "S-FARAWAY", "S-IDLE"))
    good_rate, bad_rate = good["kpis"]["defect_rate"], bad["kpis"]["defect_rate"]
    print(f"S-CASCADIA defect rate {good_rate['mean']:.5f} {good_rate['ci95']}, "
          f"S-FARAWAY {bad_rate['mean']:.5f} {bad_rate['ci95']}")
    check(good["kpis"]["orders"]["mean"] > 1000 and good_rate["ci95"][1] < 0.01 and good_rate["mean"] > 0,
          f"S-CASCADIA is clearly below 1% with defects and orders ({good_rate}, orders {good['kpis']['orders']['mean']})")
    check(not good["above_threshold"] and not good["surely_above"], "S-CASCADIA is not above its threshold")
    check(bad_rate["ci95"][0] > 0.05, f"S-FARAWAY is clearly above 1% ({bad_rate})")
    check(bad["above_threshold"] and bad["surely_above"], "S-FARAWAY is surely above its threshold")
    check(idle["kpis"]["orders"]["values"] == [0] * doc["replications"], f"S-IDLE has no orders ({idle['kpis']['orders']})")
    check(idle["kpis"]["defect_rate"] == {"mean": 0, "ci95": [0.0, 0.0], "values": [0] * doc["replications"]},
          f"a seller with no orders has defect rate 0 ({idle['kpis']['defect_rate']})")
    check(not idle["above_threshold"] and not idle["surely_above"], "S-IDLE is not above its threshold")

    # Thresholds inside and around S-FARAWAY's CI move its flags and no number.
    lo, mean, hi = bad_rate["ci95"][0], bad_rate["mean"], bad_rate["ci95"][1]
    for i, (limit, above, surely) in enumerate([((lo + mean) / 2, True, False), ((mean + hi) / 2, False, False),
                                                (lo / 2, True, True), (1, False, False), (0, True, True)]):
        milkrun_run([scenario, "--set", f"/sellers/2/defect_threshold={limit!r}"], f"limit{i}")
        moved = summary_of(f"limit{i}")
        flags_agree(f"threshold {limit}", moved, dict(limits, **{"S-FARAWAY": limit}))
        entry = moved["sellers"]["S-FARAWAY"]
        check((entry["above_threshold"], entry["surely_above"]) == (above, surely),
              f"threshold {limit} in [{lo}, {hi}]: S-FARAWAY above {above}, surely {surely} "
              f"({entry['above_threshold']}, {entry['surely_above']})")
        check(kpis_of(moved) == kpis_of(base) and moved["kpis"] == base["kpis"], f"threshold {limit} moves no number")

    # The default threshold is 0.01: written out, the same bytes; just below the mean, above.
    milkrun_run([scenario, "--set", "/sellers/0/defect_threshold=0.01"], "explicit")
    with open(os.path.join(tmp, "base", "summary.json"), "rb") as a, open(os.path.join(tmp, "explicit", "summary.json"), "rb") as b:
        check(a.read() == b.read(), "S-CASCADIA's default threshold gives the bytes of an explicit 0.01")
    milkrun_run([scenario, "--set", f"/sellers/0/defect_threshold={good_rate['mean'] * 0.99!r}"], "below-good")
    check(summary_of("below-good")["sellers"]["S-CASCADIA"]["above_threshold"], "a threshold below S-CASCADIA's mean flags it")
    bad_doc = json.loads(json.dumps(doc))
    bad_doc["sellers"][3]["defect_threshold"] = 1.5
    r = run(["validate", os.path.basename(write("bad-threshold.json", bad_doc))], tmp)
    check(r.returncode == 2 and r.stderr == "bad-threshold.json: /sellers/3/defect_threshold: must be a number between 0 and 1, got 1.5\n",
          f"a threshold above 1 is exit 2 with its pointer ({r.returncode}: {r.stderr!r})")

    # report.html lists the sellers above, with the numbers of summary.json.
    check_report(os.path.join(tmp, "base", "report.html"), base, limits)
    check_report(os.path.join(tmp, "limit1", "report.html"), summary_of("limit1"), dict(limits, **{"S-FARAWAY": (mean + hi) / 2}))

    # expect: "*" and an override.
    sellers = ["S-CASCADIA", "S-MIDWAY", "S-FARAWAY", "S-IDLE"]
    names = [f"sellers.{s}.defect_rate" for s in sellers]

    def check_expect(label, expect, want_code, want_names, want_failed, want_bounds=None):
        path = write(f"{label}.json", dict(doc, expect=expect))
        junit, as_json = os.path.join(tmp, f"{label}.xml"), os.path.join(tmp, f"{label}-check.json")
        r = run(["check", os.path.basename(path), "--junit", junit, "--json", as_json], tmp)
        check(r.returncode == want_code, f"{label}: check exits {want_code} ({r.returncode}: {r.stderr})")
        if want_code == 2:
            return r
        with open(as_json) as f:
            checks = json.load(f)["checks"]
        check([c["name"] for c in checks] == want_names, f"{label}: checks {want_names} ({[c['name'] for c in checks]})")
        check(sorted(c["name"] for c in checks if not c["passed"]) == sorted(want_failed),
              f"{label}: failed checks {want_failed} ({checks})")
        for name, bound in (want_bounds or {}).items():
            got = [c["bound"] for c in checks if c["name"] == name]
            check(got == [bound], f"{label}: {name} is judged on {bound} ({got})")
        check_junit(label, junit, want_names, want_failed)
        return r

    star = {"defect_rate": {"<=": 0.01}}
    check_expect("star-with-overrides", {"sellers": {"*": star, "S-FARAWAY": {"defect_rate": {"<=": 0.9}},
                                                     "S-MIDWAY": {"defect_rate": {"<=": 0.5}}}}, 0,
                 names, [], {"sellers.S-FARAWAY.defect_rate": "<= 0.9", "sellers.S-CASCADIA.defect_rate": "<= 0.01"})
    check_expect("star-alone", {"sellers": {"*": star}}, 1, names,
                 ["sellers.S-MIDWAY.defect_rate", "sellers.S-FARAWAY.defect_rate"])
    check_expect("star-alone-on-any", {"sellers": {"*": {"defect_rate": {"<=": 0.03, "on": "any"}}}}, 1, names,
                 ["sellers.S-FARAWAY.defect_rate"])
    # The override names defect_rate only: S-FARAWAY keeps the "*" bound on orders.
    check_expect("override-one-kpi",
                 {"sellers": {"*": {"defect_rate": {"<=": 0.01}, "orders": {">=": 1}},
                              "S-FARAWAY": {"defect_rate": {"<=": 0.9}}}}, 1,
                 [f"sellers.{s}.{k}" for s in sellers for k in ("defect_rate", "orders")],
                 ["sellers.S-MIDWAY.defect_rate", "sellers.S-IDLE.orders"],
                 {"sellers.S-FARAWAY.defect_rate": "<= 0.9", "sellers.S-FARAWAY.orders": ">= 1"})
    r = check_expect("unknown-seller", {"sellers": {"*": star, "S-FARAWAI": star}}, 2, [], [])
    check(r.stderr == 'unknown-seller.json: /expect/sellers/S-FARAWAI: no seller "S-FARAWAI"; did you mean "S-FARAWAY"?\n',
          f"an unknown seller is named with the closest id ({r.stderr!r})")

    # `run` judges the same expectations into summary.json.
    milkrun_run([write("run-expect.json", dict(doc, expect={"sellers": {"*": star}}))], "run-expect")
    judged = summary_of("run-expect")["expect"]
    check([(e["name"], e["passed"]) for e in judged] == [(n, "MIDWAY" not in n and "FARAWAY" not in n) for n in names],
          f"run judges every seller into summary.json ({judged})")

    # The example as shipped passes its own expect block.
    r = run(["check", EXAMPLE], tmp)
    check(r.returncode == 0, f"check scenarios/examples/seller-standards.json passes ({r.returncode}: {r.stdout}{r.stderr})")

sys.exit(finish("e2e_sellers"))
