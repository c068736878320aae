"""The handbook's mkdocs plugin: a council's settings in; pages with tools and their runtime out.

mkdocs.yml loads it through tools/mkdocs_hooks.py, so the build needs nothing installed beyond
the pinned requirements: `mkdocs build --strict` is the whole build. Its typed configuration is
the council settings file, described in settings.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from datetime import datetime, timezone
from html import escape
from importlib import metadata
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

import hosting_configs  # tools/, on the path through tools/mkdocs_hooks.py
from decision import tree_ids
from decision.council import known_names, known_variants
from decision.trees import framework

from . import runtime
from . import fences
from .context import context_for
from .foreseen import ForeseenError, foreseen_file, page_settings
from .placeholders import PlaceholderError, as_text, fill_page, fill_text, page_values
from .printing import edition_css, edition_text, handbook_version, local_edition
from .settings import DARK_BACKGROUND, Settings, SettingsError, check_colours, load, settings_path

log = logging.getLogger("mkdocs.plugins.handbook")

# Runtime sources in docs/assets/handbook, published under a name with their content hash.
STYLES = ("theme.css", "lp-tools.css", "diagram.css", "lp-training.css", "lp-meeting.css", "print.css")
PYTHON_MARKS = re.compile(r'class="lp-tool"|data-needs-python')  # markup whose page starts Python
EXTRA_SCRIPTS = ("lp-privacy.js",)  # on every page, after lp-tools.js, whose API it uses
# Loaded by lp-tools.js only on a page that holds what they enhance (class -> script), so that
# every other page's first visit spends none of their bytes.
PAGE_SCRIPTS = {"lp-kit": "lp-meeting.js", "lp-training": "lp-training.js"}
PLAIN = ("theme-init.js", *EXTRA_SCRIPTS, *PAGE_SCRIPTS.values(), *STYLES, "noscript.css")  # published as they are
SCRIPTS = ("lp-worker.js", "lp-tools.js", "lp-offline.js", "sw.js", *PLAIN)
OFFLINE_MARK = "/*OFFLINE_WORKER*/ null"
SERVICE_WORKER = "sw.js"  # at the top of the site, so that it looks after every page
SW_MANIFEST_MARK = ('/*OFFLINE_MANIFEST*/ { build: "dev", key: "dev", date: "", whole: false, pages: {}, assets: {}, '
                    'runtime: [], bytes: {} }')
OFFLINE_HASH_LENGTH = 16  # hex digits of each file's SHA-256 in the offline manifest (sw.js checks them)
OFFLINE_PYODIDE = ("pyodide.esm.js", "pyodide.asm.js", "pyodide.asm.wasm")  # as lp-tools.js runtimeFiles()
# Small files every page uses, kept with the pages for offline reading (the runtime once a tool runs).
OFFLINE_ASSETS = ("assets/javascripts/bundle.*.min.js", "assets/javascripts/workers/search.*.min.js",
                  "assets/stylesheets/*.min.css", "assets/handbook/*.js", "assets/handbook/*.css",
                  "assets/handbook/*.svg", "assets/handbook/*.png", "assets/images/*", "search/search_index.json",
                  "sitemap.xml")
ABBREVIATIONS = "abbreviations.md"  # in docs/_includes: appended to every page, so each use gets its definition
MANIFEST_MARK = "/*HANDBOOK_MANIFEST*/ null"
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
LEFT_OUT_PAGE = "This chapter is not part of {council}'s handbook. Ask {council} for its local guidance."

# The policy every page satisfies, written once for the server configurations and the build.
# Servers send it as a header (see hosting/); pages also carry it as a <meta> tag unless the
# settings turn that off (the template leaves out what a tag cannot carry, such as frame-ancestors).
POLICY_FILE = runtime.ROOT / "hosting" / "content-security-policy.txt"


def content_security_policy() -> str:
    return " ".join(POLICY_FILE.read_text().split())


# Where the build reads from, besides the docs and the theme overrides named in mkdocs.yml.
BUILD_INPUTS = ("src/decision", "tools/handbook_build", "tools/mkdocs_hooks.py", "training",
                "hosting/content-security-policy.txt", "package-lock.json", "pyproject.toml")
BUILD_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "markdown-include", "Jinja2")


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
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.name.startswith("."):
                continue
            add(f"{source.name}/{path.relative_to(source) if path != source else ''}", path.read_bytes())
    if config.config_file_path:
        add("mkdocs.yml", Path(config.config_file_path).read_bytes())
    if settings.source:
        add("settings", Path(settings.source).read_bytes())
    add("threshold framework", framework.current().to_json().encode())  # its CSV file included
    if settings.content.scenarios_folder:  # the council's own training scenarios
        for path in sorted(Path(settings.content.scenarios_folder).glob("*.toml")):
            add(f"council scenarios/{path.name}", path.read_bytes())
    if settings.council.logo:  # (the settings' own defaults are in the build code above)
        add(f"logo{Path(settings.council.logo).suffix.lower()}", Path(settings.council.logo).read_bytes())
    add("address", os.environ.get("HANDBOOK_SITE_URL", "").encode())
    add("serving", b"serve" if serving else b"build")
    add("pyodide", runtime.pyodide_version().encode())
    for package in BUILD_PACKAGES:
        try:
            add(package, metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            add(package, b"")
    return digest.hexdigest()[:12]


all_local_names, all_variants = known_names, known_variants  # the package's (the command line uses them too)


class HandbookPlugin(BasePlugin):
    def __init__(self) -> None:
        self.published: dict[str, bytes] = {}  # site path -> content of hashed files written after the build
        self.names: dict[str, str] = {}  # source name -> site path
        self.abbreviations = ""
        self.settings = Settings()
        self.serving = False
        self.page_values: dict = {}
        self.build = ""  # this build's identity: see build_identity
        self.edition = ""  # the handbook's version, local edition, date and identity, in words (printing.edition_text)
        self.runtime: runtime.Runtime | None = None
        self.pages: list[str] = []  # every page's address, for the offline copy
        self.compressing: threading.Thread | None = None  # Pyodide's files, compressed while pages build

    # Remember whether this is `mkdocs serve`, whose live reload needs an inline script.
    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Settings are read first, so a bad settings file stops the build before any other work.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = load(settings_path(), all_local_names(), all_variants())
            framework.use(self.settings.threshold)  # the council's, or the handbook's default
            check_colours(self.settings)
            self._check_content(config)
        except SettingsError as problem:
            raise PluginError(f"handbook settings: {problem}") from None
        self.build = build_identity(config, self.settings, self.serving)
        self._publish_scripts()
        self._apply_identity(config)
        council = self.settings.council.short_name or self.settings.council.name
        self.edition = edition_text(self.settings.site.title, handbook_version(),
                                    datetime.fromisoformat(_build_date()).date(), self.build,
                                    local_edition(self.settings.edition.number, council))
        self._publish("edition.css", edition_css(self.edition).encode())  # at the foot of every printed page
        config.extra_javascript += [self.names[name] for name in ("lp-tools.js", *EXTRA_SCRIPTS, "lp-offline.js")]
        config.extra_css += [self.names[name] for name in STYLES] + [self.names["council.css"], self.names["edition.css"]]
        csp = content_security_policy() if self.settings.site.csp_meta and not self.serving else ""
        # Templates find the hashed files here, e.g. config.extra.handbook.assets['theme-init.js'].
        config.extra["handbook"] = {"noscript_css": self.names["noscript.css"], "assets": dict(self.names),
                                    "csp": csp, "logo_alt": self.settings.council.logo_alt, "build": self.build,
                                    "edition": self.edition}
        self._register_fences(config)
        self.abbreviations = (Path(config.docs_dir) / "_includes" / ABBREVIATIONS).read_text()
        self.page_values = page_values(self.settings, self._names())
        self.page_values["site.offline_default"] = lambda: offline_default(self.settings)  # the privacy page
        self.page_values["site.edition"] = lambda: as_text(self.edition)  # the amendments register
        self.page_values["site.local_edition"] = lambda: local_changes(self.settings, handbook_version())
        return config

    # The unhashed sources must not ship: browsers would cache them under a name that never changes.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for name in SCRIPTS:
            found = files.get_file_from_path(f"assets/handbook/{name}")
            if found:
                files.remove(found)
        return files

    # Chapters a council leaves out disappear from the navigation (their pages stay, saying so,
    # so that links from other chapters still work).
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        left_out = set(self.settings.content.leave_out)
        nav.items = _prune(nav.items, left_out)
        _name_role(nav.items, self.settings)
        return nav

    # Local wording, then the abbreviations, so each abbreviation is defined wherever it is used.
    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        self.pages.append(page.url)
        if page.file.src_uri in self.settings.content.leave_out:
            council = as_text(self.settings.council.name or "your local authority")
            markdown = f"# {page.title}\n\n" + LEFT_OUT_PAGE.format(council=council) + "\n"
        try:
            markdown = fill_page(markdown, page.file.src_uri, self.page_values)
        except PlaceholderError as problem:
            raise PluginError(str(problem)) from None
        return markdown + "\n\n" + self.abbreviations

    # A page with a tool loads lp-tools.js early too (overrides/main.html), so Python starts sooner.
    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        page.meta["handbook_python"] = PYTHON_MARKS.search(html) is not None
        return html

    # The runtime goes in after the pages, so a failed page build never leaves a half-copied runtime.
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        for path, content in self.published.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        runtime.copy_runtime(site, self.runtime)
        if self.settings.site.offline and not self.serving:
            self._write_service_worker(site)
        if not self.serving:  # live previews need no compressed copies
            if self.compressing is not None:
                self.compressing.join()
                self.compressing = None
            log.info(f"Compressed copies of {runtime.precompress(site)} files")
        hosting_configs.write_into_site(site, config.site_url)  # .htaccess and the like: copies of site/ keep them
        runtime.make_readable(site)  # whatever the umask, a web server's own user can read the site

    # Rebuild when the trees, the build code or the training scenarios change, not only the docs
    # (the settings file is watched by serving.py).
    def on_serve(self, server, config: MkDocsConfig, builder):
        for folder in ("src/decision", "tools/handbook_build", "training"):
            server.watch(str(runtime.ROOT / folder))
        if self.settings.content.scenarios_folder:  # the council's own training scenarios
            server.watch(self.settings.content.scenarios_folder)
        return server

    # ------------------------------------------------------------------------------------------
    def _write_service_worker(self, site: Path) -> None:
        """sw.js at the top of the site, told this release's identity and date, the content hash of
        every page and small file (so that a new release's offline copy downloads only what
        changed, and never takes a file of another release), and the runtime's files."""
        paths = sorted({str(p.relative_to(site)) for pattern in OFFLINE_ASSETS for p in site.glob(pattern)
                        if p.is_file() and not p.name.startswith("lp-worker.")})
        assets = {path: _file_hash(site / path) for path in paths}
        pages = {url: _file_hash(site / _page_file(url)) for url in sorted(set(self.pages))}
        run = self.runtime
        runtime_files = [self.names["lp-worker.js"], run.wheel, run.stdlib,
                         *(f"{run.pyodide_dir}/{name}" for name in OFFLINE_PYODIDE)]
        build = self.build  # every page's <meta name="lp-build">: see build_identity
        key = runtime.content_hash(json.dumps([pages, assets, runtime_files]).encode(), length=OFFLINE_HASH_LENGTH)
        size = lambda files: sum((site / path).stat().st_size for path in files)  # noqa: E731
        manifest = json.dumps({
            "build": build,
            "key": key,  # names the release's offline copy: what it holds, whatever the build is called
            "date": _build_date(),
            "whole": self.settings.site.offline_whole,
            "pages": pages, "assets": assets, "runtime": runtime_files,
            "bytes": {"pages": size(map(_page_file, pages)), "assets": size(assets), "runtime": size(runtime_files)},
        })
        template = (runtime.RUNTIME_SOURCE / SERVICE_WORKER).read_text()
        if SW_MANIFEST_MARK not in template:
            raise PluginError(f"{SERVICE_WORKER} has lost its manifest mark")
        (site / SERVICE_WORKER).write_text(template.replace(SW_MANIFEST_MARK, manifest))
        self.pages.clear()

    def _names(self) -> dict[str, str]:
        """Every local name the tools use: the council's [names], and the role's forms from [role]."""
        return all_local_names() | self.settings.tool_names()

    def _variants_for(self, tree_id: str) -> dict[str, str]:
        return page_settings(tree_id, self.settings.variants, self.settings.tool_names())[0]

    def _names_for(self, tree_id: str) -> dict[str, str]:
        return page_settings(tree_id, self.settings.variants, self.settings.tool_names())[1]

    def _shown(self, tree_id: str) -> bool:
        chosen = self.settings.content.tools
        return chosen is None or tree_id in chosen

    def _register_fences(self, config: MkDocsConfig) -> None:
        fences.register(config, context_for(self.settings))

    def _check_content(self, config: MkDocsConfig) -> None:
        where = self.settings.source or "settings"
        for tree_id in self.settings.content.tools or ():
            if tree_id not in tree_ids():
                raise SettingsError(f"{where}: content.tools: there is no tool '{tree_id}' "
                                    f"(tools: {', '.join(tree_ids())})")
        docs = Path(config.docs_dir).resolve()
        for number, page in enumerate(self.settings.content.leave_out, start=1):
            key = f"content.leave_out, entry {number}"
            chapter = (docs / page).resolve()
            if not chapter.is_relative_to(docs):
                raise SettingsError(f"{where}: {key}: '{page}' is outside docs/; write a chapter's path under docs/")
            if not chapter.is_file():
                raise SettingsError(f"{where}: {key}: there is no chapter '{page}' under docs/")

    def _apply_identity(self, config: MkDocsConfig) -> None:
        """Name, address, colours and logo: what makes the site the council's own."""
        settings = self.settings
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
            published = f"Published by {escape(settings.council.name)}"
            if settings.council.website:
                published = (f'Published by <a href="{escape(settings.council.website)}">'
                             f"{escape(settings.council.name)}</a>")
            config.copyright = f"{published}. Text under CC BY 4.0 and code under the MIT Licence. Sources " \
                               f"are credited on each page."
        config.theme["palette"] = PALETTE
        self._publish("council.css", council_css(settings).encode())
        if settings.council.logo:
            logo = Path(settings.council.logo)
            config.theme["logo"] = self._publish(f"council-logo{logo.suffix.lower()}", logo.read_bytes())

    def _publish_scripts(self) -> None:
        """Name each runtime file by its content; lp-tools.js learns the others' names first."""
        self.published.clear()
        source = runtime.RUNTIME_SOURCE
        worker = self._publish("lp-worker.js", (source / "lp-worker.js").read_bytes())
        if not self.serving and self.compressing is None:
            self.compressing = runtime.compress_pyodide_ahead()
        self.runtime = runtime.plan_runtime(framework.current().to_json().encode())
        for name in PLAIN:
            self._publish(name, (source / name).read_bytes())
        here = f"{runtime.RUNTIME_DIR}/"  # the manifest's paths are relative to lp-tools.js
        manifest = {
            "worker": Path(worker).name,
            "pyodide": self.runtime.pyodide_dir.removeprefix(here) + "/",
            "wheel": self.runtime.wheel.removeprefix(here),
            "stdlib": self.runtime.stdlib.removeprefix(here),
            "lock": runtime.trimmed_lock(),
            "wasmBytes": runtime.wasm_size(),  # the worker reports its download's progress against it
            "build": self.build,  # the page's <meta name="lp-build"> must name the same
            "snapshotCache": snapshot_cache_name((source / "lp-worker.js").read_text()),
            "foreseen": {tree_id: path.removeprefix(here) for tree_id, path in self._publish_foreseen().items()},
            "pageScripts": {css_class: self.names[name].removeprefix(here) for css_class, name in PAGE_SCRIPTS.items()},
        }
        script = (source / "lp-tools.js").read_text()
        if MANIFEST_MARK not in script:
            raise PluginError(f"lp-tools.js has lost its manifest mark {MANIFEST_MARK!r}")
        self._publish("lp-tools.js", script.replace(MANIFEST_MARK, json.dumps(manifest)).encode())
        offline = self.settings.site.offline and not self.serving  # live previews must never be cached
        worker = json.dumps(f"../../{SERVICE_WORKER}") if offline else "null"
        self._publish("lp-offline.js", (source / "lp-offline.js").read_text().replace(OFFLINE_MARK, worker).encode())

    def _publish_foreseen(self) -> dict[str, str]:
        """Each shown tool's foreseen steps (foreseen.py), named by content: tree id -> site path.
        Only a page with that tool fetches its file (lp-tools.js)."""
        council = self.settings.council.name
        paths = {}
        for tree_id in filter(self._shown, tree_ids()):
            try:
                content = foreseen_file(tree_id, self._variants_for(tree_id), self._names_for(tree_id), council)
            except ForeseenError as problem:
                raise PluginError(f"foreseen steps: {problem}") from None
            paths[tree_id] = self._publish(f"foreseen-{tree_id}.json", content)
        return paths

    def _publish(self, name: str, content: bytes) -> str:
        stem, dot, suffix = name.rpartition(".")
        path = f"{runtime.RUNTIME_DIR}/{stem}.{runtime.content_hash(content)}.{suffix}"
        self.published[path] = content
        self.names[name] = path
        return path


def snapshot_cache_name(worker: str) -> str:
    """The Cache Storage name the worker keeps Python's start-up snapshot under, for the page
    (which deletes it when a start hangs) and the privacy page's control."""
    found = re.search(r'^const SNAPSHOT_CACHE = "([a-z0-9-]+)";', worker, re.MULTILINE)
    if not found:
        raise PluginError("lp-worker.js no longer names its SNAPSHOT_CACHE")
    return found.group(1)


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


def offline_default(settings: Settings) -> str:
    """For the privacy page: what is kept for offline use until the reader chooses."""
    if not settings.site.offline:
        return "This handbook's publisher has turned offline use off, so nothing is kept for it."
    if settings.site.offline_whole:
        return ("This handbook's publisher has chosen to keep the whole handbook until you choose otherwise "
                "below.")
    return "Until you choose it below, only the pages you open are kept."


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


def _page_file(url: str) -> str:
    """A page's file in the site, from its address ("" is the home page)."""
    return url if url.endswith(".html") else f"{url}index.html"


def _file_hash(path: Path) -> str:
    return runtime.content_hash(path.read_bytes(), length=OFFLINE_HASH_LENGTH)


def _build_date() -> str:
    """The day of the build (UTC), or of SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


def _name_role(items: list, settings: Settings) -> None:
    """Menu titles written in mkdocs.yml, such as "The {{ role.name }}", in the council's words,
    as text (the theme puts titles into the page as they are)."""
    for item in items:
        if isinstance(item, Section):
            _name_role(item.children, settings)
        if isinstance(item.title, str) and "{{" in item.title:
            item.title = Markup(escape(fill_text(item.title, settings)))


def _prune(items: list, left_out: set[str]) -> list:
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _prune(item.children, left_out)
            if item.children:
                kept.append(item)
        elif getattr(getattr(item, "file", None), "src_uri", None) not in left_out:
            kept.append(item)
    return kept
