"""Render a self-contained HTML page in headless Chromium and report what a reader would miss.

The report test (tests/e2e_report.py) needs to know, for each `report.html`, whether the page
logged an error, fetched anything from outside itself, drew every chart, and prints; and it
keeps a screenshot. This module drives Debian's `chromium` through the DevTools protocol over
`--remote-debugging-pipe` (file descriptors 3 and 4, one JSON message per NUL-terminated
chunk), so it needs nothing beyond the Python standard library.

    result = render("report.html", "report.png")
    result.console   # [{"level", "source", "text"}]: console calls, uncaught exceptions, log entries
    result.requests  # every URL the page asked for, other than itself and data: URLs
    result.charts    # {data-chart id: number of non-empty .mark elements}

`python3 tests/browser.py --self-test` checks the harness itself on small pages: a clean page,
a script error, an outside image and an empty chart must each be seen.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

TIMEOUT_SECONDS = 60
# Chromium cannot capture a taller image than this in one piece (its largest texture).
MAX_SCREENSHOT_HEIGHT = 16384

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    # Containers and root: /dev/shm is often small, there is no desktop and no first run.
    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-component-extensions-with-background-pages",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-breakpad", "--disable-crash-reporter",
    "--disable-features=Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider",
    "--metrics-recording-only", "--mute-audio", "--no-pings", "--password-store=basic",
    "--use-mock-keychain",
    # The page must not need the network: no name resolves, so nothing leaves the machine,
    # while the page's attempts still show up as requests.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # Screenshots that look the same from one machine to the next.
    "--hide-scrollbars", "--force-color-profile=srgb", "--font-render-hinting=none",
]

# Evaluated in the page after load: the contract of report.html (one <figure class="chart"
# data-chart="ID"> per chart, one inline <svg> in it and a <figcaption>; data marks carry class
# "mark"; a mark counts when its box has an extent).
PAGE_PROBE = r"""
(() => {
  const charts = {}, problems = [];
  for (const fig of document.querySelectorAll('figure.chart')) {
    const id = fig.getAttribute('data-chart');
    if (!id) { problems.push('a figure.chart without data-chart'); continue; }
    if (id in charts) problems.push(`chart ${id} appears twice`);
    const svgs = fig.querySelectorAll('svg');
    if (svgs.length !== 1) problems.push(`chart ${id} has ${svgs.length} <svg> elements, not 1`);
    const caption = fig.querySelector('figcaption');
    if (!caption || !caption.textContent.trim()) problems.push(`chart ${id} has no figcaption text`);
    let marks = 0;
    for (const mark of fig.querySelectorAll('svg .mark')) {
      if (typeof mark.getBBox !== 'function') continue;
      const box = mark.getBBox();
      if (box.width > 0 || box.height > 0) marks++;
    }
    charts[id] = marks;
  }
  const h1 = document.querySelector('h1');
  const root = document.documentElement;
  return {charts, problems, title: document.title, h1: h1 ? h1.textContent.trim() : null,
          width: Math.ceil(Math.max(root.scrollWidth, document.body ? document.body.scrollWidth : 0)),
          height: Math.ceil(Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0))};
})()
"""


class BrowserError(Exception):
    """Chromium could not be started, died, timed out or refused a command."""


class Result:
    """What one render saw. `print_charts` is `charts` again under print media (None when the
    render did not print); `pdf_bytes` the size of the printed PDF."""

    def __init__(self):
        self.url = None
        self.loader_id = None
        self.console = []
        self.requests = []
        self.failed_requests = []
        self.charts = {}
        self.chart_problems = []
        self.print_charts = None
        self.title = None
        self.h1 = None
        self.page_height = 0
        self.screenshot_path = None
        self.screenshot_bytes = 0
        self.pdf_bytes = 0
        self.seconds = 0.0

    def errors(self):
        """Console entries of level error (uncaught exceptions and failed loads included)."""
        return [c for c in self.console if c["level"] == "error"]

    def __repr__(self):
        return (f"Result(h1={self.h1!r}, charts={self.charts}, console={self.console}, "
                f"requests={self.requests}, {self.seconds:.1f} s)")


def find_chromium():
    """The `chromium` on PATH (or $CHROMIUM); a clear error when there is none."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        raise BrowserError("chromium not found on PATH: install the Debian package `chromium` "
                           "(tools/setup-debian.sh --tests does)")
    return path


class Chromium:
    """One headless Chromium process and its DevTools pipe; use as a context manager so the
    process group is always killed and the profile directory removed."""

    def __init__(self, timeout=TIMEOUT_SECONDS):
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.proc = None
        self.tmp = tempfile.mkdtemp(prefix="milkrun-chromium-")

    def start(self):
        """Start Chromium; returns self. Call close() after (or use `with`)."""
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def _start(self):
        binary = find_chromium()
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4. Move our ends out of the
        # way first so that the dup2 in the child cannot overwrite one with the other.
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire_pipe():
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        env = dict(os.environ, HOME=self.tmp, XDG_CONFIG_HOME=self.tmp, XDG_CACHE_HOME=self.tmp)
        self.stderr_path = os.path.join(self.tmp, "stderr.txt")
        args = [binary] + FLAGS + [f"--user-data-dir={os.path.join(self.tmp, 'profile')}",
                                   f"--crash-dumps-dir={self.tmp}", "--remote-debugging-pipe",
                                   "about:blank"]
        with open(self.stderr_path, "wb") as stderr:
            try:
                self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=stderr, env=env, close_fds=False,
                                             preexec_fn=wire_pipe, start_new_session=True)
            finally:
                os.close(child_r)
                os.close(child_w)
        os.set_blocking(self.from_chrome, False)

    def stderr_tail(self, lines=15):
        try:
            with open(self.stderr_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def close(self):
        """Ask Chromium to quit, then kill its process group; remove the profile."""
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    self._write({"id": -1, "method": "Browser.close"})
                    self.proc.wait(timeout=3)
                except (OSError, subprocess.TimeoutExpired, BrowserError):
                    pass
            # Renderer and zygote processes share the group of the process we started.
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                time.sleep(0.2)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
        for fd in ("to_chrome", "from_chrome"):
            if getattr(self, fd, None) is not None:
                try:
                    os.close(getattr(self, fd))
                except OSError:
                    pass
                setattr(self, fd, None)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _fail(self, what):
        raise BrowserError(f"{what}\nchromium stderr (last lines):\n{self.stderr_tail()}")

    def _write(self, message):
        data = json.dumps(message).encode() + b"\0"
        while data:
            try:
                data = data[os.write(self.to_chrome, data):]
            except BrokenPipeError:
                self._fail("chromium closed its DevTools pipe")

    def _read_message(self, waiting_for):
        """The next message from Chromium, waiting until the deadline."""
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                self._fail(f"timed out after {self.timeout} s waiting for {waiting_for}")
            ready, _, _ = select.select([self.from_chrome], [], [], min(left, 1.0))
            if not ready:
                if self.proc.poll() is not None:
                    self._fail(f"chromium exited with status {self.proc.returncode} while waiting for {waiting_for}")
                continue
            try:
                chunk = os.read(self.from_chrome, 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                self._fail(f"chromium closed its DevTools pipe while waiting for {waiting_for}")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method, params=None, session=None):
        """Send one command and return its result; events that arrive meanwhile are queued."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write(message)
        while True:
            reply = self._read_message(method)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    self._fail(f"{method} failed: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method, session=None):
        """Queue events until one named `method` arrives (or one already queued); return it."""
        for event in self.events:
            if event["method"] == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._read_message(method)
            if "method" in event:
                self.events.append(event)
                if event["method"] == method and event.get("sessionId") == session:
                    return event
                if event["method"] in ("Inspector.targetCrashed", "Target.targetCrashed"):
                    self._fail(f"the page crashed while waiting for {method}")

    def drain(self, seconds):
        """Queue whatever events arrive in the next `seconds`."""
        end = min(time.monotonic() + seconds, self.deadline)
        while True:
            left = end - time.monotonic()
            if b"\0" not in self.buffer:
                if left <= 0 or not select.select([self.from_chrome], [], [], left)[0]:
                    return
                try:
                    chunk = os.read(self.from_chrome, 1 << 20)
                except BlockingIOError:
                    continue
                if not chunk:
                    self._fail("chromium closed its DevTools pipe")
                self.buffer += chunk
                continue
            event = self._read_message("events")
            if "method" in event:
                self.events.append(event)


def _remote_text(arg):
    """A console argument as the console would show it."""
    if "value" in arg:
        return arg["value"] if isinstance(arg["value"], str) else json.dumps(arg["value"])
    return arg.get("description") or arg.get("unserializableValue") or arg.get("type", "")


def _collect(events, result):
    """Console messages and requests from the events of the page's session."""
    levels = {"warning": "warning", "error": "error", "assert": "error", "debug": "debug",
              "info": "info", "verbose": "verbose"}
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(_remote_text(a) for a in params.get("args", []))
            result.console.append({"level": levels.get(params["type"], "log"), "source": "console-api", "text": text})
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            # The description carries the stack with its place; the bare text does not.
            text = details.get("exception", {}).get("description") or (
                f"{details.get('text', 'exception')} ({details.get('url', '')}:{details.get('lineNumber', 0) + 1})")
            result.console.append({"level": "error", "source": "exception", "text": text})
        elif method == "Log.entryAdded":
            entry = params["entry"]
            text = entry.get("text", "") + (f" ({entry['url']})" if entry.get("url") else "")
            result.console.append({"level": levels.get(entry["level"], "log"), "source": entry.get("source", "log"), "text": text})
        elif method == "Network.requestWillBeSent":
            # The page's own load is the request its navigation started.
            url = params["request"]["url"]
            own = params.get("requestId") == result.loader_id or url.split("#")[0] == result.url
            if not own and not url.startswith("data:") and url not in result.requests:
                result.requests.append(url)
        elif method == "Network.loadingFailed":
            result.failed_requests.append(params.get("errorText", ""))


def _evaluate(browser, session, expression, what):
    reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                              "awaitPromise": True}, session)
    if "exceptionDetails" in reply:
        raise BrowserError(f"{what} threw: {reply['exceptionDetails'].get('exception', {}).get('description')}")
    return reply["result"].get("value")


def render(html_path, screenshot_path=None, width=1280, pdf_path=None, print_check=True,
           timeout=TIMEOUT_SECONDS, browser=None):
    """Load `html_path` in headless Chromium, wait for it to settle, and return a Result.
    Writes a full-page PNG to `screenshot_path` (if given); with `print_check`, also probes the
    charts under print media and prints the page to PDF (written to `pdf_path` if given).
    Starts its own Chromium unless given one (`with Chromium() as b: render(..., browser=b)`
    saves the two seconds of a start per page); each page gets a fresh browser context either
    way. After a BrowserError, close a shared browser: the page may still be running."""
    if browser is None:
        with Chromium(timeout) as own:
            return render(html_path, screenshot_path, width, pdf_path, print_check, timeout, own)
    start = time.monotonic()
    browser.deadline = start + timeout
    browser.timeout = timeout
    result = Result()
    result.url = "file://" + urllib.parse.quote(os.path.abspath(html_path))
    context = browser.send("Target.createBrowserContext")["browserContextId"]
    target = browser.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    _load(browser, session, html_path, result, width)
    if screenshot_path:
        _screenshot(browser, session, screenshot_path, result, width)
    if print_check:
        _print(browser, session, pdf_path, result)
    browser.drain(0.05)
    _collect([e for e in browser.events if e.get("sessionId") == session], result)
    browser.events = []
    browser.send("Target.closeTarget", {"targetId": target})
    browser.send("Target.disposeBrowserContext", {"browserContextId": context})
    result.seconds = time.monotonic() - start
    return result


def _load(browser, session, html_path, result, width):
    """Open the page, let it settle, and probe its charts and headings."""
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", {}, session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False}, session)
    reply = browser.send("Page.navigate", {"url": result.url}, session)
    if reply.get("errorText"):
        raise BrowserError(f"cannot open {html_path}: {reply['errorText']}")
    result.loader_id = reply.get("loaderId")
    browser.wait_for("Page.loadEventFired", session)
    # Two animation frames and a short pause: scripts that draw after load have drawn, and
    # late requests and console messages have arrived.
    _evaluate(browser, session, "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
              "waiting for a frame")
    browser.drain(0.3)
    probe = _evaluate(browser, session, PAGE_PROBE, "the chart probe")
    result.charts, result.chart_problems = probe["charts"], probe["problems"]
    result.title, result.h1, result.page_height = probe["title"], probe["h1"], probe["height"]


def _screenshot(browser, session, path, result, width):
    """A PNG of the whole page: the viewport grows to the document's height first."""
    height = max(1, min(result.page_height, MAX_SCREENSHOT_HEIGHT))
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
    shot = browser.send("Page.captureScreenshot",
                        {"format": "png", "captureBeyondViewport": True, "fromSurface": True,
                         "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session)
    data = base64.b64decode(shot["data"])
    with open(path, "wb") as f:
        f.write(data)
    result.screenshot_path, result.screenshot_bytes = path, len(data)


def _print(browser, session, pdf_path, result):
    """The charts again under print media, and the page printed to PDF."""
    browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session)
    result.print_charts = _evaluate(browser, session, PAGE_PROBE, "the chart probe in print")["charts"]
    pdf = base64.b64decode(browser.send("Page.printToPDF", {"printBackground": True}, session)["data"])
    if not pdf.startswith(b"%PDF"):
        raise BrowserError("Page.printToPDF did not return a PDF")
    result.pdf_bytes = len(pdf)
    if pdf_path:
        with open(pdf_path, "wb") as f:
            f.write(pdf)


def is_png(path):
    with open(path, "rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


# A page that follows the report contract, small enough to render in a second; the self-test
# breaks it in one way at a time.
SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "report-sample.html")


def running_in_group(pgid):
    """Processes of process group `pgid` that are still running (zombies waiting for init to
    reap them do not count)."""
    running = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                running.append(int(entry))
    return running


def self_test():
    """Render the sample page and broken copies of it; return the list of failures."""
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)
            print("FAIL", what)

    with open(SAMPLE) as f:
        clean = f.read()
    empty_chart = ('<figure class="chart" data-chart="empty"><svg width="200" height="100">'
                   '<path class="mark" d=""/><circle class="mark" cx="5" cy="5" r="0"/></svg>'
                   '<figcaption>Nothing to draw</figcaption></figure>')
    variants = {
        "clean": clean,
        "script-error": clean.replace("</body>", "<script>undefinedFunction();</script></body>"),
        "outside-image": clean.replace("</body>", '<img src="http://example.invalid/x.png" alt=""></body>'),
        "empty-chart": clean.replace("</body>", empty_chart + "</body>"),
        # A page that never finishes loading must time out, not hang the test.
        "busy": "<script>for (;;) {}</script>",
    }
    results = {}
    with tempfile.TemporaryDirectory(prefix="milkrun-browser-self-test-") as tmp:
        with Chromium() as browser:
            pgid = browser.proc.pid
            for name, html in variants.items():
                path = os.path.join(tmp, f"{name}.html")
                with open(path, "w") as f:
                    f.write(html)
                began = time.monotonic()
                try:
                    results[name] = render(path, os.path.join(tmp, f"{name}.png"), print_check=(name == "clean"),
                                           timeout=(3 if name == "busy" else TIMEOUT_SECONDS), browser=browser)
                    print(f"self-test {name}: {results[name].seconds:.1f} s, charts {results[name].charts}")
                except BrowserError as e:
                    results[name] = e
                    print(f"self-test {name}: {time.monotonic() - began:.1f} s, {str(e).splitlines()[0]}")
        check(running_in_group(pgid) == [], f"chromium is gone after close ({running_in_group(pgid)})")
        if any(isinstance(results[name], BrowserError) for name in variants if name != "busy"):
            return failures + ["the sample pages render"]

        r = results["clean"]
        check(r.console == [], f"clean page: no console messages ({r.console})")
        check(r.requests == [], f"clean page: no requests ({r.requests})")
        check(r.chart_problems == [], f"clean page follows the chart contract ({r.chart_problems})")
        check(r.charts and all(n > 0 for n in r.charts.values()), f"clean page: every chart has marks ({r.charts})")
        check(r.h1 == "sample-scenario", f"clean page: h1 ({r.h1!r})")
        check(is_png(r.screenshot_path) and r.screenshot_bytes > 5000,
              f"clean page: a PNG screenshot ({r.screenshot_bytes} bytes)")
        check(r.page_height > 800, f"clean page is taller than the viewport ({r.page_height} px): the screenshot is full-page")
        check(png_size(r.screenshot_path) == (1280, r.page_height),
              f"screenshot is the whole page ({png_size(r.screenshot_path)}, page height {r.page_height})")
        check(r.print_charts == r.charts, f"clean page: the same charts in print ({r.print_charts})")
        check(r.pdf_bytes > 5000, f"clean page prints to a PDF ({r.pdf_bytes} bytes)")

        r = results["script-error"]
        check([c["level"] for c in r.console] == ["error"] and "undefinedFunction" in r.console[0]["text"],
              f"script error reported ({r.console})")
        r = results["outside-image"]
        check(r.requests == ["http://example.invalid/x.png"], f"outside image reported as a request ({r.requests})")
        r = results["empty-chart"]
        check(r.charts.get("empty") == 0 and r.charts.get("map") == 4, f"empty chart counted as 0 marks ({r.charts})")
        check(r.console == [] and r.requests == [], f"empty chart: nothing else reported ({r.console}, {r.requests})")
        r = results["busy"]
        check(isinstance(r, BrowserError) and "timed out after 3 s" in str(r), f"busy page times out ({r})")
    return failures


def png_size(path):
    """(width, height) from a PNG's header."""
    with open(path, "rb") as f:
        header = f.read(24)
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def main(argv):
    if argv == ["--self-test"]:
        began = time.monotonic()
        failed = self_test()
        print(f"browser self-test: {'FAILED' if failed else 'ok'} in {time.monotonic() - began:.1f} s")
        return 1 if failed else 0
    if len(argv) in (1, 2):
        print(render(argv[0], argv[1] if len(argv) == 2 else None))
        return 0
    print("usage: browser.py --self-test | browser.py PAGE.html [SCREENSHOT.png]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    try:
        sys.exit(main(sys.argv[1:]))
    except BrowserError as e:
        sys.exit(f"browser: {e}")
