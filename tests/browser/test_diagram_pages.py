"""The diagram pages in a real browser: accessible, keyboard-scrollable, and the text really fits."""

from __future__ import annotations

import pytest
from helpers import axe_report

from decision import tree_ids

PAGES = ["tools/"] + [f"tools/{tree_id}/" for tree_id in tree_ids()]

# Every text box measured with the fonts the browser really uses, against the shape it sits in.
OVERFLOWING = """() => {
  const found = [];
  for (const group of document.querySelectorAll('.lp-diagram__node, .lp-diagram__label')) {
    const shape = group.querySelector('rect, path').getBBox();
    for (const text of group.querySelectorAll('text')) {
      const box = text.getBBox();
      if (box.x < shape.x || box.x + box.width > shape.x + shape.width
          || box.y < shape.y || box.y + box.height > shape.y + shape.height) {
        found.push(text.textContent);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_diagram_pages_pass_axe(page, base_url, path):
    page.goto(base_url + path, wait_until="networkidle")
    assert axe_report(page) == ""
    if path != "tools/":
        assert page.locator("figure.lp-diagram").count() == 1
        assert axe_report(page, "figure.lp-diagram") == ""


@pytest.mark.parametrize("tree_id", tree_ids())
def test_the_diagram_is_drawn_its_text_fits_and_the_caption_links_to_the_rules(page, base_url, tree_id):
    page.goto(f"{base_url}tools/{tree_id}/", wait_until="networkidle")
    figure = page.locator(f"figure.lp-diagram[data-tree={tree_id}]")
    svg = figure.locator("svg[role=img]")
    assert svg.is_visible()
    assert page.evaluate(OVERFLOWING) == []
    # drawn at its own size, not shrunk to the column
    assert svg.bounding_box()["width"] == pytest.approx(float(svg.get_attribute("width")), abs=1)
    assert figure.get_by_role("img").count() == 1
    link = figure.locator("figcaption a")
    assert "#lp-" in link.get_attribute("href") and link.get_attribute("href").endswith("-rules")


def test_a_wide_diagram_scrolls_from_the_keyboard(page, base_url):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(base_url + "tools/allocation/", wait_until="networkidle")
    region = page.get_by_role("region", name="Flow diagram: Who should be the lead professional? (scrolls sideways)")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    region.focus()
    assert region.evaluate("e => e === document.activeElement")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.lp-diagram__scroll').scrollLeft > 0")


def test_the_caption_link_opens_the_written_rules_of_the_tool(page, base_url):
    page.goto(base_url + "tools/allocation/", wait_until="networkidle")
    page.locator("figure.lp-diagram figcaption a").click()
    page.wait_for_url("**/lead-professional/choosing-the-lead-professional/#lp-allocation-rules")
    assert page.locator("#lp-allocation-rules").count() == 1


def test_the_diagram_prints_within_the_page(page, base_url):
    page.goto(base_url + "tools/allocation/", wait_until="networkidle")
    page.emulate_media(media="print")
    svg = page.locator("figure.lp-diagram svg")
    content = page.locator(".md-content").bounding_box()
    assert svg.bounding_box()["width"] <= content["width"] + 1
