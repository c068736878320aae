"""Dates, as people type them, and the example dates the page and the messages give."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Date examples ("like 27/4/2026") are worked out from today, so they never fall in the past: the
# first 27th at least four weeks ahead. A 27th exists in every month and cannot be misread as a
# month. lp-meeting.js draws its hints with the same rule from these two numbers.
EXAMPLE_AFTER_DAYS, EXAMPLE_DAY = 28, 27

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
