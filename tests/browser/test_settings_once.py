"""The council's settings reach Python once per session (issue 16, item 4).

The build publishes them beside the runtime (lp-settings.<hash>.json, named in lp-tools.js's
manifest); the worker fetches that file once as it starts and gives it to Python, and every
request the page then sends carries only what is asked. The training scenarios are in a file of
their own (lp-scenarios.<hash>.json, issue 18), which the worker fetches only at a page's first
request for feedback on a scenario: a tool page never fetches it, the training page once.

What the page sends its worker is recorded by a script Playwright adds to the tab before the
site's own (it wraps Worker.prototype.postMessage and keeps a copy of each message in
window.lpSent): the worker's messages cannot be seen from outside the page otherwise, and the
site's strict CSP does not apply to such a script, so nothing in the site is changed for it."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from helpers import (PYTHON_START_MS, choose, tool, wait_for_outcome, wait_for_python, wait_for_question,
                     without_foreseen_steps)

PAGE = "lead-professional/choosing-the-lead-professional/"
SETTINGS = "**/assets/handbook/lp-settings.*.json"
ASKED = {"tree", "answers", "uid", "ask", "choose", "version"}  # what a tool's request may carry
RECORD_MESSAGES = """
(() => {
  const post = Worker.prototype.postMessage;
  window.lpSent = [];
  Worker.prototype.postMessage = function (message, ...rest) {
    window.lpSent.push(JSON.parse(JSON.stringify(message)));
    return post.call(this, message, ...rest);
  };
})();
"""


def test_the_settings_are_fetched_once_and_no_request_carries_them(browser, base_url):
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORD_MESSAGES)
    without_foreseen_steps(context)  # every step from Python, so that every answer is a request
    fetched: list[str] = []
    scenarios: list[str] = []
    own = urlsplit(base_url).netloc
    foreign: list[str] = []
    context.on("request", lambda r: fetched.append(r.url) if "/lp-settings." in r.url else None)
    context.on("request", lambda r: scenarios.append(r.url) if "/lp-scenarios." in r.url else None)
    context.on("request", lambda r: urlsplit(r.url).netloc == own or r.url.startswith("data:") or foreign.append(r.url))

    def rename_the_role(route):
        """The settings as published, with the role renamed: only Python can show the new name."""
        response = route.fetch()
        settings = json.loads(response.text())
        for tool_settings in settings["tools"].values():
            if "Role" in tool_settings.get("names", {}):
                tool_settings["names"]["Role"] = "Key contact"
        route.fulfill(response=response, body=json.dumps(settings))

    context.route(SETTINGS, rename_the_role)
    page = context.new_page()
    try:
        page.goto(base_url + PAGE)
        choose(page, "The child is looked after by the local authority")
        wait_for_question(page, "looked_after_setting")
        choose(page, "No")
        wait_for_outcome(page)
        tool(page).locator("[data-action=back]").first.click()
        wait_for_question(page, "looked_after_setting")
        choose(page, "No")
        wait_for_outcome(page)
        # Python took the council's settings from the file, not from the page.
        assert "Key contact" in tool(page).locator(".lp-step").inner_text()
        sent = page.evaluate("window.lpSent")
        starts = [m for m in sent if m.get("type") == "start"]
        requests = [m["request"] for m in sent if m.get("type") == "resolve"]
    finally:
        context.close()
    assert foreign == [], foreign
    assert len(starts) == 1 and "/assets/handbook/lp-settings." in starts[0]["settingsUrl"], starts
    assert fetched == [starts[0]["settingsUrl"]], fetched  # once, the file this release's manifest names
    assert scenarios == [], scenarios  # a tool page without training fetches no scenarios
    assert len(requests) >= 4, requests
    for request in requests:
        assert set(request) <= ASKED, request  # no local rules, names or council in any request
        assert request["tree"] == "allocation" and request["uid"] == "lp-allocation"


def test_the_tool_markup_carries_no_settings(page, base_url):
    page.goto(base_url + PAGE)
    root = tool(page)
    root.wait_for(state="attached", timeout=PYTHON_START_MS)
    for attribute in ("data-variants", "data-names", "data-council"):
        assert root.get_attribute(attribute) is None, attribute
    assert root.get_attribute("data-version")  # still sent back with saved answers, to notice changed rules


TRAINING_PAGE = "training/scenarios/"


def test_only_the_training_page_fetches_the_scenarios_and_only_once(browser, base_url):
    """The scenarios' file is named in the worker's start, but fetched only when the training page
    first asks for feedback, and once however many scenarios are then checked in that tab."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORD_MESSAGES)
    scenarios: list[str] = []
    context.on("request", lambda r: scenarios.append(r.url) if "/lp-scenarios." in r.url else None)
    page = context.new_page()
    view = page.locator(".lp-training__view")

    def feedback(label: str, answer: str, tree: str) -> str:
        if not view.get_by_role("heading", name="Choose a set or a scenario").count():
            page.locator(".lp-training [data-training=choose]").first.click()
        page.get_by_role("button", name=label, exact=True).click()
        wait_for_python(page)
        assert scenarios == [] or label != "Scenario 1: Afraid to go home", "fetched before any feedback was asked for"
        choose(page, answer, tree=tree)
        wait_for_outcome(page, tree=tree)
        page.get_by_role("button", name="Get feedback", exact=True).click()
        page.locator(".lp-training__verdict").wait_for(timeout=PYTHON_START_MS)
        return view.locator("h2.lp-training__heading").inner_text()

    try:
        page.goto(base_url + TRAINING_PAGE)
        assert feedback("Scenario 1: Afraid to go home", "Yes", "threshold").startswith("Right")
        assert feedback("Scenario 8: An enquiry begins", "The child is subject to a child protection plan",
                        "allocation") == "Not the expected result"
        sent = page.evaluate("window.lpSent")
    finally:
        context.close()
    [start] = [m for m in sent if m.get("type") == "start"]
    assert "/assets/handbook/lp-scenarios." in start["scenariosUrl"]
    assert scenarios == [start["scenariosUrl"]], scenarios
    requests = [m["request"] for m in sent if m.get("type") == "resolve" and m["request"].get("action") == "feedback"]
    assert len(requests) == 2 and all(set(r) == {"action", "scenario", "answers"} for r in requests), requests
