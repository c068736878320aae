"""The sitemap (sitemap.xml and sitemap.xml.gz, written by mkdocs from the theme's template)
lists every page at the site's address. Until a council gives that address (site.url in its
settings, or HANDBOOK_SITE_URL for a test or a preview), the only address the build knows is the
one mkdocs.yml names for `./dev serve`, http://127.0.0.1:8000/, and a sitemap of those addresses
would be wrong wherever the site is published. Such a build writes a sitemap that lists no
address and says so in one line. It cannot leave the file out: the theme asks for sitemap.xml on
every page (its instant navigation follows only links the sitemap lists), and a missing one is an
error in every page's console. `mkdocs serve` keeps mkdocs' own sitemap, which lists the preview's
own address.
"""

from __future__ import annotations

import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .settings import Settings

log = logging.getLogger("mkdocs.plugins.handbook")

SITEMAP = "sitemap.xml"  # the theme's template; mkdocs writes sitemap.xml.gz beside it from the same
LEFT_OUT = ("The sitemap lists no address: the site's address is not set (site.url in the settings file), so its "
            "addresses would be {address}. Set site.url to the address the handbook is published at.")
EMPTY = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def address_given(settings: Settings) -> bool:
    """Whether the build was told the site's address (identity.py gives config.site_url from these)."""
    return bool(settings.site.url or os.environ.get("HANDBOOK_SITE_URL"))


class Sitemap:
    """Two hooks: on_config decides, on_files keeps the template from being copied as it is (mkdocs
    copies a theme's files that are not among its static templates)."""

    def __init__(self) -> None:
        self.left_out = False

    def on_config(self, config: MkDocsConfig, settings: Settings, serving: bool) -> None:
        self.left_out = not serving and not address_given(settings)
        if self.left_out:
            config.theme.static_templates.discard(SITEMAP)
            log.info(LEFT_OUT.format(address=config.site_url or "unknown"))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.left_out:
            return files
        found = files.get_file_from_path(SITEMAP)
        if found:
            files.remove(found)
        files.append(File.generated(config, SITEMAP, content=EMPTY))
        return files
