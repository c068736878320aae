"""Council profiles: each example builds into a site that is visibly the council's own, and a
malformed settings file stops the build with one line naming the key."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from support import ROOT, build_site, settings_toml

TOOL_PAGE = "lead-professional/choosing-the-lead-professional/index.html"


@pytest.mark.parametrize("name, title, front_door, sen_lead", [
    ("northshire", "Northshire Lead Professional handbook", "Northshire Multi-Agency Safeguarding Hub", "senco_should"),
    ("eastvale", "Eastvale Lead Practitioner handbook", "Eastvale Multi-Agency Support Team", "senco_may"),
])
def test_each_profile_shows_its_council(profile_sites, name, title, front_door, sen_lead):
    site = profile_sites[name]
    home = (site / "index.html").read_text()
    assert f"<title>{title}</title>" in home
    assert Parsed("<h1" + home.split("<h1", 1)[1]).texts[0] == title, "the home page's heading is the council's title"
    assert re.search(r'<img src="[./]*assets/handbook/council-logo\.[0-9a-f]{10}\.svg"', home)
    css = next((site / "assets" / "handbook").glob("council.*.css")).read_text()
    assert {"northshire": "#005a6e", "eastvale": "#6a1b5a"}[name] in css
    tool = (site / TOOL_PAGE).read_text()
    # The council's choice reaches Python in the settings published once, not in the page.
    published = json.loads(next((site / "assets" / "handbook").glob("lp-settings.*.json")).read_text())
    assert published["tools"]["allocation"]["variants"]["sen_lead"] == sen_lead
    assert "sen_lead" not in tool
    assert front_door in (site / "local" / "contacts" / "index.html").read_text() or front_door in tool \
        or front_door in (site / "thresholds" / "levels-of-need" / "index.html").read_text()
    assert "01632 960" in (site / "local" / "contacts" / "index.html").read_text()


THRESHOLDS_CHAPTER = "thresholds/lead-professionals-across-the-thresholds/index.html"


def test_the_thresholds_chapter_names_each_councils_choice_on_the_local_rules(profile_sites, site_dir):
    def shown(site):
        return " ".join(" ".join(Parsed((site / THRESHOLDS_CHAPTER).read_text()).texts).split())
    north, east, neutral = shown(profile_sites["northshire"]), shown(profile_sites["eastvale"]), shown(site_dir)
    assert north.count("Northshire Council's rule:") == 5 and east.count("Eastvale Borough Council's rule:") == 5
    assert "Northshire Council's rule: The key worker should be the lead professional." in north
    assert "Eastvale Borough Council's rule: A social-work-qualified practice supervisor or manager decides" in east
    assert neutral.count("This handbook's default:") == 5 and "{{" not in neutral


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
    assert Parsed("<h1" + home.split("<h1", 1)[1]).texts[0] == "Lead Professional handbook"
    assert "has not added its contacts" in (site_dir / "local" / "contacts" / "index.html").read_text()


def test_a_malformed_settings_file_stops_the_build_with_one_line_naming_the_key(tmp_path):
    settings = tmp_path / "council.toml"
    settings.write_text("[council]\nname = 'Testshire'\n\n[variants]\nsen_lead = 'sometimes'\n")
    result = build_site(tmp_path / "site", settings=settings)
    assert result.returncode != 0
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "handbook settings" in line]
    assert len(errors) == 1
    assert "variants.sen_lead: expected one of 'senco_may', 'senco_should', got 'sometimes'" in errors[0]


# ------------------------------------------------------------------------------------------
# Settings are data, never markup: a site built from hostile settings shows every one of them as
# plain text, and no setting adds an element, an attribute or a link scheme to any page.
# ------------------------------------------------------------------------------------------
HOSTILE = {
    "council.name": "*Evil* _Council_ <b>b</b> [l](https://evil.example) `c` {!abbreviations.md!} &amp;",
    "council.logo_alt": "\"><img src=x onerror=alert(1)> *L*",
    "site.title": "</title><meta http-equiv=refresh content=0;url=//evil.example>",
    "names.front_door": "[x](javascript:alert(1)) <img src=x onerror=alert(1)> *F* _u_",
    "names.early_help_team": "<script>alert(1)</script> __u__ `t` <!-- c -->",
    "names.early_help_manager": "1. ![i](x.png) {: .c} <https://evil.example>",
    "names.dispute_broker": "- a `b` [c][d] ~~s~~ <svg onload=alert(1)>",
    "contacts.name": "# <i>Team</i> | *x* #",
    "contacts.purpose": "- [a](javascript:x) > q {!../README.md!}",
    "contacts.hours": "`9` to <5> &lt;",
    "contacts.out_of_hours": "\"quoted\" <iframe src=//evil.example></iframe>",
}


OWN_LINKS = {"http://127.0.0.1:8000/"}  # the handbook's own text: where ./dev serve shows the site


class Parsed(HTMLParser):
    """A page's elements (tag and attributes) and its runs of text, entities turned into characters."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.texts.append(data)
        if self._in_title:
            self.title += data

    def shows(self, value: str) -> bool:
        """The value is in one run of text: nothing in it became an element."""
        return any(value in " ".join(text.split()) for text in self.texts)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(ROOT / "profiles" / "northshire" / "logo.svg", folder / "logo.svg")
    settings = folder / "council.toml"
    settings.write_text(settings_toml({
        **HOSTILE, "council.website": "https://council.example/?a=1&b=2", "council.logo": "logo.svg",
        "site.url": "https://council.example/handbook/", "contacts.phone": "+44 1632 960 100",
        "contacts.email": "mash@council.example", "content.leave_out": ["early-help/genograms.md"]}))
    result = build_site(folder / "site", settings=settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


def parse(site, page: str) -> Parsed:
    return Parsed((site / page).read_text())


def test_no_setting_adds_an_element_an_attribute_or_a_link_scheme(hostile_site):
    schemes = set()
    for path in hostile_site.rglob("*.html"):
        page = Parsed(path.read_text())
        where = path.relative_to(hostile_site)
        for tag, attrs in page.tags:
            assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
            assert not (tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"), where
            assert tag not in ("iframe", "b", "i") and not (tag == "img" and attrs.get("src") in ("x", "x.png")), \
                (where, tag, attrs)
            assert not (tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json"), \
                (where, "inline script")
            for name, value in attrs.items():
                if name in ("href", "src", "action", "formaction", "xlink:href", "content"):
                    assert "evil.example" not in value and "javascript:" not in value.lower(), (where, tag, name)
                if name in ("href", "src", "action", "formaction", "xlink:href") and value not in OWN_LINKS:
                    schemes.add(urlsplit(value).scheme)
    assert schemes <= {"", "https", "mailto", "tel"}, schemes


def test_the_site_title_shows_as_typed_in_the_title_header_and_home_heading(hostile_site):
    title = HOSTILE["site.title"]
    home = parse(hostile_site, "index.html")
    assert home.title == title
    heading = (hostile_site / "index.html").read_text().split("<h1", 1)[1].split("</h1>", 1)[0]
    assert Parsed("<h1" + heading).texts[0] == title  # the home page's heading is the council's title
    assert [attrs["aria-label"] for tag, attrs in home.tags if tag == "a" and "md-logo" in attrs.get("class", "")] \
        == [title, title]
    assert home.shows(title)
    chapter = parse(hostile_site, "about/privacy/index.html")
    assert chapter.title.endswith(" - " + title)


def test_every_setting_shows_as_plain_text_where_it_is_used(hostile_site):
    contacts = parse(hostile_site, "local/contacts/index.html")
    for key in ("council.name", "contacts.name", "contacts.purpose", "contacts.hours", "contacts.out_of_hours"):
        assert contacts.shows(HOSTILE[key]), key
    links = [attrs["href"] for tag, attrs in contacts.tags if tag == "a" and ":" in attrs.get("href", "")]
    assert "tel:+441632960100" in links and "mailto:mash@council.example" in links
    assert "https://council.example/?a=1&b=2" in links  # the footer's link, as typed
    home = parse(hostile_site, "index.html")
    assert home.shows(HOSTILE["names.front_door"])
    assert [attrs["alt"] for tag, attrs in home.tags if tag == "img"][0] == HOSTILE["council.logo_alt"]
    escalation = parse(hostile_site, "thresholds/escalation-meetings-and-independent-chairs/index.html")
    assert escalation.shows(HOSTILE["names.early_help_team"]) and escalation.shows(HOSTILE["names.early_help_manager"])
    assert parse(hostile_site, "thresholds/resolving-disagreements-between-agencies/index.html").shows(
        HOSTILE["names.dispute_broker"])
    tool_rules = (hostile_site / "thresholds/levels-of-need/index.html").read_text().split('class="lp-rules"', 1)[1]
    assert Parsed(tool_rules).shows(HOSTILE["names.front_door"])  # the tool's rules, written by widget.py
    assert parse(hostile_site, "training/answers/index.html").shows(HOSTILE["names.front_door"])
    assert parse(hostile_site, "early-help/genograms/index.html").shows(HOSTILE["council.name"])


@pytest.mark.parametrize("name, levels, indicator, child_words, others", [
    ("northshire", ["Universal", "Early help", "Targeted or complex", "Statutory"],
     "The child misses more than one school day in ten", None, ["Family Help", "Level 3"]),
    ("eastvale", ["Universal", "Family Help", "Child protection"],
     "The child misses school often, or is late most days", "I miss a lot of school",
     ["Targeted or complex", "Level 3"]),
])
def test_each_profiles_checker_shows_its_own_levels(profile_sites, name, levels, indicator, child_words, others):
    """The threshold checker's written rules, the chapter's table and the framework in the wheel
    are the council's: its levels, its indicators, its child's words, no other framework's levels."""
    import zipfile
    site = profile_sites[name]
    html = (site / "thresholds" / "levels-of-need" / "index.html").read_text()
    # The chapter's table of the framework and the checker's written rules (the chapter's own prose
    # before them describes levels in general).
    start = min(html.index('class="lp-rules'), html.index('id="the-levels-and-indicators-the-tool-uses"'))
    chapter = Parsed(html[start:])
    text = " ".join(" ".join(chapter.texts).split())
    for level in levels:
        assert level in text, (name, level)
    assert indicator in text.replace("\u2019", "'")
    if child_words:
        assert child_words in text.replace("\u2019", "'")
    for other in others:
        assert f"{other}:" not in text, (name, other)
    wheel = next(site.rglob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        framework = json.loads(archive.read("decision/trees/data/framework.json"))
    assert [level["name"] for level in framework["levels"]] == levels and framework["default"] is False
    assert [level["act_today"] for level in framework["levels"]] == [False] * (len(levels) - 1) + [True]
