"""Decoding and checking answers that arrive from outside: the address bar, a bookmark, the
browser's form, or the command line.

Nothing here trusts its input. Each function returns either a clean value or a sentence saying
why the answer cannot be used; it never raises on bad data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .model import CHOICE, MULTI, PRACTITIONERS, Question

MAX_ANSWERS = 40  # more keys than any tree has questions means the address was tampered with
MAX_ID_LENGTH = 48
MAX_TEXT_LENGTH = 80  # a practitioner's role or agency
MAX_VALUE_SIZE = 2000  # characters of JSON in one answer; six practitioners fit easily
MAX_NESTING = 16  # lists and objects inside one another; answers and saved meetings need five at most
EMPTY = "empty"  # the question was submitted with nothing chosen


@dataclass(frozen=True)
class Checked:
    value: Any = None
    problem: str | None = None  # EMPTY, or a sentence for the reader


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def too_deep(json_text: str, limit: int = MAX_NESTING) -> bool:
    """Whether JSON text nests lists and objects more than `limit` deep, found without parsing it:
    json.loads recurses once a level, and a few thousand levels (a 6 kB file) overflow the stack
    of Python in the browser, which cannot be caught. Brackets inside strings do not count."""
    depth = 0
    for bracket in re.findall(r"[\[\]{}]", _JSON_STRING.sub("", json_text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def clean_text(raw: Any) -> str | None:
    """Free text as plain text: control characters removed, spaces collapsed, length capped."""
    if not isinstance(raw, str):
        return None
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    return " ".join(kept.split())


def text_field(value: Any, limit: int = 80) -> str:
    """A short string from a request (a council's name, say), or "" for anything else."""
    return value[:limit] if isinstance(value, str) else ""


def short(raw: Any, limit: int = 40) -> str:
    """A safe, short rendering of something a reader did not type themselves."""
    text = clean_text(raw if isinstance(raw, str) else repr(raw)) or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check(question: Question, raw: Any, generated: tuple[tuple[str, str], ...] = ()) -> Checked:
    if question.kind == CHOICE:
        return _check_choice(question, raw, generated)
    if question.kind == MULTI:
        return _check_multi(question, raw)
    if question.kind == PRACTITIONERS:
        return _check_practitioners(question, raw)
    return Checked(problem=f"'{question.id}' has a kind this version cannot read")


def _check_choice(question: Question, raw: Any, generated: tuple[tuple[str, str], ...]) -> Checked:
    if isinstance(raw, list) and len(raw) == 1:  # the address bar may carry a one-item list
        raw = raw[0]
    if raw in (None, ""):
        return Checked(problem=EMPTY)
    allowed = {o.id for o in question.options} | {option_id for option_id, _ in generated}
    if not isinstance(raw, str) or raw not in allowed:
        return Checked(problem=f"“{short(raw)}” is not one of the answers to “{question.text}”")
    return Checked(value=raw)


def _check_multi(question: Question, raw: Any) -> Checked:
    if isinstance(raw, str):
        raw = [raw] if raw else []
    if not isinstance(raw, list):
        return Checked(problem=f"the answer to “{question.text}” is not a list of options")
    if not raw:
        return Checked(problem=EMPTY)
    options = {o.id: o for o in question.options}
    unknown = [v for v in raw if not isinstance(v, str) or v not in options]
    if unknown:
        return Checked(problem=f"“{short(unknown[0])}” is not one of the answers to “{question.text}”")
    ticked = list(dict.fromkeys(raw))  # keep the order of the page, drop repeats
    if len(ticked) > 1 and any(options[v].exclusive for v in ticked):
        return Checked(problem=f"the answer to “{question.text}” mixes “none of these” with other options")
    ordered = [o.id for o in question.options if o.id in ticked]
    return Checked(value=ordered)


def _check_practitioners(question: Question, raw: Any) -> Checked:
    if not isinstance(raw, list):
        return Checked(problem=f"the answer to “{question.text}” is not a list of practitioners")
    if len(raw) > question.max_items:
        return Checked(problem=f"the answer to “{question.text}” lists more than {question.max_items} practitioners")
    entries = [_check_entry(question, item) for item in raw]
    broken = [e for e in entries if isinstance(e, str)]
    if broken:
        return Checked(problem=broken[0])
    kept = [e for e in entries if e["role"]]  # a blank row left on the form is not an answer
    if not kept:
        return Checked(problem=EMPTY)
    return Checked(value=kept)


def _check_entry(question: Question, item: Any) -> dict[str, Any] | str:
    if not isinstance(item, dict):
        return f"a practitioner in the answer to “{question.text}” is not readable"
    role, agency = clean_text(item.get("role", "")), clean_text(item.get("agency", ""))
    criteria = item.get("criteria", [])
    if role is None or agency is None or not isinstance(criteria, list):
        return f"a practitioner in the answer to “{question.text}” is not readable"
    if len(role) > MAX_TEXT_LENGTH or len(agency) > MAX_TEXT_LENGTH:
        return f"a practitioner's role or agency is longer than {MAX_TEXT_LENGTH} characters"
    allowed = [o.id for o in question.options]
    unknown = [c for c in criteria if c not in allowed]
    if unknown:
        return f"“{short(unknown[0])}” is not one of the things to tick for a practitioner"
    return {"role": role, "agency": agency, "criteria": [c for c in allowed if c in criteria]}


def label(question: Question, value: Any, generated: tuple[tuple[str, str], ...] = ()) -> str:
    """How an accepted answer reads in the "Your answers" list."""
    names = {o.id: o.label for o in question.options} | dict(generated)
    if question.kind == CHOICE:
        return names[value]
    if question.kind == MULTI:
        return "; ".join(names[v] for v in value)
    return "; ".join(practitioner_name(e) for e in value)


def practitioner_name(entry: dict[str, Any]) -> str:
    return f"{entry['role']} ({entry['agency']})" if entry.get("agency") else entry["role"]


def sane_keys(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """Split raw answers into a usable dict and the keys that cannot be question ids."""
    if not isinstance(raw, dict):
        return {}, ["The answers could not be read, so the tool starts from the beginning."] if raw not in (None, "") else []
    usable, problems = {}, []
    for key, value in list(raw.items())[:MAX_ANSWERS]:
        if not (isinstance(key, str) and 0 < len(key) <= MAX_ID_LENGTH):
            problems.append(f"“{short(key)}” is not a question in this tool, so that answer was ignored.")
        elif _size(value) > MAX_VALUE_SIZE:
            problems.append(f"The answer to “{short(key)}” is too long to use, so it was ignored.")
        else:
            usable[key] = value
    if len(raw) > MAX_ANSWERS:
        problems.append(f"Only the first {MAX_ANSWERS} answers were read.")
    return usable, problems


def _size(value: Any) -> int:
    """Characters of JSON, counting a letter such as é as one (as the browser sent it), so a
    full list of practitioners typed with accents is not refused as too long."""
    try:
        return len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        return MAX_VALUE_SIZE + 1
