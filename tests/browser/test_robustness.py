"""Nothing a page is sent, and no failure of the runtime, leaves a reader with a broken tool.

- Answers in the address are checked by Python: tampered, unknown, out-of-date and oversized
  answers are set aside with a sentence saying so, and the reader goes on from the last answer
  that could be used.
- What a reader types (the practitioners' roles and agencies) is text everywhere it appears:
  markup and template syntax show as typed and make no element.
- A Python error, or a page that names a tool Python does not have, gives a plain message and
  a way to start again, never an empty box.
- If Python cannot be downloaded or started, the tool says so within seconds and the written
  rules take its place; a .wasm file sent with the wrong MIME type still works.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from decision.engine.answers import MAX_ANSWERS, MAX_TEXT_LENGTH
from decision.browser import MAX_REQUEST
from helpers import PYTHON_START_MS, without_foreseen_steps
from test_accessibility import axe_violations, box, new_tab, show_state, tool_page

TREE = "allocation"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "{{ x }}",
            "{front_door}"]
MADE_BY_PAYLOADS = "script, img, svg, iframe, object, embed"


def address(answers: Any, version: Any = 1, raw: str | None = None) -> str:
    value = raw if raw is not None else quote(json.dumps({"v": version, "a": answers}))
    return f"#lp-{TREE}={value}"


@pytest.fixture(scope="module")
def tab(browser, base_url, site_dir):
    """One tab; each case that needs a fresh page adds a query string, so the page loads anew."""
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    loads = iter(range(1, 10_000))

    def open_page(fragment: str = ""):
        page.goto(f"{base_url}{path}?load={next(loads)}{fragment}")
        return page

    yield open_page, dialogs
    context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"
    assert dialogs == [], f"typed text ran as script: {dialogs}"


def shown_step(page) -> dict[str, Any]:
    """What the tool shows once it has read the address: its notices, the question or result
    and the answers listed."""
    root = box(page, TREE)
    root.locator(".lp-notices, .lp-outcome, .lp-problem, form.lp-question[data-question]:not([data-question=status])") \
        .first.wait_for(timeout=PYTHON_START_MS)
    form = root.locator("form.lp-question")
    return {
        "notices": root.locator(".lp-notices li").all_inner_texts(),
        "question": form.get_attribute("data-question") if form.count() else None,
        "outcome": root.locator(".lp-outcome").get_attribute("data-outcome") if root.locator(".lp-outcome").count() else None,
        "answered": root.locator(".lp-summary__key").all_inner_texts(),
        "problem": root.locator(".lp-problem").inner_text() if root.locator(".lp-problem").count() else None,
    }


# ------------------------------------------------------------------------------------------
# Answers in the address
# ------------------------------------------------------------------------------------------

ADDRESS_CASES = {
    "an answer that is not an option": (
        address({"status": "care_leaver", "care_leaver_stage": "<img src=x onerror=alert(1)>"}),
        "care_leaver_stage", ["is not one of the answers"], 1),
    "a question the tool does not have": (
        address({"status": "care_leaver", "favourite_colour": "blue"}),
        "care_leaver_stage", ["“favourite_colour” is not a question in this tool"], 1),
    "an answer that no longer applies": (
        address({"status": "adoption", "care_leaver_stage": "left_care"}),
        None, ["no longer applies"], 1),
    "a link from an older version of the tool": (
        address({"status": "care_leaver"}, version=0),
        "care_leaver_stage", ["This tool has changed since the link you followed was made"], 1),
    "an answer too long to use": (
        address({"status": "care_leaver", "care_leaver_stage": "x" * 3000}),
        "care_leaver_stage", ["is too long to use"], 1),
    "more answers than any tree has questions": (
        address({"status": "care_leaver", **{f"q{i}": "x" for i in range(MAX_ANSWERS + 5)}}),
        "care_leaver_stage", [f"Only the first {MAX_ANSWERS} answers were read"], 1),
    "an address too long to read": (
        address({"status": "care_leaver", "padding": "x" * 20_000}),
        "status", ["could not be read"], 0),
    "an address that is not JSON": (address(None, raw="%7B%22v%22%3A1%2C%22a%22%3A%7B"), "status", ["could not be read"], 0),
    "a broken escape": (address(None, raw="%ZZ%"), "status", ["could not be read"], 0),
    "answers that are a list": (address([1, 2, 3]), "status", ["could not be read"], 0),
    "a number for every answer": (address({"status": 7}), "status", ["is not one of the answers"], 0),
    "practitioners that are not a list": (
        address({"status": "none", "practitioners": {"role": "<b>x</b>"}}),
        "practitioners", ["is not a list of practitioners"], 1),
    "a practitioner's role too long": (
        address({"status": "none", "practitioners": [{"role": "r" * (MAX_TEXT_LENGTH + 1), "agency": "", "criteria": []}]}),
        "practitioners", [f"longer than {MAX_TEXT_LENGTH} characters"], 1),
    "a criterion the tool does not have": (
        address({"status": "none", "practitioners": [{"role": "Nurse", "agency": "", "criteria": ["<svg onload=alert(1)>"]}]}),
        "practitioners", ["is not one of the things to tick"], 1),
}


@pytest.mark.parametrize("case", list(ADDRESS_CASES))
def test_bad_answers_in_the_address_are_set_aside_and_the_reader_goes_on(tab, case):
    fragment, question, said, kept = ADDRESS_CASES[case]
    open_page, _ = tab
    page = open_page(fragment)
    shown = shown_step(page)
    assert shown["problem"] is None, shown
    for sentence in said:
        assert any(sentence in notice for notice in shown["notices"]), shown
    assert len(shown["answered"]) == kept, shown  # the answers before the bad one are kept
    if question:
        assert shown["question"] == question, shown
    assert box(page, TREE).locator(MADE_BY_PAYLOADS).count() == 0
    # The reader carries on from there, and the address now holds only usable answers.
    if shown["question"] and shown["question"] != "practitioners":
        root = box(page, TREE)
        root.locator("input.lp-option__input").first.check()
        root.get_by_role("button", name="Continue", exact=True).click()
        root.locator(".lp-notices").wait_for(state="detached", timeout=PYTHON_START_MS)
    saved = page.evaluate("location.hash")
    assert "favourite_colour" not in saved and "padding" not in saved and "%3Cimg" not in saved


def test_a_tool_with_notices_is_accessible(tab):
    open_page, _ = tab
    page = open_page(address({"status": "care_leaver", "care_leaver_stage": "nonsense", "extra": 1}, version=0))
    assert shown_step(page)["notices"]
    assert axe_violations(page, f".lp-tool[data-tree={TREE}]") == []


# ------------------------------------------------------------------------------------------
# Typed text
# ------------------------------------------------------------------------------------------

def at_the_practitioners(open_page):
    """A fresh page with the tool at its list of practitioners (no status applies)."""
    page = open_page()
    root = box(page, TREE)
    root.get_by_label("None of these", exact=True).check()
    root.get_by_role("button", name="Continue", exact=True).click()
    root.locator("form[data-question=practitioners]").wait_for(timeout=PYTHON_START_MS)
    return page, root


def test_typed_roles_and_agencies_stay_text_everywhere(tab):
    open_page, dialogs = tab
    page, root = at_the_practitioners(open_page)
    typed = [(role, agency) for role, agency in zip(PAYLOADS, PAYLOADS[1:] + PAYLOADS[:1])]
    for index, (role, agency) in enumerate(typed):
        if index:
            root.get_by_role("button", name="Add another practitioner").click()
        entry = root.locator("fieldset.lp-entry").nth(index)
        entry.get_by_label("Role", exact=True).fill(role)
        entry.get_by_label("Agency or service (optional)").fill(agency)
        for box_ in entry.locator("input[type=checkbox]").all():
            box_.check()
    root.get_by_role("button", name="Continue", exact=True).click()
    root.locator("form[data-question=family_wishes]").wait_for(timeout=PYTHON_START_MS)
    names = [f"{role} ({agency})" for role, agency in typed]
    # The choice the family is asked about is made from the typed names, as typed.
    labels = root.locator(".lp-option__label").all_inner_texts()
    assert all(name in labels for name in names), labels
    assert root.locator(".lp-summary__value").nth(1).inner_text() == "; ".join(names)
    root.get_by_label(names[1], exact=True).check()
    root.get_by_role("button", name="Continue", exact=True).click()
    root.locator(".lp-result__title").wait_for(timeout=PYTHON_START_MS)
    assert root.locator(".lp-result__lead").inner_text() == f"Lead professional: {names[1]}"
    cells = root.locator("table.lp-table td").all_inner_texts()
    assert all(any(role in cell for cell in cells) for role, _ in typed), cells
    assert root.locator(MADE_BY_PAYLOADS).count() == 0
    assert page.title().startswith(root.locator(".lp-result__title").inner_text())
    assert "{{" not in page.title() and "<" not in page.title()
    # The same answers from the address, on a fresh page: still text.
    page = open_page(page.evaluate("location.hash"))
    root = box(page, TREE)
    root.locator(".lp-result__title").wait_for(timeout=PYTHON_START_MS)
    assert root.locator(".lp-result__lead").inner_text() == f"Lead professional: {names[1]}"
    assert root.locator(MADE_BY_PAYLOADS).count() == 0
    assert dialogs == []


def test_typed_roles_come_back_as_typed_in_the_markup_python_makes(tab):
    """The list of practitioners drawn again, in the page from the template in Python's markup
    (adding and removing one) and by Python's renderer (Change), holds each role exactly as typed,
    as the field's value, and makes no element of it."""
    open_page, dialogs = tab
    page, root = at_the_practitioners(open_page)
    roles = ["<b>x</b>", '"><img src=x onerror=alert(1)>']
    for index, role in enumerate(roles):
        if index:
            root.get_by_role("button", name="Add another practitioner").click()
        entry = root.locator("fieldset.lp-entry").nth(index)
        entry.get_by_label("Role", exact=True).fill(role)
        for tick in entry.locator("input[type=checkbox]").all():
            tick.check()
    root.get_by_role("button", name="Add another practitioner").click()
    root.get_by_role("button", name="Remove practitioner 3").click()
    typed = "inputs => inputs.map((input) => input.value)"
    assert root.locator("fieldset.lp-entry input[name=role]").evaluate_all(typed) == roles
    assert root.locator("fieldset.lp-entry legend.lp-entry__title").all_inner_texts() == ["Practitioner 1", "Practitioner 2"]
    root.get_by_role("button", name="Continue", exact=True).click()
    root.locator("form[data-question=family_wishes]").wait_for(timeout=PYTHON_START_MS)
    root.locator("button[data-action=change][data-ask=practitioners]").click()
    root.locator("form[data-question=practitioners]").wait_for(timeout=PYTHON_START_MS)
    assert root.locator("fieldset.lp-entry input[name=role]").evaluate_all(typed) == roles
    assert root.locator("b, img, " + MADE_BY_PAYLOADS).count() == 0
    assert dialogs == []


# ------------------------------------------------------------------------------------------
# Errors in Python, and a page Python cannot serve
# ------------------------------------------------------------------------------------------

def assert_problem_with_a_way_back(page, tree: str, said: str = "") -> None:
    root = box(page, tree)
    problem = root.locator(".lp-problem")
    problem.wait_for(timeout=PYTHON_START_MS)
    assert problem.locator("h3").inner_text() == "The tool could not continue"
    assert len(problem.inner_text()) > 60 and said in problem.inner_text()  # a sentence, not an empty box
    assert said in root.locator(".lp-tool__status").text_content()  # announced too
    restart = root.get_by_role("button", name="Start again", exact=True)
    assert restart.is_visible()
    assert axe_violations(page, f".lp-tool[data-tree={tree}]") == []
    restart.press("Enter")
    root.locator("form.lp-question").wait_for()
    assert root.locator(".lp-problem").count() == 0


def test_a_page_naming_an_unknown_tool_gets_a_plain_message(browser, base_url, site_dir):
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    try:
        def rename(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace(f'data-tree="{TREE}"', 'data-tree="no_such_tool"'))

        page.route(base_url + path, rename)
        page.goto(base_url + path)
        # Said before anything is answered, without taking focus from wherever the reader is.
        assert_problem_with_a_way_back(page, "no_such_tool", "does not exist")
        assert page.evaluate("handbookTools.runtime.state") == "ready"  # Python itself is fine
        root = box(page, "no_such_tool")
        root.locator("input.lp-option__input").first.check()
        root.get_by_role("button", name="Continue", exact=True).click()
        assert_problem_with_a_way_back(page, "no_such_tool", "does not exist")
    finally:
        context.close()
    assert foreign == []


@pytest.mark.parametrize("status, said", [
    ("deep", "could not read its answers"),  # lists in lists, deeper than the browser can pass to the worker
    ("big", "more than it can read"),  # more than Python reads in one request
], ids=["too-deep", "too-big"])
def test_an_error_in_python_gives_a_plain_message_and_start_again(tab, status, said):
    open_page, _ = tab
    page = open_page()
    page.locator('.lp-tool[data-runtime="ready"]').wait_for(state="attached", timeout=PYTHON_START_MS)
    box(page, TREE).evaluate("""(root, [kind, size]) => {
        let status = "status";
        if (kind === "deep") for (let i = 0; i < 5000; i++) status = [status];
        else status = "x".repeat(size);
        root.dispatchEvent(new CustomEvent("lp:load", {detail: {answers: {status}}}));
    }""", [status, MAX_REQUEST + 10])
    assert_problem_with_a_way_back(page, TREE, said)
    # Python still answers afterwards.
    view = show_state(page, TREE, {"status": "adoption"})
    assert view["kind"] == "outcome"


def test_events_without_details_do_no_harm(tab):
    open_page, _ = tab
    page = open_page()
    page.locator('.lp-tool[data-runtime="ready"]').wait_for(state="attached", timeout=PYTHON_START_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    root = box(page, TREE)
    for detail in ("null", "{}", "{answers: 'x', ask: 42}", "{answers: [1, 2], ask: {}}"):
        root.evaluate(f"root => root.dispatchEvent(new CustomEvent('lp:load', {{detail: {detail}}}))")
        root.locator("form[data-question=status]").wait_for(timeout=PYTHON_START_MS)
    assert errors == []
    assert root.locator(".lp-problem").count() == 0


# ------------------------------------------------------------------------------------------
# The runtime fails, or arrives in an unexpected shape
# ------------------------------------------------------------------------------------------

def refuse(route) -> None:
    route.abort("blockedbyclient")


def answer_404(route) -> None:
    route.fulfill(status=404, body="Not found")


def corrupt(route) -> None:
    route.fulfill(status=200, body=b"\0asm not really", headers={"Content-Type": "application/wasm"})


# What fails, how, and whether Python's own start is held back meanwhile: a file fetched beside
# Python (the rules' wheel) must be reported as soon as it fails, without waiting for Python.
FAILURES = {
    "the WebAssembly file is refused": ("**/*.wasm", refuse, False),
    "the WebAssembly file is damaged": ("**/*.wasm", corrupt, False),
    "the standard library is refused": ("**/python_stdlib.zip", refuse, False),
    "the standard library is missing": ("**/python_stdlib.zip", answer_404, False),
    "the rules' wheel is refused": ("**/*.whl", refuse, True),
    "the rules' wheel is missing": ("**/*.whl", answer_404, True),
    "the worker script is missing": ("**/lp-worker.*.js", answer_404, False),
    "Pyodide's loader is missing": ("**/pyodide.asm.js", answer_404, False),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_when_python_cannot_start_the_tool_says_so_and_opens_the_rules(browser, base_url, site_dir, failure):
    pattern, handler, hold_python = FAILURES[failure]
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    held = []
    try:
        context.route(pattern, handler)
        # Nothing foreseen either (test_foreseen.py: with them, the tool goes on part way).
        without_foreseen_steps(context)
        if hold_python:  # Python cannot finish starting while its WebAssembly is held back
            context.route("**/*.wasm", lambda route: held.append(route))
        page.goto(base_url + path)
        notice = box(page, TREE).locator(".lp-tool__unavailable")
        # With Python held back, the notice can only come from the failure itself.
        notice.wait_for(state="visible", timeout=PYTHON_START_MS)
        assert "The interactive tool is not available" in notice.inner_text()
        assert page.locator(f"#lp-{TREE}-rules").get_attribute("open") is not None
        assert page.locator(f"#lp-{TREE}-rules").is_visible()
        assert not box(page, TREE).locator(".lp-tool__step").is_visible()
        assert "not available" in box(page, TREE).locator(".lp-tool__status").text_content()
    finally:
        context.close()
    assert foreign == []


def test_a_reader_who_answered_while_python_failed_keeps_their_place(browser, base_url, site_dir):
    """The reader answers the first question while Python is still downloading; the download
    then fails. The tool says so, and focus goes to the message instead of a hidden field."""
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    held = []
    try:
        # Nothing foreseen (test_foreseen.py covers a tool that goes on through its foreseen steps).
        without_foreseen_steps(context)
        context.route("**/*.wasm", lambda route: held.append(route))
        # Leaving this block waits, if need be, until the worker has asked for the file it will not get.
        with context.expect_event("request", lambda request: request.url.endswith(".wasm"), timeout=PYTHON_START_MS):
            page.goto(base_url + path)
            root = box(page, TREE)
            root.get_by_label("Adoption is the plan for the child", exact=True).check()
            root.get_by_role("button", name="Continue", exact=True).click()
            assert root.locator(".lp-tool__status").text_content().strip()  # the wait is explained
        held[0].abort("blockedbyclient")
        root.locator(".lp-tool__unavailable").wait_for(state="visible", timeout=PYTHON_START_MS)
        assert page.evaluate("document.activeElement.classList.contains('lp-tool__unavailable')")
        assert axe_violations(page, f".lp-tool[data-tree={TREE}]") == []
    finally:
        context.close()
    assert foreign == []


def test_continue_pressed_before_the_tools_script_arrives_keeps_the_answer_on_the_page(browser, base_url, site_dir):
    """On a slow connection the build's first question is on screen seconds before lp-tools.js
    takes the tool over. A reader who presses Continue then must not send the page's plain form:
    that would reload the page with their answer in its address, and so in the server's log.
    The press is held, the tool says so, and it carries on from the answer once it takes over."""
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    held = []
    asked: list[str] = []
    try:
        context.route("**/lp-tools.*.js", lambda route: held.append(route))
        page.on("request", lambda request: asked.append(request.url))
        page.goto(base_url + path, wait_until="commit")
        root = box(page, TREE)
        root.locator("form.lp-question").wait_for()
        root.get_by_label("Adoption is the plan for the child", exact=True).check()
        root.get_by_role("button", name="Continue", exact=True).click()
        assert root.get_attribute("data-early-continue") == "true", "the press was not held"
        assert "still loading" in root.locator(".lp-tool__status").inner_text()
        assert held, "the tools' script arrived before the test could press Continue"
        for route in held:
            route.continue_()
        root.locator(".lp-outcome").wait_for(timeout=PYTHON_START_MS)
        assert "adoption" in root.locator(".lp-outcome").inner_text().lower()
        assert page.url.split("#")[0] == base_url + path  # answers are kept in the fragment, never sent
        assert [url for url in asked if "?" in url and path in url] == [], "the answer went to the server"
    finally:
        context.close()
    assert foreign == []


def test_a_wasm_file_with_the_wrong_mime_type_still_works(browser, base_url, site_dir):
    """IIS and Apache without the mapping send .wasm as application/octet-stream; streaming
    compilation refuses that, so the worker compiles the same bytes without streaming."""
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    sent: list[str] = []
    try:
        def wrong_type(route):
            response = route.fetch()
            headers = {**response.headers, "content-type": "application/octet-stream"}
            sent.append(headers["content-type"])
            route.fulfill(response=response, headers=headers)

        context.route("**/*.wasm", wrong_type)
        page.goto(base_url + path)
        page.locator(f'.lp-tool[data-tree={TREE}][data-runtime="ready"]').wait_for(state="attached", timeout=PYTHON_START_MS)
        assert sent == ["application/octet-stream"]
        view = show_state(page, TREE, {"status": "adoption"})
        assert view["kind"] == "outcome"
        assert not box(page, TREE).locator(".lp-tool__unavailable").is_visible()
    finally:
        context.close()
    assert foreign == []
