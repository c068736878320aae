"""The criteria route of the allocation tool: choosing a lead when no status decides.

Policy reviewers: the reader lists the practitioners involved (role and agency, never names)
and ticks what is true of each. The rules, from Plymouth's criteria for other cases and Wigan's
criteria for identifying the lead, read with Working Together 2023:

1. A practitioner QUALIFIES when at least one of the four allocation criteria is true of them
   (predominant needs, main or statutory responsibility, an existing relationship, an advocacy
   role) AND they have agreed to take the role AND they have the capacity for it.
2. Qualifying practitioners are ranked by the four criteria in the order Plymouth lists them,
   then by skills to co-ordinate. The ranking is this handbook's starting point, not a rule of
   the guidance: it explains, and it does not decide on its own.
3. Whenever more than one qualifies (not only when they fit equally well), the child's and
   family's wishes decide; a parent or carer may choose to be the lead themselves. The page's
   criteria (docs/_includes/choosing-criteria.md) say the same.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..engine.model import (CHOICE, PRACTITIONERS, Branch, Condition, Context, Detail, Option, Outcome, Question, Rule,
                    Source)
from ..engine.answers import practitioner_name

PLYMOUTH_CRITERIA = Source("plymouth", "Criteria for allocating the lead professional for other cases")
PLYMOUTH_MANAGERS = Source("plymouth", "Further considerations for line managers")
WIGAN_CRITERIA = Source("wigan-2022", "How is the Lead Professional identified? (the criteria)")
WT_AGREEMENT = Source("wt-2023", "Chapter 3: the lead practitioner's agreement, capacity and skills")

# The four allocation criteria, in the order the ranking uses them.
RANKED = ("predominant_needs", "main_responsibility", "relationship", "advocacy")
SUPPORTING = ("skills",)  # breaks ties between practitioners who meet the same criteria
GATES = ("agrees", "capacity")  # without both, a practitioner cannot be allocated the role

CRITERIA_OPTIONS = (
    Option(id="predominant_needs", label="Works in the area of the child's or family's main needs"),
    Option(id="main_responsibility", label="Their agency has the main responsibility for those needs, including any "
                                        "statutory duty"),
    Option(id="relationship", label="Already knows the child or family well, or is about to work closely with them"),
    Option(id="advocacy", label="Has an ongoing role speaking up for the child or young person"),
    Option(id="skills", label="Has the skills to co-ordinate the other practitioners and draw in other services"),
    Option(id="capacity", label="Has the time to take the role on, agreed with their manager"),
    Option(id="agrees", label="Has agreed to be the {role}"),
)
LABELS = {o.id: o.label for o in CRITERIA_OPTIONS}
SHORT = {"predominant_needs": "main needs", "main_responsibility": "main responsibility",
         "relationship": "relationship", "advocacy": "advocacy", "skills": "skills",
         "capacity": "capacity", "agrees": "agreed"}


# ------------------------------------------------------------------------------------------
# Policy: small functions, each tested on its own
# ------------------------------------------------------------------------------------------

def qualifies(entry: Mapping[str, Any]) -> bool:
    ticked = set(entry.get("criteria", ()))
    return all(g in ticked for g in GATES) and any(c in ticked for c in RANKED)


def rank_key(entry: Mapping[str, Any]) -> tuple:
    """Higher sorts first: qualifying, then each criterion in order, then skills."""
    ticked = set(entry.get("criteria", ()))
    return (qualifies(entry), *(c in ticked for c in RANKED), *(s in ticked for s in SUPPORTING))


def ranked(context: Context) -> list[tuple[int, Mapping[str, Any]]]:
    """(position in the reader's list, entry), best placed first; ties keep the reader's order."""
    entries = list(enumerate(context.entries("practitioners")))
    return sorted(entries, key=lambda pair: rank_key(pair[1]), reverse=True)


def qualifying(context: Context) -> list[tuple[int, Mapping[str, Any]]]:
    return [(i, e) for i, e in ranked(context) if qualifies(e)]


def option_id(position: int) -> str:
    return f"p{position + 1}"


def none_qualify(context: Context) -> bool:
    return not qualifying(context)


def exactly_one_qualifies(context: Context) -> bool:
    return len(qualifying(context)) == 1


def qualifying_options(context: Context) -> tuple[tuple[str, str], ...]:
    """The family chooses among the practitioners who qualify, in ranked order."""
    return tuple((option_id(i), practitioner_name(e)) for i, e in qualifying(context))


MISSING = {"agrees": "has not agreed", "capacity": "no capacity"}


def why_not(entry: Mapping[str, Any]) -> str:
    ticked = set(entry.get("criteria", ()))
    missing = [MISSING[g] for g in GATES if g not in ticked]
    if not any(c in ticked for c in RANKED):
        missing.insert(0, "meets none of the four criteria")
    return "No: " + ", ".join(missing) if missing else "Yes"


def ranking_table(context: Context) -> tuple[tuple[str, ...], ...]:
    rows = [("Rank", "Practitioner", "Criteria met", "Can take the role")]
    for place, (_, entry) in enumerate(ranked(context), start=1):
        met = [SHORT[c] for c in RANKED + SUPPORTING if c in entry.get("criteria", ())]
        rows.append((str(place) if qualifies(entry) else "–", practitioner_name(entry),
                     ", ".join(met) or "none", why_not(entry)))
    return tuple(rows)


def _detail(context: Context, lead: str | None, reasons: tuple[str, ...]) -> Detail:
    return Detail(lead=lead, reasons=reasons, table=ranking_table(context),
                  table_caption="The practitioners you listed, ranked by the criteria")


def _top(context: Context) -> Mapping[str, Any]:
    return qualifying(context)[0][1]


def detail_one(context: Context) -> Detail:
    entry = _top(context)
    return _detail(context, practitioner_name(entry),
                   (f"{practitioner_name(entry)} is the only practitioner you listed who meets the criteria "
                    "and has agreed and has the capacity to lead.",))


def detail_family_choice(context: Context) -> Detail:
    chosen = context.choice("family_wishes")
    position = int(chosen[1:]) - 1
    entry = context.entries("practitioners")[position]
    return _detail(context, practitioner_name(entry),
                   (f"More than one practitioner qualifies, and the child and family would like "
                    f"{practitioner_name(entry)} to lead.",))


def detail_top_ranked(context: Context) -> Detail:
    best = qualifying(context)
    tied = [e for _, e in best if rank_key(e) == rank_key(best[0][1])]
    if len(tied) > 1:
        names = " or ".join(practitioner_name(e) for e in tied)
        return _detail(context, names, (f"{names} meet exactly the same criteria. Agree between them at the "
                                        "meeting, with the family.",))
    return _detail(context, practitioner_name(best[0][1]),
                   (f"{practitioner_name(best[0][1])} meets the criteria nearest the top of the order the "
                    "guidance lists them in: main needs, then main responsibility, then relationship, then "
                    "advocacy.",))


def detail_table_only(context: Context) -> Detail:
    return _detail(context, None, ())


CONDITIONS = (
    Condition("none_qualify", "No practitioner listed meets the criteria and can take the role", none_qualify),
    Condition("exactly_one_qualifies", "Exactly one practitioner meets the criteria and can take the role",
              exactly_one_qualifies),
)
OPTION_SOURCES = {"qualifying_practitioners": qualifying_options}
DETAILS = {"one": detail_one, "family_choice": detail_family_choice, "top_ranked": detail_top_ranked,
           "table": detail_table_only}

# ------------------------------------------------------------------------------------------
# Questions and outcomes
# ------------------------------------------------------------------------------------------
PRACTITIONERS_QUESTION = Question(
    id="practitioners",
    text="Which practitioners are working with the child or family, and what is true of each?",
    summary="Practitioners involved",
    error="Enter the role of at least one practitioner",
    hint="List each practitioner by their role and agency, not their name. Tick everything that is true of "
         "each one. Include anyone about to become involved.",
    kind=PRACTITIONERS,
    options=CRITERIA_OPTIONS,
    next="criteria_result",
)

CRITERIA_RESULT = Branch(
    id="criteria_result",
    text="How many practitioners meet the criteria and can take the role?",
    rules=(Rule(when="none_qualify",
                next="outcome_no_one_qualifies"), Rule(when="exactly_one_qualifies", next="outcome_one_qualifies")),
    otherwise="family_wishes",
)

FAMILY_WISHES = Question(
    id="family_wishes",
    text="Who would the child and family like to be their {role}?",
    summary="Family's wishes",
    error="Select who the child and family would like to lead, or that they have not been asked",
    hint="More than one practitioner qualifies, so the wishes of the child and family decide. A parent or "
         "carer may want to take the role themselves.",
    kind=CHOICE,
    generated_options="qualifying_practitioners",
    generated_next="outcome_family_choice",
    options=(
        Option(id="parent", label="A parent or carer would like to be the lead", next="outcome_parent_leads"),
        Option(id="no_preference", label="They have no preference", next="outcome_top_ranked"),
        Option(id="not_asked", label="They have not been asked yet", next="outcome_ask_family"),
    ),
)

AGREE_NEXT = (
    "Confirm at the multi-agency meeting, and record who leads, why, and the family's view.",
    "Tell the family how to reach their {role}.",
)

OUTCOMES = (
    Outcome(
        id="outcome_one_qualifies",
        title="One practitioner meets the criteria: they should lead",
        lead="",
        reasons=("A lead is chosen by the child's predominant needs, the agency with main or statutory responsibility, "
                 "an existing relationship and any advocacy role; they must also agree and have the capacity.",
                 "Working Together 2023 expects the lead practitioner to agree to the role, and their time, skills, "
                 "knowledge, competence and experience to be considered."),
        next_steps=AGREE_NEXT + ("Still ask the child and family: they should have a say in who leads.",),
        sources=(PLYMOUTH_CRITERIA, WIGAN_CRITERIA, WT_AGREEMENT),
        detail="one",
    ),
    Outcome(
        id="outcome_no_one_qualifies",
        title="No one listed can lead yet",
        lead="Not yet agreed",
        reasons=("To lead, a practitioner must meet at least one of the criteria, agree to the role and have the "
                 "capacity for it. No one you listed does all three.",
                 "Working Together 2023 expects the lead practitioner to agree to the role, and their time, skills, "
                 "knowledge, competence and experience to be considered."),
        next_steps=("Ask the line managers of those who meet the criteria whether capacity can be made: the role "
                    "should be shared fairly between agencies, not left with one service.",
                    "Consider whether another practitioner should be involved, or whether a parent or carer would like "
                    "to lead.",
                    "Do not leave the family without a lead: agree who co-ordinates in the meantime."),
        sources=(PLYMOUTH_CRITERIA, PLYMOUTH_MANAGERS, WT_AGREEMENT),
        detail="table",
    ),
    Outcome(
        id="outcome_family_choice",
        title="The practitioner the child and family chose should lead",
        lead="",
        reasons=("When more than one practitioner meets the criteria, the multi-agency meeting takes the wishes of "
                 "the child and family into account.",
                 "Working Together 2023 expects families, children included, to have a say in who their lead "
                 "practitioner is."),
        next_steps=AGREE_NEXT,
        sources=(PLYMOUTH_CRITERIA, Source("wt-2023", "Chapter 3: families having a say in who their lead practitioner is")),
        detail="family_choice",
    ),
    Outcome(
        id="outcome_parent_leads",
        title="A parent or carer may lead",
        lead="A parent or carer",
        reasons=("Some parents want to act as the {role} for their own child, and the guidance allows it.",),
        next_steps=("Agree at the meeting how the practitioners will support the parent or carer in the role.",
                    "Agree which practitioner the parent can turn to for help co-ordinating."),
        sources=(PLYMOUTH_CRITERIA,),
        detail="table",
    ),
    Outcome(
        id="outcome_top_ranked",
        title="With no preference from the family, start with the practitioner ranked highest",
        lead="",
        reasons=("More than one practitioner qualifies and the family has no preference, so the multi-agency meeting "
                 "chooses.",
                 "As a starting point, this tool ranks them by the criteria in the order the guidance lists them, then "
                 "by skills to co-ordinate. The guidance itself does not rank the criteria."),
        next_steps=AGREE_NEXT,
        sources=(PLYMOUTH_CRITERIA, WIGAN_CRITERIA),
        detail="top_ranked",
    ),
    Outcome(
        id="outcome_ask_family",
        title="Ask the child and family before choosing",
        lead="To be agreed with the family",
        reasons=("More than one practitioner qualifies. The guidance says the wishes of the child and family should "
                 "then inform the choice, and Working Together 2023 expects families, children included, to have a say.",),
        next_steps=("Ask the child and family who they would like, then use this tool again.",
                    "Tell them a parent or carer may lead if they wish."),
        sources=(PLYMOUTH_CRITERIA, Source("wt-2023", "Chapter 3: families having a say in who their lead practitioner is")),
        detail="table",
    ),
)

NODES = (PRACTITIONERS_QUESTION, CRITERIA_RESULT, FAMILY_WISHES) + OUTCOMES
