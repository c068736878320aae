"""Engaging a family that is hard to engage: what to try next.

Policy reviewers: this tool follows Wigan's 11-step approach to families that may be hard to
engage (Wigan Council, Early Help Lead Professional Handbook, January 2022, "Working with
families that may be hard to engage"). It asks what the practitioner has tried so far and how
the family has responded, and then gives one of these results:

- keep trying to make contact: the ways of reaching a family are asked about one at a time, in
  Wigan's order, and the result is the first one not yet tried (steps 1 to 4 and 7);
- support is under way: how to make the first meetings count (steps 5 and 6);
- a final appointment, after agreeing a time for the family to think (steps 8 and 9);
- closing, leaving contact details and, where worries remain, talking to the referrer and
  considering a referral to the council's front door (steps 10 and 11).

Every result names the step numbers it relies on. The first question is about safety: where a
child may be at risk of significant harm, nobody waits for the family to engage.

All the wording a reader sees is in this file, questions first, then the results.
"""

from __future__ import annotations

from .local_names import FRONT_DOOR, ROLE_NAMES
from ..engine.model import Option, Outcome, Question, Source, Tree
from ..engine.validate import validate
from .safety import safety_note
from .sources import WT_EARLY_HELP, WT_REFERRAL

SECTION = "Working with families that may be hard to engage"


def steps(numbers: str) -> Source:
    """Wigan's hard-to-engage approach, naming the steps relied on, e.g. steps("steps 1 to 3")."""
    return Source("wigan-2022", f"{SECTION}: {numbers}")



# ----------------------------------------------------------------------------------------
# Questions, in the order they are asked
# ----------------------------------------------------------------------------------------
SAFETY = Question(
    id="safety",
    text="Do you think a child in this family may be at risk of significant harm?",
    summary="Risk of significant harm",
    error="Select whether a child may be at risk of significant harm",
    hint="Answer yes if you are worried a child is being, or is likely to be, seriously harmed.",
    options=(
        Option(id="yes", label="Yes", next="outcome_safety"),
        Option(id="not_sure", label="Not sure", next="outcome_safety"),
        Option(id="no", label="No", next="response"),
    ),
)

RESPONSE = Question(
    id="response",
    text="How has the family responded so far?",
    summary="Family's response",
    error="Select how the family has responded so far",
    options=(
        Option(id="not_met", label="We have not met yet", next="contact_basics",
               hint="They have not replied, they keep missing appointments, or you have not "
                    "tried to reach them yet."),
        Option(id="hesitant", label="We have been in touch, but they are unsure about taking up support",
               next="final_appointment"),
        Option(id="willing", label="They have agreed to meet, or we have met and they want support",
               next="outcome_support"),
        Option(id="declined", label="They have told me they do not want support", next="worries"),
    ),
)

CONTACT_BASICS = Question(
    id="contact_basics",
    text="Have you phoned or texted the family, and tried twice more when they did not reply?",
    summary="First contact and two more tries",
    error="Select whether you have phoned or texted the family and tried twice more",
    hint="If your service sends letters, a letter confirming the first appointment is part of this step.",
    options=(
        Option(id="yes", label="Yes", next="details_checked"),
        Option(id="no", label="No, not yet", next="outcome_make_contact"),
    ),
)

DETAILS_CHECKED = Question(
    id="details_checked",
    text="Have you checked the family's contact details with the referrer or others who know them well?",
    summary="Details checked with others",
    error="Select whether you have checked the family's contact details with others",
    hint="Answer yes also if you have visited together with someone the family already trusts.",
    options=(
        Option(id="yes", label="Yes", next="met_elsewhere"),
        Option(id="no", label="No, not yet", next="outcome_check_details"),
    ),
)

MET_ELSEWHERE = Question(
    id="met_elsewhere",
    text="Have you tried to meet the family at school drop-off or pick-up, or called round without an appointment?",
    summary="School gate or unannounced visit",
    error="Select whether you have tried the school gate or called round without an appointment",
    options=(
        Option(id="yes", label="Yes, and we still have not met", next="worries"),
        Option(id="no", label="No, not yet", next="outcome_meet_elsewhere"),
    ),
)

FINAL_APPOINTMENT = Question(
    id="final_appointment",
    text="Have you offered the family a final appointment?",
    summary="Final appointment",
    error="Select whether you have offered the family a final appointment",
    options=(
        Option(id="no", label="No, not yet", next="outcome_final_appointment"),
        Option(id="upcoming", label="Yes, and it has not happened yet", next="outcome_final_appointment"),
        Option(id="passed", label="Yes, and they still did not take up support", next="worries"),
    ),
)

WORRIES = Question(
    id="worries",
    text="Are you or the referrer worried about the children if the family does not take up support?",
    summary="Worries if support is not taken up",
    error="Select whether you or the referrer are worried about the children",
    hint="You may not know yet what the referrer thinks. If so, answer 'Not sure'.",
    options=(
        Option(id="yes", label="Yes", next="outcome_close_with_worries"),
        Option(id="not_sure", label="Not sure", next="outcome_close_with_worries"),
        Option(id="no", label="No", next="outcome_close"),
    ),
)


# ----------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------
SAFETY_NOTE = safety_note("the family to engage")

OUTCOMES = (
    Outcome(
        id="outcome_safety",
        title="Contact {front_door} now: do not wait for the family to engage",
        lead="",
        reasons=("A worry that a child may be at risk of significant harm is a matter for a referral, not for "
                 "more attempts to engage the family.",
                 "Nothing in this approach should delay protecting a child.",
                 "Working Together 2023 expects anyone who thinks a child is suffering, or is likely to suffer, "
                 "significant harm to refer to children's social care straight away."),
        next_steps=("Contact {front_door} today. In an emergency, call 999.",
                    "If you are not sure whether your worry reaches that level, talk to your agency's designated "
                    "safeguarding lead today, or ask {front_door} for advice.",
                    "Write down what you have seen or heard, when, and what you did about it."),
        sources=(WT_REFERRAL, steps("step 11")),
    ),
    Outcome(
        id="outcome_make_contact",
        title="Keep trying to reach the family: phone or text, confirm by letter, then try twice more",
        lead="",
        reasons=("The approach starts with simple contact: a call or a text to set up a first appointment (step 1), "
                 "a letter to confirm it where your service uses letters (step 2), and two more tries if there is "
                 "no reply (step 3).",
                 "You have not yet done all of these, so it is too early to try anything else."),
        next_steps=("Phone or text the family to offer a first appointment.",
                    "If your service uses letters, send one confirming the date and time.",
                    "If there is no reply, try again on two more occasions, at different times of day.",
                    "Come back to this tool once you have tried these steps."),
        sources=(steps("steps 1 to 3"),),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_check_details",
        title="Check the family's details with the referrer, and think about a joint visit",
        lead="",
        reasons=("When several tries get no reply, the contact details may be wrong, or the family may respond "
                 "better to someone they already know (step 4).",),
        next_steps=("Ask the referrer to confirm the family's phone number and address.",
                    "Ask other practitioners who get on well with the family how best to reach them.",
                    "Think about visiting together with one of them.",
                    "Come back to this tool if you still cannot reach the family."),
        sources=(steps("step 4"),),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_meet_elsewhere",
        title="Try meeting the family at the school gate, or call round tactfully",
        lead="",
        reasons=("If you cannot meet the family face to face, try where they are likely to be: at school "
                 "drop-off or pick-up times (step 7).",
                 "A visit without an appointment can also work, but some people dislike it, so be tactful "
                 "(step 7)."),
        next_steps=("Find out which school the children go to and when the family usually drops off or collects them.",
                    "If you call round unannounced, keep it light and positive: for example, say you may have had "
                    "the wrong number and did not want them to miss out on help.",
                    "Stay positive, whatever the response.",
                    "Come back to this tool if you still cannot meet the family."),
        sources=(steps("step 7"),),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_support",
        title="Support is under way: build trust and offer help that makes a difference quickly",
        lead="",
        reasons=("Early meetings work best when they start with easy conversation and what you can offer, "
                 "not with what you cannot (step 5).",
                 "Families engage when they can see what is in it for them, and when their strengths are "
                 "noticed (step 5).",
                 "A quick win, or practical help such as a food parcel, can build trust fast, even if the need "
                 "is outside your own remit (step 6).",
                 "Working Together 2023 expects the lead practitioner in early help to work with the family so that "
                 "they help shape their own plan."),
        next_steps=("Begin with 'problem-free talk' about everyday things, to build rapport.",
                    "Say what you can do for the family, and talk about the benefits as they see them.",
                    "Name the family's strengths.",
                    "Listen for other needs the family raises, and look for quick wins and immediate help such as "
                    "food parcels.",
                    "Agree the next steps with the family, such as starting an Early Help Assessment if one is needed."),
        sources=(steps("steps 5 and 6"), WT_EARLY_HELP),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_final_appointment",
        title="Give the family time to think, then offer a final appointment",
        lead="",
        reasons=("When a family is still unsure, remind them how support would help them, and agree how long "
                 "they would like to think it over (step 8).",
                 "While they think, a short, friendly message keeps the door open and shows you see them as "
                 "people rather than as a problem (step 9)."),
        next_steps=("Talk through the benefits for this family again, in their terms.",
                    "Agree with them how long they want to think about it.",
                    "In the meantime, send a text or a small card that picks up on your earlier easy conversation.",
                    "In that message, set a final appointment to talk about the support on offer.",
                    "If they do not take up support at the final appointment, come back to this tool."),
        sources=(steps("steps 8 and 9"),),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_close",
        title="Close, leaving the family with contact details and a way back to support",
        lead="",
        reasons=("The family has not taken up support and nobody is worried about the children if they do not "
                 "(steps 10 and 11).",
                 "Families can change their minds: leaving clear details makes it easy for them to come back "
                 "(step 10)."),
        next_steps=("Give the family the referrer's contact details and those of other agencies that could help.",
                    "Tell them how to ask for support in future.",
                    "Let the referrer know that you are closing, and why.",
                    "Record what you tried and how the family responded."),
        sources=(steps("steps 10 and 11"),),
        notes=(SAFETY_NOTE,),
    ),
    Outcome(
        id="outcome_close_with_worries",
        title="Talk to the referrer before you close, and consider a referral to {front_door}",
        lead="",
        reasons=("Where there are worries about the children if the family does not take up support, closing "
                 "is not the end of it: talk the worries through with the referrer (step 11).",
                 "Your service may never have met the family, so the referrer may know more than you do "
                 "(step 11).",
                 "If the worries remain, the route on is a referral to {front_door} (step 11)."),
        next_steps=("Talk to the referrer about what worries them if the family does not engage with a Team "
                    "Around the Family.",
                    "If there are still worries, consider a referral to {front_door}.",
                    "Give the family the referrer's contact details and those of other agencies that could help, "
                    "and tell them how to ask for support in future.",
                    "Record what you tried, how the family responded, and what you and the referrer decided."),
        sources=(steps("steps 10 and 11"),),
        notes=(SAFETY_NOTE,),
    ),
)

TREE = validate(Tree(
    id="engagement",
    title="Engaging a family that is hard to engage",
    description="Find what to try next with a family you have not been able to engage, from what you "
                "have tried so far and how the family has responded.",
    start="safety",
    nodes=(SAFETY, RESPONSE, CONTACT_BASICS, DETAILS_CHECKED, MET_ELSEWHERE, FINAL_APPOINTMENT, WORRIES) + OUTCOMES,
    names=(FRONT_DOOR, *ROLE_NAMES),
))
