"""Opening a meeting saved earlier, and starting the next review from it."""

from __future__ import annotations

import json
from typing import Any

from ..engine import answers as checks
from .form import ACTION_FIELDS, KIT, MAX_EARLIER, MAX_PREVIOUS, PERSON_TEXT, ROTA_TEXT, VERSION
from .reading import MeetingError, blank, empty_meeting, read_meeting

MAX_FILE = 60_000  # characters in a saved file


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
    rota = [row for row in old["rota"] if not blank(row, ROTA_TEXT)]
    if rota:
        first, rest = rota[0], rota[1:]
        new["review_date"], new["next_chair"], new["next_minutes"] = first["date"], first["chair"], first["minutes"]
        new["rota"] = [dict(row) for row in rest]
    reviews = old["reviews"] + [{"date": old["date"]}]
    people = [p for p in old["people"] if not blank(p, ("name", "role"))]
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
    previous = [a for a in old["actions"] if not blank(a, ACTION_FIELDS)]
    new["previous"] = [{**{key: a[key] for key in ACTION_FIELDS}, "progress": "", "note": ""}
                       for a in previous[:MAX_PREVIOUS]]
    if not old["review_date"].strip():
        notices.append("The saved meeting had no review date, so enter the date of this meeting.")
    return new, notices
