"""Changing the lead professional: is a change needed, and what does a good handover need?

Policy reviewers: the situations that call for a change come from Wigan Council's Early Help
Lead Professional Handbook (January 2022), "Changing the Lead Professional". A short absence,
such as annual leave or short-term sickness, is not one of them: the other practitioners carry
the lead's functions meanwhile ("Supporting the Lead Professional").

Every result that calls for a change ends with the same handover (HANDOVER below), built from
Wigan and from Working Together to Safeguard Children 2023:
- the new lead is agreed with the family, children included, and with the new lead themselves;
- there is no gap: the current lead stays until the new one has taken over, and support goes on
  while any specialist assessment is carried out;
- everyone is told, and the plan and information are passed on with the family's consent;
- continuity is preferred where possible, so a change is made for a reason.

All the wording a reader sees is in this file, questions first, then the results.
"""

from __future__ import annotations

from .local_names import FRONT_DOOR, ROLE_NAMES
from ..engine.model import Option, Outcome, Question, Source, Tree
from ..engine.validate import validate
from .safety import safety_note
from .sources import WT_CIN, WT_EARLY_HELP, WT_S47

CHANGING = Source("wigan-2022", "Changing the Lead Professional")
SUPPORTING = Source("wigan-2022", "Supporting the Lead Professional")
FUNCTIONS = Source("wigan-2022", "What is a Lead Professional? The key functions (specialist assessments and transition)")
STEP_DOWN = Source("wigan-2022", "Lead Professionals: children across the thresholds: children receiving earliest help "
                                 "and early help (levels 2 and 3)")
MYTHS = Source("wigan-2022", "Lead Professional Myths and Truths")

# ----------------------------------------------------------------------------------------
# Questions, in the order they are asked
# ----------------------------------------------------------------------------------------
REASON = Question(
    id="reason",
    text="Why might the {role} need to change?",
    summary="Reason for a change",
    error="Select why the {role} might need to change",
    hint="If more than one applies, choose the first that fits.",
    options=(
        Option(id="leaving", label="The {role} is leaving their job or changing role",
               next="outcome_leaving"),
        Option(id="away", label="The {role} will be away for a while", next="absence"),
        Option(id="service_ending", label="The {role}'s service is ending its work with the family",
               next="service_ending"),
        Option(id="needs_changed",
               label="The child's needs have changed, and another agency is now better placed to lead",
               next="outcome_needs_changed",
               hint="For example, the health needs that started the work are resolved and the main need "
                    "is now at school."),
        Option(id="asked", label="The child, young person or a parent has asked for a different {role}",
               next="outcome_requested"),
        Option(id="other", label="None of these, or I am not sure", next="outcome_no_change"),
    ),
)

ABSENCE = Question(
    id="absence",
    text="How long will the {role} be away?",
    summary="Length of absence",
    error="Select how long the {role} will be away",
    options=(
        Option(id="short", label="A short time, such as annual leave or short-term sickness", next="outcome_cover"),
        Option(id="long", label="A long time, or nobody knows yet", next="outcome_long_absence"),
    ),
)

SERVICE_ENDING = Question(
    id="service_ending",
    text="Why is the service ending its work with the family?",
    summary="Why the service is ending",
    error="Select why the service is ending its work with the family",
    options=(
        Option(id="more_complex", label="The needs are more complex, and a statutory service is now involved",
               next="outcome_statutory",
               hint="For example, children's social care has accepted a referral."),
        Option(id="less_complex", label="The needs are less complex, so the service is no longer needed",
               next="outcome_step_down",
               hint="This includes a child who is no longer looked after, or who no longer needs a child in "
                    "need or child protection plan."),
        Option(id="disengaged", label="The family has stopped working with that service", next="outcome_disengaged"),
    ),
)

# ----------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------
HANDOVER = (
    "Agree the new lead with the family, children included: ask who they would like, and explain the choices.",
    "Check that the new lead agrees to take the role and has the time, skills and support to do it.",
    "Keep the current lead in the role until the new lead has taken over, so the family is never without one.",
    "Tell the family and every practitioner involved who the new lead is, from when, and how to reach them.",
    "With the family's consent, pass the plan and the information the new lead needs.",
    "Record the change, the reason for it and what the family thought of it.",
)
HANDOVER_REASON = ("A good handover leaves no gap: the family is never without a lead, and the new lead starts "
                   "with the plan and the family's agreement.")
FAMILY_SAY = ("Working Together 2023 expects families, children included, to have a say in who their lead "
              "practitioner is, and the role is taken on with the practitioner's agreement.")
SAFETY_NOTE = safety_note("a new lead to be in place")
ALLOCATION_TOOL = "To check who should take over, use the tool 'Who should be the {role}?'."

OUTCOMES = (
    Outcome(
        id="outcome_leaving",
        title="A change is needed: agree a new lead before the current one leaves",
        lead="A new {role}, agreed with the family",
        reasons=("When the {role} leaves their job or changes role, someone else must take on the role.",
                 HANDOVER_REASON, FAMILY_SAY),
        next_steps=("Start the handover as soon as the leaving date is known.", ALLOCATION_TOOL) + HANDOVER,
        sources=(CHANGING, FUNCTIONS, WT_EARLY_HELP),
    ),
    Outcome(
        id="outcome_cover",
        title="No change is needed: the other practitioners cover while the lead is away",
        lead="The current {role}, covered by the team",
        reasons=("A short absence, such as annual leave or short-term sickness, is not a reason to change the lead.",
                 "While the lead is away, the other practitioners around the family keep the lead's functions going "
                 "as far as they can, so the support carries on without a break.",
                 "Keeping the same lead is better for the family where that is possible."),
        next_steps=("Before the absence, agree who the family should contact while the lead is away, and tell the family.",
                    "Agree who will chair, take the minutes and share them if a meeting falls during the absence.",
                    "Keep to the actions agreed in the plan.",
                    "If the absence turns out to be long, look at this again: a change may then be needed."),
        sources=(SUPPORTING, CHANGING),
    ),
    Outcome(
        id="outcome_long_absence",
        title="Agree who leads while the {role} is away",
        lead="{A_role} for the time being, agreed with the family",
        reasons=("The sources treat a short absence as something the team covers; a long or open-ended absence "
                 "leaves the family without a single point of contact, which is what {a_role} is for.",
                 "Treat it like a change of lead, even if the current lead may come back.",
                 FAMILY_SAY),
        next_steps=("Agree with the family whether the new lead takes over for now or for good.", ALLOCATION_TOOL) + HANDOVER,
        sources=(SUPPORTING, CHANGING, WT_EARLY_HELP),
    ),
    Outcome(
        id="outcome_statutory",
        title="A change is needed: agree the new lead with the statutory service",
        lead="Decided with the statutory service (in children's social care, by a social-work-qualified manager)",
        reasons=("When needs become more complex and a statutory service becomes involved, the current lead's "
                 "service may end its part, and the lead role moves.",
                 "Working Together 2023 says that once children's social care accepts a referral, a "
                 "social-work-qualified practice supervisor or manager decides who the lead practitioner is, with "
                 "partners where appropriate; it may be a practitioner other than a social worker. A child protection "
                 "enquiry (section 47) is always led by a social worker.",
                 "The current lead keeps supporting the family while any specialist assessment is carried out, and "
                 "hands over properly once the new lead is ready.",
                 "Even where children's social care decides, the family, children included, should be told who will "
                 "lead and why, and their views heard."),
        next_steps=("Ask the statutory service who will lead. In children's social care a social-work-qualified practice "
                    "supervisor or manager decides, with partners, and it may be a practitioner other than a social "
                    "worker.",
                    "Keep supporting the family while the statutory service assesses.",
                    "Agree with the statutory service when the new lead takes over.", ALLOCATION_TOOL) + HANDOVER,
        sources=(CHANGING, FUNCTIONS, WT_CIN, WT_S47),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_step_down",
        title="A change is needed: agree a new lead as the service steps back",
        lead="A new {role}, agreed with the family",
        reasons=("When needs become less complex, the current lead's service may no longer be needed, for example "
                 "when a child is no longer looked after, or no longer needs a child in need or child protection plan.",
                 "When a case steps down from children's social care to a Team Around the Family, the family and the "
                 "social worker agree the new lead as part of the step-down. The new lead co-ordinates the first Team "
                 "Around the Family meeting after it.",
                 FAMILY_SAY),
        next_steps=("Agree the new lead before the current service closes its involvement.", ALLOCATION_TOOL) + HANDOVER,
        sources=(CHANGING, STEP_DOWN, MYTHS, WT_EARLY_HELP),
        notes=("If nobody still needs to co-ordinate support from more than one service, talk with the family "
               "at a review about whether {a_role} is still needed.",),
    ),
    Outcome(
        id="outcome_disengaged",
        title="A change is needed: a practitioner the family still works with may be better placed",
        lead="A practitioner the family still works with, agreed with them",
        reasons=("If the family stops working with the service that provides the {role}, the lead can no "
                 "longer be their single point of contact, so the role should move.",
                 FAMILY_SAY),
        next_steps=("Ask the family which of the practitioners they still see they would like to lead.",
                    "If the family is pulling away from all support, see the tool 'Engaging a family that is hard to "
                    "engage'.") + HANDOVER,
        sources=(CHANGING, WT_EARLY_HELP),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_needs_changed",
        title="A change is needed: a practitioner from the agency best placed for the new needs should lead",
        lead="A practitioner from the agency now best placed, agreed with the family",
        reasons=("When the child's needs change a lot, it can make sense for a practitioner from another agency to "
                 "take the lead: for example, when health needs are resolved and the main need is now at school.",
                 HANDOVER_REASON, FAMILY_SAY),
        next_steps=("Agree at the next Team Around the Family meeting which agency is now best placed.",
                    ALLOCATION_TOOL) + HANDOVER,
        sources=(CHANGING, FUNCTIONS, WT_EARLY_HELP),
    ),
    Outcome(
        id="outcome_requested",
        title="Change the {role}: agree the new lead with the person who asked",
        lead="A new {role}, agreed with the family",
        reasons=("A request from the child, young person or a parent is one of the situations in which the {role}"
                 " should change.",
                 FAMILY_SAY,
                 "Keeping the same lead is better where possible, so it is worth understanding what has not worked."),
        next_steps=("Talk with the person who asked about what has not worked and who they would prefer.",
                    "Make sure the child's view is heard as well as the parents'.") + HANDOVER,
        sources=(CHANGING, WT_EARLY_HELP),
    ),
    Outcome(
        id="outcome_no_change",
        title="A change is probably not needed: keep the current {role}",
        lead="The current {role}",
        reasons=("Keeping the same lead gives the family continuity, so a change is made only for a reason.",
                 "The reasons for a change are: the lead is leaving or changing role; their service is ending its work "
                 "with the family; the child's needs have changed so another agency is better placed; or the child, "
                 "young person or a parent asks for a change."),
        next_steps=("If you are unsure, raise it at the next Team Around the Family meeting and ask the family what "
                    "they think.",
                    "Remember the lead can change later, as the family's needs change."),
        sources=(CHANGING, STEP_DOWN),
    ),
)

TREE = validate(Tree(
    id="change_lead",
    title="Changing the {role}",
    description="Find whether the {role} needs to change, and what a good handover needs.",
    start="reason",
    nodes=(REASON, ABSENCE, SERVICE_ENDING) + OUTCOMES,
    names=(FRONT_DOOR, *ROLE_NAMES),
))
