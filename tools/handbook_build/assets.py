"""Assets and their manifest: the handbook's own scripts and styles, published under names with a
hash of their content (so that servers can cache them for a year), and the manifest lp-tools.js
carries, naming the worker, the runtime's files, the council's settings and training scenarios for
Python (published.py) and each tool's foreseen steps.

Files are published while mkdocs reads its configuration (the templates need their names) and
written into the site after the pages, so a failed page build never leaves a half-copied runtime.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from decision import tree_ids
from decision.trees import framework

from decision.browser import Settings

from . import offline, published, runtime
from .context import BuildContext
from .settings import Settings as CouncilSettings
from .foreseen import ForeseenError, foreseen_file

log = logging.getLogger("mkdocs.plugins.handbook")

# Runtime sources in docs/assets/handbook, published under a name with their content hash.
STYLES = ("theme.css", "lp-tools.css", "diagram.css", "lp-training.css", "lp-meeting.css", "print.css")
EXTRA_SCRIPTS = ("lp-privacy.js",)  # on every page, after lp-tools.js, whose API it uses
# Loaded by lp-tools.js only on a page that holds what they enhance (class -> script), so that
# every other page's first visit spends none of their bytes.
PAGE_SCRIPTS = {"lp-kit": "lp-meeting.js", "lp-training": "lp-training.js"}
# What a page holding an element of the class needs beyond every page's files, kept offline with
# that page (offline.OfflineCopy): its script, and for training the scenarios Python checks against.
PAGE_DATA = {"lp-training": (published.SCENARIOS_FILE,)}
PAGE_FILES = {css_class: (script, *PAGE_DATA.get(css_class, ())) for css_class, script in PAGE_SCRIPTS.items()}
PLAIN = ("theme-init.js", *EXTRA_SCRIPTS, *PAGE_SCRIPTS.values(), *STYLES, "noscript.css")  # published as they are
SCRIPTS = ("lp-worker.js", "lp-tools.js", "lp-offline.js", offline.SERVICE_WORKER, *PLAIN)
MANIFEST_MARK = "/*HANDBOOK_MANIFEST*/ null"


class Assets:
    """What the build publishes under hashed names, and the runtime's plan."""

    def __init__(self) -> None:
        self.published: dict[str, bytes] = {}  # site path -> content of hashed files written after the build
        self.names: dict[str, str] = {}  # source name -> site path
        self.runtime: runtime.Runtime | None = None
        self.settings = Settings()  # the published settings, as Python reads them
        self.compressing: threading.Thread | None = None  # Pyodide's files, compressed while pages build

    def publish(self, name: str, content: bytes) -> str:
        """Name a file by its content; its path in the site, which is written after the pages."""
        stem, dot, suffix = name.rpartition(".")
        path = f"{runtime.RUNTIME_DIR}/{stem}.{runtime.content_hash(content)}.{suffix}"
        self.published[path] = content
        self.names[name] = path
        return path

    def publish_settings(self, settings: CouncilSettings, edition: str) -> Settings:
        """The first of a build's files: the settings Python needs and the training scenarios
        (published.py), each read back as Python reads it; what Python reads in the settings is what
        the pages' tools and the foreseen steps are made under."""
        self.published.clear()
        content = published.council_settings(settings, edition)
        self.publish(published.SETTINGS_FILE, content)
        scenarios = published.council_scenarios(settings)
        self.publish(published.SCENARIOS_FILE, scenarios)
        published.read_back_scenarios(scenarios)
        self.settings = published.read_back(content)
        return self.settings

    def publish_runtime(self, context: BuildContext, build: str, serving: bool) -> None:
        """Name each runtime file by its content; lp-tools.js learns the others' names first.
        After publish_settings, whose file the manifest names."""
        source = runtime.RUNTIME_SOURCE
        self.publish("lp-worker.js", (source / "lp-worker.js").read_bytes())
        if not serving and self.compressing is None:
            self.compressing = runtime.compress_pyodide_ahead()
        self.runtime = runtime.plan_runtime(framework.current().to_json().encode())
        for name in PLAIN:
            self.publish(name, (source / name).read_bytes())
        script = (source / "lp-tools.js").read_text()
        if MANIFEST_MARK not in script:
            raise PluginError(f"lp-tools.js has lost its manifest mark {MANIFEST_MARK!r}")
        self.publish("lp-tools.js", script.replace(MANIFEST_MARK, json.dumps(self.manifest(context, build))).encode())
        on = offline.enabled(context.settings, serving)
        self.publish("lp-offline.js", offline.client_script((source / "lp-offline.js").read_text(), on))

    def manifest(self, context: BuildContext, build: str) -> dict:
        """What lp-tools.js is told: every path relative to lp-tools.js itself."""
        here = f"{runtime.RUNTIME_DIR}/"
        return {
            "worker": Path(self.names["lp-worker.js"]).name,
            "pyodide": self.runtime.pyodide_dir.removeprefix(here) + "/",
            "wheel": self.runtime.wheel.removeprefix(here),
            "stdlib": self.runtime.stdlib.removeprefix(here),
            "settings": self.names[published.SETTINGS_FILE].removeprefix(here),  # given to Python once, as it starts
            "scenarios": self.names[published.SCENARIOS_FILE].removeprefix(here),  # fetched at a page's first feedback request
            "lock": runtime.trimmed_lock(),
            "wasmBytes": runtime.wasm_size(),  # the worker reports its download's progress against it
            "build": build,  # the page's <meta name="lp-build"> must name the same
            "snapshotCache": snapshot_cache_name((runtime.RUNTIME_SOURCE / "lp-worker.js").read_text()),
            "foreseen": {tree_id: path.removeprefix(here) for tree_id, path in self.publish_foreseen(context).items()},
            "pageScripts": {css_class: self.names[name].removeprefix(here) for css_class, name in PAGE_SCRIPTS.items()},
        }

    def publish_foreseen(self, context: BuildContext) -> dict[str, str]:
        """Each shown tool's foreseen steps (foreseen.py), named by content: tree id -> site path.
        Only a page with that tool fetches its file (lp-tools.js)."""
        paths = {}
        for tree_id in filter(context.shown, tree_ids()):
            try:
                content = foreseen_file(tree_id, self.settings)
            except ForeseenError as problem:
                raise PluginError(f"foreseen steps: {problem}") from None
            paths[tree_id] = self.publish(f"foreseen-{tree_id}.json", content)
        return paths

    def add_to_config(self, config: MkDocsConfig) -> None:
        """The scripts and styles every page loads, and every hashed name for the templates
        (e.g. config.extra.handbook.assets['theme-init.js'])."""
        config.extra_javascript += [self.names[name] for name in ("lp-tools.js", *EXTRA_SCRIPTS, "lp-offline.js")]
        config.extra_css += [self.names[name] for name in (*STYLES, "council.css", "edition.css")]
        config.extra["handbook"] = {"noscript_css": self.names["noscript.css"], "assets": dict(self.names)}

    def remove_sources(self, files: Files) -> Files:
        """The unhashed sources, which must not ship: browsers would cache them under a name that never changes."""
        for name in SCRIPTS:
            found = files.get_file_from_path(f"{runtime.RUNTIME_DIR}/{name}")
            if found:
                files.remove(found)
        return files

    def write(self, site: Path) -> None:
        """The published files and the runtime, into the built site."""
        for path, content in self.published.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        runtime.copy_runtime(site, self.runtime)

    def runtime_files(self) -> list[str]:
        return offline.runtime_files(self.names["lp-worker.js"], self.names[published.SETTINGS_FILE], self.runtime)

    def page_files(self, html: str) -> list[str]:
        """The site paths of the files a page with this content keeps with it offline (PAGE_FILES)."""
        return [self.names[name] for css_class, names in PAGE_FILES.items() if _has_class(html, css_class)
                for name in names]

    def compress(self, site: Path) -> None:
        """Compressed copies of every file that gains from them (Pyodide's made while the pages built)."""
        if self.compressing is not None:
            self.compressing.join()
            self.compressing = None
        log.info(f"Compressed copies of {runtime.precompress(site)} files")


def _has_class(html: str, css_class: str) -> bool:
    return re.search(rf'class="(?:[^"]*\s)?{re.escape(css_class)}(?:\s[^"]*)?"', html) is not None


def snapshot_cache_name(worker: str) -> str:
    """The Cache Storage name the worker keeps Python's start-up snapshot under, for the page
    (which deletes it when a start hangs) and the privacy page's control."""
    found = re.search(r'^const SNAPSHOT_CACHE = "([a-z0-9-]+)";', worker, re.MULTILINE)
    if not found:
        raise PluginError("lp-worker.js no longer names its SNAPSHOT_CACHE")
    return found.group(1)
