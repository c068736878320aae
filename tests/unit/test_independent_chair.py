"""The independent_chair tree against Salford's three situations for an independent chair, its
escalation meetings, and Wigan's shared chairing and minute-taking: every path, each condition both
ways, and the council's names filled in."""

from __future__ import annotations

from itertools import combinations

import pytest

from decision import MULTI, Context, get_tree, resolve, step_view

TREE = get_tree("independent_chair")
TAF = {"meeting": "taf"}


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
    ({"meeting": "escalation"}, "outcome_escalation", "chaired by an early help team manager"),
    ({**TAF, "situations": ["disagreement"]}, "outcome_independent_chair_disagreement", "rest of the group"),
    ({**TAF, "situations": ["complex_drifting"]}, "outcome_independent_chair", "Ask your early help team to chair"),
    ({**TAF, "situations": ["none"], "roles": "agreed"}, "outcome_roles_agreed", "for the next one"),
    ({**TAF, "situations": ["none"], "roles": "same_person"}, "outcome_split_roles",
     "should not also be expected to take the minutes"),
    ({**TAF, "situations": ["none"], "roles": "nothing_agreed"}, "outcome_agree_roles", "at or before the first"),
    ({**TAF, "situations": ["none"], "roles": "not_sure"}, "outcome_agree_roles",
     "does not have to do either"),
]


@pytest.mark.parametrize("answers, outcome_id, phrase", ROWS, ids=[f"{r[1]}-{i}" for i, r in enumerate(ROWS)])
def test_each_path_reaches_its_result(answers, outcome_id, phrase):
    step = resolve(TREE, answers)
    assert step.dropped == ()
    assert step.node.id == outcome_id
    assert phrase in text_of(step_view(step))


def test_the_rows_cover_every_path():
    enumerated = {route(step) for _, step in every_path(TREE)}
    listed = [route(resolve(TREE, answers)) for answers, _, _ in ROWS]
    assert len(listed) == len(set(listed)), "two rows take the same path"
    assert enumerated == set(listed)


def test_every_result_can_be_reached():
    assert {step.node.id for _, step in every_path(TREE)} == {o.id for o in TREE.outcomes()}


@pytest.mark.parametrize("ticked, expected", [
    (["complex_drifting"], "outcome_independent_chair"),
    (["not_confident"], "outcome_independent_chair"),
    (["complex_drifting", "not_confident"], "outcome_independent_chair"),
    (["disagreement"], "outcome_independent_chair_disagreement"),
    (["not_confident", "disagreement"], "outcome_independent_chair_disagreement"),
    (["complex_drifting", "not_confident", "disagreement"], "outcome_independent_chair_disagreement"),
    (["none"], "roles"),
])
def test_each_of_salfords_three_situations_leads_to_an_independent_chair(ticked, expected):
    assert resolve(TREE, {**TAF, "situations": ticked}).node.id == expected


@pytest.mark.parametrize("condition_id, holds, fails", [
    ("team_disagrees", ["disagreement"], ["complex_drifting", "not_confident"]),
    ("team_disagrees", ["complex_drifting", "disagreement"], ["none"]),
    ("chair_help_needed", ["complex_drifting"], ["disagreement"]),
    ("chair_help_needed", ["not_confident"], ["none"]),
])
def test_each_condition_both_ways(condition_id, holds, fails):
    test = TREE.condition(condition_id).test
    assert test(Context(TREE, {"situations": holds}, {})) is True
    assert test(Context(TREE, {"situations": fails}, {})) is False


def test_every_tick_box_option_says_what_it_means_for_routing():
    situations = TREE.node("situations")
    assert all(option.tags for option in situations.options)
    assert [o.id for o in situations.options if o.exclusive] == ["none"]


def test_none_of_these_cannot_be_ticked_with_anything_else():
    step = resolve(TREE, {**TAF, "situations": ["none", "disagreement"]})
    assert step.node.id == "situations" and step.dropped


def test_the_councils_names_are_filled_in():
    names = {"early_help_team": "the Early Help Assessment team", "early_help_manager": "an Early Help team manager",
             "front_door": "the Bridge Partnership"}
    chair = step_view(resolve(TREE, {**TAF, "situations": ["not_confident"]}), names=names)["outcome"]
    assert chair["title"] == "Ask the Early Help Assessment team to chair the meeting"
    escalation = step_view(resolve(TREE, {"meeting": "escalation"}), names=names)["outcome"]
    assert escalation["title"] == "The escalation meeting is chaired by an Early Help team manager"
    assert "through the Bridge Partnership" in " ".join(escalation["reasons"])
    assert "{" not in text_of({"outcome": escalation}) + text_of({"outcome": chair})


def test_the_chair_should_not_take_the_minutes_wherever_roles_are_discussed():
    for outcome_id in ("outcome_roles_agreed", "outcome_split_roles", "outcome_agree_roles"):
        assert "should not also be expected to take the minutes" in " ".join(TREE.node(outcome_id).reasons)


def test_nothing_here_delays_a_child_protection_referral():
    for outcome_id in ("outcome_escalation", "outcome_independent_chair", "outcome_independent_chair_disagreement"):
        notes = " ".join(TREE.node(outcome_id).notes)
        assert "{front_door} straight away" in notes and "999" in notes, outcome_id


def test_chair_results_do_not_claim_to_name_the_lead_professional():
    assert all(outcome.lead == "" for outcome in TREE.outcomes())


def test_the_questions_follow_the_house_style():
    for question in TREE.questions():
        assert question.text.endswith("?"), question.id
        assert not any(word in question.error.lower() for word in ("please", "sorry", "invalid")), question.id
    for outcome in TREE.outcomes():
        assert outcome.sources and all(s.section for s in outcome.sources), outcome.id


def test_the_escalation_result_says_the_case_waits_for_the_meeting_and_what_the_meeting_decides():
    # Salford: held because the early help team thinks needs have risen from level 2 to level 3;
    # the case cannot be considered for children's social care without it; it decides whether to
    # escalate. A concern of significant harm never waits for it.
    option = next(o for o in TREE.node("meeting").options if o.id == "escalation")
    assert "early help team thinks needs have risen from level 2 to level 3" in option.label
    outcome = step_view(resolve(TREE, {"meeting": "escalation"}))["outcome"]
    reasons = " ".join(outcome["reasons"])
    assert "early help team is working with a family and thinks the needs have risen from level 2 to level 3" in reasons
    assert "cannot be considered for children's social care until that meeting has taken place" in reasons
    assert "decides whether to escalate" in reasons
    assert "significant harm never waits for it" in reasons
