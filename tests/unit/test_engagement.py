"""The engagement tree against Wigan's 11-step approach to families that may be hard to engage:
every path to every result, each condition both ways, and the council's front door filled in."""

from __future__ import annotations

from itertools import combinations

import pytest

from decision import MULTI, Context, get_tree, resolve, step_view
from decision.model import Outcome

TREE = get_tree("engagement")
SAFE = {"safety": "no"}
ALL_TRIED = ["phoned", "letter", "tried_again", "checked_details", "joint_visit", "school", "unannounced"]


def possible_answers(question):
    """Every answer worth trying: each option of a choice question; for a tick-box question, each
    exclusive option alone and every combination of the others, one option per group of tags."""
    if question.kind != MULTI:
        return [o.id for o in question.options]
    groups = {}
    for option in question.options:
        if not option.exclusive:
            groups.setdefault(option.tags, option.id)
    reps = list(groups.values())
    found = [[o.id] for o in question.options if o.exclusive]
    for size in range(1, len(reps) + 1):
        found += [list(c) for c in combinations(reps, size)]
    return found


def every_path(tree, answers=None):
    """(answers, step) for every way through the tree, replayed by the real resolver."""
    answers = answers or {}
    step = resolve(tree, answers)
    assert step.dropped == (), step.dropped
    if step.is_outcome:
        yield answers, step
        return
    for value in possible_answers(step.node):
        yield from every_path(tree, {**answers, step.node.id: value})


def route(step):
    """A path as the reader meets it: each node, with the option chosen at each choice question."""
    chosen = {a.question.id: a.value for a in step.accepted if a.question.kind != MULTI}
    return tuple((node_id, chosen.get(node_id)) for node_id in step.path)


def text_of(view):
    outcome = view["outcome"]
    return " ".join([outcome["title"], *outcome["reasons"], *outcome["next_steps"], *outcome["notes"]])


# answers -> (outcome id, a phrase the result must contain): one row for every path.
ROWS = [
    ({"safety": "yes"}, "outcome_safety", "do not wait for the family to engage"),
    ({"safety": "not_sure"}, "outcome_safety", "designated safeguarding lead"),
    ({**SAFE, "response": "not_met", "tried": ["nothing"]}, "outcome_make_contact", "two more occasions"),
    ({**SAFE, "response": "not_met", "tried": ["phoned", "tried_again"]}, "outcome_check_details",
     "joint visit"),
    ({**SAFE, "response": "not_met", "tried": ["phoned", "tried_again", "checked_details"]},
     "outcome_meet_elsewhere", "drop-off or pick-up"),
    ({**SAFE, "response": "not_met", "tried": ALL_TRIED, "worries": "yes"}, "outcome_close_with_worries",
     "consider a referral to your children's services front door"),
    ({**SAFE, "response": "not_met", "tried": ALL_TRIED, "worries": "not_sure"}, "outcome_close_with_worries",
     "Talk to the referrer"),
    ({**SAFE, "response": "not_met", "tried": ALL_TRIED, "worries": "no"}, "outcome_close",
     "how to ask for support in future"),
    ({**SAFE, "response": "hesitant", "final_appointment": "no"}, "outcome_final_appointment",
     "set a final appointment"),
    ({**SAFE, "response": "hesitant", "final_appointment": "upcoming"}, "outcome_final_appointment",
     "text or a small card"),
    ({**SAFE, "response": "hesitant", "final_appointment": "passed", "worries": "yes"},
     "outcome_close_with_worries", "step 11"),
    ({**SAFE, "response": "hesitant", "final_appointment": "passed", "worries": "not_sure"},
     "outcome_close_with_worries", "referrer"),
    ({**SAFE, "response": "hesitant", "final_appointment": "passed", "worries": "no"}, "outcome_close",
     "referrer's contact details"),
    ({**SAFE, "response": "willing"}, "outcome_support", "food parcel"),
    ({**SAFE, "response": "declined", "worries": "yes"}, "outcome_close_with_worries", "{front_door}"),
    ({**SAFE, "response": "declined", "worries": "not_sure"}, "outcome_close_with_worries",
     "never have met the family"),
    ({**SAFE, "response": "declined", "worries": "no"}, "outcome_close", "change their minds"),
]


@pytest.mark.parametrize("answers, outcome_id, phrase", ROWS, ids=[f"{r[1]}-{i}" for i, r in enumerate(ROWS)])
def test_each_path_reaches_its_result(answers, outcome_id, phrase):
    step = resolve(TREE, answers)
    assert step.dropped == ()
    assert step.node.id == outcome_id
    if phrase == "{front_door}":  # the raw text keeps the placeholder; the view fills it
        assert phrase in step.node.title
        return
    assert phrase in text_of(step_view(step))


def test_the_rows_cover_every_path_exactly_once():
    enumerated = [route(step) for _, step in every_path(TREE)]
    listed = [route(resolve(TREE, answers)) for answers, _, _ in ROWS]
    assert len(listed) == len(set(listed)), "two rows take the same path"
    assert set(enumerated) == set(listed)


def test_every_result_can_be_reached():
    reached = {step.node.id for _, step in every_path(TREE)}
    assert reached == {o.id for o in TREE.outcomes()}


@pytest.mark.parametrize("tried, expected", [
    (["nothing"], "outcome_make_contact"),
    (["phoned"], "outcome_make_contact"),
    (["phoned", "letter"], "outcome_make_contact"),
    (["tried_again"], "outcome_make_contact"),
    (["phoned", "tried_again", "joint_visit"], "outcome_meet_elsewhere"),
    (["phoned", "tried_again", "checked_details", "school"], "worries"),
    (["phoned", "tried_again", "joint_visit", "unannounced"], "worries"),
    (["school", "unannounced", "checked_details"], "outcome_make_contact"),
])
def test_the_next_step_follows_the_order_of_the_approach(tried, expected):
    step = resolve(TREE, {**SAFE, "response": "not_met", "tried": tried})
    assert step.node.id == expected


def context(tried):
    return Context(TREE, {"tried": tried}, {})


@pytest.mark.parametrize("condition_id, holds, fails", [
    ("first_contact_not_done", ["phoned", "letter"], ["phoned", "tried_again"]),
    ("first_contact_not_done", ["nothing"], ALL_TRIED),
    ("details_not_checked", ["phoned", "tried_again", "school"], ["checked_details"]),
    ("details_not_checked", ["nothing"], ["joint_visit"]),
    ("not_met_elsewhere", ["checked_details", "joint_visit"], ["school"]),
    ("not_met_elsewhere", ["nothing"], ["unannounced"]),
])
def test_each_condition_both_ways(condition_id, holds, fails):
    test = TREE.condition(condition_id).test
    assert test(context(holds)) is True
    assert test(context(fails)) is False


def test_every_tick_box_option_says_what_it_means_for_routing():
    tried = TREE.node("tried")
    assert all(option.tags for option in tried.options)
    assert [o.id for o in tried.options if o.exclusive] == ["nothing"]


def test_nothing_yet_cannot_be_ticked_with_anything_else():
    step = resolve(TREE, {**SAFE, "response": "not_met", "tried": ["nothing", "phoned"]})
    assert step.node.id == "tried" and step.dropped


def test_safety_comes_first_and_stops_the_process():
    assert TREE.start == "safety"
    view = step_view(resolve(TREE, {"safety": "yes"}))
    assert "999" in " ".join(view["outcome"]["next_steps"])
    assert view["outcome"]["title"].startswith("Contact your children's services front door")


def test_every_other_result_reminds_the_reader_not_to_wait_where_a_child_may_be_at_risk():
    for outcome in TREE.outcomes():
        if outcome.id != "outcome_safety":
            assert any("{front_door}" in note and "999" in note for note in outcome.notes), outcome.id


def test_each_result_cites_the_steps_it_relies_on():
    for outcome in TREE.outcomes():
        wigan = [s.section for s in outcome.sources if s.document == "wigan-2022"]
        assert wigan and all("Working with families that may be hard to engage: step" in s for s in wigan), outcome.id
        words = text_of({"outcome": {"title": outcome.title, "reasons": outcome.reasons,
                                     "next_steps": outcome.next_steps, "notes": outcome.notes}})
        assert outcome.id == "outcome_safety" or "(step" in words, outcome.id


def test_the_councils_front_door_is_filled_in():
    step = resolve(TREE, {**SAFE, "response": "declined", "worries": "yes"})
    view = step_view(step, names={"front_door": "the MAST"})
    assert view["outcome"]["title"] == "Talk to the referrer before you close, and consider a referral to the MAST"
    assert "{" not in text_of(view)
    default = step_view(step)
    assert "your children's services front door (such as a MASH)" in default["outcome"]["title"]


def test_the_questions_follow_the_house_style():
    for question in TREE.questions():
        assert question.text.endswith("?"), question.id
        assert not any(word in question.error.lower() for word in ("please", "sorry", "invalid")), question.id
    for node in TREE.nodes:
        if isinstance(node, Outcome):
            assert node.sources and all(s.section for s in node.sources)
