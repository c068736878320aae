"""Every decision tool works end to end on the chapter where its decision arises, answered by
clicking as a reader would. (The allocation tool has its own, fuller file.)"""

from __future__ import annotations

import pytest

from helpers import PYTHON_START_MS, tool

# tree, page, the answers by visible label (a list for tick boxes), and the start of the result.
JOURNEYS = [
    ("threshold", "thresholds/levels-of-need/",
     ["No", "Check the level of need for a child or family",
      ["Level 2: Health, dental or development checks are often missed"],
      ["Level 3: The child misses at least one school day in ten"],
      ["None of these"], ["None of these"], ["None of these"],
      "Yes, the early help team works with the family at level 2 now"],
     "Hold an escalation meeting, chaired by an early help team manager"),
    # An "act today" indicator (level 4) ends the checker on its own area's page: no more areas.
    ("threshold", "thresholds/levels-of-need/",
     ["No", "Check the level of need for a child or family",
      ["Level 4: The child has seriously harmed themselves or tried to end their life"]],
     "Level 4: acute needs: contact your children's services front door"),
    ("engagement", "working-with-families/families-who-are-hard-to-engage/",
     ["No", "We have not met yet",
      "Yes", "No, not yet"],
     "Check the family's details with the referrer"),
    ("change_lead", "lead-professional/changing-the-lead-professional/",
     ["The lead professional will be away for a while",
      "A short time, such as annual leave or short-term sickness"],
     "No change is needed"),
    ("independent_chair", "thresholds/escalation-meetings-and-independent-chairs/",
     ["A Team Around the Family meeting", ["The team disagrees, and a chair from outside it would help"]],
     "Ask your early help team for an independent chair"),
    ("disagreement", "thresholds/resolving-disagreements-between-agencies/",
     ["No", "The multi-agency meeting tried, and could not settle it"],
     "Ask the early help co-ordinator or locality manager to broker between the agencies"),
]


@pytest.mark.parametrize("tree, path, answers, result", JOURNEYS,
                         ids=[j[0] + ("_act_today" if j[3].startswith("Level 4") else "") for j in JOURNEYS])
def test_the_tool_reaches_its_result_on_its_own_chapter(page, base_url, tree, path, answers, result):
    page.goto(base_url + path)
    box = tool(page, tree)
    for answer in answers:
        form = box.locator("form.lp-question")
        question = form.get_attribute("data-question")
        for label in answer if isinstance(answer, list) else [answer]:
            box.get_by_label(label, exact=True).check()
        box.get_by_role("button", name="Continue", exact=True).click()
        box.locator(f"form[data-question={question}]").wait_for(state="detached", timeout=PYTHON_START_MS)
    title = box.locator(".lp-result__title")
    title.wait_for(timeout=PYTHON_START_MS)
    assert title.inner_text().startswith(result)
    assert box.locator(".lp-sources li").count() >= 1
    assert box.locator(".lp-summary__row").count() == len(answers)
