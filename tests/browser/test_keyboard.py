"""Each decision tool used with the keyboard alone (Tab, Shift+Tab, Space, Enter and the arrow
keys), and its layout at 400% zoom (a viewport 320 CSS pixels wide).

A reader who cannot see the screen must be told where they are after every step: focus moves
to the new question's heading (or to the error summary), the page title names the step, and the
live region (role=status) announces it. One tab per tree: Python starts once for each.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from decision import get_tree, tree_ids
from decision.engine.model import CHOICE, MULTI, PRACTITIONERS
from decision.engine.paths import enumerate_paths
from helpers import PYTHON_START_MS, without_foreseen_steps
from test_accessibility import assert_reflows, box, new_tab, show_state, tool_page

Focus = dict[str, Any]
MAX_PRESSES = 400  # more than the links of the longest page, between the top and any tool

FOCUSED = r"""() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    return {
        tag: e.tagName.toLowerCase(), type: e.getAttribute("type") || "", value: e.value || "",
        name: e.getAttribute("name") || "", id: e.id, classes: Array.from(e.classList),
        text: (e.textContent || "").replace(/\s+/g, " ").trim(), action: e.dataset.action || "",
        checked: Boolean(e.checked), inTool: Boolean(e.closest(".lp-tool")),
        question: (e.closest("form.lp-question") || {dataset: {}}).dataset.question || "",
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        ring: style.boxShadow !== "none",
    };
}"""


# ------------------------------------------------------------------------------------------
# Driving the page with keys
# ------------------------------------------------------------------------------------------

def focused(page) -> Focus | None:
    return page.evaluate(FOCUSED)


def press_until(page, wanted: Callable[[Focus], bool], key: str = "Tab", what: str = "") -> Focus:
    """Press `key` until focus reaches an element that `wanted` accepts."""
    for _ in range(MAX_PRESSES):
        page.keyboard.press(key)
        now = focused(page)
        if now and wanted(now):
            return now
    raise AssertionError(f"{key} never reached {what or wanted}")


def tab_to_button(page, text: str, key: str = "Tab") -> Focus:
    found = press_until(page, lambda f: f["inTool"] and f["tag"] == "button" and f["text"].startswith(text),
                        key, f"the button '{text}'")
    assert_focus_visible(found)
    return found


def assert_focus_visible(now: Focus) -> None:
    """A visible focus indicator: an outline at least 2px wide, or a drawn ring."""
    assert now["outline"] or now["ring"], f"no visible focus on {now}"


def step_after(page, tree: str, action: Callable[[], None]) -> dict[str, Any]:
    """Do `action` and return the view of the step the tool then draws."""
    box(page, tree).evaluate("""(root) => {
        window.lpNextStep = new Promise((done) => root.addEventListener("lp:step", (event) => done(event.detail.view), {once: true}));
    }""")
    action()
    return page.evaluate("() => window.lpNextStep")


def status(page, tree: str) -> str:
    return box(page, tree).locator(".lp-tool__status").text_content().replace("\u00a0", " ").strip()


def assert_told(page, tree: str, view: dict[str, Any], page_title: str) -> None:
    """Focus on the new heading (or the error summary), page title and live region all say
    where the reader now is."""
    now = focused(page)
    error = view["kind"] == "question" and view["question"]["error"]
    if error:
        assert "lp-error-summary" in now["classes"], now
        assert now["text"].startswith("There is a problem") and view["question"]["error"] in now["text"]
    else:
        heading = "lp-question__text" if view["kind"] == "question" else "lp-result__title"
        assert heading in now["classes"] and now["text"] == view["heading"], now
    assert page.title() == f"{'Error: ' if error else ''}{view['heading']} – {page_title}"
    assert status(page, tree) == view["announce"]
    assert box(page, tree).locator(".lp-tool__status").get_attribute("role") == "status"


def answer(page, question: dict[str, Any], value: Any) -> None:
    """From the question's heading, answer it with keys only and move to Continue."""
    if question["kind"] == CHOICE:
        now = press_until(page, lambda f: f["type"] == "radio", what="the first option")
        assert_focus_visible(now)
        if not now["checked"] and now["value"] == value:
            page.keyboard.press("Space")
        for _ in range(len(question["options"])):
            if focused(page)["value"] == value and focused(page)["checked"]:
                break
            page.keyboard.press("ArrowDown")  # moves to the next option and selects it
        now = focused(page)
        assert now["value"] == value and now["checked"], now
    else:
        assert question["kind"] == MULTI
        for wanted in value:
            now = press_until(page, lambda f: f["type"] == "checkbox" and f["value"] == wanted, what=wanted)
            assert_focus_visible(now)
            if not now["checked"]:
                page.keyboard.press("Space")
            assert focused(page)["checked"]
    tab_to_button(page, "Continue")


def walk_path(tree_id: str) -> list[tuple[str, Any]]:
    """The longest path a reader can take with option answers only (no typed practitioners),
    so the walk meets as many questions as the tree can ask."""
    tree = get_tree(tree_id)
    usable = (p for p in enumerate_paths(tree) if all(tree.node(q).kind != PRACTITIONERS for q, _ in p.answers))
    return list(max(usable, key=lambda p: len(p.answers)).answers)


# ------------------------------------------------------------------------------------------
# One tab per tree
# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=tree_ids())
def tab(request, browser, base_url, site_dir):
    tree = request.param
    path, _ = tool_page(site_dir, tree)
    context, page, foreign = new_tab(browser, base_url, viewport={"width": 1280, "height": 900})
    page.goto(base_url + path)
    page.locator(f'.lp-tool[data-tree={tree}][data-runtime="ready"]').wait_for(state="attached", timeout=PYTHON_START_MS)
    yield tree, page, page.title()
    context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"


def test_each_tool_can_be_used_with_the_keyboard_alone(tab):
    tree, page, page_title = tab
    page.set_viewport_size({"width": 1280, "height": 900})
    path = walk_path(tree)
    first = path[0][0]

    # From the top of the page, Tab reaches the tool's first question.
    page.keyboard.press("Escape")
    page.locator("body").focus()
    now = press_until(page, lambda f: f["inTool"] and f["question"] == first, what="the tool's first question")
    assert_focus_visible(now)

    # Continue with nothing chosen: the error summary takes focus, and its link leads to the field.
    tab_to_button(page, "Continue")
    view = step_after(page, tree, lambda: page.keyboard.press("Enter"))
    assert_told(page, tree, view, page_title)
    page.keyboard.press("Tab")
    link = focused(page)
    assert link["tag"] == "a" and link["text"] == view["question"]["error"], link
    assert_focus_visible(link)
    page.keyboard.press("Enter")
    now = focused(page)
    assert now["tag"] == "input" and now["question"] == first, f"the error link left focus on {now}"

    # Each answer, chosen with the keys; each step announced.
    page.keyboard.press("Shift+Tab")  # back to just before the options, wherever the link left focus
    views = []
    for question_id, value in path:
        question = views[-1]["question"] if views else view["question"]
        assert question["id"] == question_id
        answer(page, question, value)
        views.append(step_after(page, tree, lambda: page.keyboard.press("Enter")))
        assert_told(page, tree, views[-1], page_title)
    outcome = views[-1]
    assert outcome["kind"] == "outcome"

    # Back: Shift+Tab from the result's heading reaches it; the last question comes back answered.
    tab_to_button(page, "Back", "Shift+Tab")
    back = step_after(page, tree, lambda: page.keyboard.press("Enter"))
    assert_told(page, tree, back, page_title)
    assert back["question"]["id"] == path[-1][0] and back["question"]["value"] == path[-1][1]

    # Change the first answer from the answers list: that question comes back with its answer.
    tab_to_button(page, "Change")
    change = step_after(page, tree, lambda: page.keyboard.press("Space"))
    assert_told(page, tree, change, page_title)
    assert change["question"]["id"] == first and change["question"]["value"] == path[0][1]
    # Continue keeps the later answers: the reader returns straight to the result.
    tab_to_button(page, "Continue")
    again = step_after(page, tree, lambda: page.keyboard.press("Enter"))
    assert again["kind"] == "outcome" and again["outcome"]["id"] == outcome["outcome"]["id"]

    # Start again, by keyboard: the first question, focused, with the page's own title.
    tab_to_button(page, "Start again")
    page.keyboard.press("Enter")
    box(page, tree).locator(f"form[data-question={first}]").wait_for()
    now = focused(page)
    assert "lp-question__text" in now["classes"], now
    assert page.title() == page_title
    assert status(page, tree).startswith("Started again.")
    assert box(page, tree).locator(".lp-summary__row").count() == 0


def test_nothing_depends_on_colour_alone(tab):
    """Errors are named in words, the errored field has a drawn border, and every link and
    link-like button is underlined."""
    tree, page, _ = tab
    page.set_viewport_size({"width": 1280, "height": 900})
    first = get_tree(tree).start
    view = show_state(page, tree, {first: ""})
    assert view["question"]["error"]
    root = box(page, tree)
    assert root.locator(".lp-error-summary__title").inner_text() == "There is a problem"
    assert root.locator(".lp-error-message").inner_text().startswith("Error:")  # read aloud too
    assert root.locator(".lp-field--error").evaluate("e => parseFloat(getComputedStyle(e).borderLeftWidth)") >= 3
    outcome = show_state(page, tree, dict(walk_path(tree)))
    assert outcome["kind"] == "outcome"
    assert root.locator(".lp-result__label").inner_text().lower() == "result"
    underlined = root.locator("a, button.lp-link").evaluate_all(
        "links => links.map((e) => [e.textContent.trim(), getComputedStyle(e).textDecorationLine])")
    assert underlined and all("underline" in line for _, line in underlined), underlined


# ------------------------------------------------------------------------------------------
# 400% zoom
# ------------------------------------------------------------------------------------------

def assert_fits(page, tree: str, where: str) -> None:
    assert_reflows(page, tree, where)
    if box(page, tree).get_by_role("button", name="Continue", exact=True).count():
        # Reachable with the keyboard too: Tab from the step's heading gets there.
        box(page, tree).locator("h3[tabindex]").first.focus()
        tab_to_button(page, "Continue")


def test_each_tool_holds_together_at_400_percent_zoom(tab):
    """1280 CSS pixels at 400% zoom leave 320: every state of a path, its error and the
    written rules fit without sideways scrolling of the page, and Continue stays in reach."""
    tree, page, _ = tab
    page.set_viewport_size({"width": 320, "height": 256})
    try:
        answers: dict[str, Any] = {}
        for question_id, value in walk_path(tree):
            view = show_state(page, tree, answers)
            assert view["question"]["id"] == question_id
            assert_fits(page, tree, f"question {question_id}")
            show_state(page, tree, {**answers, question_id: "" if view["question"]["kind"] == CHOICE else []})
            assert_fits(page, tree, f"error on {question_id}")
            answers[question_id] = value
        assert show_state(page, tree, answers)["kind"] == "outcome"
        assert_fits(page, tree, "result")
        rules = page.locator(f"details.lp-rules").first
        rules.evaluate("details => { details.open = true; }")
        assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"), \
            "the written rules make the page scroll sideways"
        rules.evaluate("details => { details.open = false; }")
        # WCAG 1.4.12: with the text spacing a reader may set, still nothing is lost.
        box(page, tree).evaluate(TEXT_SPACING, True)
        show_state(page, tree, {})
        assert_fits(page, tree, "first question, wider text spacing")
        show_state(page, tree, answers)
        assert_fits(page, tree, "result, wider text spacing")
    finally:
        box(page, tree).evaluate(TEXT_SPACING, False)
        page.set_viewport_size({"width": 1280, "height": 900})


# Set through the CSS object model, which the site's Content-Security-Policy allows (a <style>
# element would be refused). Called with false, it takes the spacing away again.
TEXT_SPACING = """(root, apply) => {
    const spacing = {"line-height": "1.5", "letter-spacing": "0.12em", "word-spacing": "0.16em"};
    const sheet = document.querySelector("link[href*='lp-tools']").sheet;
    if (apply) {
        sheet.insertRule(`.lp-tool * { ${Object.entries(spacing).map(([k, v]) => `${k}: ${v} !important`).join("; ")} }`, sheet.cssRules.length);
        sheet.insertRule(".lp-tool p { margin-bottom: 2em !important; }", sheet.cssRules.length);
    } else {
        for (let i = sheet.cssRules.length - 1; i >= 0; i--) if (sheet.cssRules[i].cssText.includes("0.12em")
            || sheet.cssRules[i].cssText.startsWith(".lp-tool p { margin-bottom: 2em")) sheet.deleteRule(i);
    }
}"""


# ------------------------------------------------------------------------------------------
# The practitioners list (allocation tool, "None of these")
# ------------------------------------------------------------------------------------------

def test_practitioners_are_added_and_removed_with_the_keyboard(browser, base_url, site_dir):
    path, _ = tool_page(site_dir, "allocation")
    context, page, foreign = new_tab(browser, base_url, viewport={"width": 1280, "height": 900})
    try:
        page.goto(base_url + path)
        tree, page_title = "allocation", page.title()
        page.locator('.lp-tool[data-runtime="ready"]').wait_for(state="attached", timeout=PYTHON_START_MS)
        box(page, tree).locator("h3.lp-question__text").focus()  # where a reader lands after a step
        question = show_state(page, tree, {})["question"]
        box(page, tree).locator("h3.lp-question__text").focus()
        answer(page, question, "none")
        view = step_after(page, tree, lambda: page.keyboard.press("Enter"))
        assert_told(page, tree, view, page_title)
        assert view["question"]["kind"] == PRACTITIONERS
        criteria = [o["id"] for o in view["question"]["options"]]

        def entries() -> int:
            return box(page, tree).locator("fieldset.lp-entry").count()

        # Practitioner 1: role, agency, and every criterion ticked with Space.
        now = press_until(page, lambda f: f["name"] == "role", what="the first role")
        assert now["id"].endswith("-0-role")
        page.keyboard.type("<script>alert(1)</script>")
        page.keyboard.press("Tab")
        assert focused(page)["name"] == "agency"
        page.keyboard.type("{front_door}")
        for criterion in criteria:
            press_until(page, lambda f: f["type"] == "checkbox" and f["value"] == criterion, what=criterion)
            page.keyboard.press("Space")

        # Add another: focus moves to the new role, and the addition is announced.
        tab_to_button(page, "Add another practitioner")
        page.keyboard.press("Enter")
        now = focused(page)
        assert now["name"] == "role" and now["id"].endswith("-1-role") and now["value"] == "", now
        assert entries() == 2 and status(page, tree) == "Practitioner 2 added."
        page.keyboard.type("Class teacher")

        # Remove practitioner 2: focus goes back to practitioner 1, whose answers are kept.
        removed = tab_to_button(page, "Remove")
        assert removed["text"] == "Remove practitioner 2"
        page.keyboard.press("Enter")
        now = focused(page)
        assert now["name"] == "role" and now["id"].endswith("-0-role") and now["value"] == "<script>alert(1)</script>"
        assert entries() == 1 and status(page, tree) == "Practitioner 2 removed."

        # Add and remove again with Space, then go on with one practitioner.
        tab_to_button(page, "Add another practitioner")
        page.keyboard.press("Space")
        assert entries() == 2 and focused(page)["id"].endswith("-1-role")
        tab_to_button(page, "Remove")
        page.keyboard.press("Space")
        assert entries() == 1 and focused(page)["id"].endswith("-0-role")
        tab_to_button(page, "Continue")
        view = step_after(page, tree, lambda: page.keyboard.press("Enter"))
        assert_told(page, tree, view, page_title)
        typed = box(page, tree).locator(".lp-summary__value").nth(1).inner_text()
        assert typed == "<script>alert(1)</script> ({front_door})"
        assert box(page, tree).locator("script, img, svg").count() == 0
    finally:
        context.close()
    assert foreign == []


# ------------------------------------------------------------------------------------------
# Progress while Python starts
# ------------------------------------------------------------------------------------------

def on_screen(locator) -> bool:
    """Shown to sighted readers, not merely present for screen readers (a 1px clipped box)."""
    seen = locator.bounding_box()
    return bool(seen) and seen["width"] > 1 and seen["height"] > 1


def test_progress_while_python_starts_is_shown_and_announced(browser, base_url, site_dir):
    """A reader who answers before Python is ready is told why nothing has happened yet, then
    that it is slow; when Python arrives, the next step is announced as usual."""
    path, _ = tool_page(site_dir, "allocation")
    context, page, foreign = new_tab(browser, base_url, viewport={"width": 1280, "height": 900})
    held = []
    try:
        context.route("**/*.wasm", lambda route: held.append(route))
        # Without the foreseen steps (test_foreseen.py), this answer has to wait for Python.
        without_foreseen_steps(context)
        page.clock.install()  # the page's timers run only when the test says so
        # Leaving this block waits, if need be, until the worker has asked for the WebAssembly file.
        with context.expect_event("request", lambda request: request.url.endswith(".wasm"), timeout=PYTHON_START_MS):
            page.goto(base_url + path)
            tree, page_title = "allocation", page.title()
            root = box(page, tree)
            root.locator("h3.lp-question__text").focus()
            question = {"kind": CHOICE, "options": [{}] * root.locator("input.lp-option__input").count()}
            answer(page, question, "adoption")
            page.keyboard.press("Enter")
            live = root.locator(".lp-tool__status")
            assert live.get_attribute("role") == "status" and on_screen(live)
            assert live.inner_text().startswith(("Downloading the tool", "Starting the tool", "Loading the rules"))
            page.clock.run_for(16_000)
            assert "taking a while to start" in live.inner_text() and on_screen(live)
        view = step_after(page, tree, lambda: held[0].continue_())
        assert view["kind"] == "outcome"
        assert_told(page, tree, view, page_title)
        assert not on_screen(live)  # heard, not shown: the result itself says the same
    finally:
        context.close()
    assert foreign == []
