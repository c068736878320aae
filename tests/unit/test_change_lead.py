"""The change_lead tree against Wigan's "Changing the Lead Professional" and "Supporting the Lead
Professional": every path to every result, the handover on every change, and the front door filled."""

from __future__ import annotations

import pytest

from decision import get_tree, resolve, step_view
from decision.engine.paths import enumerate_paths
from decision.trees.change_lead import HANDOVER

TREE = get_tree("change_lead")
CHANGES = {"outcome_leaving", "outcome_long_absence", "outcome_statutory", "outcome_step_down",
           "outcome_disengaged", "outcome_needs_changed", "outcome_requested"}


def text_of(view):
    outcome = view["outcome"]
    return " ".join([outcome["title"], outcome["lead"], *outcome["reasons"], *outcome["next_steps"],
                     *outcome["notes"]])


# answers -> (outcome id, who leads, a phrase the result must contain): one row for every path.
ROWS = [
    ({"reason": "leaving"}, "outcome_leaving", "A new lead professional, agreed with the family",
     "as soon as the leaving date is known"),
    ({"reason": "away", "absence": "short"}, "outcome_cover", "The current lead professional, covered by the team",
     "annual leave or short-term sickness"),
    ({"reason": "away", "absence": "long"}, "outcome_long_absence",
     "A lead professional for the time being, agreed with the family", "for now or for good"),
    ({"reason": "service_ending", "service_ending": "more_complex"}, "outcome_statutory",
     "Decided with the statutory service (in children's social care, by a social-work-qualified manager)",
     "specialist assessment"),
    ({"reason": "service_ending", "service_ending": "less_complex"}, "outcome_step_down",
     "A new lead professional, agreed with the family", "as part of the step-down"),
    ({"reason": "service_ending", "service_ending": "disengaged"}, "outcome_disengaged",
     "A practitioner the family still works with, agreed with them", "hard to engage"),
    ({"reason": "needs_changed"}, "outcome_needs_changed",
     "A practitioner from the agency now best placed, agreed with the family", "main need is now at school"),
    ({"reason": "asked"}, "outcome_requested", "A new lead professional, agreed with the family",
     "what has not worked"),
    ({"reason": "other"}, "outcome_no_change", "The current lead professional", "continuity"),
]


@pytest.mark.parametrize("answers, outcome_id, lead, phrase", ROWS, ids=[r[1] for r in ROWS])
def test_each_path_reaches_its_result(answers, outcome_id, lead, phrase):
    step = resolve(TREE, answers)
    assert step.dropped == ()
    assert step.node.id == outcome_id
    view = step_view(step)
    assert view["outcome"]["lead"] == lead
    assert phrase in text_of(view)


def test_the_rows_cover_every_path():
    enumerated = {tuple(sorted(path.answers)) for path in enumerate_paths(TREE)}
    listed = [tuple(sorted(answers.items())) for answers, _, _, _ in ROWS]
    assert len(listed) == len(set(listed))
    assert enumerated == set(listed)


def test_every_result_can_be_reached():
    assert {path.outcome for path in enumerate_paths(TREE)} == {o.id for o in TREE.outcomes()}


@pytest.mark.parametrize("outcome_id", sorted(CHANGES))
def test_every_change_ends_with_the_whole_handover(outcome_id):
    outcome = TREE.node(outcome_id)
    assert outcome.next_steps[-len(HANDOVER):] == HANDOVER
    assert "change is needed" in outcome.title or "Change" in outcome.title or "Agree who leads" in outcome.title


def test_the_handover_covers_what_a_good_handover_needs():
    handover = " ".join(HANDOVER)
    for needed in ("with the family, children included", "new lead agrees", "time, skills",
                   "until the new lead has taken over", "every practitioner involved", "family's consent"):
        assert needed in handover


@pytest.mark.parametrize("outcome_id", ["outcome_cover", "outcome_no_change"])
def test_no_change_results_say_so_and_have_no_handover(outcome_id):
    outcome = TREE.node(outcome_id)
    assert "No change" in outcome.title or "not needed" in outcome.title
    assert not set(HANDOVER) & set(outcome.next_steps)


def test_the_family_has_a_say_wherever_the_lead_changes():
    for outcome_id in CHANGES - {"outcome_statutory"}:
        reasons = " ".join(TREE.node(outcome_id).reasons)
        assert "Working Together 2023" in reasons and "have a say" in reasons, outcome_id


def test_support_continues_during_a_specialist_assessment():
    view = step_view(resolve(TREE, {"reason": "service_ending", "service_ending": "more_complex"}))
    assert "always led by a social worker" in text_of(view)
    assert "Keep supporting the family while the statutory service assesses." in view["outcome"]["next_steps"]
    assert "their views heard" in text_of(view)
    assert any(s["document"] == "wt-2023" for s in view["outcome"]["sources"])


@pytest.mark.parametrize("answers", [
    {"reason": "service_ending", "service_ending": "more_complex"},
    {"reason": "service_ending", "service_ending": "disengaged"},
])
def test_where_a_child_may_be_at_risk_the_front_door_is_named_and_filled(answers):
    step = resolve(TREE, answers)
    assert "contact the MAST straight away" in step_view(step, names={"front_door": "the MAST"})["outcome"]["notes"][0]
    assert "your children's services front door (such as a MASH)" in step_view(step)["outcome"]["notes"][0]


def test_every_result_cites_wigan_changing_or_supporting_the_lead():
    for outcome in TREE.outcomes():
        sections = {s.section for s in outcome.sources if s.document == "wigan-2022"}
        assert sections & {"Changing the Lead Professional", "Supporting the Lead Professional"}, outcome.id


def test_the_questions_follow_the_house_style():
    for question in TREE.questions():
        assert question.text.endswith("?"), question.id
        assert not any(word in question.error.lower() for word in ("please", "sorry", "invalid")), question.id


def test_when_a_statutory_service_takes_over_the_first_step_is_asking_who_leads():
    # Working Together 2023: in children's social care a social-work-qualified manager decides, with
    # partners, and the lead may be someone other than a social worker; "usually the social worker"
    # is not what it says.
    outcome = step_view(resolve(TREE, {"reason": "service_ending", "service_ending": "more_complex"}))["outcome"]
    assert "usually" not in outcome["title"] + outcome["lead"]
    first = outcome["next_steps"][0]
    assert "social-work-qualified" in first and "decides" in first and "other than a social worker" in first
    assert "Working Together 2023" in " ".join(outcome["reasons"])
