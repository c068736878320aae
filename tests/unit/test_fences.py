"""The fences: one interface for the four kinds, registered in one place, and one parser of their
`key: value` bodies whose mistakes name the page and the line."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import markdown
import pytest

from decision.browser import DEFAULTS
from handbook_build import fences
from handbook_build.context import context_for
from handbook_build.fence import FenceError, parse_keys
from handbook_build.settings import Settings

CONTEXT = context_for(Settings(), DEFAULTS)
KEYS = {"tree": ("allocation", "threshold"), "page": None}


def test_the_four_kinds_of_fence_are_registered_in_one_place_in_place_of_any_of_the_same_name():
    config = SimpleNamespace(mdx_configs={"pymdownx.superfences": {"custom_fences": [
        {"name": "decision", "class": "decision", "format": print},
        {"name": "mermaid", "class": "mermaid", "format": print}]}})
    fences.register(config, CONTEXT)
    custom = config.mdx_configs["pymdownx.superfences"]["custom_fences"]
    assert [entry["name"] for entry in custom] == ["mermaid", "decision", "decision-diagram", "decision-training",
                                                   "decision-meeting"]
    assert all(entry["class"] == entry["name"] and entry["format"] is not print for entry in custom[1:])


def test_a_fence_body_is_read_as_key_value_lines():
    assert parse_keys("\n tree:  allocation \n\npage: ../a.md#x\n", KEYS, required=("tree",)) == \
        {"tree": "allocation", "page": "../a.md#x"}


@pytest.mark.parametrize("body, line, says", [
    ("tree: allocation\nthreshold", 2, "'threshold' is not 'key: value'"),
    ("tree: allocation\n\ncolour: red", 3, "'colour' is not one of its settings (tree, page)"),
    ("tree: allocation\ntree: threshold", 2, "'tree' is given twice"),
    ("page: x.md\ntree: nonsense", 2, "tree 'nonsense' is not one of: allocation, threshold"),
    ("page: x.md", 0, "it needs tree: ..."),
])
def test_a_mistake_in_a_fence_body_names_its_line(body, line, says):
    with pytest.raises(FenceError) as raised:
        parse_keys(body, KEYS, required=("tree",))
    assert (str(raised.value), raised.value.line) == (says, line)


PAGE = "# A page\n\nSome text.\n\n!!! note\n\n    ```{name}\n    {first}\n    {second}\n    ```\n"


def converted(name: str, first: str, second: str) -> str:
    """The page through superfences with the handbook's fences, as mkdocs converts it: with its
    "relpath" step, which knows the page's file."""
    md = markdown.Markdown(extensions=["admonition", "pymdownx.superfences"], extension_configs={
        "pymdownx.superfences": {"custom_fences": [{"name": f.name, "class": f.name, "format": f.formatter(CONTEXT)}
                                                   for f in fences.FENCES]}})
    source = PAGE.format(name=name, first=first, second=second)
    page = SimpleNamespace(src_uri="tools/a-page.md", content_string=source)
    relpath = SimpleNamespace(file=page, run=lambda root: None)
    md.treeprocessors.register(relpath, "relpath", 0)
    return md.convert(source)


@pytest.mark.parametrize("name, first", [("decision", "tree: allocation"), ("decision-diagram", "tree: allocation"),
                                         ("decision-training", "view: cards")])
def test_every_fence_that_reads_keys_says_which_page_and_line_a_mistake_is_on(name, first, caplog):
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.handbook"):
        html = converted(name, first, "colour: red")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    settings = {"decision": "tree", "decision-diagram": "tree, page", "decision-training": "view"}[name]
    assert errors == [f"tools/a-page.md, line 9: {name} fence: 'colour' is not one of its settings ({settings})"]
    assert '<p class="lp-fence-error">tools/a-page.md, line 9: ' in html


@pytest.mark.parametrize("name, body", [("decision", "tree: allocation"), ("decision-diagram", "tree: allocation"),
                                        ("decision-training", "view: cards"), ("decision-meeting", "")])
def test_every_fence_still_renders_through_the_shared_interface(name, body, caplog):
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.handbook"):
        html = converted(name, body, "")
    assert not [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "lp-fence-error" not in html and ("lp-" in html)


def test_a_second_meeting_kit_on_a_page_is_refused_naming_its_own_line(caplog):
    """Two fences alike: the mistake is the second's, and the message names the second's line."""
    md = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs={
        "pymdownx.superfences": {"custom_fences": [{"name": f.name, "class": f.name, "format": f.formatter(CONTEXT)}
                                                   for f in fences.FENCES]}})
    source = "# Meeting\n\n```decision-meeting\n```\n\nMore text.\n\n```decision-meeting\n```\n"
    md.treeprocessors.register(SimpleNamespace(file=SimpleNamespace(src_uri="tools/kit.md", content_string=source),
                                               run=lambda root: None), "relpath", 0)
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.handbook"):
        html = md.convert(source)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == ["tools/kit.md, line 8: decision-meeting fence: a page can hold only one meeting kit"]
    assert html.count('class="lp-kit"') == 1
    assert '<p class="lp-fence-error">tools/kit.md, line 8: ' in html
