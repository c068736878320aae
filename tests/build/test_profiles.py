"""Council profiles: each example builds into a site that is visibly the council's own, and a
malformed settings file stops the build with one line naming the key."""

from __future__ import annotations

import re

import pytest

from support import ROOT, build_site

TOOL_PAGE = "lead-professional/choosing-the-lead-professional/index.html"


@pytest.mark.parametrize("name, title, front_door, sen_lead", [
    ("northshire", "Northshire Lead Professional handbook", "Northshire Multi-Agency Safeguarding Hub", "senco_should"),
    ("eastvale", "Eastvale Lead Practitioner handbook", "Eastvale Multi-Agency Support Team", "senco_may"),
])
def test_each_profile_shows_its_council(profile_sites, name, title, front_door, sen_lead):
    site = profile_sites[name]
    home = (site / "index.html").read_text()
    assert f"<title>{title}</title>" in home
    assert re.search(r'<img src="[./]*assets/handbook/council-logo\.[0-9a-f]{10}\.svg"', home)
    css = next((site / "assets" / "handbook").glob("council.*.css")).read_text()
    assert {"northshire": "#005a6e", "eastvale": "#6a1b5a"}[name] in css
    tool = (site / TOOL_PAGE).read_text()
    assert f"&quot;sen_lead&quot;: &quot;{sen_lead}&quot;" in tool
    assert front_door in (site / "local" / "contacts" / "index.html").read_text() or front_door in tool \
        or front_door in (site / "thresholds" / "levels-of-need" / "index.html").read_text()
    assert "01632 960" in (site / "local" / "contacts" / "index.html").read_text()


def primary_navigation(html: str) -> str:
    return html[html.index('md-sidebar--primary'):html.index('md-sidebar--secondary')]


def test_a_left_out_chapter_leaves_the_navigation_but_keeps_its_address(profile_sites, site_dir):
    page = "early-help/why-early-help/index.html"
    assert "genograms/" in primary_navigation((site_dir / page).read_text())
    assert "genograms/" not in primary_navigation((profile_sites["eastvale"] / page).read_text())
    assert "is not part of Eastvale Borough Council's handbook" in (profile_sites["eastvale"] / "early-help" / "genograms" / "index.html").read_text()


def test_the_default_build_is_neutral(site_dir):
    home = (site_dir / "index.html").read_text()
    assert "<title>Lead Professional handbook</title>" in home and "Published by" not in home
    assert "has not added its contacts" in (site_dir / "local" / "contacts" / "index.html").read_text()


def test_a_malformed_settings_file_stops_the_build_with_one_line_naming_the_key(tmp_path):
    settings = tmp_path / "council.toml"
    settings.write_text("[council]\nname = 'Testshire'\n\n[variants]\nsen_lead = 'sometimes'\n")
    result = build_site(tmp_path / "site", settings=settings)
    assert result.returncode != 0
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "handbook settings" in line]
    assert len(errors) == 1
    assert "variants.sen_lead: expected one of 'senco_may', 'senco_should', got 'sometimes'" in errors[0]
