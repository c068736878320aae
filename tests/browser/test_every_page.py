"""Every page of the built site: nothing leaves the origin, nothing is stored, nothing breaks, and
only the pages with a tool download Python. The site is walked once for this module (a walk
takes about 50 seconds), and each test reads what that walk recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from helpers import wait_for_python
from support import site_pages


@dataclass
class Visit:
    """What one page did while it loaded (and, on a page with a tool, while Python started)."""
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stored: int = 0
    needs_python: bool = False


@dataclass
class Walk:
    visits: dict[str, Visit]
    foreign: list[str]
    cookies: list[dict]


def needs_python(site_dir, path: str) -> bool:
    """A page with a tool, or the meeting kit's or training's (which start Python once used)."""
    html = (site_dir / path / "index.html" if not path.endswith(".html") else site_dir / path).read_text()
    return 'class="lp-tool"' in html or "data-needs-python" in html or 'class="lp-kit"' in html


@pytest.fixture(scope="module")
def walk(browser, base_url, site_dir) -> Walk:
    context = browser.new_context(service_workers="block")
    own = urlsplit(base_url).netloc
    foreign: list[str] = []
    context.on("request", lambda r: urlsplit(r.url).netloc in (own, "") or r.url.startswith("data:")
               or foreign.append(r.url))
    page = context.new_page()
    visits: dict[str, Visit] = {}
    visit = Visit()  # the page being loaded
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and visit.problems.append(message.text))
    page.on("pageerror", lambda error: visit.problems.append(str(error)))
    try:
        for path in site_pages(site_dir):
            visit = visits[path] = Visit(needs_python=needs_python(site_dir, path))
            response = page.goto(base_url + path, wait_until="networkidle")
            assert response.status == 200, (path, response.status)
            if page.locator(".lp-tool").count():
                wait_for_python(page)  # the runtime's own requests are checked too
            visit.stored = page.evaluate("localStorage.length + sessionStorage.length")
        return Walk(visits, foreign, context.cookies())
    finally:
        context.close()


def test_every_page_stays_on_its_origin_and_stores_nothing(walk):
    assert len(walk.visits) >= 3
    assert walk.foreign == []
    assert walk.cookies == []
    assert {path: visit.stored for path, visit in walk.visits.items() if visit.stored} == {}
    assert {path: visit.problems for path, visit in walk.visits.items() if visit.problems} == {}


def test_pages_without_a_tool_download_no_python(walk):
    plain = {path: visit.requests for path, visit in walk.visits.items() if not visit.needs_python}
    assert plain and all(plain.values())
    python = {path: [url for url in requests if "pyodide" in url or url.endswith(".whl")]
              for path, requests in plain.items()}
    assert {path: urls for path, urls in python.items() if urls} == {}
    scripts = {path: [url for url in requests if ("/lp-meeting." in url or "/lp-training." in url) and url.endswith(".js")]
               for path, requests in plain.items()}
    assert {path: urls for path, urls in scripts.items() if urls} == {}


def test_the_kit_and_training_scripts_load_only_on_their_pages(page, base_url):
    """A tool page fetches neither the meeting kit's script nor the training's (about 20 kB of a
    first visit); the kit's page fetches its own, and the kit works."""
    scripts: list[str] = []
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))
    page.goto(base_url + "lead-professional/choosing-the-lead-professional/", wait_until="networkidle")
    wait_for_python(page)
    assert [url for url in scripts if "/lp-tools." in url]
    assert not [url for url in scripts if "/lp-meeting." in url or "/lp-training." in url], scripts
    page.goto(base_url + "team-around-the-family/meeting-kit/")
    page.locator(".lp-kit--live .lp-kit__form").wait_for()
    assert [url for url in scripts if "/lp-meeting." in url] and not [url for url in scripts if "/lp-training." in url]
