"""The threshold checker on the handbook's default framework: safety first, the highest level ticked
(never a score), an "act today" indicator ending the checker at once, the escalation meeting when
needs rise from level 2 to level 3, and no step-down without a named lead."""

from __future__ import annotations

import json
import re

import pytest

from decision import MULTI, Context, get_tree, resolve, step_view
from decision.browser import handle, read_settings
from decision.engine.paths import enumerate_paths
from decision.trees.framework import current
from decision.trees.threshold import highest_level
from decision.engine.validate import authored_texts
from decision.engine.view import filler

TREE = get_tree("threshold")
FRAMEWORK = current()
AREA_IDS = tuple(area.id for area in FRAMEWORK.areas)
FILL = filler(TREE)
NO_RISK = {"immediate_risk": "no", "purpose": "check"}
NOTHING = {area: ["none"] for area in AREA_IDS}


def check(**ticks) -> dict:
    """Answers for the level-of-need route: 'None of these' in every area not given."""
    return {**NO_RISK, **NOTHING, **ticks}


def level_of(option_id: str) -> int:
    """The level an indicator's id says it points to ('l3_food' -> 3; 'none' -> 1)."""
    return int(option_id[1]) if re.fullmatch(r"l[234]_[a-z0-9_]+", option_id) else 1


def expected_outcome(answers: dict) -> str:
    """The rules of the brief, written out independently of the tree's conditions and tags."""
    if answers["immediate_risk"] in ("yes", "not_sure"):
        return "outcome_act_now"
    if answers["purpose"] == "step_down":
        route = answers["step_down_from"]
        if route == "universal":
            return "outcome_step_down_universal"
        lead = answers["new_lead_social_care" if route == "social_care" else "new_lead_level3"]
        return f"outcome_step_down_{route}_{'ready' if lead == 'yes' else 'wait'}"
    level = max(level_of(option) for area in AREA_IDS for option in answers.get(area, []))
    if level == 4:  # an "act today" level: the checker ends with the first area where one is ticked
        ticked = [area for area in AREA_IDS if any(level_of(o) == 4 for o in answers.get(area, []))]
        assert ticked and list(answers)[-1] == ticked[0], "asked about more areas after an act-today indicator"
    if level == 3:
        return "outcome_escalation_meeting" if answers["supported_at_level2"] == "yes" else "outcome_level3"
    return f"outcome_level{level}"


KEY_PHRASES = {
    "outcome_act_now": "Act now",
    "outcome_level1": "Level 1: no additional needs",
    "outcome_level2": "Level 2: additional needs",
    "outcome_level3": "Level 3: complex needs",
    "outcome_level4": "Level 4: acute needs",
    "outcome_escalation_meeting": "escalation meeting",
    "outcome_step_down_social_care_ready": "can go ahead",
    "outcome_step_down_level3_ready": "can go ahead",
    "outcome_step_down_social_care_wait": "Do not close",
    "outcome_step_down_level3_wait": "Do not close",
    "outcome_step_down_universal": "Early help can end",
}

PATHS = list(enumerate_paths(TREE))


def test_every_outcome_is_reached_and_the_path_count_stays_bounded():
    assert {p.outcome for p in PATHS} == {o.id for o in TREE.outcomes()} == set(KEY_PHRASES)
    assert len(PATHS) < 4000  # five tick-box areas; do not add more


def path_id(path) -> str:
    """A short, stable name for a path: each answer, with an area shown as its ticked levels."""
    def short(value) -> str:
        return value if isinstance(value, str) else "".join(str(level_of(v)) for v in value)
    return "-".join(short(value) for _, value in path.answers)


@pytest.mark.parametrize("path", PATHS, ids=path_id)
def test_every_path_reaches_the_outcome_the_rules_give(path):
    assert path.outcome == expected_outcome(dict(path.answers))
    assert KEY_PHRASES[path.outcome] in FILL(TREE.node(path.outcome).title)


@pytest.mark.parametrize("path", list({p.outcome: p for p in PATHS}.values()), ids=lambda p: p.outcome)
def test_every_outcome_has_its_local_names_filled(path):
    outcome = step_view(resolve(TREE, dict(path.answers)))["outcome"]
    texts = [outcome["title"], outcome["lead"], *outcome["reasons"], *outcome["next_steps"], *outcome["notes"]]
    assert not any("{" in t or "}" in t for t in texts), "a local name was left unfilled"


# ----------------------------------------------------------------------------------------
# Safety first
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_any_doubt_about_immediate_risk_means_act_now(answer):
    view = step_view(resolve(TREE, {"immediate_risk": answer}), names={"front_door": "the Bridge Partnership"})
    outcome = view["outcome"]
    assert outcome["id"] == "outcome_act_now"
    steps = " ".join(outcome["next_steps"])
    assert "call 999" in steps and "Contact the Bridge Partnership now" in steps and "safeguarding lead" in steps
    assert any("Do not wait" in note for note in outcome["notes"])
    assert {s["document"] for s in outcome["sources"]} == {"wt-2023"}


def test_the_safety_question_comes_first():
    step = resolve(TREE, {})
    assert step.node.id == "immediate_risk"
    assert [o.id for o in step.node.options] == ["yes", "no", "not_sure"]


def test_every_outcome_says_what_to_do_if_a_child_is_in_danger():
    for outcome in TREE.outcomes():
        text = " ".join(outcome.reasons + outcome.next_steps + outcome.notes)
        assert "999" in text and "{front_door}" in text, outcome.id


# ----------------------------------------------------------------------------------------
# Levels: the highest level ticked, never a total
# ----------------------------------------------------------------------------------------

def test_many_level_2_indicators_never_add_up_to_a_higher_level():
    every_level2 = {area: [i.id for i in FRAMEWORK.in_area(area) if i.level == "level2"] for area in AREA_IDS}
    assert resolve(TREE, check(**every_level2)).node.id == "outcome_level2"


def test_one_level_4_indicator_outweighs_everything_else():
    answers = check(area_health=["l2_checks", "l2_mood"], area_family=["l2_parenting", "l3_care"],
                    area_money=["l4_nrpf"])
    assert resolve(TREE, answers).node.id == "outcome_level4"


def test_an_act_today_indicator_ends_the_checker_at_once():
    # Ticking that the child has seriously harmed themselves, on the first area's page, used to be
    # followed by four more areas before the reader was told to contact the front door.
    assert FRAMEWORK.level("level4").act_today
    step = resolve(TREE, {**NO_RISK, "area_health": ["l2_mood", "l4_self_harm"]})
    assert step.node.id == "outcome_level4"
    view = step_view(step, names={"front_door": "the MASH"})["outcome"]
    assert view["title"] == "Level 4: acute needs: contact the MASH today"
    assert dict(tuple(row) for row in view["table"]["rows"]) == {"Health": "Level 4"}
    # Below an act-today level, the checker goes on to the next area as before.
    assert resolve(TREE, {**NO_RISK, "area_health": ["l3_drugs"]}).node.id == "area_education"


def test_nothing_ticked_means_universal_services_and_no_lead():
    view = step_view(resolve(TREE, check()))
    assert view["outcome"]["id"] == "outcome_level1" and view["outcome"]["lead"] == ""


@pytest.mark.parametrize("outcome_id, answers", [
    ("outcome_level2", check(area_safe=["l2_bullying"])),
    ("outcome_level3", check(area_education=["l3_absence"], supported_at_level2="no")),
    ("outcome_level4", check(area_safe=["l4_disclosure"])),
])
def test_each_level_states_that_it_is_not_a_score_and_the_family_view_counts(outcome_id, answers):
    outcome = step_view(resolve(TREE, answers))["outcome"]
    assert outcome["id"] == outcome_id
    notes = " ".join(outcome["notes"])
    assert "not a checklist or a score" in notes
    assert "threshold document decides" in notes
    assert "family's view" in notes


def test_the_result_shows_the_highest_level_in_each_area():
    answers = check(area_health=["l2_mood", "l3_drugs"], area_money=["l4_nrpf"])
    outcome = step_view(resolve(TREE, answers))["outcome"]
    rows = dict(tuple(row) for row in outcome["table"]["rows"])
    assert rows == {"Health": "Level 3", "Education": "Nothing ticked", "Being safe": "Nothing ticked",
                    "Family": "Nothing ticked", "Employment, financial stability and housing": "Level 4"}
    assert "The level 4 indicators you ticked were in: Employment, financial stability and housing." in \
        outcome["reasons"]


def test_level_4_sends_the_reader_to_the_front_door_and_a_social_worker_leads():
    view = step_view(resolve(TREE, check(area_family=["l4_no_carer"])), names={"front_door": "MASH"})
    outcome = view["outcome"]
    assert "contact MASH today" in outcome["title"]
    assert outcome["lead"].startswith("A social worker")
    assert "section 47" in " ".join(outcome["reasons"])
    assert any("Do not wait for an escalation meeting" in note for note in outcome["notes"])


def test_level_3_for_a_family_without_early_help_names_a_lead_with_a_team_around_the_family():
    outcome = step_view(resolve(TREE, check(area_safe=["l3_missing"], supported_at_level2="not_sure")))["outcome"]
    assert outcome["id"] == "outcome_level3"
    assert outcome["lead"] == "A named lead professional, chosen with the family"
    assert "Team Around the Family" in outcome["title"]


# ----------------------------------------------------------------------------------------
# Stepping up from level 2 to level 3
# ----------------------------------------------------------------------------------------

def test_rising_from_level_2_to_3_needs_an_escalation_meeting_first():
    names = {"early_help_manager": "the Early Help team manager", "front_door": "the Bridge Partnership"}
    step = resolve(TREE, check(area_education=["l2_attend", "l3_absence"], supported_at_level2="yes"))
    outcome = step_view(step, names=names)["outcome"]
    assert outcome["id"] == "outcome_escalation_meeting"
    assert outcome["title"].startswith("Hold an escalation meeting, chaired by the Early Help team manager")
    reasons = " ".join(outcome["reasons"])
    assert "cannot be considered for children's social care until that meeting has taken place" in reasons
    assert "Team Around the Family meeting can also serve as the escalation meeting" in reasons
    assert "decides whether to escalate the case to children's social care through the Bridge Partnership" in reasons
    assert "salford-2018" in {s["document"] for s in outcome["sources"]}
    assert "never delays" in outcome["notes"][0]


def test_the_help_already_in_place_question_is_asked_only_at_level_3():
    for ticks, asked in ((check(area_family=["l3_breakdown"]), True), (check(area_family=["l2_change"]), False),
                         (check(area_family=["l4_neglect"]), False), (check(), False)):
        step = resolve(TREE, ticks)
        assert (step.node.id == "supported_at_level2") is asked


def test_a_level_4_concern_in_a_family_with_early_help_does_not_wait_for_the_meeting():
    # The help question is not even asked: level 4 goes straight to the front door.
    step = resolve(TREE, check(area_safe=["l3_abuse", "l4_abuse"], supported_at_level2="yes"))
    assert step.node.id == "outcome_level4"
    assert step.dropped  # the answer about help at level 2 was set aside, and the reader is told


# ----------------------------------------------------------------------------------------
# Stepping down
# ----------------------------------------------------------------------------------------

STEP_DOWN = {"immediate_risk": "no", "purpose": "step_down"}


@pytest.mark.parametrize("answer", ["no", "not_sure"])
def test_a_step_down_from_social_care_without_an_agreed_lead_must_not_close(answer):
    step = resolve(TREE, {**STEP_DOWN, "step_down_from": "social_care", "new_lead_social_care": answer})
    outcome = step_view(step)["outcome"]
    assert outcome["id"] == "outcome_step_down_social_care_wait"
    assert outcome["title"].startswith("Do not close the case yet")
    assert outcome["lead"] == "The social worker, until the new lead is agreed"


def test_an_agreed_lead_co_ordinates_the_first_meeting_after_a_step_down_from_social_care():
    step = resolve(TREE, {**STEP_DOWN, "step_down_from": "social_care", "new_lead_social_care": "yes"})
    outcome = step_view(step)["outcome"]
    assert outcome["lead"] == "The new lead professional, agreed with the family and the social worker"
    assert "co-ordinates the first Team Around the Family meeting" in " ".join(outcome["reasons"])
    assert any("before the case closes" in s for s in outcome["next_steps"])


@pytest.mark.parametrize("answer, outcome_id", [("yes", "outcome_step_down_level3_ready"),
                                                 ("no", "outcome_step_down_level3_wait"),
                                                 ("not_sure", "outcome_step_down_level3_wait")])
def test_a_step_down_from_level_3_keeps_a_lead(answer, outcome_id):
    step = resolve(TREE, {**STEP_DOWN, "step_down_from": "level3", "new_lead_level3": answer})
    assert step.node.id == outcome_id


def test_ending_early_help_needs_no_lead_but_the_family_knows_where_to_go():
    outcome = step_view(resolve(TREE, {**STEP_DOWN, "step_down_from": "universal"}))["outcome"]
    assert outcome["lead"] == ""
    assert any("where to go" in s for s in outcome["next_steps"])


# ----------------------------------------------------------------------------------------
# The conditions, directly, both ways
# ----------------------------------------------------------------------------------------

def context(**ticks) -> Context:
    return Context(TREE, {**NOTHING, **ticks}, {})


@pytest.mark.parametrize("ticks, holds", [
    ({}, set()),
    ({"area_health": ["l2_checks"]}, {"level2_ticked"}),
    ({"area_money": ["l3_food"]}, {"level3_ticked"}),
    ({"area_safe": ["l4_injury"]}, {"level4_ticked"}),
    ({"area_education": ["l2_attend", "l3_sen"], "area_family": ["l4_no_carer"]},
     {"level2_ticked", "level3_ticked", "level4_ticked"}),
    ({"area_family": ["l2_carer", "l2_change"]}, {"level2_ticked"}),
])
def test_each_condition_holds_exactly_when_its_level_is_ticked(ticks, holds):
    for condition in TREE.conditions:
        if "_ticked_in_" in condition.id:  # an area's own "act today" check: see below
            assert condition.test(context(**ticks)) is any(
                level_of(o) == 4 for o in ticks.get(condition.id.rpartition("_in_")[2], [])), condition.id
            continue
        assert condition.test(context(**ticks)) is (condition.id in holds), condition.id


def test_conditions_with_no_area_answered_do_not_hold():
    empty = Context(TREE, {}, {})
    assert not any(condition.test(empty) for condition in TREE.conditions)


def test_the_highest_level_in_one_area():
    def level(**ticks):
        found = highest_level(FRAMEWORK, context(**ticks), "area_health")
        return found.id if found else None
    assert level(area_health=["l2_mood", "l4_growth", "l3_drugs"]) == "level4"
    assert level(area_health=["l2_mood"]) == "level2"
    assert level() is None


# ----------------------------------------------------------------------------------------
# How the questions are written
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [q for q in TREE.questions() if q.kind == MULTI], ids=lambda q: q.id)
def test_each_area_lists_levels_2_to_4_and_none_of_these(question):
    levels = [level_of(o.id) for o in question.options if not o.exclusive]
    assert sorted(set(levels)) == [2, 3, 4] and levels == sorted(levels)
    for option in question.options[:-1]:
        assert option.tags == frozenset({f"level:level{level_of(option.id)}"}), option.id
        assert option.label.startswith(f"Level {level_of(option.id)}: "), option.id
    last = question.options[-1]
    assert last.exclusive and last.label == "None of these" and last.tags == frozenset({"none"})
    assert len({o.tags for o in question.options}) == 4  # keeps the enumerated paths small


def test_the_areas_are_the_five_early_help_assessment_areas_in_order():
    housing = "Employment, financial stability and housing"
    assert [a.name for a in FRAMEWORK.areas] == ["Health", "Education", "Being safe", "Family", housing]
    assert [q.id for q in TREE.questions() if q.kind == MULTI] == list(AREA_IDS)


@pytest.mark.parametrize("question", TREE.questions(), ids=lambda q: q.id)
def test_questions_are_real_questions_with_specific_errors(question):
    assert question.text.endswith("?")
    assert question.error.startswith("Select ")
    assert not re.search(r"\b(please|sorry|invalid)\b", question.error, re.IGNORECASE)


def test_no_sentence_starts_with_a_local_name():
    # The defaults read naturally mid-sentence ("an early help team manager"), not at the start.
    for where, text in authored_texts(TREE):
        assert not re.search(r"(^|[.!?]\s+)\{", text), where


def test_none_of_these_cannot_be_ticked_with_an_indicator():
    step = resolve(TREE, check(area_health=["none", "l2_mood"]))
    assert step.node.id == "area_health" and step.dropped


def test_every_outcome_names_a_source_with_a_section():
    for outcome in TREE.outcomes():
        assert outcome.sources and all(s.section for s in outcome.sources), outcome.id


def test_the_browser_entry_resolves_a_request():
    settings = read_settings(json.dumps({"tools": {"threshold": {"names": {"front_door": "the MASH"}}}}))
    answer = json.loads(handle(json.dumps({"tree": "threshold", "answers": {"immediate_risk": "not_sure"}}), settings))
    assert answer["ok"] and answer["view"]["outcome"]["id"] == "outcome_act_now"
    assert "Contact the MASH now" in " ".join(answer["view"]["outcome"]["next_steps"])


# ----------------------------------------------------------------------------------------
# Salford's escalation meeting, said as Salford says it (issue 13, item 4)
# ----------------------------------------------------------------------------------------

def test_the_escalation_meeting_is_asked_for_only_where_the_early_help_team_is_involved():
    # Salford: the meeting is for a family the early help team works with, not for any help at
    # level 2 (a school or a health visitor on their own).
    question = step_view(resolve(TREE, check(area_family=["l3_breakdown"])), names={})["question"]
    assert question["id"] == "supported_at_level2"
    assert "early help team" in question["text"]
    yes = next(o for o in question["options"] if o["id"] == "yes")
    assert "early help team" in yes["label"]
    no = next(o for o in question["options"] if o["id"] == "no")
    assert "school" in no["hint"] and "health visitor" in no["hint"]
    assert "school" not in yes["label"] + yes["hint"]


def test_the_escalation_result_never_says_a_referral_must_wait_for_it():
    outcome = step_view(resolve(TREE, check(area_family=["l3_breakdown"], supported_at_level2="yes")))["outcome"]
    assert "referral" not in outcome["title"] and "before" not in outcome["title"]
    reasons = " ".join(outcome["reasons"])
    assert "early help team is working with a family and thinks the needs have risen from level 2 to level 3" in reasons
    assert "cannot be considered for children's social care until that meeting has taken place" in reasons
    assert "decides whether to escalate" in reasons
    assert any("significant harm" in note and "straight away" in note for note in outcome["notes"])


def test_level_4_names_the_local_protocol_for_a_social_worker_during_assessment():
    # Working Together 2023 keeps section 47 with a social worker; for a child in need it has a
    # social-work-qualified manager decide, so "a social worker leads while children's social care
    # assesses" is a local protocol and must be labelled as one.
    reasons = " ".join(step_view(resolve(TREE, check(area_family=["l4_no_carer"])))["outcome"]["reasons"])
    assert "social-work-qualified practice supervisor or manager decide" in reasons
    assert "Local protocols such as Wigan's" in reasons
