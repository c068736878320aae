"""The one entry point the browser's worker calls: a JSON request in, a JSON reply out.

Every failure becomes a plain reply the page can show, with a way to start again, so a
tampered address or a bug in a tree never leaves a reader looking at a blank tool.

A council's settings (its local rules and names for each tool, its name and the handbook's
edition) reach Python once: the build publishes them beside the runtime
(tools/handbook_build/published.py), and the worker hands them to `configure` when it starts,
before it answers anything. The training scenarios are published in a file of their own, which
only a page that asks for feedback on a scenario makes the worker fetch: it hands them to
`configure_scenarios` once, before that first request. Requests then carry only what is asked.
Until `configure` is called (the command line, the tests), the handbook's defaults apply.

The top of the package: it reaches the tools, the meeting kit and training through ACTIONS, and
nothing in the package imports it.
"""

from __future__ import annotations

import importlib
import json
import traceback
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from .engine import answers as checks
from .engine.answers import check, text_field
from .engine.markup import step_html, tool_id
from .engine.model import Question
from .engine.model import Tree
from .trees.registry import get_tree, tree_ids
from .engine.resolver import Step, resolve
from .engine.view import step_view

# Characters. A tool's request is a few hundred; a long meeting record (many people, reviews and
# notes) can reach tens of thousands. The request never leaves the reader's own browser, so the
# limit only stops the page spending long on something no reader would send.
MAX_REQUEST = 200_000

# The tool's id in its page (lp-tools.js sends it as "uid"), which the ids in a step's markup start
# with: the build's own are engine.markup.tool_id's, "lp-" and a tree id ("-2" and so on for a
# second copy of a tool).
MAX_UID = 100
UID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

# request["action"] -> "module:function". Modules are imported when first asked for, so a page
# with one tool loads only what that tool needs. Each handler takes the request dict and the
# council's Settings, and returns the reply dict ({"ok": True, ...} or {"ok": False, "message": ...}).
ACTIONS: dict[str, str] = {
    "resolve": "decision.browser:resolve_request",
    "feedback": "decision.training.scenarios:feedback_request",
    "meeting": "decision.meeting.kit:meeting_request",
}


# ------------------------------------------------------------------------------------------
# The council's settings, given once
# ------------------------------------------------------------------------------------------

SETTINGS_KEYS = ("council", "edition", "tools")
TOOL_KEYS = ("variants", "names")
MAX_SETTINGS = 2_000_000  # characters: each published file (settings, scenarios) is tens of kB
SETTINGS_FAILED = ("This handbook's settings for its tools could not be read, so the tools cannot run. "
                   "Use the written rules on this page.")
SCENARIOS_FAILED = ("This handbook's training scenarios could not be read, so they cannot be checked here. "
                    "Use the answer sheet.")


class SettingsError(ValueError):
    """Settings Python cannot use; the message says what is wrong, in one line."""


@dataclass(frozen=True)
class Settings:
    """What a council's build tells Python: its name, the handbook's edition (for the meeting
    kit's record), each tool's local rules and names (every one of the tree's, the council's
    choice or the default: `tool_settings`), and the training scenarios its site shows, by id
    (given apart, by `configure_scenarios`: none until then)."""

    council: str = ""
    edition: str = ""
    tools: Mapping[str, tuple[dict[str, str], dict[str, str]]] = field(default_factory=dict)
    scenarios: Mapping[str, Any] = field(default_factory=dict)  # id -> decision.training.scenarios.Scenario

    def tool(self, tree: Tree) -> tuple[dict[str, str], dict[str, str]]:
        """The tool's local rules and names: as read from the council's settings, or, for a tool
        they leave out, the tree's defaults (`tool_settings` with no choices)."""
        found = self.tools.get(tree.id)
        if found is None:
            return tool_settings(tree)
        return dict(found[0]), dict(found[1])


DEFAULTS = Settings()
_configured = DEFAULTS


def configure(settings_json: str) -> str:
    """Take the council's settings (the published file's text) for every later request. A reply
    as for a request: {"ok": true}, or {"ok": false, "message": ..., "problem": ...}, and then the
    settings held before stay."""
    global _configured
    try:
        _configured = read_settings(settings_json)
    except SettingsError as problem:  # the worker reports the problem, and the page offers the written rules
        return json.dumps(_failure(SETTINGS_FAILED) | {"problem": str(problem)}, ensure_ascii=False)
    return json.dumps({"ok": True})


def configure_scenarios(scenarios_json: str) -> str:
    """Take the training scenarios (the published scenarios file's text) into the settings held,
    for every later request; the worker gives them once, after `configure`, before the first
    feedback request. A reply as for `configure`; scenarios it refuses leave those held before."""
    global _configured
    try:
        _configured = replace(_configured, scenarios=read_scenarios(scenarios_json))
    except SettingsError as problem:
        return json.dumps(_failure(SCENARIOS_FAILED) | {"problem": str(problem)}, ensure_ascii=False)
    return json.dumps({"ok": True})


def configured() -> Settings:
    """The settings `configure` was last given (the defaults until then)."""
    return _configured


def read_settings(settings_json: str) -> Settings:
    """The published settings, each part checked: unknown keys, trees, rules, choices and names,
    and values of the wrong kind, are refused. Raises SettingsError."""
    data = _json(settings_json, "the settings")
    _keys(data, SETTINGS_KEYS, "the settings")
    council, edition = (_text(data.get(key, ""), key) for key in ("council", "edition"))
    tools = data.get("tools", {})
    _keys(tools, tree_ids(), "tools")
    return Settings(council=text_field(council), edition=edition,
                    tools={tree_id: _tool(get_tree(tree_id), raw) for tree_id, raw in tools.items()})


def read_scenarios(scenarios_json: str) -> dict[str, Any]:
    """The published training scenarios (a JSON list), by id, each checked as the build checks a
    scenario file's content. Raises SettingsError."""
    return _scenarios(_json(scenarios_json, "the scenarios"))


def _json(text: Any, what: str) -> Any:
    if not isinstance(text, str) or len(text) > MAX_SETTINGS or checks.too_deep(text):
        raise SettingsError(f"{what} are not a JSON text of a usable size")
    try:
        return json.loads(text)
    except ValueError:
        raise SettingsError(f"{what} are not JSON") from None


def _keys(value: Any, known: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise SettingsError(f"{where} must be an object")
    unknown = [key for key in value if key not in known]
    if unknown:
        raise SettingsError(f"{where}: '{checks.short(unknown[0])}' is not one of {', '.join(known) or 'nothing'}")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"{where} must be text")
    return value


NO_CHOICES: dict[str, str] = {}  # a council that chose nothing for a tool (never changed)


def tool_settings(tree: Tree, variants: Any = NO_CHOICES,
                  names: Any = NO_CHOICES) -> tuple[dict[str, str], dict[str, str]]:
    """A tool's local rules and names, every one of the tree's: the council's choice where it made
    one, the tree's default otherwise. The one place a tool's defaults are filled in: for the
    published settings as they are read (`read_settings`, which the build's pages use too), and for
    a tool they leave out (`Settings.tool`). `variants` and `names` are the council's choices for
    this tool; a rule or name the tree does not have, a choice its rule does not offer, and a name
    that is not text are refused (SettingsError)."""
    where = f"tools.{tree.id}"
    filled = tree.default_variants()
    _keys(variants, [v.id for v in tree.variants], f"{where}.variants")
    for variant in tree.variants:
        value = variants.get(variant.id, filled[variant.id])
        if value not in variant.choices:
            raise SettingsError(f"{where}.variants.{variant.id}: '{checks.short(value)}' is not one of its choices")
        filled[variant.id] = value
    named = tree.default_names()
    _keys(names, [n.id for n in tree.names], f"{where}.names")
    for name_id, value in names.items():
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"{where}.names.{name_id} must be text")
        named[name_id] = value
    return filled, named


def _tool(tree: Tree, raw: Any) -> tuple[dict[str, str], dict[str, str]]:
    _keys(raw, TOOL_KEYS, f"tools.{tree.id}")
    return tool_settings(tree, raw.get("variants", NO_CHOICES), raw.get("names", NO_CHOICES))


def _scenarios(raw: Any) -> dict[str, Any]:
    """The training scenarios, each checked as the build checks a scenario file's content."""
    if not isinstance(raw, list):
        raise SettingsError("scenarios must be a list")
    if not raw:
        return {}
    from .training.scenarios import ScenarioError, parse  # only a handbook with training has any
    found = {}
    for number, item in enumerate(raw):
        if not isinstance(item, dict):
            raise SettingsError(f"scenarios[{number}] must be an object")
        scenario_id = item.get("id")
        try:
            scenario = parse({key: value for key, value in item.items() if key != "id"}, scenario_id)
        except ScenarioError as problem:
            raise SettingsError(f"scenarios[{number}]: {problem}") from None
        if scenario.id in found:
            raise SettingsError(f"scenarios[{number}]: the id '{scenario.id}' is given twice")
        found[scenario.id] = scenario
    return found


# ------------------------------------------------------------------------------------------
# Requests
# ------------------------------------------------------------------------------------------

def handle(request_json: str, settings: Settings | None = None) -> str:
    """A request's reply, under `settings` (the build's foreseen steps give them) or else those
    `configure` was given (the worker's case)."""
    try:
        reply = _handle(request_json, settings or _configured)
    except Exception:  # noqa: BLE001 - anything unexpected must still produce a reply
        traceback.print_exc()
        reply = _failure("Something went wrong in this tool. Start again, and if it happens again, "
                         "use the written rules on this page.")
    return json.dumps(reply, ensure_ascii=False)


def _handle(request_json: str, settings: Settings) -> dict[str, Any]:
    if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST:
        return _failure("The tool was sent more than it can read. Start again.")
    if checks.too_deep(request_json):  # refused before parsing: thousands of levels crash Python in the browser
        return _failure("The tool could not read its answers. Start again.")
    try:
        request = json.loads(request_json)
    except ValueError:
        return _failure("The tool could not read its answers. Start again.")
    if not isinstance(request, dict):
        return _failure("The tool could not read its answers. Start again.")
    action = request.get("action", "resolve")
    if action not in ACTIONS:
        return _failure("This page asked the tool for something it does not do.")
    return _handler(action)(request, settings)


def _handler(action: str) -> Callable[[dict[str, Any], Settings], dict[str, Any]]:
    module, _, function = ACTIONS[action].partition(":")
    return getattr(importlib.import_module(module), function)


def resolve_request(request: dict[str, Any], settings: Settings = DEFAULTS) -> dict[str, Any]:
    """A step of a decision tool: {tree, answers, ask, choose, uid, version} in; out, the JSON view
    of the next step and its markup, from the renderer the build uses (engine.markup), for the
    page to insert. The tool's local rules and names, and the council's name, are the settings'."""
    try:
        tree = get_tree(request.get("tree"))
    except (KeyError, TypeError):
        return _failure("This page asked for a tool that does not exist.")
    variants, names = settings.tool(tree)
    ask = request.get("ask") if isinstance(request.get("ask"), str) else None
    step = resolve(tree, request.get("answers"), variants, ask=ask)
    if ask and "choose" in request:
        step = _choose(step, request.get("choose"))
    view = step_view(step, council=settings.council, names=names)
    current = tree.version_for(variants, names)  # as the page's data-version
    if request.get("version") not in (None, current) and step.accepted:
        view["notices"].insert(0, "This tool has changed since the link you followed was made. "
                                  "Check your answers below.")
    return {"ok": True, "view": view, "html": step_html(view, _uid(request.get("uid"), tree.id))}


def _uid(raw: Any, tree_id: str) -> str:
    """The page's id for the tool, if it is one the build could have made; the first copy's otherwise."""
    if (isinstance(raw, str) and raw.startswith("lp-") and len(raw) <= MAX_UID
            and UID_CHARACTERS.issuperset(raw)):
        return raw
    return tool_id(tree_id)


def _choose(step: Step, raw: Any) -> Step:
    """An answered question shown again with another of its answers chosen, ready for Continue
    (an outcome's offer): the reader's answers are kept as they are until then. An answer the
    question does not have is ignored, and the reader's own stays chosen."""
    if step.position is None or not isinstance(step.node, Question) or not isinstance(raw, str):
        return step
    checked = check(step.node, raw, step.generated)
    return step if checked.problem else replace(step, value=checked.value)


def _failure(message: str) -> dict[str, Any]:
    return {"ok": False, "message": message}
