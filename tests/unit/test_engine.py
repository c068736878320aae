"""The engine: validation of trees, the resolver and the browser's view."""

from __future__ import annotations

import dataclasses

import pytest

from decision import (MULTI, PRACTITIONERS, Branch, Condition, Option, Outcome, Question, Rule, Source, Tree,
                      TreeError, resolve, step_view, validate)
from decision.engine.model import Offer, reachable

SOURCE = (Source("wigan-2022", "A section"),)


def outcome(id: str, title: str = "A result") -> Outcome:
    return Outcome(id=id, title=title, lead="Someone", reasons=("Because.",), next_steps=("Do this.",), sources=SOURCE)


def question(id: str, *options: tuple[str, str], **extra) -> Question:
    return Question(id=id, text=f"Question {id}?", summary=f"Summary {id}", error=f"Select an answer to {id}",
                    options=tuple(Option(id=oid, label=oid.title(), next=target) for oid, target in options), **extra)


def small_tree(**changes) -> Tree:
    """start -> (a: end_a) | (b: second -> (x: end_x) | (y: end_y))"""
    fields = dict(
        id="small", title="Small", description="A small tree", start="start",
        nodes=(question("start", ("a", "end_a"), ("b", "second")),
               question("second", ("x", "end_x"), ("y", "end_y")),
               outcome("end_a"), outcome("end_x"), outcome("end_y")),
    )
    fields.update(changes)
    return Tree(**fields)


def problems(tree: Tree) -> str:
    with pytest.raises(TreeError) as raised:
        validate(tree)
    return "; ".join(raised.value.problems)


def test_a_sound_tree_validates():
    assert validate(small_tree()).id == "small"


def test_one_walk_meets_the_nodes_in_the_order_a_reader_does():
    """Validation, the resolver and the written rules share this walk: breadth first, each
    node's edges in their order, each node once."""
    tree = small_tree(nodes=(question("start", ("a", "second"), ("b", "end_a")),
                             question("second", ("x", "end_x"), ("y", "end_a")),
                             outcome("end_a"), outcome("end_x"), outcome("stray")))
    assert reachable(tree) == ["start", "second", "end_a", "end_x"]
    assert reachable(tree, "second") == ["second", "end_x", "end_a"]


@pytest.mark.parametrize("nodes, expected", [
    ((question("start", ("a", "end_a"), ("b", "end_a")), outcome("end_a"), outcome("end_a")), "used twice"),
    ((question("start", ("a", "end_a"), ("b", "missing")), outcome("end_a")), "'missing', which is not a node"),
    ((question("start", ("a", "end_a"), ("b", "end_a")), outcome("end_a"), outcome("stray")),
     "'stray' cannot be reached"),
    ((question("start", ("a", "loop"), ("b", "end_a")), question("loop", ("c", "start"), ("d", "end_a")),
      outcome("end_a")), "cycle"),
    ((question("start", ("a", "end_a"), ("b", "end_a")),
      Outcome(id="end_a", title="T", lead="", reasons=("Why.",), next_steps=(), sources=())), "has no sources"),
    ((question("start", ("a", "end_a"), ("b", "end_a")),
      Outcome(id="end_a", title="T", lead="", reasons=("Why.",), next_steps=(),
              sources=(Source("nowhere", "x"),))), "unknown document 'nowhere'"),
    ((question("start", ("a", "end_a"), ("b", "end_a")),
      Outcome(id="end_a", title="T", lead="", reasons=("Why.",), next_steps=(),
              sources=(Source("wigan-2022", " "),))), "without a section"),
    ((question("start", ("a", "end_a")), outcome("end_a")), "at least two options"),
    ((question("Start", ("a", "end_a"), ("b", "end_a")), outcome("end_a")), "lower case"),
])
def test_validation_names_each_problem(nodes, expected):
    tree = small_tree(nodes=nodes, start=nodes[0].id)
    assert expected in problems(tree)


@pytest.mark.parametrize("offer, expected", [
    (Offer(label="Go back", question="nowhere", answer="a"), "offers question 'nowhere'"),
    (Offer(label="Go back", question="start", answer="z"), "offers answer 'z'"),
    (Offer(label=" ", question="start", answer="a"), "an offer with no label"),
])
def test_an_offer_that_leads_nowhere_is_refused(offer, expected):
    """An outcome's button back to another answer must name a question the tree asks and one of
    its answers, or the reader is shown a button that does nothing."""
    end = Outcome(id="end_a", title="T", lead="", reasons=("Why.",), next_steps=(),
                  sources=(Source("wigan-2022", "x"),), offers=(offer,))
    tree = small_tree(nodes=(question("start", ("a", "end_a"), ("b", "end_a")), end))
    assert expected in problems(tree)


def ending(**changes) -> Tree:
    """The small tree with its outcome end_a changed."""
    end = dataclasses.replace(outcome("end_a"), **changes)
    return small_tree(nodes=(question("start", ("a", "end_a"), ("b", "end_a")), end))


@pytest.mark.parametrize("field", ["reasons", "next_steps", "notes"])
def test_one_text_where_a_list_of_texts_belongs_is_refused_naming_the_tree_node_and_field(field):
    """("One reason") without its comma is one string, not a tuple: shown as it stands, it made a
    bullet of every letter. Loading the tree stops, saying where and how to mend it."""
    with pytest.raises(TreeError) as raised:
        validate(ending(**{field: ("One thing to say")}))
    message = str(raised.value)
    assert message.startswith("tree 'small' is not valid:")
    assert f"outcome 'end_a' {field}" in message
    assert "one piece of text where a list of texts is expected" in message and '("One thing to say",)' in message


@pytest.mark.parametrize("changes, expected", [
    (dict(offers=Offer(label="Go back", question="start", answer="a")),
     "outcome 'end_a' offers is one offer where a list of offers is expected"),
    (dict(sources=Source("wigan-2022", "A section")),
     "outcome 'end_a' sources is one source where a list of sources is expected"),
    (dict(sources=(Source("wigan-2022", ("A section",)),)), "outcome 'end_a' source 1 section must be text"),
    (dict(reasons=("Because.", 3)), "outcome 'end_a' reason 2 must be text"),
    (dict(reasons=["Because."]), "outcome 'end_a' reasons must be a list of texts in round brackets"),
    (dict(title=("A result",)), "outcome 'end_a' title must be text"),
    (dict(detail=("extra",)), "outcome 'end_a' detail must be text or nothing"),
])
def test_each_field_of_an_outcome_holds_what_it_should(changes, expected):
    assert expected in problems(ending(**changes))


def test_the_fields_of_questions_and_options_are_checked_too():
    bare = question("start", ("a", "end_a"), ("b", "end_a"))
    odd = dataclasses.replace(bare, hint=("A hint",), options=(bare.options[0], dataclasses.replace(
        bare.options[1], label=("B",), tags="child")))
    found = problems(small_tree(nodes=(odd, outcome("end_a"))))
    assert "question 'start' hint must be text" in found
    assert "question 'start' option 'b' label must be text" in found
    assert "question 'start' option 'b' tags is one piece of text where a set of texts is expected" in found


@pytest.mark.parametrize("make", [
    lambda: Option("yes", "Yes", "end_a"),
    lambda: Question("start", "Question?", "Summary", "Select an answer"),
    lambda: Rule("always", "end_a"),
    lambda: Branch("route", "Which way?", (), "end_a"),
    lambda: Offer("Go back", "start", "a"),
    lambda: Outcome("end_a", "T", "", ("Why.",), (), SOURCE),
])
def test_the_building_blocks_of_a_tree_take_every_field_by_name(make):
    """So a text cannot land in the wrong field because someone editing a tree misremembered the
    order of the fields (a question's summary and its error message are both text)."""
    with pytest.raises(TypeError, match="positional"):
        make()


def test_a_branch_naming_an_unknown_condition_is_refused():
    branch = Branch(id="route", text="Which way?", rules=(Rule(when="always", next="end_a"),), otherwise="end_a")
    dead = question("start", ("a", "route"), ("b", "end_a"))
    tree = small_tree(nodes=(dead, branch, outcome("end_a")), conditions=())
    assert "condition 'always'" in problems(tree)


def test_unknown_start_is_refused():
    assert "start 'nowhere'" in problems(small_tree(start="nowhere"))


def test_replay_reaches_an_outcome_and_keeps_answers_in_order():
    step = resolve(small_tree(), {"second": "y", "start": "b"})
    assert step.is_outcome and step.node.id == "end_y"
    assert [a.question.id for a in step.accepted] == ["start", "second"]
    assert step.state() == {"start": "b", "second": "y"}
    assert step.dropped == ()


def test_no_answers_gives_the_first_question():
    step = resolve(small_tree(), {})
    assert step.node.id == "start" and not step.accepted and step.error is None


def test_an_empty_answer_is_an_error_on_that_question_and_later_answers_wait():
    step = resolve(small_tree(), {"start": "", "second": "x"})
    assert step.node.id == "start"
    assert step.error == "Select an answer to start"
    assert step.state() == {"second": "x"}  # kept for when the reader answers "start"


def test_an_option_that_does_not_exist_is_dropped_with_a_message():
    step = resolve(small_tree(), {"start": "<script>alert(1)</script>"})
    assert step.node.id == "start" and step.error is None
    assert "is not one of the answers" in step.dropped[0]
    assert "asked again" in step.dropped[0]


def test_an_unknown_question_is_dropped_with_a_message():
    step = resolve(small_tree(), {"start": "a", "nonsense": "1"})
    assert step.node.id == "end_a"
    assert step.dropped == ("“nonsense” is not a question in this tool, so that answer was ignored.",)


def test_an_answer_no_longer_on_the_path_is_dropped_with_a_message():
    step = resolve(small_tree(), {"start": "a", "second": "x"})
    assert step.node.id == "end_a"
    assert "no longer applies" in step.dropped[0] and "Question second?" in step.dropped[0]
    assert step.state() == {"start": "a"}


@pytest.mark.parametrize("answers", [None, "text", 42, [], ["start"], {"start": None}, {1: "a"},
                                     {"start": {"nested": True}}, {"x" * 500: "a"}, {"start": "a" * 10_000}])
def test_garbage_never_raises(answers):
    step = resolve(small_tree(), answers)
    assert step.node.id in {"start", "end_a"}


def test_oversized_values_are_refused():
    step = resolve(small_tree(), {"start": "b" * 5000})
    assert step.node.id == "start" and "too long" in step.dropped[0]


def test_asking_again_shows_the_question_with_its_answer_and_keeps_the_rest():
    step = resolve(small_tree(), {"start": "b", "second": "x"}, ask="start")
    assert step.node.id == "start" and step.value == "b"
    assert step.state() == {"start": "b", "second": "x"}
    assert step.answered_before == ()
    view = step_view(step)
    assert view["back"] is None and view["question"]["value"] == "b"


def test_asking_for_a_question_not_on_the_path_is_ignored():
    step = resolve(small_tree(), {"start": "a"}, ask="second")
    assert step.node.id == "end_a"


def test_view_of_a_question_has_what_the_page_needs():
    view = step_view(resolve(small_tree(), {"start": "b"}))
    assert view["kind"] == "question" and view["number"] == 2
    assert view["question"]["options"][0] == {"id": "x", "label": "X", "hint": "", "exclusive": False}
    assert view["back"] == "start"
    assert view["answers"] == [{"question_id": "start", "question": "Question start?", "summary": "Summary start",
                                "answer": "B", "change_what": "summary start"}]
    assert view["announce"] == "Question 2: Question second?"


def test_view_of_an_outcome_cites_its_sources():
    view = step_view(resolve(small_tree(), {"start": "a"}))
    assert view["kind"] == "outcome"
    assert view["outcome"]["sources"][0]["publisher"] == "Wigan Council"
    assert view["outcome"]["sources"][0]["section"] == "A section"
    assert view["announce"] == "Result: A result"


def test_multi_questions_accept_ticks_and_refuse_none_with_others():
    tick = Question(id="ticks", text="Which apply?", summary="Ticks", error="Select at least one", kind=MULTI,
                    next="end_a",
                    options=(Option(id="p",
                                    label="P"), Option(id="q",
                                                       label="Q"), Option(id="none", label="None of these",
                                                                          exclusive=True)))
    tree = small_tree(nodes=(tick, outcome("end_a")), start="ticks")
    assert resolve(tree, {"ticks": ["q", "p", "q"]}).state() == {"ticks": ["p", "q"]}
    assert resolve(tree, {"ticks": "p"}).state() == {"ticks": ["p"]}
    assert resolve(tree, {"ticks": []}).error == "Select at least one"
    assert "mixes" in resolve(tree, {"ticks": ["p", "none"]}).dropped[0]


def test_practitioners_are_cleaned_and_limited():
    listing = Question(id="who", text="Who is involved?", summary="Practitioners",
                       error="Add at least one practitioner",
                       kind=PRACTITIONERS, next="end_a", max_items=2,
                       options=(Option(id="needs",
                                       label="Works on the main needs"), Option(id="agrees", label="Agrees to lead")))
    tree = small_tree(nodes=(listing, outcome("end_a")), start="who")
    clean = resolve(tree, {"who": [{"role": " <b>Health\nvisitor</b> ", "agency": "NHS", "criteria": ["agrees", "needs"]}]})
    assert clean.state() == {"who": [{"role": "<b>Health visitor</b>", "agency": "NHS", "criteria": ["needs", "agrees"]}]}
    assert resolve(tree, {"who": [{"role": "", "agency": "", "criteria": []}]}).error == "Add at least one practitioner"
    too_many = resolve(tree, {"who": [{"role": "A"}, {"role": "B"}, {"role": "C"}]})
    assert "more than 2" in too_many.dropped[0]
    assert "not one of the things" in resolve(tree, {"who": [{"role": "A", "criteria": ["x"]}]}).dropped[0]


def test_branches_route_by_condition():
    branch = Branch(id="route", text="Is it x?", rules=(Rule(when="is_x", next="end_x"),), otherwise="end_y")
    tree = small_tree(
        nodes=(question("start", ("x", "route"), ("y", "route")), branch, outcome("end_x"), outcome("end_y")),
        conditions=(Condition("is_x", "The answer was x", lambda c: c.choice("start") == "x"),))
    validate(tree)
    assert resolve(tree, {"start": "x"}).node.id == "end_x"
    assert resolve(tree, {"start": "y"}).node.id == "end_y"
    assert resolve(tree, {"start": "x"}).path == ("start", "route", "end_x")


def test_trees_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        small_tree().start = "second"


def test_local_names_fill_authored_text_but_never_typed_text():
    from decision import LocalName
    from decision.engine.view import filler
    named = Outcome(id="end_a", title="Call {front_door}", lead="{front_door}", reasons=("Ring {front_door} today.",),
                    next_steps=(), sources=SOURCE)
    listing = Question(id="who", text="Who is involved?", summary="Practitioners", error="Add one", kind=PRACTITIONERS,
                       next="end_a",
                       options=(Option(id="needs", label="Works on the main needs"),))
    tree = validate(small_tree(nodes=(listing, named), start="who",
                               names=(LocalName("front_door", "The front door's name", "the front door"),)))
    typed = {"who": [{"role": "Worker for {front_door}", "agency": "", "criteria": []}]}
    view = step_view(resolve(tree, typed), names={"front_door": "the MASH", "unknown": "x"})
    assert view["outcome"]["title"] == "Call the MASH"
    assert view["outcome"]["reasons"] == ["Ring the MASH today."]
    assert view["answers"][0]["answer"] == "Worker for {front_door}"  # exactly as typed
    assert step_view(resolve(tree, typed))["outcome"]["title"] == "Call the front door"
    assert filler(tree, {"front_door": 42})("{front_door}") == "the front door"


def test_an_undeclared_placeholder_is_refused():
    named = Outcome(id="end_a", title="Call {front_door}", lead="", reasons=("Why.",), next_steps=(), sources=SOURCE)
    tree = small_tree(nodes=(question("start", ("a", "end_a"), ("b", "end_a")), named))
    assert "uses {front_door}" in problems(tree)


# ------------------------------------------------------------------------------------------
# Changing an answer, and offers that lead on from an outcome
# ------------------------------------------------------------------------------------------

def test_changing_the_first_answer_keeps_start_again_and_the_other_answers():
    """Change on the first answer used to show the question alone: no "Your answers", and no
    way to start again (issue 13, item 11)."""
    from handbook_build.markup import step_html
    view = step_view(resolve(small_tree(), {"start": "b", "second": "x"}, ask="start"))
    assert view["kind"] == "question" and view["number"] == 1
    assert [a["question_id"] for a in view["answers"]] == ["second"]  # the other answers, not the one changed
    assert view["restart"] is True
    html = step_html(view, "lp-small")
    assert 'data-action="restart"' in html and "Your answers" in html
    # Reached in one answer, so there is no other answer to list, but still a way to start again.
    only = step_view(resolve(small_tree(), {"start": "a"}, ask="start"))
    assert only["answers"] == [] and only["restart"] is True
    assert 'data-action="restart"' in step_html(only, "lp-small")


def test_start_again_is_offered_once_there_is_something_to_undo():
    assert step_view(resolve(small_tree(), {}))["restart"] is False  # the untouched first question
    assert step_view(resolve(small_tree(), {"start": ""}))["restart"] is False  # its error: nothing given yet
    assert step_view(resolve(small_tree(), {"start": "b"}))["restart"] is True
    assert step_view(resolve(small_tree(), {"start": "a"}))["restart"] is True


def test_an_offer_leads_from_an_outcome_to_a_question_with_its_answer_chosen():
    """The special educational needs outcome that sends the reader to the criteria for other
    cases offers the step itself: the status question with "None of these" chosen, and the
    reader's answers kept (issue 13, item 9)."""
    from decision.browser import resolve_request
    answers = {"status": "sen", "sen_year9": "no", "sen_wider_needs": "yes"}
    view = resolve_request({"tree": "allocation", "answers": answers})["view"]
    assert view["outcome"]["id"] == "outcome_sen_someone_else"
    offer, = view["outcome"]["offers"]
    assert offer["ask"] == "status" and offer["answer"] == "none" and offer["label"]
    taken = resolve_request({"tree": "allocation", "answers": view["state"], "ask": offer["ask"],
                             "choose": offer["answer"]})["view"]
    assert taken["kind"] == "question" and taken["question"]["id"] == "status"
    assert taken["question"]["value"] == "none"
    assert taken["state"] == answers  # nothing is lost until the reader presses Continue
    assert [a["question_id"] for a in taken["answers"]] == ["sen_year9", "sen_wider_needs"]
    # Continue with the chosen answer goes to the criteria for other cases.
    onward = resolve_request({"tree": "allocation", "answers": {**taken["state"], "status": "none"}})["view"]
    assert onward["question"]["id"] == "practitioners"


def test_an_answer_to_choose_is_checked_like_any_other():
    from decision.browser import resolve_request
    answers = {"status": "sen", "sen_year9": "no", "sen_wider_needs": "yes"}
    for bad in ("<b>x</b>", 7, ["none"], "no"):
        view = resolve_request({"tree": "allocation", "answers": answers, "ask": "status", "choose": bad})["view"]
        assert view["question"]["id"] == "status" and view["question"]["value"] == "sen"
    # Without `ask`, `choose` changes nothing.
    view = resolve_request({"tree": "allocation", "answers": answers, "choose": "none"})["view"]
    assert view["outcome"]["id"] == "outcome_sen_someone_else"


def test_every_offer_names_a_question_answered_on_every_path_to_it_and_one_of_its_answers():
    from decision import get_tree, tree_ids
    from decision.engine.paths import enumerate_paths, variant_settings
    offered = 0
    for tree_id in tree_ids():
        tree = get_tree(tree_id)
        with_offers = {o.id: o.offers for o in tree.outcomes() if o.offers}
        for settings in variant_settings(tree):
            for path in enumerate_paths(tree, settings):
                for offer in with_offers.get(path.outcome, ()):
                    offered += 1
                    question = tree.node(offer.question)
                    assert isinstance(question, Question), (tree_id, path.outcome, offer)
                    assert offer.answer in {o.id for o in question.options}, (tree_id, path.outcome, offer)
                    assert offer.question in dict(path.answers), (tree_id, path.outcome, offer)
                    view = step_view(resolve(tree, dict(path.answers), settings))
                    assert offer.label and view["outcome"]["offers"], (tree_id, path.outcome)
    assert offered  # the allocation tree has at least one
