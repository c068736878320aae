"""A second skip link on every page with a tool: "Skip to the tool", straight after the theme's
"Skip to content", so that a keyboard user reaches the tool's question with two presses of Tab
and Enter instead of tabbing through the menu and the chapter (GOV.UK's skip link pattern).

It is written into the page's markup, so it works without JavaScript, inside the theme's own skip
component, so that the theme's instant page changes bring each page's own links with it. It
takes the theme's skip link style: hidden until it has focus. Its target is the first tool on the
page (widget.py gives it an id and tabindex="-1"): its title and first question, or without
JavaScript the notice that leads to the rules in full. One more Tab reaches the first answer.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from .markup import h

SKIP_COMPONENT = '<div data-md-component="skip">'
TOOL = re.compile(r'<div class="lp-tool" id="([A-Za-z0-9_-]+)"')  # the first one on a page comes first
LABEL = "Skip to the tool"


def add_skip_to_tool(html: str) -> str:
    found = TOOL.search(html)
    if not found:
        return html
    start = html.find(SKIP_COMPONENT)
    if start < 0:
        raise PluginError("the theme's skip link component is missing: the page's skip link to its tool has no place")
    end = html.index("</div>", start)
    link = h("a", {"href": f"#{found.group(1)}", "class": "md-skip lp-skip"}, LABEL)
    return html[:end] + link + html[end:]


def on_post_page(output: str, page, config) -> str:
    return add_skip_to_tool(output)


def on_page_content(html: str, page, config, files) -> str:
    """Tell mkdocs' link check about the tools' ids (it finds only the ids in a page's Markdown
    and headings, not those in a tool's markup), so that a link to a tool, such as the home
    page's main button, is checked like any other."""
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(match.group(1) for match in TOOL.finditer(html))
    return html
