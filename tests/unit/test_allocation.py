"""The allocation tree against the status tables of the sources (Plymouth's allocation table
and Wigan's "children across the thresholds"), one row at a time."""

from __future__ import annotations

import itertools
import json

import pytest

from decision import get_tree, resolve, step_view
from decision.browser import handle
from decision.engine.view import filler  # the role's name, as the reader sees it

TREE = get_tree("allocation")

# answers -> (outcome id, who leads): every row of the status tables, with its conditions.
ROWS = [
    ({"status": "s47_enquiry"}, "outcome_s47", "The child's social worker"),
    ({"status": "cin_assessment"}, "outcome_cin_assessment", "The child's social worker"),
    ({"status": "looked_after", "looked_after_setting": "no"}, "outcome_looked_after", "The child's social worker"),
    ({"status": "looked_after", "looked_after_setting": "yes"}, "outcome_looked_after_residential",
     "The child's social worker"),
    ({"status": "child_protection_plan"}, "outcome_cp_plan", "The child's social worker"),
    ({"status": "residential"}, "outcome_residential", "The child's social worker"),
    ({"status": "care_leaver", "care_leaver_stage": "eligible"}, "outcome_care_leaver_eligible",
     "The child's social worker"),
    ({"status": "care_leaver", "care_leaver_stage": "relevant"}, "outcome_care_leaver_relevant", "The personal adviser"),
    ({"status": "care_leaver", "care_leaver_stage": "adult"}, "outcome_care_leaver_adult",
     "The personal adviser or social worker"),
    ({"status": "adoption"}, "outcome_adoption", "The child's social worker"),
    ({"status": "sen", "sen_year9": "yes"}, "outcome_sen_year9", "The education setting (usually the SENCO)"),
    ({"status": "sen", "sen_year9": "no", "sen_wider_needs": "no"}, "outcome_sen_senco_may",
     "The SENCO, where appropriate"),
    ({"status": "sen", "sen_year9": "no", "sen_wider_needs": "yes"}, "outcome_sen_someone_else",
     "A practitioner chosen by the criteria"),
    ({"status": "disability", "disability_social_worker": "yes", "disability_key_worker": "no"},
     "outcome_disability_social_worker", "The child's social worker"),
    ({"status": "disability", "disability_social_worker": "no", "disability_key_worker": "yes"},
     "outcome_disability_key_worker", "The key worker"),
    ({"status": "disability", "disability_social_worker": "no", "disability_key_worker": "no"},
     "outcome_disability_no_key_worker", "A practitioner chosen by the criteria"),
    ({"status": "mental_health", "mental_health_service": "cpa"}, "outcome_cpa", "The care co-ordinator"),
    ({"status": "mental_health", "mental_health_service": "camhs_only"}, "outcome_camhs_only",
     "A practitioner allocated by CAMHS"),
    ({"status": "youth_justice", "youth_justice_statutory": "yes"}, "outcome_youth_justice_social_worker",
     "The child's social worker"),
    ({"status": "youth_justice", "youth_justice_statutory": "no", "youth_justice_order": "community"},
     "outcome_youth_justice_case_manager", "The youth justice case manager, if agreed"),
    ({"status": "child_in_need_plan", "cin_plan_involvement": "open"}, "outcome_cin_open_manager",
     "Decided by a social-work-qualified manager, with partners"),
    ({"status": "cross_border"}, "outcome_cross_border", "Decided by the responsible local authority"),
    ({"status": "early_help", "early_help_stage": "before_review"}, "outcome_early_help_before_review",
     "The author of the Early Help Assessment"),
    ({"status": "early_help", "early_help_stage": "step_down"}, "outcome_early_help_step_down",
     "Agreed by the family and the social worker"),
]


@pytest.mark.parametrize("answers, outcome_id, lead", ROWS, ids=[r[1] for r in ROWS])
def test_each_status_row_names_the_lead_from_the_sources(answers, outcome_id, lead):
    step = resolve(TREE, answers)
    assert step.node.id == outcome_id
    assert step_view(step)["outcome"]["lead"] == lead
    assert step.dropped == ()


def test_a_child_protection_enquiry_is_always_led_by_a_social_worker():
    view = step_view(resolve(TREE, {"status": "s47_enquiry"}))
    assert "always led by a social worker" in view["outcome"]["title"]
    assert view["outcome"]["sources"][0]["title"] == "Working Together to Safeguard Children 2023"


@pytest.mark.parametrize("variants, expected", [
    ({}, "outcome_sen_senco_may"),
    ({"sen_lead": "senco_should"}, "outcome_sen_senco_should"),
    ({"sen_lead": "not-a-choice"}, "outcome_sen_senco_may"),
])
def test_the_sen_rule_follows_the_council_and_says_it_is_local(variants, expected):
    step = resolve(TREE, {"status": "sen", "sen_year9": "no", "sen_wider_needs": "no"}, variants)
    assert step.node.id == expected
    rules = step_view(step, council="Northshire Council")["outcome"]["local_rules"]
    assert rules and rules[0].startswith("This is a local rule") and "Northshire Council" in rules[0]


def test_the_default_local_rule_says_it_is_the_handbook_default():
    view = step_view(resolve(TREE, {"status": "youth_justice", "youth_justice_statutory": "no",
                                    "youth_justice_order": "custody"}))
    assert "this handbook's default" in view["outcome"]["local_rules"][0]


def test_the_youth_justice_worker_leads_where_the_council_says_so():
    step = resolve(TREE, {"status": "youth_justice", "youth_justice_statutory": "no",
                          "youth_justice_order": "custody"}, {"youth_justice_lead": "yjs_worker"})
    assert step.node.id == "outcome_youth_justice_worker"


def test_every_outcome_names_a_source_with_a_section():
    for outcome in TREE.outcomes():
        assert outcome.sources and all(s.section for s in outcome.sources), outcome.id


def reply(request) -> dict:
    return json.loads(handle(json.dumps(request)))


def test_the_browser_entry_resolves_a_request():
    answer = reply({"tree": "allocation", "answers": {"status": "adoption"}})
    assert answer["ok"] and answer["view"]["outcome"]["id"] == "outcome_adoption"


@pytest.mark.parametrize("raw", ["", "not json", "[]", "null", json.dumps({"tree": "nope"}),
                                 json.dumps({"tree": ["allocation"]}), "x" * 30_000])
def test_the_browser_entry_answers_garbage_with_a_plain_message(raw):
    answer = json.loads(handle(raw))
    assert answer["ok"] is False and answer["message"]


def test_an_old_link_is_flagged_as_possibly_out_of_date():
    answer = reply({"tree": "allocation", "answers": {"status": "adoption"}, "version": 0})
    assert answer["view"]["notices"][0].startswith("This tool has changed")


# ------------------------------------------------------------------------------------------
# Rules and their sources (issue 13, items 1 to 3)
# ------------------------------------------------------------------------------------------

def test_cross_border_responsibility_comes_before_the_local_status_rules_it_decides():
    # Wigan: the responsible authority decides who leads. Only the national rule (section 47) and
    # "None of these" may sit above or apart from it; every local status row comes after it.
    order = [o.id for o in TREE.node("status").options]
    national = {"s47_enquiry"}
    local = [s for s in order if s not in national | {"cross_border", "none"}]
    assert all(order.index("cross_border") < order.index(s) for s in local), order
    # A child placed from another area with special educational needs: the hint sends the reader to
    # the option nearest the top, so that is the responsible authority, not the SENCO.
    assert "nearest the top" in TREE.node("status").hint
    view = step_view(resolve(TREE, {"status": "cross_border"}))["outcome"]
    assert any("comes before" in r and "special educational needs" in r for r in view["reasons"])


CHILD_IN_NEED = [
    {"status": "cin_assessment"},
    {"status": "child_in_need_plan", "cin_plan_involvement": "open"},
    {"status": "child_in_need_plan", "cin_plan_involvement": "funded"},
    {"status": "child_in_need_plan", "cin_plan_involvement": "services_agreed"},
]


def words(outcome: dict) -> str:
    return " ".join([outcome["title"], outcome["lead"], *outcome["reasons"], *outcome["next_steps"], *outcome["notes"]])


@pytest.mark.parametrize("answers", CHILD_IN_NEED, ids=lambda a: a.get("cin_plan_involvement", a["status"]))
def test_child_in_need_outcomes_say_what_working_together_2023_says_and_name_the_local_protocol(answers):
    step = resolve(TREE, answers)
    assert step.is_outcome and step.dropped == ()
    outcome = step_view(step)["outcome"]
    text = words(outcome)
    # What Working Together 2023 says: a social-work-qualified practice supervisor or manager
    # decides, and the lead may be someone other than a social worker.
    assert "Working Together 2023" in text
    assert "social-work-qualified practice supervisor or manager decides" in text
    assert "other than a social worker" in text
    # A social worker named as lead is a local protocol, and the outcome says whose.
    if outcome["lead"] == "The child's social worker":
        cited = {s["document"] for s in outcome["sources"]}
        named = {"wigan-2022": "Wigan", "plymouth": "Plymouth"}
        assert all(named[d] in outcome["title"] for d in cited if d in named), outcome["title"]
        assert "local protocol" in text


def test_where_childrens_services_still_fund_or_deliver_the_tool_does_not_say_the_social_worker_leads():
    # Wigan: there the social worker "may still be appropriate"; that is not "the social worker leads".
    question = TREE.node("cin_plan_involvement")
    for option in question.options:
        for choice in TREE.variant("child_in_need_lead").choices:
            target = resolve(TREE, {"status": "child_in_need_plan", "cin_plan_involvement": option.id},
                             {"child_in_need_lead": choice}).node
            if target.lead == SOCIAL_WORKER_LEAD:
                said = " ".join([question.hint, option.label, option.hint]).lower()
                assert not any(w in said for w in ("fund", "pay", "deliver")), option.id
    outcome = step_view(resolve(TREE, {"status": "child_in_need_plan", "cin_plan_involvement": "funded"}))["outcome"]
    assert outcome["lead"] != SOCIAL_WORKER_LEAD and "social worker leads" not in outcome["title"]
    assert "may" in outcome["title"]


SOCIAL_WORKER_LEAD = "The child's social worker"


@pytest.mark.parametrize("answers", CHILD_IN_NEED[1:], ids=lambda a: a["cin_plan_involvement"])
def test_where_someone_else_may_lead_a_child_in_need_case_the_managers_decision_comes_first(answers):
    outcome = step_view(resolve(TREE, answers))["outcome"]
    first = outcome["next_steps"][0]
    assert "social-work-qualified" in first and "decide" in first and "partners" in first
    assert not any("Choose the lead with the criteria" in s or "None of these" in s for s in outcome["next_steps"])
    assert outcome["lead"].startswith("Decided by a social-work-qualified manager")


def test_a_source_is_cited_only_where_the_outcome_says_what_it_says():
    # Plymouth names "social worker or personal adviser" for any care leaver, without saying which
    # when; and Working Together 2023 says nothing about who leads before the first early help review.
    for answers in ({"status": "care_leaver", "care_leaver_stage": "eligible"},
                    {"status": "care_leaver", "care_leaver_stage": "relevant"}):
        assert "plymouth" not in {s["document"] for s in step_view(resolve(TREE, answers))["outcome"]["sources"]}
    before_review = step_view(resolve(TREE, {"status": "early_help", "early_help_stage": "before_review"}))
    assert "wt-2023" not in {s["document"] for s in before_review["outcome"]["sources"]}


# ------------------------------------------------------------------------------------------
# Local rules: every place the sources differ is a council's setting (issue 15, item 4)
# ------------------------------------------------------------------------------------------

def test_each_local_difference_the_thresholds_chapter_names_is_a_setting():
    # docs/thresholds/lead-professionals-across-the-thresholds.md, "Where the sources differ".
    assert {v.id for v in TREE.variants} == {"sen_lead", "youth_justice_lead", "disability_lead",
                                             "care_leaver_lead", "child_in_need_lead"}


DISABLED = {"status": "disability"}
KEY_WORKER_ONLY = {**DISABLED, "disability_social_worker": "no", "disability_key_worker": "yes"}
KEY_WORKER_AND_SOCIAL_WORKER = {**DISABLED, "disability_social_worker": "yes", "disability_key_worker": "yes"}
SOCIAL_WORKER_ONLY = {**DISABLED, "disability_social_worker": "yes", "disability_key_worker": "no"}
NEITHER = {**DISABLED, "disability_social_worker": "no", "disability_key_worker": "no"}
ELIGIBLE = {"status": "care_leaver", "care_leaver_stage": "eligible"}
RELEVANT = {"status": "care_leaver", "care_leaver_stage": "relevant"}
FORMER_RELEVANT = {"status": "care_leaver", "care_leaver_stage": "adult"}
CIN_OPEN = {"status": "child_in_need_plan", "cin_plan_involvement": "open"}
YJ = {"status": "youth_justice", "youth_justice_statutory": "no"}
MANAGER = "Decided by a social-work-qualified manager, with partners"
EITHER = "The personal adviser or social worker"

# answers, the council's choices, the result, who leads
BY_CHOICE = [
    # Disability: Wigan (the default) puts an allocated social worker first and recommends the key
    # worker; Plymouth's table says the key worker should lead.
    (KEY_WORKER_ONLY, {}, "outcome_disability_key_worker", "The key worker"),
    (KEY_WORKER_ONLY, {"disability_lead": "key_worker_should"}, "outcome_disability_key_worker_should", "The key worker"),
    (KEY_WORKER_AND_SOCIAL_WORKER, {}, "outcome_disability_social_worker_and_key_worker", SOCIAL_WORKER_LEAD),
    (KEY_WORKER_AND_SOCIAL_WORKER, {"disability_lead": "key_worker_should"}, "outcome_disability_key_worker_should",
     "The key worker"),
    (SOCIAL_WORKER_ONLY, {}, "outcome_disability_social_worker", SOCIAL_WORKER_LEAD),
    (SOCIAL_WORKER_ONLY, {"disability_lead": "key_worker_should"}, "outcome_disability_social_worker",
     SOCIAL_WORKER_LEAD),
    (NEITHER, {}, "outcome_disability_no_key_worker", "A practitioner chosen by the criteria"),
    (NEITHER, {"disability_lead": "key_worker_should"}, "outcome_disability_no_key_worker",
     "A practitioner chosen by the criteria"),
    # Care leavers: Wigan (the default) says which by stage; Plymouth names either, for any care leaver.
    (ELIGIBLE, {}, "outcome_care_leaver_eligible", SOCIAL_WORKER_LEAD),
    (ELIGIBLE, {"care_leaver_lead": "either"}, "outcome_care_leaver_either", EITHER),
    (RELEVANT, {}, "outcome_care_leaver_relevant", "The personal adviser"),
    (RELEVANT, {"care_leaver_lead": "either"}, "outcome_care_leaver_either", EITHER),
    (FORMER_RELEVANT, {}, "outcome_care_leaver_adult", EITHER),
    (FORMER_RELEVANT, {"care_leaver_lead": "either"}, "outcome_care_leaver_adult", EITHER),
    # A child in need after assessment, case open at child in need level: Working Together 2023 (the
    # default) has a social-work-qualified manager decide; Wigan names the social worker.
    (CIN_OPEN, {}, "outcome_cin_open_manager", MANAGER),
    (CIN_OPEN, {"child_in_need_lead": "social_worker"}, "outcome_cin_open", SOCIAL_WORKER_LEAD),
    # Youth justice: Plymouth's "the YOS worker should lead" covers every open case outside the
    # statutory exceptions, prevention and diversion included.
    ({**YJ, "youth_justice_order": "other"}, {}, "outcome_youth_justice_agreed", "Agreed at the multi-agency meeting"),
    ({**YJ, "youth_justice_order": "other"}, {"youth_justice_lead": "yjs_worker"}, "outcome_youth_justice_worker",
     "The youth justice worker"),
    ({**YJ, "youth_justice_order": "community"}, {"youth_justice_lead": "yjs_worker"},
     "outcome_youth_justice_worker", "The youth justice worker"),
    ({**YJ, "youth_justice_order": "custody"}, {"youth_justice_lead": "yjs_worker"}, "outcome_youth_justice_worker",
     "The youth justice worker"),
]


@pytest.mark.parametrize("answers, variants, expected, lead", BY_CHOICE,
                         ids=[f"{r[2]}-{'-'.join(r[1].values()) or 'default'}" for r in BY_CHOICE])
def test_each_choice_of_each_local_rule_leads_where_the_council_chose(answers, variants, expected, lead):
    step = resolve(TREE, answers, variants)
    assert step.node.id == expected and step.dropped == ()
    outcome = step_view(step, council="Northshire Council")["outcome"]
    assert outcome["lead"] == lead
    if step.node.local_rule:
        variant = TREE.variant(step.node.local_rule)
        chosen = variants.get(variant.id, variant.default)
        assert outcome["local_rules"] == [f"This is a local rule: the source documents differ on it, and "
                                          f"Northshire Council follows this one: {filler(TREE)(variant.choices[chosen])}"]


def results_by_setting() -> dict[str, dict[tuple, str]]:
    """answers -> {the council's choices: the outcome reached}, for every path under every setting."""
    from decision.engine.paths import enumerate_paths, variant_settings
    results: dict[str, dict[tuple, str]] = {}
    for settings in variant_settings(TREE):
        for path in enumerate_paths(TREE, settings):
            results.setdefault(repr(path.answers), {})[tuple(sorted(settings.items()))] = path.outcome
    return results


def test_a_result_that_depends_on_a_local_rule_says_so_under_every_choice_and_both_choices_are_reached():
    reached: dict[str, set[str]] = {v.id: set() for v in TREE.variants}
    for answers, by_setting in results_by_setting().items():
        for a, b in itertools.combinations(by_setting, 2):
            differing = [k for (k, va), (_, vb) in zip(a, b) if va != vb]
            if len(differing) == 1 and by_setting[a] != by_setting[b]:
                rule = differing[0]
                for setting in (a, b):
                    assert TREE.node(by_setting[setting]).local_rule == rule, (answers, by_setting[setting])
                    reached[rule].add(dict(setting)[rule])
    assert reached == {v.id: set(v.choices) for v in TREE.variants}


@pytest.mark.parametrize("answers", [KEY_WORKER_ONLY, ELIGIBLE, RELEVANT, CIN_OPEN, {**YJ, "youth_justice_order": "other"}],
                         ids=lambda a: "-".join(a.values()))
def test_the_default_choice_is_stated_on_the_outcome_as_a_local_rule(answers):
    outcome = step_view(resolve(TREE, answers))["outcome"]
    assert outcome["local_rules"] and "this handbook's default" in outcome["local_rules"][0]
    assert "Check your own area's guidance" in outcome["local_rules"][0]


def test_the_youth_justice_worker_leads_every_open_case_outside_the_statutory_exceptions_where_the_council_says_so():
    for order in TREE.node("youth_justice_order").options:
        step = resolve(TREE, {**YJ, "youth_justice_order": order.id}, {"youth_justice_lead": "yjs_worker"})
        assert step.node.id == "outcome_youth_justice_worker", order.id
    worker = step_view(resolve(TREE, {**YJ, "youth_justice_order": "other"}, {"youth_justice_lead": "yjs_worker"}))
    assert "prevention" in " ".join(worker["outcome"]["reasons"])


def test_every_local_rule_asks_the_same_questions_under_each_choice():
    # A training scenario's answers (and a shared link's) must fit whatever the council chose.
    from decision.engine.paths import enumerate_paths, variant_settings
    asked = [{repr(path.answers) for path in enumerate_paths(TREE, settings)} for settings in variant_settings(TREE)]
    assert all(paths == asked[0] for paths in asked)


def test_a_choice_other_than_the_default_is_never_called_the_default():
    # The command line with a council's settings, or a site whose settings name no council.
    step = resolve(TREE, KEY_WORKER_ONLY, {"disability_lead": "key_worker_should"})
    rule = step_view(step)["outcome"]["local_rules"][0]
    assert "default" not in rule and "the key worker should be the lead professional" in rule
    assert rule.startswith("This is a local rule")
