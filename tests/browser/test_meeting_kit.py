"""The Team Around the Family meeting kit in Chromium, filled in as a chair or minute-taker would."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import PYTHON_START_MS, assert_accessible

ROOT = Path(__file__).resolve().parents[2]
PAGE = "team-around-the-family/meeting-kit/"
TODAY = date(2027, 1, 30)  # the page's clock is set to it (kit_page), and the kit sends Python the page's date
PAYLOADS = ["<script>document.title='hacked'</script>", '<img src=x onerror="document.title=\'hacked\'">', "**bold**"]


def typed(day: date) -> str:
    """A date as people write it (27/3/2027)."""
    return f"{day.day}/{day.month}/{day.year}"


def long(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


@pytest.fixture(scope="module")
def kit_page(browser, base_url):
    """One tab for the module, so Python starts once, as it would for a chair using the kit."""
    context = browser.new_context(accept_downloads=True)
    foreign: list[str] = []
    errors: list[str] = []
    own = urlsplit(base_url).netloc
    context.on("request", lambda r: urlsplit(r.url).netloc == own or r.url.startswith(("data:", "blob:"))
               or foreign.append(r.url))
    context.clock.set_fixed_time(datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.goto(base_url + PAGE)
    page.locator(".lp-kit--live .lp-kit__form").wait_for()
    # Marks the kit the module works in, so a test can tell if the page was ever swapped for a
    # fresh copy under it (a fresh kit would be empty and unmarked).
    page.locator(".lp-kit").evaluate("(kit) => { kit.dataset.testTab = 'kept'; }")
    page.get_by_label("Date of this meeting").focus()  # the kit starts Python when the form is first used
    page.locator('.lp-kit[data-runtime="ready"]').wait_for(state="attached", timeout=PYTHON_START_MS)
    yield page
    context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"
    assert errors == [], errors


@pytest.fixture
def kit(kit_page):
    """The kit with an empty form, cleared as a reader would clear it."""
    page = kit_page
    assert page.locator('.lp-kit[data-test-tab="kept"]').count() == 1, "the kit was replaced by a fresh copy of the page"
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Clear the form").click()
    page.get_by_role("button", name="Yes, clear the form").click()
    assert page.locator(".lp-kit__record").is_hidden()
    return page


def person(page, index: int):
    return page.locator(f'fieldset[data-row="people.{index}"]')


def action(page, index: int):
    return page.locator(f'fieldset[data-row="actions.{index}"]')


def check_meeting(page) -> None:
    """Check, and wait for this check's answer (the kit counts its checks in data-checks)."""
    done = int(page.locator(".lp-kit").get_attribute("data-checks") or 0)
    page.get_by_role("button", name="Check the meeting").click()
    page.locator(f'.lp-kit[data-checks="{done + 1}"]').wait_for(state="attached")


def problems(page) -> list[str]:
    summary = page.locator(".lp-kit__problems .lp-error-summary li")
    return [text.strip() for text in summary.all_inner_texts()]


def fill_meeting(page, family: str = "K family") -> None:
    """A whole first meeting, typed and clicked as a minute-taker would."""
    page.get_by_label("Family", exact=True).fill(family)
    page.get_by_label("Date of this meeting").press_sequentially(typed(TODAY))
    page.get_by_label("First meeting").check()
    page.get_by_label("Chair", exact=True).fill("Amira (school)")
    page.locator('[data-field="minutes"]').fill("Dev (housing)")
    person(page, 0).get_by_label("Name").fill("Ms K")
    person(page, 0).get_by_label("Role").fill("parent")
    person(page, 0).get_by_label("Family member or practitioner").select_option("family")
    page.get_by_role("button", name="Add another person").click()
    expect_focus(page, '[data-field="people.1.name"]')
    page.keyboard.type("Amira")
    person(page, 1).get_by_label("Role").fill("class teacher")
    person(page, 1).get_by_label("Family member or practitioner").select_option("practitioner")
    page.get_by_label("The confidentiality statement was read out").check()
    page.get_by_label("The ground rules were agreed").check()
    page.get_by_label("The child's or young person's views").fill("Mia says she likes her new teacher.")
    page.get_by_label("What is going well?").fill("Mia has been at school every day for three weeks.")
    page.get_by_label("What are we worried about?").fill("Rent arrears.\nDamp in the children's bedroom.")
    page.get_by_label("What needs to happen?").fill("A move to a drier home.")
    page.get_by_label("Ms K: score at this meeting").fill("4")
    page.get_by_label("Ms K: why this score").fill("The school listens now")
    page.get_by_label("Amira: score at this meeting").fill("6")
    action(page, 0).get_by_label("What will be done").fill("Apply for a move to a two-bedroom home")
    action(page, 0).get_by_label("Who will do it").fill("Dev (housing)")
    action(page, 0).get_by_label("How we will know it is done").fill("Application reference sent to Ms K")
    action(page, 0).get_by_label("By when").fill(typed(TODAY + timedelta(days=14)))
    page.get_by_label("Review date").fill(typed(TODAY + timedelta(weeks=8)))
    page.get_by_label("Chair next time").fill("Dev (housing)")
    page.get_by_label("Minute-taker next time").fill("Sam (health visitor)")


def expect_focus(page, selector: str) -> None:
    page.locator(f"{selector}:focus").wait_for(timeout=5000)


# ------------------------------------------------------------------------------------------
# Without JavaScript
# ------------------------------------------------------------------------------------------

def test_without_javascript_the_agenda_statement_rules_and_blank_record_are_there(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGE)
    kit = page.locator(".lp-kit")
    assert kit.get_by_text("The interactive parts of this kit need JavaScript.").is_visible()
    for stage in ("Before the meeting", "Beginning", "Middle: three questions", "Scaling", "End", "After the meeting"):
        assert kit.get_by_role("heading", name=re.compile(rf"^\d\. {re.escape(stage)}$")).is_visible()
    statement = (ROOT / "docs" / "_includes" / "confidentiality-statement.md").read_text()
    first_words = " ".join(statement.split('"')[1].split()[:9])
    assert first_words in " ".join(kit.locator(".lp-kit__agenda").inner_text().split())
    assert kit.get_by_text("One person speaks at a time").is_visible()  # the ground rules, from their file
    assert kit.get_by_role("heading", name="A blank record to print").is_visible()
    assert kit.get_by_role("table", name=re.compile("Actions: make each one SMART")).is_visible()
    assert kit.locator(".lp-kit__form").is_hidden()
    page.emulate_media(media="print")
    assert kit.locator(".lp-kit__template").is_visible() and kit.locator(".lp-kit__agenda").is_visible()
    context.close()


# ------------------------------------------------------------------------------------------
# A meeting, start to finish
# ------------------------------------------------------------------------------------------

def test_a_meeting_filled_in_by_typing_and_clicking(kit):
    page = kit
    assert_accessible(page, "empty form")
    fill_meeting(page)
    check_meeting(page)
    assert problems(page) == []
    assert page.locator(".lp-kit__results-title").inner_text() == "No problems found"
    expect_focus(page, ".lp-kit__results-title")
    summary = page.locator(".lp-kit__results").inner_text()
    assert "1 of 1 action has an owner, a measure and a date." in summary
    assert f"Review date: {long(TODAY + timedelta(weeks=8))} (8 weeks after this meeting)." in summary
    assert action(page, 0).locator(".lp-kit__status").inner_text() == "Complete"
    record = page.locator(".lp-kit__record")
    assert record.get_by_role("heading", name=f"Team Around the Family meeting, {long(TODAY)}").is_visible()
    assert "Rent arrears.\nDamp in the children's bedroom." in record.inner_text()
    assert "Still to sort out" not in record.inner_text()
    assert not page.title().startswith("Error:")
    assert_accessible(page, "checked, no problems")


def test_an_incomplete_action_is_flagged_beside_it_and_can_be_fixed(kit):
    page = kit
    fill_meeting(page)
    page.get_by_role("button", name="Add another action").click()
    expect_focus(page, '[data-field="actions.1.what"]')
    page.keyboard.type("Support Mum with housing")
    action(page, 1).get_by_label("By when").fill(typed(TODAY - timedelta(days=3)))
    check_meeting(page)
    expect_focus(page, ".lp-error-summary")
    assert page.title().startswith("Error: ")
    assert problems(page) == [
        "Action 2: add who will do this action",
        "Action 2: add how you will know this action is done",
        f"Action 2: the date this action will be done by must be on or after the day of the meeting ({long(TODAY)})",
    ]
    second = action(page, 1)
    assert second.locator(".lp-kit__status").inner_text() == "Not complete yet"
    assert action(page, 0).locator(".lp-kit__status").inner_text() == "Complete"
    who = second.get_by_label("Who will do it")
    assert who.get_attribute("aria-invalid") == "true"
    message = second.locator('[data-for="actions.1.who"] .lp-error-message')
    assert message.text_content() == "Error: Add who will do this action"
    assert message.get_attribute("id") in who.get_attribute("aria-describedby").split()
    assert "Action 2: add who will do this action" in page.locator(".lp-kit__record").inner_text()  # Still to sort out
    assert_accessible(page, "an action flagged")

    # The summary's link takes the reader (by keyboard) to the field.
    page.locator(".lp-error-summary a").first.focus()
    page.keyboard.press("Enter")
    expect_focus(page, '[data-field="actions.1.who"]')
    page.keyboard.type("Housing officer (Dev)")
    second.get_by_label("How we will know it is done").fill("Ms K has a date for a housing interview")
    second.get_by_label("By when").fill(typed(TODAY + timedelta(days=10)))
    check_meeting(page)
    assert problems(page) == []
    assert second.locator(".lp-kit__status").inner_text() == "Complete"
    assert who.get_attribute("aria-invalid") is None
    assert page.locator(".lp-kit__form .lp-error-message").count() == 0
    assert not page.title().startswith("Error:")


def test_a_vague_action_is_complete_with_suggestions_and_never_called_smart(kit):
    """Issue 13.8: the kit checks that an action is complete; it does not claim it is SMART."""
    page = kit
    fill_meeting(page)
    first = action(page, 0)
    first.get_by_label("What will be done").fill("Mum to try harder")
    first.get_by_label("Who will do it").fill("Mum")
    first.get_by_label("How we will know it is done").fill("Things are better")
    check_meeting(page)
    assert problems(page) == []
    assert first.locator(".lp-kit__status").inner_text() == "Complete"
    assert "SMART" not in first.inner_text()
    for field, start in (("what", "Suggestion: “try” says someone will make an effort"),
                         ("measure", "Suggestion: “better” does not say how much")):
        prompt = first.locator(f'[data-for="actions.0.{field}"] .lp-kit__prompt')
        assert prompt.is_visible() and prompt.inner_text().startswith(start)
        described = first.locator(f'[data-field="actions.0.{field}"]').get_attribute("aria-describedby").split()
        assert prompt.get_attribute("id") in described  # read out with the field
    assert first.locator(".lp-kit__field--error").count() == 0  # a suggestion, not an error
    summary = page.locator(".lp-kit__results").inner_text()
    assert "1 action could say more clearly what will change: see the suggestion beside it." in summary
    assert_accessible(page, "a vague action with suggestions")
    first.get_by_label("What will be done").fill("Ms K to walk Mia to school each morning")
    first.get_by_label("How we will know it is done").fill("Mia at school on time 4 days out of 5")
    check_meeting(page)
    assert first.locator(".lp-kit__prompt").count() == 0
    assert first.locator('[data-field="actions.0.what"]').get_attribute("aria-describedby") is None


def test_date_hints_give_a_date_after_today_as_people_write_it(browser, base_url):
    """Issue 13.12: the hints are worked out from the reader's clock, so they never go stale."""
    from decision.meeting.dates import example_date
    for today in (date(2031, 6, 10), date(2033, 12, 20)):
        context = browser.new_context()
        page = context.new_page()
        page.clock.set_fixed_time(datetime(today.year, today.month, today.day, 9, 30))
        page.goto(base_url + PAGE)
        page.locator(".lp-kit--live .lp-kit__form").wait_for()
        example = example_date(today)  # what Python's messages give on the same day
        assert re.fullmatch(r"27/\d{1,2}/\d{4}", example)
        hints = {"date": f"For example, {example}", "actions-0-by": f"For example, {example}",
                 "review_date": f"The date of the next meeting. For example, {example}"}
        for field, hint in hints.items():
            assert page.locator(f"#lp-meeting-{field}-hint").inner_text() == hint
        page.get_by_role("button", name="Add an earlier review").click()
        assert page.locator("#lp-meeting-reviews-0-date-hint").inner_text() == f"For example, {example}"
        context.close()


def test_the_review_date_is_checked(kit):
    page = kit
    fill_meeting(page)
    review = page.get_by_label("Review date")
    for value, message in (("", "Enter the date of the next review meeting"),
                           ("next month", "The review date must be a real date, like "),
                           (typed(TODAY), "The review date must be after the date of this meeting")):
        review.fill(value)
        check_meeting(page)
        assert len(problems(page)) == 1 and problems(page)[0].startswith(message)
        shown = page.locator('[data-for="review_date"] .lp-error-message').text_content()
        assert shown == f"Error: {problems(page)[0]}"
        if message.endswith("like "):  # an example after today, written as people write dates
            example = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", shown.rsplit(" ", 1)[1])
            assert example and date(*map(int, reversed(example.groups()))) > TODAY, shown
    review.fill(typed(TODAY + timedelta(weeks=6)))
    check_meeting(page)
    assert problems(page) == []
    assert f"Review date\n{long(TODAY + timedelta(weeks=6))}" in page.locator(".lp-kit__record").inner_text()


def test_the_chair_and_minute_taker_must_differ_and_the_rota_is_kept(kit):
    page = kit
    fill_meeting(page)
    page.get_by_label("Minute-taker", exact=True).fill("amira (school)")
    page.get_by_role("button", name="Add a meeting to the rota").click()
    expect_focus(page, '[data-field="rota.0.date"]')
    rota = page.locator('fieldset[data-row="rota.0"]')
    page.keyboard.type(typed(TODAY + timedelta(weeks=16)))
    rota.get_by_label("Chair").fill("Sam (health visitor)")
    rota.get_by_label("Minute-taker").fill("Amira (school)")
    check_meeting(page)
    assert problems(page) == ["The chair and the minute-taker must be different people"]
    page.locator('[data-field="minutes"]').fill("Dev (housing)")
    check_meeting(page)
    assert problems(page) == []
    table = page.locator(".lp-kit__record").get_by_role("table", name=re.compile("rota"))
    assert table.locator("tbody tr").inner_text().split("\t") == [long(TODAY + timedelta(weeks=16)),
                                                                  "Sam (health visitor)", "Amira (school)"]


# ------------------------------------------------------------------------------------------
# Scaling and the chart
# ------------------------------------------------------------------------------------------

def test_scores_across_reviews_are_charted_with_a_table_alternative(kit):
    page = kit
    fill_meeting(page)
    page.get_by_role("button", name="Add an earlier review").click()
    expect_focus(page, '[data-field="reviews.0.date"]')
    page.keyboard.type(typed(TODAY - timedelta(weeks=8)))
    page.get_by_label("Ms K: score at earlier review 1").fill("2")
    page.get_by_label("Amira: score at earlier review 1").fill("5")
    chart = page.locator(".lp-kit__form .lp-kit__chart svg")
    page.locator(".lp-kit__form .lp-kit__chart svg polyline").nth(1).wait_for(timeout=10000)
    assert chart.get_attribute("role") == "img"
    assert chart.locator("polyline").count() == 2 and chart.locator("path.lp-chart__marker").count() == 4
    dashes = [line.get_attribute("stroke-dasharray") for line in chart.locator("polyline").all()]
    assert dashes[0] is None and dashes[1]  # family solid, practitioner dashed: not colour alone
    labels = chart.locator(".lp-chart__label").all_text_contents()
    assert labels == ["Ms K: 4", "Amira: 6"]
    table = page.locator(".lp-kit__form .lp-kit__chart table")
    rows = [row.split("\t") for row in table.locator("tbody tr").all_inner_texts()]
    assert rows == [["Ms K", "2", "4"], ["Amira", "5", "6"]]
    summary = page.locator(".lp-kit__form .lp-kit__chart-summary").inner_text()
    assert "up 2 since the first score" in summary
    page.get_by_label("Ms K: score at this meeting").fill("11")
    check_meeting(page)
    assert problems(page) == ["Ms K, this meeting: the score must be a whole number from 1 to 10"]
    page.get_by_label("Ms K: score at this meeting").fill("7")
    check_meeting(page)
    assert page.locator(".lp-kit__record .lp-kit__chart svg polyline").count() == 2
    assert_accessible(page, "chart drawn")
    page.set_viewport_size({"width": 375, "height": 800})  # a phone, or 400% zoom
    try:
        assert_accessible(page, "chart drawn, narrow screen")
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("button", name="Remove earlier review 1").click()
    expect_focus(page, "[data-action=add][data-list=reviews]")
    # One meeting left: each person is a single marker, with no line to draw.
    page.locator(".lp-kit__form .lp-kit__chart svg polyline").first.wait_for(state="detached", timeout=10000)
    assert page.locator(".lp-kit__form .lp-kit__chart svg path.lp-chart__marker").count() == 2


def test_the_why_this_score_box_fits_a_phone_screen(kit):
    """Issue 13.13: at 375 px each person's reason box lies within the screen, not cut off on the
    right, with or without earlier reviews."""
    page = kit
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        fill_meeting(page)

        def assert_on_screen(what: str) -> None:
            width = page.evaluate("document.documentElement.clientWidth")
            for index in (0, 1):
                box = page.locator(f'[data-field="people.{index}.reason"]').bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (what, index, box, width)
                assert box["width"] >= 200, (what, index, box)  # room to type a sentence

        assert_on_screen("no earlier review")
        page.get_by_role("button", name="Add an earlier review").click()
        expect_focus(page, '[data-field="reviews.0.date"]')
        page.get_by_role("button", name="Add an earlier review").click()
        expect_focus(page, '[data-field="reviews.1.date"]')
        assert_on_screen("two earlier reviews")
        scores = page.locator(".lp-kit__scores-box")
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("document.documentElement.clientWidth")
        labels = scores.locator('tr[data-row="people.0"] .lp-kit__cell-label')  # in place of the hidden headings
        assert labels.all_inner_texts() == ["Earlier review 1", "Earlier review 2", "This meeting", "Why this score"]
        assert labels.last.is_visible()
        assert_accessible(page, "scores at 375 px")
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})


# ------------------------------------------------------------------------------------------
# The record: download, print, and free text shown as text
# ------------------------------------------------------------------------------------------

def test_each_reason_is_in_the_record_beside_its_score(kit):
    """Issue 13.7: "Why this score" is in the record on screen, printed and downloaded."""
    page = kit
    fill_meeting(page)
    page.get_by_label("Amira: why this score").fill("Mia is settled in class")
    check_meeting(page)
    record = page.locator(".lp-kit__record")
    table = record.get_by_role("table", name=re.compile("Scores at each meeting"))
    assert table.locator("thead th").all_inner_texts()[-1] == "Why this score"
    rows = [row.split("\t") for row in table.locator("tbody tr").all_inner_texts()]
    assert rows == [["Ms K", "4", "The school listens now"], ["Amira", "6", "Mia is settled in class"]]
    page.emulate_media(media="print")
    try:
        assert table.get_by_text("The school listens now").is_visible()
    finally:
        page.emulate_media(media="screen")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the record (.txt)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert re.search(r"\nMs K +4 +The school listens now\n", text), text
    assert re.search(r"\nAmira +6 +Mia is settled in class\n", text), text


def test_the_record_downloads_as_plain_text(kit, tmp_path):
    page = kit
    fill_meeting(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the record (.txt)").click()
    download = info.value
    assert download.suggested_filename == f"taf-meeting-{TODAY.isoformat()}.txt"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith(f"Team Around the Family meeting, {long(TODAY)}\n")
    for line in ("Family: K family", "Chair: Amira (school)", "- Ms K (parent, family member)",
                 "Rent arrears.\nDamp in the children's bedroom.", "  Who: Dev (housing)",
                 f"  By: {long(TODAY + timedelta(days=14))}", "Confidentiality statement read out: Yes",
                 f"Review date: {long(TODAY + timedelta(weeks=8))}", "Minutes: Sam (health visitor)"):
        assert line in text, line
    assert "Still to sort out" not in text
    # The edition of the handbook it was made with (issue 17, item 4), in the record on screen and printed too.
    edition = page.get_attribute(".lp-edition-line", "data-edition")
    assert edition and text.endswith(f"\nMade with the meeting kit of {edition}.\n")
    assert page.locator(".lp-kit__record .lp-kit__made-with").inner_text() == f"Made with the meeting kit of {edition}."
    page.locator(".lp-kit__live", has_text=f"downloaded as {download.suggested_filename}").wait_for(state="attached")


def test_the_print_view_shows_just_the_record(kit):
    page = kit
    fill_meeting(page)
    # A function that sets the stub: given the assignment alone, Playwright would call the function
    # it evaluates to, so the stub ran once at once and recorded the kit before its record was drawn.
    page.evaluate("() => { window.print = () => { document.documentElement.dataset.printed = "
                  "document.querySelector('.lp-kit').className; }; }")
    assert page.locator("html").get_attribute("data-printed") is None
    assert page.locator('.lp-kit[data-test-tab="kept"]').count() == 1, "the kit was replaced while it was filled in"
    page.get_by_role("button", name="Print the record").click()
    page.locator("html[data-printed]").wait_for(state="attached")
    assert "lp-kit--has-record" in page.locator("html").get_attribute("data-printed")
    page.emulate_media(media="print")
    record = page.locator(".lp-kit__record")
    assert record.is_visible()
    assert record.get_by_role("heading", name=f"Team Around the Family meeting, {long(TODAY)}").is_visible()
    for hidden in (".lp-kit__form", ".lp-kit__agenda", ".lp-kit__template", "article > h1", ".md-header",
                   ".md-sidebar--primary"):
        assert page.locator(hidden).first.is_hidden(), hidden
    page.emulate_media(media="screen")
    assert page.locator(".lp-kit__form").is_visible()

    # A blank record can still be printed once there is a filled-in one.
    page.get_by_role("button", name="Print a blank record").click()
    page.locator('html[data-printed*="lp-kit--print-blank"]').wait_for(state="attached")
    assert "lp-kit--print-blank" not in page.locator(".lp-kit").get_attribute("class")


def test_what_people_type_is_shown_as_text_everywhere(kit):
    page = kit
    fill_meeting(page, family=PAYLOADS[0])
    person(page, 0).get_by_label("Name").fill(PAYLOADS[1])
    page.get_by_label("What is going well?").fill("\n".join(PAYLOADS))
    page.get_by_label(f"{PAYLOADS[1]}: score at this meeting").fill("5")
    action(page, 0).get_by_label("Who will do it").fill(PAYLOADS[2])
    check_meeting(page)
    record = page.locator(".lp-kit__record")
    assert "\n".join(PAYLOADS) in record.inner_text()
    assert PAYLOADS[0] in record.inner_text()
    labels = page.locator(".lp-kit__form .lp-chart__label").all_text_contents()
    assert labels[0] == f"{PAYLOADS[1][:17]}…: 5"  # long names are shortened on the chart...
    chart_table = page.locator(".lp-kit__form .lp-kit__chart table tbody th").all_text_contents()
    assert chart_table[0] == PAYLOADS[1]  # ...and given in full in its table
    assert page.locator(".lp-kit img").count() == 0 and page.locator(".lp-kit__record script, .lp-kit__form script").count() == 0
    assert page.locator(".lp-kit strong", has_text="bold").count() == 0
    assert page.title() != "hacked"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the record (.txt)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "\n".join(PAYLOADS) in text and f"Who: {PAYLOADS[2]}" in text


# ------------------------------------------------------------------------------------------
# Keeping a meeting to continue later, and the next review
# ------------------------------------------------------------------------------------------

def save(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download to continue later (.json)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def open_saved(page, path: Path | None, start: str = "Carry on with that meeting") -> None:
    if path:
        page.get_by_label("Saved meeting file").set_input_files(str(path))
    page.get_by_label(start).check()
    page.get_by_role("button", name="Open the saved meeting").click()


def test_a_meeting_saved_to_continue_later_opens_again(kit, tmp_path):
    page = kit
    fill_meeting(page)
    saved_file = save(page, tmp_path)
    assert saved_file.name.startswith("taf-meeting-saved-") and saved_file.suffix == ".json"
    saved = json.loads(saved_file.read_text())
    assert saved["kit"] == "lp-taf-meeting" and saved["meeting"]["people"][0]["name"] == "Ms K"
    assert saved["edition"] == page.get_attribute(".lp-edition-line", "data-edition")
    page.get_by_role("button", name="Clear the form").click()
    page.get_by_role("button", name="Yes, clear the form").click()
    assert page.get_by_label("Family", exact=True).input_value() == ""
    open_saved(page, saved_file)
    expect_focus(page, "#lp-meeting-form-title")
    assert page.get_by_label("Family", exact=True).input_value() == "K family"
    assert page.get_by_label("What are we worried about?").input_value() == "Rent arrears.\nDamp in the children's bedroom."
    assert page.get_by_label("First meeting").is_checked()
    check_meeting(page)
    assert problems(page) == []


def test_the_next_review_starts_from_a_saved_meeting(kit, tmp_path):
    page = kit
    fill_meeting(page)
    saved_file = save(page, tmp_path)
    open_saved(page, saved_file, "Start the next review from it (its scores and actions come forward)")
    expect_focus(page, "#lp-meeting-form-title")
    assert page.get_by_label("Review meeting").is_checked()
    assert page.get_by_label("Date of this meeting").input_value() == typed(TODAY + timedelta(weeks=8))
    assert page.get_by_label("Chair", exact=True).input_value() == "Dev (housing)"
    assert page.get_by_label("Ms K: score at earlier review 1").input_value() == "4"
    assert page.get_by_label("Earlier review 1: date").input_value() == typed(TODAY)
    previous = page.locator('fieldset[data-row="previous.0"]')
    assert "Apply for a move to a two-bedroom home" in previous.inner_text()
    assert_accessible(page, "next review opened")
    check_meeting(page)
    assert "Action 1 from last time: select whether this action was done, partly done or not done" in problems(page)
    previous.get_by_label("Partly done").check()
    check_meeting(page)
    assert not any("from last time" in p for p in problems(page))
    assert "Partly done" in page.locator(".lp-kit__record").inner_text()


def test_a_file_that_is_not_a_saved_meeting_is_refused(kit, tmp_path):
    page = kit
    page.get_by_label("Family", exact=True).fill("Kept as typed")
    wrong = tmp_path / "notes.json"
    wrong.write_text(json.dumps({"hello": "world"}))
    open_saved(page, wrong)
    page.locator(".lp-error-summary").wait_for()
    expect_focus(page, ".lp-error-summary")
    assert problems(page) == ["The selected file is not a meeting saved from this kit"]
    assert page.locator('[data-for="open.file"] .lp-error-message').text_content() == \
        "Error: The selected file is not a meeting saved from this kit"
    assert page.get_by_label("Family", exact=True).input_value() == "Kept as typed"
    assert_accessible(page, "file refused")
    page.get_by_label("Saved meeting file").set_input_files([])
    open_saved(page, None)
    page.locator(".lp-error-summary", has_text="Select the file").wait_for()
    assert problems(page) == ["Select the file of a meeting you saved from this kit"]


def test_a_deeply_nested_file_is_refused_with_a_message_for_the_kit(kit, tmp_path):
    """Issue 14.8: thousands of nested lists used to crash Python ("Maximum call stack size
    exceeded") and the kit then pointed to written rules its page does not have."""
    page = kit
    page.get_by_label("Family", exact=True).fill("Kept as typed")
    deep = tmp_path / "deep.json"
    deep.write_text('{"kit":' + "[" * 3000 + "]" * 3000 + "}")
    open_saved(page, deep)
    page.locator(".lp-error-summary").wait_for()
    assert problems(page) == ["The selected file could not be read. Choose a .json file you downloaded from this kit "
                              "with “Download to continue later”"]
    assert "written rules" not in page.locator(".lp-kit").inner_text()
    assert page.get_by_label("Family", exact=True).input_value() == "Kept as typed"
    check_meeting(page)  # Python still answers
    assert "Add who is chairing this meeting" in problems(page)
    page.get_by_label("Saved meeting file").set_input_files([])


def test_a_failure_the_kit_did_not_word_says_what_the_kit_can_still_do(kit):
    page = kit
    page.evaluate("""() => {
        const tools = window.handbookTools;
        tools.realRequest = tools.request;
        tools.request = async () => ({ ok: false, message: "Something went wrong in this tool. Start again, or use the written rules on this page." });
    }""")
    try:
        page.get_by_role("button", name="Check the meeting").click()
        page.locator(".lp-error-summary").wait_for()
        assert problems(page) == ["Something went wrong in the checker. What you typed is still in the form: "
                                  "download it to continue later, then reload this page and open that file."]
        assert "written rules" not in page.locator(".lp-kit").inner_text()
    finally:
        page.evaluate("() => { window.handbookTools.request = window.handbookTools.realRequest; }")


# ------------------------------------------------------------------------------------------
# Keyboard and focus
# ------------------------------------------------------------------------------------------

def test_rows_are_added_and_removed_by_keyboard_with_focus_kept(kit):
    page = kit
    add = page.get_by_role("button", name="Add another action")
    add.focus()
    page.keyboard.press("Enter")
    expect_focus(page, '[data-field="actions.1.what"]')
    page.keyboard.type("Second action")
    page.get_by_role("button", name="Remove action 1").focus()
    page.keyboard.press("Enter")
    expect_focus(page, '[data-field="actions.0.what"]')
    assert page.locator('[data-field="actions.0.what"]').input_value() == "Second action"
    assert page.locator('fieldset[data-row="actions.1"]').count() == 0
    page.locator("[data-action=clear]").focus()
    page.keyboard.press("Enter")
    expect_focus(page, "[data-action=clear-yes]")
    assert_accessible(page, "asked to confirm clearing the form")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Cancel
    expect_focus(page, "[data-action=clear]")
    assert page.locator('[data-field="actions.0.what"]').input_value() == "Second action"


def test_python_is_downloaded_only_when_the_form_is_used(browser, base_url):
    """Reading the agenda costs nothing: the runtime comes when someone starts on the form."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + PAGE, wait_until="networkidle")
    page.locator(".lp-kit--live .lp-kit__form").wait_for()
    assert not [url for url in requested if "pyodide" in url or url.endswith(".whl")]
    with page.expect_request(lambda request: "pyodide" in request.url, timeout=10000):
        page.get_by_label("Family", exact=True).focus()
    context.close()


def test_the_kit_mounts_after_instant_navigation(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "team-around-the-family/running-the-meeting/")
    page.locator("article").get_by_role("link", name="meeting kit").first.click()
    page.locator(".lp-kit--live .lp-kit__form").wait_for()
    assert page.locator(".lp-kit__nojs").is_hidden()
    assert page.get_by_label("Date of this meeting").is_visible()
    assert page.locator(".lp-kit__template").is_hidden()
    context.close()
