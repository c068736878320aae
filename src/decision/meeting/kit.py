"""The Team Around the Family meeting kit: every check, the record and the scaling chart.

The page sends the meeting exactly as it was typed. This module reads it without trusting it,
checks each field, checks that each action is complete (an owner, a measure and a date that is
real and not already past), checks the review date and the chair and minute-taker rota, and
returns:

- `flags`: one per problem, naming the field it belongs to, with a GOV.UK-style message;
- `prompts`: suggestions, not problems, where an action's wording says nothing anyone could see
  or count ("try harder", "things are better"). Whether an action is SMART (specific,
  measurable, achievable, realistic and timed) is for the meeting to judge: the kit checks only
  that it is complete, and never calls an action SMART;
- `record`: the meeting as titled sections, which the page draws for printing;
- `text`: the same record as plain text, for the download;
- `chart`: the scores across reviews, already laid out (points, lines, labels, axes), with the
  same numbers as a table, so the page only has to draw what it is given.

It also opens a meeting saved earlier ("open"), and can start the next review from it: this
meeting's scores become an earlier review, its actions come back to be reviewed, and the next
chair and minute-taker step up from the rota.

Nothing here keeps anything: each request is answered from what it carries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..engine import answers as checks

KIT = "lp-taf-meeting"  # the mark on a saved file
VERSION = 1

SCALE_LOW, SCALE_HIGH = 1, 10  # the Early Help Assessment's confidence scale
SCALE_BANDS = ((1, 2, "no confidence"), (3, 4, "not very confident"), (5, 6, "unsure"),
               (7, 8, "confident"), (9, 10, "very confident"))
SCALE_QUESTION = ("If 10 means you are completely confident the children are getting what they need, "
                  "and 1 means you have no confidence at all, where would you put things today?")

# Characters allowed in each kind of field.
SHORT, DATE_TEXT, NOTE, ACTION_TEXT, LONG = 80, 40, 300, 400, 3000
# Rows the page can add.
MAX_PEOPLE, MAX_EARLIER, MAX_ACTIONS, MAX_PREVIOUS, MAX_ROTA = 16, 8, 15, 15, 8
LIMITS = {"people": MAX_PEOPLE, "reviews": MAX_EARLIER, "actions": MAX_ACTIONS, "previous": MAX_PREVIOUS,
          "rota": MAX_ROTA}
MAX_FILE = 60_000  # characters in a saved file
EDITION_TEXT = 300  # characters of the edition the page names (the build writes it; see edition_of)
MADE_WITH = "Made with the meeting kit of the Lead Professional handbook."

KINDS = {"first": "First meeting", "review": "Review meeting"}
PERSON_KINDS = {"family": "Family member", "practitioner": "Practitioner"}
ATTENDANCE = {"present": "At the meeting", "apologies": "Sent apologies",
              "views": "Not at the meeting; shared their views", "absent": "Not at the meeting"}
PROGRESS = {"done": "Done", "partly": "Partly done", "not_done": "Not done"}
# An action owned by everyone is owned by no one.
GROUP_OWNERS = {"all", "everyone", "everybody", "all of us", "the team", "team", "taf", "the taf", "tac",
                "all agencies", "all professionals", "professionals", "all practitioners", "practitioners",
                "everyone at the meeting", "all involved", "multi-agency", "the group"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Date examples ("like 27/4/2026") are worked out from today, so they never fall in the past: the
# first 27th at least four weeks ahead. A 27th exists in every month and cannot be misread as a
# month. lp-meeting.js draws its hints with the same rule from these two numbers.
EXAMPLE_AFTER_DAYS, EXAMPLE_DAY = 28, 27

# What the meeting holds, field by field: the page sends these, a saved file stores them.
TOP_TEXT = {"family": SHORT, "date": DATE_TEXT, "kind": SHORT, "venue": SHORT, "chair": SHORT,
            "minutes": SHORT, "voice": LONG, "well": LONG, "worried": LONG, "happen": LONG,
            "review_date": DATE_TEXT, "next_chair": SHORT, "next_minutes": SHORT, "notes": LONG,
            "safeguarding": LONG}
PERSON_TEXT = {"name": SHORT, "role": SHORT, "kind": SHORT, "attendance": SHORT, "score": DATE_TEXT,
               "reason": NOTE}
ACTION_FIELDS = {"what": ACTION_TEXT, "who": SHORT, "measure": ACTION_TEXT, "by": DATE_TEXT}
PREVIOUS_TEXT = {**ACTION_FIELDS, "progress": SHORT, "note": NOTE}
ROTA_TEXT = {"date": DATE_TEXT, "chair": SHORT, "minutes": SHORT}
OPENING_TEXT = {"family_items": LONG}
OPENING_TICKS = ("statement", "ground_rules")


class MeetingError(ValueError):
    """The request or file is not a meeting this kit can read; the message says where."""


# ------------------------------------------------------------------------------------------
# The entry point
# ------------------------------------------------------------------------------------------

def meeting_request(request: dict[str, Any]) -> dict[str, Any]:
    """Registered as action "meeting" in decision.browser. `mode` is one of:

    - "check": {meeting, edition} -> flags, record, text, chart, summary (the record names the edition
      of the handbook it was made with, as the page's footer gives it)
    - "chart": {meeting} -> chart only (the page redraws it as scores are typed)
    - "open":  {file, start: "continue" | "next"} -> the saved meeting, read and checked
    """
    mode = request.get("mode")
    try:
        if mode == "check":
            return check_reply(read_meeting(request.get("meeting")), on=reader_today(request.get("today")),
                               edition=edition_of(request.get("edition")))
        if mode == "chart":
            return {"ok": True, "chart": chart(read_meeting(request.get("meeting")))}
        if mode == "open":
            return open_reply(request.get("file"), request.get("start"))
    except MeetingError as problem:
        if mode == "open":
            return _failure(str(problem))
        return _failure(f"The kit could not read the meeting ({problem}). Download it to continue later, "
                        "then open that file again.")
    return _failure("This page asked the meeting kit for something it does not do.")


def _failure(message: str) -> dict[str, Any]:
    # "kit": the message is the kit's own; any other failure comes from the runtime, and the page
    # words it for the kit (it has no written rules to fall back on, as the tools have).
    return {"ok": False, "message": message, "kit": True}


# ------------------------------------------------------------------------------------------
# Reading a meeting without trusting it
# ------------------------------------------------------------------------------------------

def empty_meeting() -> dict[str, Any]:
    return {**{key: "" for key in TOP_TEXT}, "kit": KIT, "version": VERSION,
            "opening": {"statement": False, "ground_rules": False, "family_items": ""},
            "people": [], "reviews": [], "previous": [], "actions": [], "rota": []}


def read_meeting(raw: Any) -> dict[str, Any]:
    """The meeting with every key present and every value of the right type. Text is kept
    exactly as typed (lengths are checked later, as flags); rows beyond the limits, values of
    the wrong type and anything that is not a meeting raise MeetingError."""
    if not isinstance(raw, dict):
        raise MeetingError("it is not a meeting")
    meeting = empty_meeting()
    for key in TOP_TEXT:
        meeting[key] = _text(raw, key, key)
    opening = raw.get("opening", {})
    if not isinstance(opening, dict):
        raise MeetingError("the beginning of the meeting is not in the expected form")
    meeting["opening"] = {"family_items": _text(opening, "family_items", "opening.family_items"),
                          **{tick: _tick(opening, tick) for tick in OPENING_TICKS}}
    meeting["reviews"] = [{"date": _text(row, "date", f"reviews.{i}.date")}
                          for i, row in enumerate(_rows(raw, "reviews"))]
    earlier_count = len(meeting["reviews"])
    meeting["people"] = [_person(row, i, earlier_count) for i, row in enumerate(_rows(raw, "people"))]
    meeting["previous"] = [_fields(row, PREVIOUS_TEXT, f"previous.{i}") for i, row in enumerate(_rows(raw, "previous"))]
    meeting["actions"] = [_fields(row, ACTION_FIELDS, f"actions.{i}") for i, row in enumerate(_rows(raw, "actions"))]
    meeting["rota"] = [_fields(row, ROTA_TEXT, f"rota.{i}") for i, row in enumerate(_rows(raw, "rota"))]
    return meeting


def _text(source: dict[str, Any], key: str, where: str) -> str:
    value = source.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MeetingError(f"{where} is not text")
    if len(value) > 4 * LONG:
        raise MeetingError(f"{where} is far longer than the kit allows")
    return value


def _tick(source: dict[str, Any], key: str) -> bool:
    value = source.get(key, False)
    if not isinstance(value, bool):
        raise MeetingError(f"opening.{key} is not yes or no")
    return value


def _rows(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = raw.get(key, [])
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise MeetingError(f"{key} is not a list of rows")
    if len(rows) > LIMITS[key]:
        raise MeetingError(f"{key} has more than {LIMITS[key]} rows")
    return rows


def _fields(row: dict[str, Any], fields: dict[str, int], where: str) -> dict[str, str]:
    return {key: _text(row, key, f"{where}.{key}") for key in fields}


def _person(row: dict[str, Any], index: int, earlier_count: int) -> dict[str, Any]:
    person = _fields(row, PERSON_TEXT, f"people.{index}")
    earlier = row.get("earlier", [])
    if earlier is None:
        earlier = []
    if not isinstance(earlier, list) or len(earlier) > MAX_EARLIER:
        raise MeetingError(f"people.{index}.earlier is not a list of scores")
    scores = [_text({"s": value}, "s", f"people.{index}.earlier.{i}") for i, value in enumerate(earlier)]
    # One score for each earlier review: a short list is padded, a long one trimmed to the reviews.
    person["earlier"] = (scores + [""] * earlier_count)[:earlier_count]
    return person


# ------------------------------------------------------------------------------------------
# Dates, as people type them
# ------------------------------------------------------------------------------------------

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS |= {name[:3].lower(): number for number, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS["sept"] = 9
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4}|\d{2})")
_DAY_MONTH = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4}|\d{2})")
_MONTH_DAY = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_NO_YEAR = re.compile(_WEEKDAY + r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?"
                      r"|\d{1,2}\s*[/.\-]\s*\d{1,2})")


def parse_date(typed: str) -> tuple[date | None, str]:
    """A date typed in any common UK form -> (the date, "") or (None, why not): "empty",
    "no_year" or "not_a_date". Day before month when both are numbers."""
    text = re.sub(r"\s+", " ", typed.strip().lower())
    if not text:
        return None, "empty"
    for pattern, order in ((_ISO, "ymd"), (_NUMERIC, "dmy"), (_DAY_MONTH, "dMy"), (_MONTH_DAY, "Mdy")):
        found = pattern.fullmatch(text)
        if not found:
            continue
        parts = dict(zip(order, found.groups()))
        month = parts.get("m") or _MONTH_NUMBERS.get(parts.get("M", ""))
        if not month:
            return None, "not_a_date"
        year = int(parts["y"])
        year += 2000 if year < 100 else 0
        try:
            return date(year, int(month), int(parts["d"])), ""
        except ValueError:
            return None, "not_a_date"
    return None, "no_year" if _NO_YEAR.fullmatch(text) else "not_a_date"


def long_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def today() -> date:
    """The device's date (in the browser, the browser's clock). Tests replace it."""
    return date.today()


def reader_today(raw: Any) -> date | None:
    """The date on the reader's page ("2026-11-28"), which the kit sends with each check: the
    page's date hints and Python's messages then come from one clock, the page's (which tests pin;
    the worker's clock cannot be). None, and so Python's own date, if it is not a plain date."""
    if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def example_date(on: date) -> str:
    """A date to give as an example, written as people write dates: the first 27th at least
    four weeks after `on`, as day/month/year ("27/4/2026")."""
    soon = date.fromordinal(on.toordinal() + EXAMPLE_AFTER_DAYS)
    year, month = soon.year, soon.month
    if soon.day > EXAMPLE_DAY:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{EXAMPLE_DAY}/{month}/{year}"


# ------------------------------------------------------------------------------------------
# The checks
# ------------------------------------------------------------------------------------------

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


def _blank(row: dict[str, Any], keys) -> bool:
    return not any(str(row.get(key, "")).strip() for key in keys)


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
    if not m["chair"].strip():
        c.add("chair", "Add who is chairing this meeting")
    c.length("chair", m["chair"], SHORT, "The chair's name")
    if not m["minutes"].strip():
        c.add("minutes", "Add who is taking the minutes")
    c.length("minutes", m["minutes"], SHORT, "The minute-taker's name")
    c.different_people("minutes", m["chair"], m["minutes"], "The chair and the minute-taker must be different people")
    _check_people(c, m)

    if not m["opening"]["statement"]:
        c.add("opening.statement", "Confirm that the confidentiality statement was read out")
    if not m["opening"]["ground_rules"]:
        c.add("opening.ground_rules", "Confirm that the ground rules were agreed")
    c.length("opening.family_items", m["opening"]["family_items"], LONG, "What the family wants to discuss")

    for i, row in enumerate(m["previous"]):
        where = f"Action {i + 1} from last time"
        if _blank(row, ACTION_FIELDS):
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


def _person_name(person: dict[str, Any], index: int) -> str:
    return person["name"].strip() or f"person {index + 1}"


def _check_people(c: Checker, m: dict[str, Any]) -> None:
    for i, person in enumerate(m["people"]):
        where = f"Person {i + 1}"
        if _blank(person, ("name", "role", "score", "reason")) and not any(s.strip() for s in person["earlier"]):
            continue
        if not person["name"].strip():
            c.add(f"people.{i}.name", "Add this person's name or role", where)
        c.length(f"people.{i}.name", person["name"], SHORT, "The name", where)
        c.length(f"people.{i}.role", person["role"], SHORT, "The role", where)
        if person["kind"] not in PERSON_KINDS:
            c.add(f"people.{i}.kind", "Select whether this person is a family member or a practitioner", where)
        if person["attendance"] not in ATTENDANCE:
            c.add(f"people.{i}.attendance", "Select whether this person was at the meeting", where)


def score_value(typed: str) -> int | None:
    text = typed.strip()
    if re.fullmatch(r"\d{1,2}", text) and SCALE_LOW <= int(text) <= SCALE_HIGH:
        return int(text)
    return None


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
        name = _person_name(person, i)
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
    filled = [i for i, action in enumerate(m["actions"]) if not _blank(action, ACTION_FIELDS)]
    if not filled:
        c.add("actions.0.what", "Add at least one action, with who will do it, how you will know and by when")
        return
    for i in filled:
        for field, message in action_problems(m["actions"][i], c.meeting_date, now):
            c.add(f"actions.{i}.{field}", message, f"Action {i + 1}")


def _check_next(c: Checker, m: dict[str, Any]) -> None:
    review = c.date("review_date", m["review_date"], ("The review date", "the review date"),
                    empty="Enter the date of the next review meeting")
    if review and c.meeting_date and review <= c.meeting_date:
        c.add("review_date", "The review date must be after the date of this meeting")
    if not m["next_chair"].strip():
        c.add("next_chair", "Add who will chair the next meeting")
    c.length("next_chair", m["next_chair"], SHORT, "The next chair's name")
    if not m["next_minutes"].strip():
        c.add("next_minutes", "Add who will take the minutes at the next meeting")
    c.length("next_minutes", m["next_minutes"], SHORT, "The next minute-taker's name")
    c.different_people("next_minutes", m["next_chair"], m["next_minutes"],
                       "The chair and the minute-taker at the next meeting must be different people")
    latest = review
    for i, row in enumerate(m["rota"]):
        if _blank(row, ROTA_TEXT):
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


# ------------------------------------------------------------------------------------------
# The reply to "check"
# ------------------------------------------------------------------------------------------

def edition_of(raw: Any) -> str:
    """The edition the page says it belongs to, as one line of text ('' if it sends none or
    something that is not one): it only ever goes into the record as text."""
    if not isinstance(raw, str) or len(raw) > EDITION_TEXT:
        return ""
    text = " ".join(raw.split())
    return text if text.isprintable() else ""


def made_with(edition: str) -> str:
    """The record's last line: which handbook, and which edition of it, made it."""
    return f"Made with the meeting kit of {edition}." if edition else MADE_WITH


def check_reply(meeting: dict[str, Any], on: date | None = None, edition: str = "") -> dict[str, Any]:
    now = on or today()
    checker = check(meeting, now)
    flags = [flag.as_dict() for flag in checker.flags]
    drawn = chart(meeting)
    summary = summary_lines(meeting, checker, now)
    the_record = record(meeting, checker, drawn, edition)
    filled = [i for i, action in enumerate(meeting["actions"]) if not _blank(action, ACTION_FIELDS)]
    # True: the action has an owner, a measure and a date (the page says "Complete", never "SMART").
    status = {str(i): not action_problems(meeting["actions"][i], checker.meeting_date, now) for i in filled}
    prompts = [{"field": f"actions.{i}.{field}", "message": message}
               for i in filled for field, message in action_prompts(meeting["actions"][i])]
    count = len(flags)
    announce = (f"There {'is' if count == 1 else 'are'} {count} problem{'' if count == 1 else 's'} to sort out. "
                "The record is below." if count else "No problems found. The record is ready.")
    return {"ok": True, "flags": flags, "summary": summary, "record": the_record, "text": record_text(the_record),
            "chart": drawn, "filename": record_filename(meeting), "announce": announce,
            "action_status": status, "prompts": prompts}


def record_filename(meeting: dict[str, Any]) -> str:
    found, _ = parse_date(meeting["date"])
    return f"taf-meeting-{found.isoformat()}.txt" if found else "taf-meeting.txt"


def summary_lines(meeting: dict[str, Any], checker: Checker, now: date) -> list[str]:
    lines = []
    filled = [a for a in meeting["actions"] if not _blank(a, ACTION_FIELDS)]
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


# ------------------------------------------------------------------------------------------
# The record: titled sections, drawn by the page and written out as text here
# ------------------------------------------------------------------------------------------

NOT_RECORDED = "Not recorded"


def _value(typed: str) -> str:
    return typed if typed.strip() else NOT_RECORDED


def _date_value(typed: str) -> str:
    found, _ = parse_date(typed)
    return long_date(found) if found else _value(typed)


def _person_line(person: dict[str, Any], index: int) -> str:
    details = ", ".join(filter(None, [person["role"].strip(), PERSON_KINDS.get(person["kind"], "").lower()]))
    return _person_name(person, index) + (f" ({details})" if details else "")


def record(meeting: dict[str, Any], checker: Checker, drawn: dict[str, Any], edition: str = "") -> dict[str, Any]:
    m = meeting
    sections: list[dict[str, Any]] = []
    add = sections.append
    add({"heading": "The meeting", "fields": [
        ["Family", _value(m["family"])],
        ["Date", _date_value(m["date"])],
        ["Meeting", KINDS.get(m["kind"], NOT_RECORDED)],
        *([["Place", m["venue"]]] if m["venue"].strip() else []),
        ["Chair", _value(m["chair"])],
        ["Minutes", _value(m["minutes"])],
    ]})
    people = [(i, p) for i, p in enumerate(m["people"]) if not _blank(p, ("name", "role"))]
    for status, heading in (("present", "Who was there"), ("views", "Not at the meeting; shared their views"),
                            ("apologies", "Apologies"), ("absent", "Not at the meeting")):
        names = [_person_line(p, i) for i, p in people if p["attendance"] == status]
        if names or status == "present":
            add({"heading": heading, "items": names or [NOT_RECORDED]})
    add({"heading": "Beginning", "fields": [
        ["Confidentiality statement read out", "Yes" if m["opening"]["statement"] else "No"],
        ["Ground rules agreed", "Yes" if m["opening"]["ground_rules"] else "No"],
        ["What the family wanted to discuss", _value(m["opening"]["family_items"])],
    ]})
    previous = [row for row in m["previous"] if not _blank(row, ACTION_FIELDS)]
    if previous:
        add({"heading": "Actions from last time", "groups": [
            {"title": f"Action {n} from last time", "fields": [
                ["What", _value(row["what"])], ["Who", _value(row["who"])], ["By", _date_value(row["by"])],
                ["Progress", PROGRESS.get(row["progress"], NOT_RECORDED)],
                *([["Note", row["note"]]] if row["note"].strip() else [])]}
            for n, row in enumerate(previous, 1)]})
    for key, heading in (("voice", "The child's or young person's views"), ("well", "What is going well"),
                         ("worried", "What we are worried about"), ("happen", "What needs to happen")):
        add({"heading": heading, "text": _value(m[key])})
    scores = _scores_with_reasons(m, drawn["table"])
    add({"heading": "Scaling", "text": f"Scores on the {SCALE_LOW} to {SCALE_HIGH} confidence scale: "
                                       f"{SCALE_LOW} means no confidence at all, {SCALE_HIGH} means completely confident.",
         "table": scores, "chart": bool(drawn["series"]), "items": drawn["summaries"] or ["No scores recorded."]})
    actions = [a for a in m["actions"] if not _blank(a, ACTION_FIELDS)]
    add({"heading": "Actions", "groups": [
        {"title": f"Action {n}", "fields": [["What", _value(a["what"])], ["Who", _value(a["who"])],
                                            ["How we will know", _value(a["measure"])], ["By", _date_value(a["by"])]]}
        for n, a in enumerate(actions, 1)] or None, "items": None if actions else ["No actions recorded."]})
    rota = [row for row in m["rota"] if not _blank(row, ROTA_TEXT)]
    add({"heading": "Next meeting", "fields": [
        ["Review date", _date_value(m["review_date"])],
        ["Chair", _value(m["next_chair"])],
        ["Minutes", _value(m["next_minutes"])],
    ], "table": {"caption": "Later meetings: chair and minute-taker rota", "head": ["Meeting", "Chair", "Minutes"],
                 "rows": [[_date_value(r["date"]) if r["date"].strip() else f"Meeting {n}", _value(r["chair"]),
                           _value(r["minutes"])] for n, r in enumerate(rota, 1)]} if rota else None})
    if m["notes"].strip():
        add({"heading": "Other notes", "text": m["notes"]})
    if m["safeguarding"].strip():
        add({"heading": "Safeguarding", "text": m["safeguarding"]})
    if checker.flags:
        add({"heading": "Still to sort out", "items": [flag.as_dict()["summary"] for flag in checker.flags]})
    title = "Team Around the Family meeting"
    found = checker.meeting_date
    return {"title": title + (f", {long_date(found)}" if found else ""), "sections": sections,
            "made_with": made_with(edition)}


def _scores_with_reasons(meeting: dict[str, Any], table: dict[str, Any]) -> dict[str, Any] | None:
    """The chart's table of scores with each person's reason beside their score at this meeting
    (the reason matters as much as the number), or None when nobody gave a score or a reason."""
    named = [p for p in meeting["people"] if not _blank(p, ("name", "role"))]
    if not any(score_value(s) is not None for p in named for s in p["earlier"] + [p["score"]]) \
            and not any(p["reason"].strip() for p in named):
        return None
    return {"caption": f"Scores at each meeting ({SCALE_LOW} to {SCALE_HIGH}), and why",
            "head": table["head"] + ["Why this score"],
            "rows": [row + [person["reason"]] for row, person in zip(table["rows"], named)]}


def record_text(the_record: dict[str, Any]) -> str:
    """The record as plain text: what people typed appears exactly as they typed it."""
    out = [the_record["title"], "=" * len(the_record["title"]), ""]
    for section in the_record["sections"]:
        out += [section["heading"], "-" * len(section["heading"])]
        if section.get("fields"):
            out += [_field_line(label, value) for label, value in section["fields"]]
        if section.get("text"):
            out.append(section["text"])
        for group in section.get("groups") or []:
            out += ["", group["title"]] + [_field_line(label, value, "  ") for label, value in group["fields"]]
        if section.get("table"):
            out += [""] + _table_text(section["table"])
        if section.get("items") and (section.get("table") or section.get("text")):
            out.append("")
        for item in section.get("items") or []:
            out.append(_indented(f"- {item}", "  "))
        out.append("")
    out.append(the_record.get("made_with") or MADE_WITH)
    return "\n".join(out) + "\n"


def _field_line(label: str, value: str, indent: str = "") -> str:
    return _indented(f"{indent}{label}: {value}", indent + "  ")


def _indented(text: str, indent: str) -> str:
    lines = text.split("\n")
    return "\n".join([lines[0]] + [indent + line for line in lines[1:]])


def _table_text(table: dict[str, Any]) -> list[str]:
    rows = [table["head"]] + table["rows"]
    flat = [[" ".join(cell.split()) for cell in row] for row in rows]
    widths = [max(len(row[c]) for row in flat) for c in range(len(table["head"]))]
    lines = [table["caption"]] if table.get("caption") else []
    for n, row in enumerate(flat):
        lines.append("  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


# ------------------------------------------------------------------------------------------
# The scaling chart, laid out here; the page draws it as SVG
# ------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 330
LEFT, RIGHT, TOP, BOTTOM = 56, 170, 20, 62  # margins: axis labels left and below, line labels right
LABEL_GAP = 15  # least space between two line labels
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "triangle_down", "bar")
DASHES = {"family": "", "practitioner": "7 4"}  # family members solid, practitioners dashed
COLOURS = 8  # the stylesheet has lp-chart__series--0 to --7


def _marker(shape: str, x: float, y: float, r: float = 5.5) -> str:
    """An SVG path for each marker: the shape, not only the colour, tells the lines apart."""
    def pts(points: list[tuple[float, float]]) -> str:
        return "M" + " L".join(f"{x + dx:.1f} {y + dy:.1f}" for dx, dy in points) + " Z"
    if shape == "circle":
        return f"M{x - r:.1f} {y:.1f} a{r} {r} 0 1 0 {2 * r} 0 a{r} {r} 0 1 0 {-2 * r} 0 Z"
    if shape == "square":
        return pts([(-r, -r), (r, -r), (r, r), (-r, r)])
    if shape == "triangle":
        return pts([(0, -r * 1.2), (r * 1.1, r * 0.8), (-r * 1.1, r * 0.8)])
    if shape == "triangle_down":
        return pts([(0, r * 1.2), (r * 1.1, -r * 0.8), (-r * 1.1, -r * 0.8)])
    if shape == "diamond":
        return pts([(0, -r * 1.3), (r * 1.1, 0), (0, r * 1.3), (-r * 1.1, 0)])
    t = r * 0.45
    if shape == "cross":
        return pts([(-r, -r + t), (-r + t, -r), (0, -t), (r - t, -r), (r, -r + t), (t, 0), (r, r - t), (r - t, r),
                    (0, t), (-r + t, r), (-r, r - t), (-t, 0)])
    if shape == "plus":
        return pts([(-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t), (-r, t), (-r, -t),
                    (-t, -t)])
    return pts([(-r * 1.2, -t), (r * 1.2, -t), (r * 1.2, t), (-r * 1.2, t)])  # bar


def _columns(meeting: dict[str, Any]) -> list[dict[str, str]]:
    """One column per earlier review, then this meeting."""
    columns = []
    for i, review in enumerate(meeting["reviews"]):
        found, _ = parse_date(review["date"])
        columns.append({"label": short_date(found) if found else f"Review {i + 1}",
                        "long": f"earlier review {i + 1}" + (f" ({long_date(found)})" if found else "")})
    found, _ = parse_date(meeting["date"])
    columns.append({"label": "This meeting", "long": "this meeting" + (f" ({long_date(found)})" if found else ""),
                    "date": short_date(found) if found else ""})
    return columns


def chart(meeting: dict[str, Any]) -> dict[str, Any]:
    """The scores across reviews: geometry for an SVG line chart, and the same numbers as a table."""
    columns = _columns(meeting)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(columns) - 1) if len(columns) > 1 else 0
    xs = [LEFT + (i * step if len(columns) > 1 else plot_w / 2) for i in range(len(columns))]

    def y_of(score: float) -> float:
        return TOP + plot_h * (SCALE_HIGH - score) / (SCALE_HIGH - SCALE_LOW)

    series, rows, summaries = [], [], []
    named = [(i, p) for i, p in enumerate(meeting["people"]) if not _blank(p, ("name", "role"))]
    for i, person in named:
        scores = [score_value(s) for s in person["earlier"]] + [score_value(person["score"])]
        name = _person_name(person, i)
        rows.append([name] + [str(s) if s is not None else "–" for s in scores])
        given = [(c, s) for c, s in enumerate(scores) if s is not None]
        if not given:
            continue
        n = len(series)
        points = [{"x": round(xs[c], 1), "y": round(y_of(s), 1), "score": s, "column": columns[c]["long"],
                   "marker": _marker(MARKERS[n % len(MARKERS)], xs[c], y_of(s))} for c, s in given]
        series.append({"name": name, "kind": person["kind"] if person["kind"] in DASHES else "practitioner",
                       "style": n % COLOURS, "marker": MARKERS[n % len(MARKERS)],
                       "dash": DASHES.get(person["kind"], DASHES["practitioner"]),
                       "line": " ".join(f"{p['x']} {p['y']}" for p in points), "points": points,
                       "label": {"x": round(points[-1]["x"] + 12, 1), "y": points[-1]["y"],
                                 "text": f"{_clip(name, 18)}: {points[-1]['score']}"}})
        summaries.append(_score_summary(name, given, columns))
    _spread_labels([s["label"] for s in series], TOP + 4, HEIGHT - BOTTOM)
    x_axis = [{"x": round(x, 1), "label": col["label"], "sub": col.get("date", "")} for x, col in zip(xs, columns)]
    y_axis = [{"y": round(y_of(s), 1), "label": str(s)} for s in range(SCALE_LOW, SCALE_HIGH + 1)]
    people = len(series)
    described = (f"Confidence scores of {people} {'person' if people == 1 else 'people'} across "
                 f"{len(columns)} meeting{'s' if len(columns) != 1 else ''}, on a scale of {SCALE_LOW} to "
                 f"{SCALE_HIGH}. Family members' lines are solid, practitioners' lines are dashed. "
                 "The same scores are in the table that follows." if series else "No scores yet.")
    return {"width": WIDTH, "height": HEIGHT, "plot": {"left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
                                                       "bottom": HEIGHT - BOTTOM},
            "title": "Confidence scores at each meeting", "description": described,
            "x_axis": x_axis, "y_axis": y_axis, "series": series, "summaries": summaries,
            "table": {"caption": f"Scores at each meeting ({SCALE_LOW} to {SCALE_HIGH})",
                      "head": ["Person"] + [c["label"] + (f" ({c['date']})" if c.get("date") else "") for c in columns],
                      "rows": rows}}


def _clip(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _spread_labels(labels: list[dict[str, Any]], low: float, high: float) -> None:
    """Move the line labels apart so that none overlaps another, keeping each near its line."""
    ordered = sorted(labels, key=lambda label: label["y"])
    for before, label in zip(ordered, ordered[1:]):
        label["y"] = max(label["y"], before["y"] + LABEL_GAP)
    if ordered and ordered[-1]["y"] > high:  # pushed off the bottom: push back up from there
        ordered[-1]["y"] = high
        for after, label in zip(reversed(ordered), list(reversed(ordered))[1:]):
            label["y"] = min(label["y"], after["y"] - LABEL_GAP)
    for label in ordered:
        label["y"] = round(max(label["y"], low), 1)


def _band(score: int) -> str:
    return next(text for low, high, text in SCALE_BANDS if low <= score <= high)


def _score_summary(name: str, given: list[tuple[int, int]], columns: list[dict[str, str]]) -> str:
    parts = ", ".join(f"{score} at {columns[c]['long']}" for c, score in given)
    last = given[-1][1]
    text = f"{name}: {parts}"
    if len(given) > 1:
        change = last - given[0][1]
        text += ("; no change since the first score" if change == 0 else
                 f"; {'up' if change > 0 else 'down'} {abs(change)} since the first score")
    return text + f". The latest score means {_band(last)}."


# ------------------------------------------------------------------------------------------
# Opening a saved meeting, and starting the next review from it
# ------------------------------------------------------------------------------------------

def open_reply(file_text: Any, start: Any) -> dict[str, Any]:
    if not isinstance(file_text, str):
        raise MeetingError("Select the file of a meeting you saved from this kit")
    if not file_text.strip():
        raise MeetingError("The selected file is empty")
    if len(file_text) > MAX_FILE:
        raise MeetingError("The selected file is too large to be a meeting saved from this kit")
    unreadable = MeetingError("The selected file could not be read. Choose a .json file you downloaded from "
                              "this kit with “Download to continue later”")
    if checks.too_deep(file_text):  # a saved meeting is five levels deep; thousands would crash Python itself
        raise unreadable
    try:
        saved = json.loads(file_text)
    except (ValueError, RecursionError):
        raise unreadable from None
    if not isinstance(saved, dict) or saved.get("kit") != KIT:
        raise MeetingError("The selected file is not a meeting saved from this kit")
    version = saved.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MeetingError("The selected file is not a meeting saved from this kit")
    if version > VERSION:
        raise MeetingError("The selected file was saved by a newer version of this kit. Open it on the site "
                           "where you saved it")
    try:
        meeting = read_meeting(saved.get("meeting"))
    except MeetingError as problem:
        raise MeetingError(f"The selected file has been changed or damaged ({problem})") from None
    notices: list[str] = []
    if start == "next":
        meeting, notices = next_review(meeting)
        announce = "The next review has been started from the saved meeting."
    else:
        announce = "The saved meeting has been opened."
    return {"ok": True, "meeting": meeting, "notices": notices, "announce": announce}


def next_review(old: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The next meeting, begun from the last: same family and people; last time's scores become
    an earlier review; last time's actions come back for their progress; the next chair and
    minute-taker take their places, and the rota moves up."""
    notices = []
    new = empty_meeting()
    new["family"] = old["family"]
    new["kind"] = "review"
    new["date"] = old["review_date"]
    new["chair"], new["minutes"] = old["next_chair"], old["next_minutes"]
    rota = [row for row in old["rota"] if not _blank(row, ROTA_TEXT)]
    if rota:
        first, rest = rota[0], rota[1:]
        new["review_date"], new["next_chair"], new["next_minutes"] = first["date"], first["chair"], first["minutes"]
        new["rota"] = [dict(row) for row in rest]
    reviews = old["reviews"] + [{"date": old["date"]}]
    people = [p for p in old["people"] if not _blank(p, ("name", "role"))]
    earlier = [p["earlier"] + [p["score"]] for p in people]
    if len(reviews) > MAX_EARLIER:
        drop = len(reviews) - MAX_EARLIER
        reviews = reviews[drop:]
        earlier = [scores[drop:] for scores in earlier]
        notices.append(f"The kit keeps the scores of the last {MAX_EARLIER} meetings, so the oldest "
                       f"{'review was' if drop == 1 else f'{drop} reviews were'} left out.")
    new["reviews"] = reviews
    new["people"] = [{**{key: "" for key in PERSON_TEXT}, "name": p["name"], "role": p["role"], "kind": p["kind"],
                      "attendance": "present", "earlier": scores} for p, scores in zip(people, earlier)]
    previous = [a for a in old["actions"] if not _blank(a, ACTION_FIELDS)]
    new["previous"] = [{**{key: a[key] for key in ACTION_FIELDS}, "progress": "", "note": ""}
                       for a in previous[:MAX_PREVIOUS]]
    if not old["review_date"].strip():
        notices.append("The saved meeting had no review date, so enter the date of this meeting.")
    return new, notices


# For the build: the template and the page use the same words and limits as the checks.
def page_settings() -> dict[str, Any]:
    return {"kit": KIT, "version": VERSION, "limits": LIMITS, "scale": [SCALE_LOW, SCALE_HIGH],
            "kinds": KINDS, "person_kinds": PERSON_KINDS, "attendance": ATTENDANCE, "progress": PROGRESS,
            "lengths": {"short": SHORT, "date": DATE_TEXT, "note": NOTE, "action": ACTION_TEXT, "long": LONG},
            "example_date": {"after_days": EXAMPLE_AFTER_DAYS, "day": EXAMPLE_DAY}, "scale_question": SCALE_QUESTION}

