"""Foreseen steps (issue 19): until Python is ready, the steps the build foresaw
(tools/handbook_build/foreseen.py) are drawn at once; once Python is ready, it gives the same step
for the same answers, and the page says so (data-foreseen="confirmed")."""

from __future__ import annotations

import gzip
import json

from handbook_build.foreseen import answers_key, single_choice_route
from helpers import PYTHON_START_MS, assert_accessible, tool
from test_accessibility import new_tab, tool_page

TREE = "allocation"
BUDGET = 60_000  # bytes of a tool's foreseen steps over the wire, compressed


def foreseen_file(site_dir, tree: str) -> dict:
    [path] = (site_dir / "assets" / "handbook").glob(f"foreseen-{tree}.*.json")
    return json.loads(path.read_text())


def test_until_python_is_ready_the_foreseen_steps_are_drawn_and_python_then_agrees(browser, base_url, site_dir):
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    held = []
    try:
        context.route("**/*.wasm", lambda route: held.append(route))  # Python cannot be ready meanwhile
        page.goto(base_url + path)
        box = tool(page, TREE)
        first = box.locator("form.lp-question").first
        question = first.get_attribute("data-question")
        options = first.locator("input.lp-option__input").evaluate_all("inputs => inputs.map((i) => i.value)")
        route = single_choice_route(foreseen_file(site_dir, TREE)["views"], question, options, 3)
        assert len(route) == 3, "the allocation tool has no route of three single choices foreseen"
        for asked, answer, following in route:
            box.locator(f"form[data-question={asked}] input.lp-option__input[value={answer}]").check()
            box.get_by_role("button", name="Continue", exact=True).click()
            if following["kind"] == "question":
                box.locator(f"form[data-question={following['question']['id']}]").wait_for()
            else:
                box.locator(".lp-result__title").wait_for()
            assert box.get_attribute("data-foreseen") == "shown"
            assert box.get_attribute("data-runtime") != "ready", "Python was ready: the step proves nothing"
        assert held, "the runtime's WebAssembly was never asked for"
        for request in held:
            request.continue_()
        page.locator(f".lp-tool[data-tree={TREE}][data-foreseen=confirmed]").wait_for(timeout=PYTHON_START_MS)
    finally:
        context.close()
    assert foreign == []


def test_each_tools_foreseen_steps_fit_the_budget_and_a_page_without_a_tool_fetches_none(browser, base_url,
                                                                                         site_dir):
    files = sorted((site_dir / "assets" / "handbook").glob("foreseen-*.json"))
    assert len(files) >= 6, "a foreseen file for each tool"
    for path in files:
        assert len(gzip.compress(path.read_bytes(), 9)) <= BUDGET, path.name
    context, page, foreign = new_tab(browser, base_url)
    fetched = []
    context.on("request", lambda request: "foreseen-" in request.url and fetched.append(request.url))
    try:
        page.goto(base_url + "lead-professional/role-and-functions/")
        page.wait_for_load_state("networkidle")
        assert fetched == []
        path, _ = tool_page(site_dir, TREE)
        page.goto(base_url + path)
        tool(page, TREE).wait_for()
        page.wait_for_load_state("networkidle")
        assert [url.rsplit("/", 1)[1].split(".")[0] for url in fetched] == [f"foreseen-{TREE}"]
    finally:
        context.close()
    assert foreign == []


def route_to_unforeseen(views: dict, question: str, options: list[str]) -> list[tuple[str, str]]:
    """Single choices from the first question to a foreseen step that is itself not a single choice
    (ticks, or the practitioners' list): its Continue needs Python."""
    waiting = [({}, question, options, [])]
    while waiting:
        state, asked, choices, route = waiting.pop(0)
        for option in choices:
            following = views.get(answers_key({**state, asked: option}) or "")
            if not following or following["state"] == state or following["kind"] != "question":
                continue
            step = route + [(asked, option)]
            if following["question"]["kind"] != "choice":
                return step
            waiting.append((following["state"], following["question"]["id"],
                            [o["id"] for o in following["question"]["options"]], step))
    return []


def test_with_python_blocked_the_foreseen_steps_work_and_the_first_other_step_says_it_cannot_finish(
        browser, base_url, site_dir):
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    try:
        context.route("**/*.wasm", lambda route: route.abort("blockedbyclient"))  # a network that refuses it
        page.goto(base_url + path)
        box = tool(page, TREE)
        notice = box.locator(".lp-tool__unavailable")
        notice.filter(has_text="Part of this tool could not start").wait_for(timeout=PYTHON_START_MS)
        assert "written out below" in notice.inner_text()
        assert box.locator(".lp-tool__step").is_visible(), "the first question went with Python"
        assert_accessible(page, "a tool whose Python could not start, with foreseen steps")
        first = box.locator("form.lp-question").first
        options = first.locator("input.lp-option__input").evaluate_all("inputs => inputs.map((i) => i.value)")
        route = route_to_unforeseen(foreseen_file(site_dir, TREE)["views"], first.get_attribute("data-question"),
                                    options)
        assert route, "no foreseen route of the allocation tool reaches a step that needs Python"
        for asked, answer in route:
            box.locator(f"form[data-question={asked}] input.lp-option__input[value={answer}]").check()
            box.get_by_role("button", name="Continue", exact=True).click()
            box.locator(f"form.lp-question:not([data-question={asked}])").wait_for()
            assert box.get_attribute("data-foreseen") == "shown"
        box.get_by_role("button", name="Continue", exact=True).click()  # this step's answers need Python
        notice.filter(has_text="The tool cannot finish here").wait_for()
        assert "The rules of this tool in full" in notice.inner_text()
        assert not box.locator(".lp-tool__step").is_visible()
        assert page.locator(f"#lp-{TREE}-rules").get_attribute("open") is not None
        assert "cannot finish here" in box.locator(".lp-tool__status").text_content()  # heard as well
    finally:
        context.close()
    assert foreign == []


def test_a_step_that_waits_for_python_says_how_much_has_arrived_and_where_the_rules_are(browser, base_url,
                                                                                         site_dir):
    path, _ = tool_page(site_dir, TREE)
    context, page, foreign = new_tab(browser, base_url)
    held = []
    try:
        context.route("**/*.wasm", lambda route: held.append(route))
        page.goto(base_url + path)
        box = tool(page, TREE)
        first = box.locator("form.lp-question").first
        asked = first.get_attribute("data-question")
        first.locator("input.lp-option__input").first.check()
        box.get_by_role("button", name="Continue", exact=True).click()
        box.locator(f"form.lp-question:not([data-question={asked}]), .lp-result__title").first.wait_for()
        box.get_by_role("button", name="Back", exact=True).click()  # Back is not foreseen: it waits for Python
        progress = box.locator(".lp-tool__progress")
        progress.wait_for()
        assert "Python for this tool is downloading." in progress.inner_text()
        assert progress.get_by_role("link", name="the rules of this tool in full").get_attribute("href") == \
            f"#lp-{TREE}-rules"
        assert progress.get_attribute("aria-live") is None and progress.get_attribute("role") is None
        for request in held:
            request.continue_()
        box.locator(f"form[data-question={asked}]").wait_for(timeout=PYTHON_START_MS)  # Back, drawn by Python
        progress.wait_for(state="hidden")
        download = page.evaluate("() => window.handbookTools.runtime.download")
        assert download["total"] > 1_000_000 and download["received"] == download["total"], download
    finally:
        context.close()
    assert foreign == []
