"""The handbook in Chromium, served by Debian's nginx under /handbook/ with the shipped
configuration and its Content-Security-Policy header: every page, every tool, instant
navigation and search, with no violation, no error and no request to another origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from hosting_helpers import PYTHON_START_MS, SUBPATH, site_pages, tool_pages, wait_for_python, walk_tool


def report_mark(nginx) -> int:
    return len(nginx.csp_reports(settle_s=0))


def test_the_watch_sees_a_blocked_inline_script(page, base_url, nginx, watch):
    """The checks below prove nothing unless a violation would be seen: make one on purpose."""
    mark = report_mark(nginx)
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
    assert nginx.csp_reports(since=mark), "the test server did not receive the report"


def test_every_page_runs_under_the_policy(page, base_url, nginx, watch):
    mark = report_mark(nginx)
    pages = site_pages(nginx.site)
    assert len(pages) >= 3
    seen: dict[str, list[str]] = {}
    for path in pages:
        page.goto(base_url + path, wait_until="networkidle")
        assert page.url.startswith(base_url)
        if page.locator(".lp-tool").count():
            wait_for_python(page)  # the worker's own loading runs under the policy too
        if watch.violations():
            seen[path] = watch.violations()
    assert seen == {}
    assert watch.problems == []
    assert nginx.csp_reports(since=mark) == []  # includes anything the worker was refused


def test_every_tool_reaches_an_outcome_by_clicking(page, base_url, nginx, watch):
    """Every tree, on every page that shows it. (Some pages hold tools hidden until the reader
    asks for them, such as the training scenarios; those trees are walked where they show.)"""
    mark = report_mark(nginx)
    pages = tool_pages(nginx.site)
    assert pages, "no page of the site holds a tool"
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
    assert nginx.csp_reports(since=mark) == []


def test_instant_navigation_works_under_the_subpath(page, base_url, nginx, watch):
    mark = report_mark(nginx)
    page.goto(base_url)
    page.evaluate("() => { window.__sameDocument = true; }")
    target = tool_pages(nginx.site)[0]
    link = page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{SUBPATH}{target}']").first
    link.click()
    page.wait_for_url(base_url + target)
    page.locator(".lp-tool").first.wait_for()
    # The theme swapped the content in place: the same window, so no full load happened.
    assert page.evaluate("() => window.__sameDocument === true")
    assert urlsplit(page.url).path == SUBPATH + target
    # The tool on a page reached this way starts and answers too.
    assert walk_tool(page, page.locator(".lp-tool").first)
    # And back again, still in the same document.
    page.go_back()
    page.wait_for_url(base_url)
    assert page.evaluate("() => window.__sameDocument === true")
    assert watch.violations() == []
    assert watch.problems == []
    assert nginx.csp_reports(since=mark) == []


def test_search_works_under_the_policy(page, base_url, nginx, watch):
    mark = report_mark(nginx)
    page.goto(base_url)
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("lead professional")  # the theme searches on key presses
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=PYTHON_START_MS)
    assert results.count() >= 1
    assert watch.violations() == []
    assert watch.problems == []
    assert nginx.csp_reports(since=mark) == []
