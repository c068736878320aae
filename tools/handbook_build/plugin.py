"""The handbook's mkdocs plugin: local settings in, tools and their runtime out.

mkdocs.yml loads it through tools/mkdocs_hooks.py, so the build needs nothing installed
beyond the pinned requirements: `mkdocs build --strict` is the whole build.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from decision import get_tree

from . import runtime
from .diagram import DIAGRAM_FENCE, diagram_fence_formatter
from .widget import FENCE_NAME, fence_formatter

log = logging.getLogger("mkdocs.plugins.handbook")

# Runtime sources in docs/assets/handbook, published under a name with their content hash.
SCRIPTS = ("lp-worker.js", "lp-tools.js", "theme-init.js", "lp-tools.css", "theme.css", "print.css",
           "diagram.css", "noscript.css")
STYLES = ("theme.css", "lp-tools.css", "diagram.css", "print.css")  # in the order pages load them
PLAIN = ("theme-init.js", *STYLES, "noscript.css")  # published as they are, under a hashed name
ABBREVIATIONS = "abbreviations.md"  # in docs/_includes: appended to every page, so each use gets its definition
MANIFEST_MARK = "/*HANDBOOK_MANIFEST*/ null"


class HandbookPlugin(BasePlugin):
    def __init__(self) -> None:
        self.published: dict[str, bytes] = {}  # site path -> content of hashed runtime files
        self.names: dict[str, str] = {}  # source name -> site path
        self.abbreviations = ""

    # Settings are read first, so that a bad settings file stops the build before any work.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._publish_scripts()
        config.extra_javascript.append(self.names["lp-tools.js"])
        config.extra_css += [self.names[name] for name in STYLES]
        # Templates find the hashed files here, e.g. config.extra.handbook.assets['theme-init.js'].
        config.extra["handbook"] = {"noscript_css": self.names["noscript.css"], "assets": dict(self.names),
                                    "csp": ""}
        if os.environ.get("HANDBOOK_SITE_URL"):  # interim: serve under a subpath until settings carry it
            config.site_url = os.environ["HANDBOOK_SITE_URL"]
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        fences[:] = [f for f in fences if f.get("name") != FENCE_NAME]
        fences[:] = [f for f in fences if f.get("name") != DIAGRAM_FENCE]
        fences.append({"name": FENCE_NAME, "class": FENCE_NAME,
                       "format": fence_formatter(self._variants_for, self._names_for, council="")})
        fences.append({"name": DIAGRAM_FENCE, "class": DIAGRAM_FENCE,
                       "format": diagram_fence_formatter(self._names_for)})
        self.abbreviations = (Path(config.docs_dir) / "_includes" / ABBREVIATIONS).read_text()
        return config

    # The unhashed sources must not ship: browsers would cache them under a name that never changes.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for name in SCRIPTS:
            found = files.get_file_from_path(f"assets/handbook/{name}")
            if found:
                files.remove(found)
        return files

    # Every page gets the abbreviation list, so each abbreviation is defined wherever it is used.
    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        return markdown + "\n\n" + self.abbreviations

    # The runtime goes in after the pages, so a failed page build never leaves a half-copied runtime.
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        for path, content in self.published.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        runtime.copy_runtime(site, self.names)

    # Rebuild when the trees or the build code change, not only the docs.
    def on_serve(self, server, config: MkDocsConfig, builder):
        for folder in ("src/decision", "tools/handbook_build"):
            server.watch(str(runtime.ROOT / folder))
        return server

    def _variants_for(self, tree_id: str) -> dict[str, str]:
        return get_tree(tree_id).default_variants()

    def _names_for(self, tree_id: str) -> dict[str, str]:
        return get_tree(tree_id).default_names()

    def _publish_scripts(self) -> None:
        """Name each runtime file by its content; lp-tools.js learns the others' names first."""
        self.published.clear()
        source = runtime.RUNTIME_SOURCE
        worker = self._publish("lp-worker.js", (source / "lp-worker.js").read_bytes())
        wheel = runtime.build_wheel()
        manifest = {
            "worker": Path(worker).name,
            "pyodide": f"pyodide/{runtime.pyodide_version()}/",
            "wheel": f"wheels/{wheel.parent.name}/{wheel.name}",
            "lock": runtime.trimmed_lock(),
        }
        script = (source / "lp-tools.js").read_text()
        if MANIFEST_MARK not in script:
            raise ValueError(f"lp-tools.js has lost its manifest mark {MANIFEST_MARK!r}")
        self._publish("lp-tools.js", script.replace(MANIFEST_MARK, json.dumps(manifest)).encode())
        for name in PLAIN:
            self._publish(name, (source / name).read_bytes())

    def _publish(self, name: str, content: bytes) -> str:
        stem, dot, suffix = name.rpartition(".")
        path = f"{runtime.RUNTIME_DIR}/{stem}.{runtime.content_hash(content)}.{suffix}"
        self.published[path] = content
        self.names[name] = path
        return path
