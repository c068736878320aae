"""One settings file holds everything local to a council: its name, logo, colours, contacts,
the names of its services, its choices where the guidance differs, and which tools and
chapters it uses. The build reads it with the standard library's TOML reader.

Which file: $HANDBOOK_SETTINGS if set, else handbook.toml at the top of the repository if it
exists, else the neutral default profile (every field's default below).

Every mistake stops the build with one line that names the file, the key and what was expected.
The schema below is also the reference: each field says what it is for.

Settings are data, never markup. Every text is tidied (spaces collapsed, control characters
refused) and capped at a length the pages show well; links are only https:, mailto: (a strictly
checked e-mail address) or tel: (a strictly checked phone number); chapters to leave out must be
paths under docs/. Where a value goes into a page, placeholders.py, identity.py and chapters.py show it as text.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, get_args, get_origin, get_type_hints

from decision.council import ARTICLES, ROLE_MOST, CouncilSettingsError, check_names, check_role, check_variants
from decision.council import kind as _kind, shown as _shown
from decision.trees.framework import Framework, FrameworkError
from decision.trees.framework_files import read_section
from decision.trees.local_names import capitalised, role_names

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "handbook.toml"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Digits in groups separated by single spaces, with an optional + before the first: 3 to 15 digits
# (999 and 111 are real numbers; 15 is the international maximum).
PHONE = re.compile(r"^\+?[0-9](?: ?[0-9]){2,14}$")
PHONE_PROBLEM = "enter a phone number using digits, spaces and an optional +, like 01234 567890"
# The plain addresses councils publish: no quotes, brackets, spaces or other URL syntax.
EMAIL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
EMAIL_PROBLEM = "enter an e-mail address like mash@council.gov.uk (letters, digits and . _ % + - only)"
# An https address: a host name, an optional port, then a path without spaces, quotes or brackets.
HTTPS = r"^https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[^\s\"'<>\\`{}|^]*)?$"
# A chapter under docs/: folders and a Markdown file, with no way up or out.
CHAPTER = re.compile(r"^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*/)*[A-Za-z0-9_][A-Za-z0-9_.-]*\.md$")
MAX_TEXT = 200  # the cap for any text whose field names none
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class SettingsError(ValueError):
    """A mistake in the settings file; the message is the single line the build prints."""


def describe(text: str, **more: Any) -> Any:
    return {"description": text, **more}


# ------------------------------------------------------------------------------------------
# The schema. Field metadata: description (for the reference), and optional checks.
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Council:
    name: str = field(default="", metadata=describe("The council or partnership's name, e.g. 'Northshire Council'.",
                                                      most=100, required=True))
    short_name: str = field(default="", metadata=describe("A short form used in headings, e.g. 'Northshire'.",
                                                            most=40))
    website: str = field(default="", metadata=describe(
        "The council's website (https://...), linked in the footer.", pattern=HTTPS, most=200,
        problem="expected the council's https:// address, e.g. \"https://www.northshire.gov.uk/\""))
    logo: str = field(default="", metadata=describe(
        "Path to the logo (SVG or PNG), relative to the settings file or to the handbook's folder. Shown in the header.", file=(".svg", ".png"),
        most=200))
    logo_alt: str = field(default="", metadata=describe("Text alternative for the logo; defaults to the name.",
                                                          most=150))


@dataclass(frozen=True)
class Site:
    title: str = field(default="Lead Professional handbook", metadata=describe(
        "The site's name: the home page's heading, the header and each page's title in the browser. Left out, "
        "a council that renames the role gets the role's name and 'handbook', e.g. 'Lead practitioner handbook'.",
        most=80,
        required=True))
    url: str = field(default="", metadata=describe(
        "The https:// address the site is published at, e.g. https://www.example.gov.uk/handbook/. Needed for the "
        "theme's instant page changes; any path works.", pattern=HTTPS[:-1] + r"(?<=/)$", most=200,
        problem="expected the https:// address the site is published at, ending in /, "
                "e.g. \"https://www.northshire.gov.uk/handbook/\""))
    csp_meta: bool = field(default=True, metadata=describe(
        "Also state the Content-Security-Policy in each page, for servers that cannot send headers."))
    offline: bool = field(default=True, metadata=describe(
        "Keep the handbook and its tools working offline after a first visit (a service worker; https only)."))
    offline_whole: bool = field(default=False, metadata=describe(
        "Keep the whole handbook, tools included, for offline use until a reader chooses otherwise on the privacy "
        "page. Off by default: only the pages a reader opens, and a tool's program once used, are kept."))


@dataclass(frozen=True)
class Colours:
    primary: str = field(default="#1d4f91", metadata=describe(
        "Header and button colour, as #rrggbb. White text on it must reach a 4.5:1 contrast.", colour=True))
    accent: str = field(default="#1d4f91", metadata=describe(
        "Links on hover and focus, as #rrggbb. Must reach 4.5:1 against white.", colour=True))
    dark_accent: str = field(default="#8cb4ff", metadata=describe(
        "Links, and links on hover and focus, when the reader's device is set to dark (the header and buttons keep "
        "the primary colour), as #rrggbb. Must reach 4.5:1 against the dark background, " + '"#1e2129".',
        colour=True))


@dataclass(frozen=True)
class Contact:
    name: str = field(metadata=describe("Who to contact, e.g. 'Northshire MASH'.", most=100, required=True))
    purpose: str = field(metadata=describe("What to contact them for, e.g. 'Concerns about a child's safety'.",
                                           most=300, required=True))
    phone: str = field(default="", metadata=describe(
        "Phone number: digits, spaces and an optional +, e.g. '01632 960 100'.", pattern=PHONE.pattern, most=24,
        problem=PHONE_PROBLEM))
    email: str = field(default="", metadata=describe(
        "Email address, e.g. 'mash@northshire.gov.uk'.", pattern=EMAIL.pattern, most=120, problem=EMAIL_PROBLEM))
    hours: str = field(default="", metadata=describe("When they answer, e.g. 'Monday to Friday, 9am to 5pm'.",
                                                     most=150))
    out_of_hours: str = field(default="", metadata=describe("What to do outside those hours.", most=300))


@dataclass(frozen=True)
class Content:
    tools: tuple[str, ...] | None = field(default=None, metadata=describe(
        "Which tools to show, by id (python -m decision list). Leave out to show them all.", most=40, entries=20))
    leave_out: tuple[str, ...] = field(default=(), metadata=describe(
        "Chapters to leave out, by path under docs/, e.g. 'early-help/genograms.md'.", most=150, entries=100,
        chapter=True))
    scenarios_left_out: tuple[str, ...] = field(default=(), metadata=describe(
        "Training scenarios to leave out, by file name without .toml (see training/scenarios/), e.g. "
        "'01-afraid-to-go-home'. A council with its own threshold framework leaves out the scenarios written for "
        "the handbook's levels and indicators; the build stops if a scenario names one its framework lacks.",
        most=80, entries=100))
    scenarios_folder: str = field(default="", metadata=describe(
        "A folder of this council's own training scenarios, relative to the settings file or to the handbook's "
        "folder, e.g. 'profiles/northshire/scenarios'. Each *.toml file in it is a scenario in the format of "
        "training/README.md, added to the handbook's own (less those left out) in file-name order and checked the "
        "same way, against this council's framework and local rules; its file name must not be a built-in one's.",
        most=200, folder=True))


@dataclass(frozen=True)
class Role:
    name: str = field(default="lead professional", metadata=describe(
        "What this council calls the practitioner who co-ordinates the help, as it reads inside a sentence, e.g. "
        "'lead practitioner' or 'Family Help lead practitioner'. Every page, title, tool, training text and "
        "printed record uses it; the capital at the start of a sentence is added where needed. Give plural and "
        "article with it.", most=ROLE_MOST, required=True))
    plural: str = field(default="lead professionals", metadata=describe(
        "The name in the plural, e.g. 'lead practitioners'.", most=ROLE_MOST, required=True))
    article: str = field(default="a", metadata=describe(
        "The article before the name: 'a' (a lead practitioner) or 'an' (an early help lead).", most=ROLE_MOST,
        required=True, pattern="^(" + "|".join(ARTICLES) + ")$", problem='expected "a" or "an"'))


@dataclass(frozen=True)
class Edition:
    number: int = field(default=0, metadata=describe(
        "This council's own local edition: raise it by one each time you publish a change to these settings. Every "
        "page, printed page and saved record then names it beside the handbook's edition, e.g. \"edition 2.0.0, "
        "Northshire local edition 4\". Leave it out (or 0) while you publish the handbook as it comes.",
        least=0, greatest=9999))
    changes: tuple[str, ...] = field(default=(), metadata=describe(
        "What this local edition changes, one entry each, listed under \"Local changes in this copy\" on the changes "
        "page, e.g. 'Contacts: the Early Help Hub's new phone number'.", most=300, entries=50))


@dataclass(frozen=True)
class Settings:
    council: Council = field(default_factory=Council, metadata=describe("Who publishes this copy."))
    site: Site = field(default_factory=Site, metadata=describe("The site itself."))
    colours: Colours = field(default_factory=Colours, metadata=describe("The council's colours."))
    names: dict[str, str] = field(default_factory=dict, metadata=describe(
        "Names of local services the tools and chapters mention (see the settings reference).", names=True,
        most=150))
    variants: dict[str, str] = field(default_factory=dict, metadata=describe(
        "The council's choice on each rule where the source documents differ.", variants=True))
    contacts: tuple[Contact, ...] = field(default=(), metadata=describe("Contact points, shown on the contacts page.",
                                                                       entries=50))
    content: Content = field(default_factory=Content, metadata=describe("Which tools and chapters to include."))
    # The council's threshold framework: levels and areas here, indicators in the CSV file this
    # section names (see "The threshold framework" in the settings reference). None: the handbook's.
    threshold: Framework | None = field(default=None, metadata=describe(
        "The council's threshold framework: its levels and areas, and the CSV file of its indicators.",
        framework=True))
    edition: Edition = field(default_factory=Edition, metadata=describe("This council's own local edition."))
    role: Role = field(default_factory=Role, metadata=describe("The role's name in this council.", role=True))
    source: Path | None = field(default=None, metadata=describe("", internal=True))

    @property
    def council_name(self) -> str:
        return self.council.name

    def role_names(self) -> dict[str, str]:
        """Every form of the role's name ({role}, {Role}, {a_role}...), from [role]."""
        return role_names(self.role.name, self.role.plural, self.role.article)

    def tool_names(self) -> dict[str, str]:
        """The names this council gives the tools: its [names], and the role's forms from [role]."""
        return self.names | self.role_names()


# ------------------------------------------------------------------------------------------
# Loading and checking
# ------------------------------------------------------------------------------------------
def settings_path() -> Path | None:
    chosen = os.environ.get("HANDBOOK_SETTINGS")
    if chosen:
        path = Path(chosen)
        return path if path.is_absolute() else (Path.cwd() / path)
    return DEFAULT_FILE if DEFAULT_FILE.exists() else None


def load(path: Path | None, known_names: dict[str, str], known_variants: dict[str, tuple[str, ...]]) -> Settings:
    """Read and check a settings file; None gives the neutral default profile."""
    if path is None:
        return Settings()
    where = _display(path)
    if not path.is_file():
        raise SettingsError(f"{where}: the settings file does not exist")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise SettingsError(f"{where}: not valid TOML: {_one_line(str(problem))}") from None
    checker = _Checker(where, path.parent, known_names, known_variants)
    settings = checker.section(Settings, raw, "")
    if settings.role != Role() and "title" not in (raw.get("site") or {}):
        # The default title names the role too: "Lead practitioner handbook", not "Lead Professional handbook".
        site = dataclasses.replace(settings.site, title=f"{capitalised(settings.role.name)} handbook")
        settings = dataclasses.replace(settings, site=site)
    return dataclasses.replace(settings, source=path)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class _Checker:
    where: str
    base: Path
    known_names: dict[str, str]
    known_variants: dict[str, tuple[str, ...]]

    def fail(self, key: str, message: str) -> SettingsError:
        return SettingsError(f"{self.where}: {key}: {message}")

    def section(self, schema: type, raw: Any, prefix: str) -> Any:
        label = prefix or "the top level"
        if not isinstance(raw, dict):
            raise self.fail(prefix, f"expected a table ([{prefix}]), got {_kind(raw)}")
        fields = {f.name: f for f in dataclasses.fields(schema) if not f.metadata.get("internal")}
        unknown = sorted(set(raw) - set(fields))
        if unknown:
            key = f"{prefix}.{_shown(unknown[0], quoted=False)}" if prefix else _shown(unknown[0], quoted=False)
            raise self.fail(key, f"is not a setting in {label} (expected one of: {', '.join(sorted(fields))})")
        hints = get_type_hints(schema)
        values = {}
        for name, spec in fields.items():
            key = _join(prefix, name)
            if name not in raw:
                if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                    raise self.fail(key, "is missing, and it is required")
                continue
            values[name] = self.value(hints[name], spec, raw[name], key)
        return schema(**values)

    def value(self, hint: Any, spec: dataclasses.Field, raw: Any, key: str) -> Any:
        meta = spec.metadata
        if meta.get("names"):
            return self.names(raw, key, meta)
        if meta.get("variants"):
            return self.variants(raw, key)
        if meta.get("framework"):
            return self.framework(raw, key)
        if meta.get("role"):
            return self.role(hint, raw, key)
        if dataclasses.is_dataclass(hint):
            return self.section(hint, raw, key)
        origin, args = get_origin(hint), get_args(hint)
        if origin is tuple or (args and get_origin(args[0]) is tuple):
            return self.sequence(args[0] if origin is not tuple else hint, raw, key, meta)
        if hint is bool:
            if not isinstance(raw, bool):
                raise self.fail(key, f"expected true or false, got {_kind(raw)}")
            return raw
        if hint is int:
            return self.whole_number(raw, key, meta)
        return self.text(raw, key, meta)

    def sequence(self, hint: Any, raw: Any, key: str, meta: Any) -> tuple:
        item = get_args(hint)[0]
        if not isinstance(raw, list):
            raise self.fail(key, f"expected a list, got {_kind(raw)}")
        most = meta.get("entries")
        if most is not None and len(raw) > most:
            raise self.fail(key, f"has {len(raw)} entries; keep it to {most} or fewer")
        # Entries are counted from one, as a person counts them: "contacts, entry 1".
        if dataclasses.is_dataclass(item):
            return tuple(self.section(item, entry, f"{key}, entry {i}") for i, entry in enumerate(raw, start=1))
        return tuple(self.text(entry, f"{key}, entry {i}", meta) for i, entry in enumerate(raw, start=1))

    def whole_number(self, raw: Any, key: str, meta: Any) -> int:
        least, greatest = meta.get("least", 0), meta.get("greatest", 9999)
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise self.fail(key, f"expected a whole number without quotes, like 4, got {_kind(raw)}")
        if not least <= raw <= greatest:
            raise self.fail(key, f"expected a whole number from {least} to {greatest}, got {raw}")
        return raw

    def text(self, raw: Any, key: str, meta: Any) -> str:
        if not isinstance(raw, str):
            raise self.fail(key, f"expected text in quotes, got {_kind(raw)}")
        most = meta.get("most", MAX_TEXT)
        if len(raw) > most and len(raw.strip()) > most:  # checked first: a huge value is never worked on
            raise self.fail(key, f"is {len(raw.strip())} characters long; keep it to {most} or fewer")
        value = self.tidy(raw, key)
        if meta.get("required") and not value:
            raise self.fail(key, "is empty: write it in, or leave the key out to keep the default")
        if len(value) > most:
            raise self.fail(key, f"is {len(value)} characters long; keep it to {most} or fewer")
        if meta.get("colour") and not COLOUR.match(value):
            raise self.fail(key, f'expected a colour like "#1d4f91", got {_shown(value)}')
        if meta.get("pattern") and value and not re.match(meta["pattern"], value):
            problem = meta.get("problem") or "does not look right: " + meta["description"]
            raise self.fail(key, f"{_shown(value)}: {problem}")
        if meta.get("chapter"):
            return self.chapter(value, key)
        if meta.get("file") and value:
            return self.file(value, key, meta["file"])
        if meta.get("folder") and value:
            return self.folder(value, key)
        return value

    def tidy(self, raw: str, key: str) -> str:
        """One line of text: runs of spaces and line breaks become one space; control characters, and
        the characters that reverse the direction of text, are refused."""
        for character in raw:
            if character in BIDI_CONTROLS or (unicodedata.category(character) == "Cc" and not character.isspace()):
                raise self.fail(key, f"contains the invisible character U+{ord(character):04X}; remove it")
        return " ".join(raw.split())

    def chapter(self, value: str, key: str) -> str:
        parts = value.split("/")
        if not CHAPTER.match(value) or ".." in parts or "." in parts:
            raise self.fail(key, f"{_shown(value)} is not a chapter under docs/ (outside docs/ or not a .md path); "
                                 "write its path under docs/, e.g. \"early-help/genograms.md\"")
        return value

    def file(self, value: str, key: str, suffixes: tuple[str, ...]) -> str:
        if Path(value).suffix.lower() not in suffixes:
            raise self.fail(key, f"expected a {' or '.join(suffixes)} file, got \"{value}\"")
        return self.located(value, key, "file", Path.is_file)

    def folder(self, value: str, key: str) -> str:
        return self.located(value, key, "folder", Path.is_dir)

    def located(self, value: str, key: str, kind: str, exists: Callable[[Path], bool]) -> str:
        # Beside the settings file first, then in the handbook's own folder: so a profile copied
        # from profiles/ to handbook.toml (as the README says) still finds its logo.
        found = [path for path in ((self.base / value).resolve(), (ROOT / value).resolve()) if exists(path)]
        if not found:
            raise self.fail(key, f'the {kind} "{value}" does not exist (paths are relative to the settings file '
                                 "or to the handbook's folder)")
        return str(found[0])

    def names(self, raw: Any, key: str, meta: Any) -> dict[str, str]:
        # Which names, and that each is a text: the package's check (the command line uses it too).
        try:
            raw = check_names(raw, key, self.known_names)
        except CouncilSettingsError as problem:
            raise self.fail(problem.key, problem.problem) from None
        return {name: self.text(value, _join(key, name), {"most": meta["most"]}) for name, value in raw.items()}

    def role(self, hint: type, raw: Any, key: str) -> "Role":
        """Each text checked as every setting's is, then the package's check (the command line
        uses it too): a council that renames the role gives its plural and article as well."""
        role = self.section(hint, raw, key)
        try:
            check_role(raw, key)
        except CouncilSettingsError as problem:
            raise self.fail(problem.key, problem.problem) from None
        return role

    def framework(self, raw: Any, key: str) -> Framework:
        """The [threshold] section and its CSV file, read and checked by the package's own reader
        (the command line uses it too); its one line names the file, and the row and column."""
        try:
            return read_section(raw, self.where, self.base, key, roots=(ROOT,))
        except FrameworkError as problem:
            raise SettingsError(str(problem)) from None

    def variants(self, raw: Any, key: str) -> dict[str, str]:
        # The package's check (the command line uses it too).
        try:
            return check_variants(raw, key, self.known_variants)
        except CouncilSettingsError as problem:
            raise self.fail(problem.key, problem.problem) from None


def _join(prefix: str, name: str) -> str:
    """A key as the messages name it: "council.name", "contacts, entry 1, phone"."""
    if not prefix:
        return name
    return f"{prefix}, {name}" if re.search(r", entry [0-9]+$", prefix) else f"{prefix}.{name}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------
# Colour contrast (WCAG 2.x relative luminance)
# ------------------------------------------------------------------------------------------
def contrast(colour_a: str, colour_b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(colour_a), luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# The theme's dark ("slate") background: hsl(225, 15%, 14%), as the theme's palette sets it.
DARK_BACKGROUND = "#1e2129"
# Each colour and what it must stand out against: white text on the header and buttons (both
# schemes), links on the light page, links on the dark page.
CONTRASTS = (("primary", "#ffffff", "against white"), ("accent", "#ffffff", "against white"),
             ("dark_accent", DARK_BACKGROUND, f"against the dark background {DARK_BACKGROUND}"))


def check_colours(settings: Settings) -> None:
    """WCAG AA contrast for the council's colours in the light scheme and the dark one."""
    where = _display(settings.source) if settings.source else "default settings"
    for name, against, what in CONTRASTS:
        value = getattr(settings.colours, name)
        ratio = contrast(value, against)
        if ratio < 4.5:
            darker = "a lighter" if against == DARK_BACKGROUND else "a darker"
            raise SettingsError(f"{where}: colours.{name}: \"{value}\" {what} has a contrast of "
                                f"{ratio:.1f}:1; WCAG AA needs at least 4.5:1 (choose {darker} colour)")
