"""The training pages in the built site: the scenarios page works without JavaScript, the cards
and the answer sheet come from the scenario files, and a broken scenario stops the build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT
from support import NORTHSHIRE_SCENARIO, build_site

SCENARIO_FILES = sorted((ROOT / "training" / "scenarios").glob("*.toml"))


def page(site_dir: Path, name: str) -> str:
    return (site_dir / "training" / name / "index.html").read_text()


def content(html: str) -> str:
    return html[html.index('<article class="md-content__inner'):html.rindex("</article>")]


def test_the_scenarios_page_shows_every_case_and_the_answer_sheet_without_javascript(site_dir):
    html = content(page(site_dir, "scenarios"))
    catalogue = html[html.index('<div class="lp-training__catalogue">'):html.index('<div class="lp-training__app"')]
    assert "hidden" not in catalogue.split(">", 1)[0]  # shown until the script takes over
    assert catalogue.count('class="lp-training__case"') == len(SCENARIO_FILES)
    assert "Scenario 1: Afraid to go home" in catalogue and "Scenario 22: Two who could lead" in catalogue
    assert re.search(r'<a class="lp-training-sheet" href="\.\./answers/">trainer(&#x27;|\')s answer sheet</a>', html) \
        or re.search(r'<a href="\.\./answers/" class="lp-training-sheet">', html)


def test_the_scenarios_page_carries_the_real_tools_hidden_until_a_scenario_is_chosen(site_dir):
    html = content(page(site_dir, "scenarios"))
    assert 'data-needs-python="training"' in html
    for tree in ("threshold", "allocation"):
        assert re.search(rf'<div class="lp-training__tool" data-tree="{tree}" hidden>\s*<div class="lp-tool" '
                         rf'id="lp-{tree}"', html)
    assert '<section class="lp-training__tools" hidden data-search-exclude>' in html


def test_the_page_data_is_inert_json_with_every_scenario(site_dir):
    html = page(site_dir, "scenarios")
    [block] = re.findall(r'<script type="application/json" class="lp-training__data">(.*?)</script>', html, re.S)
    assert "<" not in block
    data = json.loads(block)
    assert [s["id"] for s in data["scenarios"]] == [p.stem for p in SCENARIO_FILES]
    assert {s["id"] for s in data["sets"]} >= {"warm-up", "levels-of-need", "who-leads", "hard-cases"}
    first = data["scenarios"][0]
    assert first["tool"] == "What level of need, and what next?" and first["paragraphs"][0].startswith("A girl of nine")


def test_the_training_pages_have_no_inline_styles_or_scripts(site_dir):
    pages = sorted((site_dir / "training").rglob("index.html"))
    assert len(pages) == 4
    for path in pages:
        html = path.read_text()
        assert " style=" not in content(html)
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all('type="application/json"' in attrs for attrs in scripts), scripts


def test_one_card_per_scenario_with_the_case_only(site_dir):
    html = content(page(site_dir, "cards"))
    assert html.count('<article class="lp-card"') == len(SCENARIO_FILES)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert "A girl of nine waits behind after school" in text
    for answer in ("Teaching point", "Expected answer", "always led by a social worker", "outcome_"):
        assert answer not in text
    assert 'class="lp-print-hide"' in html


def test_the_answer_sheet_gives_labels_results_teaching_points_and_sources(site_dir):
    html = content(page(site_dir, "answers"))
    assert html.count('<section class="lp-answer"') == len(SCENARIO_FILES)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    text = " ".join(text.split())
    assert "Which of these best describes the child or young person? A child protection enquiry (section 47) is under way" in text
    assert "s47_enquiry" not in text and "outcome_" not in text
    assert "Result: A social worker leads: a child protection enquiry is always led by a social worker" in text
    assert "Lead professional: Nursery key person" in text  # a lead named from the practitioners listed
    assert "Nursery key person: Already knows the child or family well" in text
    assert "(this site's rule)" in text and "Also accepted" in text
    assert text.count("Teaching point") == len(SCENARIO_FILES)
    assert "Working Together to Safeguard Children 2023" in text and "Salford Early Help" in text


def test_a_broken_scenario_stops_the_build_with_one_line_naming_the_file(tmp_path):
    folder = tmp_path / "training"
    shutil.copytree(ROOT / "training", folder)
    target = folder / "scenarios" / "03-mornings-and-bedtimes.toml"
    text = target.read_text()
    target.write_text(text[:text.index("teaching_point")] + text[text.index('outcome = "outcome_level2"'):])
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_TRAINING=str(folder))
    environment.pop("HANDBOOK_SETTINGS", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, env=environment)
    assert result.returncode != 0
    [line] = [line for line in (result.stdout + result.stderr).splitlines() if "teaching_point is missing" in line]
    assert "training scenarios: " in line and "03-mornings-and-bedtimes.toml: teaching_point is missing" in line


# ------------------------------------------------------------------------------------------
# A council's own scenarios (content.scenarios_folder), in the example councils' sites
# ------------------------------------------------------------------------------------------

def shown_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", content(html))).split())


@pytest.mark.parametrize("council, own, results", [
    ("northshire", ["01-shifts-and-council-tax", "02-a-cough-that-keeps-coming-back", "03-after-the-summer-visit"],
     ["Result: Early help: emerging needs", "Result: Targeted or complex: several needs",
      "Result: Statutory: acute needs or a concern of significant harm: contact the Northshire Multi-Agency "
      "Safeguarding Hub (MASH) today"]),
    ("eastvale", ["01-looking-after-mum", "02-a-second-phone"],
     ["Result: Family Help: needs that call for help", "Result: Child protection: a concern that the child is "
      "suffering or likely to suffer significant harm: contact the Eastvale Multi-Agency Support Team (MAST) today"]),
])
def test_each_example_councils_training_shows_its_own_scenarios_and_its_own_levels(profile_sites, council, own,
                                                                                   results):
    site = profile_sites[council]
    [block] = re.findall(r'<script type="application/json" class="lp-training__data">(.*?)</script>',
                         page(site, "scenarios"), re.S)
    data = json.loads(block)
    ids = [s["id"] for s in data["scenarios"]]
    assert ids[:len(own)] == own and "01-afraid-to-go-home" not in ids  # first, in file-name order
    titles = [s["title"] for s in data["scenarios"][:len(own)]]
    scenarios = shown_text(page(site, "scenarios"))
    assert all(f"Scenario {n}: {title}" in scenarios for n, title in enumerate(titles, start=1))
    answers = shown_text(page(site, "answers"))
    assert all(result in answers for result in results)
    assert "Afraid to go home" not in answers and "Level 4" not in answers  # none of the handbook's own levels
    cards = shown_text(page(site, "cards"))
    assert all(title in cards for title in titles)


BAD_SCENARIO = NORTHSHIRE_SCENARIO.replace("ns_bruise", "l4_injury")  # an indicator Northshire lacks


def test_a_council_scenario_naming_an_indicator_its_framework_lacks_stops_the_build_naming_file_and_id(tmp_path):
    """Northshire's settings with a scenario that ticks the handbook's own indicator l4_injury,
    which Northshire's framework does not have: one line names the council's file and the id."""
    folder = tmp_path / "our-scenarios"
    folder.mkdir()
    (folder / "00-a-bruise.toml").write_text(BAD_SCENARIO, encoding="utf-8")
    settings = tmp_path / "northshire.toml"
    text = (ROOT / "profiles" / "northshire.toml").read_text(encoding="utf-8")
    settings.write_text(text.replace('scenarios_folder = "profiles/northshire/scenarios"',
                                     'scenarios_folder = "our-scenarios"'), encoding="utf-8")
    result = build_site(tmp_path / "site", settings=settings)
    assert result.returncode != 0
    [line] = [line for line in (result.stdout + result.stderr).splitlines() if "l4_injury" in line]
    assert f"training scenarios: {folder / '00-a-bruise.toml'}: answers.safety: \u201cl4_injury\u201d is not one of " \
        "the answers to" in line
