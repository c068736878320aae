"""The Team Around the Family meeting kit's entry point: what the page asks, and the reply.

The page sends the meeting exactly as it was typed. The kit reads it without trusting it
(`reading`), checks each field, that each action is complete (an owner, a measure and a date that
is real and not already past), the review date and the chair and minute-taker rota (`checks`),
and returns:

- `flags`: one per problem, naming the field it belongs to, with a GOV.UK-style message;
- `prompts`: suggestions, not problems, where an action's wording says nothing anyone could see
  or count ("try harder", "things are better"). Whether an action is SMART (specific,
  measurable, achievable, realistic and timed) is for the meeting to judge: the kit checks only
  that it is complete, and never calls an action SMART;
- `record`: the meeting as titled sections, which the page draws for printing (`record`);
- `text`: the same record as plain text, for the download;
- `chart`: the scores across reviews, already laid out (points, lines, labels, axes), with the
  same numbers as a table, so the page only has to draw what it is given (`chart`).

It also opens a meeting saved earlier ("open"), and can start the next review from it (`saved`):
this meeting's scores become an earlier review, its actions come back to be reviewed, and the
next chair and minute-taker step up from the rota. What the meeting holds is in `form`, and dates
as people type them in `dates`.

Nothing here keeps anything: each request is answered from what it carries.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .chart import chart
from .checks import action_problems, action_prompts, check, summary_lines
from .dates import EXAMPLE_AFTER_DAYS, EXAMPLE_DAY, reader_today, today
from .form import ACTION_FIELDS, KIT, LIMITS, SCALE_HIGH, SCALE_LOW, VERSION
from .reading import MeetingError, blank, read_meeting
from .record import edition_of, record, record_filename, record_text
from .saved import open_reply


def meeting_request(request: dict[str, Any], settings: Any = None) -> dict[str, Any]:
    """Registered as action "meeting" in decision.browser. `mode` is one of:

    - "check": {meeting} -> flags, record, text, chart, summary (the record names the edition of
      the handbook it was made with: the settings' edition, a decision.browser.Settings, which the
      build publishes with the runtime, so it is the edition of the page's own release)
    - "chart": {meeting} -> chart only (the page redraws it as scores are typed)
    - "open":  {file, start: "continue" | "next"} -> the saved meeting, read and checked
    """
    mode = request.get("mode")
    try:
        if mode == "check":
            return check_reply(read_meeting(request.get("meeting")), on=reader_today(request.get("today")),
                               edition=edition_of(getattr(settings, "edition", "")))
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


def check_reply(meeting: dict[str, Any], on: date | None = None, edition: str = "") -> dict[str, Any]:
    now = on or today()
    checker = check(meeting, now)
    flags = [flag.as_dict() for flag in checker.flags]
    drawn = chart(meeting)
    summary = summary_lines(meeting, checker, now)
    the_record = record(meeting, checker, drawn, edition)
    filled = [i for i, action in enumerate(meeting["actions"]) if not blank(action, ACTION_FIELDS)]
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


# For the build: what lp-meeting.js needs beside the form the build writes (whose words and limits
# come from form.FORM): the saved file's mark, the rows' limits and the rule for example dates.
def page_settings() -> dict[str, Any]:
    return {"kit": KIT, "version": VERSION, "limits": LIMITS, "scale": [SCALE_LOW, SCALE_HIGH],
            "example_date": {"after_days": EXAMPLE_AFTER_DAYS, "day": EXAMPLE_DAY}}
