"""The disagreement tree against Plymouth's route for conflict between agencies and Wigan's
accountability rules: every path, the route in order, safety first, and the council's names filled."""

from __future__ import annotations

import pytest

from decision import get_tree, resolve, step_view
from decision.engine.paths import enumerate_paths

TREE = get_tree("disagreement")
SAFE = {"safety": "no"}
NAMES = {"front_door": "the MASH", "dispute_broker": "the locality manager",
         "dispute_group": "the Early Help Stakeholder Group", "dispute_executive": "the Children's Trust Executive"}


def text_of(view):
    outcome = view["outcome"]
    return " ".join([outcome["title"], *outcome["reasons"], *outcome["next_steps"], *outcome["notes"]])


# answers -> (outcome id, a phrase the result must contain, with the council's names filled in).
ROWS = [
    ({"safety": "yes"}, "outcome_safety", "Act on the safety concern now: contact the MASH"),
    ({"safety": "not_sure"}, "outcome_safety", "designated safeguarding lead"),
    ({**SAFE, "stage": "not_raised", "subject": "who_leads"}, "outcome_meeting_lead", "wishes of the child and family"),
    ({**SAFE, "stage": "not_raised", "subject": "not_done"}, "outcome_follow_up", "contact their manager"),
    ({**SAFE, "stage": "not_raised", "subject": "other"}, "outcome_meeting", "step 1 of the 4 steps"),
    ({**SAFE, "stage": "meeting"}, "outcome_broker", "Ask the locality manager to broker between the agencies"),
    ({**SAFE, "stage": "broker"}, "outcome_group",
     "Ask the locality manager to take it to the Early Help Stakeholder Group"),
    ({**SAFE, "stage": "group"}, "outcome_executive", "Take it to the Children's Trust Executive: the final step"),
]


@pytest.mark.parametrize("answers, outcome_id, phrase", ROWS, ids=[f"{r[1]}-{i}" for i, r in enumerate(ROWS)])
def test_each_path_reaches_its_result(answers, outcome_id, phrase):
    step = resolve(TREE, answers)
    assert step.dropped == ()
    assert step.node.id == outcome_id
    assert phrase in text_of(step_view(step, names=NAMES))


def test_the_rows_cover_every_path():
    enumerated = {tuple(sorted(path.answers)) for path in enumerate_paths(TREE)}
    listed = [tuple(sorted(answers.items())) for answers, _, _ in ROWS]
    assert len(listed) == len(set(listed))
    assert enumerated == set(listed)


def test_every_result_can_be_reached():
    assert {path.outcome for path in enumerate_paths(TREE)} == {o.id for o in TREE.outcomes()}


def test_the_route_goes_up_one_step_at_a_time():
    """Plymouth: meeting, then broker, then group, then executive; each result names the next step."""
    ladder = [("outcome_meeting", 1, "{dispute_broker}"), ("outcome_broker", 2, "{dispute_group}"),
              ("outcome_group", 3, "{dispute_executive}"), ("outcome_executive", 4, None)]
    for outcome_id, number, next_level in ladder:
        outcome = TREE.node(outcome_id)
        assert f"step {number} of the 4 steps" in " ".join(outcome.reasons), outcome_id
        if next_level:
            assert next_level in outcome.next_steps[-1], outcome_id


def test_the_stage_answers_read_with_the_councils_names():
    view = step_view(resolve(TREE, SAFE), names=NAMES)
    labels = [o["label"] for o in view["question"]["options"]]
    assert "It went to the locality manager, and it is still not settled" in labels
    assert "It went to the Early Help Stakeholder Group, and it is still not settled" in labels


def test_the_default_names_read_naturally():
    view = step_view(resolve(TREE, {**SAFE, "stage": "meeting"}))
    assert view["outcome"]["title"] == "Ask the early help co-ordinator or locality manager to broker between the agencies"
    assert "{" not in text_of(view)


def test_safety_comes_first_and_never_waits_for_the_route():
    assert TREE.start == "safety"
    view = step_view(resolve(TREE, {"safety": "yes"}))
    words = text_of(view)
    assert "must never delay protecting a child" in words
    assert "999" in words and "escalation procedure" in words
    for outcome in TREE.outcomes():
        if outcome.id != "outcome_safety":
            assert any("{front_door} straight away" in note for note in outcome.notes), outcome.id


def test_every_agency_stays_accountable_for_its_own_services():
    for outcome_id in ("outcome_meeting", "outcome_broker", "outcome_group", "outcome_executive"):
        assert "accountable" in " ".join(TREE.node(outcome_id).reasons), outcome_id
    assert "escalate" in " ".join(TREE.node("outcome_follow_up").reasons)


def test_every_route_result_cites_plymouth():
    for outcome in TREE.outcomes():
        if outcome.id != "outcome_safety":
            assert any(s.document == "plymouth" and s.section == "Accountability and conflict resolution"
                       for s in outcome.sources), outcome.id
        assert outcome.sources and all(s.section for s in outcome.sources), outcome.id


def test_the_questions_follow_the_house_style():
    for question in TREE.questions():
        assert question.text.endswith("?"), question.id
        assert not any(word in question.error.lower() for word in ("please", "sorry", "invalid")), question.id
