"""The criteria route of the allocation tool: who qualifies, how they rank, and the family's say."""

from __future__ import annotations

import pytest

from decision import get_tree, resolve, step_view
from decision.trees.criteria import qualifies, rank_key, why_not

TREE = get_tree("allocation")


def practitioner(role: str, *criteria: str, agency: str = "") -> dict:
    return {"role": role, "agency": agency, "criteria": list(criteria)}


READY = ("agrees", "capacity")


@pytest.mark.parametrize("criteria, expected", [
    (("predominant_needs", *READY), True),
    (("advocacy", *READY), True),
    (("predominant_needs", "agrees"), False),  # no capacity
    (("predominant_needs", "capacity"), False),  # has not agreed
    (("skills", *READY), False),  # skills alone are not one of the four criteria
    ((), False),
])
def test_who_qualifies(criteria, expected):
    assert qualifies(practitioner("X", *criteria)) is expected


def test_ranking_follows_the_order_of_the_criteria_then_skills():
    needs = practitioner("A", "predominant_needs", *READY)
    responsibility = practitioner("B", "main_responsibility", "relationship", "advocacy", *READY)
    needs_and_skills = practitioner("C", "predominant_needs", "skills", *READY)
    order = sorted([responsibility, needs, needs_and_skills], key=rank_key, reverse=True)
    assert [p["role"] for p in order] == ["C", "A", "B"]


def test_why_not_says_what_is_missing():
    assert why_not(practitioner("X", "skills")) == "No: meets none of the four criteria, has not agreed, no capacity"
    assert why_not(practitioner("X", "relationship", *READY)) == "Yes"


def answers(*listed, **more):
    return {"status": "none", "practitioners": list(listed), **more}


def test_one_qualifying_practitioner_leads():
    view = step_view(resolve(TREE, answers(practitioner("Health visitor", "predominant_needs", *READY, agency="NHS"),
                                           practitioner("Teacher", "relationship"))))
    assert view["outcome"]["id"] == "outcome_one_qualifies"
    assert view["outcome"]["lead"] == "Health visitor (NHS)"
    assert view["outcome"]["table"]["rows"][1] == ["–", "Teacher", "relationship", "No: has not agreed, no capacity"]


def test_no_qualifying_practitioner_says_what_to_do():
    view = step_view(resolve(TREE, answers(practitioner("Teacher", "relationship", "agrees"))))
    assert view["outcome"]["id"] == "outcome_no_one_qualifies"
    assert "fairly between agencies" in " ".join(view["outcome"]["next_steps"])


TWO = (practitioner("Health visitor", "predominant_needs", *READY), practitioner("Teacher", "relationship", *READY))


def test_two_qualifying_practitioners_ask_the_family_and_offer_each_of_them():
    view = step_view(resolve(TREE, answers(*TWO)))
    assert view["question"]["id"] == "family_wishes"
    assert [o["id"] for o in view["question"]["options"]] == ["p1", "p2", "parent", "no_preference", "not_asked"]


@pytest.mark.parametrize("wish, outcome, lead", [
    ("p2", "outcome_family_choice", "Teacher"),
    ("parent", "outcome_parent_leads", "A parent or carer"),
    ("no_preference", "outcome_top_ranked", "Health visitor"),
    ("not_asked", "outcome_ask_family", "To be agreed with the family"),
])
def test_the_family_wishes_decide(wish, outcome, lead):
    view = step_view(resolve(TREE, answers(*TWO, family_wishes=wish)))
    assert view["outcome"]["id"] == outcome and view["outcome"]["lead"] == lead


def test_a_tie_at_the_top_is_agreed_between_the_two():
    tied = (practitioner("Health visitor", "predominant_needs", *READY), practitioner("Nurse", "predominant_needs", *READY))
    view = step_view(resolve(TREE, answers(*tied, family_wishes="no_preference")))
    assert view["outcome"]["lead"] == "Health visitor or Nurse"


def test_a_family_choice_that_does_not_qualify_is_refused():
    listed = TWO + (practitioner("Youth worker", "advocacy"),)
    step = resolve(TREE, answers(*listed, family_wishes="p3"))
    assert step.node.id == "family_wishes" and "p3" in step.dropped[0]


def test_typed_roles_are_text_and_kept_exactly():
    role = "<script>alert('x')</script> {front_door}"
    view = step_view(resolve(TREE, answers(practitioner(role, "advocacy", *READY))))
    assert view["outcome"]["lead"] == role


def test_the_ranking_is_said_to_be_the_tools_starting_point_not_a_rule_of_the_guidance():
    # Plymouth lists the criteria but does not rank them; with no family preference the meeting chooses.
    view = step_view(resolve(TREE, answers(*TWO, family_wishes="no_preference")))["outcome"]
    reasons = " ".join(view["reasons"])
    assert "the multi-agency meeting chooses" in reasons
    assert "The guidance itself does not rank the criteria" in reasons
    assert "should lead" not in view["title"]


def test_whenever_more_than_one_practitioner_qualifies_the_family_wishes_decide():
    # Not only between practitioners who fit equally well: two who meet different criteria, one
    # ranked above the other, still go to the family's wishes, and the family's choice stands.
    needs, relationship = TWO
    assert rank_key(needs) > rank_key(relationship)
    question = step_view(resolve(TREE, answers(*TWO)))["question"]
    assert question["id"] == "family_wishes" and "wishes of the child and family decide" in question["hint"]
    chosen = step_view(resolve(TREE, answers(*TWO, family_wishes="p2")))["outcome"]
    assert chosen["lead"] == "Teacher"
    assert "Working Together 2023 expects families, children included, to have a say" in " ".join(chosen["reasons"])
