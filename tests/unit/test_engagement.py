"""The engagement tree against Wigan's 11-step approach to families that may be hard to engage:
every path to every result, each condition both ways, and the council's front door filled in."""

from __future__ import annotations

import pytest

from decision import get_tree, resolve, step_view
from decision.engine.model import Outcome
from decision.engine.paths import enumerate_paths

TREE = get_tree("engagement")
SAFE = {"safety": "no"}
NOT_MET = {**SAFE, "response": "not_met"}
ALL_TRIED = {**NOT_MET, "contact_basics": "yes", "details_checked": "yes", "met_elsewhere": "yes"}


def text_of(view):
    outcome = view["outcome"]
    return " ".join([outcome["title"], *outcome["reasons"], *outcome["next_steps"], *outcome["notes"]])


# answers -> (outcome id, a phrase the result must contain): one row for every path.
ROWS = [
    ({"safety": "yes"}, "outcome_safety", "do not wait for the family to engage"),
    ({"safety": "not_sure"}, "outcome_safety", "designated safeguarding lead"),
    ({**NOT_MET, "contact_basics": "no"}, "outcome_make_contact", "two more occasions"),
    ({**NOT_MET, "contact_basics": "yes", "details_checked": "no"}, "outcome_check_details", "joint visit"),
    ({**NOT_MET, "contact_basics": "yes", "details_checked": "yes", "met_elsewhere": "no"},
     "outcome_meet_elsewhere", "drop-off or pick-up"),
    ({**ALL_TRIED, "worries": "yes"}, "outcome_close_with_worries",
     "consider a referral to your children's services front door"),
    ({**ALL_TRIED, "worries": "not_sure"}, "outcome_close_with_worries", "Talk to the referrer"),
    ({**ALL_TRIED, "worries": "no"}, "outcome_close", "how to ask for support in future"),
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


def test_the_rows_cover_every_path():
    enumerated = {(tuple(sorted(path.answers)), path.outcome) for path in enumerate_paths(TREE)}
    listed = [(tuple(sorted(answers.items())), outcome_id) for answers, outcome_id, _ in ROWS]
    assert len(listed) == len(set(listed))
    assert enumerated == set(listed)


def test_every_result_can_be_reached():
    assert {path.outcome for path in enumerate_paths(TREE)} == {o.id for o in TREE.outcomes()}


@pytest.mark.parametrize("answers, expected", [
    ({**NOT_MET, "contact_basics": "no"}, "outcome_make_contact"),
    ({**NOT_MET, "contact_basics": "yes"}, "details_checked"),
    ({**NOT_MET, "contact_basics": "yes", "details_checked": "yes"}, "met_elsewhere"),
    (ALL_TRIED, "worries"),
])
def test_the_ways_of_reaching_the_family_are_asked_in_wigans_order(answers, expected):
    assert resolve(TREE, answers).node.id == expected


def test_an_earlier_step_not_yet_tried_comes_first():
    """A practitioner who has called round but not checked the details is sent to check them."""
    step = resolve(TREE, {**NOT_MET, "contact_basics": "yes", "details_checked": "no", "met_elsewhere": "yes"})
    assert step.node.id == "outcome_check_details"
    assert step.dropped  # the later answer no longer applies, and the reader is told so


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
