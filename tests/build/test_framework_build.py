"""A council's threshold framework reaches every place that shows it: one indicator's wording
changed in the CSV, and nothing else edited, changes the checker (its rules in the page and the
data the browser's Python reads), the levels-of-need chapter's table and the printed handbook; a
level's new name reaches the diagram. Markup in a cell is shown as text, never inserted."""

from __future__ import annotations

import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT, build_site

DATA = ROOT / "src" / "decision" / "trees" / "data"
OLD = "The child's low mood or worry is starting to affect sleep, eating or friendships"
NEW = "The child's low mood or worry now affects how they sleep, eat or keep friends"
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def council_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("framework")
    indicators = (DATA / "threshold-indicators.csv").read_text(encoding="utf-8")
    assert indicators.count(OLD) == 1
    indicators = indicators.replace(OLD, NEW)
    indicators += f'l2_markup,area_health,level2,"{MARKUP.replace(chr(34), chr(34) * 2)}",I feel <b>sad</b>\n'
    (folder / "indicators.csv").write_text(indicators, encoding="utf-8")
    section = (DATA / "threshold.toml").read_text(encoding="utf-8")
    section = section.replace('"threshold-indicators.csv"', '"indicators.csv"').replace(
        'name = "Level 3"', 'name = "Level three"')
    settings = folder / "council.toml"
    settings.write_text('[council]\nname = "Testshire Council"\n\n' + section, encoding="utf-8")
    result = build_site(folder / "site", settings=settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def shows(self, value: str) -> bool:
        return value in " ".join(" ".join(self.text).split())


def page(site: Path, address: str) -> Page:
    return Page((site / address / "index.html").read_text(encoding="utf-8"))


def test_the_new_wording_is_in_the_checker_the_chapter_and_the_print_version(council_site):
    html = (council_site / "thresholds" / "levels-of-need" / "index.html").read_text(encoding="utf-8")
    rules = html[html.index('class="lp-rules'):]
    table = html[html.index('id="the-levels-and-indicators-the-tool-uses"'):]
    assert NEW in rules.replace("&#x27;", "'") and NEW in table.replace("&#x27;", "'").replace("&#39;", "'")
    assert page(council_site, "reference/whole-handbook").shows(NEW)
    wheel = next(council_site.rglob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:  # what Python reads in the reader's browser
        framework = json.loads(archive.read("decision/trees/data/framework.json"))
    assert NEW in [i["text"] for i in framework["indicators"]] and framework["default"] is False
    for path in council_site.rglob("*.html"):
        assert OLD not in path.read_text(encoding="utf-8").replace("&#x27;", "'").replace("&#39;", "'"), path


def test_a_level_renamed_in_the_settings_reaches_the_diagram(council_site):
    diagram = page(council_site, "tools/threshold")
    assert diagram.shows("Level three")


def test_markup_in_a_cell_is_shown_as_text_and_never_inserted(council_site):
    for address in ("thresholds/levels-of-need", "reference/whole-handbook"):
        shown = page(council_site, address)
        assert shown.shows(MARKUP), address
        assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in shown.tags), address
        assert not any(tag == "b" for tag, _ in shown.tags), address  # the child's words' <b> stays text
        scripts = [attrs for tag, attrs in shown.tags if tag == "script"]
        assert all(attrs.get("src") or attrs.get("type") == "application/json" for attrs in scripts), address
    assert page(council_site, "thresholds/levels-of-need").shows("I feel <b>sad</b>")
