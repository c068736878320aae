"""The allocation tool in Chromium, clicked through as a reader would."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from helpers import (PYTHON_START_MS, assert_accessible, choose, one_tab, tool, wait_for_outcome, wait_for_python,
                     wait_for_question, without_foreseen_steps)
from test_accessibility import assert_same_markup, new_tab, show_state

PAGE = "lead-professional/choosing-the-lead-professional/"

# Each status in the sources, answered by label, and the lead the tool must name.
PATHS = [
    (["A child protection enquiry (section 47) is under way"], "The child's social worker"),
    (["Children's social care is assessing the child as a child in need"], "The child's social worker"),
    (["The child is subject to a child protection plan"], "The child's social worker"),
    (["The child is looked after by the local authority", "No"], "The child's social worker"),
    (["The child lives in a residential setting"], "The child's social worker"),
    (["The young person is a care leaver", "Still looked after, aged 16 or 17"], "The child's social worker"),
    (["The young person is a care leaver", "Left care before their 18th birthday"], "The personal adviser"),
    (["Adoption is the plan for the child"], "The child's social worker"),
    (["The child has special educational needs", "No", "No, the needs are mainly met in school"],
     "The SENCO, where appropriate"),
    (["The child has special educational needs", "Yes"], "The education setting (usually the SENCO)"),
    (["The child has a complex disability or complex health needs", "No", "Yes"], "The key worker"),
    (["The child has a complex disability or complex health needs", "Yes", "Yes"], "The child's social worker"),
    (["The child has mental health needs", "Their care follows the Care Programme Approach (CPA)"],
     "The care co-ordinator"),
    (["The young person is open to the youth justice service", "Yes"], "The child's social worker"),
    (["The young person is open to the youth justice service", "No", "A community order or sentence"],
     "The youth justice case manager, if agreed"),
]


@pytest.fixture(scope="module")
def tool_page(browser, base_url):
    """One tab for the whole module, so Python starts once, as it would for a reader."""
    with one_tab(browser, base_url, PAGE) as page:
        yield page


def start_again(page) -> None:
    restart = tool(page).get_by_role("button", name="Start again", exact=True)
    if restart.count():
        restart.click()
    tool(page).locator("form[data-question=status]").wait_for()


@pytest.mark.parametrize("labels, lead", PATHS, ids=[" > ".join(p[0])[:60] for p in PATHS])
def test_each_status_reaches_the_right_lead(tool_page, labels, lead):
    start_again(tool_page)
    for label in labels:
        form = tool(tool_page).locator("form.lp-question")
        question = form.get_attribute("data-question")
        choose(tool_page, label)
        tool(tool_page).locator(f"form[data-question={question}]").wait_for(state="detached", timeout=60_000)
    wait_for_outcome(tool_page)
    assert tool(tool_page).locator(".lp-result__lead").inner_text() == f"Lead professional: {lead}"
    assert tool(tool_page).locator(".lp-sources li").count() >= 1


def test_the_criteria_route_lists_practitioners_and_asks_the_family(tool_page):
    start_again(tool_page)
    box = tool(tool_page)
    choose(tool_page, "None of these")
    wait_for_question(tool_page, "practitioners")
    first = box.locator("fieldset.lp-entry").nth(0)
    first.get_by_label("Role", exact=True).fill("Health visitor")
    first.get_by_label("Agency or service (optional)").fill("NHS")
    for label in ("Works in the area of the child's or family's main needs", "Has the time to take the role on, "
                  "agreed with their manager", "Has agreed to be the lead professional"):
        first.get_by_label(label).check()
    box.get_by_role("button", name="Add another practitioner").click()
    second = box.locator("fieldset.lp-entry").nth(1)
    assert tool_page.evaluate("document.activeElement.name") == "role"  # focus moves to the new row
    second.get_by_label("Role", exact=True).fill("Class teacher")
    for label in ("Already knows the child or family well, or is about to work closely with them",
                  "Has the time to take the role on, agreed with their manager", "Has agreed to be the lead professional"):
        second.get_by_label(label).check()
    box.get_by_role("button", name="Continue", exact=True).click()
    wait_for_question(tool_page, "family_wishes")
    choose(tool_page, "Class teacher")
    wait_for_outcome(tool_page)
    assert box.locator(".lp-result__lead").inner_text() == "Lead professional: Class teacher"
    assert box.locator("table.lp-table tbody tr").count() == 2


def test_the_first_question_is_there_before_python_starts(page, base_url):
    page.goto(base_url + PAGE, wait_until="domcontentloaded")
    box = tool(page)
    assert box.locator("h3.lp-question__text").inner_text() == "Which of these best describes the child or young person?"
    box.get_by_label("Adoption is the plan for the child", exact=True).check()  # answerable at once
    assert page.evaluate("handbookTools.runtime.state") == "starting"


def test_back_change_and_answers_summary(page, base_url):
    page.goto(base_url + PAGE)
    choose(page, "The young person is a care leaver")
    wait_for_question(page, "care_leaver_stage")
    choose(page, "Left care before their 18th birthday")
    wait_for_outcome(page)
    rows = tool(page).locator(".lp-summary__row")
    assert rows.count() == 2 and "The young person is a care leaver" in rows.first.inner_text()
    # Change the first answer: the question comes back with the answer still chosen.
    tool(page).get_by_role("button", name="Change child's situation").click()
    wait_for_question(page, "status")
    assert tool(page).get_by_label("The young person is a care leaver", exact=True).is_checked()
    choose(page, "Adoption is the plan for the child")
    assert "adoption" in wait_for_outcome(page).lower()
    assert "no longer applies" in tool(page).locator(".lp-notices").inner_text()
    tool(page).get_by_role("button", name="Back", exact=True).click()
    wait_for_question(page, "status")
    assert page.evaluate("document.activeElement.classList.contains('lp-question__text')")


def test_continuing_without_an_answer_shows_an_error_that_links_to_the_field(page, base_url):
    page.goto(base_url + PAGE)
    wait_for_python(page)
    tool(page).get_by_role("button", name="Continue", exact=True).click()
    summary = tool(page).locator(".lp-error-summary")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('lp-error-summary')")
    href = summary.locator("a").get_attribute("href")
    assert tool(page).locator(href).get_attribute("type") == "radio"
    assert_accessible(page, "error state")


def test_a_tampered_address_is_reported_and_the_reader_can_go_on(page, base_url):
    tampered = quote(json.dumps({"v": 1, "a": {"status": "<img src=x onerror=alert(1)>", "sneaky": "1"}}))
    page.goto(f"{base_url}{PAGE}#lp-allocation={tampered}")
    notices = tool(page).locator(".lp-notices")
    notices.wait_for(timeout=60_000)
    text = notices.inner_text()
    assert "is not one of the answers" in text and "“sneaky” is not a question" in text
    assert tool(page).locator("img").count() == 0  # shown as text, never as markup
    choose(page, "Adoption is the plan for the child")
    assert "adoption" in wait_for_outcome(page)


def test_an_address_from_a_bookmark_restores_the_answers(page, base_url):
    saved = quote(json.dumps({"v": 1, "a": {"status": "mental_health", "mental_health_service": "camhs_only"}}))
    page.goto(f"{base_url}{PAGE}#lp-allocation={saved}")
    assert wait_for_outcome(page) == "CAMHS allocates the lead professional"


def test_the_worker_gives_the_first_question_as_the_build_wrote_it(page, base_url):
    """One renderer: the worker's markup for the first question is, to the character, the
    build's in the page as served; and the page has no renderer of its own."""
    page.goto(base_url + PAGE)
    wait_for_python(page)
    served, reply = page.evaluate("""async () => {
        const box = document.querySelector('.lp-tool');
        const served = await (await fetch(location.href)).text();
        const reply = await handbookTools.runtime.resolve({tree: 'allocation', answers: {}, uid: box.id});
        return [served, reply];
    }""")
    assert reply["ok"] and reply["html"].startswith('<form class="lp-step lp-question"'), reply
    assert f'<div class="lp-tool__step">{reply["html"]}</div>' in served
    assert page.evaluate("typeof handbookTools.render") == "undefined"


def test_the_tool_page_is_accessible_at_each_stage(page, base_url):
    page.goto(base_url + PAGE)
    assert_accessible(page, "first question")
    choose(page, "The child is looked after by the local authority")
    wait_for_question(page, "looked_after_setting")
    assert_accessible(page, "second question")
    choose(page, "Yes")
    wait_for_outcome(page)
    assert_accessible(page, "outcome")


def test_without_the_runtime_the_tool_says_so_and_opens_the_rules(page, base_url):
    page.route("**/*.wasm", lambda route: route.abort())
    # Nothing foreseen either (test_foreseen.py: with them, the tool goes on part way).
    without_foreseen_steps(page)
    page.goto(base_url + PAGE)
    message = tool(page).locator(".lp-tool__unavailable")
    message.wait_for(state="visible", timeout=30_000)
    assert "not available" in message.inner_text()
    assert page.locator("details.lp-rules").get_attribute("open") is not None


# ------------------------------------------------------------------------------------------
# Changing the first answer, the way on from an outcome, and links with answers
# ------------------------------------------------------------------------------------------

def test_changing_the_first_answer_still_offers_start_again_and_the_other_answers(tool_page):
    """Change on the first answer used to show the question alone, with no "Your answers" and
    no "Start again"."""
    start_again(tool_page)
    box = tool(tool_page)
    choose(tool_page, "The young person is a care leaver")
    wait_for_question(tool_page, "care_leaver_stage")
    choose(tool_page, "Left care before their 18th birthday")
    wait_for_outcome(tool_page)
    box.get_by_role("button", name="Change child's situation").click()
    wait_for_question(tool_page, "status")
    assert box.get_by_label("The young person is a care leaver", exact=True).is_checked()
    assert box.locator(".lp-answers__title").inner_text() == "Your answers"
    assert box.locator(".lp-summary__key").all_inner_texts() == ["Care leaver"]
    restart = box.get_by_role("button", name="Start again", exact=True)
    assert restart.is_visible()
    view = show_state(tool_page, "allocation", {"status": "care_leaver", "care_leaver_stage": "relevant"}, ask="status")
    assert_same_markup(tool_page, "allocation", view)  # the build and the browser draw it alike
    restart.click()
    box.locator("form[data-question=status] input:checked").wait_for(state="detached")
    assert box.locator(".lp-answers").count() == 0 and box.locator(".lp-restart").count() == 0


def test_changing_the_only_answer_still_offers_start_again(tool_page):
    start_again(tool_page)
    box = tool(tool_page)
    choose(tool_page, "Adoption is the plan for the child")
    wait_for_outcome(tool_page)
    box.get_by_role("button", name="Change child's situation").click()
    wait_for_question(tool_page, "status")
    assert box.locator(".lp-answers").count() == 0  # no other answer to list
    assert box.get_by_role("button", name="Start again", exact=True).is_visible()


def test_the_criteria_step_is_offered_from_the_senco_outcome_and_keeps_the_answers(tool_page):
    """The outcome "someone other than the SENCO may be better placed" sends the reader to the
    criteria for other cases: it offers that step itself, rather than leaving Start again as the
    only way there."""
    start_again(tool_page)
    box = tool(tool_page)
    for question, label in (("status", "The child has special educational needs"), ("sen_year9", "No"),
                            ("sen_wider_needs", "Yes")):
        wait_for_question(tool_page, question)
        choose(tool_page, label)
    assert wait_for_outcome(tool_page) == "Someone other than the SENCO may be better placed to lead"
    offer = box.locator(".lp-outcome .lp-offers button")
    assert offer.count() == 1
    offer.click()
    wait_for_question(tool_page, "status")
    assert box.get_by_label("None of these", exact=True).is_checked()
    assert tool_page.evaluate("document.activeElement.classList.contains('lp-question__text')")
    # The reader's other answers are still there, listed and in the address, until they go on.
    assert box.locator(".lp-summary__key").all_inner_texts() == ["Year 9 with an EHCP", "Needs beyond school"]
    assert "sen_wider_needs" in tool_page.evaluate("decodeURIComponent(location.hash)")
    box.get_by_role("button", name="Continue", exact=True).click()
    wait_for_question(tool_page, "practitioners")
    assert box.locator(".lp-summary__value").first.inner_text() == "None of these"
    view = show_state(tool_page, "allocation", {"status": "sen", "sen_year9": "no", "sen_wider_needs": "yes"})
    assert_same_markup(tool_page, "allocation", view)


SHARED = {"status": "mental_health", "mental_health_service": "camhs_only"}


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 667}],
                         ids=["desktop", "phone"])
def test_a_link_with_answers_brings_the_tool_into_view_and_says_what_it_is_doing(browser, base_url, viewport):
    """A link with answers used to open at the top of the page, the tool far below, with a
    blank first question for seconds before the result. The tool is brought into view and says
    at once, in its live region, that it opened with answers and is working out where they
    lead; the result follows once Python is ready (held back here until that has been seen)."""
    context, page, foreign = new_tab(browser, base_url, viewport=viewport)
    held = []
    context.route("**/*.whl", lambda route: held.append(route))  # Python cannot be ready until the wheel is let through
    try:
        with page.expect_request("**/*.whl", timeout=PYTHON_START_MS):
            page.goto(f"{base_url}{PAGE}#lp-allocation={quote(json.dumps({'v': 1, 'a': SHARED}))}")
        box = tool(page)
        status = box.locator(".lp-tool__status[role=status]")
        assert status.is_visible() and "lp-tool__status--shown" in status.get_attribute("class")
        said = status.inner_text()
        assert "opened with answers" in said and "Working out" in said, said
        assert box.locator(".lp-result").count() == 0
        assert not box.locator("form[data-question=status]").is_visible()  # no blank first question
        header = page.locator("header.md-header").bounding_box()
        for part in (box.locator(".lp-tool__title"), status):
            seen = part.bounding_box()
            assert seen["y"] >= header["y"] + header["height"] - 1, (part, seen, header)
            assert seen["y"] + seen["height"] <= viewport["height"], (part, seen)
        held[0].continue_()
        assert wait_for_outcome(page) == "CAMHS allocates the lead professional"
        assert "lp-tool__status--shown" not in status.get_attribute("class")  # heard now, not shown
        assert status.inner_text().startswith("Result: ")
        title = box.locator(".lp-result__title").bounding_box()
        assert 0 <= title["y"] < viewport["height"]
    finally:
        context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"
