"""A council's threshold framework as plain data: its levels of need, the areas of a child's
life it asks about, and the example indicators at each level in each area.

The threshold checker (threshold.py) is built from one of these. The data comes from a council's
settings (a [threshold] section and a CSV of indicators, read by framework_files.py at build time
or by the command line) and reaches the browser as `trees/data/framework.json` inside the package's
wheel, which the build writes. Without it, the handbook's default framework is read from
`trees/data/threshold.toml` and `trees/data/threshold-indicators.csv`.

`check` is the one set of rules every framework passes, wherever it comes from. A problem raises
FrameworkError with `where` (the part of the data, e.g. "levels, entry 2, name" or "row 7, column
text") so that the reader of the files can name the file too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

DATA = Path(__file__).resolve().parent / "data"
PUBLISHED = DATA / "framework.json"  # written into the wheel by the build

MIN_LEVELS, MAX_LEVELS = 3, 5
ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
ID_RULE = "lower-case letters, digits and _, starting with a letter, at most 40 characters"
# The longest text each field may hold. An indicator is a checkbox label: at 150 characters it
# takes about five lines on a 320 px wide phone, which is as much as a reader takes in at a glance.
MOST = {"name": 40, "description": 200, "what_happens": 300, "lead": 150, "reason": 400,
        "area_name": 60, "question": 150, "short_name": 40, "hint": 300,
        "text": 150, "child_words": 150}
MAX_STEPS = 8
# Node ids the threshold tree uses itself; areas and indicators cannot take them.
RESERVED = {"immediate_risk", "purpose", "level_of_need", "step_down_from", "new_lead_social_care",
            "new_lead_level3", "none"}
RESERVED_PREFIXES = ("outcome_", "supported_at_", "after_")
# The council's local names (local_names.py) that framework text may use, written as {name}.
NAMES = ("front_door", "early_help_team", "early_help_manager", "role", "roles", "a_role", "Role", "Roles", "A_role")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class FrameworkError(ValueError):
    """A mistake in a framework: `where` names the place in the data, `problem` what is wrong."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where, self.problem = where, problem


@dataclass(frozen=True)
class Level:
    id: str
    name: str  # e.g. "Level 2", shown before each indicator and in the result
    description: str  # one line, e.g. "additional needs: early help from one service"
    what_happens: tuple[str, ...]  # the steps a reader takes at this level
    act_today: bool = False  # an indicator at this level ends the checker at once
    lead: str = ""  # who usually leads, in a few words
    reasons: tuple[str, ...] = ()  # why this level, in a sentence or two each


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    question: str  # what the reader is asked, e.g. "Which of these apply to the child's health?"
    short_name: str = ""  # for "Your answers"; the name if empty
    hint: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    area: str
    level: str
    text: str
    child_words: str = ""  # the same indicator in the child's own words ("I ..."), optional


@dataclass(frozen=True)
class Framework:
    levels: tuple[Level, ...]  # lowest first
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    default: bool = False  # the handbook's own framework, whose indicators are examples written for it

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def rank(self, level_id: str) -> int:
        return next(i for i, level in enumerate(self.levels) if level.id == level_id)

    def in_area(self, area_id: str) -> tuple[Indicator, ...]:
        """An area's indicators, lowest level first, in the file's order within a level."""
        found = [i for i in self.indicators if i.area == area_id]
        return tuple(sorted(found, key=lambda i: self.rank(i.level)))

    def to_data(self) -> dict[str, Any]:
        return {"levels": [_fields(level) for level in self.levels],
                "areas": [_fields(area) for area in self.areas],
                "indicators": [_fields(indicator) for indicator in self.indicators],
                "default": self.default}

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, sort_keys=True, indent=1)


def _fields(item: Any) -> dict[str, Any]:
    return {name: list(value) if isinstance(value, tuple) else value
            for name, value in vars(item).items()}


# ------------------------------------------------------------------------------------------
# Checking
# ------------------------------------------------------------------------------------------
def clean(raw: Any, where: str, most: int, required: bool = True) -> str:
    """One line of text: spaces collapsed; invisible characters and unknown {names} refused."""
    if not isinstance(raw, str):
        raise FrameworkError(where, "expected text")
    if len(raw) > most and len(raw.strip()) > most:
        raise FrameworkError(where, f"is {len(raw.strip())} characters long; keep it to {most} or fewer")
    for character in raw:
        if character in BIDI_CONTROLS or (unicodedata.category(character) == "Cc" and not character.isspace()):
            raise FrameworkError(where, f"contains the invisible character U+{ord(character):04X}; remove it")
    value = " ".join(raw.split())
    if required and not value:
        raise FrameworkError(where, "is empty; write the text in")
    if len(value) > most:
        raise FrameworkError(where, f"is {len(value)} characters long; keep it to {most} or fewer")
    for name in re.findall(r"\{([^{}]*)\}", value):
        if name not in NAMES:
            raise FrameworkError(where, f"{{{name[:40]}}} is not a local name (use one of: "
                                        f"{', '.join('{' + n + '}' for n in NAMES)}, or no braces)")
    if re.sub(r"\{[^{}]*\}", "", value).count("{") or re.sub(r"\{[^{}]*\}", "", value).count("}"):
        raise FrameworkError(where, "has a { or } on its own; braces only go round a local name")
    return value


def check_id(raw: Any, where: str, seen: dict[str, str]) -> str:
    if not isinstance(raw, str) or not ID.match(raw.strip()):
        shown = raw.strip()[:40] if isinstance(raw, str) else str(raw)[:40]
        raise FrameworkError(where, f"'{shown}' is not an id: use {ID_RULE}")
    value = raw.strip()
    if value in RESERVED or value.startswith(RESERVED_PREFIXES):
        raise FrameworkError(where, f"'{value}' is kept for the tool's own use; choose another id")
    if value in seen:
        raise FrameworkError(where, f"the id '{value}' is already used by {seen[value]}; every id must be "
                                    "different, and an id is never reused")
    return value


def _steps(raw: Any, where: str, most: int, required: bool) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or (required and not items):
        raise FrameworkError(where, "expected a text or a list of texts")
    if len(items) > MAX_STEPS:
        raise FrameworkError(where, f"has {len(items)} entries; keep it to {MAX_STEPS} or fewer")
    return tuple(clean(item, f"{where}, entry {n}" if len(items) > 1 else where, most)
                 for n, item in enumerate(items, start=1))


def level_from(raw: Any, where: str, seen: dict[str, str]) -> Level:
    if not isinstance(raw, Mapping):
        raise FrameworkError(where, "expected a table with id, name, description, what_happens and act_today")
    known = {"id", "name", "description", "what_happens", "act_today", "lead", "reasons"}
    _no_unknown(raw, known, where)
    for key in ("id", "name", "description", "what_happens", "act_today"):
        if key not in raw:
            raise FrameworkError(f"{where}, {key}", "is missing, and it is required")
    if not isinstance(raw["act_today"], bool):
        raise FrameworkError(f"{where}, act_today", "expected true or false")
    level_id = check_id(raw["id"], f"{where}, id", seen)
    level = Level(id=level_id, name=clean(raw["name"], f"{where}, name", MOST["name"]),
                  description=clean(raw["description"], f"{where}, description", MOST["description"]),
                  what_happens=_steps(raw["what_happens"], f"{where}, what_happens", MOST["what_happens"], True),
                  act_today=raw["act_today"],
                  lead=clean(raw.get("lead", ""), f"{where}, lead", MOST["lead"], required=False),
                  reasons=_steps(raw.get("reasons", []), f"{where}, reasons", MOST["reason"], False))
    seen[level_id] = f"a level ({where})"
    return level


def area_from(raw: Any, where: str, seen: dict[str, str]) -> Area:
    if not isinstance(raw, Mapping):
        raise FrameworkError(where, "expected a table with id, name and question")
    _no_unknown(raw, {"id", "name", "question", "short_name", "hint"}, where)
    for key in ("id", "name", "question"):
        if key not in raw:
            raise FrameworkError(f"{where}, {key}", "is missing, and it is required")
    area_id = check_id(raw["id"], f"{where}, id", seen)
    area = Area(id=area_id, name=clean(raw["name"], f"{where}, name", MOST["area_name"]),
                question=clean(raw["question"], f"{where}, question", MOST["question"]),
                short_name=clean(raw.get("short_name", ""), f"{where}, short_name", MOST["short_name"], False),
                hint=clean(raw.get("hint", ""), f"{where}, hint", MOST["hint"], False))
    seen[area_id] = f"an area ({where})"
    return area


def _no_unknown(raw: Mapping, known: set[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FrameworkError(f"{where}, {str(unknown[0])[:40]}",
                             f"is not a field here (expected: {', '.join(sorted(known))})")


def check_shape(levels: tuple[Level, ...], where: str = "levels") -> None:
    if not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        raise FrameworkError(where, f"there are {len(levels)} levels; a framework has from {MIN_LEVELS} to "
                                    f"{MAX_LEVELS}")
    if levels[0].act_today:
        raise FrameworkError(f"{where}, entry 1, act_today", "the lowest level is what is left when nothing is "
                                                             "ticked, so it cannot be an 'act today' level")


def check_reach(framework: Framework) -> None:
    """Every level above the lowest has an indicator (the lowest is reached by ticking nothing),
    and every area has an indicator."""
    for number, level in enumerate(framework.levels[1:], start=2):
        if not any(i.level == level.id for i in framework.indicators):
            raise FrameworkError(f"levels, entry {number}", f"no indicator is at the level '{level.id}', so the "
                                 "checker can never reach it; add an indicator at that level or remove the level")
    for number, area in enumerate(framework.areas, start=1):
        if not any(i.area == area.id for i in framework.indicators):
            raise FrameworkError(f"areas, entry {number}", f"the area '{area.id}' has no indicators")


def from_data(data: Any) -> Framework:
    """A framework from plain data (as to_data writes it), checked."""
    if not isinstance(data, Mapping):
        raise FrameworkError("", "expected a framework")
    seen: dict[str, str] = {}
    levels = tuple(level_from(raw, f"levels, entry {n}", seen) for n, raw in enumerate(_list(data, "levels"), 1))
    check_shape(levels)
    areas = tuple(area_from(raw, f"areas, entry {n}", seen) for n, raw in enumerate(_list(data, "areas"), 1))
    if not areas:
        raise FrameworkError("areas", "a framework needs at least one area")
    indicators = []
    level_ids, area_ids = {level.id for level in levels}, {area.id for area in areas}
    for n, raw in enumerate(_list(data, "indicators"), start=1):
        where = f"indicators, entry {n}"
        if not isinstance(raw, Mapping):
            raise FrameworkError(where, "expected a table")
        indicator_id = check_id(raw.get("id"), f"{where}, id", seen)
        if raw.get("area") not in area_ids:
            raise FrameworkError(f"{where}, area", "is not one of the areas")
        if raw.get("level") not in level_ids or raw.get("level") == levels[0].id:
            raise FrameworkError(f"{where}, level", "is not one of the levels above the lowest")
        indicators.append(Indicator(id=indicator_id, area=raw["area"], level=raw["level"],
                                    text=clean(raw.get("text"), f"{where}, text", MOST["text"]),
                                    child_words=clean(raw.get("child_words", ""), f"{where}, child_words",
                                                      MOST["child_words"], required=False)))
        seen[indicator_id] = f"an indicator ({where})"
    framework = Framework(levels, areas, tuple(indicators), default=data.get("default") is True)
    check_reach(framework)
    return framework


def _list(data: Mapping, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise FrameworkError(key, "expected a list")
    return value


# ------------------------------------------------------------------------------------------
# Which framework the tools use
# ------------------------------------------------------------------------------------------
_current: Framework | None = None


def use(framework: Framework | None) -> None:
    """Make the tools use this framework (None: the published or default one). The build calls it
    with the council's framework before it renders any page."""
    global _current
    _current = framework


def current() -> Framework:
    global _current
    if _current is None:
        if PUBLISHED.is_file():  # in the wheel the build made: the council's framework
            _current = from_data(json.loads(PUBLISHED.read_text(encoding="utf-8")))
        else:  # from the source tree (tests, the command line): the handbook's default
            from .framework_files import read_default
            _current = read_default()
    return _current
