"""Hosts that cannot send headers (GitHub Pages): the policy as a <meta> tag, written when
config.extra.handbook.csp is set, on a plain static server that sends no security headers.

The site here is built with a policy in config.extra.handbook.csp that also holds parts only a
header can carry, and with the theme's light/dark toggle switched on, so that the colour scheme
code moved into theme-init.js is exercised too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import serve

from hosting_helpers import POLICY, ROOT, SUBPATH, build_site_for, site_pages, tool_pages, walk_tool

# A header-style policy, including what a <meta> tag cannot carry: the template must drop those.
POLICY_WITH_HEADER_ONLY_PARTS = POLICY + "; report-uri /csp-reports; sandbox allow-scripts"
EXPECTED_META = "; ".join(part.strip() for part in POLICY.split(";")
                          if not part.strip().startswith("frame-ancestors"))

SETTINGS_HOOK = '''"""Test only: sets the policy as the build does from council settings, and turns on the
theme's light/dark toggle (the handbook's own build fixes one scheme)."""


def on_config(config):
    config.extra["handbook"]["csp"] = {policy!r}
    config.theme["palette"] = [
        {{"scheme": "default", "primary": "indigo", "accent": "indigo",
          "toggle": {{"icon": "material/brightness-7", "name": "Switch to dark mode"}}}},
        {{"scheme": "slate", "primary": "indigo", "accent": "indigo",
          "toggle": {{"icon": "material/brightness-4", "name": "Switch to light mode"}}}},
    ]
    return config
'''

CONFIG = """INHERIT: {root}/mkdocs.yml
docs_dir: {root}/docs
hooks:
  - {root}/tools/mkdocs_hooks.py
  - {hook}
theme:
  name: material
  custom_dir: {root}/overrides
"""


@pytest.fixture(scope="session")
def pages_server(tmp_path_factory):
    """A plain static server, like GitHub Pages: right MIME types, no security headers."""
    served = tmp_path_factory.mktemp("pages-root")
    server = serve(served)
    yield served, f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def meta_site(tmp_path_factory, pages_server) -> Path:
    served, url = pages_server
    work = tmp_path_factory.mktemp("meta-build")
    hook = work / "handbook_csp_setting.py"
    hook.write_text(SETTINGS_HOOK.format(policy=POLICY_WITH_HEADER_ONLY_PARTS))
    config = work / "mkdocs.yml"
    config.write_text(CONFIG.format(root=ROOT, hook=hook))
    site = served / SUBPATH.strip("/")
    build_site_for(site, url, config=config)
    return site


@pytest.fixture(scope="session")
def base_url(pages_server, meta_site) -> str:
    """This module's pages come from the plain static server, not nginx."""
    return pages_server[1]


def page_html(site: Path, path: str) -> str:
    return (site / (path if path.endswith(".html") else path + "index.html")).read_text()


def test_every_page_carries_the_policy_before_any_style_or_script(meta_site):
    for path in site_pages(meta_site):
        html = page_html(meta_site, path)
        tags = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert tags == [EXPECTED_META.replace("'", "&#39;")], path
        where = html.index('http-equiv="Content-Security-Policy"')
        assert where < html.index("<link rel=\"stylesheet\""), path
        assert where < html.index("<script"), path


def test_the_default_build_states_the_shipped_policy_in_a_tag(site_dir):
    """The build's own policy (council settings, site.csp_meta) matches the shipped one."""
    html = page_html(site_dir, "")
    tags = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert tags == [EXPECTED_META.replace("'", "&#39;")]


def test_without_a_policy_setting_no_tag_is_written(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[site]\ncsp_meta = false\n")
    site = tmp_path / "site"
    build_site_for(site, "http://127.0.0.1:8000/handbook/", settings=settings)
    for path in site_pages(site):
        assert 'http-equiv="Content-Security-Policy"' not in page_html(site, path), path


def test_pages_are_left_with_no_inline_script(meta_site):
    for path in site_pages(meta_site):
        for tag in re.findall(r"<script\b[^>]*>", page_html(meta_site, path)):
            assert " src=" in tag or 'type="application/json"' in tag, f"{path}: {tag}"


def test_a_tool_runs_under_the_meta_policy(page, base_url, meta_site, watch):
    path = tool_pages(meta_site)[0]
    page.goto(base_url + path)
    assert walk_tool(page, page.locator(".lp-tool").first)
    assert watch.violations() == []
    assert watch.problems == []  # includes the errors a tag with frame-ancestors would log


def test_the_chosen_colour_scheme_is_put_back_by_theme_init(page, base_url, meta_site, watch):
    page.goto(base_url)
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
    page.locator("label[for=__palette_1]").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    # Without the theme's bundle, only theme-init.js can restore the choice on the next page.
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    page.goto(base_url + site_pages(meta_site)[1])
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    assert watch.violations() == []
    page.unroute("**/assets/javascripts/bundle.*.min.js")
    page.goto(base_url)
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    assert watch.violations() == []
