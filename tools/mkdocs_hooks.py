"""mkdocs loads this file through `hooks:` in mkdocs.yml and hands each event to the plugin.

A hooks file needs no installation step, which keeps `mkdocs build` the whole build. mkdocs puts
this folder on sys.path only while it imports the file, so everything is imported here.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT / "src", ROOT / "tools"):  # the package and the build code, without installing
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from handbook_build.plugin import HandbookPlugin  # noqa: E402
from handbook_build.serving import Serving  # noqa: E402
from handbook_build.sitemap import Sitemap  # noqa: E402
from handbook_build import skiplink  # noqa: E402
from handbook_build.printing import WholeHandbook, mark_addresses  # noqa: E402

_plugin = HandbookPlugin()
_serving = Serving()  # ./dev serve: the settings file watched, and the last good build kept on a mistake
_sitemap = Sitemap()  # no sitemap of 127.0.0.1 addresses
_whole = WholeHandbook()  # every chapter on one page, to print

on_startup = _plugin.on_startup
on_page_markdown = _plugin.on_page_markdown
on_pre_build = _serving.on_pre_build
on_post_build = _plugin.on_post_build
on_post_page = skiplink.on_post_page  # "Skip to the tool" on a page with a tool


def on_config(config):
    config = _plugin.on_config(config)
    _sitemap.on_config(config, _plugin.settings, _plugin.serving)
    _whole.edition = _plugin.edition
    return config


def on_nav(nav, config, files):
    nav = _plugin.on_nav(nav, config, files)
    _whole.on_nav(nav)
    return nav


def on_env(env, config, files):
    _whole.on_env(files)  # every page is rendered by now: the whole handbook is made from them
    return env


def on_files(files, config):
    return _sitemap.on_files(_plugin.on_files(files, config), config)


def on_page_content(html, page, config, files):
    html = skiplink.on_page_content(_plugin.on_page_content(html, page, config, files), page, config, files)
    return mark_addresses(html)  # outside links print their address


def on_serve(server, config, builder):
    return _serving.on_serve(_plugin.on_serve(server, config, builder), config, builder)
