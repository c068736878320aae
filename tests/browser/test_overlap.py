"""Nothing the theme keeps in place covers what the reader scrolls to (issue 17, item 8): the
sidebars' titles and the menu items scrolled under them, and the "Back to top" button and the
headings a link brings to the top of the page. Measured as the boxes the browser lays out."""

from __future__ import annotations

import pytest

from helpers import wait_until_still

LONG_MENU_PAGE = "reference/glossary/"
MANY_HEADINGS = "team-around-the-family/running-the-meeting/"

# The menu items of a sidebar that a sidebar's title covers, at the sidebar's present scroll.
COVERED_ITEMS = """(sidebar) => {
    const title = sidebar.querySelector(".md-nav > .md-nav__title");
    const box = title.getBoundingClientRect();
    if (!box.height || getComputedStyle(title).display === "none") return [];
    return [...sidebar.querySelectorAll(".md-nav__link")]
        .filter((link) => !title.contains(link) && link.getClientRects().length)
        .map((link) => [link.textContent.trim(), link.getBoundingClientRect()])
        .filter(([, b]) => b.bottom > box.top + 0.5 && b.top < box.bottom - 0.5 && b.right > box.left && b.left < box.right)
        .map(([text]) => text);
}"""


@pytest.mark.parametrize("size", [(1280, 600), (1600, 700)], ids=["laptop", "desktop"])
def test_a_sidebar_title_never_covers_a_menu_item_scrolled_under_it(page, base_url, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(base_url + LONG_MENU_PAGE)
    checked = 0
    for which in (".md-sidebar--primary", ".md-sidebar--secondary"):
        sidebar = page.locator(which)
        scroller = sidebar.locator(".md-sidebar__scrollwrap")
        if not sidebar.is_visible():
            continue
        room = scroller.evaluate("(s) => s.scrollHeight - s.clientHeight")
        if which == ".md-sidebar--primary":
            assert room > 200, "the menu is long enough to scroll at this size"
        for offset in (17, 60, 137, room // 2, room):
            if not 0 < offset <= room:
                continue
            scroller.evaluate("(s, top) => { s.scrollTop = top; }", offset)
            assert scroller.evaluate("(s) => s.scrollTop") > 0
            covered = sidebar.evaluate(COVERED_ITEMS)
            assert covered == [], f"{which} scrolled by {offset}px: its title covers {covered}"
            checked += 1
    assert checked >= 4


# Headings that a link can bring to the top of the page (not those the page's end keeps lower).
HEADINGS_AT_TOP = """() => [...document.querySelectorAll("article :is(h2, h3)[id]")]
    .filter((h) => h.getBoundingClientRect().top + scrollY + innerHeight < document.documentElement.scrollHeight - 40)
    .map((h) => h.id)"""

# The headings the "Back to top" button covers.
COVERED_HEADINGS = """() => {
    const button = document.querySelector(".md-top").getBoundingClientRect();
    return [...document.querySelectorAll("article :is(h1, h2, h3, h4)")]
        .map((h) => [h.id || h.textContent.trim(), h.getBoundingClientRect()])
        .filter(([, b]) => b.bottom > button.top && b.top < button.bottom && b.right > button.left && b.left < button.right)
        .map(([name]) => name);
}"""


@pytest.mark.parametrize("size", [(1280, 720), (375, 667)], ids=["laptop", "phone"])
def test_back_to_top_never_covers_the_heading_a_link_brought_the_reader_to(page, base_url, size):
    """A reader follows a link to a heading (the table of contents, a link in the text) and then
    scrolls back a little: the theme shows "Back to top" as the page moves up, and it sat on the
    heading they had just arrived at."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(base_url + MANY_HEADINGS)
    headings = page.evaluate(HEADINGS_AT_TOP)
    assert len(headings) >= 5
    for heading in headings[-4:]:
        page.goto(base_url + MANY_HEADINGS + "#" + heading)
        wait_until_still(page)
        arrived = page.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", heading)
        assert 0 < arrived < 200, f"#{heading} is brought to the top of the page ({arrived}px)"
        page.mouse.move(size[0] / 2, size[1] / 2)
        page.mouse.wheel(0, -10)
        page.locator(".md-top:not([hidden])").wait_for()
        wait_until_still(page)
        covered = page.evaluate(COVERED_HEADINGS)
        assert covered == [], f"after #{heading} and a small scroll up, Back to top covers {covered}"
