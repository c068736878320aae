"""One renderer of a tool's step (issue 16, item 5): the markup of a step is made by one
standard-library renderer in the package (src/decision/engine/markup.py), which the build uses for
the page's first question and its foreseen steps and the browser's worker for every reply, and
lp-tools.js only inserts it. Every text in it is text: what a reader typed and what a council's
settings hold make no element and no attribute."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

import handbook_build.markup
from decision import get_tree, tree_ids
from decision.browser import handle
from decision.engine import markup
from decision.engine.markup import step_html
from decision.engine.model import PRACTITIONERS
from handbook_build.foreseen import foreseen_file, foreseen_replies
from handbook_build.widget import widget_html
from support import ROOT, published_settings

LP_TOOLS = ROOT / "docs" / "assets" / "handbook" / "lp-tools.js"
HOSTILE = ["<b>x</b>", '"><img src=x onerror=alert(1)>', "<script>alert(1)</script>", "' onmouseover='alert(1)",
           "&lt;i&gt;", "{front_door}"]
# Every element the renderer makes; anything else in a step was made from text.
STEP_TAGS = {"form", "div", "fieldset", "legend", "span", "h3", "h4", "p", "ul", "li", "input", "label", "button",
             "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "a", "template"}


class Parsed(HTMLParser):
    """A browser's reading of a piece of markup: its elements' tags and attributes (values
    unescaped) and its text (entities decoded)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def attribute_names(self) -> set[str]:
        return {name for _, attrs in self.elements for name in attrs}


def ask(request: dict, settings=None) -> dict:
    reply = json.loads(handle(json.dumps(request), settings))
    assert reply["ok"], reply
    return reply


def test_the_build_uses_the_packages_renderer():
    assert handbook_build.markup.step_html is markup.step_html
    assert handbook_build.markup.h is markup.h and handbook_build.markup.text is markup.text


@pytest.mark.parametrize("tree_id", tree_ids())
def test_the_workers_reply_carries_the_step_as_the_build_puts_it_in_the_page(tree_id):
    """The build's first question and the worker's markup for the same step are the same string."""
    tree = get_tree(tree_id)
    settings = published_settings(council="Testshire")
    variants, names = settings.tool(tree)
    reply = ask({"tree": tree_id, "answers": {}, "uid": f"lp-{tree_id}"}, settings)
    assert reply["html"] == step_html(reply["view"], f"lp-{tree_id}")
    page = widget_html(tree, f"lp-{tree_id}", variants, "Testshire", names)
    assert f'<div class="lp-tool__step">{reply["html"]}</div></div>' in page


def test_the_steps_ids_start_with_the_tool_id_the_page_sends_and_a_hostile_one_is_not_used():
    second = ask({"tree": "allocation", "answers": {"status": ""}, "uid": "lp-allocation-2"})["html"]
    ids = [attrs["id"] for _, attrs in Parsed(second).elements if attrs.get("id")]
    assert ids and all(i.startswith("lp-allocation-2-") for i in ids), ids
    for hostile in ['lp-x"><img src=x onerror=alert(1)>', "lp-" + "x" * 200, 7, None, "allocation"]:
        html = ask({"tree": "allocation", "answers": {"status": ""}, "uid": hostile})["html"]
        assert html == ask({"tree": "allocation", "answers": {"status": ""}, "uid": "lp-allocation"})["html"], hostile


def test_typed_roles_and_agencies_are_text_in_the_markup():
    """A role typed as markup shows as typed: in the field's value when the list is asked again,
    and in the answers and the family's choice, and never makes an element or an attribute."""
    tree = get_tree("allocation")
    question = next(q for q in tree.questions() if q.kind == PRACTITIONERS)
    every = [o.id for o in question.options]
    people = [{"role": role, "agency": agency, "criteria": every}
              for role, agency in zip(HOSTILE[:4], HOSTILE[2:] + HOSTILE[:2])]
    answers = {"status": "none", question.id: people}
    again = Parsed(ask({"tree": "allocation", "answers": answers, "ask": question.id})["html"])
    values = {name: [attrs["value"] for tag, attrs in again.elements if tag == "input" and attrs.get("name") == name]
              for name in ("role", "agency")}
    assert values["role"][:len(people)] == [p["role"] for p in people]  # then the template's empty one
    assert values["agency"][:len(people)] == [p["agency"] for p in people]
    onwards = ask({"tree": "allocation", "answers": answers})
    assert onwards["view"]["question"]["id"] == "family_wishes"
    shown = Parsed(onwards["html"])
    for person in people:
        assert person["role"] in shown.text
    for parsed in (again, shown):
        assert parsed.tags <= STEP_TAGS, parsed.tags - STEP_TAGS
        assert not any(name.startswith("on") for name in parsed.attribute_names())


@pytest.mark.parametrize("tree_id", tree_ids())
def test_a_councils_names_and_name_are_text_in_every_foreseen_step(tree_id):
    """Settings are data: names and the council's name holding markup make no element."""
    tree = get_tree(tree_id)
    names = {name.id: HOSTILE[index % len(HOSTILE)] + " team" for index, name in enumerate(tree.names)}
    settings = published_settings(council='<b>Council</b>" onclick="alert(1)', tools={tree_id: ({}, names)})
    replies = foreseen_replies(tree_id, settings)
    assert replies
    for key, reply in replies.items():
        parsed = Parsed(reply["html"])
        assert parsed.tags <= STEP_TAGS, (key, parsed.tags - STEP_TAGS)
        assert not any(name.startswith("on") for name in parsed.attribute_names()), key
    outcomes = [r for r in replies.values() if r["view"]["kind"] == "outcome" and r["view"]["outcome"]["local_rules"]]
    for reply in outcomes:
        assert '<b>Council</b>" onclick="alert(1)' in Parsed(reply["html"]).text


def test_the_foreseen_steps_carry_the_renderers_markup_for_the_first_copy_of_the_tool():
    settings = published_settings()
    file = json.loads(foreseen_file("allocation", settings))
    assert file["uid"] == "lp-allocation" and len(file["views"]) > 20
    for key, stored in file["views"].items():
        view = {name: value for name, value in stored.items() if name != "html"}
        assert list(stored)[-1] == "html"  # after the view, which lp-tools.js takes apart from it
        assert stored["html"] == step_html(view, "lp-allocation"), key
        request = {"tree": "allocation", "answers": json.loads(key), "uid": "lp-allocation"}
        assert ask(request, settings) == {"ok": True, "view": view, "html": stored["html"]}, key


def test_the_practitioners_template_numbers_nothing_and_holds_its_marker_only_in_ids():
    """The template of an empty practitioner (for adding one in the page) holds the marker where the
    index goes, in ids and the like, and an empty number that lp-tools.js fills in."""
    html = ask({"tree": "allocation", "answers": {"status": "none"}})["html"]
    [template] = re.findall(r'<template class="lp-entries__template" data-index="(\w+)">(.*?)</template>', html)
    marker, inside = template
    assert marker == markup.ENTRY_INDEX
    parsed = Parsed(inside)
    assert marker not in parsed.text
    assert [t for t, attrs in parsed.elements if attrs.get("class") == "lp-entry__number"] == ["span", "span"]
    assert "Practitioner " in parsed.text and "Practitioner 1" not in parsed.text
    for _, attrs in parsed.elements:
        for name, value in attrs.items():
            if value and marker in value:
                assert name in {"id", "for", "name", "aria-describedby", "data-entry"}, name


def test_lp_tools_js_holds_no_step_renderer():
    """The browser's script inserts Python's markup: it builds no element of a step. The elements
    it makes are its own messages (a problem, a notice, progress), whose box is the step's."""
    script = LP_TOOLS.read_text()
    made = re.findall(r'\bh\(\s*"(\w+)"\s*,\s*(?:\{[^}]*?class:\s*[`"]([^`"]*)[`"])?', script)
    tags = {tag for tag, _ in made}
    classes = {name for _, names in made for name in names.split()}
    step_classes = set()
    for reply in [*foreseen_replies("allocation", published_settings()).values(),
                  ask({"tree": "allocation", "answers": {"status": "none"}})]:
        step_classes |= {name for _, attrs in Parsed(reply["html"]).elements for name in (attrs.get("class") or "").split()}
    assert len(step_classes) > 40
    assert classes & step_classes <= {"lp-step", "lp-restart", "lp-link"}, classes & step_classes
    assert not tags & {"form", "fieldset", "legend", "input", "label", "dl", "dt", "dd", "table", "h4"}, tags
    assert "render:" not in script and "innerHTML = html" in script
