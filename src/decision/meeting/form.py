"""What a meeting holds: its parts, the kinds of field, their limits and the words for each choice.

The checks, the record, the build's pages and lp-meeting.js (through page_settings) all take these
from here.
"""

from __future__ import annotations

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

KINDS = {"first": "First meeting", "review": "Review meeting"}
PERSON_KINDS = {"family": "Family member", "practitioner": "Practitioner"}
ATTENDANCE = {"present": "At the meeting", "apologies": "Sent apologies",
              "views": "Not at the meeting; shared their views", "absent": "Not at the meeting"}
PROGRESS = {"done": "Done", "partly": "Partly done", "not_done": "Not done"}

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
