"""The record of a meeting: titled sections, which the page draws, and the same as plain text."""

from __future__ import annotations

from typing import Any

from .checks import Checker
from .dates import long_date, parse_date
from .form import (ACTION_FIELDS, ACTIONS, FIELDS, KINDS, OPENING_TICKS, PERSON_KINDS, PREVIOUS, PROGRESS, ROTA,
                   ROTA_TEXT, SCALE_HIGH, SCALE_LOW, Rows)
from .reading import blank, person_name, score_value

EDITION_TEXT = 300  # characters of the edition the page names (the build writes it; see edition_of)
MADE_WITH = "Made with the meeting kit of the Lead Professional handbook."


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


def record_filename(meeting: dict[str, Any]) -> str:
    found, _ = parse_date(meeting["date"])
    return f"taf-meeting-{found.isoformat()}.txt" if found else "taf-meeting.txt"



NOT_RECORDED = "Not recorded"


def _label(key: str, rows: Rows | None = None) -> str:
    """A field's name in the record, from the form's description."""
    return (rows.field(key) if rows else FIELDS[key]).in_record


def _value(typed: str) -> str:
    return typed if typed.strip() else NOT_RECORDED


def _date_value(typed: str) -> str:
    found, _ = parse_date(typed)
    return long_date(found) if found else _value(typed)


def _person_line(person: dict[str, Any], index: int) -> str:
    details = ", ".join(filter(None, [person["role"].strip(), PERSON_KINDS.get(person["kind"], "").lower()]))
    return person_name(person, index) + (f" ({details})" if details else "")


def record(meeting: dict[str, Any], checker: Checker, drawn: dict[str, Any], edition: str = "") -> dict[str, Any]:
    m = meeting
    sections: list[dict[str, Any]] = []
    add = sections.append
    add({"heading": "The meeting", "fields": [
        [_label("family"), _value(m["family"])],
        [_label("date"), _date_value(m["date"])],
        [_label("kind"), KINDS.get(m["kind"], NOT_RECORDED)],
        *([[_label("venue"), m["venue"]]] if m["venue"].strip() else []),
        [_label("chair"), _value(m["chair"])],
        [_label("minutes"), _value(m["minutes"])],
    ]})
    people = [(i, p) for i, p in enumerate(m["people"]) if not blank(p, ("name", "role"))]
    for status, heading in (("present", "Who was there"), ("views", "Not at the meeting; shared their views"),
                            ("apologies", "Apologies"), ("absent", "Not at the meeting")):
        names = [_person_line(p, i) for i, p in people if p["attendance"] == status]
        if names or status == "present":
            add({"heading": heading, "items": names or [NOT_RECORDED]})
    add({"heading": "Beginning", "fields": [
        *([_label(f"opening.{tick}"), "Yes" if m["opening"][tick] else "No"] for tick in OPENING_TICKS),
        [_label("opening.family_items"), _value(m["opening"]["family_items"])],
    ]})
    previous = [row for row in m["previous"] if not blank(row, ACTION_FIELDS)]
    if previous:
        add({"heading": "Actions from last time", "groups": [
            {"title": f"Action {n} from last time", "fields": [
                [_label("what", PREVIOUS), _value(row["what"])], [_label("who", PREVIOUS), _value(row["who"])],
                [_label("by", PREVIOUS), _date_value(row["by"])],
                [_label("progress", PREVIOUS), PROGRESS.get(row["progress"], NOT_RECORDED)],
                *([[_label("note", PREVIOUS), row["note"]]] if row["note"].strip() else [])]}
            for n, row in enumerate(previous, 1)]})
    for key in ("voice", "well", "worried", "happen"):
        add({"heading": _label(key), "text": _value(m[key])})
    scores = _scores_with_reasons(m, drawn["table"])
    add({"heading": "Scaling", "text": f"Scores on the {SCALE_LOW} to {SCALE_HIGH} confidence scale: "
                                       f"{SCALE_LOW} means no confidence at all, {SCALE_HIGH} means completely confident.",
         "table": scores, "chart": bool(drawn["series"]), "items": drawn["summaries"] or ["No scores recorded."]})
    actions = [a for a in m["actions"] if not blank(a, ACTION_FIELDS)]
    add({"heading": "Actions", "groups": [
        {"title": f"Action {n}", "fields": [[_label(key, ACTIONS), (_date_value if key == "by" else _value)(a[key])]
                                            for key in ACTION_FIELDS]}
        for n, a in enumerate(actions, 1)] or None, "items": None if actions else ["No actions recorded."]})
    rota = [row for row in m["rota"] if not blank(row, ROTA_TEXT)]
    add({"heading": "Next meeting", "fields": [
        [_label("review_date"), _date_value(m["review_date"])],
        [_label("next_chair"), _value(m["next_chair"])],
        [_label("next_minutes"), _value(m["next_minutes"])],
    ], "table": {"caption": "Later meetings: chair and minute-taker rota",
                 "head": [_label(key, ROTA) for key in ROTA_TEXT],
                 "rows": [[_date_value(r["date"]) if r["date"].strip() else f"Meeting {n}", _value(r["chair"]),
                           _value(r["minutes"])] for n, r in enumerate(rota, 1)]} if rota else None})
    if m["notes"].strip():
        add({"heading": _label("notes"), "text": m["notes"]})
    if m["safeguarding"].strip():
        add({"heading": _label("safeguarding"), "text": m["safeguarding"]})
    if checker.flags:
        add({"heading": "Still to sort out", "items": [flag.as_dict()["summary"] for flag in checker.flags]})
    title = "Team Around the Family meeting"
    found = checker.meeting_date
    return {"title": title + (f", {long_date(found)}" if found else ""), "sections": sections,
            "made_with": made_with(edition)}


def _scores_with_reasons(meeting: dict[str, Any], table: dict[str, Any]) -> dict[str, Any] | None:
    """The chart's table of scores with each person's reason beside their score at this meeting
    (the reason matters as much as the number), or None when nobody gave a score or a reason."""
    named = [p for p in meeting["people"] if not blank(p, ("name", "role"))]
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
