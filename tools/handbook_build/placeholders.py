"""Local wording in pages: `{{ council.name }}`, `{{ front_door.name }}` and the like are
filled from the council's settings when a page is built.

Only the placeholders listed here are touched; a misspelt one in these families stops the
build with the page and the placeholder named, rather than showing braces to readers.
"""

from __future__ import annotations

import re
from typing import Callable

from decision.local_names import DISPUTE_BROKER, DISPUTE_EXECUTIVE, DISPUTE_GROUP
from .settings import Settings

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z_]+)?)\s*\}\}")
FAMILIES = ("council", "front_door", "early_help", "disagreement", "contacts", "names", "site")
DEFAULT_COUNCIL = "your local authority"


class PlaceholderError(ValueError):
    pass


def page_values(settings: Settings, names: dict[str, str]) -> dict[str, Callable[[], str]]:
    """Placeholder -> its text (Markdown). `names` are the tools' local names, defaults applied."""
    council = settings.council.name or DEFAULT_COUNCIL
    values: dict[str, Callable[[], str]] = {
        "council.name": lambda: council,
        "council.short_name": lambda: settings.council.short_name or council,
        "site.title": lambda: settings.site.title,
        "front_door.name": lambda: names["front_door"],
        "early_help.team": lambda: names["early_help_team"],
        "early_help.manager": lambda: names["early_help_manager"],
        "disagreement.route": lambda: disagreement_route(names),
        "contacts": lambda: contacts_markdown(settings),
    }
    values |= {f"names.{key}": (lambda value=value: value) for key, value in names.items()}
    return values


def fill_page(markdown: str, page: str, values: dict[str, Callable[[], str]]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key in values:
            return values[key]()
        if key.split(".")[0] in FAMILIES:
            raise PlaceholderError(f"{page}: unknown placeholder {{{{ {key} }}}} "
                                   f"(known: {', '.join(sorted(values))})")
        return match.group(0)  # not ours: leave it (for example a code sample)
    return PLACEHOLDER.sub(replace, markdown)


def disagreement_route(names: dict[str, str]) -> str:
    steps = ["The multi-agency meeting (the Team Around the Family) tries to resolve it first.",
             f"If it cannot, {names[DISPUTE_BROKER.id]} brokers between the agencies.",
             f"If the disagreement continues, it goes to {names[DISPUTE_GROUP.id]}.",
             f"The final level is {names[DISPUTE_EXECUTIVE.id]}."]
    return "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1)) + "\n"


def contacts_markdown(settings: Settings) -> str:
    if not settings.contacts:
        council = settings.council.name or "Your local authority"
        return (f"!!! note \"No local contacts yet\"\n    {_escape(council)} has not added its contacts to this "
                "handbook yet. Use your own service's procedures, and in an emergency call 999.\n")
    blocks = []
    for contact in settings.contacts:
        lines = [f"### {_escape(contact.name)}", "", _escape(contact.purpose), ""]
        for label, value in (("Phone", contact.phone), ("Email", contact.email), ("When", contact.hours),
                             ("Out of hours", contact.out_of_hours)):
            if value:
                shown = f"[{_escape(value)}](mailto:{value})" if label == "Email" else _escape(value)
                lines.append(f"- **{label}:** {shown}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _escape(text: str) -> str:
    """Council text is shown as text: HTML is escaped as entities, Markdown with backslashes."""
    entities = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", entities)
