"""Asking for an independent chair for a Team Around the Family meeting, and who chairs and
takes the minutes otherwise.

Policy reviewers: Salford Early Help (web page, updated October 2018) names three situations in
which its early help team can chair a Team Around the Family (TAF) meeting: the case is complex
and drifting; the person chairing is not confident to; or the team disagrees and an independent
chair would help. In those situations this tool says to ask the council's early help team
(written {early_help_team} below; each council sets its own name).

Otherwise the tool follows Wigan (Early Help Lead Professional Handbook, January 2022) and the
Centre for Professional Practice slides: chairing and minute-taking are shared roles, agreed
before the meeting, with a rota agreed at or before the first TAF; the lead professional need not
chair or take the minutes; and the chair should not also take the minutes.

An escalation meeting is held when the early help team works with a family and thinks the
needs have risen from level 2 to level 3. It is chaired by an early help team manager (Salford;
written {early_help_manager}), the case cannot be considered for children's social care until it
has taken place, and the meeting decides whether to escalate. Nothing here delays a child
protection referral: where a child may be at risk of significant harm, contact the front door
({front_door}) straight away.

All the wording a reader sees is in this file, questions first, then the results.
"""

from __future__ import annotations

from .local_names import EARLY_HELP_MANAGER, EARLY_HELP_TEAM, FRONT_DOOR, ROLE_NAMES
from ..engine.model import MULTI, Branch, Condition, Option, Outcome, Question, Rule, Source, Tree
from ..engine.validate import validate
from .safety import safety_note
from .sources import WT_REFERRAL

SALFORD_CHAIR = Source("salford-2018", "When the Early Help Assessment team can support with chairing TAF meetings")
SALFORD_ESCALATION = Source("salford-2018", "Escalation meetings: needs rising from level 2 to level 3")
TAF_PROCESS = Source("wigan-2022", "Team Around the Family Process (Signs of Safety): before the first meeting, "
                                   "and the end of each meeting")
MYTHS = Source("wigan-2022", "Lead Professional Myths and Truths")
SUPPORTING = Source("wigan-2022", "Supporting the Lead Professional")
BEFORE_MEETING = Source("wigan-2022", "Talking to the family before the meeting")
CHAIRING_TIPS = Source("wigan-2022", "Chairing a meeting: top tips (overt disagreement between members)")
CPP_MEETINGS = Source("cpp", "Meetings")

# Tags on the "Do any of these apply?" question. The routing reads these, never the wording.
COMPLEX_DRIFTING = "complex_drifting"
CHAIR_NOT_CONFIDENT = "chair_not_confident"
DISAGREEMENT = "disagreement"
NONE_APPLY = "none_apply"

# ----------------------------------------------------------------------------------------
# Questions, in the order they are asked
# ----------------------------------------------------------------------------------------
MEETING = Question(
    id="meeting",
    text="What kind of meeting are you planning?",
    summary="Kind of meeting",
    error="Select what kind of meeting you are planning",
    options=(
        Option(id="taf", label="A Team Around the Family meeting", next="situations"),
        Option(id="escalation", label="An escalation meeting, because the early help team thinks needs have risen "
                                   "from level 2 to level 3",
               next="outcome_escalation",
               hint="This includes a Team Around the Family meeting held as an escalation meeting."),
    ),
)

SITUATIONS = Question(
    id="situations",
    text="Do any of these apply to this Team Around the Family?",
    summary="Reasons for an independent chair",
    error="Select which of these apply, or 'None of these'",
    hint="Tick all that apply.",
    kind=MULTI,
    next="chair_route",
    options=(
        Option(id="complex_drifting", label="The case is complex and the plan is drifting",
               tags=frozenset({COMPLEX_DRIFTING})),
        Option(id="not_confident", label="The person due to chair does not feel confident to chair this meeting",
               tags=frozenset({CHAIR_NOT_CONFIDENT})),
        Option(id="disagreement", label="The team disagrees, and a chair from outside it would help",
               tags=frozenset({DISAGREEMENT})),
        Option(id="none", label="None of these", exclusive=True, tags=frozenset({NONE_APPLY})),
    ),
)

ROLES = Question(
    id="roles",
    text="Who is due to chair and take the minutes at this meeting?",
    summary="Chair and minute-taker",
    error="Select who is due to chair and take the minutes",
    options=(
        Option(id="agreed", label="It is agreed: one person chairs and another takes the minutes",
               next="outcome_roles_agreed"),
        Option(id="same_person", label="One person is expected to chair and take the minutes",
               next="outcome_split_roles",
               hint="Often this falls to the {role}."),
        Option(id="nothing_agreed", label="Nothing has been agreed yet", next="outcome_agree_roles"),
        Option(id="not_sure", label="Not sure", next="outcome_agree_roles"),
    ),
)


def _disagreement(context) -> bool:
    return DISAGREEMENT in context.tags("situations")


def _chair_help_needed(context) -> bool:
    return bool(context.tags("situations") & {COMPLEX_DRIFTING, CHAIR_NOT_CONFIDENT})


CONDITIONS = (
    Condition("team_disagrees", "The team disagrees and a chair from outside it would help", _disagreement),
    Condition("chair_help_needed", "The case is complex and drifting, or the person due to chair is not confident",
              _chair_help_needed),
)

CHAIR_ROUTE = Branch(
    id="chair_route",
    text="Would an independent chair help?",
    rules=(
        Rule(when="team_disagrees", next="outcome_independent_chair_disagreement"),
        Rule(when="chair_help_needed", next="outcome_independent_chair"),
    ),
    otherwise="roles",
)

# ----------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------
SALFORD_OFFER = ("In Salford, the early help team offers to chair a Team Around the Family meeting in three "
                 "situations: a complex case that is drifting, a chair who is not confident, and a team that "
                 "disagrees. Check what {early_help_team} offers in your area.")
NOT_THE_LEAD = ("An independent chair runs the meeting; the {role} keeps their role as the family's "
                "single point of contact.")
SHARED_ROLES = ("Chairing and taking the minutes are shared roles, agreed before the meeting. The {role}"
                " does not have to do either.")
CHAIR_NOT_MINUTES = "Whoever chairs should not also be expected to take the minutes."
SAFETY_NOTE = safety_note("a meeting")

OUTCOMES = (
    Outcome(
        id="outcome_independent_chair",
        title="Ask {early_help_team} to chair the meeting",
        lead="",
        reasons=("An independent chair can get a complex, drifting case moving again, and takes the pressure off a "
                 "practitioner who is not confident to chair.",
                 SALFORD_OFFER,
                 "If the {role} is not confident to chair, another practitioner in the team can also be "
                 "asked to chair."),
        next_steps=("Contact {early_help_team} as soon as you can, and say which situation applies.",
                    "Send the chair the plan and the latest review, as agreed with the family.",
                    "Make sure the chair meets the family before the meeting to explain how it will run.",
                    "Agree who will take the minutes: not the chair."),
        sources=(SALFORD_CHAIR, MYTHS, BEFORE_MEETING),
        notes=(NOT_THE_LEAD, SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_independent_chair_disagreement",
        title="Ask {early_help_team} for an independent chair to help the team work through the disagreement",
        lead="",
        reasons=("Where the team disagrees, a chair from outside it can keep the meeting fair and focused on the "
                 "child.",
                 SALFORD_OFFER),
        next_steps=("Contact {early_help_team} as soon as you can and explain what the disagreement is about.",
                    "Put the disagreement on the agenda, so that every view is heard.",
                    "In the meeting, widen the discussion to the rest of the group, rather than letting two people argue "
                    "it out.",
                    "Record what is agreed, or that it is not yet agreed.",
                    "If agencies still disagree after the meeting, use the tool 'Resolving a disagreement between "
                    "agencies'."),
        sources=(SALFORD_CHAIR, CHAIRING_TIPS),
        notes=(NOT_THE_LEAD, safety_note("the meeting", worry="the disagreement is about whether a child is safe")),
    ),
    Outcome(
        id="outcome_roles_agreed",
        title="Keep to what was agreed: one person chairs, another takes the minutes",
        lead="",
        reasons=(SHARED_ROLES, CHAIR_NOT_MINUTES),
        next_steps=("Confirm the arrangement with both people before the meeting.",
                    "Make sure the chair talks to the family before the meeting.",
                    "At the end of the meeting, name the chair and the minute-taker for the next one.",
                    "After the meeting, send the completed review to everyone who came, and to others only with the "
                    "family's consent."),
        sources=(TAF_PROCESS, MYTHS, BEFORE_MEETING),
    ),
    Outcome(
        id="outcome_split_roles",
        title="Share the roles: one person should not chair and take the minutes",
        lead="",
        reasons=(CHAIR_NOT_MINUTES,
                 "Nobody can support the family, chair and take notes at the same meeting. The other practitioners "
                 "are expected to share the work.",
                 SHARED_ROLES),
        next_steps=("Ask another practitioner in the team to take the minutes, or to chair.",
                    "Agree a rota for chairing and taking the minutes, so the work is shared at every meeting.",
                    "If nobody feels confident to chair, answer this tool again and tick that the person due to chair "
                    "is not confident."),
        sources=(TAF_PROCESS, MYTHS, CPP_MEETINGS, SUPPORTING),
    ),
    Outcome(
        id="outcome_agree_roles",
        title="Agree who chairs and who takes the minutes before the meeting",
        lead="",
        reasons=(SHARED_ROLES, CHAIR_NOT_MINUTES,
                 "A rota for chairing and taking the minutes works well. Agree it at or before the first meeting."),
        next_steps=("Contact the team now and agree a chair and a separate minute-taker.",
                    "Agree a rota at or before the first meeting.",
                    "After a step-down from children's social care, the {role} often chairs the first meeting. "
                    "If they are not confident to, another practitioner can be asked.",
                    "If nobody feels confident to chair, answer this tool again and tick that the person due to chair "
                    "is not confident."),
        sources=(TAF_PROCESS, MYTHS, CPP_MEETINGS),
    ),
    Outcome(
        id="outcome_escalation",
        title="The escalation meeting is chaired by {early_help_manager}",
        lead="",
        reasons=("Salford's guidance: when the early help team is working with a family and thinks the needs have "
                 "risen from level 2 to level 3, an escalation meeting is held. The case cannot be considered for "
                 "children's social care until that meeting has taken place.",
                 "A manager from the early help team chairs it, and the meeting decides whether to escalate the case "
                 "to children's social care through {front_door}.",
                 "It can be held as part of a Team Around the Family meeting, or on its own if time is short.",
                 "A worry that a child is suffering, or is likely to suffer, significant harm never waits for it: "
                 "Working Together 2023 expects such a worry to go to children's social care straight away."),
        next_steps=("Ask {early_help_manager} to chair.",
                    "Decide whether to hold it at the next Team Around the Family meeting or separately.",
                    "Bring the plan and what has changed for the child and family.",
                    "Record the decision and tell the family what it means for them."),
        sources=(SALFORD_ESCALATION, WT_REFERRAL),
        notes=(SAFETY_NOTE,),
    ),
)

TREE = validate(Tree(
    id="independent_chair",
    title="Asking for an independent chair for a Team Around the Family meeting",
    description="Find whether to ask for an independent chair and, if not, how to share chairing and "
                "taking the minutes.",
    start="meeting",
    nodes=(MEETING, SITUATIONS, CHAIR_ROUTE, ROLES) + OUTCOMES,
    conditions=CONDITIONS,
    names=(EARLY_HELP_TEAM, EARLY_HELP_MANAGER, FRONT_DOOR, *ROLE_NAMES),
))
