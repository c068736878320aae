"""The handbook's mkdocs plugin: a council's settings in; pages with tools and their runtime out.

mkdocs.yml loads it through tools/mkdocs_hooks.py, so the build needs nothing installed beyond
the pinned requirements: `mkdocs build --strict` is the whole build. Its typed configuration is
the council settings file, described in settings.py.

As in mkdocs-material's plugins (material/plugins/*/plugin.py), each event method carries a
comment saying why its work happens at that event, and the work itself lives in modules of its
own, one per concern; this class only hands it to them:

    identity.py   the settings, the build's identity and edition, the council's name and colours
    assets.py     the runtime's scripts and styles under hashed names, and lp-tools.js's manifest
    offline.py    the offline copy: the service worker and its manifest
    fences.py     the four kinds of fence (fence.py: what a fence is, and its parser)
    chapters.py   the menu and the pages' Markdown as the council has them
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

import hosting_configs  # tools/, on the path through tools/mkdocs_hooks.py

from . import fences, identity, offline, runtime
from .assets import Assets
from .chapters import Chapters, needs_python, page_values_for
from .context import context_for
from .printing import edition_css
from .settings import Settings

WATCHED = ("src/decision", "tools/handbook_build", "training")  # besides the docs (serving.py watches the settings)


class HandbookPlugin(BasePlugin):
    def __init__(self) -> None:
        self.settings = Settings()
        self.serving = False
        self.build = ""  # this build's identity: see identity.build_identity
        self.edition = ""  # the handbook's version, local edition, date and identity, in words (printing.edition_text)
        self.assets = Assets()
        self.offline = offline.OfflineCopy()
        self.chapters: Chapters | None = None

    # Remember whether this is `mkdocs serve`, whose live reload needs an inline script.
    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Settings are read first, so a bad settings file stops the build before any other work; the
    # rest happens here too because the templates and superfences read the configuration.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = identity.read_settings(config)
        self.build = identity.build_identity(config, self.settings, self.serving)
        self.edition = identity.edition(self.settings, self.build)  # the meeting kit's records name it
        # The pages' tools show each tool's rules and names as Python reads them in the published file.
        context = context_for(self.settings, self.assets.publish_settings(self.settings, self.edition))
        self.assets.publish_runtime(context, self.build, self.serving)
        identity.apply_identity(config, self.settings, self.assets.publish)
        self.assets.publish("edition.css", edition_css(self.edition).encode())  # at the foot of every printed page
        self.assets.add_to_config(config)
        config.extra["handbook"] |= identity.template_values(self.settings, self.build, self.edition, self.serving)
        fences.register(config, context)
        self.chapters = Chapters(self.settings, config.docs_dir, page_values_for(self.settings, self.edition))
        return config

    # mkdocs has found the docs' files: drop the unhashed sources of what assets.py publishes.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return self.assets.remove_sources(files)

    # The navigation exists from here on: chapters a council leaves out leave the menu.
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        nav.items = self.chapters.menu(nav.items)
        return nav

    # Before Markdown is converted: local wording, then the abbreviations, so each is defined where used.
    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        self.offline.add_page(page.url)
        return self.chapters.markdown(markdown, page)

    # The page's HTML exists now: a page with a tool loads lp-tools.js early (overrides/main.html),
    # and the offline copy learns which of the files only some pages use this one needs.
    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        page.meta["handbook_python"] = needs_python(html)
        self.offline.add_page_files(page.url, self.assets.page_files(html))
        return html

    # After every page: the runtime goes in last, so a failed page build never leaves it half-copied.
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        self.assets.write(site)
        if offline.enabled(self.settings, self.serving):
            self.offline.write(site, self.assets.runtime_files(), self.build, self.settings.site.offline_whole)
        if not self.serving:  # live previews need no compressed copies
            self.assets.compress(site)
        hosting_configs.write_into_site(site, config.site_url)  # .htaccess and the like: copies of site/ keep them
        runtime.make_readable(site)  # whatever the umask, a web server's own user can read the site

    # `mkdocs serve` is starting its watcher: rebuild when the trees, the build code or the
    # training scenarios change too, not only the docs.
    def on_serve(self, server, config: MkDocsConfig, builder):
        for folder in WATCHED:
            server.watch(str(runtime.ROOT / folder))
        if self.settings.content.scenarios_folder:  # the council's own training scenarios
            server.watch(self.settings.content.scenarios_folder)
        return server
