"""The way in to the work: the home page names what the handbook offers and its main button opens
the main tool at its first question; every page with a tool lets a keyboard user skip straight
to it (GOV.UK's skip link: the second stop from the top of the page, shown when focused,
server-rendered so that it works without JavaScript).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from helpers import assert_accessible, wait_until_still
from test_accessibility import new_tab, tool_pages

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}

@contextmanager
def tab(browser, base_url: str, **options):
    """A new tab (new_tab's options), closed after the test; like every browser test, it fails if
    a page asked another origin for anything."""
    context, page, foreign = new_tab(browser, base_url, **options)
    try:
        yield page
    finally:
        context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"


# Where focus is: its text and link, whether it is on the page's first tool (the skip link's
# target) or inside it, and whether it is an answer of that tool's question.
FOCUS = """() => {
    const e = document.activeElement;
    const tool = document.querySelector(".lp-tool");
    return {
        text: (e && e.textContent || "").replace(/\\s+/g, " ").trim(),
        href: e && e.getAttribute("href") || "",
        atTool: Boolean(tool && e && tool.contains(e)),
        answer: Boolean(e && e.matches("input") && e.closest(".lp-tool form.lp-question")),
    };
}"""

AT_TOOL = """() => { const tool = document.querySelector(".lp-tool"); return Boolean(tool && tool.contains(document.activeElement)); }"""

# The first tool's question heading, or without JavaScript its notice (which leads to the rules):
# in the viewport, and below the theme's fixed header.
IN_VIEW = """(javascript) => {
    const shown = document.querySelector(javascript ? ".lp-tool .lp-question__text" : ".lp-tool .lp-tool__unavailable");
    const header = document.querySelector(".md-header");
    const box = shown.getBoundingClientRect();
    const below = header ? header.getBoundingClientRect().bottom : 0;
    return { top: box.top, bottom: box.bottom, below, height: innerHeight };
}"""


def tool_page_paths(site_dir) -> list[str]:
    return sorted({pages[0][0] for pages in tool_pages(site_dir).values()})


def assert_question_in_view(page, javascript: bool, where: str) -> None:
    if javascript:  # (the theme's animations; without JavaScript nothing moves, and nothing could wait)
        wait_until_still(page)
    box = page.evaluate(IN_VIEW, javascript)
    assert box["below"] <= box["top"] and box["bottom"] <= box["height"], f"{where}: the question is not in view: {box}"


def skip_to_the_tool(page, javascript: bool, where: str) -> None:
    """From the top of the page: Tab until the skip link to the tool has focus (at most two
    presses), check it shows, then Enter: focus is on the tool, its question in view, and the
    next Tab is on the question's first answer."""
    for presses in (1, 2):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUS)
        if now["text"] == "Skip to the tool":
            break
    else:
        raise AssertionError(f"{where}: two presses of Tab did not reach 'Skip to the tool' (at: {now})")
    link = page.locator("a", has_text="Skip to the tool")
    expect(link, f"{where}: the focused skip link is hidden").to_have_css("opacity", "1")
    shown = link.bounding_box()
    assert shown and shown["width"] > 0 and 0 <= shown["y"] < page.viewport_size["height"], where
    page.keyboard.press("Enter")
    if javascript:  # the theme handles a link within the page itself, and moves focus a moment later
        page.wait_for_function(AT_TOOL, timeout=5_000)
    now = page.evaluate(FOCUS)
    assert now["atTool"], f"{where}: Enter on the skip link left focus at {now}"
    assert_question_in_view(page, javascript, where)
    if javascript:
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUS)
        assert now["answer"], f"{where}: Tab from the tool did not reach its question's first answer, but {now}"


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_from_the_top_of_a_tool_page_tab_and_enter_reach_the_tools_question(browser, base_url, site_dir, javascript):
    with tab(browser, base_url, java_script_enabled=javascript, viewport=DESKTOP) as page:
        for path in tool_page_paths(site_dir):
            page.goto(base_url + path)
            if javascript:  # the tools' script has taken the tool over
                page.locator(".lp-tool.lp-tool--live").first.wait_for()
            skip_to_the_tool(page, javascript, path)


def test_a_page_without_a_tool_offers_no_skip_to_a_tool(browser, base_url):
    with tab(browser, base_url, viewport=DESKTOP) as page:
        page.goto(base_url + "lead-professional/role-and-functions/")
        assert page.locator("a", has_text="Skip to the tool").count() == 0
        assert page.locator("a.md-skip").count() == 1  # the theme's own "Skip to content"


def test_the_focused_skip_link_passes_axe(browser, base_url, site_dir):
    with tab(browser, base_url, viewport=DESKTOP) as page:
        page.goto(base_url + tool_page_paths(site_dir)[0])
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS)["text"] == "Skip to the tool"
        assert_accessible(page, "a tool page with its skip link focused")


def test_the_home_page_names_the_meeting_kit_and_the_training_mode(browser, base_url):
    with tab(browser, base_url, viewport=DESKTOP) as page:
        page.goto(base_url)
        content = page.locator(".md-content")
        kit = content.locator('a[href*="team-around-the-family/meeting-kit/"]')
        training = content.locator('a[href*="training/"]')
        assert kit.count() >= 1 and "meeting kit" in kit.first.inner_text().lower()
        assert training.count() >= 1 and "training" in " ".join(training.all_inner_texts()).lower()
        assert_accessible(page, "the home page")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_the_home_pages_main_button_opens_the_tool_at_its_first_question(browser, base_url, viewport, javascript):
    with tab(browser, base_url, java_script_enabled=javascript, viewport=viewport) as page:
        page.goto(base_url)
        button = page.locator(".md-content a.md-button--primary").first
        button.click()
        page.wait_for_url("**/choosing-the-lead-professional/#*")
        page.locator(".lp-tool").first.wait_for()
        assert_question_in_view(page, javascript, f"after the home page's main button ({viewport['width']} px wide)")
        if not javascript:  # a plain link to the tool gives it focus (the theme's page changes keep their own)
            assert page.evaluate(FOCUS)["atTool"]
