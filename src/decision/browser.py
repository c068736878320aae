"""The one entry point the browser's worker calls: a JSON request in, a JSON reply out.

Every failure becomes a plain reply the page can show, with a way to start again, so a
tampered address or a bug in a tree never leaves a reader looking at a blank tool.
"""

from __future__ import annotations

import json
import traceback
from typing import Any

from .registry import get_tree
from .resolver import resolve
from .view import step_view

MAX_REQUEST = 20_000  # characters; a real request is a few hundred


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
    try:
        request = json.loads(request_json)
    except ValueError:
        return _failure("The tool could not read its answers. Start again.")
    if not isinstance(request, dict):
        return _failure("The tool could not read its answers. Start again.")
    try:
        tree = get_tree(request.get("tree"))
    except (KeyError, TypeError):
        return _failure("This page asked for a tool that does not exist.")
    ask = request.get("ask") if isinstance(request.get("ask"), str) else None
    step = resolve(tree, request.get("answers"), request.get("variants"), ask=ask)
    view = step_view(step, council=_text(request.get("council")), names=request.get("names"))
    if request.get("version") not in (None, tree.version) and step.accepted:
        view["notices"].insert(0, "This tool has changed since the link you followed was made. "
                                  "Check your answers below.")
    return {"ok": True, "view": view}


def _text(value: Any) -> str:
    return value[:80] if isinstance(value, str) else ""


def _failure(message: str) -> dict[str, Any]:
    return {"ok": False, "message": message}
