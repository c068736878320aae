"""A council's settings reach Python once (issue 16, item 4): the build publishes them beside the
runtime (tools/handbook_build/published.py), the worker gives them to `decision.browser.configure`
as it starts, and requests carry only what is asked. The training scenarios are published in a
file of their own, which the worker gives to `decision.browser.configure_scenarios` once, at a
training page's first feedback request.

A request without the settings, after `configure`, gets the reply a request carrying them got
before (the engine's own answer under those local rules, names and council name); settings carried
in a request change nothing; settings Python cannot use get a plain failure and change nothing."""

from __future__ import annotations

import json
from itertools import islice

import pytest

from decision import browser, get_tree, resolve, step_view, tree_ids
from decision.engine.markup import step_html
from decision.engine.paths import enumerate_paths
from decision.trees import framework
from handbook_build.published import own_choices, settings_content
from support import ROOT, published_settings

PROFILES = ("northshire", "eastvale")


@pytest.fixture(autouse=True)
def defaults_afterwards():
    yield
    browser.configure("{}")  # the handbook's defaults again, for the other tests in this process


def council(profile: str):
    from decision.council import known_names, known_variants
    from handbook_build.settings import load
    return load(ROOT / "profiles" / f"{profile}.toml", known_names(), known_variants())


def published_text(settings) -> str:
    """The settings file the council's build publishes (its scenarios are in a file of their own)."""
    tools = {tree_id: own_choices(tree_id, settings.variants, settings.tool_names()) for tree_id in tree_ids()}
    return settings_content(settings.council.name, "an edition", tools).decode()


def answer_sets(tree) -> list[dict]:
    """No answers, and the answers of a few of the tree's paths, whole and cut short."""
    found = [{}]
    for path in islice(enumerate_paths(tree), 0, None, 7):
        answers = dict(path.answers)
        found += [answers, dict(list(answers.items())[:1])]
        if len(found) > 8:
            break
    return found


def engine_reply(tree, answers, variants, names, council_name, uid) -> dict:
    """What a request carrying its settings was answered with: the engine's step under them."""
    view = step_view(resolve(tree, answers, variants), council=council_name, names=names)
    return {"ok": True, "view": view, "html": step_html(view, uid)}


def ask(request: dict) -> dict:
    return json.loads(browser.handle(json.dumps(request)))


@pytest.mark.parametrize("profile", PROFILES)
def test_configured_once_a_request_without_settings_gets_the_reply_a_request_with_them_got(profile):
    settings = council(profile)
    framework.use(settings.threshold)
    try:
        assert json.loads(browser.configure(published_text(settings))) == {"ok": True}
        differs = 0
        for tree_id in tree_ids():
            tree = get_tree(tree_id)
            # Every one of the tree's rules and names: the council's choice where it made one, the default otherwise.
            variants = tree.default_variants() | {k: v for k, v in settings.variants.items() if k in tree.default_variants()}
            names = tree.default_names() | {k: v for k, v in settings.tool_names().items() if k in tree.default_names()}
            for answers in answer_sets(tree):
                request = {"tree": tree_id, "answers": answers, "uid": f"lp-{tree_id}",
                           "version": tree.version_for(variants, names)}  # as the page's data-version
                reply = ask(request)
                assert reply == engine_reply(tree, answers, variants, names, settings.council.name,
                                             f"lp-{tree_id}"), (tree_id, answers)
                assert not reply["view"]["notices"] or "changed since" not in reply["view"]["notices"][0]
                # Settings a request still carries are not Python's to take: the same reply.
                assert ask(request | {"variants": tree.default_variants(), "names": {}, "council": "Elsewhere"}) == reply
                differs += reply != json.loads(browser.handle(json.dumps(request), browser.DEFAULTS))
        assert differs > 10, "the council's settings changed no reply: the test would prove nothing"
    finally:
        framework.use(None)


def test_until_configured_python_answers_with_the_handbooks_defaults():
    for tree_id in tree_ids():
        tree = get_tree(tree_id)
        request = {"tree": tree_id, "answers": {}, "uid": f"lp-{tree_id}"}
        assert ask(request) == engine_reply(tree, {}, tree.default_variants(), tree.default_names(), "", f"lp-{tree_id}")
        assert browser.handle(json.dumps(request)) == browser.handle(json.dumps(request), published_settings())


def test_the_settings_are_kept_until_configured_again():
    assert json.loads(browser.configure(json.dumps({"council": "Testshire"}))) == {"ok": True}
    assert browser.configured().council == "Testshire"
    reply = ask({"tree": "allocation", "answers": {"status": "none"}})
    assert reply["ok"] and browser.configured().council == "Testshire"


def test_one_function_fills_in_a_tools_rules_and_names_from_the_trees_defaults():
    tree = get_tree("allocation")
    defaults = (tree.default_variants(), tree.default_names())
    # A tool the settings leave out: the tree's defaults, from the same function.
    assert browser.tool_settings(tree) == defaults
    assert browser.DEFAULTS.tool(tree) == defaults
    assert browser.read_settings(json.dumps({"tools": {"threshold": {}}})).tool(tree) == defaults
    # A tool the council chose part of: its choices, the defaults for the rest, every key in the tree's order.
    variants, names = browser.tool_settings(tree, {"sen_lead": "senco_should"}, {"Role": "Key contact"})
    assert variants == defaults[0] | {"sen_lead": "senco_should"} and list(variants) == list(defaults[0])
    assert names == defaults[1] | {"Role": "Key contact"} and list(names) == list(defaults[1])
    read = browser.read_settings(json.dumps({"tools": {"allocation": {"variants": {"sen_lead": "senco_should"},
                                                                      "names": {"Role": "Key contact"}}}}))
    assert read.tool(tree) == (variants, names)
    # What it gives is the caller's to change: the settings stay as they were read.
    read.tool(tree)[0]["sen_lead"] = "senco_may"
    assert read.tool(tree) == (variants, names)
    # A rule or name the tree does not have is refused, as a choice its rule does not offer.
    for chosen in ({"nope": "x"}, {"sen_lead": "nope"}), ({}, {"nope": "x"}), ({}, {"Role": " "}):
        with pytest.raises(browser.SettingsError):
            browser.tool_settings(tree, *chosen)


def test_the_published_file_holds_only_the_councils_own_choices():
    """The build leaves out the defaults (Python fills them in as it reads the file) and the rules
    and names of other tools, which a council's settings give for every tool at once."""
    settings = council("northshire")
    published = json.loads(published_text(settings))
    assert published["tools"], "northshire chose nothing: the test would prove nothing"
    for tree_id, chosen in published["tools"].items():
        tree = get_tree(tree_id)
        assert chosen and set(chosen) <= {"variants", "names"} and all(chosen.values()), tree_id
        assert chosen.get("variants", {}) == {k: v for k, v in settings.variants.items() if k in tree.default_variants()}
        assert chosen.get("names", {}) == {k: v for k, v in settings.tool_names().items() if k in tree.default_names()}
    # A tool the council chose nothing for is left out; so is another tool's rule.
    tools = {"allocation": own_choices("allocation", {}, {}),
             "threshold": own_choices("threshold", {"sen_lead": "senco_should"}, {"Role": "Key contact"})}
    assert json.loads(settings_content("", "", tools))["tools"] == {"threshold": {"names": {"Role": "Key contact"}}}


BAD = {
    "not JSON": "{council",
    "not an object": "[]",
    "too deep": '{"tools": ' + "[" * 3000 + "]" * 3000 + "}",
    "too long": json.dumps({"council": "x" * (browser.MAX_SETTINGS + 1)}),
    "an unknown key": json.dumps({"variants": {}}),
    "an unknown tree": json.dumps({"tools": {"nope": {}}}),
    "a tool that is not an object": json.dumps({"tools": {"allocation": []}}),
    "an unknown key for a tool": json.dumps({"tools": {"allocation": {"council": "x"}}}),
    "an unknown local rule": json.dumps({"tools": {"allocation": {"variants": {"nope": "x"}}}}),
    "a rule of another tool": json.dumps({"tools": {"threshold": {"variants": {"sen_lead": "senco_may"}}}}),
    "a choice a rule does not have": json.dumps({"tools": {"allocation": {"variants": {"sen_lead": "nope"}}}}),
    "a choice that is not text": json.dumps({"tools": {"allocation": {"variants": {"sen_lead": 3}}}}),
    "rules that are not an object": json.dumps({"tools": {"allocation": {"variants": ["sen_lead"]}}}),
    "an unknown name": json.dumps({"tools": {"engagement": {"names": {"nope": "x"}}}}),
    "a name that is not text": json.dumps({"tools": {"engagement": {"names": {"front_door": ["x"]}}}}),
    "an empty name": json.dumps({"tools": {"engagement": {"names": {"front_door": " "}}}}),
    "a council that is not text": json.dumps({"council": 7}),
    "an edition that is not text": json.dumps({"edition": ["x"]}),
    "scenarios, which have a file of their own": json.dumps({"scenarios": []}),
}


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_settings_python_cannot_use_get_a_plain_failure_and_change_nothing(text):
    assert json.loads(browser.configure(json.dumps({"council": "Testshire"}))) == {"ok": True}
    reply = json.loads(browser.configure(text))
    assert reply["ok"] is False and reply["message"] == browser.SETTINGS_FAILED and reply["problem"]
    assert browser.configured().council == "Testshire"  # the settings held before stay
    with pytest.raises(browser.SettingsError):
        browser.read_settings(text)


@pytest.mark.parametrize("raw", [None, 7, b"{}"])
def test_settings_that_are_not_text_get_a_plain_failure(raw):
    reply = json.loads(browser.configure(raw))
    assert reply["ok"] is False and reply["message"] == browser.SETTINGS_FAILED


def enquiry() -> dict:
    from decision.training.files import parse_toml
    path = ROOT / "training" / "scenarios" / "08-an-enquiry-begins.toml"
    return parse_toml(path.read_text(), path.stem).to_json()


def test_the_same_scenario_id_twice_is_refused():
    scenario = enquiry()
    reply = json.loads(browser.configure_scenarios(json.dumps([scenario, scenario])))
    assert reply["ok"] is False and reply["message"] == browser.SCENARIOS_FAILED and "given twice" in reply["problem"]


BAD_SCENARIOS = {
    "not JSON": "[",
    "too long": json.dumps(["x" * (browser.MAX_SETTINGS + 1)]),
    "too deep": "[" * 3000 + "]" * 3000,
    "scenarios that are not a list": json.dumps({"scenarios": []}),
    "a scenario that is not an object": json.dumps(["x"]),
    "a scenario of an unknown tool": json.dumps([{"id": "a", "tree": "nope"}]),
}


@pytest.mark.parametrize("text", BAD_SCENARIOS.values(), ids=BAD_SCENARIOS.keys())
def test_scenarios_python_cannot_use_get_a_plain_failure_and_change_nothing(text):
    assert json.loads(browser.configure_scenarios(json.dumps([enquiry()]))) == {"ok": True}
    reply = json.loads(browser.configure_scenarios(text))
    assert reply["ok"] is False and reply["message"] == browser.SCENARIOS_FAILED and reply["problem"]
    assert list(browser.configured().scenarios) == [enquiry()["id"]]  # the scenarios held before stay
    with pytest.raises(browser.SettingsError):
        browser.read_scenarios(text)


def test_the_scenarios_are_given_apart_and_keep_the_settings_given_before():
    """The worker gives the settings as it starts and the scenarios (their own file) only at a
    training page's first feedback request: until then Python holds none, and giving them keeps
    the council's settings."""
    settings = published_text(council("northshire"))
    assert json.loads(browser.configure(settings)) == {"ok": True}
    assert browser.configured().scenarios == {}
    before = browser.configured()
    assert json.loads(browser.configure_scenarios(json.dumps([enquiry()]))) == {"ok": True}
    after = browser.configured()
    assert list(after.scenarios) == [enquiry()["id"]]
    assert (after.council, after.edition, after.tools) == (before.council, before.edition, before.tools)
    request = {"action": "feedback", "scenario": enquiry()["id"], "answers": enquiry()["answers"]}
    assert json.loads(browser.handle(json.dumps(request)))["ok"]


def test_the_build_stops_on_a_file_python_would_refuse():
    """The build reads each file it publishes back with the function the worker's Python uses
    (read_settings, read_scenarios), so a file Python would refuse stops the build."""
    from mkdocs.exceptions import PluginError
    from handbook_build.published import read_back, read_back_scenarios, scenarios_content
    assert set(read_back_scenarios(scenarios_content([enquiry()]))) == {enquiry()["id"]}
    with pytest.raises(PluginError, match="the published scenarios: Python refuses them"):
        read_back_scenarios(scenarios_content([enquiry(), enquiry()]))
    with pytest.raises(PluginError, match="the published settings: Python refuses them"):
        read_back(json.dumps({"scenarios": [enquiry()]}).encode())
