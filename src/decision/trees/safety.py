"""The "if a child is at risk now" note: what every tree tells a reader to do at once, whatever
else its result says, when a child may not be safe.

Policy reviewers: every tree's note says the same three things, in the same words: act at once,
contact the council's front door ({front_door}, set in the settings file), and call 999 in an
emergency. A tree says only what differs: what the worry is, what not to wait for, and anything
more to do.
"""

from __future__ import annotations

AT_RISK = "you think a child may be at risk of significant harm"


def safety_note(wait_for: str = "", worry: str = AT_RISK, also: str = "") -> str:
    """The note, for example safety_note("a meeting"): "If at any point you think a child may be
    at risk of significant harm, do not wait for a meeting: contact {front_door} straight away,
    or 999 in an emergency." A tree that uses it lists FRONT_DOOR among its names."""
    wait = f"do not wait for {wait_for}" if wait_for else "do not wait"
    more = f", and {also}" if also else ""
    return f"If at any point {worry}, {wait}: contact {{front_door}} straight away, or 999 in an emergency{more}."
