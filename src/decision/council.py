"""A council's settings file, read for what the decision package itself uses: the council's
choices on local rules ([variants]), the names of its services ([names]) and its threshold
framework ([threshold] and the CSV file it names). The command line reads it (`--settings FILE`,
or $HANDBOOK_SETTINGS as the build does); the build's full check of the file
(tools/handbook_build/settings.py) uses the same checks of [variants] and [names], and the same
reader of [threshold] (trees/framework_files.py). Standard library only; never in a browser.

Every problem raises CouncilSettingsError, one line naming the file and the key.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine.model import LocalName
from .trees import local_names
from .trees.framework import Framework, FrameworkError
from .trees.framework_files import read_section
from .trees.registry import get_tree, tree_ids

NAME_MOST = 150  # the longest name of a service the pages show well
ROLE_MOST = 60  # the longest name of the role that titles, questions and buttons show well
ROLE_KEYS = ("name", "plural", "article")
ARTICLES = ("a", "an")


class CouncilSettingsError(ValueError):
    """A mistake in a settings file: `key` names the setting, `problem` what is wrong."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key, self.problem = key, problem


@dataclass(frozen=True)
class CouncilRules:
    """What the decision package takes from a council's settings."""
    variants: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    framework: Framework | None = None  # None: the handbook's default
    source: Path | None = None


def known_names() -> dict[str, str]:
    """Every local name a council may set under [names], with its default wording. The role's
    names are not among them: they are made from [role] (see `check_role`)."""
    return {n.id: n.default for n in vars(local_names).values()
            if isinstance(n, LocalName) and n.id not in local_names.ROLE_IDS}


def known_variants() -> dict[str, tuple[str, ...]]:
    """Every local rule a council may choose, with its choices."""
    return {v.id: tuple(v.choices) for t in map(get_tree, tree_ids()) for v in t.variants}


def shown(value: str, quoted: bool = True) -> str:
    """A value quoted in a message: on one line, and cut short if it is long."""
    short = value if len(value) <= 60 else value[:57] + "..."
    text = json.dumps(short, ensure_ascii=False)
    return text if quoted else text[1:-1]


def kind(value: Any) -> str:
    """What a value is, as a message names it."""
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _known_table(raw: Any, key: str, known: dict[str, Any], what: str) -> dict[str, Any]:
    """A table whose every key is one of `known`'s: a local rule or a local name."""
    if not isinstance(raw, dict):
        raise CouncilSettingsError(key, f"expected a table ([{key}]), got {kind(raw)}")
    for name in raw:
        if name not in known:
            raise CouncilSettingsError(f"{key}.{shown(name, quoted=False)}", f"is not a {what} (expected one of: "
                                                                             f"{', '.join(sorted(known))})")
    return raw


def check_variants(raw: Any, key: str, known: dict[str, tuple[str, ...]]) -> dict[str, str]:
    for name, value in _known_table(raw, key, known, "local rule").items():
        if value not in known[name]:
            got = repr(value) if isinstance(value, str) and len(value) <= 60 else kind(value)
            raise CouncilSettingsError(f"{key}.{name}", f'expected one of {", ".join(repr(c) for c in known[name])}, '
                                                        f"got {' '.join(got.split())}")
    return dict(raw)


def check_names(raw: Any, key: str, known: dict[str, str]) -> dict[str, str]:
    """The names, each known and a text; the build tidies and measures each text as it does every
    setting's, the command line only collapses its spaces."""
    for name, value in _known_table(raw, key, known, "local name").items():
        if not isinstance(value, str) or not value.strip():
            raise CouncilSettingsError(f"{key}.{name}", f"expected text in quotes, got {kind(value)}")
    return dict(raw)


def check_role(raw: Any, key: str) -> dict[str, str]:
    """The [role] section: the role's name, its plural and its article, each a text of at most
    ROLE_MOST characters (the article "a" or "an"). A council that renames the role gives all
    three, so that no form of the default is left beside its own. Returns the three, defaults
    filled in; the build's schema (tools/handbook_build/settings.py) shows the same rules."""
    if not isinstance(raw, dict):
        raise CouncilSettingsError(key, f"expected a table ([{key}]), got {kind(raw)}")
    for name in raw:
        if name not in ROLE_KEYS:
            raise CouncilSettingsError(f"{key}.{shown(name, quoted=False)}",
                                       f"is not a setting in {key} (expected one of: {', '.join(ROLE_KEYS)})")
    values = {}
    for name in ROLE_KEYS:
        if name not in raw:
            continue
        value = raw[name]
        if not isinstance(value, str):
            raise CouncilSettingsError(f"{key}.{name}", f"expected text in quotes, got {kind(value)}")
        value = " ".join(value.split())
        if not value:
            raise CouncilSettingsError(f"{key}.{name}", "is empty: write it in, or leave the key out to keep "
                                                        "the default")
        if len(value) > ROLE_MOST:
            raise CouncilSettingsError(f"{key}.{name}", f"is {len(value)} characters long; keep it to "
                                                        f"{ROLE_MOST} or fewer")
        if name == "article" and value not in ARTICLES:
            raise CouncilSettingsError(f"{key}.{name}", f'expected "a" or "an", got {shown(value)}')
        values[name] = value
    missing = [name for name in ROLE_KEYS[1:] if "name" in values and name not in values]
    if missing:
        raise CouncilSettingsError(f"{key}.{missing[0]}", f"is missing: a council that sets {key}.name sets "
                                                          f"{key}.plural and {key}.article too, e.g. "
                                                          '"lead practitioners" and "a"')
    return {"name": "lead professional", "plural": "lead professionals", "article": "a"} | values


def settings_path(given: str | None) -> Path | None:
    """The file named on the command line, else $HANDBOOK_SETTINGS, else none (the defaults)."""
    chosen = given or os.environ.get("HANDBOOK_SETTINGS")
    return Path(chosen) if chosen else None


def read(path: Path) -> CouncilRules:
    """The variants, names and threshold framework of a settings file; its other sections are the
    build's to check. Paths in it are relative to the settings file, or to the current folder (the
    handbook's folder, as for the build)."""
    where = str(path)
    if not path.is_file():
        raise CouncilSettingsError(where, "the settings file does not exist")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise CouncilSettingsError(where, f"not valid TOML: {' '.join(str(problem).split())}") from None
    try:
        variants = check_variants(raw.get("variants", {}), "variants", known_variants())
        names = {k: " ".join(v.split()) for k, v in check_names(raw.get("names", {}), "names", known_names()).items()}
        for name, value in names.items():
            if len(value) > NAME_MOST:
                raise CouncilSettingsError(f"names.{name}", f"is {len(value)} characters long; keep it to "
                                                            f"{NAME_MOST} or fewer")
        role = check_role(raw.get("role", {}), "role")
    except CouncilSettingsError as problem:
        raise CouncilSettingsError(f"{where}: {problem.key}", problem.problem) from None
    names = names | local_names.role_names(**role)
    framework = None
    if "threshold" in raw:
        try:
            framework = read_section(raw["threshold"], where, path.parent, "threshold", roots=(Path.cwd(),))
        except FrameworkError as problem:  # its message names the file already
            raise CouncilSettingsError(problem.where, problem.problem) from None
    return CouncilRules(variants, names, framework, path)
