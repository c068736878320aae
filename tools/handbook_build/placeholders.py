"""Local wording in pages: `{{ council.name }}`, `{{ front_door.name }}` and the like are
filled from the council's settings when a page is built.

Only the placeholders listed here are touched; a misspelt one in these families stops the
build with the page and the placeholder named, rather than showing braces to readers.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable, get_type_hints

from decision.local_names import DISPUTE_BROKER, DISPUTE_EXECUTIVE, DISPUTE_GROUP
from .settings import Settings

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z_]+)?)\s*\}\}")
FAMILIES = ("council", "front_door", "early_help", "disagreement", "contacts", "names", "site", "settings")
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
        "settings.reference": lambda: settings_reference(),
        "settings.names": lambda: names_reference(),
        "settings.variants": lambda: variants_reference(),
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


# ------------------------------------------------------------------------------------------
# The settings reference, written from the schema itself so that it cannot drift from it
# ------------------------------------------------------------------------------------------
def settings_reference() -> str:
    rows = ["| Key | Type | Default | What it is for |", "|---|---|---|---|"]
    for section in dataclasses.fields(Settings):
        if section.metadata.get("internal") or section.metadata.get("names") or section.metadata.get("variants"):
            continue
        schema = get_type_hints(Settings)[section.name]
        item = _item_type(schema)
        if item is None:
            continue
        prefix = f"[[{section.name}]]" if section.name == "contacts" else f"[{section.name}]"
        for spec in dataclasses.fields(item):
            rows.append(f"| `{prefix}` `{spec.name}` | {_type_name(get_type_hints(item)[spec.name])} | "
                        f"{_default(spec)} | {_cell(spec.metadata['description'])} |")
    return "\n".join(rows) + "\n"


def names_reference() -> str:
    from decision import local_names
    from decision.model import LocalName
    rows = ["| Key under `[names]` | What it names | Wording when not set |", "|---|---|---|"]
    for name in vars(local_names).values():
        if isinstance(name, LocalName):
            rows.append(f"| `{name.id}` | {_cell(name.description)} | {_cell(name.default)} |")
    return "\n".join(rows) + "\n"


def variants_reference() -> str:
    from decision import get_tree, tree_ids
    rows = ["| Key under `[variants]` | The question | Choices (default first) | Tool |", "|---|---|---|---|"]
    for tree_id in tree_ids():
        tree = get_tree(tree_id)
        for variant in tree.variants:
            choices = [variant.default] + [c for c in variant.choices if c != variant.default]
            listed = "<br>".join(f"`\"{c}\"`: {_cell(variant.choices[c])}" for c in choices)
            rows.append(f"| `{variant.id}` | {_cell(variant.question)} | {listed} | {_cell(tree.title)} |")
    return "\n".join(rows) + "\n"


def _item_type(schema: Any) -> type | None:
    if dataclasses.is_dataclass(schema):
        return schema
    arguments = getattr(schema, "__args__", ())
    return arguments[0] if arguments and dataclasses.is_dataclass(arguments[0]) else None


def _type_name(schema: Any) -> str:
    if schema is bool:
        return "true or false"
    if schema is str:
        return "text"
    return "list of text"


def _default(spec: dataclasses.Field) -> str:
    if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
        return "required"
    value = spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()
    if value in ("", None, ()):
        return "none"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def _cell(text: str) -> str:
    return _escape(text).replace("\n", " ")
