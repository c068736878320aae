"""Resolving a disagreement between agencies: where to take it next.

Policy reviewers: the route comes from Plymouth's Lead Professional Guidance, "Accountability and
conflict resolution". A disagreement between agencies goes, one step at a time:

1. to the multi-agency meeting (usually the Team Around the Family meeting);
2. then to a broker between the agencies ({dispute_broker});
3. then to a multi-agency group ({dispute_group});
4. and finally to the most senior level ({dispute_executive}).

Each council names its own people and groups for steps 2 to 4 in its settings file. The tool
asks how far the disagreement has gone and gives the next step. At every step, each agency stays
accountable for its own services (Wigan, "Accountability of the Lead Professional"): a
practitioner who is not satisfied with another agency's response follows it up, and escalates.

Safety comes first: a disagreement must never delay protecting a child. Where it is about a
child's safety, the tool sends the reader to the front door ({front_door}) straight away and to
the local safeguarding partnership's escalation procedure, not along this route.

All the wording a reader sees is in this file, questions first, then the results.
"""

from __future__ import annotations

from .local_names import DISPUTE_BROKER, DISPUTE_EXECUTIVE, DISPUTE_GROUP, FRONT_DOOR, ROLE_NAMES
from ..engine.model import Option, Outcome, Question, Source, Tree
from ..engine.validate import validate
from .safety import safety_note
from .sources import WT_EARLY_HELP, WT_REFERRAL

ROUTE = Source("plymouth", "Accountability and conflict resolution")
CRITERIA = Source("plymouth", "Criteria for allocating the lead professional for other cases")
ACCOUNTABILITY = Source("wigan-2022", "Accountability of the Lead Professional")
IDENTIFIED = Source("wigan-2022", "How is the Lead Professional identified?")
MYTHS = Source("wigan-2022", "Lead Professional Myths and Truths")
CPP_FUNCTIONS = Source("cpp", "Key functions (accountability of the lead professional)")
WT_ARRANGEMENTS = Source("wt-2023", "Chapter 2: multi-agency safeguarding arrangements (local procedures, "
                                    "including escalation)")

# ----------------------------------------------------------------------------------------
# Questions, in the order they are asked
# ----------------------------------------------------------------------------------------
SAFETY = Question(
    id="safety",
    text="Is the disagreement about whether a child is safe?",
    summary="Whether it is about safety",
    error="Select whether the disagreement is about whether a child is safe",
    hint="For example, whether a child may be at risk of significant harm, or whether to make a child "
         "protection referral.",
    options=(
        Option(id="yes", label="Yes", next="outcome_safety"),
        Option(id="not_sure", label="Not sure", next="outcome_safety"),
        Option(id="no", label="No", next="stage"),
    ),
)

STAGE = Question(
    id="stage",
    text="How far has the disagreement gone so far?",
    summary="How far it has gone",
    error="Select how far the disagreement has gone so far",
    hint="The multi-agency meeting is usually the Team Around the Family meeting.",
    options=(
        Option(id="not_raised", label="It has not been raised at the multi-agency meeting yet", next="subject"),
        Option(id="meeting", label="The multi-agency meeting tried, and could not settle it", next="outcome_broker"),
        Option(id="broker", label="It went to {dispute_broker}, and it is still not settled", next="outcome_group"),
        Option(id="group", label="It went to {dispute_group}, and it is still not settled", next="outcome_executive"),
    ),
)

SUBJECT = Question(
    id="subject",
    text="What is the disagreement about?",
    summary="What it is about",
    error="Select what the disagreement is about",
    options=(
        Option(id="who_leads", label="Who should be the {role}", next="outcome_meeting_lead"),
        Option(id="not_done", label="A practitioner or agency has not done what was agreed in the plan",
               next="outcome_follow_up"),
        Option(id="other", label="Something else, such as what support the family needs", next="outcome_meeting"),
    ),
)

# ----------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------
ACCOUNTABLE = ("Each agency stays accountable, through its own managers, for the services it provides. The "
               "{role} is not accountable for the services of other agencies.")
KEEP_GOING = "Keep the support agreed in the plan going while the disagreement is settled."
SAFETY_NOTE = safety_note("the disagreement to be settled", worry="the disagreement turns on whether a child is safe",
                          also="use your safeguarding partnership's escalation procedure")


def step_of_route(number: int) -> str:
    return f"This is step {number} of the 4 steps in the route for disagreements between agencies."


OUTCOMES = (
    Outcome(
        id="outcome_safety",
        title="Act on the safety concern now: contact {front_door}",
        lead="",
        reasons=("A disagreement between agencies must never delay protecting a child.",
                 "A worry that a child may be at risk of significant harm goes to {front_door} straight away, "
                 "whatever other agencies think: Working Together 2023 expects such a worry to be referred to "
                 "children's social care without delay.",
                 "Disagreements about a child's safety, including about decisions already made, follow your local "
                 "safeguarding partnership's escalation procedure, not the route for everyday disagreements."),
        next_steps=("Contact {front_door} today. In an emergency, call 999.",
                    "If you are not sure whether it is about a child's safety, talk to your agency's designated "
                    "safeguarding lead today.",
                    "If you disagree with a decision about a child's safety, tell your manager and use your local "
                    "safeguarding partnership's escalation procedure.",
                    "Record your concern, who you told, and what was decided."),
        sources=(WT_REFERRAL, WT_ARRANGEMENTS, ACCOUNTABILITY),
    ),
    Outcome(
        id="outcome_meeting",
        title="Raise it at the multi-agency meeting first",
        lead="",
        reasons=("Disagreements between agencies are settled first at the multi-agency meeting.",
                 step_of_route(1),
                 ACCOUNTABLE),
        next_steps=("Tell the chair before the meeting, so that it goes on the agenda.",
                    "At the meeting, set out each agency's view and its reasons, keeping the child's needs and the "
                    "family's views at the centre.",
                    "Record what is agreed, or that it is not agreed, and who will do what by when.",
                    "If the team is divided, an independent chair may help: see the tool 'Asking for an independent "
                    "chair for a Team Around the Family meeting'.",
                    "If the meeting cannot settle it, the next step is {dispute_broker}."),
        sources=(ROUTE, ACCOUNTABILITY),
        notes=(KEEP_GOING, SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_meeting_lead",
        title="Settle who leads at the multi-agency meeting, using the criteria and the family's wishes",
        lead="",
        reasons=("The {role} is chosen by discussion and agreement, and clear criteria make disagreements "
                 "less likely: the child's main needs, which agency is mainly or legally responsible, who already "
                 "knows the child, and who acts as the child's advocate.",
                 "Where more than one practitioner fits, the wishes of the child and family decide. Working Together "
                 "2023 expects families, children included, to have a say in who their lead practitioner is.",
                 step_of_route(1)),
        next_steps=("Use the tool 'Who should be the {role}?' to compare the options.",
                    "Ask the family, children included, who they would like.",
                    "If someone is already the lead, they carry on until the question is settled.",
                    "If the meeting cannot settle it, the next step is {dispute_broker}."),
        sources=(CRITERIA, ROUTE, IDENTIFIED, WT_EARLY_HELP),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_follow_up",
        title="Follow it up with the practitioner, then their manager, before taking it further",
        lead="",
        reasons=("Each practitioner answers to their own agency for the support they agreed to give.",
                 "The {role} is not accountable for other agencies' services, and does not have to do all "
                 "the chasing: whoever is best placed can follow it up, with the practitioner's manager if needed.",
                 "If you are not satisfied with the response, follow it up, and escalate if you are still not satisfied."),
        next_steps=("Talk to the practitioner: check what was agreed and what is getting in the way.",
                    "If nothing changes, contact their manager.",
                    "If it is still not resolved, raise it at the multi-agency meeting, the first step in the route for "
                    "disagreements between agencies."),
        sources=(ACCOUNTABILITY, MYTHS, CPP_FUNCTIONS, ROUTE),
        notes=(KEEP_GOING, SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_broker",
        title="Ask {dispute_broker} to broker between the agencies",
        lead="",
        reasons=("When the multi-agency meeting cannot settle a disagreement, someone outside it brokers between the "
                 "agencies.",
                 step_of_route(2),
                 ACCOUNTABLE),
        next_steps=("Write a short summary: what the disagreement is, each agency's view, what the meeting tried, and how "
                    "it affects the child.",
                    "Send it to {dispute_broker}, and tell the other agencies and your own manager that you have done so.",
                    "If brokering does not settle it, the next step is {dispute_group}."),
        sources=(ROUTE, ACCOUNTABILITY),
        notes=(KEEP_GOING, SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_group",
        title="Ask {dispute_broker} to take it to {dispute_group}",
        lead="",
        reasons=("When brokering between the agencies does not settle it, the disagreement is escalated to a "
                 "multi-agency group.",
                 step_of_route(3),
                 ACCOUNTABLE),
        next_steps=("Add to the summary what brokering tried and where it stuck.",
                    "Agree with {dispute_broker} exactly what the group is being asked to decide.",
                    "If the group cannot settle it, the last step is {dispute_executive}."),
        sources=(ROUTE, ACCOUNTABILITY),
        notes=(KEEP_GOING, SAFETY_NOTE),
    ),
    Outcome(
        id="outcome_executive",
        title="Take it to {dispute_executive}: the final step",
        lead="",
        reasons=("When the multi-agency group cannot settle it, the disagreement goes to the most senior level.",
                 step_of_route(4),
                 ACCOUNTABLE),
        next_steps=("Ask {dispute_group} to refer it, with the summary and what each step tried.",
                    "Record the decision, and tell the family what it means for them.",
                    "Afterwards, ask whether anything in how agencies work together should change, so the same "
                    "disagreement does not come back."),
        sources=(ROUTE, ACCOUNTABILITY),
        notes=(KEEP_GOING, SAFETY_NOTE),
    ),
)

TREE = validate(Tree(
    id="disagreement",
    title="Resolving a disagreement between agencies",
    description="Find where to take a disagreement between agencies next, from what has been tried so far.",
    start="safety",
    nodes=(SAFETY, STAGE, SUBJECT) + OUTCOMES,
    names=(FRONT_DOOR, DISPUTE_BROKER, DISPUTE_GROUP, DISPUTE_EXECUTIVE, *ROLE_NAMES),
))
