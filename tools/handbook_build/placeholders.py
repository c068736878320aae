"""Local wording in pages: `{{ council.name }}`, `{{ front_door.name }}` and the like are
filled from the council's settings when a page is built.

Only the placeholders listed here are touched; a misspelt one in these families stops the
build with the page and the placeholder named, rather than showing braces to readers.

Settings are data, never markup: every value is put into the page as text (`as_text`), so a
name with `*`, `_`, `<`, `[` or a backtick shows exactly as typed, and the only links a setting
makes are the contacts' mailto: and tel: links, from addresses settings.py has checked.
"""

from __future__ import annotations

import dataclasses
import re
import string
from typing import Any, Callable, get_type_hints

from decision.trees.local_names import DISPUTE_BROKER, DISPUTE_EXECUTIVE, DISPUTE_GROUP, ROLE_IDS
from .settings import EMAIL, MAX_TEXT, PHONE, Settings

# A capital in a placeholder's name asks for a capital in the text: {{ role.Name }} at the start of
# a sentence or title, {{ role.name }} inside one.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+(?:\.[A-Za-z_]+)?)\s*\}\}")
FAMILIES = ("council", "front_door", "early_help", "disagreement", "contacts", "names", "site", "settings",
            "local_rule", "role")
# The role's placeholders in pages -> the form of its name (local_names.role_names) each gives.
ROLE_PLACEHOLDERS = {"role.name": "role", "role.plural": "roles", "role.a_name": "a_role",
                     "role.Name": "Role", "role.Plural": "Roles", "role.A_name": "A_role"}
DEFAULT_COUNCIL = "your local authority"


class PlaceholderError(ValueError):
    pass


def page_values(settings: Settings, names: dict[str, str]) -> dict[str, Callable[[], str]]:
    """Placeholder -> its text (Markdown). `names` are the tools' local names, defaults applied."""
    council = settings.council.name or DEFAULT_COUNCIL
    values: dict[str, Callable[[], str]] = {
        "council.name": lambda: as_text(council),
        "council.short_name": lambda: as_text(settings.council.short_name or council),
        "site.title": lambda: as_text(settings.site.title),
        "front_door.name": lambda: as_text(names["front_door"]),
        "early_help.team": lambda: as_text(names["early_help_team"]),
        "early_help.manager": lambda: as_text(names["early_help_manager"]),
        "disagreement.route": lambda: disagreement_route(names),
        "contacts": lambda: contacts_markdown(settings),
        "settings.reference": lambda: settings_reference(),
        "settings.names": lambda: names_reference(),
        "settings.variants": lambda: variants_reference(names),
        "settings.threshold": lambda: threshold_reference(),
        "threshold.indicators": lambda: threshold_indicators(names),
    }
    values |= {f"names.{key}": (lambda value=value: as_text(value)) for key, value in names.items()
               if key not in ROLE_IDS}
    role = settings.role_names()
    values |= {key: (lambda form=form: as_text(role[form])) for key, form in ROLE_PLACEHOLDERS.items()}
    values |= local_rule_values(settings, names)
    return values


def local_rule_values(settings: Settings, names: dict[str, str] | None = None) -> dict[str, Callable[[], str]]:
    """`{{ local_rule.ID }}`: the council's choice on each local rule of the tools, in the words the
    tools use for it, so a chapter says which rule this site follows where the sources differ."""
    from decision import get_tree, tree_ids
    from decision.engine.view import filler
    values: dict[str, Callable[[], str]] = {}
    for tree_id in tree_ids():
        fill = filler(get_tree(tree_id), names)  # the role's name in the council's words
        for variant in get_tree(tree_id).variants:
            chosen = settings.variants.get(variant.id, variant.default)
            meaning = fill(variant.choices[chosen])
            meaning = meaning[:1].upper() + meaning[1:]
            if settings.council.name:
                text = f"**{as_text(settings.council.name)}'s rule:** {as_text(meaning)}"
            elif chosen == variant.default:
                text = f"**This handbook's default:** {as_text(meaning)} Check your own area's guidance."
            else:
                text = f"**This site's rule:** {as_text(meaning)}"
            values[f"local_rule.{variant.id}"] = lambda text=text: text
    return values


def fill_text(text: str, settings: Settings) -> str:
    """Plain text (a menu title, the site's description) with its {{ role.* }} placeholders filled:
    as typed, for the theme to escape. Other placeholders are left as they are."""
    role = settings.role_names()
    return PLACEHOLDER.sub(lambda m: role[ROLE_PLACEHOLDERS[m.group(1)]] if m.group(1) in ROLE_PLACEHOLDERS
                           else m.group(0), text)


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
             f"If it cannot, {as_text(names[DISPUTE_BROKER.id])} brokers between the agencies.",
             f"If the disagreement continues, it goes to {as_text(names[DISPUTE_GROUP.id])}.",
             f"The final level is {as_text(names[DISPUTE_EXECUTIVE.id])}."]
    return "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1)) + "\n"


def contacts_markdown(settings: Settings) -> str:
    if not settings.contacts:
        council = settings.council.name or "Your local authority"
        return (f"!!! note \"No local contacts yet\"\n    {as_text(council)} has not added its contacts to this "
                "handbook yet. Use your own service's procedures, and in an emergency call 999.\n")
    blocks = []
    for contact in settings.contacts:
        lines = [f"### {as_text(contact.name)}", "", as_text(contact.purpose), ""]
        for label, value in (("Phone", contact.phone), ("Email", contact.email), ("When", contact.hours),
                             ("Out of hours", contact.out_of_hours)):
            if value:
                lines.append(f"- **{label}:** {_contact_link(label, value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _contact_link(label: str, value: str) -> str:
    """A phone number as a tel: link and an address as a mailto: link, each only when it passes the
    settings' strict check (so nothing else can reach the link's address); anything else is text."""
    if label == "Phone" and PHONE.match(value):
        return f"[{as_text(value)}](tel:{value.replace(' ', '')})"
    if label == "Email" and EMAIL.match(value):
        return f"[{as_text(value)}](mailto:{value})"
    return as_text(value)


# ASCII punctuation that means nothing to Markdown (with this site's extensions) inside a line.
_QUIET = frozenset("'-.,;:?/@%=$")


def as_text(text: str) -> str:
    """Text for a Markdown page, shown exactly as typed wherever it goes (a paragraph, a heading, a
    list, a table cell, inside bold): every ASCII punctuation mark that Markdown, its extensions or
    HTML could read as syntax is written as a numeric character reference, which both Markdown and
    HTML show as the character itself, and so is the first character if it is punctuation (a line
    starting "- " or ": " would begin a list), and the full stop in a leading "1." (a numbered list).
    Runs of spaces and line breaks become one space, so a value never starts a new block."""
    text = " ".join(text.split())
    shown = "".join(f"&#{ord(c)};" if c in string.punctuation and (c not in _QUIET or i == 0) else c
                    for i, c in enumerate(text))
    return re.sub(r"^([0-9]+)\.", r"\1&#46;", shown)


# ------------------------------------------------------------------------------------------
# The settings reference, written from the schema itself so that it cannot drift from it
# ------------------------------------------------------------------------------------------
def settings_reference() -> str:
    rows = ["| Key | Type | Default | Longest | What it is for |", "|---|---|---|---|---|"]
    for section in dataclasses.fields(Settings):
        if section.metadata.get("internal") or section.metadata.get("names") or section.metadata.get("variants") \
                or section.metadata.get("framework"):
            continue
        schema = get_type_hints(Settings)[section.name]
        item = _item_type(schema)
        if item is None:
            continue
        prefix = f"[[{section.name}]]" if section.name == "contacts" else f"[{section.name}]"
        for spec in dataclasses.fields(item):
            rows.append(f"| `{prefix}` `{spec.name}` | {_type_name(get_type_hints(item)[spec.name])} | "
                        f"{_default(spec)} | {_longest(spec)} | {_cell(spec.metadata['description'])} |")
    return "\n".join(rows) + "\n"


def names_reference() -> str:
    from decision.trees import local_names
    from decision.engine.model import LocalName
    rows = ["| Key under `[names]` | What it names | Wording when not set |", "|---|---|---|"]
    for name in vars(local_names).values():
        if isinstance(name, LocalName) and name.id not in local_names.ROLE_IDS:  # [role] names them
            rows.append(f"| `{name.id}` | {_cell(name.description)} | {_cell(name.default)} |")
    return "\n".join(rows) + "\n"


def variants_reference(names: dict[str, str] | None = None) -> str:
    from decision import get_tree, tree_ids
    from decision.engine.view import filler
    rows = ["| Key under `[variants]` | The question | Choices (default first) | Tool |", "|---|---|---|---|"]
    for tree_id in tree_ids():
        tree = get_tree(tree_id)
        fill = filler(tree, names)  # the role's name in the council's words
        for variant in tree.variants:
            choices = [variant.default] + [c for c in variant.choices if c != variant.default]
            listed = "<br>".join(f"`\"{c}\"`: {_cell(fill(variant.choices[c]))}" for c in choices)
            rows.append(f"| `{variant.id}` | {_cell(fill(variant.question))} | {listed} | {_cell(fill(tree.title))} |")
    return "\n".join(rows) + "\n"


def threshold_indicators(names: dict[str, str]) -> str:
    """The council's threshold framework as tables: its levels, then each area's indicators. Every
    value is the framework's data, shown as text."""
    from decision.trees.framework import NAMES, current
    framework = current()

    def shown(value: str) -> str:
        for name in NAMES:
            value = value.replace("{" + name + "}", names.get(name, name))
        return as_text(value)

    act = {True: "Yes: act today", False: "No"}
    parts = ["| Level | What it means | Act today |", "|---|---|---|"]
    parts += [f"| {shown(level.name)} | {shown(level.description)} | {act[level.act_today]} |"
              for level in framework.levels]
    for area in framework.areas:
        indicators = framework.in_area(area.id)
        voiced = any(i.child_words for i in indicators)
        parts += ["", f"**{shown(area.name)}**", "",
                  "| Level | Indicator |" + (" In the child's words |" if voiced else ""),
                  "|---|---|" + ("---|" if voiced else "")]
        parts += [f"| {shown(framework.level(i.level).name)} | {shown(i.text)} |"
                  + (f" {shown(i.child_words)} |" if voiced else "") for i in indicators]
    return "\n".join(parts) + "\n"


def threshold_reference() -> str:
    """The threshold framework's fields, from the checks the build applies (framework.py)."""
    from decision.trees.framework import MAX_LEVELS, MAX_STEPS, MIN_LEVELS, MOST
    from decision.trees.framework_files import COLUMNS, REQUIRED
    text = "text"
    fields = [
        ("`[[threshold.levels]]` `id`", text, "40 characters", "The level's id: lower-case letters, digits and _. "
         "Never change it once published: saved links and training scenarios use it."),
        ("`[[threshold.levels]]` `name`", text, f"{MOST['name']} characters", "Its short name, e.g. 'Level 2' or "
         "'Family Help', shown before each of its indicators."),
        ("`[[threshold.levels]]` `description`", text, f"{MOST['description']} characters",
         "One line on what the level means; the result's title is the name and this line."),
        ("`[[threshold.levels]]` `what_happens`", "text or list of texts",
         f"{MAX_STEPS} entries of {MOST['what_happens']} characters", "What happens at this level: the result's "
         "next steps."),
        ("`[[threshold.levels]]` `act_today`", "true or false", "", "Whether the level means acting today, as child "
         "protection does: ticking one of its indicators ends the checker at once with this level's result. The "
         "lowest level cannot."),
        ("`[[threshold.levels]]` `lead`", text, f"{MOST['lead']} characters", "Optional: who usually leads."),
        ("`[[threshold.levels]]` `reasons`", "list of texts", f"{MAX_STEPS} entries of {MOST['reason']} characters",
         "Optional: why this is the result, in a sentence or two each."),
        ("`[[threshold.areas]]` `id`", text, "40 characters", "The area's id, as for a level."),
        ("`[[threshold.areas]]` `name`", text, f"{MOST['area_name']} characters", "The area's name."),
        ("`[[threshold.areas]]` `question`", text, f"{MOST['question']} characters", "What the reader is asked, "
         "e.g. 'Which of these apply to the child's health?'"),
        ("`[[threshold.areas]]` `short_name`", text, f"{MOST['short_name']} characters",
         "Optional: a shorter name for the reader's list of answers."),
        ("`[[threshold.areas]]` `hint`", text, f"{MOST['hint']} characters", "Optional: a line under the question."),
        ("`[threshold]` `indicators`", text, "", "The CSV file of indicators, relative to the settings file or to "
         "the handbook's folder."),
    ]
    rows = ["| Key | Type | Longest | What it is for |", "|---|---|---|---|"]
    rows += [f"| {key} | {kind} | {longest} | {_cell(what)} |" for key, kind, longest, what in fields]
    columns = ["| Column | Required | Longest | What it holds |", "|---|---|---|---|"]
    meaning = {"id": "The indicator's id, as for a level; never reused for another indicator.",
               "area": "The id of its area.", "level": "The id of its level (any level but the lowest).",
               "text": "The practitioner's wording, as the checkbox shows it.",
               "child_words": "Optional: the same indicator in the child's own words (\"I ...\"), shown under it."}
    columns += [f"| `{name}` | {'yes' if name in REQUIRED else 'no'} | "
                f"{MOST.get(name, 40)} characters | {_cell(meaning[name])} |" for name in COLUMNS]
    return ("\n".join(rows) + f"\n\nA framework has from {MIN_LEVELS} to {MAX_LEVELS} levels, lowest first.\n\n"
            + "\n".join(columns) + "\n")


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
    if schema is int:
        return "whole number"
    return "list of text"


def _longest(spec: dataclasses.Field) -> str:
    """The most a text may hold (settings.py refuses more), and for a list, how many entries."""
    if spec.type in ("bool", bool) or spec.metadata.get("colour"):
        return ""  # true or false, or #rrggbb
    if spec.type in ("int", int):
        return f"{spec.metadata.get('greatest')}"
    characters = f"{spec.metadata.get('most', MAX_TEXT)} characters"
    entries = spec.metadata.get("entries")
    return f"{entries} entries of {characters}" if entries else characters


def _default(spec: dataclasses.Field) -> str:
    if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
        return "required"
    value = spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()
    if value in ("", None, ()):
        return "none"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def _cell(text: str) -> str:
    return as_text(text)
