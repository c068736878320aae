"""`mkdocs serve` (what `./dev serve` runs) and the council's settings file.

- The settings file is watched through its folder, so that a handbook.toml created while the
  server runs is picked up as surely as one edited (a watch on the file itself would need the
  file to exist when serving starts, and would stop for good if an editor replaced it). The folder
  is watched without its subfolders: saving another file beside it rebuilds too, which is harmless.
- A rebuild that fails before it has touched the served site (a mistake in the settings file or in
  mkdocs.yml: both are read before mkdocs empties the site's folder) keeps the last good build
  served. mkdocs 1.x would otherwise print a traceback and hold every request until a build
  succeeds, so the browser seems to hang. The mistake's own one-line message is printed as in
  `mkdocs build`, followed by one line saying that the last good build is still being served;
  the next good save rebuilds as usual. A rebuild that fails after it has started writing the site
  is left to mkdocs, since what is in the folder is no longer a whole build.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from .settings import DEFAULT_FILE, settings_path

log = logging.getLogger("mkdocs.plugins.handbook")

STILL_SERVING = ("The site was not rebuilt: still serving the last good build. Correct the mistake and save, "
                 "and it rebuilds.")


class Serving:
    """The hooks for `mkdocs serve`: on_serve sets the watch and the builder up, on_pre_build
    notes that a build has got as far as emptying the site's folder."""

    def __init__(self) -> None:
        self.site_touched = False

    def on_pre_build(self, config) -> None:  # mkdocs empties the site's folder just after this
        self.site_touched = True

    def on_serve(self, server, config, builder):
        watch_settings(server)
        self.keep_last_good_build(server)
        return server

    def keep_last_good_build(self, server) -> None:
        build = server.builder

        def builder(config=None) -> None:
            self.site_touched = False
            try:
                build() if config is None else build(config)
            except Exception as problem:  # noqa: BLE001 (every kind is reported, then handled below)
                if self.site_touched:
                    raise  # mkdocs' own handling: the folder holds part of a build
                if not isinstance(problem, (Abort, BuildError, ConfigurationError)):
                    traceback.print_exc()  # a fault in the build code itself: its whole story helps
                log.warning(STILL_SERVING)

        server.builder = builder


def watched_settings() -> Path:
    """The settings file this server reads: $HANDBOOK_SETTINGS, else handbook.toml at the top of
    the repository (which may not exist yet)."""
    return settings_path() or DEFAULT_FILE


def watch_settings(server) -> None:
    server.watch(str(watched_settings().parent), recursive=False)
