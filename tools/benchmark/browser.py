"""Measuring pages in Debian's Chromium, headless, driven by Playwright.

Every time is read inside the page, from the browser's own clock (milliseconds since the
navigation started), so Playwright's round trips never count:

- paint of a page's first heading and of a tool's first question: Element Timing, from the
  `elementtiming` attributes that site.prepare() adds to the benchmark's copy;
- first contentful paint and DOMContentLoaded: the Paint and Navigation Timing entries;
- Python ready: a MutationObserver, installed before any page script runs, notes the moment a
  tool's data-runtime attribute becomes "ready";
- answer latency: the click on Continue, and the first animation frame after the next step is
  in the page;
- main-thread blocking: the Long Tasks API.

Bytes over the wire are counted from the DevTools protocol (Network.loadingFinished's
encodedDataLength) for the page and for every worker it starts, and from the server's log.

The phone profile slows the processor and the network through the same DevTools sessions: the
page's own, and each worker's. Chromium 156 refuses both on a dedicated worker: its downloads are
slowed with the page's (phone_visit checks that they were), its thread is not slowed at all.
"""

from __future__ import annotations

import json
import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import stats
from .server import Server  # first: it puts tools/ on the path, for handbook_build

from handbook_build.foreseen import single_choice_route  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
# As tests/browser/conftest.py: without the background-networking flags Chromium calls Google.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY_TIMEOUT_MS = 120_000  # a cold start on a busy 2-core machine can take tens of seconds
SETTLE_QUIET_S = 0.75  # a visit ends when the network has been quiet this long...
SETTLE_MAX_S = 10.0  # ...or after this long
RUNTIME_PATH_HINTS = ("/assets/handbook/pyodide/", "/assets/handbook/wheels/", "/assets/handbook/stdlib/",
                      "pyodide", "python_stdlib", ".wasm", ".whl", "snapshot")

# Installed with page.add_init_script, so it runs in every document before the page's scripts.
INIT_SCRIPT = r"""
(() => {
  if (window.__bench) return;
  const now = () => performance.now();
  const bench = window.__bench = {
    elements: [],   // [identifier, renderTime]
    runtime: [],    // [value of data-runtime, time, data-tree]
    clicks: [],     // [time, "submit" | "other"]
    answers: [],    // {click, inserted, frame}
    tools: [],      // [data-tree, time inserted] (after instant navigation; only when watching)
    longTasks: [],  // [startTime, duration]
    watchTools: false,
  };
  let pending = null;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.elements.push([entry.identifier, entry.renderTime || entry.loadTime]);
    }).observe({ type: "element", buffered: true });
  } catch (error) { bench.elementTimingMissing = String(error); }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (error) { bench.longTasksMissing = String(error); }
  document.addEventListener("click", (event) => {
    const submit = event.target instanceof Element && event.target.closest(".lp-tool button[type=submit]");
    bench.clicks.push([now(), submit ? "submit" : "other"]);
    if (submit) pending = { click: now() };
  }, true);
  new MutationObserver((records) => {
    const time = now();
    for (const record of records) {
      if (record.type === "attributes") {
        bench.runtime.push([record.target.getAttribute("data-runtime"), time, record.target.getAttribute("data-tree")]);
        continue;
      }
      const parent = record.target;
      if (pending && !pending.inserted && parent.classList && parent.classList.contains("lp-tool__step")) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && node.classList.contains("lp-step")) {
            const answer = pending;
            answer.inserted = time;
            pending = null;
            requestAnimationFrame(() => { answer.frame = now(); bench.answers.push(answer); });
            break;
          }
        }
      }
      if (bench.watchTools) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          const tools = node.matches(".lp-tool") ? [node] : node.querySelectorAll(".lp-tool");
          for (const tool of tools) bench.tools.push([tool.getAttribute("data-tree"), time]);
        }
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-runtime"] });
})();
"""

READ_PAGE = """() => {
  const navigation = performance.getEntriesByType("navigation")[0] || {};
  const paint = Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, e.startTime]));
  const marks = Object.fromEntries(performance.getEntriesByType("mark").map((e) => [e.name, e.startTime]));
  // How the handbook's worker spent its start (absent on the peer page and on pages without a tool).
  const runtime = window.handbookTools ? window.handbookTools.runtime : null;
  const start = runtime && runtime.phases ? { asked: runtime.startedAt, from: runtime.startedFrom,
    workerBegan: runtime.workerOrigin - performance.timeOrigin, phases: runtime.phases } : null;
  return { bench: window.__bench || null, paint, marks, url: location.href, start,
           navigationName: navigation.name || "", dcl: navigation.domContentLoadedEventStart || null,
           load: navigation.loadEventStart || null };
}"""


def launch(playwright, headed: bool = False):
    options = {"headless": not headed, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        options["executable_path"] = str(CHROMIUM)
    return playwright.chromium.launch(**options)


def browser_version(browser) -> str:
    return f"{'Debian ' if CHROMIUM.exists() else ''}Chromium {browser.version}"


def is_runtime(url: str) -> bool:
    """Is this a download of the Python runtime (Pyodide, its standard library, the wheel)?"""
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return any(hint in path for hint in RUNTIME_PATH_HINTS)


# ---------------------------------------------------------------------------------------------
# Bytes: the page's DevTools session, and a session for each worker it starts
# ---------------------------------------------------------------------------------------------
@dataclass
class Transfer:
    url: str
    bytes: int
    target: str  # "page" or "worker"
    cached: bool  # served from the browser's cache or a service worker
    started: float | None = None  # the DevTools protocol's timestamps, in seconds
    finished: float | None = None


def throttle_commands(profile: stats.Profile) -> list[tuple[str, dict]]:
    """The DevTools commands that put a target (the page, or a worker) on `profile`."""
    return [
        ("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown}),
        ("Network.emulateNetworkConditions", {
            "offline": False, "latency": profile.latency_ms,
            "downloadThroughput": profile.down_bytes_per_s, "uploadThroughput": profile.up_bytes_per_s}),
    ]


def _timed_runtime(transfers: list[Transfer], target: str) -> list[Transfer]:
    return [t for t in transfers if t.target == target and not t.cached and is_runtime(t.url)
            and t.started is not None and t.finished is not None]


def runtime_download(transfers: list[Transfer], target: str = "worker") -> tuple[int, float | None]:
    """(bytes, seconds) of the runtime's downloads made by `target` over the wire: from the first
    request to the last one finished."""
    runtime = _timed_runtime(transfers, target)
    if not runtime:
        return 0, None
    return sum(t.bytes for t in runtime), max(t.finished for t in runtime) - min(t.started for t in runtime)


def runtime_downloaded_at(transfers: list[Transfer], target: str = "worker") -> float | None:
    """When the runtime's last byte arrived, in milliseconds from the page's own request (the
    first the page made), as near as the DevTools clock allows to the page's clock."""
    runtime = _timed_runtime(transfers, target)
    page = [t.started for t in transfers if t.target == "page" and t.started is not None]
    if not runtime or not page:
        return None
    return (max(t.finished for t in runtime) - min(page)) * 1000


@dataclass
class NetworkProbe:
    """Counts encodedDataLength of every finished request of a page and of its workers.

    Workers are reached through Target.setAutoAttach in non-flattened mode: their protocol
    messages arrive wrapped in Target.receivedMessageFromTarget on the page's own session.
    With `throttle` (see throttle_commands), the page and every worker are slowed down: each
    worker is held at its start (waitForDebuggerOnStart) until its commands have been sent, and
    a target handles its commands in order, so a worker that accepts them is slowed from its
    first instruction. What each target replied is kept in `replies`."""

    session: object
    throttle: list = field(default_factory=list)  # [(method, params)] for every target
    urls: dict = field(default_factory=dict)  # (target, requestId) -> url
    started: dict = field(default_factory=dict)  # (target, requestId) -> timestamp
    cached: set = field(default_factory=set)
    transfers: list = field(default_factory=list)
    last_activity: float = field(default_factory=time.monotonic)
    workers: int = 0
    console: list = field(default_factory=list)  # workers' errors and warnings, for failure reports
    asked: dict = field(default_factory=dict)  # (sessionId, message id) -> (target type, method)
    replies: list = field(default_factory=list)  # [target type, method, "ok" or the error]
    next_id: int = 100

    @classmethod
    def attach(cls, context, page, throttle: list[tuple[str, dict]] = ()) -> "NetworkProbe":
        session = context.new_cdp_session(page)
        probe = cls(session, list(throttle))
        session.on("Network.requestWillBeSent", lambda e: probe._sent("page", e))
        session.on("Network.responseReceived", lambda e: probe._response("page", e))
        session.on("Network.requestServedFromCache", lambda e: probe.cached.add(("page", e["requestId"])))
        session.on("Network.loadingFinished", lambda e: probe._finished("page", e))
        session.on("Target.attachedToTarget", probe._attached)
        session.on("Target.receivedMessageFromTarget", probe._from_target)
        session.send("Network.enable")
        for method, params in probe.throttle:  # before the page is asked for: its own address is slowed too
            session.send(method, params)
            probe.replies.append(["page", method, "ok"])  # an error would have been raised here
        session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
        return probe

    def _send_to(self, session_id: str, kind: str, method: str, params: dict | None = None) -> None:
        self.next_id += 1
        self.asked[(session_id, self.next_id)] = (kind, method)
        message = {"id": self.next_id, "method": method, **({"params": params} if params is not None else {})}
        try:
            self.session.send("Target.sendMessageToTarget", {"sessionId": session_id, "message": json.dumps(message)})
        except Exception:  # the worker may already be gone
            pass

    def _attached(self, event: dict) -> None:
        session_id = event["sessionId"]
        kind = event.get("targetInfo", {}).get("type", "")
        if kind in ("worker", "shared_worker", "service_worker"):
            self.workers += 1
            self._send_to(session_id, kind, "Network.enable")
            self._send_to(session_id, kind, "Runtime.enable")
            for method, params in self.throttle:
                self._send_to(session_id, kind, method, params)
        self._send_to(session_id, kind, "Runtime.runIfWaitingForDebugger")

    def _from_target(self, event: dict) -> None:
        message = json.loads(event["message"])
        method, params = message.get("method"), message.get("params", {})
        target = "worker:" + event["sessionId"]
        if "id" in message:  # a reply to one of our commands: keep those to the throttling ones
            kind, asked = self.asked.pop((event["sessionId"], message["id"]), ("", ""))
            if any(asked == name for name, _ in self.throttle):
                error = message.get("error")
                self.replies.append([kind, asked, "ok" if error is None else error.get("message", str(error))])
            return
        if method == "Network.requestWillBeSent":
            self._sent(target, params)
        elif method == "Network.responseReceived":
            self._response(target, params)
        elif method == "Network.requestServedFromCache":
            self.cached.add((target, params["requestId"]))
        elif method == "Network.loadingFinished":
            self._finished(target, params)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(f"worker console {params['type']}: {text[:500]}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.console.append(f"worker exception: {text[:500]}")

    def _sent(self, target: str, event: dict) -> None:
        self.urls[(target, event["requestId"])] = event["request"]["url"]
        self.started.setdefault((target, event["requestId"]), event.get("timestamp"))  # a redirect keeps the first
        self.last_activity = time.monotonic()

    def _response(self, target: str, event: dict) -> None:
        response = event.get("response", {})
        if response.get("fromDiskCache") or response.get("fromServiceWorker") or response.get("fromPrefetchCache"):
            self.cached.add((target, event["requestId"]))

    def _finished(self, target: str, event: dict) -> None:
        key = (target, event["requestId"])
        url = self.urls.get(key, "")
        if url.startswith("data:"):
            return
        self.transfers.append(Transfer(url, int(event.get("encodedDataLength") or 0),
                                       "page" if target == "page" else "worker", key in self.cached,
                                       self.started.get(key), event.get("timestamp")))
        self.last_activity = time.monotonic()

    def settle(self, page) -> None:
        """Wait until nothing has been fetched for a moment (the search index, late scripts)."""
        deadline = time.monotonic() + SETTLE_MAX_S
        while time.monotonic() < deadline and time.monotonic() - self.last_activity < SETTLE_QUIET_S:
            page.wait_for_timeout(100)  # a quiet network is a length of time; this also lets the CDP events in

    def detach(self) -> None:
        try:
            self.session.detach()
        except Exception:
            pass


def byte_counts(transfers: list[Transfer]) -> dict:
    wire = [t for t in transfers if not t.cached]
    return {
        "bytes": sum(t.bytes for t in wire),
        "runtime_bytes": sum(t.bytes for t in wire if is_runtime(t.url)),
        "requests": len(transfers),
        "runtime_requests": sum(1 for t in transfers if is_runtime(t.url)),
        "from_cache": sum(1 for t in transfers if t.cached),
    }


def server_counts(entries) -> dict:
    return {"server_bytes": sum(e.bytes_sent for e in entries),
            "server_runtime_bytes": sum(e.bytes_sent for e in entries if is_runtime(e.path)),
            "server_requests": len(entries)}


# ---------------------------------------------------------------------------------------------
# Reading what the page recorded
# ---------------------------------------------------------------------------------------------
def first_element(bench: dict, identifier: str, after: float = 0.0) -> float | None:
    times = [t for name, t in bench.get("elements", []) if name == identifier and t and t >= after]
    return min(times) if times else None


def first_runtime(bench: dict, value: str, after: float = 0.0, tree: str | None = None) -> float | None:
    times = [t for v, t, tr in bench.get("runtime", []) if v == value and t >= after and (tree is None or tr == tree)]
    return min(times) if times else None


def blocking(bench: dict, until: float | None) -> dict:
    """The longest main-thread task, and the total blocking time (each task's time beyond
    50 ms), from the start of the page until `until` (or ever)."""
    tasks = [(start, duration) for start, duration in bench.get("longTasks", [])
             if until is None or start < until]
    return {"longest_task": max((d for _, d in tasks), default=0.0),
            "blocking_time": sum(max(0.0, d - 50) for _, d in tasks)}


def wait_for_ready(page, tree: str | None = None) -> None:
    selector = f'.lp-tool[data-runtime="ready"]' + (f'[data-tree="{tree}"]' if tree else "")
    failed = '.lp-tool[data-runtime="failed"], .lp-tool.lp-tool--unavailable'
    page.locator(f"{selector}, {failed}").first.wait_for(state="attached", timeout=READY_TIMEOUT_MS)
    if page.locator(failed).count() and not page.locator(selector).count():
        raise RuntimeError(f"{page.url}: the tool reports its Python runtime failed: "
                           f"{page.locator('.lp-tool').first.inner_text()[:300]}")


# ---------------------------------------------------------------------------------------------
# The measurements
# ---------------------------------------------------------------------------------------------
BACKGROUND_WORK_MAX_S = 30


def wait_for_background_work(page) -> None:
    """A reader who comes back later finds what the first visit kept once it had finished its
    work after Python was ready (the site keeps a start-up snapshot then). Wait for that, where
    the site reports it, so the repeat visit models a later return rather than one a second on."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # imported where used, as launch's caller does
    try:
        page.wait_for_function("() => !(window.handbookTools && handbookTools.runtime.state === 'ready') "
                               "|| handbookTools.runtime.snapshotSettled === true",
                               timeout=BACKGROUND_WORK_MAX_S * 1000)
    except PlaywrightTimeoutError:
        pass  # measured all the same: the repeat visit then finds less kept


def visit(context, url: str, server: Server, python: bool, then_wait: bool = False) -> dict:
    """Open `url` in a new tab of `context`; wait for Python when the page has a tool (and, with
    then_wait, for the site's background work after that, outside the timings)."""
    page = context.new_page()
    page.add_init_script(script=INIT_SCRIPT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(f"console: {message.text[:500]}"))
    probe = NetworkProbe.attach(context, page)
    mark = server.mark()
    try:
        page.goto(url, wait_until="load")
        if python:
            wait_for_ready(page)
        probe.settle(page)
        data = page.evaluate(READ_PAGE)
        if then_wait and python:
            wait_for_background_work(page)
    except Exception as error:
        raise RuntimeError(f"{error}\n" + "\n".join(errors + probe.console)) from error
    finally:
        probe.detach()
        page.close()
    return figures(url, data, probe, server, mark, errors)


def figures(url: str, data: dict, probe: NetworkProbe, server: Server, mark: int, errors: list[str]) -> dict:
    """What a visit measured, from what the page recorded, the DevTools sessions and the server."""
    bench = data["bench"] or {}
    ready = first_runtime(bench, "ready")
    result = {
        "url": url,
        "fcp": data["paint"].get("first-contentful-paint"),
        "dcl": data["dcl"],
        "load": data["load"],
        "heading": first_element(bench, "lp-heading"),
        "question": first_element(bench, "lp-question"),
        "ready": ready,
        "pyodide_loaded": data["marks"].get("peer:pyodide-loaded"),
        "start": data.get("start"),  # the worker's own account: when it began, each part's end
        **blocking(bench, ready),
        **byte_counts(probe.transfers),
        **server_counts(server.entries_since(mark)),
        "files": [[entry.path, entry.status, entry.bytes_sent] for entry in server.entries_since(mark)],
        "workers": probe.workers,
        "page_errors": errors + [line for line in probe.console if "error" in line or "exception" in line],
    }
    if bench.get("elementTimingMissing"):
        result["note"] = "Element Timing is not available in this browser: " + bench["elementTimingMissing"]
    return result


def cold_and_warm(browser, url: str, server: Server, python: bool) -> dict:
    """A first visit in a new browser context (empty cache), then a repeat visit in a new tab of
    the same context (HTTP cache, and whatever else the site keeps, such as a service worker)."""
    context = browser.new_context()
    try:
        cold = visit(context, url, server, python, then_wait=True)
        warm = visit(context, url, server, python)
    finally:
        context.close()
    return {"cold": cold, "warm": warm}


# ---------------------------------------------------------------------------------------------
# The phone profile
# ---------------------------------------------------------------------------------------------
QUESTION_PAINTED_AND_LIVE = """() => window.__bench && window.__bench.elements.some(([name]) => name === "lp-question")
  && document.querySelector(".lp-tool.lp-tool--live form.lp-question") !== null"""


def phone_visit(browser, url: str, server: Server, answer: bool, profile: stats.Profile = stats.PHONE) -> dict:
    """A first visit (new browser context, empty cache) with the page and its workers on
    `profile`. With `answer`, the reader answers the first question as soon as it is painted and
    the tool takes answers (its script has set it up: until then Continue would reload the page),
    whether or not Python is ready; the visit then waits for that answer's next step and for
    Python.

    Without the service worker: Chromium throttles each DevTools target on its own line, and the
    service worker is a target of its own, so a runtime file it fetched for the page came on a
    second 1.6 Mbit/s line (the runtime arrived in 19.5 s, where one line allows no less than 22.3).
    The service worker's own downloads on a first visit (the small files of the offline copy, a
    few tens of kB) are left out of this visit's bytes."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.add_init_script(script=INIT_SCRIPT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(f"console: {message.text[:500]}"))
    probe = NetworkProbe.attach(context, page, throttle_commands(profile))
    mark = server.mark()
    try:
        page.goto(url, wait_until="commit")
        if answer:
            page.wait_for_function(QUESTION_PAINTED_AND_LIVE, timeout=READY_TIMEOUT_MS)
            answer_foreseen_route(page, server.site)
            wait_for_ready(page)
        page.wait_for_load_state("load", timeout=READY_TIMEOUT_MS)
        probe.settle(page)
        data = page.evaluate(READ_PAGE)
    except Exception as error:
        raise RuntimeError(f"{error}\n" + "\n".join(errors + probe.console)) from error
    finally:
        probe.detach()
        context.close()
    result = figures(url, data, probe, server, mark, errors)
    # Chromium refuses both commands on a dedicated worker ("only supported for pages", "Not
    # supported") and the processor's on a service worker: kept, and the download checked below.
    result["throttle_replies"] = probe.replies
    if answer:
        answers = (data["bench"] or {}).get("answers", [])
        # Continue to the next step drawn, for each answer of the route: foreseen steps, before Python.
        result["continue_to_step"] = {str(n): a["frame"] - a["click"] for n, a in enumerate(answers[:ROUTE], start=1)}
        first = answers[:1]
        result["answered"] = first[0]["click"] if first else None  # when the reader clicked Continue
        result["first_answer"] = first[0]["frame"] if first else None
        result["first_answer_bound"] = stats.first_answer_bound_ms(result["runtime_bytes"], profile)
        result["runtime_downloaded"] = runtime_downloaded_at(probe.transfers, "worker")
        size, seconds = runtime_download(probe.transfers, "worker")
        result["worker_runtime_download"] = {"bytes": size, "seconds": seconds,
                                             "at_profile_speed_seconds": (stats.download_ms(size, profile) or 0) / 1000}
        if not stats.was_throttled(size, seconds, profile):
            raise RuntimeError(f"the worker's downloads were not throttled: {size:,} bytes of the runtime in "
                               f"{seconds if seconds is None else round(seconds, 2)} s, where the profile allows no "
                               f"less than {(stats.download_ms(size, profile) or 0) / 1000:.1f} s")
    return result


ROUTE = 3  # answers of single choices on the phone profile: each drawn from the foreseen steps


def answer_foreseen_route(page, site: Path) -> None:
    """As a reader who answers at once: ROUTE single choices through the tool's foreseen steps
    (tools/handbook_build/foreseen.py), each Continue waited for until its step is drawn."""
    box = page.locator(".lp-tool").first
    tree = box.get_attribute("data-tree")
    first = box.locator("form.lp-question").first
    options = first.locator("input.lp-option__input").evaluate_all("inputs => inputs.map((i) => i.value)")
    [file] = (site / "assets" / "handbook").glob(f"foreseen-{tree}.*.json")
    route = single_choice_route(json.loads(file.read_text())["views"], first.get_attribute("data-question"),
                                options, ROUTE)
    if not route:
        raise RuntimeError(f"the {tree} tool has no route of {ROUTE} single choices among its foreseen steps")
    for number, (question, option, _) in enumerate(route):
        form = box.locator(f"form[data-question={question}]")
        form.locator(f"input.lp-option__input[value={option}]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_function("n => window.__bench.answers.length > n", arg=number, timeout=READY_TIMEOUT_MS)


def phone(browser, plain_url: str, tool_url: str, server: Server, profile: stats.Profile = stats.PHONE) -> dict:
    """The page without a tool and the tool page, each on a first visit on the phone profile."""
    return {"plain": phone_visit(browser, plain_url, server, answer=False, profile=profile),
            "tool": phone_visit(browser, tool_url, server, answer=True, profile=profile)}


def _fill_and_continue(form) -> None:
    """Answer as a reader moving through the tool: the last option of a choice (often "none of
    these", which leads on to another question), the first box of a multiple choice, a role and
    a tick for a list of practitioners."""
    kind = form.get_attribute("data-kind")
    if kind == "practitioners":
        form.locator("input[name=role]").first.fill("Health visitor")
        ticks = form.locator(".lp-entry__criteria input[type=checkbox]")
        if ticks.count():
            ticks.first.check()
    elif kind == "choice":
        form.locator("input.lp-option__input").last.check()
    else:
        form.locator("input.lp-option__input").first.check()
    form.locator("button[type=submit]").click()


def answer_latency(browser, url: str, answers: int) -> dict:
    """Click Continue `answers` times once Python is ready; starting again after each result."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(script=INIT_SCRIPT)
    try:
        page.goto(url, wait_until="load")
        wait_for_ready(page)
        box = page.locator(".lp-tool").first
        for number in range(answers):
            if box.locator(".lp-outcome, .lp-problem").count():  # a result: start again (no Python)
                box.locator("button[data-action=restart]").first.click()
            form = box.locator("form.lp-question").first
            form.wait_for(timeout=READY_TIMEOUT_MS)
            _fill_and_continue(form)
            page.wait_for_function("n => window.__bench.answers.length > n", arg=number, timeout=READY_TIMEOUT_MS)
        bench = page.evaluate(READ_PAGE)["bench"]
    finally:
        context.close()
    samples = [a["frame"] - a["click"] for a in bench["answers"]]
    in_page = [a["inserted"] - a["click"] for a in bench["answers"]]
    return {"url": url, "answers_ms": samples, "inserted_ms": in_page}


def relative_link(from_page: str, to_page: str) -> str:
    """The href a built page uses for another: both are site-relative folders like a/b/."""
    link = posixpath.relpath("/" + to_page, "/" + from_page)
    return link + ("/" if to_page.endswith("/") and not link.endswith("/") else "")


def instant_navigation(browser, base: str, first: str, second: str, second_tree: str) -> dict:
    """With the worker running on the first tool page, click a link to the second; the theme
    swaps the page in place. Times are from the click."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(script=INIT_SCRIPT)
    try:
        page.goto(base + first, wait_until="load")
        wait_for_ready(page)
        page.evaluate("() => { window.__bench.watchTools = true; }")
        # The built page links relatively; the theme rewrites links to full addresses.
        hrefs = (relative_link(first, second), base + second)
        either = ", ".join(f'a.md-nav__link[href="{href}"]' for href in hrefs)
        link = page.locator(either).first
        if not link.count():
            link = page.locator(", ".join(f'a[href="{href}"]' for href in hrefs)).first
        if not link.count():
            raise RuntimeError(f"no link from {first} to {second} (href {hrefs[0]!r} or {hrefs[1]!r})")
        if link.is_visible():
            link.click()
        else:  # a link in a closed drawer: the theme still handles a click on it
            link.dispatch_event("click")
        wait_for_ready(page, second_tree)
        # Element Timing reports the new question a frame or two after it is drawn.
        page.wait_for_function("""(click) => window.__bench.elements.some(
            ([name, time]) => name === "lp-question" && time >= click)""",
                               arg=page.evaluate("() => Math.max(...window.__bench.clicks.map(([time]) => time))"),
                               timeout=READY_TIMEOUT_MS)
        data = page.evaluate(READ_PAGE)
    finally:
        context.close()
    bench = data["bench"] or {}
    clicks = [t for t, _ in bench.get("clicks", [])]
    if not clicks:
        raise RuntimeError("the click on the link was not seen: the page was reloaded, not swapped in place")
    click = clicks[-1]
    instant = data["navigationName"].rstrip("/").endswith(first.rstrip("/")) and second.rstrip("/") in data["url"]
    inserted = [t for tree, t in bench.get("tools", []) if tree == second_tree and t >= click]
    question = first_element(bench, "lp-question", after=click)
    ready = first_runtime(bench, "ready", after=click, tree=second_tree)
    return {"instant": instant, "url": data["url"],
            "inserted": min(inserted) - click if inserted else None,
            "question": question - click if question is not None else None,
            "ready": ready - click if ready is not None else None}
