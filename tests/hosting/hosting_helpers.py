"""Helpers for the hosting tests: building the site for an address, listing its pages, watching
a page for Content-Security-Policy violations and errors, driving any tool to an outcome, and the
checks in a browser that every server must pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from local_apache import APACHE, MODULES_DIR
from local_nginx import NGINX, STOCK_MIME_TYPES, SUBPATH, free_port  # noqa: F401  (re-exported for the tests)
from support import site_pages  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
HOSTING = ROOT / "hosting"
POLICY = (HOSTING / "content-security-policy.txt").read_text().strip()
PYTHON_START_MS = 60_000  # generous: a cold Pyodide start on a busy 2-core machine


def require_nginx() -> None:
    if not NGINX.exists() or not STOCK_MIME_TYPES.exists():
        pytest.fail("Debian's nginx is not installed (no /usr/sbin/nginx or /etc/nginx/mime.types). "
                    "The hosting tests serve the site with it: run `./dev test`, which installs it, or "
                    "`apt-get install nginx`, then run the tests again.", pytrace=False)


def require_apache() -> None:
    if not APACHE.exists() or not (MODULES_DIR / "mod_headers.so").exists():
        pytest.fail("Debian's Apache is not installed (no /usr/sbin/apache2 or its modules). The hosting "
                    "tests serve the site with it: run `./dev test`, which installs it, or "
                    "`apt-get install apache2`, then run the tests again.", pytrace=False)


def build_site_for(target: Path, site_url: str, config: Path | None = None, settings: Path | None = None) -> None:
    """`mkdocs build --strict` from the repository root, as tests/conftest.py runs it, with the
    site's address set so that the theme's instant navigation works under the subpath."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_SITE_URL=site_url)
    environment.pop("HANDBOOK_SETTINGS", None)
    if settings:
        environment["HANDBOOK_SETTINGS"] = str(settings)
    extra = ["--config-file", str(config)] if config else []
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target), *extra],
                            cwd=ROOT, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"


def tool_pages(site_dir: Path) -> list[str]:
    return [path for path in site_pages(site_dir)
            if 'class="lp-tool"' in (site_dir / (path if path.endswith(".html") else path + "index.html")).read_text()]


# ---------------------------------------------------------------------------------------------
# Watching a page for Content-Security-Policy violations and errors
# ---------------------------------------------------------------------------------------------
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


class PageWatch:
    """Console errors, page errors and CSP violations of one page, across navigations."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(script=RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: page error: {error}"))

    def _console(self, message) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.problems.append(f"{self.page.url}: console {message.type}: {text}")

    def violations(self) -> list[str]:
        """Violations the current document has seen (a full load starts a new list)."""
        return self.page.evaluate("() => window.__cspViolations || []")


# ---------------------------------------------------------------------------------------------
# Driving a tool to an outcome, whatever its questions
# ---------------------------------------------------------------------------------------------
def wait_for_python(page) -> None:
    """As tests/browser/helpers.py's, but as a function: Playwright evaluates a bare expression
    with eval(), which the policy (rightly) refuses."""
    page.wait_for_function("() => window.handbookTools && window.handbookTools.runtime.state === 'ready'",
                           timeout=PYTHON_START_MS)


def walk_tool(page, box, max_steps: int = 40) -> str:
    """Answer each question as a hurried reader might (the first option; the first box; a role
    for a practitioners question) until the tool shows a result. Returns the result's title."""
    for _ in range(max_steps):
        result = box.locator(".lp-result__title")
        if result.count():
            return result.inner_text()
        form = box.locator("form.lp-question").first
        form.wait_for(timeout=PYTHON_START_MS)
        kind = form.get_attribute("data-kind")
        question = form.get_attribute("data-question")
        if kind == "practitioners":
            form.locator("input[name=role]").first.fill("Health visitor")
            ticks = form.locator(".lp-entry__criteria input[type=checkbox]")
            if ticks.count():
                ticks.first.check()
        else:
            form.locator("input.lp-option__input").first.check()
        handle = form.element_handle()
        form.get_by_role("button", name="Continue", exact=True).click()
        try:
            page.wait_for_function("form => !form.isConnected", arg=handle, timeout=PYTHON_START_MS)
        except Exception as error:  # say what the tool was showing, not only that it timed out
            raise AssertionError(f"{page.url}: question {question!r} did not move on; the tool shows:\n"
                                 f"{box.inner_text()}") from error
        errors = box.locator(".lp-error-summary")
        assert not errors.count(), f"{page.url}: question {question!r} refused the answer: {errors.inner_text()}"
    raise AssertionError(f"{page.url}: no result after {max_steps} answers")


# ---------------------------------------------------------------------------------------------
# What every server must pass in a browser
# ---------------------------------------------------------------------------------------------
def report_mark(server) -> int:
    return server.report_count()


def check_a_violation_is_seen(page, base_url, server, watch) -> None:
    """The checks below prove nothing unless a violation would be seen: make one on purpose, and
    see it in the page, in the console and in the server's reports."""
    mark = report_mark(server)
    page.goto(base_url)
    ran = page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__inlineRan = true";
        document.head.append(script);
        return window.__inlineRan === true;
    }""")
    assert ran is False
    page.wait_for_function("() => window.__cspViolations.length > 0")
    violations = watch.violations()
    assert violations and all(v.startswith("script-src-elem blocked inline") for v in violations), violations
    assert any("Content Security Policy" in problem for problem in watch.problems)
    assert server.csp_reports(page, since=mark), "the test server did not receive the report"


# Whether the page has registered the offline copy's service worker (when this browser allows
# one), the last thing a page starts on its own: lp-offline.js waits for the browser to be idle.
OFFLINE_REGISTERED = """async () => {
    const offline = window.handbookOffline;
    if (!offline || !offline.available) return true;
    return Boolean(await navigator.serviceWorker.getRegistration(offline.scope));
}"""


def open_and_settle(page, url: str):
    """Load a page, then wait for what it starts once loaded: its tools' Python (the worker's own
    loading runs under the policy too) and the offline copy's service worker. Not `networkidle`:
    on a tool page that waits for the runtime's downloads to stop for 500 ms, and with the
    service worker in between, on a busy machine, they once went on for more than 30 seconds."""
    response = page.goto(url, wait_until="load")
    if page.locator(".lp-tool").count():
        wait_for_python(page)
    page.wait_for_function(OFFLINE_REGISTERED, timeout=PYTHON_START_MS)
    return response


def check_every_page_runs_under_the_policy(page, base_url, server, watch) -> None:
    """Every page of the site, loaded in full from `server` with what it starts once loaded, with
    no violation, no error and no report (which includes anything the tools' worker was refused)."""
    mark = report_mark(server)
    pages = site_pages(server.site)
    assert len(pages) >= 3
    seen: dict[str, list[str]] = {}
    for path in pages:
        response = open_and_settle(page, base_url + path)
        assert response.status == 200, (path, response.status)
        assert page.url.startswith(base_url)
        if watch.violations():
            seen[path] = watch.violations()
    assert seen == {}
    assert watch.problems == []
    assert server.csp_reports(page, since=mark) == []


def check_every_tool_reaches_an_outcome(page, base_url, server, watch, first_page_only: bool = False) -> dict[str, str]:
    """Every tree, on every page that shows it, answered to a result (or only those on the first
    page with a tool). Some pages hold tools hidden until the reader asks for them, such as the
    training scenarios; those trees are walked where they show. Returns each tool's result."""
    mark = report_mark(server)
    pages = tool_pages(server.site)
    assert pages, "no page of the site holds a tool"
    pages = pages[:1] if first_page_only else pages
    trees: set[str] = set()
    walked: set[str] = set()
    reached: dict[str, str] = {}
    for path in pages:
        page.goto(base_url + path)
        tools = page.locator(".lp-tool")
        for index in range(tools.count()):
            box = tools.nth(index)
            tree = box.get_attribute("data-tree")
            trees.add(tree)
            if box.is_visible():
                reached[f"{path}#{box.get_attribute('id')}"] = walk_tool(page, box)
                walked.add(tree)
        assert watch.violations() == [], path
    assert trees == walked, f"trees never shown: {trees - walked}"
    assert all(reached.values()), reached
    assert watch.problems == []
    assert server.csp_reports(page, since=mark) == []
    return reached
