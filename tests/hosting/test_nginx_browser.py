"""The handbook in Chromium, served by Debian's nginx under /handbook/ with the shipped
configuration and its Content-Security-Policy header: every page, every tool, instant
navigation and search, with no violation, no error and no request to another origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from hosting_helpers import (PYTHON_START_MS, SUBPATH, check_a_violation_is_seen,
                             check_every_page_runs_under_the_policy, check_every_tool_reaches_an_outcome,
                             report_mark, tool_pages, walk_tool)


def test_the_watch_sees_a_blocked_inline_script(page, base_url, nginx, watch):
    check_a_violation_is_seen(page, base_url, nginx, watch)


def test_every_page_runs_under_the_policy(page, base_url, nginx, watch):
    check_every_page_runs_under_the_policy(page, base_url, nginx, watch)


def test_every_tool_reaches_an_outcome_by_clicking(page, base_url, nginx, watch):
    check_every_tool_reaches_an_outcome(page, base_url, nginx, watch)


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
    assert nginx.csp_reports(page, since=mark) == []


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
    assert nginx.csp_reports(page, since=mark) == []
