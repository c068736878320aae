"""The one entry point the browser's worker calls: a JSON request in, a JSON reply out.

Every failure becomes a plain reply the page can show, with a way to start again, so a
tampered address or a bug in a tree never leaves a reader looking at a blank tool.

The top of the package: it reaches the tools, the meeting kit and training through ACTIONS, and
nothing in the package imports it.
"""

from __future__ import annotations

import importlib
import json
import traceback
from dataclasses import replace
from typing import Any, Callable

from .engine import answers as checks
from .engine.answers import check, text_field
from .engine.markup import step_html
from .engine.model import Question
from .trees.registry import get_tree
from .engine.resolver import Step, resolve
from .engine.view import step_view

# Characters. A tool's request is a few hundred; a long meeting record (many people, reviews and
# notes) can reach tens of thousands. The request never leaves the reader's own browser, so the
# limit only stops the page spending long on something no reader would send.
MAX_REQUEST = 200_000

# The tool's id in its page (lp-tools.js sends it as "uid"), which the ids in a step's markup start
# with: the build's own ids are "lp-" and a tree id, with "-2" and so on for a second copy.
MAX_UID = 100
UID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

# request["action"] -> "module:function". Modules are imported when first asked for, so a page
# with one tool loads only what that tool needs. Each handler takes the request dict and returns
# the reply dict ({"ok": True, ...} or {"ok": False, "message": ...}).
ACTIONS: dict[str, str] = {
    "resolve": "decision.browser:resolve_request",
    "feedback": "decision.training.scenarios:feedback_request",
    "meeting": "decision.meeting.kit:meeting_request",
}


def handle(request_json: str) -> str:
    try:
        reply = _handle(request_json)
    except Exception:  # noqa: BLE001 - anything unexpected must still produce a reply
        traceback.print_exc()
        reply = _failure("Something went wrong in this tool. Start again, and if it happens again, "
                         "use the written rules on this page.")
    return json.dumps(reply, ensure_ascii=False)


def _handle(request_json: str) -> dict[str, Any]:
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
    return _handler(action)(request)


def _handler(action: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    module, _, function = ACTIONS[action].partition(":")
    return getattr(importlib.import_module(module), function)


def resolve_request(request: dict[str, Any]) -> dict[str, Any]:
    """A step of a decision tool: the answers so far in; out, the JSON view of the next step and
    its markup, from the renderer the build uses (engine.markup), for the page to insert."""
    try:
        tree = get_tree(request.get("tree"))
    except (KeyError, TypeError):
        return _failure("This page asked for a tool that does not exist.")
    ask = request.get("ask") if isinstance(request.get("ask"), str) else None
    step = resolve(tree, request.get("answers"), request.get("variants"), ask=ask)
    if ask and "choose" in request:
        step = _choose(step, request.get("choose"))
    view = step_view(step, council=text_field(request.get("council")), names=request.get("names"))
    current = tree.version_for(request.get("variants"), request.get("names"))  # as the page's data-version
    if request.get("version") not in (None, current) and step.accepted:
        view["notices"].insert(0, "This tool has changed since the link you followed was made. "
                                  "Check your answers below.")
    return {"ok": True, "view": view, "html": step_html(view, _uid(request.get("uid"), tree.id))}


def _uid(raw: Any, tree_id: str) -> str:
    """The page's id for the tool, if it is one the build could have made; the first copy's otherwise."""
    if (isinstance(raw, str) and raw.startswith("lp-") and len(raw) <= MAX_UID
            and UID_CHARACTERS.issuperset(raw)):
        return raw
    return f"lp-{tree_id}"


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
