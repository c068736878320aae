"""What a meeting holds, described once: its sections and fields, each with its key, label, hint,
kind, character limit and choices, and the rows the page can add, with their fields and most rows.

Reading a meeting takes its keys and limits from here, and the record its labels; the build renders
the live form and the blank record to print from FORM (tools/handbook_build/meeting_form.py), and
lp-meeting.js only fills in and enhances what the build wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

KINDS = {"first": "First meeting", "review": "Review meeting"}
PERSON_KINDS = {"family": "Family member", "practitioner": "Practitioner"}
ATTENDANCE = {"present": "At the meeting", "apologies": "Sent apologies",
              "views": "Not at the meeting; shared their views", "absent": "Not at the meeting"}
PROGRESS = {"done": "Done", "partly": "Partly done", "not_done": "Not done"}


# ------------------------------------------------------------------------------------------
# The form, described once: the build renders the live form and the blank record to print from
# this, the record takes its labels from it, and lp-meeting.js only enhances what the build wrote.
# ------------------------------------------------------------------------------------------

TEXT, LONG_TEXT, DATE, CHOICE, TICK, SCORE = "text", "long text", "date", "choice", "tick", "score"
EXAMPLE = "{example}"  # in a hint: an example date, worked out from the reader's clock
WHO = "{who}"  # in a label: the person's name as typed, or "Person 2"
NUMBER = "{n}"  # in a row's words: its number, counting from 1
EARLIER = "{m}"  # in an earlier review's words: its number, counting from 1


@dataclass(frozen=True)
class Field:
    """One thing typed, chosen or ticked. `key` is where the meeting keeps it ("family",
    "opening.statement"; in a row, the row's own key, "name")."""
    key: str
    label: str
    kind: str
    limit: int = 0  # characters; a tick has none
    hint: str = ""
    choices: dict[str, str] | None = None
    printed: str = ""  # its name on the blank record to print, if not its label
    recorded: str = ""  # its name in the record, if not its label
    lines: int = 0  # the height of a long text box
    names: bool = False  # offers the names typed so far
    menu: str | None = None  # a choice as a drop-down menu with this first option ("" for none), else radios
    default: str = ""
    column: str = ""  # its column heading in the scores table
    spelling: bool = False  # a long text or a reason: the browser may check its spelling
    blank_rows: int = 0  # a blank record's table: this field gets its own (the three questions share one)

    @property
    def on_paper(self) -> str:
        return self.printed or self.label

    @property
    def in_record(self) -> str:
        return self.recorded or self.label


@dataclass(frozen=True)
class Rows:
    """Rows the page can add, each with the same fields, up to `most`."""
    key: str
    item: str  # one row's title, "Person {n}"
    fields: tuple[Field, ...]
    most: int
    many: str  # "people": "You can add up to 16 people."
    add: str = ""  # the button that adds a row ("" when the page cannot add one)
    printed: str = ""  # the blank record's table of these rows
    printed_rows: int = 0

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


@dataclass(frozen=True)
class Note:
    """A hint between fields (`id`: the fields it belongs to point to it)."""
    text: str
    id: str = ""


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Group:
    """Fields shown side by side: "pair", "grid" or "columns" (the three questions)."""
    style: str
    fields: tuple[Field, ...]
    printed: str = ""  # the blank record's table of them, if they share one


@dataclass(frozen=True)
class Section:
    stage: str
    title: str
    printed: str  # its heading on the blank record
    parts: tuple[Any, ...]


_DATE_HINT = f"For example, {EXAMPLE}"
_NAME = Field("name", "Name", TEXT, SHORT)

PEOPLE = Rows("people", f"Person {NUMBER}", (
    _NAME,
    Field("role", "Role", TEXT, SHORT, hint="For example: parent, class teacher"),
    Field("kind", "Family member or practitioner", CHOICE, SHORT, choices=PERSON_KINDS, menu="Choose one"),
    Field("attendance", "At the meeting?", CHOICE, SHORT, choices=ATTENDANCE, menu="", default="present"),
    Field("score", f"{WHO}: score at this meeting", SCORE, DATE_TEXT, column="This meeting", printed="Score today"),
    Field("reason", f"{WHO}: why this score", TEXT, NOTE, column="Why this score", spelling=True),
), MAX_PEOPLE, "people", add="Add another person", printed="People at the meeting, or who sent apologies or views",
    printed_rows=8)
EARLIER_SCORE = Field("earlier", f"{WHO}: score at earlier review {EARLIER}", SCORE, DATE_TEXT,
                      column=f"Earlier review {EARLIER}", printed="Score last time")
REVIEWS = Rows("reviews", f"Earlier review {NUMBER}", (
    Field("date", f"Earlier review {NUMBER}: date", DATE, DATE_TEXT, hint=_DATE_HINT),
), MAX_EARLIER, "earlier reviews", add="Add an earlier review")
_ACTION = (
    Field("what", "What will be done", LONG_TEXT, ACTION_TEXT, lines=2, spelling=True, printed="What will be done",
          recorded="What"),
    Field("who", "Who will do it", TEXT, SHORT, hint="One person or role", names=True, recorded="Who"),
    Field("by", "By when", DATE, DATE_TEXT, hint=_DATE_HINT, recorded="By"),
    Field("measure", "How we will know it is done", LONG_TEXT, ACTION_TEXT, lines=2, spelling=True,
          printed="How we will know", recorded="How we will know"),
)
PREVIOUS = Rows("previous", f"Action {NUMBER} from last time", (
    *_ACTION,
    Field("progress", "How did it go?", CHOICE, SHORT, choices=PROGRESS, recorded="Progress"),
    Field("note", "Note (optional)", TEXT, NOTE, printed="Note", recorded="Note"),
), MAX_PREVIOUS, "actions from last time", printed="Actions from last time", printed_rows=4)
ACTIONS = Rows("actions", f"Action {NUMBER}", _ACTION, MAX_ACTIONS, "actions", add="Add another action",
               printed="Actions: make each one SMART", printed_rows=6)
ROTA = Rows("rota", f"Later meeting {NUMBER}", (
    Field("date", "Date", DATE, DATE_TEXT, hint=_DATE_HINT, printed="Meeting date", recorded="Meeting"),
    Field("chair", "Chair", TEXT, SHORT, names=True),
    Field("minutes", "Minute-taker", TEXT, SHORT, names=True, recorded="Minutes"),
), MAX_ROTA, "meetings in the rota", add="Add a meeting to the rota",
    printed="Chair and minute-taker rota for later meetings", printed_rows=4)
COLUMNS_HINT = "columns-hint"


def _long(key: str, label: str, hint: str = "", **more: Any) -> Field:
    return Field(key, label, LONG_TEXT, LONG, hint=hint, spelling=True, **more)


FORM: tuple[Section, ...] = (
    Section("before", "1. Before: the meeting and who is coming", "The meeting", (
        Field("family", "Family", TEXT, SHORT,
              hint="Initials or your case reference. Avoid full names if others use this device.",
              printed="Family (initials or reference)"),
        Field("date", "Date of this meeting", DATE, DATE_TEXT, hint=_DATE_HINT, printed="Date", recorded="Date"),
        Field("kind", "Is this the first meeting or a review?", CHOICE, SHORT, choices=KINDS, recorded="Meeting"),
        Field("venue", "Place (optional)", TEXT, SHORT, printed="Place", recorded="Place"),
        Group("pair", (Field("chair", "Chair", TEXT, SHORT, hint="Not the same person as the minute-taker.",
                             names=True),
                       Field("minutes", "Minute-taker", TEXT, SHORT, names=True, printed="Minutes taken by",
                             recorded="Minutes"))),
        Heading("People at the meeting"),
        Note("Everyone invited: the family, then the practitioners. Their scores are added under Scaling."),
        PEOPLE,
    )),
    Section("beginning", "2. Beginning", "Beginning", (
        Note("The confidentiality statement and the ground rules are in the agenda above."),
        Field("opening.statement", "The confidentiality statement was read out", TICK,
              printed="Confidentiality statement read out", recorded="Confidentiality statement read out"),
        Field("opening.ground_rules", "The ground rules were agreed", TICK, printed="Ground rules agreed",
              recorded="Ground rules agreed"),
        _long("opening.family_items", "What the family wants to discuss (optional)", lines=3,
              printed="What the family wants to discuss", recorded="What the family wanted to discuss"),
    )),
    Section("middle", "3. Middle: three questions", "Middle", (
        PREVIOUS,
        _long("voice", "The child's or young person's views",
              "In their own words. If they were not there, say how their views were gathered.", lines=3),
        Note("Ask the family first, then the practitioners. One point to a line.", COLUMNS_HINT),
        Group("columns", (_long("well", "What is going well?", lines=9, recorded="What is going well"),
                          _long("worried", "What are we worried about?", lines=9, recorded="What we are worried about"),
                          _long("happen", "What needs to happen?", lines=9, recorded="What needs to happen")),
              printed="The three questions"),
    )),
    Section("scaling", "4. Scaling", "Scaling", (REVIEWS,)),
    Section("end", "5. End: actions and the next meeting", "End", (
        Heading("Actions"),
        Note("Make each action SMART: specific, measurable, achievable, realistic and timed. The kit checks that "
             "each one is complete (what will be done, who will do it, how you will know it is done, and by when) "
             "and suggests clearer wording where it can. Whether an action is achievable and realistic is for the "
             "meeting to judge."),
        ACTIONS,
        Heading("Next meeting"),
        Field("review_date", "Review date", DATE, DATE_TEXT, hint=f"The date of the next meeting. {_DATE_HINT}"),
        Group("pair", (Field("next_chair", "Chair next time", TEXT, SHORT, names=True, recorded="Chair"),
                       Field("next_minutes", "Minute-taker next time", TEXT, SHORT, names=True,
                             printed="Minutes next time", recorded="Minutes"))),
        Heading("Rota for later meetings (optional)"),
        Note("Share chairing and minute-taking fairly between agencies."),
        ROTA,
        Heading("Anything else"),
        _long("notes", "Other notes (optional)", "Short points only, not a transcript.", lines=3,
              printed="Other notes", recorded="Other notes"),
        _long("safeguarding", "Safeguarding (optional)", "Any concern raised, what was decided and who is acting on it.",
              lines=3, printed="Safeguarding", recorded="Safeguarding"),
    )),
)


def _walk(parts: tuple[Any, ...]):
    for part in parts:
        if isinstance(part, Group):
            yield from part.fields
        elif isinstance(part, (Field, Rows)):
            yield part


def top_fields() -> dict[str, Field]:
    """Every field outside the rows, by key, in page order."""
    return {part.key: part for section in FORM for part in _walk(section.parts) if isinstance(part, Field)}


def all_rows() -> dict[str, Rows]:
    return {part.key: part for section in FORM for part in _walk(section.parts) if isinstance(part, Rows)}


FIELDS = top_fields()
ROWS = all_rows()

# What the meeting holds, field by field, with the characters each allows: the page sends these,
# a saved file stores them, in this order.
TOP_TEXT = {key: field.limit for key, field in FIELDS.items() if "." not in key}
PERSON_TEXT = {field.key: field.limit for field in PEOPLE.fields}
ACTION_FIELDS = {key: ACTIONS.field(key).limit for key in ("what", "who", "measure", "by")}
PREVIOUS_TEXT = {**ACTION_FIELDS, **{key: PREVIOUS.field(key).limit for key in ("progress", "note")}}
ROTA_TEXT = {field.key: field.limit for field in ROTA.fields}
OPENING_TEXT = {"family_items": FIELDS["opening.family_items"].limit}
OPENING_TICKS = tuple(key.split(".")[1] for key, field in FIELDS.items() if field.kind == TICK)
LIMITS = {key: rows.most for key, rows in ROWS.items()}
