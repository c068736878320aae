"""A council's own threshold framework in the reader's browser: the checker that Python runs there
asks the council's indicators, shows markup in a cell as text, and ends at once on an indicator of
the council's "act today" level."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from helpers import choose, one_tab, tool, wait_for_outcome, wait_for_question
from support import ROOT, build_site, serve

DATA = ROOT / "src" / "decision" / "trees" / "data"
SECTION = '''[threshold]
indicators = "indicators.csv"

[[threshold.levels]]
id = "universal"
name = "Universal"
description = "everyday services meet the child's needs"
what_happens = "Keep helping through your own service."
act_today = false

[[threshold.levels]]
id = "family_help"
name = "Family Help"
description = "a Family Help lead practitioner co-ordinates the help"
what_happens = ["Talk to the family.", "Ask {early_help_team} about Family Help."]
act_today = false

[[threshold.levels]]
id = "protection"
name = "Child protection"
description = "contact {front_door} today"
what_happens = "Contact {front_door} today."
act_today = true

[[threshold.areas]]
id = "area_child"
name = "The child"
question = "Which of these apply to the child?"

[[threshold.areas]]
id = "area_home"
name = "Home"
question = "Which of these apply at home?"
'''
# The built-in scenarios use the handbook's own framework, so this council uses one of its own.
SCENARIO = '''title = "An adult at home"
tree = "threshold"
case = "A girl of nine tells her teacher that an adult at home hurts her."
teaching_point = "Child protection means acting today: contact {front_door} today."
outcome = "outcome_protection"

[answers]
immediate_risk = "no"
purpose = "check"
area_child = ["cp_hurt"]

[[sources]]
document = "wt-2023"
section = "Chapter 3: making a referral to local authority children's social care"
'''
INDICATORS = '''id,area,level,text,child_words
fh_worry,area_child,family_help,"Worry keeps the child <b>awake</b>",I can't sleep
cp_hurt,area_child,protection,The child says an adult at home hurts them,
fh_money,area_home,family_help,The family cannot pay the rent,
'''


@pytest.fixture(scope="module")
def council_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("council-framework")
    (folder / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    settings = folder / "council.toml"
    settings.write_text('[council]\nname = "Testshire Council"\n\n' + SECTION, encoding="utf-8")
    (folder / "training" / "scenarios").mkdir(parents=True)
    (folder / "training" / "scenarios" / "01-an-adult-at-home.toml").write_text(SCENARIO, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HANDBOOK_TRAINING", str(folder / "training"))
        result = build_site(folder / "site", settings=settings)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(folder / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def foreign_requests(page, council_url):
    """As conftest's, for the council's site: every request to anywhere else (checked by guard_origin)."""
    own = urlsplit(council_url).netloc
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url)
                    if urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
                    and urlsplit(request.url).netloc != own else None)
    return seen


def test_the_checker_asks_the_councils_indicators_and_ends_at_once_on_act_today(page, council_url):
    page.goto(council_url + "thresholds/levels-of-need/")
    choose(page, "No", tree="threshold")
    choose(page, "Check the level of need for a child or family", tree="threshold")
    wait_for_question(page, "area_child", tree="threshold")
    box = tool(page, "threshold")
    label = box.locator("label", has_text="Worry keeps the child")
    assert label.inner_text() == "Family Help: Worry keeps the child <b>awake</b>"  # the markup as text
    assert box.locator("b", has_text="awake").count() == 0
    box.get_by_label("Child protection: The child says an adult at home hurts them", exact=True).check()
    box.get_by_role("button", name="Continue", exact=True).click()
    assert wait_for_outcome(page, tree="threshold").startswith("Child protection: contact")
    assert box.locator("form[data-question=area_home]").count() == 0  # never asked about the home


@pytest.mark.parametrize("profile", ["northshire", "eastvale"])
def test_each_example_council_ends_its_checker_at_once_on_its_act_today_level(browser, profile_sites, profile):
    """Northshire's four levels and Eastvale's Families First three, each built from its own
    settings file: ticking an indicator of the council's "act today" level in the first area asks
    nothing more and gives that level's result."""
    from decision import council
    framework = council.read(ROOT / "profiles" / f"{profile}.toml").framework
    act_today = next(level for level in framework.levels if level.act_today)
    first_area = framework.areas[0]
    indicator = next(i for i in framework.in_area(first_area.id) if i.level == act_today.id)
    server = serve(profile_sites[profile])
    try:
        with one_tab(browser, f"http://127.0.0.1:{server.server_address[1]}/", "thresholds/levels-of-need/") as page:
            choose(page, "No", tree="threshold")
            choose(page, "Check the level of need for a child or family", tree="threshold")
            wait_for_question(page, first_area.id, tree="threshold")
            box = tool(page, "threshold")
            box.locator(f"input[value={indicator.id}]").check()
            box.get_by_role("button", name="Continue", exact=True).click()
            # The result follows this one Continue: had the checker gone on, the next area's
            # question would be on screen and no result would come.
            assert wait_for_outcome(page, tree="threshold").startswith(f"{act_today.name}:")
    finally:
        server.shutdown()
