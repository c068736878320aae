"""Every page of the built site: nothing leaves the origin, nothing is stored, nothing breaks."""

from __future__ import annotations

from helpers import wait_for_python


def site_pages(site_dir) -> list[str]:
    return sorted(str(p.relative_to(site_dir)).removesuffix("index.html")
                  for p in site_dir.rglob("*.html") if "assets" not in p.parts)


def test_every_page_stays_on_its_origin_and_stores_nothing(page, base_url, site_dir, foreign_requests):
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    pages = site_pages(site_dir)
    assert len(pages) >= 3
    for path in pages:
        page.goto(base_url + path, wait_until="networkidle")
        if page.locator(".lp-tool").count():
            wait_for_python(page)  # the runtime's own requests are checked too
        assert page.context.cookies() == [], path
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0, path
    assert foreign_requests == []
    assert problems == []


def test_pages_without_a_tool_download_no_python(page, base_url, site_dir):
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    for path in site_pages(site_dir):
        html = (site_dir / path / "index.html" if not path.endswith(".html") else site_dir / path).read_text()
        if 'class="lp-tool"' in html or "data-needs-python" in html or 'class="lp-kit"' in html:
            continue  # (the meeting kit's page starts Python once the reader starts typing)
        page.goto(base_url + path, wait_until="networkidle")
    assert loaded and not [url for url in loaded if "pyodide" in url or url.endswith(".whl")]
    assert not [url for url in loaded if ("/lp-meeting." in url or "/lp-training." in url) and url.endswith(".js")]


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
