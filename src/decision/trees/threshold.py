"""The threshold checker: what level of need does a child or family have, and what happens next?

Policy reviewers: the levels, areas and indicators are data, not code: the council's threshold
framework (framework.py), by default trees/data/threshold.toml and trees/data/threshold-indicators.csv.
This file builds the tool from it, and holds the rules and texts that do not depend on it. The tool
never adds up a score. It works like this:

1. Safety first. Before anything else it asks whether the reader thinks a child is at immediate
   risk of significant harm. "Yes" or "Not sure" ends the tool at once with "act now": 999 in an
   emergency, the children's services front door, the safeguarding lead. No meeting, assessment
   or tool comes before that.
2. The reader says what they need to do: check a level of need (including for a family they
   already support whose needs seem to have risen), or plan a step-down.
3. Checking a level: one page for each area of the framework (by default the five Early Help
   Assessment areas). Each page lists the area's indicators, each marked with the level it
   usually points to, and "None of these". The result is the HIGHEST level any ticked indicator
   points to: one serious concern outweighs many small ones. The lowest level is the result when
   nothing is ticked.
4. Act today. An indicator at a level the framework marks "act today" (by default level 4, a
   concern of significant harm) ends the checker as soon as its area is answered, with that
   level's result: the reader is not asked about the other areas first.
5. Stepping up: Salford requires an escalation meeting when its early help team is working with
   the family and thinks needs have risen from level 2 to level 3. An early help team manager
   chairs it, the case cannot be considered for children's social care without it, and the
   meeting decides whether to escalate. So where the result is the highest early help level and
   there is an early help level below it (level 3 and level 2 by default), the tool asks whether
   the early help team ({early_help_team}) is working with the family; help from a school or a
   health visitor alone does not call for the meeting. A Team Around the Family meeting can serve
   as that meeting. An "act today" level never waits for it.
6. Stepping down: the family must never be left without a lead professional. If the new lead has
   not been named and agreed before the case closes, the answer is "do not close yet".

The default indicators are examples written for this handbook: the source documents give the
levels and the areas, not lists of indicators. Every result says that the area's own threshold
document, professional judgement and the family's view decide.

Names in {braces} are filled with each council's own names (see local_names.py).
"""

from __future__ import annotations

import re

from ..engine.model import MULTI, Branch, Condition, Context, Detail, Option, Outcome, Question, Rule, Source, Tree
from .framework import Framework, Level, current
from .local_names import EARLY_HELP_MANAGER, EARLY_HELP_TEAM, FRONT_DOOR, ROLE_NAMES
from ..engine.validate import validate
from .safety import safety_note
from .sources import WT_EARLY_HELP, WT_S47

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
# Questions that do not depend on the framework
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

NONE_OF_THESE = "None of these"
NONE_TAG = "none"

ACT_NOW = Outcome(
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
)

STEP_DOWN_SOCIAL_CARE = (
    Question(
        id="new_lead_social_care",
        text="Has a new {role} been named and agreed with the family and the social worker?",
        summary="New lead named and agreed",
        error="Select whether a new {role} has been named and agreed",
        hint="Agreed means the practitioner has said yes to the role, and the family and the social worker "
             "are happy with the choice.",
        options=(
            Option(id="yes", label="Yes", next="outcome_step_down_social_care_ready"),
            Option(id="no", label="No, or not yet agreed by everyone", next="outcome_step_down_social_care_wait"),
            Option(id="not_sure", label="Not sure", next="outcome_step_down_social_care_wait"),
        ),
    ),
    Outcome(
        id="outcome_step_down_social_care_ready",
        title="The step-down can go ahead: the new {role} is named and agreed",
        lead="The new {role}, agreed with the family and the social worker",
        reasons=("When a case steps down from children's social care to early help, the family and the social worker "
                 "agree the new {role} before the case closes, so the family is never without one.",
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
        title="Do not close the case yet: name and agree the new {role} first",
        lead="The social worker, until the new lead is agreed",
        reasons=("A case should not close to children's social care until the new {role} is named and "
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
)


def named(level: Level) -> str:
    """A level's name inside a sentence: "Level 2" reads "level 2"; other names are kept as written."""
    return level.name[0].lower() + level.name[1:] if re.match(r"Level [0-9]", level.name) else level.name


def tag(level: Level) -> str:
    return f"level:{level.id}"


# ----------------------------------------------------------------------------------------
# The tree, built from a framework
# ----------------------------------------------------------------------------------------
def build(framework: Framework) -> Tree:
    levels, areas = framework.levels, framework.areas
    lowest, above = levels[0], levels[1:]
    area_ids = tuple(area.id for area in areas)
    urgent = tuple(level for level in reversed(above) if level.act_today)  # highest first
    # Salford's escalation meeting: needs rising from one early help level to the next, below
    # the levels that mean acting today. A framework with one early help level has none.
    middle = [level for level in above if not level.act_today]
    escalation = (middle[-2], middle[-1]) if len(middle) >= 2 else None

    def judgement() -> tuple[str, ...]:
        examples = ("The indicators are examples written for this handbook. Your area's own threshold document "
                    "decides the level, together with your professional judgement and the family's view. Working "
                    "Together 2023 asks each area's safeguarding partners to publish that document."
                    if framework.default else
                    "The levels and indicators are those of this area's threshold document. They describe what each "
                    "level usually looks like: your professional judgement and the family's view decide, with that "
                    "document.")
        return (JUDGEMENT[0], examples) + JUDGEMENT[2:]

    # Each area is one page of tick boxes. After an area, a ticked indicator at an "act today"
    # level ends the checker at once with that level's result.
    nodes: list = []
    conditions: list[Condition] = []
    for number, area in enumerate(areas):
        last = number == len(areas) - 1
        onwards = "level_of_need" if last else areas[number + 1].id
        options = tuple(
            Option(id=indicator.id, label=f"{framework.level(indicator.level).name}: {indicator.text}",
                   hint=f"In the child's words: \u201c{indicator.child_words}\u201d" if indicator.child_words else "",
                   tags=frozenset({tag(framework.level(indicator.level))}))
            for indicator in framework.in_area(area.id)
        ) + (Option(id="none", label=NONE_OF_THESE, exclusive=True, tags=frozenset({NONE_TAG})),)
        urgent_here = tuple(level for level in urgent
                            if any(i.level == level.id for i in framework.in_area(area.id)))
        after = f"after_{area.id}" if urgent_here and not last else onwards
        count = f"Area {number + 1} of {len(areas)}. " if len(areas) > 1 else ""
        nodes.append(Question(
            id=area.id, text=area.question, summary=area.short_name or area.name,
            error=f"Select the indicators that apply for {area.short_name or area.name}, or select "
                  f"'{NONE_OF_THESE}'",
            hint=area.hint or f"{count}Tick all that apply. Each indicator shows the level it usually points to.",
            kind=MULTI, options=options, next=after))
        if after != onwards:
            rules = []
            for level in urgent_here:
                condition = f"{level.id}_ticked_in_{area.id}"
                conditions.append(Condition(condition, f"A {named(level)} indicator was ticked in {area.name}",
                                            _ticked_in(level, (area.id,))))
                rules.append(Rule(when=condition, next=f"outcome_{level.id}"))
            nodes.append(Branch(id=after, text=f"Was an indicator that means acting today ticked in {area.name}?",
                                rules=tuple(rules), otherwise=onwards))

    rules = []
    for level in reversed(above):
        conditions.append(Condition(f"{level.id}_ticked", f"A {named(level)} indicator was ticked in at least "
                                                          "one area", _ticked_in(level, area_ids)))
        target = (f"supported_at_{escalation[0].id}" if escalation and level == escalation[1]
                  else f"outcome_{level.id}")
        rules.append(Rule(when=f"{level.id}_ticked", next=target))
    nodes.append(Branch(id="level_of_need", text="What is the highest level that any ticked indicator points to?",
                        rules=tuple(rules), otherwise=f"outcome_{lowest.id}"))

    def levels_by_area(context: Context) -> Detail:
        """Shows how the result was reached: the highest level ticked in each area, never a total."""
        found = {area.name: highest_level(framework, context, area.id) for area in areas
                 if area.id in context.answers}
        ranks = [framework.rank(level.id) for level in found.values() if level]
        top = levels[max(ranks)] if ranks else None
        where = [name for name, level in found.items() if level and level == top]
        reason = (f"The {named(top)} indicators you ticked were in: {', '.join(where)}." if top else
                  "You did not tick any indicator.")
        rows = tuple((name, level.name if level else "Nothing ticked") for name, level in found.items())
        return Detail(reasons=(reason,), table=(("Area", "Highest level ticked"),) + rows,
                      table_caption="The highest level ticked in each area (levels are never added up)")

    nodes += [_level_outcome(framework, level, escalation, judgement()) for level in levels]
    purpose_options = [
        Option(id="check", label="Check the level of need for a child or family", next=areas[0].id,
               hint="Choose this too if you already support the family and their needs seem to have risen."),
        Option(id="step_down", label="Plan a step-down to a lower level of help", next="step_down_from",
               hint="For example from children's social care to early help"
                    + (f", or from {named(escalation[1])} to {named(escalation[0])}." if escalation else ".")),
    ]
    step_down = [Option(id="social_care", label="From children's social care to early help",
                        next="new_lead_social_care")]
    if escalation:
        nodes += _escalation(escalation, judgement())
        step_down.append(Option(id="level3", label=f"From {named(escalation[1])} (a Team Around the Family) to "
                                                   f"{named(escalation[0])}", next="new_lead_level3"))
    step_down.append(Option(id="universal", label=f"From early help to universal services only ({named(lowest)})",
                            next="outcome_step_down_universal"))
    nodes += [
        Question(id="step_down_from", text="Where is the case stepping down from?", summary="Stepping down from",
                 error="Select where the case is stepping down from", options=tuple(step_down)),
        *STEP_DOWN_SOCIAL_CARE,
        _step_down_universal(lowest),
    ]
    purpose = Question(id="purpose", text="What do you need to do?", summary="What you need to do",
                       error="Select what you need to do", options=tuple(purpose_options))
    return validate(Tree(
        id="threshold",
        title="What level of need, and what next?",
        description=f"Check a child's or family's level of need across {_count(len(areas))}, and what to do at "
                    "each level, when needs rise and when a case steps down. It is not a checklist or a score: "
                    "your judgement, the family's view and your area's threshold document decide.",
        start="immediate_risk",
        nodes=(IMMEDIATE_RISK, purpose, *nodes, ACT_NOW),
        conditions=tuple(conditions),
        names=(FRONT_DOOR, EARLY_HELP_MANAGER, EARLY_HELP_TEAM, *ROLE_NAMES),
        details={"levels_by_area": levels_by_area},
    ))


def _count(areas: int) -> str:
    words = {1: "one area", 2: "two areas", 3: "three areas", 4: "four areas", 5: "the five Early Help Assessment areas"}
    return words.get(areas, f"{areas} areas")


def _ticked_in(level: Level, area_ids: tuple[str, ...]):
    return lambda context: any(tag(level) in context.tags(area) for area in area_ids if area in context.answers)


def highest_level(framework: Framework, context: Context, question_id: str) -> Level | None:
    """The highest level ticked in one area, or None if nothing was ticked there."""
    tags = context.tags(question_id)
    return next((level for level in reversed(framework.levels[1:]) if tag(level) in tags), None)


def _level_outcome(framework: Framework, level: Level, escalation, judgement: tuple[str, ...]) -> Outcome:
    lowest = level == framework.levels[0]
    if lowest:
        sources, notes, detail = (WIGAN_UNIVERSAL, WT_THRESHOLDS), judgement + (SAFETY_NOTE,), None
    elif level.act_today:
        sources = (WT_REFERRAL, WT_CIN, WT_S47, WIGAN_CIN)
        detail = "levels_by_area"
        notes = ("Do not wait for an escalation meeting, a Team Around the Family meeting or an Early Help "
                 "Assessment to make this contact.",
                 "If the family already has early help, tell their {role} and {early_help_manager} "
                 "what you have done.",
                 "If a child is in danger right now, call 999.") + judgement
    else:
        words = " ".join((level.description,) + level.reasons + level.what_happens)
        sources = (WIGAN_EARLY_HELP, WIGAN_EHA) + ((WIGAN_TAF,) if "Team Around the Family" in words else ()) \
            + (WT_EARLY_HELP, WT_THRESHOLDS)
        detail = "levels_by_area"
        extra: tuple[str, ...] = ()
        if escalation and level == escalation[0]:
            extra = (f"If {{early_help_team}} works with this family and you or they believe their needs have risen "
                     f"to {named(escalation[1])}, even though the indicators here do not show it, talk to "
                     "{early_help_manager} about an escalation meeting.",)
        elif escalation and level == escalation[1]:
            extra = (f"If you find that {{early_help_team}} is already working with the family at "
                     f"{named(escalation[0])}, an escalation meeting comes first: answer 'Yes' to the question "
                     "about the early help team.",)
        notes = judgement + extra + (SAFETY_NOTE,)
    return Outcome(id=f"outcome_{level.id}", title=f"{level.name}: {level.description}", lead=level.lead,
                   reasons=level.reasons or (f"The highest level you ticked is {named(level)}."
                                             if not lowest else "You did not tick any indicator.",),
                   next_steps=level.what_happens, sources=sources, detail=detail, notes=notes)


def _escalation(pair: tuple[Level, Level], judgement: tuple[str, ...]) -> list:
    lower, upper = named(pair[0]), named(pair[1])
    return [
        Question(
            id=f"supported_at_{pair[0].id}",
            text=f"Is the early help team already working with the family at {lower}?",
            summary=f"Early help team involved at {lower}",
            error=f"Select whether the early help team is already working with the family at {lower}",
            hint="This means {early_help_team}, not help from a school, a health visitor or another single service "
                 "on its own. The escalation meeting is for a family the early help team already works with.",
            options=(
                Option(id="yes", label=f"Yes, the early help team works with the family at {lower} now",
                       next="outcome_escalation_meeting"),
                Option(id="no", label="No", next=f"outcome_{pair[1].id}",
                       hint="Choose this if the early help team is not involved (even if a school or a health "
                            f"visitor helps the family), or the family already has a Team Around the Family at "
                            f"{upper}."),
                Option(id="not_sure", label="Not sure", next=f"outcome_{pair[1].id}"),
            ),
        ),
        Outcome(
            id="outcome_escalation_meeting",
            title="Hold an escalation meeting, chaired by {early_help_manager}: the family's needs seem to have "
                  f"risen from {lower} to {upper}",
            lead="The family's current {role}",
            reasons=(f"The early help team works with the family at {lower}, and their needs now seem to have reached "
                     f"{upper}.",
                     "Salford's guidance: when the early help team is working with a family and thinks the needs "
                     "have risen from level 2 to level 3, an escalation meeting is held, chaired by "
                     "{early_help_manager}. The case cannot be considered for children's social care until that "
                     "meeting has taken place.",
                     "A Team Around the Family meeting can also serve as the escalation meeting, if it is soon enough.",
                     "The meeting decides whether to escalate the case to children's social care through "
                     "{front_door}, and what the plan is if not."),
            next_steps=("If you are not the family's early help worker, share what you have found with them first.",
                        "Ask {early_help_manager} to arrange and chair an escalation meeting soon, or to chair the "
                        "next Team Around the Family meeting as the escalation meeting.",
                        "Tell the family why the meeting is happening and invite them to it.",
                        "Bring what has changed, the indicators you ticked, and the family's view.",
                        "Record the decision and the reasons for it, and who will do what next.",
                        "Keep supporting the family while the meeting is arranged."),
            sources=(SALFORD_ESCALATION, WIGAN_EARLY_HELP),
            detail="levels_by_area",
            notes=(f"The escalation meeting is for needs rising from {lower} to {upper}. It never delays a referral "
                   "for a child who may be suffering, or likely to suffer, significant harm: that goes to "
                   "{front_door} straight away.",
                   SAFETY_NOTE,
                   "Your area may have its own name or route for this meeting: check its threshold document.")
            + judgement[:2],
        ),
        Question(
            id="new_lead_level3",
            text=f"Has the {{role}} for {lower} been named and agreed with the family?",
            summary=f"{pair[0].name} lead named and agreed",
            error=f"Select whether the {{role}} for {lower} has been named and agreed",
            hint="It may be the current lead carrying on. Agreed means the practitioner has said yes to the role "
                 "and the family is happy with the choice.",
            options=(
                Option(id="yes", label="Yes", next="outcome_step_down_level3_ready"),
                Option(id="no", label="No, or not yet agreed by everyone", next="outcome_step_down_level3_wait"),
                Option(id="not_sure", label="Not sure", next="outcome_step_down_level3_wait"),
            ),
        ),
        Outcome(
            id="outcome_step_down_level3_ready",
            title=f"The step-down to {lower} can go ahead: the {{role}} is named and agreed",
            lead=f"The {{role}} for {lower}, agreed with the family",
            reasons=("When needs become less complex, the {role} may change to someone from the service "
                     "that will carry on helping. The family is never left without a lead while they still get "
                     "early help.",
                     f"The lead is agreed with the family before the {upper} help ends.",
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
            title=f"Do not close the {upper} help yet: name and agree the {{role}} for {lower} first",
            lead="The current {role}, until a new lead is agreed",
            reasons=("The family must not be left without {a_role} while they still get early help.",
                     f"The lead for {lower} is named and agreed with the family before the Team Around the Family "
                     "closes.",
                     "Working Together 2023 expects families, children included, to have a say in who their lead "
                     "practitioner is."),
            next_steps=(f"Agree with the family who is best placed to lead at {lower}, and ask that practitioner.",
                        "Check the practitioner has the time and skills, and that their manager agrees.",
                        "Record the agreed lead, then step down."),
            sources=(WIGAN_CHANGING, WIGAN_EARLY_HELP, WT_EARLY_HELP),
            notes=(SAFETY_NOTE,),
        ),
    ]


def _step_down_universal(lowest: Level) -> Outcome:
    return Outcome(
        id="outcome_step_down_universal",
        title="Early help can end once the family agrees their needs have been met",
        lead="",
        reasons=(f"At {named(lowest)} the family's needs are met by the everyday services open to all, so no {{role}}"
                 " is needed.",
                 "Before help ends, the {role} makes sure the family knows how to use everyday services "
                 "and how to ask for help again."),
        next_steps=("Agree with the family, at a final review, that the help can end.",
                    "Check that the family knows where to go if things get harder.",
                    "Tell the practitioners involved, and record the reasons and the family's view."),
        sources=(WIGAN_FUNCTIONS, WIGAN_CHANGING, WIGAN_UNIVERSAL),
        notes=(SAFETY_NOTE,),
    )


# ----------------------------------------------------------------------------------------
# The tree the tools use: built from the council's framework once, then kept
# ----------------------------------------------------------------------------------------
_built: list = [None, None]  # [framework, its tree]


def tree() -> Tree:
    chosen = current()
    if _built[0] is not chosen:
        _built[:] = [chosen, build(chosen)]
    return _built[1]


def __getattr__(name: str):
    if name == "TREE":
        return tree()
    raise AttributeError(name)
