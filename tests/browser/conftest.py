"""Browser fixtures: Debian's Chromium where it is installed, and a check on every page that
no request leaves the site's own origin."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import ROOT, build_site, serve  # noqa: F401  (so `from conftest import ROOT` works from any folder)

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The handbook's offline service worker is blocked in ordinary tests, so that routes and
    request checks see every request the page makes; tests of offline use allow it themselves."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium (Playwright's own download is not reachable here); elsewhere,
    fall back to the browser Playwright installed."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if DEBIAN_CHROMIUM.exists():
        args["executable_path"] = str(DEBIAN_CHROMIUM)
    return args


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def foreign_requests(page, base_url):
    """Every request the page makes to anywhere but the site. Tests that use `page` get this
    check automatically (see guard_origin)."""
    own = urlsplit(base_url).netloc
    seen: list[str] = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own:
            seen.append(request.url)

    page.context.on("request", record)
    return seen


@pytest.fixture(autouse=True)
def guard_origin(request):
    """Fail any browser test whose pages asked another origin for anything."""
    if "page" not in request.fixturenames:
        yield
        return
    seen = request.getfixturevalue("foreign_requests")
    yield
    assert seen == [], f"requests left the site's origin: {seen}"
