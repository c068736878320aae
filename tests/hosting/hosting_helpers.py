"""Helpers for the hosting tests: building the site for an address, listing its pages, watching
a page for Content-Security-Policy violations and errors, and driving any tool to an outcome."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from local_nginx import NGINX, STOCK_MIME_TYPES, SUBPATH  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
HOSTING = ROOT / "hosting"
POLICY = (HOSTING / "content-security-policy.txt").read_text().strip()
PYTHON_START_MS = 60_000  # generous: a cold Pyodide start on a busy 2-core machine


def require_nginx() -> None:
    if not NGINX.exists() or not STOCK_MIME_TYPES.exists():
        pytest.fail("Debian's nginx is not installed (no /usr/sbin/nginx or /etc/nginx/mime.types). "
                    "The hosting tests serve the site with it: run `./dev test`, which installs it, or "
                    "`apt-get install nginx`, then run the tests again.", pytrace=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, as a path relative to its root ("" for the home page)."""
    return sorted(str(p.relative_to(site_dir)).removesuffix("index.html")
                  for p in site_dir.rglob("*.html") if "assets" not in p.parts)


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
