"""Training scenarios: every file is valid, each kind of mistake stops the build with a message
naming the file, and the feedback finds where a trainee's route left the expected one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from decision import browser, get_tree
from decision.engine.model import Outcome
from decision.trees.registry import tree_ids
from decision.engine.resolver import merged_variants, resolve
from decision.training.files import parse_sets, parse_toml
from decision.training.scenarios import (ScenarioError, Unfinished, expected_voice, feedback, feedback_request,
                                         pair_entries, parse, variant_choices)
from decision.engine.view import filler
from decision.training.scenarios import check as check_scenario
from handbook_build import training as build
from handbook_build.context import BuildContext
from handbook_build.settings import Settings
from support import NORTHSHIRE_SCENARIO

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "training"
FILES = sorted((TRAINING / "scenarios").glob("*.toml"))


def scenario(stem: str):
    return parse_toml((TRAINING / "scenarios" / f"{stem}.toml").read_text(), stem)


def practitioner(role: str, *criteria: str, agency: str = "") -> dict:
    return {"role": role, "agency": agency, "criteria": list(criteria)}


# ------------------------------------------------------------------------------------------
# The scenario files in the repository
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_scenario_file_is_valid_under_every_local_rule(path):
    check_scenario(parse_toml(path.read_text(), path.stem))


def test_the_folder_and_the_sets_load_and_validate_as_the_build_does():
    training = build.load()
    build.validate(training, lambda tree: get_tree(tree).default_variants())
    assert len(training.scenarios) >= 12
    assert {s.id for s in training.sets} >= {"warm-up", "hard-cases"}
    assert all(s.teaching_point and s.sources for s in training.scenarios)


def _routes():
    """(tree, answers) for every expected and every alternative route of every scenario."""
    for s in build.load().scenarios:
        yield s.tree, s.answers
        for alt in s.alternatives:
            yield s.tree, alt.answers


def test_the_scenarios_cover_every_status_and_every_level():
    statuses = {answers["status"] for tree, answers in _routes() if tree == "allocation"}
    assert statuses == {o.id for o in get_tree("allocation").node("status").options}
    reached = {s.expected_outcome(v) for s in build.load().scenarios for v in variant_choices(get_tree(s.tree))}
    assert {"outcome_act_now", "outcome_level1", "outcome_level2", "outcome_level3", "outcome_level4"} <= reached


def test_the_hard_cases_are_there():
    by_id = {s.id: s for s in build.load().scenarios}
    two = by_id["22-two-who-could-lead"]  # two practitioners qualify: the family's wishes decide
    assert two.outcome == "outcome_family_choice" and two.answers["family_wishes"] == "p2"
    both = by_id["09-youth-justice-and-a-protection-plan"]  # youth justice and child protection
    assert both.outcome == "outcome_cp_plan" and both.alternatives[0].answers["status"] == "youth_justice"
    assert by_id["07-stepping-down-without-a-lead"].answers["step_down_from"] == "social_care"
    escalation = by_id["05-late-nights-and-new-trainers"]
    assert escalation.outcome == "outcome_escalation_meeting" and escalation.answers["supported_at_level2"] == "yes"


def test_a_result_set_by_a_local_rule_is_stated_for_each_choice():
    support = scenario("19-support-in-school")
    assert support.expected_outcome({"sen_lead": "senco_should"}) == "outcome_sen_senco_should"
    assert support.expected_outcome({"sen_lead": "senco_may"}) == "outcome_sen_senco_may"
    for s in build.load().scenarios:  # no scenario states one result for a route a local rule changes
        tree = get_tree(s.tree)
        for variants in variant_choices(tree):
            node = tree.node(s.expected_outcome(variants))
            assert isinstance(node, Outcome) and (not node.local_rule or s.outcome_by_rule), s.id


# ------------------------------------------------------------------------------------------
# Each kind of mistake, caught with its message, naming the file
# ------------------------------------------------------------------------------------------

GOOD = """
title = "A test case"
tree = "allocation"
case = "A child."
teaching_point = "A point."
outcome = "outcome_adoption"

[answers]
status = "adoption"

[[sources]]
document = "wigan-2022"
section = "A section"
"""


def broken(tmp_path: Path, text: str, name: str = "01-broken") -> str:
    folder = tmp_path / "training"
    (folder / "scenarios").mkdir(parents=True)
    (folder / "scenarios" / f"{name}.toml").write_text(text)
    with pytest.raises(ValueError) as caught:
        build.validate(build.load(folder), folder=folder)
    message = str(caught.value)
    assert "\n" not in message
    assert f"{name}.toml: " in message
    return message


MISTAKES = [
    ("unknown tree", GOOD.replace('tree = "allocation"', 'tree = "allocations"'),
     "tree 'allocations' is not a tool"),
    ("unknown question", GOOD.replace('status = "adoption"', 'status = "adoption"\nstatu = "x"'),
     "answers: 'statu' is not a question in the allocation tool"),
    ("unknown option", GOOD.replace('status = "adoption"', 'status = "adopted"'),
     "answers.status: “adopted” is not one of the answers to “Which of these best describes the child"),
    ("unknown tick", GOOD.replace('tree = "allocation"', 'tree = "threshold"').replace(
        'status = "adoption"', 'immediate_risk = "no"\npurpose = "check"\narea_health = ["l2_check"]').replace(
        "outcome_adoption", "outcome_level2"), "answers.area_health: “l2_check” is not one of the answers"),
    ("answers lead elsewhere", GOOD.replace('outcome = "outcome_adoption"', 'outcome = "outcome_s47"'),
     "the answers lead to 'outcome_adoption' (“The child's social worker leads where adoption is the plan”), "
     "not to the stated result 'outcome_s47'"),
    ("answers stop short", GOOD.replace('status = "adoption"', 'status = "care_leaver"'),
     "answers stop at the question 'care_leaver_stage'"),
    ("an answer the route never asks", GOOD.replace('status = "adoption"', 'status = "adoption"\nsen_year9 = "no"'),
     "answers: 'sen_year9' is never asked on the route these answers take"),
    ("unknown result", GOOD.replace('outcome = "outcome_adoption"', 'outcome = "outcome_adopted"'),
     "outcome: 'outcome_adopted' is not a result of the allocation tool"),
    ("missing teaching point", GOOD.replace('teaching_point = "A point."', ""), "teaching_point is missing"),
    ("empty teaching point", GOOD.replace('teaching_point = "A point."', 'teaching_point = "  "'),
     "teaching_point must be text in quotes"),
    ("missing source", GOOD[: GOOD.index("[[sources]]")], "sources is missing"),
    ("unknown document", GOOD.replace('document = "wigan-2022"', 'document = "wigan"'),
     "sources[0].document: 'wigan' is not a known document"),
    ("unknown field", GOOD.replace('title = "A test case"', 'title = "A test case"\nlevel = 3'),
     "'level' is not a scenario field"),
    ("no result", GOOD.replace('outcome = "outcome_adoption"', ""), "give either outcome or outcome_by_rule"),
    ("a result a local rule changes", GOOD.replace('status = "adoption"', 'status = "sen"\nsen_year9 = "no"\n'
                                                   'sen_wider_needs = "no"').replace("outcome_adoption",
                                                                                     "outcome_sen_senco_may"),
     "this result depends on the local rule 'sen_lead', so give the result for each choice with "
     "[outcome_by_rule.sen_lead]"),
    ("a local rule missing a choice", GOOD.replace('outcome = "outcome_adoption"', "").replace(
        "[answers]", '[outcome_by_rule.sen_lead]\nsenco_may = "outcome_sen_senco_may"\n\n[answers]'),
     "outcome_by_rule.sen_lead must give a result for every choice (missing: senco_should)"),
    ("an unknown local rule", GOOD.replace('outcome = "outcome_adoption"', "").replace(
        "[answers]", '[outcome_by_rule.sen]\nx = "outcome_adoption"\n\n[answers]'),
     "outcome_by_rule: 'sen' is not a local rule of the allocation tool"),
    ("an unknown local name", GOOD.replace('case = "A child."', 'case = "Call {front_door}."'),
     "case: {front_door} is not a local name the allocation tool knows"),
    ("a note on no question", GOOD + '\n[notes]\nstatuses = "Why."\n',
     "notes: 'statuses' is not a question in the allocation tool"),
    ("not TOML", GOOD.replace('title = "A test case"', 'title = "A test case'), "not valid TOML"),
    ("a practitioner without a role", GOOD.replace('status = "adoption"', 'status = "none"\nfamily_wishes = "p1"\n'
                                                   '[[answers.practitioners]]\ncriteria = ["agrees"]'),
     "answers.practitioners[0] needs a role"),
]


@pytest.mark.parametrize("kind, text, expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_kind_of_mistake_stops_with_its_message(tmp_path, kind, text, expected):
    assert expected in broken(tmp_path, text)


def test_the_good_example_is_good(tmp_path):
    folder = tmp_path / "training"
    (folder / "scenarios").mkdir(parents=True)
    (folder / "scenarios" / "01-good.toml").write_text(GOOD)
    build.validate(build.load(folder), folder=folder)


def test_a_bad_sets_file_names_itself(tmp_path):
    folder = tmp_path / "training"
    (folder / "scenarios").mkdir(parents=True)
    (folder / "scenarios" / "01-good.toml").write_text(GOOD)
    (folder / "sets.toml").write_text('[[set]]\nid = "a"\ntitle = "A"\ndescription = "B"\nscenarios = ["02-gone"]\n')
    with pytest.raises(ValueError, match=r"sets\.toml: set\[0\]\.scenarios: there is no scenario '02-gone'"):
        build.load(folder)


def test_an_empty_folder_is_a_mistake(tmp_path):
    (tmp_path / "scenarios").mkdir()
    with pytest.raises(ValueError, match="there are no scenario files"):
        build.load(tmp_path)


def test_sets_need_their_fields():
    with pytest.raises(ScenarioError, match="needs exactly these fields"):
        parse_sets({"set": [{"id": "a", "title": "A"}]}, ["x"])


# ------------------------------------------------------------------------------------------
# The comparison
# ------------------------------------------------------------------------------------------

def test_a_right_answer_gets_a_confirmation_and_the_teaching_point():
    reply = feedback(scenario("08-an-enquiry-begins"), {"status": "s47_enquiry"})
    assert reply["right"] and reply["divergence"] is None and reply["other_differences"] == []
    assert reply["heading"].startswith("Right: ")
    assert "always led by a social worker" in reply["teaching_point"]
    assert reply["sources"][0]["title"] == "Working Together to Safeguard Children 2023"


def test_a_wrong_choice_shows_the_question_both_answers_where_each_leads_and_why():
    reply = feedback(scenario("08-an-enquiry-begins"), {"status": "child_protection_plan"})
    d = reply["divergence"]
    assert not reply["right"] and reply["heading"] == "Not the expected result"
    assert d["question"] == "Which of these best describes the child or young person?"
    assert d["your_answer"] == "The child is subject to a child protection plan"
    assert d["expected_answer"] == "A child protection enquiry (section 47) is under way"
    assert d["your_route"] == "the result “The child's social worker leads while the child protection plan is in place”"
    assert d["expected_route"].startswith("the result “A social worker leads: a child protection enquiry")
    assert "first status in the list" in d["note"]
    assert reply["reasons"] and reply["teaching_point"] and reply["sources"]


THRESHOLD_05 = {"immediate_risk": "no", "purpose": "check", "area_health": ["none"], "area_education": ["none"],
                "area_safe": ["l3_missing", "l3_exploit"], "area_family": ["l2_parenting"], "area_money": ["none"],
                "supported_at_level2": "yes"}


def test_a_tick_that_changes_nothing_is_listed_but_the_answer_is_right():
    answers = THRESHOLD_05 | {"area_money": ["l2_money"]}
    reply = feedback(scenario("05-late-nights-and-new-trainers"), answers)
    assert reply["right"]
    [other] = reply["other_differences"]
    assert other["question_id"] == "area_money"
    assert other["details"] == ["The expected answer also ticks “None of these”.",
                                "You ticked “Level 2: Money worries, such as debts or trouble paying bills”, "
                                "which the expected answer does not."]


def test_the_answer_that_changed_the_result_is_found_not_the_first_difference():
    answers = THRESHOLD_05 | {"area_health": ["l2_mood"], "area_safe": ["l3_missing", "l4_exploited"]}
    del answers["supported_at_level2"]
    reply = feedback(scenario("05-late-nights-and-new-trainers"), answers)
    d = reply["divergence"]
    assert d["question_id"] == "area_safe"  # not area_health, whose extra level 2 tick changed nothing
    assert "You ticked “Level 4: The child is being sexually or criminally exploited, or often goes missing”, " \
           "which the expected answer does not." in d["details"]
    # Level 4 means acting today: the checker ends as soon as the area with the tick is answered.
    assert d["split"].startswith("At the check “Was an indicator that means acting today ticked in Being safe?”, "
                                 "your answers meet “A level 4 indicator was ticked in Being safe”")
    assert "possible signs of exploitation" in d["note"]
    assert [o["question_id"] for o in reply["other_differences"]] == ["area_health"]


def test_names_are_filled_in_with_the_councils_own():
    reply = feedback(scenario("01-afraid-to-go-home"), {"immediate_risk": "no", "purpose": "check",
                                                        **{a: ["none"] for a in ("area_health", "area_education",
                                                                                 "area_safe", "area_family",
                                                                                 "area_money")}},
                     names={"front_door": "the Northshire MASH"})
    assert "straight away to the Northshire MASH." in reply["teaching_point"]
    assert reply["divergence"]["question_id"] == "immediate_risk"


TWO = "22-two-who-could-lead"
HV = ("predominant_needs", "relationship", "capacity", "agrees")
NURSERY = ("relationship", "advocacy", "capacity", "agrees")


def test_practitioners_typed_in_another_order_and_wording_are_matched():
    answers = {"status": "none", "practitioners": [practitioner("Key person", *NURSERY, agency="Acorns nursery"),
                                                   practitioner("health visitor", *HV, "skills")],
               "family_wishes": "p1"}
    reply = feedback(scenario(TWO), answers)
    assert reply["right"] and reply["yours"]["lead"] == "Key person (Acorns nursery)"
    [other] = reply["other_differences"]
    assert "The case involves the practitioner “Community mental health nurse”, who is not in your list." in other["details"]
    assert any(line.startswith("Health visitor: you ticked “Has the skills") for line in other["details"])


def test_the_family_choosing_someone_else_is_where_the_route_parts():
    answers = {"status": "none", "practitioners": [practitioner("Health visitor", *HV),
                                                   practitioner("Nursery key person", *NURSERY)],
               "family_wishes": "p1"}
    reply = feedback(scenario(TWO), answers)
    assert not reply["right"]  # same result, but another practitioner leads
    assert reply["divergence"]["question_id"] == "family_wishes"
    assert (reply["divergence"]["your_answer"], reply["divergence"]["expected_answer"]) == \
           ("Health visitor", "Nursery key person")


def test_a_missing_tick_that_leaves_one_practitioner_qualifying_is_found():
    answers = {"status": "none", "practitioners": [practitioner("Health visitor", "predominant_needs", "agrees"),
                                                   practitioner("Nursery key person", *NURSERY)]}
    reply = feedback(scenario(TWO), answers)
    d = reply["divergence"]
    assert d["question_id"] == "practitioners"
    assert "Health visitor: the expected answer also ticks “Has the time to take the role on, agreed with their " \
           "manager”." in d["details"]
    assert d["your_route"] == "the result “One practitioner meets the criteria: they should lead”"


def test_no_preference_is_where_the_route_parts_whatever_the_order_typed():
    answers = {"status": "none", "practitioners": [practitioner("Key person", *NURSERY),
                                                   practitioner("health visitor", *HV)],
               "family_wishes": "no_preference"}
    reply = feedback(scenario(TWO), answers)
    assert reply["divergence"]["question_id"] == "family_wishes"


def test_pairing_prefers_exact_names():
    written = [{"role": "Class teacher"}, {"role": "Teacher", "also": ["head teacher"]}]
    assert pair_entries(written, [{"role": "teacher"}, {"role": "class teacher"}]) == {0: 1, 1: 0}


def test_an_accepted_alternative_route_is_right_with_its_note():
    reply = feedback(scenario("09-youth-justice-and-a-protection-plan"),
                     {"status": "youth_justice", "youth_justice_statutory": "yes"})
    assert reply["right"] and "Starting from youth justice" in reply["alternative"]


def test_a_wrong_answer_on_the_alternative_route_is_compared_with_that_route():
    reply = feedback(scenario("09-youth-justice-and-a-protection-plan"),
                     {"status": "youth_justice", "youth_justice_statutory": "no", "youth_justice_order": "community"})
    d = reply["divergence"]
    assert not reply["right"] and d["question_id"] == "youth_justice_statutory"
    assert (d["your_answer"], d["expected_answer"]) == ("No", "Yes")
    assert d["expected_route"] == "the result “The social worker leads, not the youth justice worker”"
    # the route compared with is another accepted one, whose result is not the expected result's name
    assert reply["expected"]["title"] != "The social worker leads, not the youth justice worker"
    assert [label for label, _ in d["rows"]] == ["Question", "Your answer", "Accepted answer",
                                                 "Your answers lead to", "The accepted answers lead to"]
    assert d["summary"] == "You answered: No. Accepted: Yes."


@pytest.mark.parametrize("rule, outcome", [("senco_may", "The SENCO may lead where that is appropriate"),
                                           ("senco_should", "The SENCO leads")])
def test_the_expected_result_follows_the_councils_rule(rule, outcome):
    answers = {"status": "sen", "sen_year9": "no", "sen_wider_needs": "no"}
    reply = feedback(scenario("19-support-in-school"), answers, {"sen_lead": rule})
    assert reply["right"] and reply["expected"]["title"] == outcome and reply["local_rules"]


def test_feedback_before_a_result_is_refused():
    with pytest.raises(Unfinished):
        feedback(scenario("19-support-in-school"), {"status": "sen"})


# ------------------------------------------------------------------------------------------
# The wording of feedback on a wrong answer: the trainee's answers are theirs, the expected
# ones are expected, and two routes that part are never described as the same
# ------------------------------------------------------------------------------------------

MORNINGS = "03-mornings-and-bedtimes"
LEVEL_3_TICK = {"area_education": ["l3_absence", "l2_behaviour"], "supported_at_level2": "no"}


def test_mornings_and_bedtimes_with_a_level_3_tick_says_what_the_expected_answers_tick():
    reply = feedback(scenario(MORNINGS), scenario(MORNINGS).answers | LEVEL_3_TICK)
    assert not reply["right"] and reply["yours"]["title"].startswith("Level 3")
    reasons = " ".join(reply["reasons"])
    assert "you ticked" not in reasons.lower()
    assert reply["reasons"][0].startswith("The highest level the expected answers tick is level 2.")
    assert "The level 2 indicators the expected answers tick are in: Education, Family." in reply["reasons"]
    d = reply["divergence"]
    assert d["question_id"] == "area_education"
    # the routes run together through three more questions and part at the check on the highest level
    tree, fill = get_tree("threshold"), filler(get_tree("threshold"), None)
    assert d["your_route"] == f"the question “{fill(tree.node('supported_at_level2').text)}”"
    assert d["expected_route"] == f"the result “{fill(tree.node('outcome_level2').title)}”"
    assert d["split"].startswith(f"At the check “{tree.node('level_of_need').text}”, your answers meet "
                                 f"“{tree.condition('level3_ticked').description}”")


def test_the_same_result_with_another_lead_is_not_described_as_the_same_route():
    answers = {"status": "none", "practitioners": [practitioner("Health visitor", *HV),
                                                   practitioner("Nursery key person", *NURSERY)],
               "family_wishes": "p1"}
    d = feedback(scenario(TWO), answers)["divergence"]
    assert d["your_route"] == ("the result “The practitioner the child and family chose should lead”, with "
                               "Health visitor as lead professional")
    assert d["expected_route"] == ("the result “The practitioner the child and family chose should lead”, with "
                                   "Nursery key person as lead professional")


def _plain_answers(answers: dict) -> dict:
    """Answers as the tool holds them: practitioners without the trainer-only other names."""
    return {k: [{f: v for f, v in e.items() if f != "also"} for e in v] if isinstance(v, list) and v
            and isinstance(v[0], dict) else v for k, v in answers.items()}


def _other_values(question, value, generated):
    """Other answers to one question, each a change a trainee might make (`generated`: the options
    made from earlier answers, such as the practitioners listed)."""
    if question.kind == "choice":
        return [i for i, _ in generated if i != value] + [o.id for o in question.options if o.id != value]
    if question.kind == "multi":
        ticked = [v for v in value if v != "none"]
        return [["none"]] + [ticked + [o.id] for o in question.options if o.id not in value and o.id != "none"]
    return [[e if i != n else e | {"criteria": [c for c in e["criteria"] if c != drop]}
             for i, e in enumerate(value)] for n, entry in enumerate(value) for drop in entry["criteria"]]


def _finish(tree, answers: dict) -> dict | None:
    """Answer any question the changed route asks that the expected answers do not reach."""
    for _ in range(20):
        step = resolve(tree, answers, merged_variants(tree, None))
        if step.is_outcome:
            return answers
        q = step.node
        if q.kind == "choice":
            answers[q.id] = step.generated[0][0] if step.generated else q.options[0].id
        elif q.kind == "multi":
            answers[q.id] = ["none"] if any(o.id == "none" for o in q.options) else [q.options[0].id]
        else:
            answers[q.id] = [practitioner("Class teacher", "relationship", "capacity", "agrees")]
    return None


def wrong_answers(s):
    """For each question on the expected route, the first other answer that changes the result."""
    tree = get_tree(s.tree)
    expected = _plain_answers(dict(s.answers))
    step = resolve(tree, expected, merged_variants(tree, None))
    for n, accepted in enumerate(step.accepted):
        before = {a.question.id: a.value for a in step.accepted[:n]}
        generated = resolve(tree, before, merged_variants(tree, None)).generated
        for value in _other_values(accepted.question, accepted.value, generated):
            answers = _finish(tree, expected | {accepted.question.id: value})
            if answers and not feedback(s, answers)["right"]:
                yield accepted.question.id, answers
                break


# "you" or "your" saying what was ticked, listed, chosen or thought: the trainee's own answers
ABOUT_ANSWERS = re.compile(r"\b(?:you|your)(?: \w+){0,3} (?:tick|ticked|list|listed|answer|answered|answers|chose|"
                           r"chosen|choose|select|selected|think|thought|typed|picked|done)\b|"
                           r"\byou (?:are|were) not sure\b|\byour (?:answers?|ticks?|list)\b", re.IGNORECASE)


@pytest.mark.parametrize("reason, expected", [
    ("The highest level you ticked is level 2. At level 2 a child has additional needs.",
     "The highest level the expected answers tick is level 2. At level 2 a child has additional needs."),
    ("The level 3 indicators you ticked were in: Being safe.",
     "The level 3 indicators the expected answers tick are in: Being safe."),
    ("You ticked at least one level 4 indicator.", "The expected answers tick at least one level 4 indicator."),
    ("You did not tick any indicator.", "The expected answers do not tick any indicator."),
    ("No one you listed does all three.", "No one in the expected list does all three."),
    ("Health visitor is the only practitioner you listed who meets the criteria.",
     "Health visitor is the only practitioner in the expected list who meets the criteria."),
    ("You think a child may be at immediate risk of significant harm, or you are not sure.",
     "The expected answer is that a child may be at immediate risk of significant harm, or that it is not clear."),
    ("Check what the early help team offers in your area.", "Check what the early help team offers in your area."),
])
def test_a_reason_is_put_in_terms_of_the_expected_answers(reason, expected):
    assert expected_voice(reason) == expected


@pytest.mark.parametrize("tree_id", tree_ids())
def test_no_reason_of_any_result_says_what_the_trainee_answered(tree_id):
    """Under "Why the expected result applies", no reason of any result of any tool a scenario
    can use says what "you" ticked, listed or thought: that was the expected answers."""
    tree = get_tree(tree_id)
    fill = filler(tree, None)
    for outcome in (n for n in tree.nodes if isinstance(n, Outcome)):
        for reason in outcome.reasons:
            assert not ABOUT_ANSWERS.search(expected_voice(fill(reason))), f"{outcome.id}: {reason}"
YOU_TICKED = re.compile(r"^(?:.*: )?You ticked “(.+)”, which the expected answer does not\.$")
ALSO_TICKS = re.compile(r"^(?:.*: )?[Tt]he expected answer also ticks “(.+)”\.$")
SPLIT = re.compile(r"^At the check “.+”, your answers meet “.+”, so they go to (.+)\. "
                   r"The (?:expected|accepted) answers meet “.+”, so they go to (.+)\.$")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_feedback_on_every_wrong_answer_keeps_yours_and_expected_apart(path):
    s = parse_toml(path.read_text(), path.stem)
    walked = list(wrong_answers(s))
    assert walked, "no wrong answer found for this scenario"
    for question_id, answers in walked:
        reply = feedback(s, answers)
        where = f"{s.id}, a wrong answer to {question_id}"
        assert not reply["right"] and reply["heading"] == "Not the expected result"
        # "Why the expected result applies" describes the expected answers, never the trainee's
        for reason in reply["reasons"]:
            assert not ABOUT_ANSWERS.search(reason), f"{where}: {reason}"
        d = reply["divergence"]
        assert d is not None, where
        assert d["your_answer"] != d["expected_answer"] or d["details"], f"{where}: the answers read the same"
        if d.get("your_route"):
            assert d["your_route"] != d["expected_route"], f"{where}: both routes lead to {d['your_route']}"
        # the page shows these rows as they are: the trainee's under "your", the expected under
        # "expected" (or "accepted", when the route compared with is another the trainer accepts)
        them = "accepted" if reply["alternative"] else "expected"
        assert d["rows"] == [["Question", d["question"]], ["Your answer", d["your_answer"]],
                             [f"{them.capitalize()} answer", d["expected_answer"]]] + (
            [["Your answers lead to", d["your_route"]], [f"The {them} answers lead to", d["expected_route"]]]
            if d.get("your_route") else [])
        for line in d["details"]:
            if YOU_TICKED.match(line):
                assert YOU_TICKED.match(line)[1] in d["your_answer"], f"{where}: {line}"
            if ALSO_TICKS.match(line):
                assert ALSO_TICKS.match(line)[1] not in d["your_answer"], f"{where}: {line}"
        if d["split"]:
            yours, expected = SPLIT.match(d["split"]).groups()
            assert yours != expected, f"{where}: {d['split']}"


# ------------------------------------------------------------------------------------------
# The browser's request: the scenario by its id, from the scenarios Python was given once
# ------------------------------------------------------------------------------------------

ENQUIRY = "08-an-enquiry-begins"


def published(*scenarios: dict) -> str:
    """The scenarios file as the build publishes it, holding these scenarios (Scenario.to_json)."""
    from handbook_build.published import scenarios_content
    return scenarios_content(list(scenarios)).decode()


def settings_with(*scenarios: dict, council: str = "", tools: dict | None = None) -> browser.Settings:
    """The settings as Python holds them once the worker has given it the settings file and then,
    at the first feedback request, the scenarios file."""
    from dataclasses import replace
    from handbook_build.published import settings_content
    read = browser.read_settings(settings_content(council, "", tools or {}).decode())
    return replace(read, scenarios=browser.read_scenarios(published(*scenarios)))


def request(**changes) -> dict:
    return {"action": "feedback", "scenario": ENQUIRY, "answers": {"status": "child_protection_plan"}} | changes


def test_a_feedback_request_goes_through_the_browser_entry_point():
    settings = settings_with(scenario(ENQUIRY).to_json())
    reply = json.loads(browser.handle(json.dumps(request()), settings))
    assert reply["ok"] and reply["feedback"]["divergence"]["question_id"] == "status"


def test_the_request_names_the_scenario_and_python_has_it_from_the_settings_given_once():
    """The page sends the scenario's id and the answers only: a request for a scenario the settings
    do not hold, or carrying a scenario of its own, gets a plain failure."""
    settings = settings_with(scenario(ENQUIRY).to_json())
    for named in ["01-afraid-to-go-home", None, 7, scenario(ENQUIRY).to_json(), {"id": ENQUIRY}]:
        assert feedback_request(request(scenario=named), settings) == {
            "ok": False, "message": "This scenario could not be checked. Reload the page and try again; if "
                                    "it happens again, use the answer sheet."}
    assert feedback_request(request(), settings)["ok"]


@pytest.mark.parametrize("tampered", [
    None, "text", {"id": "x"},
    scenario(ENQUIRY).to_json() | {"outcome": "outcome_cp_plan"},  # a wrong expected result (checked at feedback)
    scenario(ENQUIRY).to_json() | {"id": "../../etc"},
    scenario(ENQUIRY).to_json() | {"answers": {"status": ["x"] * 5000}},
    scenario(ENQUIRY).to_json() | {"teaching_point": "x" * 4000},
    scenario(ENQUIRY).to_json() | {"extra": 1},
])
def test_a_tampered_scenario_gets_a_plain_failure(tampered):
    """In the scenarios file, a scenario the build could not have written is refused when they are
    given (configure_scenarios); one whose answers do not reach its stated result fails its feedback plainly."""
    text = json.dumps([tampered])
    configured = json.loads(browser.configure_scenarios(text))
    if configured["ok"]:
        try:
            reply = feedback_request(request(), browser.configured())
        finally:
            browser.configure("{}")
        assert reply == {"ok": False, "message": "This scenario could not be checked. Reload the page and try "
                                                 "again; if it happens again, use the answer sheet."}
    else:
        browser.configure("{}")
        assert configured["message"] == browser.SCENARIOS_FAILED and configured["problem"].startswith("scenarios[0]")


@pytest.mark.parametrize("answers", [None, "x", {}, {"status": "sen"}, {"status": ["a", "b"]}, [1, 2]])
def test_unfinished_or_unreadable_answers_are_refused(answers):
    reply = feedback_request(request(answers=answers), settings_with(scenario(ENQUIRY).to_json()))
    assert not reply["ok"] and "has not given a result yet" in reply["message"]


def test_local_rules_names_or_a_council_in_the_request_change_nothing():
    settings = settings_with(scenario(ENQUIRY).to_json(), council="Testshire")
    plain = feedback_request(request(), settings)
    junk = feedback_request(request(variants={"sen_lead": 3, "x": "y"}, names=["a"], council=7), settings)
    assert plain["ok"] and junk == plain


def test_the_feedback_follows_the_councils_local_rules_from_the_settings():
    school = scenario("19-support-in-school")
    found = {}
    for sen_lead in ("senco_may", "senco_should"):
        settings = settings_with(school.to_json(), tools={"allocation": ({"sen_lead": sen_lead}, {})})
        found[sen_lead] = feedback_request(request(scenario=school.id, answers=dict(school.answers)), settings)
    assert found["senco_may"]["ok"] and found["senco_may"]["feedback"]["right"]
    assert found["senco_may"]["feedback"]["expected"] != found["senco_should"]["feedback"]["expected"]


def test_text_from_the_settings_comes_back_as_text_only():
    sneaky = scenario(ENQUIRY).to_json() | {"teaching_point": "<img src=x onerror=alert(1)>"}
    reply = feedback_request(request(answers={"status": "s47_enquiry"}), settings_with(sneaky))
    assert reply["feedback"]["teaching_point"] == "<img src=x onerror=alert(1)>"  # the page sets it as text


def test_a_scenario_survives_the_round_trip_through_the_published_scenarios():
    for path in FILES:
        original = parse_toml(path.read_text(), path.stem)
        data = original.to_json()
        assert parse({k: v for k, v in data.items() if k != "id"}, data["id"]) == original
        assert settings_with(data).scenarios == {original.id: original}


# ------------------------------------------------------------------------------------------
# The pages' HTML, for a council's local rules
# ------------------------------------------------------------------------------------------

def context(sen_lead: str = "senco_may", shown=lambda tree: True) -> BuildContext:
    def variants_for(tree_id):
        return get_tree(tree_id).default_variants() | ({"sen_lead": sen_lead} if tree_id == "allocation" else {})
    return BuildContext(Settings(), variants_for, lambda tree_id: get_tree(tree_id).default_names(), shown)


def test_the_answer_sheet_uses_labels_and_marks_the_councils_rule():
    items, _ = build.shown(build.load(), context("senco_should"))
    html = build.answers_html(items)
    assert "A child protection enquiry (section 47) is under way" in html and "s47_enquiry" not in html
    assert "Result: The SENCO leads (this site&#x27;s rule)" in html or "Result: The SENCO leads (this site's rule)" in html
    assert html.count('class="lp-answer"') == len(FILES)


def test_cards_hold_the_case_only():
    items, _ = build.shown(build.load(), context())
    html = build.cards_html(items)
    assert html.count('class="lp-card"') == len(FILES)
    assert "outcome_" not in html and "Teaching point" not in html and "always led by a social worker" not in html


def test_a_council_without_a_tool_loses_its_scenarios_and_sets_shrink():
    items, sets = build.shown(build.load(), context(shown=lambda tree: tree == "allocation"))
    assert {i.tree.id for i in items} == {"allocation"} and items[0].number == 1
    assert "levels-of-need" not in {s.id for s in sets}
    assert all(i.startswith(("08", "09", "1", "2")) for s in sets for i in s.scenarios)


def test_the_page_data_cannot_close_its_script_block():
    html = build.scenarios_html(*build.shown(build.load(), context()), context(), [])
    data = html[html.index('class="lp-training__data">') + 26: html.index("</script>")]
    assert "<" not in data and json.loads(data)["scenarios"]


def test_the_example_folder_can_be_copied_and_loaded(tmp_path):
    shutil.copytree(TRAINING, tmp_path / "training")
    assert len(build.load(tmp_path / "training").scenarios) == len(FILES)


def test_a_council_can_leave_out_scenarios_that_do_not_fit_its_framework():
    """content.scenarios_left_out: those files are not read (they may name levels or indicators the
    council's framework lacks), the sets lose them, and a name that is not a scenario stops the build."""
    from handbook_build.training import load as load_training
    every = load_training()
    kept = load_training(left_out=("01-afraid-to-go-home", "02-new-to-the-area"))
    assert [s.id for s in kept.scenarios] == [s.id for s in every.scenarios][2:]
    with pytest.raises(ValueError, match=r'content\.scenarios_left_out, entry 2: there is no scenario "99-nothing"'):
        load_training(left_out=("01-afraid-to-go-home", "99-nothing"))


# ------------------------------------------------------------------------------------------
# A council's own scenarios (content.scenarios_folder)
# ------------------------------------------------------------------------------------------

ALLOCATION_SCENARIO = (TRAINING / "scenarios" / "08-an-enquiry-begins.toml").read_text()


def own_folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "our-scenarios"
    folder.mkdir()
    for stem, text in files.items():
        (folder / f"{stem}.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_councils_own_scenarios_join_the_built_in_ones_in_file_name_order(tmp_path):
    from handbook_build.training import load as load_training
    folder = own_folder(tmp_path, **{"00-our-own-enquiry": ALLOCATION_SCENARIO, "99-and-another": ALLOCATION_SCENARIO})
    training = load_training(left_out=("01-afraid-to-go-home",), own=folder)
    ids = [s.id for s in training.scenarios]
    assert ids[0] == "00-our-own-enquiry" and ids[-1] == "99-and-another" and "01-afraid-to-go-home" not in ids
    assert ids == sorted(ids) and len(ids) == len(FILES) + 1
    assert training.files["00-our-own-enquiry"] == folder / "00-our-own-enquiry.toml"
    build.validate(training, lambda tree: get_tree(tree).default_variants())


def _load_problem(**kwargs) -> str:
    from handbook_build.training import load as load_training
    with pytest.raises(ValueError) as caught:
        build.validate(load_training(**kwargs), lambda tree: get_tree(tree).default_variants())
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_councils_scenarios_folder_that_does_not_exist_or_is_empty_stops_the_build(tmp_path):
    assert "content.scenarios_folder: the folder " in _load_problem(own=tmp_path / "nowhere")
    assert "does not exist" in _load_problem(own=tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    assert _load_problem(own=tmp_path / "empty").endswith(
        "empty: there are no scenario files (*.toml) in the council's scenarios folder")


@pytest.mark.parametrize("left_out", [(), ("08-an-enquiry-begins",)], ids=["kept", "left-out"])
def test_a_council_scenario_named_as_a_built_in_one_stops_the_build_naming_both(tmp_path, left_out):
    """The file name is the scenario's id, in the page's data, the sets and the answer sheet's links:
    a council's own may not take a built-in scenario's, even one it leaves out."""
    folder = own_folder(tmp_path, **{"08-an-enquiry-begins": ALLOCATION_SCENARIO})
    message = _load_problem(own=folder, left_out=left_out)
    assert message == (f"{folder / '08-an-enquiry-begins.toml'}: the scenario id \"08-an-enquiry-begins\" is "
                       "already the id of the handbook's scenario training/scenarios/08-an-enquiry-begins.toml; "
                       "give this file another name")


@pytest.fixture
def northshire():
    """Northshire's settings, with its framework used by the tools while a test runs."""
    from decision.trees import framework
    from handbook_build.identity import all_local_names, all_variants
    from handbook_build.settings import load as load_settings
    settings = load_settings(ROOT / "profiles" / "northshire.toml", all_local_names(), all_variants())
    framework.use(settings.threshold)
    yield settings
    framework.use(None)


@pytest.mark.parametrize("change, says", [
    (None, None),
    (('"ns_bruise"', '"ns_bruised"'), "answers.safety: \u201cns_bruised\u201d is not one of the answers to"),
    (('safety = [', 'area_safe = ['), "answers: 'area_safe' is not a question in the threshold tool"),
    (('"outcome_statutory"', '"outcome_level4"'), "outcome: 'outcome_level4' is not a result of the threshold tool"),
], ids=["right", "indicator", "area", "level"])
def test_a_council_scenario_naming_what_its_framework_lacks_stops_the_build_naming_its_file_and_the_id(
        tmp_path, northshire, change, says):
    text = NORTHSHIRE_SCENARIO if change is None else NORTHSHIRE_SCENARIO.replace(*change)
    folder = own_folder(tmp_path, **{"00-a-bruise": text})
    kwargs = {"own": folder, "left_out": northshire.content.scenarios_left_out}
    if change is None:
        from handbook_build.training import load as load_training
        assert load_training(**kwargs).scenarios[0].id == "00-a-bruise"
        return
    message = _load_problem(**kwargs)
    assert message.startswith(f"{folder / '00-a-bruise.toml'}: ") and says in message, message


@pytest.mark.parametrize("profile, levels", [
    ("northshire", {"outcome_early_help", "outcome_targeted", "outcome_statutory"}),
    ("eastvale", {"outcome_family_help", "outcome_child_protection"}),
])
def test_each_example_councils_own_scenarios_reach_its_levels_act_today_included(profile, levels):
    """The example councils' scenarios are answered with their own indicators, are valid under their
    framework and local rules as the build checks them, and one reaches the level that means acting today."""
    from decision.trees import framework
    from handbook_build.identity import all_local_names, all_variants
    from support import published_settings
    from handbook_build.settings import load as load_settings
    settings = load_settings(ROOT / "profiles" / f"{profile}.toml", all_local_names(), all_variants())
    framework.use(settings.threshold)
    try:
        training = build.load_for(settings)
        tools = published_settings(settings=settings)  # as the build reads back what it publishes
        build.validate(training, lambda tree: tools.tool(get_tree(tree))[0])
        own = [s for s in training.scenarios if Path(settings.content.scenarios_folder) in training.files[s.id].parents]
        assert len(own) >= 2 and all(s.tree == "threshold" for s in own)
        assert {s.outcome for s in own} == levels
        act_today = {f"outcome_{level.id}" for level in settings.threshold.levels if level.act_today}
        assert act_today & {s.outcome for s in own}
        indicators = {i.id for i in settings.threshold.indicators}
        ticked = {tick for s in own for qid, answer in s.answers.items() if isinstance(answer, list) for tick in answer}
        assert ticked - {"none"} and ticked - {"none"} <= indicators
    finally:
        framework.use(None)
