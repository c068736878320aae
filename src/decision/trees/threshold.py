"""The threshold checker: what level of need does a child or family have, and what happens next?

Policy reviewers: everything the tool asks and says is in this file, in plain words, near the
top. The tool never adds up a score. It works like this:

1. Safety first. Before anything else it asks whether the reader thinks a child is at immediate
   risk of significant harm. "Yes" or "Not sure" ends the tool at once with "act now": 999 in an
   emergency, the children's services front door, the safeguarding lead. No meeting, assessment
   or tool comes before that.
2. The reader says what they need to do: check a level of need (including for a family they
   already support whose needs seem to have risen), or plan a step-down.
3. Checking a level: one page for each of the five Early Help Assessment areas (Health;
   Education; Being safe; Family; and Employment, financial stability and housing). Each page lists
   example indicators, each marked with the level it usually points to, and "None of these".
   The result is the HIGHEST level any ticked indicator points to: one serious concern outweighs
   many small ones. Level 1 means no additional needs (universal services).
4. Stepping up: Salford requires an escalation meeting when its early help team is working with
   the family and thinks needs have risen from level 2 to level 3. An early help team manager
   chairs it, the case cannot be considered for children's social care without it, and the
   meeting decides whether to escalate. So where the result is level 3, the tool asks whether
   the early help team ({early_help_team}) is working with the family; help from a school or a
   health visitor alone does not call for the meeting. A Team Around the Family meeting can serve
   as that meeting. A concern of significant harm (level 4) never waits for it.
5. Stepping down: the family must never be left without a lead professional. If the new lead has
   not been named and agreed before the case closes, the answer is "do not close yet".

The indicators are examples written for this handbook: the source documents give the levels and
the areas, not lists of indicators. Every result says that the area's own threshold document,
professional judgement and the family's view decide.

Names in {braces} are filled with each council's own names (see local_names.py).
"""

from __future__ import annotations

from ..engine.model import MULTI, Branch, Condition, Context, Detail, Option, Outcome, Question, Rule, Source, Tree
from .local_names import EARLY_HELP_MANAGER, EARLY_HELP_TEAM, FRONT_DOOR
from ..engine.validate import validate
from .safety import safety_note
from .sources import WT_EARLY_HELP, WT_S47

# ----------------------------------------------------------------------------------------
# The indicators, area by area. Each line is (option id, what the reader sees). The option id
# is kept in saved links, so change the words freely but keep the ids. Level 1 has no
# indicators: it is what is left when nothing here applies.
# ----------------------------------------------------------------------------------------
AREAS = (
    {
        "id": "area_health",
        "name": "Health",
        "text": "Which of these apply to the child's or family's health?",
        "summary": "Health",
        "error": "Select the health needs that apply, or select 'None of these'",
        "hint": "This is the first of five areas, the same five as the Early Help Assessment. "
                "Tick all that apply. The indicators are examples: each shows the level it usually "
                "points to.",
        2: (
            ("l2_checks", "Health, dental or development checks are often missed"),
            ("l2_mood", "The child's low mood or worry is starting to affect sleep, eating or friendships"),
            ("l2_speech", "A young child seems slow to talk or develop, and has not yet been assessed"),
        ),
        3: (
            ("l3_condition", "A long-term condition or disability is not being managed well at home"),
            ("l3_mental", "Mental health needs stop the child doing everyday things, such as going to school"),
            ("l3_drugs", "A parent's or young person's drinking or drug use is affecting daily life"),
        ),
        4: (
            ("l4_treatment", "Treatment the child needs is not being given, and their health is at serious risk"),
            ("l4_self_harm", "The child has seriously harmed themselves or tried to end their life"),
            ("l4_growth", "A young child is not growing or gaining weight, with no medical reason"),
        ),
    },
    {
        "id": "area_education",
        "name": "Education",
        "text": "Which of these apply to the child's education or childcare?",
        "summary": "Education",
        "error": "Select the education needs that apply, or select 'None of these'",
        "hint": "Tick all that apply. For a child under 5, think about nursery or other early education.",
        2: (
            ("l2_attend", "Attendance is falling, or the child is often late"),
            ("l2_behind", "The child is falling behind and needs extra help in school"),
            ("l2_behaviour", "Teachers have noticed a change in the child's behaviour or mood"),
        ),
        3: (
            ("l3_absence", "The child misses at least one school day in ten"),
            ("l3_exclusion", "The child has been suspended, or is at risk of permanent exclusion"),
            ("l3_sen", "Special educational needs are not being met, even with the support in place"),
        ),
        4: (
            ("l4_missing", "The child is missing from education and nobody knows where they are"),
            ("l4_not_seen", "The child is kept away from school or nursery and no professional can see them"),
        ),
    },
    {
        "id": "area_safe",
        "name": "Being safe",
        "text": "Which of these apply to the child's safety?",
        "summary": "Being safe",
        "error": "Select the safety concerns that apply, or select 'None of these'",
        "hint": "Tick all that apply. Think about home, school, the community and online.",
        2: (
            ("l2_arguments", "Arguments at home sometimes upset the child"),
            ("l2_bullying", "The child is being bullied, or is bullying others"),
            ("l2_online", "The child takes risks online, such as sharing personal details or talking to "
                          "strangers"),
        ),
        3: (
            ("l3_abuse", "There is domestic abuse at home that has not been assessed as high risk"),
            ("l3_missing", "The child has gone missing from home once or twice, for a short time"),
            ("l3_exploit", "Possible signs of exploitation: unexplained money, phones or older friends"),
            ("l3_crime", "The child is involved in antisocial behaviour or crime"),
        ),
        4: (
            ("l4_disclosure", "The child says that someone has hurt or sexually abused them"),
            ("l4_injury", "An injury has no likely explanation, or a baby who cannot yet move about has "
                          "a bruise"),
            ("l4_abuse", "Domestic abuse at home has been assessed as high risk"),
            ("l4_exploited", "The child is being sexually or criminally exploited, or often goes missing"),
        ),
    },
    {
        "id": "area_family",
        "name": "Family",
        "text": "Which of these apply to family life and relationships?",
        "summary": "Family",
        "error": "Select the family needs that apply, or select 'None of these'",
        "hint": "Tick all that apply. Think about parenting, relationships and who cares for whom.",
        2: (
            ("l2_parenting", "Parents would like help with routines, boundaries or behaviour"),
            ("l2_change", "A change, such as separation, a death or a new baby, is putting the family under "
                          "strain"),
            ("l2_carer", "The child helps to care for someone at home, and it is starting to affect them"),
        ),
        3: (
            ("l3_care", "The child often goes without basic care, such as enough food or clean clothes"),
            ("l3_breakdown", "Relationships at home have broken down, and a young person may have to leave"),
            ("l3_carer", "A caring role stops the child going to school or seeing friends"),
        ),
        4: (
            ("l4_no_carer", "The child has nobody to look after them, or has been abandoned"),
            ("l4_homeless", "A young person under 18 is homeless or has been told to leave home"),
            ("l4_neglect", "Serious neglect continues even though the family has had help to change"),
        ),
    },
    {
        "id": "area_money",
        "name": "Employment, financial stability and housing",
        "text": "Which of these apply to work, money and housing?",
        "summary": "Work, money and housing",
        "error": "Select the work, money and housing needs that apply, or select 'None of these'",
        "hint": "This is the last of the five areas. Tick all that apply.",
        2: (
            ("l2_money", "Money worries, such as debts or trouble paying bills"),
            ("l2_housing", "The home is overcrowded or in poor repair"),
            ("l2_work", "Nobody at home is working, and the family would like help to find work"),
        ),
        3: (
            ("l3_eviction", "The family is behind with the rent and may be evicted"),
            ("l3_food", "The family cannot afford food or heating, and relies on food banks"),
            ("l3_housing", "The home is harming the child's health, for example through damp and mould"),
            ("l3_moves", "The family moves often, or lives in temporary housing"),
        ),
        4: (
            ("l4_nowhere", "The family has nowhere safe to stay tonight"),
            ("l4_nrpf", "The family has no recourse to public funds and no money for basics"),
            ("l4_danger", "The home is dangerous for a child, for example no heating or power in winter"),
        ),
    },
)

NONE_OF_THESE = "None of these"
LEVEL_TAG = {2: "level2", 3: "level3", 4: "level4"}
NONE_TAG = "none"

# What each level is called, wherever the tool names it.
LEVEL_NAMES = {
    1: "Level 1: no additional needs",
    2: "Level 2: additional needs",
    3: "Level 3: complex needs",
    4: "Level 4: acute needs",
}

# ----------------------------------------------------------------------------------------
# Where the rules come from
# ----------------------------------------------------------------------------------------
WIGAN_THRESHOLDS = "Lead Professionals: children across the thresholds"
WIGAN_UNIVERSAL = Source("wigan-2022", f"{WIGAN_THRESHOLDS}: all children (universal services and self-help)")
WIGAN_EARLY_HELP = Source("wigan-2022", f"{WIGAN_THRESHOLDS}: children receiving earliest help and early help "
                                        "(levels 2 and 3)")
WIGAN_CIN = Source("wigan-2022", f"{WIGAN_THRESHOLDS}: children in need (section 17)")
WIGAN_EHA = Source("wigan-2022", "What is an Early Help Assessment? (the five assessment areas; consent)")
WIGAN_TAF = Source("wigan-2022", "What is Team around the family?")
WIGAN_FUNCTIONS = Source("wigan-2022", "What is a Lead Professional? (key functions)")
WIGAN_CHANGING = Source("wigan-2022", "Changing the Lead Professional")
WIGAN_MYTHS = Source("wigan-2022", "Lead Professional Myths and Truths: the Lead Professional does")
SALFORD_ESCALATION = Source("salford-2018", "Escalation meetings from level 2 to level 3")
SALFORD_ROLE = Source("salford-2018", "The role of the lead professional")
WT_REFERRAL = Source("wt-2023", "Chapter 3: making a referral to local authority children's social care")
WT_IMMEDIATE = Source("wt-2023", "Chapter 3: immediate protection")
WT_CIN = Source("wt-2023", "Chapter 3: children in need (section 17)")
WT_THRESHOLDS = Source("wt-2023", "Chapter 2: multi-agency safeguarding arrangements, the local threshold document")

# ----------------------------------------------------------------------------------------
# Cautions shown with every level of need ("Before you act")
# ----------------------------------------------------------------------------------------
JUDGEMENT = (
    "This is not a checklist or a score. The result is the highest level that any ticked indicator "
    "points to: one serious concern counts for more than many small ones.",
    "The indicators are examples written for this handbook. Your area's own threshold document decides "
    "the level, together with your professional judgement and the family's view. Working Together 2023 asks "
    "each area's safeguarding partners to publish that document.",
    "Ask the family what is going well, what worries them and what help they want. Their view is part "
    "of the decision, not an extra.",
    "Some areas now call targeted early help and child in need support 'Family Help' and have new "
    "threshold documents. Use your area's own terms.",
)
SAFETY_NOTE = safety_note(worry="you think a child is at immediate risk of significant harm")

# ----------------------------------------------------------------------------------------
# Questions
# ----------------------------------------------------------------------------------------
IMMEDIATE_RISK = Question(
    id="immediate_risk",
    text="Do you think a child is at immediate risk of significant harm?",
    summary="Immediate risk of significant harm",
    error="Select whether you think a child is at immediate risk of significant harm",
    hint="For example, a child has been badly hurt, is in danger now, or is afraid to go home.",
    options=(
        Option(id="yes", label="Yes", next="outcome_act_now"),
        Option(id="no", label="No", next="purpose"),
        Option(id="not_sure", label="Not sure", next="outcome_act_now"),
    ),
)

PURPOSE = Question(
    id="purpose",
    text="What do you need to do?",
    summary="What you need to do",
    error="Select what you need to do",
    options=(
        Option(id="check", label="Check the level of need for a child or family", next=AREAS[0]["id"],
               hint="Choose this too if you already support the family and their needs seem to have risen."),
        Option(id="step_down", label="Plan a step-down to a lower level of help", next="step_down_from",
               hint="For example from children's social care to early help, or from level 3 to level 2."),
    ),
)


def _area_question(area: dict, next_id: str) -> Question:
    options = tuple(
        Option(id=option_id, label=f"Level {level}: {label}", tags=frozenset({LEVEL_TAG[level]}))
        for level in (2, 3, 4) for option_id, label in area[level]
    ) + (Option(id="none", label=NONE_OF_THESE, exclusive=True, tags=frozenset({NONE_TAG})),)
    return Question(id=area["id"], text=area["text"], summary=area["summary"], error=area["error"],
                    hint=area["hint"], kind=MULTI, options=options, next=next_id)


AREA_IDS = tuple(area["id"] for area in AREAS)
AREA_QUESTIONS = tuple(
    _area_question(area, AREA_IDS[i + 1] if i + 1 < len(AREAS) else "level_of_need")
    for i, area in enumerate(AREAS)
)

LEVEL_OF_NEED = Branch(
    id="level_of_need",
    text="What is the highest level that any ticked indicator points to?",
    rules=(
        Rule(when="level4_ticked", next="outcome_level4"),
        Rule(when="level3_ticked", next="supported_at_level2"),
        Rule(when="level2_ticked", next="outcome_level2"),
    ),
    otherwise="outcome_level1",
)

SUPPORTED_AT_LEVEL2 = Question(
    id="supported_at_level2",
    text="Is the early help team already working with the family at level 2?",
    summary="Early help team involved at level 2",
    error="Select whether the early help team is already working with the family at level 2",
    hint="This means {early_help_team}, not help from a school, a health visitor or another single service "
         "on its own. The escalation meeting is for a family the early help team already works with.",
    options=(
        Option(id="yes", label="Yes, the early help team works with the family at level 2 now",
               next="outcome_escalation_meeting"),
        Option(id="no", label="No", next="outcome_level3",
               hint="Choose this if the early help team is not involved (even if a school or a health visitor "
                    "helps the family), or the family already has a Team Around the Family at level 3."),
        Option(id="not_sure", label="Not sure", next="outcome_level3"),
    ),
)

STEP_DOWN_FROM = Question(
    id="step_down_from",
    text="Where is the case stepping down from?",
    summary="Stepping down from",
    error="Select where the case is stepping down from",
    options=(
        Option(id="social_care", label="From children's social care to early help", next="new_lead_social_care"),
        Option(id="level3", label="From level 3 (a Team Around the Family) to level 2", next="new_lead_level3"),
        Option(id="universal", label="From early help to universal services only (level 1)",
               next="outcome_step_down_universal"),
    ),
)

NEW_LEAD_SOCIAL_CARE = Question(
    id="new_lead_social_care",
    text="Has a new lead professional been named and agreed with the family and the social worker?",
    summary="New lead named and agreed",
    error="Select whether a new lead professional has been named and agreed",
    hint="Agreed means the practitioner has said yes to the role, and the family and the social worker "
         "are happy with the choice.",
    options=(
        Option(id="yes", label="Yes", next="outcome_step_down_social_care_ready"),
        Option(id="no", label="No, or not yet agreed by everyone", next="outcome_step_down_social_care_wait"),
        Option(id="not_sure", label="Not sure", next="outcome_step_down_social_care_wait"),
    ),
)

NEW_LEAD_LEVEL3 = Question(
    id="new_lead_level3",
    text="Has the lead professional for level 2 been named and agreed with the family?",
    summary="Level 2 lead named and agreed",
    error="Select whether the lead professional for level 2 has been named and agreed",
    hint="It may be the current lead carrying on. Agreed means the practitioner has said yes to the role "
         "and the family is happy with the choice.",
    options=(
        Option(id="yes", label="Yes", next="outcome_step_down_level3_ready"),
        Option(id="no", label="No, or not yet agreed by everyone", next="outcome_step_down_level3_wait"),
        Option(id="not_sure", label="Not sure", next="outcome_step_down_level3_wait"),
    ),
)

# ----------------------------------------------------------------------------------------
# Outcomes
# ----------------------------------------------------------------------------------------
OUTCOMES = (
    Outcome(
        id="outcome_act_now",
        title="Act now: do not wait for a meeting, an assessment or this tool",
        lead="",
        reasons=("You think a child may be at immediate risk of significant harm, or you are not sure. Not being "
                 "sure is a reason to act, not a reason to wait.",
                 "Keeping a child safe now comes before levels of need, early help and escalation meetings.",
                 "Working Together 2023 expects anyone worried that a child is suffering, or is likely to suffer, "
                 "significant harm to refer to children's social care straight away."),
        next_steps=("If a child is in danger right now, call 999.",
                    "Contact {front_door} now, in the way your area asks for urgent concerns.",
                    "Tell your safeguarding lead straight away. If they cannot be reached, do not wait for them.",
                    "Write down what you saw and heard, in the words used, with the date and time, and what you did."),
        sources=(WT_IMMEDIATE, WT_REFERRAL),
        notes=("Do not wait for a Team Around the Family meeting, an escalation meeting or an Early Help "
               "Assessment.",
               "Do not tell the family first if that could put a child, or anyone else, at greater risk. If "
               "you are unsure, ask {front_door}."),
    ),
    Outcome(
        id="outcome_level1",
        title=f"{LEVEL_NAMES[1]}: universal services can meet the child's needs",
        lead="",
        reasons=("You did not tick any indicator in the five areas.",
                 "At level 1 the family meets the child's needs with the everyday services open to all, such as "
                 "school, nursery, the GP and the health visitor, and with help from their own community.",
                 "No lead professional is needed at level 1."),
        next_steps=("Keep working with the family through your own service, as you would with any family.",
                    "Make sure the family knows where to find help if things change.",
                    "If you know the family and still feel something is wrong, talk to your manager or {early_help_team}: "
                    "the indicators here are only examples.",
                    "If you support the family now and their needs have been met, see the step-down answers in this tool."),
        sources=(WIGAN_UNIVERSAL, WT_THRESHOLDS),
        notes=JUDGEMENT + (SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_level2",
        title=f"{LEVEL_NAMES[2]}: early help from one service, with an Early Help Assessment if more are needed",
        lead="The practitioner giving the help, or who writes the Early Help Assessment",
        reasons=("The highest level you ticked is level 2. At level 2 a child has additional needs that one "
                 "service, or the earliest help, can usually meet.",
                 "Where more than one service needs to be involved, an Early Help Assessment with the family brings "
                 "the help together, and one practitioner takes on the lead professional role (the lead practitioner "
                 "of Working Together 2023, who co-ordinates the help around the family).",
                 "Until the first review of the Early Help Assessment, the lead is usually the practitioner who wrote "
                 "it. At that review the lead is chosen with the family."),
        next_steps=("Talk to the family about what you have noticed and ask what help they want. Early help needs "
                    "their consent.",
                    "Offer help from your own service first, if it can meet the needs.",
                    "If more than one service is needed, start an Early Help Assessment with the family.",
                    "Agree who the lead professional is and tell the family how to reach them.",
                    "Ask {early_help_team} if you would like advice."),
        sources=(WIGAN_EARLY_HELP, WIGAN_EHA, WT_EARLY_HELP, WT_THRESHOLDS),
        detail="levels_by_area",
        notes=JUDGEMENT + (
            "If {early_help_team} works with this family and you or they believe their needs have risen to "
            "level 3, even though the indicators here do not show it, talk to {early_help_manager} about an "
            "escalation meeting.",
            SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_level3",
        title=f"{LEVEL_NAMES[3]}: an Early Help Assessment and a Team Around the Family",
        lead="A named lead professional, chosen with the family",
        reasons=("The highest level you ticked is level 3. At level 3 a child or family has complex needs that "
                 "call for several services working together to one plan.",
                 "The plan comes from an Early Help Assessment with the family, and is reviewed at Team Around the "
                 "Family meetings.",
                 "One named practitioner is the lead professional: the family's single point of contact, who "
                 "co-ordinates the help. Working Together 2023 calls this role the lead practitioner, and expects "
                 "families, children included, to have a say in who it is."),
        next_steps=("Talk to the family about your worries and the help on offer, and ask for their consent.",
                    "Complete an Early Help Assessment with the family, covering everyone in the household.",
                    "Hold a Team Around the Family meeting and agree a plan, with an owner and a date for every action.",
                    "Name the lead professional, choosing them with the family, and record who it is.",
                    "Ask {early_help_team} for support, for example with chairing a difficult meeting.",
                    "If the family already has a Team Around the Family, review the plan with them at the next meeting."),
        sources=(WIGAN_EARLY_HELP, WIGAN_EHA, WIGAN_TAF, WT_EARLY_HELP),
        detail="levels_by_area",
        notes=JUDGEMENT + (
            "If you find that {early_help_team} is already working with the family at level 2, an escalation "
            "meeting comes first: answer 'Yes' to the question about the early help team.",
            SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_escalation_meeting",
        title="Hold an escalation meeting, chaired by {early_help_manager}: the family's needs seem to have risen "
              "from level 2 to level 3",
        lead="The family's current lead professional",
        reasons=("The early help team works with the family at level 2, and their needs now seem to have reached "
                 "level 3.",
                 "Salford's guidance: when the early help team is working with a family and thinks the needs have "
                 "risen from level 2 to level 3, an escalation meeting is held, chaired by {early_help_manager}. The "
                 "case cannot be considered for children's social care until that meeting has taken place.",
                 "A Team Around the Family meeting can also serve as the escalation meeting, if it is soon enough.",
                 "The meeting decides whether to escalate the case to children's social care through {front_door}, "
                 "and what the plan is if not."),
        next_steps=("If you are not the family's early help worker, share what you have found with them first.",
                    "Ask {early_help_manager} to arrange and chair an escalation meeting soon, or to chair the next "
                    "Team Around the Family meeting as the escalation meeting.",
                    "Tell the family why the meeting is happening and invite them to it.",
                    "Bring what has changed, the indicators you ticked, and the family's view.",
                    "Record the decision and the reasons for it, and who will do what next.",
                    "Keep supporting the family while the meeting is arranged."),
        sources=(SALFORD_ESCALATION, WIGAN_EARLY_HELP),
        detail="levels_by_area",
        notes=("The escalation meeting is for needs rising from level 2 to level 3. It never delays a referral "
               "for a child who may be suffering, or likely to suffer, significant harm: that goes to "
               "{front_door} straight away.",
               SAFETY_NOTE,
               "Your area may have its own name or route for this meeting: check its threshold document.")
        + JUDGEMENT[:2],
    ),
    Outcome(
        id="outcome_level4",
        title=f"{LEVEL_NAMES[4]}: contact {{front_door}} today",
        lead="A social worker for a child protection enquiry; otherwise as children's social care decides",
        reasons=("You ticked at least one level 4 indicator. At level 4 a child has acute needs, or may be suffering "
                 "or likely to suffer significant harm.",
                 "Children's social care decides what happens: an assessment of a child in need (section 17 of the "
                 "Children Act 1989), or a child protection enquiry (section 47) where there is reasonable cause to "
                 "suspect significant harm.",
                 "A child protection enquiry is always led by a social worker (Working Together 2023).",
                 "For a child in need, Working Together 2023 has a social-work-qualified practice supervisor or manager "
                 "decide who the lead practitioner is once children's social care accepts the referral, and it may be "
                 "a practitioner other than a social worker. Local protocols such as Wigan's name the social worker "
                 "while children's social care assesses."),
        next_steps=("Contact {front_door} today and say what you have seen and heard.",
                    "Tell your safeguarding lead.",
                    "Tell the family you are making the referral, unless that could put a child or anyone else at "
                    "greater risk.",
                    "Keep supporting the family while the assessment happens, and share what you know when asked.",
                    "Record what you did, when, and why."),
        sources=(WT_REFERRAL, WT_CIN, WT_S47, WIGAN_CIN),
        detail="levels_by_area",
        notes=("Do not wait for an escalation meeting, a Team Around the Family meeting or an Early Help "
               "Assessment to make this contact.",
               "If the family already has early help, tell their lead professional and {early_help_manager} "
               "what you have done.",
               "If a child is in danger right now, call 999.")
        + JUDGEMENT,
    ),
    Outcome(
        id="outcome_step_down_social_care_ready",
        title="The step-down can go ahead: the new lead professional is named and agreed",
        lead="The new lead professional, agreed with the family and the social worker",
        reasons=("When a case steps down from children's social care to early help, the family and the social worker "
                 "agree the new lead professional before the case closes, so the family is never without one.",
                 "The new lead co-ordinates the first Team Around the Family meeting after the step-down."),
        next_steps=("Record the new lead's name in the case notes and in the family's plan.",
                    "Set the date of the first Team Around the Family meeting before the case closes to children's "
                    "social care.",
                    "Make sure the family knows who their new lead is and how to reach them.",
                    "The social worker shares the assessment and plan with the new lead, with the family's consent."),
        sources=(WIGAN_EARLY_HELP, WIGAN_MYTHS, SALFORD_ROLE),
        notes=("The new lead co-ordinates the first meeting but need not chair it. Someone else can chair if "
               "the lead is not confident to.",
               SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_step_down_social_care_wait",
        title="Do not close the case yet: name and agree the new lead professional first",
        lead="The social worker, until the new lead is agreed",
        reasons=("A case should not close to children's social care until the new lead professional is named and "
                 "agreed with the family and the social worker. Otherwise the family is left without a lead.",
                 "The new lead co-ordinates the first Team Around the Family meeting after the step-down, so they "
                 "need to be in place before the case closes.",
                 "Working Together 2023 expects families, children included, to have a say in who their lead "
                 "practitioner is."),
        next_steps=("Agree with the family which practitioner is best placed to lead, and ask that practitioner.",
                    "Check the practitioner has the time and skills, and that their manager agrees.",
                    "Once everyone agrees, record the name and set the date of the first Team Around the Family meeting.",
                    "Ask {early_help_team} for help if nobody can be found."),
        sources=(WIGAN_EARLY_HELP, WIGAN_MYTHS, WT_EARLY_HELP),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_step_down_level3_ready",
        title="The step-down to level 2 can go ahead: the lead professional is named and agreed",
        lead="The lead professional for level 2, agreed with the family",
        reasons=("When needs become less complex, the lead professional may change to someone from the service that "
                 "will carry on helping. The family is never left without a lead while they still get early help.",
                 "The lead is agreed with the family before the level 3 help ends.",
                 "Working Together 2023 expects families, children included, to have a say in who their lead "
                 "practitioner is."),
        next_steps=("Record the lead's name in the family's plan.",
                    "Agree with the family when the help will next be reviewed.",
                    "Tell the practitioners who are stepping back, and thank the family for their work."),
        sources=(WIGAN_CHANGING, WIGAN_EARLY_HELP, WT_EARLY_HELP),
        notes=("If needs rise again, use this tool to check the level of need.", SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_step_down_level3_wait",
        title="Do not close the level 3 help yet: name and agree the lead professional for level 2 first",
        lead="The current lead professional, until a new lead is agreed",
        reasons=("The family must not be left without a lead professional while they still get early help.",
                 "The lead for level 2 is named and agreed with the family before the Team Around the Family "
                 "closes.",
                 "Working Together 2023 expects families, children included, to have a say in who their lead "
                 "practitioner is."),
        next_steps=("Agree with the family who is best placed to lead at level 2, and ask that practitioner.",
                    "Check the practitioner has the time and skills, and that their manager agrees.",
                    "Record the agreed lead, then step down."),
        sources=(WIGAN_CHANGING, WIGAN_EARLY_HELP, WT_EARLY_HELP),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_step_down_universal",
        title="Early help can end once the family agrees their needs have been met",
        lead="",
        reasons=("At level 1 the family's needs are met by the everyday services open to all, so no lead professional "
                 "is needed.",
                 "Before help ends, the lead professional makes sure the family knows how to use everyday services "
                 "and how to ask for help again."),
        next_steps=("Agree with the family, at a final review, that the help can end.",
                    "Check that the family knows where to go if things get harder.",
                    "Tell the practitioners involved, and record the reasons and the family's view."),
        sources=(WIGAN_FUNCTIONS, WIGAN_CHANGING, WIGAN_UNIVERSAL),
        notes=(SAFETY_NOTE,),
    ),
)

# ----------------------------------------------------------------------------------------
# Rules: small functions that read only the tags of what was ticked
# ----------------------------------------------------------------------------------------


def highest_level(context: Context, question_id: str) -> int:
    """The highest level ticked in one area: 4, 3 or 2, or 1 if nothing was ticked."""
    tags = context.tags(question_id)
    return next((level for level in (4, 3, 2) if LEVEL_TAG[level] in tags), 1)


def _ticked_anywhere(level: int):
    return lambda context: any(LEVEL_TAG[level] in context.tags(area) for area in AREA_IDS)


CONDITIONS = (
    Condition("level4_ticked", "A level 4 indicator was ticked in at least one area", _ticked_anywhere(4)),
    Condition("level3_ticked", "A level 3 indicator was ticked in at least one area", _ticked_anywhere(3)),
    Condition("level2_ticked", "A level 2 indicator was ticked in at least one area", _ticked_anywhere(2)),
)


def levels_by_area(context: Context) -> Detail:
    """Shows how the result was reached: the highest level ticked in each area, never a total."""
    levels = {area["name"]: highest_level(context, area["id"]) for area in AREAS}
    top = max(levels.values())
    where = [name for name, level in levels.items() if level == top]
    reason = (f"The level {top} indicators you ticked were in: {', '.join(where)}." if top > 1 else
              "You did not tick any indicator.")
    rows = tuple((name, f"Level {level}" if level > 1 else "Nothing ticked") for name, level in levels.items())
    return Detail(reasons=(reason,), table=(("Area", "Highest level ticked"),) + rows,
                  table_caption="The highest level ticked in each area (levels are never added up)")


TREE = validate(Tree(
    id="threshold",
    title="What level of need, and what next?",
    description="Check a child's or family's level of need across the five Early Help Assessment areas, and "
                "what to do at each level, when needs rise and when a case steps down. It is not a checklist "
                "or a score: your judgement, the family's view and your area's threshold document decide.",
    start="immediate_risk",
    nodes=(IMMEDIATE_RISK, PURPOSE) + AREA_QUESTIONS + (LEVEL_OF_NEED, SUPPORTED_AT_LEVEL2, STEP_DOWN_FROM,
                                                        NEW_LEAD_SOCIAL_CARE, NEW_LEAD_LEVEL3) + OUTCOMES,
    conditions=CONDITIONS,
    names=(FRONT_DOOR, EARLY_HELP_MANAGER, EARLY_HELP_TEAM),
    details={"levels_by_area": levels_by_area},
))
