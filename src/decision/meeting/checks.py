"""The checks on a meeting: each a flag naming its field, in page order, and suggestions for
actions whose wording says nothing anyone could see or count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import example_date, long_date, parse_date, today
from .form import (ACTION_FIELDS, ACTION_TEXT, ATTENDANCE, KINDS, LONG, NOTE, PERSON_KINDS, PROGRESS, ROTA_TEXT,
                   SCALE_HIGH, SCALE_LOW, SHORT)
from .reading import blank, person_name, score_value

# An action owned by everyone is owned by no one.
GROUP_OWNERS = {"all", "everyone", "everybody", "all of us", "the team", "team", "taf", "the taf", "tac",
                "all agencies", "all professionals", "professionals", "all practitioners", "practitioners",
                "everyone at the meeting", "all involved", "multi-agency", "the group"}


@dataclass
class Flag:
    field: str  # where it belongs: the page puts the message beside this field
    message: str  # shown beside the field
    where: str = ""  # added before the message in the summary, e.g. "Action 2"

    def as_dict(self) -> dict[str, str]:
        summary = f"{self.where}: {self.message[0].lower()}{self.message[1:]}" if self.where else self.message
        return {"field": self.field, "message": self.message, "summary": summary}


class Checker:
    """Collects flags in the order the fields appear on the page, so the summary reads top to bottom."""

    def __init__(self, meeting: dict[str, Any], now: date) -> None:
        self.meeting = meeting
        self.now = now
        self.flags: list[Flag] = []
        self.meeting_date, self.meeting_date_problem = parse_date(meeting["date"])
        self.dates: dict[str, date] = {}

    def add(self, field: str, message: str, where: str = "") -> None:
        self.flags.append(Flag(field, message, where))

    def length(self, field: str, value: str, limit: int, label: str, where: str = "") -> bool:
        if len(value) > limit:
            self.add(field, f"{label} must be {limit:,} characters or fewer (it has {len(value):,})", where)
            return False
        return True

    def date(self, field: str, typed: str, names: tuple[str, str], where: str = "", required: bool = True,
             empty: str = "") -> date | None:
        """names: (the date's name at the start of a sentence, its name inside one)."""
        found, problem = parse_date(typed)
        if problem == "empty":
            if required:
                self.add(field, empty or f"Enter {names[1]}", where)
        elif problem == "no_year":
            self.add(field, f"{names[0]} must include a year, like {example_date(self.now)}", where)
        elif problem == "not_a_date":
            self.add(field, f"{names[0]} must be a real date, like {example_date(self.now)}", where)
        if found:
            self.dates[field] = found
        return found

    def different_people(self, field: str, chair: str, minutes: str, message: str, where: str = "") -> None:
        if chair.strip() and _same_person(chair, minutes):
            self.add(field, message, where)



def _same_person(one: str, other: str) -> bool:
    return " ".join(one.lower().split()) == " ".join(other.lower().split())



def check(meeting: dict[str, Any], on: date | None = None) -> Checker:
    """Every check on the meeting, in page order. `on` is today's date (tests set it)."""
    now = on or today()
    c = Checker(meeting, now)
    m = meeting
    c.length("family", m["family"], SHORT, "The family's name or reference")
    c.date("date", m["date"], ("The date of this meeting", "the date of this meeting"))
    if m["kind"] not in KINDS:
        c.add("kind", "Select whether this is the first meeting or a review")
    c.length("venue", m["venue"], SHORT, "The place")
    _named(c, m, "chair", "Add who is chairing this meeting", "The chair's name")
    _named(c, m, "minutes", "Add who is taking the minutes", "The minute-taker's name")
    c.different_people("minutes", m["chair"], m["minutes"], "The chair and the minute-taker must be different people")
    _check_people(c, m)

    if not m["opening"]["statement"]:
        c.add("opening.statement", "Confirm that the confidentiality statement was read out")
    if not m["opening"]["ground_rules"]:
        c.add("opening.ground_rules", "Confirm that the ground rules were agreed")
    c.length("opening.family_items", m["opening"]["family_items"], LONG, "What the family wants to discuss")

    for i, row in enumerate(m["previous"]):
        where = f"Action {i + 1} from last time"
        if blank(row, ACTION_FIELDS):
            continue
        if row["progress"] not in PROGRESS:
            c.add(f"previous.{i}.progress", "Select whether this action was done, partly done or not done", where)
        c.length(f"previous.{i}.note", row["note"], NOTE, "The note on progress", where)

    if not m["voice"].strip():
        c.add("voice", "Add the child's or young person's views, or say why they could not be gathered")
    c.length("voice", m["voice"], LONG, "The child's or young person's views")
    for key, label in (("well", "what is going well"), ("worried", "what we are worried about"),
                       ("happen", "what needs to happen")):
        if not m[key].strip():
            c.add(key, f"Add {label}")
        c.length(key, m[key], LONG, label[0].upper() + label[1:])

    _check_scaling(c, m)
    _check_actions(c, m, now)
    _check_next(c, m)
    c.length("notes", m["notes"], LONG, "Other notes")
    c.length("safeguarding", m["safeguarding"], LONG, "The safeguarding notes")
    return c


def _check_people(c: Checker, m: dict[str, Any]) -> None:
    for i, person in enumerate(m["people"]):
        where = f"Person {i + 1}"
        if blank(person, ("name", "role", "score", "reason")) and not any(s.strip() for s in person["earlier"]):
            continue
        if not person["name"].strip():
            c.add(f"people.{i}.name", "Add this person's name or role", where)
        c.length(f"people.{i}.name", person["name"], SHORT, "The name", where)
        c.length(f"people.{i}.role", person["role"], SHORT, "The role", where)
        if person["kind"] not in PERSON_KINDS:
            c.add(f"people.{i}.kind", "Select whether this person is a family member or a practitioner", where)
        if person["attendance"] not in ATTENDANCE:
            c.add(f"people.{i}.attendance", "Select whether this person was at the meeting", where)


def _check_scaling(c: Checker, m: dict[str, Any]) -> None:
    previous: date | None = None
    for i, review in enumerate(m["reviews"]):
        field = f"reviews.{i}.date"
        where = f"Earlier review {i + 1}"
        found = c.date(field, review["date"], ("The date of this review", "the date of this review"), where)
        if found and c.meeting_date and found >= c.meeting_date:
            c.add(field, "The date of this review must be before this meeting", where)
        elif found and previous and found <= previous:
            c.add(field, "Put the earlier reviews in date order, oldest first", where)
        previous = found or previous
    scale = f"a whole number from {SCALE_LOW} to {SCALE_HIGH}"
    for i, person in enumerate(m["people"]):
        name = person_name(person, i)
        for r, typed in enumerate(person["earlier"]):
            if typed.strip() and score_value(typed) is None:
                c.add(f"people.{i}.earlier.{r}", f"The score must be {scale}", f"{name}, earlier review {r + 1}")
        if person["score"].strip() and score_value(person["score"]) is None:
            c.add(f"people.{i}.score", f"The score must be {scale}", f"{name}, this meeting")
        c.length(f"people.{i}.reason", person["reason"], NOTE, "The reason", f"{name}, this meeting")


def action_problems(action: dict[str, str], meeting_date: date | None, now: date) -> list[tuple[str, str]]:
    """Whether one action is complete: (field, message) for each thing missing or wrong. This is
    not a SMART check: whether an action is achievable and realistic is for the meeting to judge,
    and action_prompts only suggests clearer wording."""
    problems = []
    if not action["what"].strip():
        problems.append(("what", "Describe what will be done"))
    elif len(action["what"]) > ACTION_TEXT:
        problems.append(("what", f"The action must be {ACTION_TEXT:,} characters or fewer"))
    who = action["who"].strip()
    if not who:
        problems.append(("who", "Add who will do this action"))
    elif " ".join(who.lower().strip(".").split()) in GROUP_OWNERS:
        problems.append(("who", "Name one person or role who will do this action, not a group"))
    elif len(who) > SHORT:
        problems.append(("who", f"Who will do it must be {SHORT} characters or fewer"))
    if not action["measure"].strip():
        problems.append(("measure", "Add how you will know this action is done"))
    elif len(action["measure"]) > ACTION_TEXT:
        problems.append(("measure", f"How you will know must be {ACTION_TEXT:,} characters or fewer"))
    found, problem = parse_date(action["by"])
    if problem == "empty":
        problems.append(("by", "Add the date this action will be done by"))
    elif problem == "no_year":
        problems.append(("by", f"The date this action will be done by must include a year, like {example_date(now)}"))
    elif problem == "not_a_date":
        problems.append(("by", f"The date this action will be done by must be a real date, like {example_date(now)}"))
    elif meeting_date and found < meeting_date:
        problems.append(("by", f"The date this action will be done by must be on or after the day of the meeting "
                               f"({long_date(meeting_date)})"))
    elif not meeting_date and found < now:
        problems.append(("by", "The date this action will be done by must be today or in the future"))
    return problems


# Wording that says nothing anyone could see or count. These are suggestions shown beside the
# action, never problems: a person, not a word list, decides whether an action is specific enough.
_EFFORT = re.compile(r"\b(try|tries|trying|attempt|attempts|attempting)\b", re.IGNORECASE)
# "support" and the like, but not as part of a role or service ("family support worker").
_VAGUE_HELP = re.compile(r"\b(support|supports|supporting|help|helps|helping|monitor|monitors|monitoring|engage|"
                         r"engages|engaging|encourage|encourages|encouraging)\b(?!\s+(?:workers?|services?|teams?|"
                         r"officers?|groups?|plans?|assistants?|staff|networks?|practitioners?)\b)", re.IGNORECASE)
_COMPARED = re.compile(r"\b(better|more|less|fewer|improve|improves|improved|improving|improvement|happier|"
                       r"calmer|harder|worse|enough)\b", re.IGNORECASE)
# A number, a day or a frequency: something that can be counted or checked.
_COUNTED = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|once|twice|daily|weekly|fortnightly|"
                      r"monthly|every|each|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


def action_prompts(action: dict[str, str]) -> list[tuple[str, str]]:
    """Suggestions for an action whose wording does not say what will change: (field, message),
    at most one for what will be done and one for how we will know."""
    prompts = []
    measured = bool(_COUNTED.search(action["measure"]))  # "more", with a number to show how much, is fine
    for field in ("what", "measure"):
        text = action[field]
        counted = bool(_COUNTED.search(text))
        effort = _EFFORT.search(text)
        helping = field == "what" and not counted and _VAGUE_HELP.search(text)
        compared = not (counted or measured) and _COMPARED.search(text)
        if effort:
            prompts.append((field, f"“{effort.group(0)}” says someone will make an effort, not what they will do. "
                                   "Say what will be done, so that everyone can see whether it happened."))
        elif helping:
            prompts.append((field, f"“{helping.group(0)}” does not say what will actually happen. Say what will be "
                                   "done, and how often or by when, for example “go with Ms K to the housing "
                                   "office on Tuesday”."))
        elif compared:
            prompts.append((field, f"“{compared.group(0)}” does not say how much, or how anyone will notice. Say "
                                   "what you will see or count, for example “at school on time 4 days out of 5”."))
    return prompts


def _check_actions(c: Checker, m: dict[str, Any], now: date) -> None:
    filled = [i for i, action in enumerate(m["actions"]) if not blank(action, ACTION_FIELDS)]
    if not filled:
        c.add("actions.0.what", "Add at least one action, with who will do it, how you will know and by when")
        return
    for i in filled:
        for field, message in action_problems(m["actions"][i], c.meeting_date, now):
            c.add(f"actions.{i}.{field}", message, f"Action {i + 1}")


def _named(c: Checker, m: dict[str, Any], key: str, missing: str, what: str) -> None:
    """A person the meeting must name (a chair, a minute-taker): there, and not too long."""
    if not m[key].strip():
        c.add(key, missing)
    c.length(key, m[key], SHORT, what)


def _check_next(c: Checker, m: dict[str, Any]) -> None:
    review = c.date("review_date", m["review_date"], ("The review date", "the review date"),
                    empty="Enter the date of the next review meeting")
    if review and c.meeting_date and review <= c.meeting_date:
        c.add("review_date", "The review date must be after the date of this meeting")
    _named(c, m, "next_chair", "Add who will chair the next meeting", "The next chair's name")
    _named(c, m, "next_minutes", "Add who will take the minutes at the next meeting", "The next minute-taker's name")
    c.different_people("next_minutes", m["next_chair"], m["next_minutes"],
                       "The chair and the minute-taker at the next meeting must be different people")
    latest = review
    for i, row in enumerate(m["rota"]):
        if blank(row, ROTA_TEXT):
            continue
        where = f"Rota, meeting {i + 1}"
        found = c.date(f"rota.{i}.date", row["date"], ("The date", "the date of this meeting"), where, required=False)
        if found and latest and found <= latest:
            c.add(f"rota.{i}.date", "The date must be after the meeting before it", where)
        latest = found or latest
        for key, label in (("chair", "The chair's name"), ("minutes", "The minute-taker's name")):
            c.length(f"rota.{i}.{key}", row[key], SHORT, label, where)
        c.different_people(f"rota.{i}.minutes", row["chair"], row["minutes"],
                           "The chair and the minute-taker must be different people", where)


def summary_lines(meeting: dict[str, Any], checker: Checker, now: date) -> list[str]:
    lines = []
    filled = [a for a in meeting["actions"] if not blank(a, ACTION_FIELDS)]
    complete = sum(1 for a in filled if not action_problems(a, checker.meeting_date, now))
    if filled:
        lines.append(f"{complete} of {len(filled)} action{'s' if len(filled) != 1 else ''} "
                     f"{'has' if len(filled) == 1 else 'have'} an owner, a measure and a date.")
    vague = sum(1 for a in filled if action_prompts(a))
    if vague:
        lines.append(f"{vague} action{'s' if vague != 1 else ''} could say more clearly what will change: see the "
                     f"suggestion{'s' if vague != 1 else ''} beside {'it' if vague == 1 else 'them'}.")
    review = checker.dates.get("review_date")
    if review:
        line = f"Review date: {long_date(review)}"
        if checker.meeting_date and review > checker.meeting_date:
            weeks, days = divmod((review - checker.meeting_date).days, 7)
            line += f" ({weeks} week{'s' if weeks != 1 else ''}{f' and {days} day' + ('s' if days != 1 else '') if days else ''} after this meeting)"
        lines.append(line + ".")
    return lines
