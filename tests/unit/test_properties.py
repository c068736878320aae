"""Property-based tests: whatever answers arrive, every tree's resolver returns a valid step.

Answers come from outside (an address, a bookmark, another script on the page), so the resolver
and the browser's entry point are fed random answer sequences, random question ids, random
values of every JSON type and random text, and must always give a question or an outcome of the
same tree, with a view that is plain JSON, without raising. Answers are drawn step by step, so
the sequences reach deep into each tree rather than stopping at its first question.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision import get_tree, resolve, step_view, tree_ids
from decision.engine.answers import MAX_TEXT_LENGTH, clean_text
from decision.browser import handle
from decision.engine.model import CHOICE, MULTI, PRACTITIONERS, Outcome, Question, Tree
from decision.engine.paths import variant_settings
from handbook_build.markup import step_html

TREES = tree_ids()
# The same examples every run (derandomize): a property that fails must fail in every run, not in
# one CI run in many. A maintainer exploring further can raise max_examples locally.
CHECKS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def for_every_tree(**strategies):
    """A property checked for each registered tree (tree_id), with the given Hypothesis strategies."""
    def decorate(test):
        return pytest.mark.parametrize("tree_id", TREES)(CHECKS(given(**strategies)(test)))
    return decorate
SOMETHING_WRONG = "Something went wrong"  # the reply of browser.handle when Python raised

# Text that tends to break things: markup, template syntax, placeholders, control characters,
# right-to-left marks, letters outside ASCII and characters outside the Basic Multilingual Plane.
NASTY = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "{{ x }}",
         "{front_door}", "{", "}", "%s", "\\", "\u202e", "\x00", "\n\t", "é" * 90, "😀", "", " ", "__proto__",
         "constructor", "toString"]
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=120))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(texts, inner, max_size=5)),
    max_leaves=20,
)


# ------------------------------------------------------------------------------------------
# What a valid step is
# ------------------------------------------------------------------------------------------

def assert_valid_step(tree: Tree, step) -> dict[str, Any]:
    """A question or outcome of this tree, reached by the answers it accepted, in order; and a
    view that is plain JSON and that both renderers' inputs can carry."""
    assert isinstance(step.node, (Question, Outcome))
    assert tree.has_node(step.node.id) and tree.node(step.node.id) is step.node
    asked = [node_id for node_id in step.path if isinstance(tree.node(node_id), Question)]
    accepted = [a.question.id for a in step.accepted]
    assert asked[: len(accepted)] == accepted, (asked, accepted)  # accepted answers: a prefix of the path
    assert step.path and step.path[0] == tree.start
    if isinstance(step.node, Outcome):
        assert step.path[-1] == step.node.id and len(asked) == len(accepted)
    view = step_view(step, council="A council", names={"front_door": "the front door"})
    assert_valid_view(tree, view)
    return view


def assert_valid_view(tree: Tree, view: dict[str, Any]) -> None:
    text = json.dumps(view, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == view  # plain JSON: nothing lost on the way to the browser
    assert view["tree"] == tree.id and view["kind"] in ("question", "outcome")
    shown = view["question"]["id"] if view["kind"] == "question" else view["outcome"]["id"]
    node = tree.node(shown)
    assert isinstance(node, Question if view["kind"] == "question" else Outcome)
    assert all(isinstance(n, str) and n for n in view["notices"])
    assert view["back"] is None or isinstance(tree.node(view["back"]), Question)
    for row in view["answers"]:
        assert isinstance(tree.node(row["question_id"]), Question)


# ------------------------------------------------------------------------------------------
# Drawing answers
# ------------------------------------------------------------------------------------------

def practitioner(question: Question):
    criteria = [o.id for o in question.options]
    return st.fixed_dictionaries({
        "role": texts, "agency": texts,
        "criteria": st.one_of(st.lists(st.sampled_from(criteria), max_size=len(criteria) + 2),
                              st.lists(texts, max_size=3)),
    })


def good_answer(question: Question, step) -> st.SearchStrategy:
    """An answer of the right shape, usually acceptable."""
    if question.kind == CHOICE:
        ids = [option_id for option_id, _ in step.generated] + [o.id for o in question.options]
        return st.sampled_from(ids)
    if question.kind == MULTI:
        return st.lists(st.sampled_from([o.id for o in question.options]), min_size=1, max_size=4)
    assert question.kind == PRACTITIONERS
    return st.lists(practitioner(question), min_size=1, max_size=question.max_items + 1)


def any_answer(question: Question, step) -> st.SearchStrategy:
    return st.one_of(good_answer(question, step), good_answer(question, step), json_values,
                     st.sampled_from(["", [], [""], None]))


@st.composite
def answer_sequences(draw, tree: Tree) -> tuple[dict[str, Any], list[Any]]:
    """Answers built as a reader (or a meddler) would: one question at a time, from the start,
    with now and then an unknown id, an answer for a question elsewhere in the tree, or junk."""
    answers: dict[str, Any] = {}
    steps = []
    for _ in range(draw(st.integers(min_value=0, max_value=14))):
        step = resolve(tree, answers)
        steps.append(step)
        if step.is_outcome:
            break
        answers[step.node.id] = draw(any_answer(step.node, step))
        extra = draw(st.integers(min_value=0, max_value=9))
        if extra == 0:
            answers[draw(texts)] = draw(json_values)
        elif extra == 1:
            elsewhere = draw(st.sampled_from(tree.questions()))
            answers[elsewhere.id] = draw(any_answer(elsewhere, resolve(tree, {})))
    return answers, steps


def asks(tree: Tree):
    return st.one_of(st.none(), st.sampled_from([q.id for q in tree.questions()]), texts)


def variants(tree: Tree):
    settings_ = variant_settings(tree)
    return st.one_of(st.sampled_from(settings_), st.none(), json_values)


# ------------------------------------------------------------------------------------------
# The resolver
# ------------------------------------------------------------------------------------------

@for_every_tree(data=st.data())
def test_any_answer_sequence_gives_a_valid_step(tree_id, data):
    tree = get_tree(tree_id)
    answers, steps = data.draw(answer_sequences(tree))
    for step in steps:
        assert_valid_step(tree, step)
    chosen = data.draw(variants(tree))
    ask = data.draw(asks(tree))
    step = resolve(tree, answers, chosen, ask=ask)
    assert_valid_step(tree, step)
    # What a step keeps (and writes to the address) leads back to the same place, with
    # nothing left to set aside.
    base = resolve(tree, answers, chosen)
    again = resolve(tree, base.state(), chosen)
    assert again.node.id == base.node.id and again.dropped == () and again.error is None
    assert [(a.question.id, a.value) for a in again.accepted] == [(a.question.id, a.value) for a in base.accepted]


@for_every_tree(raw=st.one_of(json_values, st.dictionaries(texts, json_values, max_size=60)),
                data=st.data())
def test_random_ids_and_values_give_a_valid_step(tree_id, raw, data):
    tree = get_tree(tree_id)
    step = resolve(tree, raw, data.draw(variants(tree)), ask=data.draw(asks(tree)))
    view = assert_valid_step(tree, step)
    if isinstance(raw, dict) and raw and not step.accepted and not step.error:
        assert step.dropped or step.pending or not (set(raw) - {q.id for q in tree.questions()}), \
            "an unknown answer was ignored without saying so"
    assert len(view["notices"]) <= 45


@for_every_tree(data=st.data())
def test_the_browser_entry_point_always_replies(tree_id, data):
    tree = get_tree(tree_id)
    answers, _ = data.draw(answer_sequences(tree))
    request = {
        "tree": data.draw(st.one_of(st.just(tree_id), st.just(tree_id), texts, json_values)),
        "answers": answers,
        "variants": data.draw(variants(tree)),
        "names": data.draw(st.one_of(st.none(), st.dictionaries(texts, json_values, max_size=4),
                                     st.just({"front_door": "{front_door}<b>"}), json_values)),
        "council": data.draw(st.one_of(texts, json_values)),
        "ask": data.draw(asks(tree)),
        "version": data.draw(st.one_of(st.just(tree.version), st.integers(), json_values)),
    }
    if data.draw(st.booleans()):
        request["action"] = data.draw(st.one_of(st.just("resolve"), texts))
    reply = json.loads(handle(json.dumps(request)))
    assert isinstance(reply, dict) and isinstance(reply.get("ok"), bool)
    if not reply["ok"]:
        assert isinstance(reply["message"], str) and reply["message"]
        assert not reply["message"].startswith(SOMETHING_WRONG), "Python raised on this request"
        return
    assert request["tree"] == tree_id and request.get("action", "resolve") == "resolve"
    assert_valid_view(tree, reply["view"])
    if reply["view"]["answers"] and request["version"] not in (None, tree.version):
        assert "has changed since the link" in reply["view"]["notices"][0]


@CHECKS
@given(raw=st.one_of(st.text(max_size=300), json_values.map(json.dumps),
                     st.fixed_dictionaries({}, optional={"council": json_values, "edition": json_values,
                                                         "tools": st.one_of(json_values, st.dictionaries(
                                                             st.sampled_from(tree_ids()), json_values, max_size=2)),
                                                         "scenarios": json_values}).map(json.dumps)))
def test_settings_python_is_given_are_taken_whole_or_refused_plainly(raw):
    """The worker gives Python the published settings once (decision.browser.configure): whatever
    they hold, it replies, and settings it refuses leave the ones it had."""
    from decision import browser
    before = browser.configured()
    try:
        reply = json.loads(browser.configure(raw))
        assert isinstance(reply, dict) and isinstance(reply["ok"], bool)
        if not reply["ok"]:
            assert reply["message"] == browser.SETTINGS_FAILED and browser.configured() is before
        else:  # a tool's step under them, then, is a step
            assert json.loads(handle(json.dumps({"tree": "allocation", "answers": {}})))["ok"]
    finally:
        browser.configure("{}")


@CHECKS
@given(raw=st.one_of(st.text(max_size=300), st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
                     json_values.map(json.dumps)))
def test_the_browser_entry_point_reads_any_string(raw):
    reply = json.loads(handle(raw))
    assert isinstance(reply, dict) and isinstance(reply["ok"], bool)
    if not reply["ok"]:
        assert not reply["message"].startswith(SOMETHING_WRONG), "Python raised on this request"


# ------------------------------------------------------------------------------------------
# Typed text is text
# ------------------------------------------------------------------------------------------

ALLOWED_TAGS = {"form", "div", "fieldset", "legend", "span", "h3", "h4", "p", "ul", "li", "input", "label", "button",
                "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "a"}


class Tags(HTMLParser):
    """The tags in a piece of markup, and its text as a browser shows it (entities decoded)."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def practitioners_tree() -> Tree:
    tree = get_tree("allocation")
    assert any(q.kind == PRACTITIONERS for q in tree.questions())
    return tree


@CHECKS
@given(people=st.lists(st.tuples(texts, texts), min_size=1, max_size=6), chosen=st.integers(min_value=0, max_value=5))
def test_typed_roles_and_agencies_are_shown_as_typed_and_make_no_markup(people, chosen):
    tree = practitioners_tree()
    question = next(q for q in tree.questions() if q.kind == PRACTITIONERS)
    every = [o.id for o in question.options]
    entries = [{"role": role, "agency": agency, "criteria": every} for role, agency in people]
    answers = {"status": "none", question.id: entries}
    step = resolve(tree, answers)
    if step.error or step.dropped:  # nothing usable typed, or something too long: asked again
        assert step.node.id == question.id
        return
    cleaned = [(clean_text(role), clean_text(agency)) for role, agency in people]
    named = [f"{r} ({a})" if a else r for r, a in cleaned if r]
    # The family chooses among them (or one leads outright): carry on to the outcome.
    if not step.is_outcome and step.generated:
        answers["family_wishes"] = step.generated[min(chosen, len(step.generated) - 1)][0]
        step = resolve(tree, answers)
    view = assert_valid_step(tree, step)
    listed = next(row for row in view["answers"] if row["question_id"] == question.id)
    assert listed["answer"] == "; ".join(named)  # exactly as typed (spaces tidied), never filled in
    html = step_html(view, "lp-allocation")
    parser = Tags()
    parser.feed(html)
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    shown = "".join(parser.text)
    for role, _ in cleaned:
        assert role in shown  # escaped where needed, so the browser shows it as text, exactly as typed


@CHECKS
@given(letters=st.text(alphabet=st.characters(categories=["L"]), min_size=MAX_TEXT_LENGTH, max_size=MAX_TEXT_LENGTH))
def test_a_full_list_of_practitioners_typed_in_any_script_is_accepted(letters):
    """Six practitioners with the longest role and agency the form takes, in any alphabet."""
    tree = practitioners_tree()
    question = next(q for q in tree.questions() if q.kind == PRACTITIONERS)
    every = [o.id for o in question.options]
    entries = [{"role": letters, "agency": letters[::-1], "criteria": every}] * question.max_items
    step = resolve(tree, {"status": "none", question.id: entries})
    assert step.dropped == () and step.accepted[-1].question.id == question.id
