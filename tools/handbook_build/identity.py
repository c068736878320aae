"""Settings and identity: the council's settings file read and checked first, the name of this
build, and what makes the site the council's own (title, address, publisher, colours, logo, the
edition every page names).
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Callable

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from decision import tree_ids
from decision.council import known_names, known_variants
from decision.trees import framework

from . import runtime
from .placeholders import as_text, fill_text
from .printing import edition_text, handbook_version, local_edition
from .settings import DARK_BACKGROUND, Settings, SettingsError, check_colours, load, settings_path

all_local_names, all_variants = known_names, known_variants  # the package's (the command line uses them too)

# The theme's colour schemes. At first, and until the reader chooses, the page follows the device's
# own setting, light or dark, even as it changes; the toggle in the header goes from there to light,
# to dark, and back to the device's setting (theme-init.js puts the choice back before each page is
# drawn). The light and dark entries are the schemes the device's setting picks from.
PALETTE = [
    {"media": "(prefers-color-scheme)", "scheme": "default", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/brightness-auto", "name": "Colours follow your device: switch to light"}},
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/weather-sunny", "name": "Light colours: switch to dark"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/weather-night", "name": "Dark colours: switch to follow your device"}},
]

# The policy every page satisfies, written once for the server configurations and the build.
# Servers send it as a header (see hosting/); pages also carry it as a <meta> tag unless the
# settings turn that off (the template leaves out what a tag cannot carry, such as frame-ancestors).
POLICY_FILE = runtime.ROOT / "hosting" / "content-security-policy.txt"

# Where the build reads from, besides the docs and the theme overrides named in mkdocs.yml.
BUILD_INPUTS = ("src/decision", "tools/handbook_build", "tools/mkdocs_hooks.py", "training",
                "hosting/content-security-policy.txt", "package-lock.json", "pyproject.toml")
BUILD_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "markdown-include", "Jinja2")


# ------------------------------------------------------------------------------------------
# The settings
# ------------------------------------------------------------------------------------------

def read_settings(config: MkDocsConfig) -> Settings:
    """The council's settings (the handbook's defaults without a file), checked; its threshold
    framework is put in use. A mistake stops the build with one line."""
    try:
        settings = load(settings_path(), all_local_names(), all_variants())
        framework.use(settings.threshold)  # the council's, or the handbook's default
        check_colours(settings)
        check_content(settings, config.docs_dir)
    except SettingsError as problem:
        raise PluginError(f"handbook settings: {problem}") from None
    return settings


def check_content(settings: Settings, docs_dir: str) -> None:
    """The tools a council chooses exist, and each chapter it leaves out is a page under docs/."""
    where = settings.source or "settings"
    for tree_id in settings.content.tools or ():
        if tree_id not in tree_ids():
            raise SettingsError(f"{where}: content.tools: there is no tool '{tree_id}' "
                                f"(tools: {', '.join(tree_ids())})")
    docs = Path(docs_dir).resolve()
    for number, page in enumerate(settings.content.leave_out, start=1):
        key = f"content.leave_out, entry {number}"
        chapter = (docs / page).resolve()
        if not chapter.is_relative_to(docs):
            raise SettingsError(f"{where}: {key}: '{page}' is outside docs/; write a chapter's path under docs/")
        if not chapter.is_file():
            raise SettingsError(f"{where}: {key}: there is no chapter '{page}' under docs/")


# ------------------------------------------------------------------------------------------
# The build's identity and edition
# ------------------------------------------------------------------------------------------

def build_identity(config: MkDocsConfig, settings: Settings, serving: bool) -> str:
    """The build's name, written into every page (<meta name="lp-build">), into the tools' script
    and into the service worker. Worked out from everything the build reads (every page and asset,
    the trees, the build code, the settings and logo, the theme, the pinned Pyodide), so that any
    change of content, however small, gives a new name, and an unchanged handbook keeps its name."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    folders = [Path(config.docs_dir), Path(config.theme.custom_dir or config.docs_dir)]
    for source in [*folders, *(runtime.ROOT / name for name in BUILD_INPUTS)]:
        for label, path in _inputs(source):
            add(label, path.read_bytes())
    if config.config_file_path:
        add("mkdocs.yml", Path(config.config_file_path).read_bytes())
    for label, data in _council_inputs(settings):
        add(label, data)
    add("address", os.environ.get("HANDBOOK_SITE_URL", "").encode())
    add("serving", b"serve" if serving else b"build")
    add("pyodide", runtime.pyodide_version().encode())
    for package in BUILD_PACKAGES:
        add(package, _package_version(package).encode())
    return digest.hexdigest()[:12]


def _inputs(source: Path) -> list[tuple[str, Path]]:
    """A file, or every file in a folder (but caches and hidden files), with its label."""
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    return [(f"{source.name}/{path.relative_to(source) if path != source else ''}", path) for path in files
            if "__pycache__" not in path.parts and not path.name.startswith(".")]


def _council_inputs(settings: Settings) -> list[tuple[str, bytes]]:
    """What a council's settings bring in: the file itself, its threshold framework, its own
    training scenarios and its logo (the settings' own defaults are in the build code)."""
    found = [("settings", Path(settings.source).read_bytes())] if settings.source else []
    found.append(("threshold framework", framework.current().to_json().encode()))  # its CSV file included
    if settings.content.scenarios_folder:
        found += [(f"council scenarios/{path.name}", path.read_bytes())
                  for path in sorted(Path(settings.content.scenarios_folder).glob("*.toml"))]
    if settings.council.logo:
        logo = Path(settings.council.logo)
        found.append((f"logo{logo.suffix.lower()}", logo.read_bytes()))
    return found


def _package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def edition(settings: Settings, build: str) -> str:
    """The handbook's version, the council's local edition, the day and the identity, in words."""
    council = settings.council.short_name or settings.council.name
    return edition_text(settings.site.title, handbook_version(), datetime.fromisoformat(build_date()).date(), build,
                        local_edition(settings.edition.number, council))


def build_date() -> str:
    """The day of the build (UTC), or of SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


def local_changes(settings: Settings, version: str) -> str:
    """For the amendments register: the council's local edition and what it changes (as text)."""
    council = settings.council.name or "its publisher"
    number = settings.edition.number
    if not number:
        return (f"None: this copy is edition {version} as published, with only {as_text(council)}'s own settings "
                "(names, contacts, local rules and choice of chapters)." if settings.council.name else
                f"None: this copy is edition {version} as published.")
    label = local_edition(number, settings.council.short_name or settings.council.name)
    lines = [f"This copy is {as_text(label)}: {as_text(council)}'s own changes to edition {version}."]
    if settings.edition.changes:
        lines += ["", *(f"- {as_text(change)}" for change in settings.edition.changes)]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------
# What makes the site the council's own
# ------------------------------------------------------------------------------------------

def apply_identity(config: MkDocsConfig, settings: Settings, publish: Callable[[str, bytes], str]) -> None:
    """Name, address, publisher, colours and logo; `publish` puts a file in the site and gives its path."""
    # The theme puts site_name into <title>, the header and attributes without escaping it:
    # given as already-escaped markup, the title shows as typed everywhere (the theme's own `| e`
    # leaves markup as it is, so nothing is escaped twice).
    config.site_name = Markup(escape(settings.site.title))
    # mkdocs.yml's description names the role with {{ role.plural }}: the council's own words.
    config.site_description = Markup(escape(fill_text(config.site_description or "", settings)))
    if settings.site.url:
        config.site_url = settings.site.url
    if os.environ.get("HANDBOOK_SITE_URL"):  # for tests and previews at another address
        config.site_url = os.environ["HANDBOOK_SITE_URL"]
    if settings.council.name:
        config.copyright = copyright_line(settings)
    config.theme["palette"] = PALETTE
    publish("council.css", council_css(settings).encode())
    if settings.council.logo:
        logo = Path(settings.council.logo)
        config.theme["logo"] = publish(f"council-logo{logo.suffix.lower()}", logo.read_bytes())


def copyright_line(settings: Settings) -> str:
    """The footer's line naming the council as publisher (markup: the council's name escaped)."""
    published = f"Published by {escape(settings.council.name)}"
    if settings.council.website:
        published = (f'Published by <a href="{escape(settings.council.website)}">'
                     f"{escape(settings.council.name)}</a>")
    return f"{published}. Text under CC BY 4.0 and code under the MIT Licence. Sources are credited on each page."


def council_css(settings: Settings) -> str:
    """The theme's colour variables, from the council's colours: the header and buttons keep the
    primary colour in both schemes (white text on it); links are the primary colour on the light
    page and the dark accent on the dark one (settings.check_colours checks all three)."""
    primary, accent, dark = settings.colours.primary, settings.colours.accent, settings.colours.dark_accent
    return (":root, [data-md-color-scheme=\"default\"], [data-md-color-scheme=\"slate\"] {\n"
            f"  --md-primary-fg-color: {primary};\n"
            f"  --md-primary-fg-color--light: {primary};\n"
            f"  --md-primary-fg-color--dark: {primary};\n"
            "  --md-primary-bg-color: #ffffff;\n"
            "  --md-primary-bg-color--light: #ffffffb3;\n"
            "}\n"
            ":root, [data-md-color-scheme=\"default\"] {\n"
            f"  --md-accent-fg-color: {accent};\n"
            "  --md-accent-bg-color: #ffffff;\n"
            f"  --md-typeset-a-color: {primary};\n"
            "}\n"
            "[data-md-color-scheme=\"slate\"] {\n"
            f"  --md-accent-fg-color: {dark};\n"
            f"  --md-accent-bg-color: {DARK_BACKGROUND};\n"
            f"  --md-typeset-a-color: {dark};\n"
            "}\n")


def template_values(settings: Settings, build: str, edition_line: str, serving: bool) -> dict[str, str]:
    """What the theme's templates read from config.extra.handbook besides the assets' names."""
    csp = content_security_policy() if settings.site.csp_meta and not serving else ""
    return {"csp": csp, "logo_alt": settings.council.logo_alt, "build": build, "edition": edition_line}


def content_security_policy() -> str:
    return " ".join(POLICY_FILE.read_text().split())
