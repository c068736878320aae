"""Reading a meeting the page sent, or a saved file held, without trusting it."""

from __future__ import annotations

import re
from typing import Any

from .form import (ACTION_FIELDS, KIT, LIMITS, LONG, MAX_EARLIER, OPENING_TICKS, PERSON_TEXT, PREVIOUS_TEXT,
                   ROTA_TEXT, SCALE_HIGH, SCALE_LOW, TOP_TEXT, VERSION)


class MeetingError(ValueError):
    """The request or file is not a meeting this kit can read; the message says where."""


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



def blank(row: dict[str, Any], keys) -> bool:
    return not any(str(row.get(key, "")).strip() for key in keys)


def person_name(person: dict[str, Any], index: int) -> str:
    return person["name"].strip() or f"person {index + 1}"


def score_value(typed: str) -> int | None:
    text = typed.strip()
    if re.fullmatch(r"\d{1,2}", text) and SCALE_LOW <= int(text) <= SCALE_HIGH:
        return int(text)
    return None
