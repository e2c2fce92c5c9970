"""report.html in a real browser (issue #12, SPEC §8): each kind of report (run, compare, sweep)
renders in headless Chromium with no console error and no network request, draws every chart it
should, reads the same in print, and leaves a screenshot.

First the harness checks itself (tests/browser.py --self-test: a clean sample page passes, a
script error, an outside image and an empty chart are each caught), so that a report that passes
here passed a harness that can fail. Screenshots go to $MILKRUN_SCREENSHOTS when set (to refresh
the README's), else to the temporary directory.
"""
import html.parser
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

milkrun = sys.argv[1]
source = os.environ["MILKRUN_SOURCE"]
milk_run = os.path.join(source, "scenarios", "golden", "milk-run.json")
midwest = os.path.join(source, "tests", "midwest", "midwest.json")
midwest_mwf = os.path.join(source, "tests", "midwest", "midwest-mwf.json")
failures = []

# The chart ids the generator writes (one <figure class="chart" data-chart="ID"> each).
RUN_CHARTS = ["daily-orders", "daily-late", "daily-stockouts", "daily-backlog", "on-hand",
              "receiving-backlog", "top-pairs", "map"]
SUPPLIER_CHARTS = ["supplier-causes"]
MILK_RUN_CHARTS = ["trip-utilization", "missed-pickups"]
COMPARE_CHARTS = ["diff", "compare-late", "compare-stockouts", "compare-backlog", "compare-on-hand", "map"]
SWEEP_CHARTS = ["sweep-1", "sweep-2", "sweep-3", "sweep-4"]


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def scenario_name(path):
    with open(path) as f:
        return json.load(f)["name"]


def run_charts(path):
    """The run charts a scenario's report must have: supplier and milk-run charts only when the
    scenario has suppliers and milk runs."""
    with open(path) as f:
        doc = json.load(f)
    return (RUN_CHARTS + (SUPPLIER_CHARTS if doc.get("suppliers") else [])
            + (MILK_RUN_CHARTS if doc.get("milk_runs") else []))


class Outside(html.parser.HTMLParser):
    """Collects what in the markup would reach outside the file: http(s) in a src or href,
    stylesheets and scripts by reference, any src that is not inline data."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = [(k.lower(), v or "") for k, v in attrs]
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "poster", "data", "action"):
                if re.search(r"https?://", value, re.I):
                    self.problems.append(f"<{tag} {name}={value!r}>: an address on the network")
                elif name != "href" and value and not value.startswith(("data:", "#")):
                    self.problems.append(f"<{tag} {name}={value!r}>: a file beside the report")
        names = dict(attrs)
        if tag == "script" and "src" in names:
            self.problems.append(f"<script src={names['src']!r}>: a script by reference")
        if tag == "link" and "stylesheet" in names.get("rel", "").lower():
            self.problems.append(f"<link rel=stylesheet href={names.get('href')!r}>: a stylesheet by reference")

    handle_startendtag = handle_starttag


def static_problems(text):
    """Why the report's text is not self-contained (SPEC §8), from the markup alone."""
    parser = Outside()
    parser.feed(text)
    problems = parser.problems
    if re.search(r"@import", text, re.I):
        problems.append("@import in a stylesheet")
    for url in re.findall(r"url\(\s*['\"]?([^'\")\s]*)", text):
        if not url.startswith(("data:", "#")):
            problems.append(f"url({url}) in a stylesheet")
    return problems


def check_report(label, directory, expected_charts, name, chromium, shots):
    """Static checks, then one render; returns the Result (None when there is no report)."""
    path = os.path.join(directory, "report.html")
    if not os.path.isfile(path):
        check(False, f"{label}: {path} exists (is the report generator in this build?)")
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    print(f"{label}: report.html is {len(text.encode()) / 1024:.0f} KiB")
    problems = static_problems(text)
    check(problems == [], f"{label}: report.html is self-contained ({problems})")

    shot = os.path.join(shots, f"report-{label}.png")
    result = browser.render(path, shot, pdf_path=os.path.join(directory, "report.pdf"), browser=chromium)
    print(f"{label}: rendered in {result.seconds:.1f} s, page {result.page_height} px, "
          f"screenshot {result.screenshot_bytes / 1024:.0f} KiB ({shot}), PDF {result.pdf_bytes / 1024:.0f} KiB")
    for entry in result.console:
        print(f"{label}: console {entry['level']} ({entry['source']}): {entry['text']}")
    check(result.errors() == [], f"{label}: no console error ({result.errors()})")
    check(result.requests == [], f"{label}: no network or file request ({result.requests})")
    check(result.chart_problems == [], f"{label}: charts follow the contract ({result.chart_problems})")
    missing = [c for c in expected_charts if c not in result.charts]
    check(missing == [], f"{label}: charts {missing} present (page has {sorted(result.charts)})")
    empty = [c for c in expected_charts if result.charts.get(c) == 0]
    check(empty == [], f"{label}: charts {empty} have marks")
    blank_in_print = [c for c in expected_charts if result.charts.get(c) and not (result.print_charts or {}).get(c)]
    check(blank_in_print == [], f"{label}: charts {blank_in_print} still drawn in print")
    check(result.pdf_bytes > 10_000, f"{label}: prints to a PDF ({result.pdf_bytes} bytes)")
    check(result.h1 is not None and name in result.h1, f"{label}: <h1> names the scenario {name!r} ({result.h1!r})")
    check(browser.is_png(shot) and os.path.getsize(shot) > 10_000, f"{label}: a PNG screenshot ({result.screenshot_bytes} bytes)")
    return result


def milkrun_run(args, cwd):
    began = time.monotonic()
    out = subprocess.run([milkrun] + args, capture_output=True, text=True, cwd=cwd, timeout=300)
    check(out.returncode == 0, f"milkrun {' '.join(args)} exits 0 ({out.returncode}: {out.stderr})")
    print(f"milkrun {args[0]}: {time.monotonic() - began:.1f} s")


# A test runner's timeout sends SIGTERM: exit through the finally blocks that close Chromium
# and remove its profile (Chromium also quits by itself when its pipe closes).
signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL stopped by SIGTERM"))
try:
    print(f"chromium: {browser.find_chromium()}")
except browser.BrowserError as e:
    sys.exit(f"FAIL {e}")
began = time.monotonic()
self_test_failures = browser.self_test()
check(self_test_failures == [], f"the browser harness passes its self-test ({self_test_failures})")
print(f"browser self-test: {time.monotonic() - began:.1f} s")

with tempfile.TemporaryDirectory(prefix="milkrun-e2e-report-") as tmp:
    shots = os.environ.get("MILKRUN_SCREENSHOTS") or tmp
    os.makedirs(shots, exist_ok=True)
    milkrun_run(["run", milk_run, "-r", "2", "-o", "run"], tmp)
    # The Midwest question (tests/e2e_midwest.py): Chicago pickups Mon,Thu against Mon,Wed,Fri.
    milkrun_run(["compare", midwest, midwest_mwf, "-r", "2", "-o", "compare"], tmp)
    milkrun_run(["sweep", milk_run, "--vary", "/warehouses/0/pick_pack/stations=4,6,12", "-r", "2", "-o", "sweep"], tmp)

    reports = [("run", run_charts(milk_run), scenario_name(milk_run)),
               ("compare", COMPARE_CHARTS, scenario_name(midwest)),
               ("sweep", SWEEP_CHARTS, scenario_name(milk_run))]
    chromium = None
    try:
        for label, charts, name in reports:
            if chromium is None:
                chromium = browser.Chromium().start()
            try:
                check_report(label, os.path.join(tmp, label), charts, name, chromium, shots)
            except browser.BrowserError as e:
                check(False, f"{label}: renders in Chromium ({e})")
                # The page may still be running: the next report gets a fresh browser.
                chromium.close()
                chromium = None
    finally:
        if chromium is not None:
            chromium.close()

print(f"e2e_report: {time.monotonic() - began:.1f} s")
if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all report checks passed")
