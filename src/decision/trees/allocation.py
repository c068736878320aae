"""Who should be the lead professional for a child?

Policy reviewers: the questions, answers and outcomes below are the whole tool. Each outcome
says who leads, why, what to do next and which document the rule comes from. Where the source
documents disagree, the outcome is reached through a local rule (see VARIANTS) that each
council sets in its settings file; the outcome then says so.

Routing is read from top to bottom: the status question lists the statuses in order of
precedence, and follow-up questions settle the conditions the sources attach to each status.
The one national rule (a section 47 enquiry is led by a social worker) comes first. Next comes
cross-border responsibility: where another local authority may be responsible, that authority
decides who leads (Wigan), so it comes before the local status rules it decides.

The status rows are local protocols (Wigan's handbook and Plymouth's table), and the outcomes
say so. For children in need, Working Together 2023 has a social-work-qualified practice
supervisor or manager decide who the lead practitioner is, with partners where appropriate, and
allows a practitioner other than a social worker; the child in need outcomes say that too, and
where someone other than a social worker may lead, the manager's decision is the first next step.
"""

from __future__ import annotations

from . import criteria
from ..engine.model import Branch, Condition, Offer, Option, Outcome, Question, Rule, Source, Tree, Variant
from ..engine.validate import validate
from .local_names import ROLE_NAMES
from .sources import WT_CIN, WT_EARLY_HELP, WT_S47

PLYMOUTH_TABLE = Source("plymouth", "Allocation table: who should be lead professional, by child status")
THRESHOLDS = "Lead Professionals: children across the thresholds"


def wigan(row: str) -> Source:
    return Source("wigan-2022", f"{THRESHOLDS}: {row}")


SOCIAL_WORKER = "The child's social worker"

# ----------------------------------------------------------------------------------------
# Local rules: where the sources differ, a council chooses. The default is stated on the
# outcome, so nobody mistakes a local choice for national guidance.
# ----------------------------------------------------------------------------------------
VARIANTS = (
    Variant(
        id="sen_lead",
        question="Who leads for a child with special educational needs?",
        choices={
            "senco_may": "the SENCO may lead where that is appropriate; if the child needs a range of "
                         "services outside school or a lot of family support, someone else may be better placed.",
            "senco_should": "the SENCO should be the {role}.",
        },
        default="senco_may",
        sources=(wigan("child with special educational needs"), PLYMOUTH_TABLE),
    ),
    Variant(
        id="youth_justice_lead",
        question="Who leads for a young person open to the youth justice service (and not looked after, "
                 "on a child protection plan or on a child in need plan)?",
        choices={
            "agreed_locally": "the youth justice case manager may lead, but who leads is agreed case by case, "
                              "and a youth justice lead needs the support of mainstream services.",
            "yjs_worker": "the youth justice worker should be the {role}, whatever the service's "
                          "work with the young person: an order, a sentence, custody, prevention or diversion.",
        },
        default="agreed_locally",
        sources=(wigan("Youth Justice Service"), PLYMOUTH_TABLE),
    ),
    Variant(
        id="disability_lead",
        question="Who leads for a child with a complex disability or complex health needs who has a key worker?",
        choices={
            "key_worker_recommended": "the key worker is recommended as lead, except that a social worker "
                                      "allocated at child in need, child protection or looked after level leads "
                                      "instead.",
            "key_worker_should": "the key worker should be the {role}.",
        },
        default="key_worker_recommended",
        sources=(wigan("child with disabilities including complex health needs"), PLYMOUTH_TABLE),
    ),
    Variant(
        id="care_leaver_lead",
        question="Who leads for a care leaver aged 16 or 17 (an eligible or relevant child)?",
        choices={
            "by_stage": "the social worker leads while the young person is still looked after (an eligible "
                        "child), and the personal adviser once they have left care before turning 18 (a relevant "
                        "child).",
            "either": "the social worker or the personal adviser leads, at any stage, and the two agree which.",
        },
        default="by_stage",
        sources=(wigan("care leaver"), PLYMOUTH_TABLE),
    ),
    Variant(
        id="child_in_need_lead",
        question="Who leads for a child in need after assessment, while the case is open to children's social "
                 "care at child in need level and the services are not yet decided?",
        choices={
            "manager_decides": "a social-work-qualified practice supervisor or manager decides who leads, with "
                               "partners where appropriate, and may choose a practitioner other than a social "
                               "worker (Working Together 2023).",
            "social_worker": "the social worker leads while the case is open at child in need level.",
        },
        default="manager_decides",
        sources=(WT_CIN, wigan("children in need (section 17)")),
    ),
)


def _variant_is(variant_id: str, value: str):
    return lambda context: context.variant(variant_id) == value


CONDITIONS = (
    Condition("senco_should_lead", "The council's rule: the SENCO should lead",
              _variant_is("sen_lead", "senco_should")),
    Condition("yjs_worker_leads", "The council's rule: the youth justice worker should lead",
              _variant_is("youth_justice_lead", "yjs_worker")),
    Condition("key_worker_should_lead", "The council's rule: the key worker should lead",
              _variant_is("disability_lead", "key_worker_should")),
    Condition("has_allocated_social_worker", "The child has an allocated social worker",
              lambda context: context.choice("disability_social_worker") == "yes"),
    Condition("care_leaver_either_leads", "The council's rule: the social worker or the personal adviser, at any stage",
              _variant_is("care_leaver_lead", "either")),
    Condition("cin_social_worker_leads", "The council's rule: the social worker leads while the case is open",
              _variant_is("child_in_need_lead", "social_worker")),
)

# ----------------------------------------------------------------------------------------
# Questions
# ----------------------------------------------------------------------------------------
STATUS = Question(
    id="status",
    text="Which of these best describes the child or young person?",
    summary="Child's situation",
    error="Select the child's situation, or 'None of these'",
    hint="If more than one applies, choose the one nearest the top of the list: the statuses "
         "are in order of precedence.",
    options=(
        Option(id="s47_enquiry", label="A child protection enquiry (section 47) is under way", next="outcome_s47"),
        Option(id="cross_border", label="Another local authority may be responsible for the child",
               next="outcome_cross_border",
               hint="For example a looked after child or another child placed here by another area, a child "
                    "missing from home, care or education, privately fostered, unaccompanied and seeking "
                    "asylum, or at risk of exploitation. The responsible authority decides who leads, so this "
                    "comes before the situations below it."),
        Option(id="child_protection_plan", label="The child is subject to a child protection plan",
               next="outcome_cp_plan"),
        Option(id="cin_assessment", label="Children's social care is assessing the child as a child in need",
               next="outcome_cin_assessment", hint="Includes the initial and core assessments of the older guidance."),
        Option(id="looked_after", label="The child is looked after by the local authority",
               next="looked_after_setting"),
        Option(id="adoption", label="Adoption is the plan for the child", next="outcome_adoption"),
        Option(id="care_leaver", label="The young person is a care leaver", next="care_leaver_stage"),
        Option(id="residential", label="The child lives in a residential setting", next="outcome_residential",
               hint="For example a children's home or a residential school, where the child is not looked after."),
        Option(id="child_in_need_plan", label="The child has a child in need plan after assessment",
               next="cin_plan_involvement"),
        Option(id="youth_justice", label="The young person is open to the youth justice service",
               next="youth_justice_statutory",
               hint="Formerly the youth offending service (YOS)."),
        Option(id="mental_health", label="The child has mental health needs", next="mental_health_service"),
        Option(id="disability", label="The child has a complex disability or complex health needs",
               next="disability_social_worker"),
        Option(id="sen", label="The child has special educational needs", next="sen_year9"),
        Option(id="early_help", label="The family is receiving early help", next="early_help_stage",
               hint="Support below the threshold for children's social care, usually with an Early Help Assessment."),
        Option(id="none", label="None of these", next="practitioners"),
    ),
)

LOOKED_AFTER_SETTING = Question(
    id="looked_after_setting",
    text="Does the looked after child live in a residential setting?",
    summary="Residential setting",
    error="Select whether the child lives in a residential setting",
    hint="A children's home or a residential school.",
    options=(
        Option(id="yes", label="Yes", next="outcome_looked_after_residential"),
        Option(id="no", label="No", next="outcome_looked_after"),
    ),
)

CARE_LEAVER_STAGE = Question(
    id="care_leaver_stage",
    text="Which describes the care leaver?",
    summary="Care leaver",
    error="Select which describes the care leaver",
    options=(
        Option(id="eligible", label="Still looked after, aged 16 or 17", next="care_leaver_rule_eligible",
               hint="Known as an 'eligible child'."),
        Option(id="relevant", label="Left care before their 18th birthday", next="care_leaver_rule_relevant",
               hint="Known as a 'relevant child'."),
        Option(id="adult", label="Aged 18 or over", next="outcome_care_leaver_adult",
               hint="For example a 'former relevant' young person, who was an eligible or relevant child."),
    ),
)

CARE_LEAVER_RULE_ELIGIBLE = Branch(
    id="care_leaver_rule_eligible",
    text="What has the council decided for care leavers?",
    rules=(Rule(when="care_leaver_either_leads", next="outcome_care_leaver_either"),),
    otherwise="outcome_care_leaver_eligible",
)

CARE_LEAVER_RULE_RELEVANT = Branch(
    id="care_leaver_rule_relevant",
    text="What has the council decided for care leavers?",
    rules=(Rule(when="care_leaver_either_leads", next="outcome_care_leaver_either"),),
    otherwise="outcome_care_leaver_relevant",
)

CIN_PLAN_INVOLVEMENT = Question(
    id="cin_plan_involvement",
    text="Have the services for the child in need been decided?",
    summary="Services decided",
    error="Select whether the services for the child in need have been decided",
    options=(
        Option(id="open", label="No, not yet: the case is open to children's social care at child in need level",
               next="cin_open_rule"),
        Option(id="funded", label="Yes, and children's social care still delivers or pays for some of them",
               next="outcome_cin_funded"),
        Option(id="services_agreed", label="Yes, and children's social care no longer delivers or pays for any of them",
               next="outcome_cin_other_practitioner"),
    ),
)

CIN_OPEN_RULE = Branch(
    id="cin_open_rule",
    text="What has the council decided for a child in need whose case is open at child in need level?",
    rules=(Rule(when="cin_social_worker_leads", next="outcome_cin_open"),),
    otherwise="outcome_cin_open_manager",
)

YOUTH_JUSTICE_STATUTORY = Question(
    id="youth_justice_statutory",
    text="Is the young person also looked after, or on a child protection or child in need plan?",
    summary="Also looked after or on a plan",
    error="Select whether the young person is also looked after or on a plan",
    options=(
        Option(id="yes", label="Yes", next="outcome_youth_justice_social_worker"),
        Option(id="no", label="No", next="youth_justice_order"),
    ),
)

YOUTH_JUSTICE_ORDER = Question(
    id="youth_justice_order",
    text="What is the young person's involvement with the youth justice service?",
    summary="Youth justice involvement",
    error="Select the young person's involvement with the youth justice service",
    options=(
        Option(id="community", label="A community order or sentence", next="youth_justice_rule"),
        Option(id="custody", label="In custody", next="youth_justice_rule"),
        Option(id="other", label="Other work, such as prevention or diversion", next="youth_justice_rule_other"),
    ),
)

YOUTH_JUSTICE_RULE = Branch(
    id="youth_justice_rule",
    text="What has the council decided for youth justice cases?",
    rules=(Rule(when="yjs_worker_leads", next="outcome_youth_justice_worker"),),
    otherwise="outcome_youth_justice_case_manager",
)

YOUTH_JUSTICE_RULE_OTHER = Branch(
    id="youth_justice_rule_other",
    text="What has the council decided for youth justice cases?",
    rules=(Rule(when="yjs_worker_leads", next="outcome_youth_justice_worker"),),
    otherwise="outcome_youth_justice_agreed",
)

MENTAL_HEALTH_SERVICE = Question(
    id="mental_health_service",
    text="Which applies to the child's mental health support?",
    summary="Mental health support",
    error="Select which applies to the child's mental health support",
    options=(
        Option(id="cpa", label="Their care follows the Care Programme Approach (CPA)", next="outcome_cpa"),
        Option(id="camhs_only", label="The family is open to CAMHS and no other service", next="outcome_camhs_only"),
        Option(id="camhs_and_social_care", label="The family is open to CAMHS and to children's social care",
               next="outcome_camhs_social_care"),
        Option(id="other", label="None of these", next="outcome_mental_health_other"),
    ),
)

DISABILITY_SOCIAL_WORKER = Question(
    id="disability_social_worker",
    text="Does the child have an allocated social worker, at child in need, child protection or "
         "looked after level?",
    summary="Allocated social worker",
    error="Select whether the child has an allocated social worker",
    options=(
        Option(id="yes", label="Yes", next="disability_key_worker"),
        Option(id="no", label="No", next="disability_key_worker"),
    ),
)

DISABILITY_KEY_WORKER = Question(
    id="disability_key_worker",
    text="Does the child or family have a key worker?",
    summary="Key worker",
    error="Select whether the child or family has a key worker",
    hint="A key worker may be 'designated' (employed to be a key worker) or 'non-designated' "
         "(doing it alongside their own job). Either can carry out the {role} functions.",
    options=(
        Option(id="yes", label="Yes", next="disability_rule"),
        Option(id="no", label="No", next="disability_rule_no_key_worker"),
    ),
)

DISABILITY_RULE = Branch(
    id="disability_rule",
    text="What has the council decided for a disabled child with a key worker?",
    rules=(Rule(when="key_worker_should_lead", next="outcome_disability_key_worker_should"),
           Rule(when="has_allocated_social_worker", next="outcome_disability_social_worker_and_key_worker")),
    otherwise="outcome_disability_key_worker",
)

DISABILITY_RULE_NO_KEY_WORKER = Branch(
    id="disability_rule_no_key_worker",
    text="Without a key worker: does the child have an allocated social worker?",
    rules=(Rule(when="has_allocated_social_worker", next="outcome_disability_social_worker"),),
    otherwise="outcome_disability_no_key_worker",
)

SEN_YEAR9 = Question(
    id="sen_year9",
    text="Is the young person in year 9 with an Education, Health and Care Plan (EHCP)?",
    summary="Year 9 with an EHCP",
    error="Select whether the young person is in year 9 with an EHCP",
    options=(
        Option(id="yes", label="Yes", next="outcome_sen_year9"),
        Option(id="no", label="No", next="sen_wider_needs"),
    ),
)

SEN_WIDER_NEEDS = Question(
    id="sen_wider_needs",
    text="Do the child's needs call for a range of services outside school, or a lot of family support?",
    summary="Needs beyond school",
    error="Select whether the child's needs call for services outside school or a lot of family support",
    options=(
        Option(id="yes", label="Yes", next="sen_rule"),
        Option(id="no", label="No, the needs are mainly met in school", next="sen_rule_school"),
    ),
)

SEN_RULE = Branch(
    id="sen_rule",
    text="What has the council decided for special educational needs?",
    rules=(Rule(when="senco_should_lead", next="outcome_sen_senco_should"),),
    otherwise="outcome_sen_someone_else",
)

SEN_RULE_SCHOOL = Branch(
    id="sen_rule_school",
    text="What has the council decided for special educational needs?",
    rules=(Rule(when="senco_should_lead", next="outcome_sen_senco_should"),),
    otherwise="outcome_sen_senco_may",
)

EARLY_HELP_STAGE = Question(
    id="early_help_stage",
    text="Where is the family in the early help process?",
    summary="Early help stage",
    error="Select where the family is in the early help process",
    options=(
        Option(id="before_review", label="The Early Help Assessment is done; the first review has not happened yet",
               next="outcome_early_help_before_review"),
        Option(id="first_review", label="At or after the first review (the first Team Around the Family meeting)",
               next="outcome_early_help_review"),
        Option(id="step_down", label="The case is stepping down from children's social care",
               next="outcome_early_help_step_down"),
    ),
)

# ----------------------------------------------------------------------------------------
# Outcomes
# ----------------------------------------------------------------------------------------
WT_CIN_SAYS = ("Working Together 2023 says that once children's social care accepts a referral, a "
               "social-work-qualified practice supervisor or manager decides who the lead practitioner is, with "
               "partners where appropriate. It may be a practitioner other than a social worker, who agrees to "
               "the role and has the time, skills and experience for it, and who needs good supervision.")
CHECK_LOCAL_PROTOCOL = ("Check your own area's protocol: where it follows Working Together 2023, the "
                        "social-work-qualified manager's decision about who leads applies.")
CIN_MANAGER_NEXT = (
    "Ask the social-work-qualified practice supervisor or manager in children's social care to decide who "
    "leads, with the partners involved.",
    "The criteria for choosing a lead (main needs, main responsibility, an existing relationship, an advocacy "
    "role) and the family's wishes can help the manager and partners compare practitioners.",
    "Agree the role with the practitioner chosen: check that they agree and have the time, skills and "
    "experience.",
    "Make sure the lead has good supervision.",
    "Tell the family who their lead is and how to reach them.",
)

SOCIAL_CARE_NEXT = (
    "Tell the family who their {role} is and how to reach them.",
    "Other practitioners support the social worker: share information, come to meetings and do "
    "the actions agreed in the plan.",
)


def _social_worker(*, id: str, title: str, reasons: tuple[str, ...], sources: tuple[Source, ...],
                   notes: tuple[str, ...] = (), local_rule: str | None = None) -> Outcome:
    return Outcome(id=id, title=title, lead=SOCIAL_WORKER, reasons=reasons, next_steps=SOCIAL_CARE_NEXT,
                   sources=sources, notes=notes, local_rule=local_rule)


OUTCOMES = (
    _social_worker(
        id="outcome_s47",
        title="A social worker leads: a child protection enquiry is always led by a social worker",
        reasons=("National guidance (Working Together 2023) keeps section 47 child protection enquiries with a "
                 "social worker, whatever other practitioners are involved.",),
        sources=(WT_S47,),
    ),
    _social_worker(
        id="outcome_cp_plan",
        title="The child's social worker leads while the child protection plan is in place",
        reasons=("For a child subject to a child protection plan, the lead social worker is the {role}"
                 " for the work between agencies.",),
        sources=(wigan("child protection plan"), PLYMOUTH_TABLE),
    ),
    _social_worker(
        id="outcome_cin_assessment",
        title="Under Wigan's and Plymouth's protocols, the social worker leads during the child in need assessment",
        reasons=("Wigan's handbook and Plymouth's allocation table both name the social worker as the {role}"
                 " while children's social care assesses a child in need. These are local protocols, "
                 "not national rules.",
                 WT_CIN_SAYS,
                 "Once the assessment is complete, who leads depends on the plan: see the child in need "
                 "plan answer in this tool."),
        sources=(wigan("children in need (section 17)"), PLYMOUTH_TABLE, WT_CIN),
        notes=(CHECK_LOCAL_PROTOCOL,),
    ),
    _social_worker(
        id="outcome_looked_after",
        title="The child's social worker leads for a looked after child",
        reasons=("For a looked after child, the lead social worker is the {role}.",),
        sources=(wigan("looked after child"), PLYMOUTH_TABLE),
    ),
    _social_worker(
        id="outcome_looked_after_residential",
        title="The child's social worker leads, working with the key worker in the residential setting",
        reasons=("For a looked after child, the lead social worker is the {role}.",
                 "In a residential setting a key worker in the home or school gives day-to-day support; the "
                 "social worker keeps in touch with both the child and the key worker, monitoring and "
                 "co-ordinating."),
        sources=(wigan("looked after child"), PLYMOUTH_TABLE),
    ),
    _social_worker(
        id="outcome_residential",
        title="The social worker leads for a child in a residential setting",
        reasons=("The allocation table names the social worker as {role} for a child in a "
                 "residential setting.",),
        sources=(PLYMOUTH_TABLE,),
        notes=("If the child has no allocated social worker, check with children's social care "
               "before agreeing a lead.",),
    ),
    _social_worker(
        id="outcome_adoption",
        title="The child's social worker leads where adoption is the plan",
        reasons=("For a child for whom adoption is the plan, the child's social worker is the {role}.",),
        sources=(wigan("adoption cases"), PLYMOUTH_TABLE),
    ),
    Outcome(
        id="outcome_care_leaver_eligible",
        title="The young person's social worker leads until their 18th birthday",
        lead=SOCIAL_WORKER,
        reasons=("A care leaver who is still looked after (an 'eligible child') keeps a social worker until "
                 "they turn 18, and that social worker is the {role}.",
                 "A personal adviser also supports the young person from the age of 17."),
        next_steps=("Plan the handover to the personal adviser well before the young person turns 18.",),
        sources=(wigan("care leaver"),),
        local_rule="care_leaver_lead",
    ),
    Outcome(
        id="outcome_care_leaver_relevant",
        title="The personal adviser leads for a young person who left care before 18",
        lead="The personal adviser",
        reasons=("Where a care leaver left care before their 18th birthday (a 'relevant child'), the personal "
                 "adviser is the {role}.",),
        next_steps=("Make sure the young person knows how to reach their personal adviser.",),
        sources=(wigan("care leaver"),),
        local_rule="care_leaver_lead",
    ),
    Outcome(
        id="outcome_care_leaver_either",
        title="The young person's social worker or their personal adviser leads: agree which",
        lead="The personal adviser or social worker",
        reasons=("Plymouth's allocation table names the social worker or the personal adviser as {role}"
                 " for a care leaver, and sets no conditions on which: the same rule applies whether "
                 "the young person is still looked after or has already left care.",),
        next_steps=("Agree which of the two leads and tell the young person.",),
        sources=(PLYMOUTH_TABLE,),
        local_rule="care_leaver_lead",
    ),
    Outcome(
        id="outcome_care_leaver_adult",
        title="The personal adviser or the young person's social worker leads",
        lead="The personal adviser or social worker",
        reasons=("For a care leaver the {role} is the personal adviser or the young person's social "
                 "worker.",),
        next_steps=("Agree which of the two leads and tell the young person.",),
        sources=(wigan("care leaver"), PLYMOUTH_TABLE),
    ),
    _social_worker(
        id="outcome_cin_open",
        title="Under Wigan's protocol, the social worker leads while the case is open at child in need level",
        reasons=("Wigan's handbook names the social worker as the {role} for a case open to children's "
                 "social care at child in need level. This is a local protocol, not a national rule.",
                 WT_CIN_SAYS),
        sources=(wigan("children in need (section 17)"), WT_CIN),
        notes=(CHECK_LOCAL_PROTOCOL,),
        local_rule="child_in_need_lead",
    ),
    Outcome(
        id="outcome_cin_open_manager",
        title="A social-work-qualified manager decides who leads while the case is open at child in need level",
        lead="Decided by a social-work-qualified manager, with partners",
        reasons=("Wigan's handbook names the social worker as lead while a case is open at child in need level. "
                 "The rule followed here is the one in Working Together 2023 instead.",
                 WT_CIN_SAYS),
        next_steps=CIN_MANAGER_NEXT,
        sources=(WT_CIN, wigan("children in need (section 17)")),
        local_rule="child_in_need_lead",
    ),
    Outcome(
        id="outcome_cin_funded",
        title="A social-work-qualified manager decides who leads; the social worker may stay as lead",
        lead="Decided by a social-work-qualified manager, with partners",
        reasons=("Wigan's handbook lets any relevant practitioner lead once the services for a child in need are "
                 "decided, but says the social worker may still be the right lead where children's services still "
                 "deliver or pay for some of them. It does not say the social worker must lead.",
                 WT_CIN_SAYS),
        next_steps=CIN_MANAGER_NEXT,
        sources=(wigan("children in need (section 17)"), WT_CIN),
    ),
    Outcome(
        id="outcome_cin_other_practitioner",
        title="Another practitioner can lead: a social-work-qualified manager decides, with partners",
        lead="Decided by a social-work-qualified manager, with partners",
        reasons=("Wigan's handbook lets any relevant practitioner be the {role} for a child in need "
                 "once the services have been decided.",
                 WT_CIN_SAYS),
        next_steps=CIN_MANAGER_NEXT,
        sources=(wigan("children in need (section 17)"), WT_CIN),
    ),
    _social_worker(
        id="outcome_youth_justice_social_worker",
        title="The social worker leads, not the youth justice worker",
        reasons=("Wigan's handbook says that if a young person open to youth justice is also looked after, or has a "
                 "child protection or child in need plan, the social worker must lead rather than the youth justice "
                 "worker.",
                 "Plymouth's table leaves out of the youth justice worker's lead a young person who is looked after "
                 "or on a child protection plan."),
        sources=(wigan("Youth Justice Service"), PLYMOUTH_TABLE),
    ),
    Outcome(
        id="outcome_youth_justice_worker",
        title="The youth justice worker leads",
        lead="The youth justice worker",
        reasons=("For a young person open to youth justice who is not looked after and not on a child protection "
                 "or child in need plan, this area names the youth justice worker as {role}.",
                 "Plymouth's table makes no distinction by the kind of work: the rule covers orders, sentences and "
                 "custody, and prevention or diversion work too."),
        next_steps=("The youth justice worker leads with the support of mainstream services such as school and health.",),
        sources=(PLYMOUTH_TABLE, wigan("Youth Justice Service")),
        local_rule="youth_justice_lead",
    ),
    Outcome(
        id="outcome_youth_justice_case_manager",
        title="The youth justice case manager may lead; agree it locally",
        lead="The youth justice case manager, if agreed",
        reasons=("For a young person on a community order or sentence, or in custody, the youth justice service "
                 "allocates a case manager, who may be the {role}.",
                 "For a young person in custody, the case manager oversees the whole case and links with the key "
                 "worker or personal officer in the establishment."),
        next_steps=("Agree at the multi-agency meeting whether the case manager leads.",
                    "If the case manager leads, mainstream services must support them."),
        sources=(wigan("Youth Justice Service"),),
        local_rule="youth_justice_lead",
    ),
    Outcome(
        id="outcome_youth_justice_agreed",
        title="Who leads must be agreed locally",
        lead="Agreed at the multi-agency meeting",
        reasons=("Where the youth justice service is involved in other ways, the {role} is agreed "
                 "locally.",
                 "If the youth justice worker is to lead, relevant mainstream services must support them."),
        next_steps=("Use the criteria for other cases to agree a lead (answer “None of these” in this tool).",),
        sources=(wigan("Youth Justice Service"),),
        local_rule="youth_justice_lead",
        offers=(Offer(label="Use the criteria for other cases", question="status", answer="none"),),
    ),
    Outcome(
        id="outcome_cpa",
        title="The care co-ordinator leads under the Care Programme Approach",
        lead="The care co-ordinator",
        reasons=("Where the Care Programme Approach is followed, the care co-ordinator is the {role}.",),
        next_steps=("Make sure everyone involved knows who the care co-ordinator is.",),
        sources=(wigan("child with mental health needs"), PLYMOUTH_TABLE),
    ),
    Outcome(
        id="outcome_camhs_only",
        title="CAMHS allocates the {role}",
        lead="A practitioner allocated by CAMHS",
        reasons=("For a family open to CAMHS and no other service, CAMHS allocates the {role}.",),
        next_steps=("Ask CAMHS who the {role} is.",),
        sources=(wigan("child with mental health needs"),),
    ),
    _social_worker(
        id="outcome_camhs_social_care",
        title="The social worker leads; CAMHS allocates a lead CAMHS worker to support",
        reasons=("For a family open to children's services, the social care {role} leads and CAMHS "
                 "allocates a lead CAMHS worker to support them and contribute to multi-agency work.",),
        sources=(wigan("child with mental health needs"),),
    ),
    Outcome(
        id="outcome_mental_health_other",
        title="Appoint {a_role} to co-ordinate support",
        lead="A practitioner chosen by the criteria",
        reasons=("Where the Care Programme Approach is not followed, it is still right to appoint someone to "
                 "oversee support from the services involved.",),
        next_steps=("Choose the lead with the criteria for other cases (answer “None of these” in this tool).",),
        sources=(wigan("child with mental health needs"),),
        offers=(Offer(label="Use the criteria for other cases", question="status", answer="none"),),
    ),
    _social_worker(
        id="outcome_disability_social_worker",
        title="The social worker leads, supported by the other professionals",
        reasons=("For a disabled child with an allocated social worker at child in need, child protection or "
                 "looked after level, the social worker is the {role}.",),
        sources=(wigan("child with disabilities including complex health needs"),),
        notes=("Where several health professionals are involved, health partners should name a lead "
               "health professional, who shares information regularly with the {role}.",),
    ),
    _social_worker(
        id="outcome_disability_social_worker_and_key_worker",
        title="The social worker leads, and the key worker supports them",
        reasons=("Wigan's handbook puts an allocated social worker first: for a disabled child with a social "
                 "worker at child in need, child protection or looked after level, the social worker is the {role}"
                 " even where the child or family also has a key worker.",
                 "The key worker and the other professionals involved support the social worker."),
        sources=(wigan("child with disabilities including complex health needs"),),
        notes=("Where several health professionals are involved, health partners should name a lead "
               "health professional, who shares information regularly with the {role}.",),
        local_rule="disability_lead",
    ),
    Outcome(
        id="outcome_disability_key_worker",
        title="The key worker is recommended as {role}",
        lead="The key worker",
        reasons=("Where the child or family has a key worker, the key worker is recommended as {role}, "
                 "supported by the other professionals. Designated and non-designated key workers can both carry "
                 "out the {role} functions.",),
        next_steps=("Where several health professionals are involved, ask health partners to name a lead health "
                    "professional who shares information regularly with the key worker.",),
        sources=(wigan("child with disabilities including complex health needs"),),
        local_rule="disability_lead",
    ),
    Outcome(
        id="outcome_disability_key_worker_should",
        title="The key worker leads",
        lead="The key worker",
        reasons=("For a child with a complex disability or complex health needs, this area names the key worker as "
                 "{role}, as Plymouth's allocation table does, whether or not a social worker is also "
                 "involved.",),
        next_steps=("Other services, a social worker included, support the key worker by sharing information and "
                    "doing their agreed actions.",),
        sources=(PLYMOUTH_TABLE,),
        notes=("A child who is looked after or on a child protection plan comes higher in the list of situations in "
               "this tool, and for them the social worker leads.",),
        local_rule="disability_lead",
    ),
    Outcome(
        id="outcome_disability_no_key_worker",
        title="Start an Early Help Assessment and appoint {a_role}",
        lead="A practitioner chosen by the criteria",
        reasons=("Where there is no key worker and no allocated social worker, or the support needed is less "
                 "intense, an Early Help Assessment is recommended and a practitioner is appointed as {role}"
                 ".",),
        next_steps=("Choose the lead with the criteria for other cases (answer “None of these” in this tool).",),
        sources=(wigan("child with disabilities including complex health needs"),),
        offers=(Offer(label="Use the criteria for other cases", question="status", answer="none"),),
    ),
    Outcome(
        id="outcome_sen_year9",
        title="The education setting, usually the SENCO, leads",
        lead="The education setting (usually the SENCO)",
        reasons=("In year 9, for a young person with an Education, Health and Care Plan, the education setting "
                 "oversees the plan for their transition, so it will usually provide the {role}.",),
        next_steps=("Agree the transition plan and who from the school will lead it.",),
        sources=(wigan("child with special educational needs"),),
    ),
    Outcome(
        id="outcome_sen_senco_should",
        title="The SENCO leads",
        lead="The SENCO",
        reasons=("For a child with special educational needs, this area names the SENCO as {role}.",),
        next_steps=("Other services support the SENCO by sharing information and doing their agreed actions.",),
        sources=(PLYMOUTH_TABLE,),
        local_rule="sen_lead",
    ),
    Outcome(
        id="outcome_sen_senco_may",
        title="The SENCO may lead where that is appropriate",
        lead="The SENCO, where appropriate",
        reasons=("For a child with special educational needs whose needs are mainly met in school, the SENCO "
                 "may be the {role}.",),
        next_steps=("Agree with the family and the SENCO whether the SENCO leads.",),
        sources=(wigan("child with special educational needs"),),
        local_rule="sen_lead",
    ),
    Outcome(
        id="outcome_sen_someone_else",
        title="Someone other than the SENCO may be better placed to lead",
        lead="A practitioner chosen by the criteria",
        reasons=("Where the child needs input from a range of professionals outside school, or a lot of family "
                 "support, it may be better for someone else to take the lead role.",),
        next_steps=("Choose the lead with the criteria for other cases (answer “None of these” in this tool).",),
        sources=(wigan("child with special educational needs"),),
        local_rule="sen_lead",
        offers=(Offer(label="Use the criteria for other cases", question="status", answer="none"),),
    ),
    Outcome(
        id="outcome_cross_border",
        title="Check which local authority is responsible before agreeing a lead",
        lead="Decided by the responsible local authority",
        reasons=("Where a child may be the responsibility of another area, the {role} depends on the "
                 "local authority where the child normally lives, or the one responsible for the child.",
                 "That check comes before the child's other situations, such as being looked after or having "
                 "special educational needs: the responsible authority's rules decide who leads for them."),
        next_steps=("Find out which local authority the child normally lives in, or which one is responsible for them.",
                    "Contact that authority to agree who the {role} should be.",
                    "If this area turns out to be responsible, change your answer about the child's situation and "
                    "choose the situation that applies."),
        sources=(wigan("cross border responsibility"),),
    ),
    Outcome(
        id="outcome_early_help_before_review",
        title="The practitioner who wrote the Early Help Assessment leads until the first review",
        lead="The author of the Early Help Assessment",
        reasons=("Until the first review of the Early Help Assessment, the {role} is usually the "
                 "person who wrote the assessment.",),
        next_steps=("At the first review, choose the lead with the family.",),
        sources=(wigan("children receiving earliest help and early help (levels 2 and 3)"),),
    ),
    Outcome(
        id="outcome_early_help_review",
        title="Choose the lead with the family at the first review",
        lead="The practitioner most relevant to the family, chosen with them",
        reasons=("At the first review (the first Team Around the Family meeting) the {role} is chosen "
                 "with the family: the practitioner most relevant to them, with the skills the role needs.",
                 "Working Together 2023 expects families, children included, to have a say in who their lead "
                 "practitioner is.",
                 "The lead can change later as the family's needs change."),
        next_steps=("Use the criteria for other cases to compare practitioners (answer “None of these” in this tool).",),
        sources=(wigan("children receiving earliest help and early help (levels 2 and 3)"), WT_EARLY_HELP),
        offers=(Offer(label="Use the criteria for other cases", question="status", answer="none"),),
    ),
    Outcome(
        id="outcome_early_help_step_down",
        title="The family and the social worker identify the new lead as part of the step-down",
        lead="Agreed by the family and the social worker",
        reasons=("When a case steps down from children's social care to a Team Around the Family, the family and "
                 "the social worker identify the new {role} as part of the step-down.",
                 "The new lead co-ordinates the first Team Around the Family meeting after the step-down, so the "
                 "family is never left without a lead."),
        next_steps=("Agree the new lead before the case closes to children's social care.",),
        sources=(wigan("children receiving earliest help and early help (levels 2 and 3)"),
                 Source("wigan-2022", "Lead Professional Myths and Truths")),
    ),
)

TREE = validate(Tree(
    id="allocation",
    title="Who should be the {role}?",
    description="Find who should lead for a child, from the child's status or, for other cases, from "
                "the criteria for choosing a lead.",
    start="status",
    nodes=(STATUS, LOOKED_AFTER_SETTING, CARE_LEAVER_STAGE, CARE_LEAVER_RULE_ELIGIBLE, CARE_LEAVER_RULE_RELEVANT,
           CIN_PLAN_INVOLVEMENT, CIN_OPEN_RULE, YOUTH_JUSTICE_STATUTORY, YOUTH_JUSTICE_ORDER, YOUTH_JUSTICE_RULE,
           YOUTH_JUSTICE_RULE_OTHER, MENTAL_HEALTH_SERVICE, DISABILITY_SOCIAL_WORKER, DISABILITY_KEY_WORKER,
           DISABILITY_RULE, DISABILITY_RULE_NO_KEY_WORKER, SEN_YEAR9, SEN_WIDER_NEEDS, SEN_RULE, SEN_RULE_SCHOOL,
           EARLY_HELP_STAGE)
          + OUTCOMES + criteria.NODES,
    conditions=CONDITIONS + criteria.CONDITIONS,
    variants=VARIANTS,
    option_sources=criteria.OPTION_SOURCES,
    details=criteria.DETAILS,
    names=ROLE_NAMES,
))
