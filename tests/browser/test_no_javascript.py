"""Without JavaScript, or without WebAssembly, every tool page still carries everything the tool
knows: it says plainly that the interactive tool is unavailable and shows the complete rules.

Three ways of losing the tool, on every page that holds one: JavaScript switched off; the
WebAssembly file refused by the network (as a proxy or a download filter would); and a browser
with no WebAssembly at all (the global removed before the page's scripts run, as some locked-down
builds do).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from decision import get_tree
from decision.engine.model import Outcome, Question
from decision.engine.view import filler
from helpers import without_foreseen_steps
from test_accessibility import axe_violations, new_tab, site_settings, tool_pages

# Unknown at collection time (the site is built in a fixture), so each test walks every page.
UNAVAILABLE_WITHIN_MS = 10_000  # "within a few seconds", with room for a busy test machine


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def every_tool(site_dir) -> list[tuple[str, str, dict[str, str]]]:
    """(tree id, page path, the site's local names for the tool) for every page with a tool."""
    names = {tree: tool["names"] for tree, tool in site_settings(site_dir)["tools"].items()}
    pages = [(tree, path, names[tree]) for tree, found in tool_pages(site_dir).items() for path, _ in found]
    assert {tree for tree, _, _ in pages} >= {"allocation", "threshold"}, pages
    return pages


def assert_rules_complete(page, tree_id: str, where: str, names: dict[str, str]) -> None:
    """The written rules are open and visible and hold every question with every answer and
    every result of the tree (in the site's local names), each where its links say it is."""
    tree = get_tree(tree_id)
    root = page.locator(f".lp-tool[data-tree={tree_id}]").first
    uid = root.get_attribute("id")
    fill = filler(tree, names)
    rules = page.locator(f"#{uid}-rules")
    assert rules.get_attribute("open") is not None and rules.is_visible(), f"{where}: the rules are closed"
    for node in tree.nodes:
        if not isinstance(node, (Question, Outcome)):
            continue
        section = rules.locator(f"#{uid}-rule-{node.id}")
        assert section.count() == 1 and section.is_visible(), f"{where}: {node.id} is missing from the rules"
        shown = words(section.inner_text())
        if isinstance(node, Question):
            assert words(fill(node.text)) in shown
            for option in node.options:
                assert words(fill(option.label)) in shown, f"{where}: {node.id} lacks the answer {option.id}"
        else:
            assert words(fill(node.title)) in shown
            for sentence in (*node.reasons, *node.next_steps, *node.notes):
                assert words(fill(sentence)) in shown, f"{where}: {node.id} lacks '{sentence[:40]}…'"
    # Every link inside the rules leads to a part of them that is on the page.
    # (The theme's instant navigation makes each href absolute, so they are read as URLs.)
    links = rules.locator("a").evaluate_all("links => links.map((a) => [a.pathname === location.pathname, a.hash])")
    targets = [target for same_page, target in links if same_page and target]
    assert targets and len(targets) == len(links), f"{where}: a link in the rules leaves them: {links}"
    missing = [t for t in set(targets) if page.locator(t).count() != 1]
    assert missing == [], f"{where}: links in the rules lead nowhere: {missing}"


def assert_says_unavailable(page, tree_id: str, where: str, because: str) -> None:
    root = page.locator(f".lp-tool[data-tree={tree_id}]").first
    notice = root.locator(".lp-tool__unavailable")
    notice.wait_for(state="visible", timeout=UNAVAILABLE_WITHIN_MS)
    text = notice.inner_text()
    assert "interactive tool is not available" in text and because in text, f"{where}: {text}"
    assert "written out below" in text, f"{where}: the notice does not point to the rules"
    assert not root.locator(".lp-tool__step").is_visible(), f"{where}: a tool that cannot work is still shown"


def test_without_javascript_every_tool_page_shows_its_rules(browser, base_url, site_dir):
    context, page, foreign = new_tab(browser, base_url, java_script_enabled=False)
    try:
        for tree_id, path, names in every_tool(site_dir):
            page.goto(base_url + path)
            assert_says_unavailable(page, tree_id, path, "It needs JavaScript and WebAssembly")
            assert not page.locator(f".lp-tool[data-tree={tree_id}] .lp-tool__status").is_visible()
            assert_rules_complete(page, tree_id, path, names)
    finally:
        context.close()
    assert foreign == []


def test_without_javascript_every_tool_page_is_accessible(browser, base_url, site_dir):
    """axe needs scripting to run, so the page is drawn as it is without JavaScript in another
    way: every script refused, and the stylesheet the page keeps in <noscript> put in place."""
    context, page, foreign = new_tab(browser, base_url)
    context.route("**/*.js", lambda route: route.abort("blockedbyclient"))
    try:
        for tree_id, path, _ in every_tool(site_dir):
            page.goto(base_url + path)
            fallback = page.locator("head noscript").first.text_content()
            href = re.search(r'href="([^"]+)"', fallback)[1]
            page.add_style_tag(url=page.url.split("#")[0].rsplit("/", 1)[0] + "/" + href)
            assert_says_unavailable(page, tree_id, path, "It needs JavaScript and WebAssembly")
            assert axe_violations(page) == [], path
    finally:
        context.close()
    assert foreign == []


def block_wasm(route) -> None:
    route.abort("blockedbyclient")


def remove_webassembly(context) -> None:
    context.add_init_script("delete globalThis.WebAssembly;")


@pytest.mark.parametrize("how", ["wasm-refused", "no-webassembly"])
def test_without_webassembly_every_tool_page_says_so_and_shows_its_rules(browser, base_url, site_dir, how):
    context, page, foreign = new_tab(browser, base_url)
    # Nothing foreseen either (test_foreseen.py: with them, a tool goes on part way).
    without_foreseen_steps(context)
    if how == "wasm-refused":
        context.route("**/*.wasm", block_wasm)
    else:
        remove_webassembly(context)
    try:
        for tree_id, path, names in every_tool(site_dir):
            page.goto(base_url + path)
            assert_says_unavailable(page, tree_id, path, "")
            status = page.locator(f".lp-tool[data-tree={tree_id}] .lp-tool__status")
            assert status.get_attribute("role") == "status"
            assert "The interactive tool is not available" in status.text_content()  # announced as well
            if how == "no-webassembly":
                assert "WebAssembly" in page.locator(".lp-tool__unavailable").first.inner_text()
            assert_rules_complete(page, tree_id, path, names)
            assert axe_violations(page, f".lp-tool[data-tree={tree_id}]") == [], path
    finally:
        context.close()
    assert foreign == []


def test_the_rules_stay_on_the_page_when_the_tool_works(page, base_url, site_dir):
    """The rules are closed (not removed) while the tool runs: one click opens them, complete."""
    tree_id, path, names = every_tool(site_dir)[0]
    page.goto(base_url + path)
    page.locator(f'.lp-tool[data-tree={tree_id}].lp-tool--live').wait_for(state="attached")
    rules = page.locator(".lp-rules").first
    assert rules.get_attribute("open") is None
    rules.locator("summary").click()
    # Opened by the reader, the rules are laid out in full at once: not left to be laid out as
    # they scroll into view, which would show an empty box (and give empty text) for a moment.
    body = rules.locator(".lp-rules__body")
    assert body.evaluate("(element) => getComputedStyle(element).contentVisibility") == "visible"
    assert_rules_complete(page, tree_id, path, names)
