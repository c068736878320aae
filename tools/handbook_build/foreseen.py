"""Foreseen steps: the steps a reader can reach from a tool's first question by single-choice
answers, worked out at build time by the same entry point the browser's worker calls.

On a slow phone the runtime takes many seconds to arrive. Until it is ready, lp-tools.js draws a
step from this file when the reader's answers match one of its keys; the first step that is not
here (free text, ticks, the practitioners' list, Back and Change) waits for Python as before.
Python stays the only source of rules and of markup: each step is `decision.browser.handle`'s own
reply (its view, and its markup from the one renderer, engine/markup.py), under the council's
settings as Python reads them from the file the build publishes (published.py), and the page
only looks it up and inserts the markup, as it does the worker's. Once Python is ready it answers everything,
and the page checks the step on screen against it (tests fail on any difference).

The markup is drawn for the tool's id in its page, which the ids of its fields start with: the
first copy of a tool on a page (`lp-` and the tree's id), as nearly every page has it. Another
copy of the same tool on a page waits for Python.

Every tree is foreseen in full: the whole handbook's single-choice steps take about 140 steps, and
the largest tree's file about 17 kB compressed (gzip; 10 kB before it held the markup), well inside
the 60 kB a tool page may spend on them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from decision.browser import Settings, handle
from decision.engine.markup import tool_id

# Only answers the page can key exactly as Python does: ids, and "" for Continue with no choice.
PLAIN_ANSWER = re.compile(r"[A-Za-z0-9_-]*")
SINGLE_CHOICE = "choice"  # the view's question kind for radio buttons (lp-tools.js readAnswer)
MAX_VIEWS = 2000  # a tree this large would be a mistake: the build says so rather than ship megabytes


class ForeseenError(ValueError):
    pass


def answers_key(answers: dict[str, Any]) -> str | None:
    """The key lp-tools.js makes from the same answers (answersKey there): JSON with sorted keys
    and no spaces. None for answers the page does not look up."""
    if not all(isinstance(value, str) and PLAIN_ANSWER.fullmatch(value) and PLAIN_ANSWER.fullmatch(key)
               for key, value in answers.items()):
        return None
    return json.dumps(answers, sort_keys=True, separators=(",", ":"))


def foreseen_uid(tree_id: str) -> str:
    """The id of the first copy of a tool in its page (widget.py), which foreseen markup is drawn for."""
    return tool_id(tree_id)


def request_for(tree_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    """What the page sends for these answers (lp-tools.js requestFor), from the tool's first copy:
    the council's settings are not in it, as Python has them already (published.py)."""
    return {"tree": tree_id, "answers": answers, "uid": foreseen_uid(tree_id)}


def reply_for(request: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The worker's reply to the request, once it has the council's settings: {"ok": True, "view": ..., "html": ...}."""
    reply = json.loads(handle(json.dumps(request), settings))
    if not reply.get("ok"):
        raise ForeseenError(f"tree {request['tree']}: no view for answers {request['answers']}: {reply.get('message')}")
    return reply


def foreseen_replies(tree_id: str, settings: Settings) -> dict[str, Any]:
    """Answers key -> the worker's reply, for every step reached from the first question by choosing
    one option (or none: Continue without a choice shows the question's error) at each
    single-choice question, under the council's settings as Python reads them from the published file."""
    replies: dict[str, Any] = {}
    waiting = [reply_for(request_for(tree_id, {}), settings)["view"]]
    while waiting:
        view = waiting.pop()
        question = view.get("question") if view.get("kind") == "question" else None
        if not question or question.get("kind") != SINGLE_CHOICE:
            continue
        for choice in [option["id"] for option in question["options"]] + [""]:
            answers = {**view["state"], question["id"]: choice}
            key = answers_key(answers)
            if key is None or key in replies:
                continue
            replies[key] = reply_for(request_for(tree_id, answers), settings)
            following = replies[key]["view"]
            if len(replies) > MAX_VIEWS:
                raise ForeseenError(f"tree {tree_id}: more than {MAX_VIEWS} foreseen steps")
            if following["state"] != view["state"]:  # an answer taken: its next step may be foreseen too
                waiting.append(following)
    return replies


def foreseen_file(tree_id: str, settings: Settings) -> bytes:
    """The tool's foreseen steps as the page reads them: under "views", each answers key's view,
    with the markup the renderer made from it, for the tool whose id is "uid", as its last entry,
    "html" (lp-tools.js takes it out again, and the rest is the worker's view). Each view beside its
    own markup, rather than all the markup after all the views, so that the server's gzip, whose
    window is 32 kB, finds the texts they share: 17 kB instead of 21 kB for the largest tree."""
    replies = foreseen_replies(tree_id, settings)
    views = {key: {**reply["view"], "html": reply["html"]} for key, reply in replies.items()}
    content = {"tree": tree_id, "uid": foreseen_uid(tree_id), "views": views}
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def single_choice_route(views: dict[str, Any], question: str, options: list[str], length: int) -> list[tuple]:
    """Answers that lead from the first question (`question`, with its option ids) through `length`
    single choices, in a file's foreseen views: [(question id, option id, the view that follows)],
    every view but the last being another single-choice question. [] if there is no such route.
    For the tests and the benchmark, which answer a tool as a reader on a slow phone would."""
    def walk(state: dict[str, Any], asked: str, choices: list[str], route: list) -> list | None:
        for choice in choices:
            following = views.get(answers_key({**state, asked: choice}) or "")
            if not following or following["state"] == state:
                continue
            step = route + [(asked, choice, following)]
            if len(step) == length:
                return step
            next_question = following.get("question") if following["kind"] == "question" else None
            if next_question and next_question["kind"] == SINGLE_CHOICE:
                found = walk(following["state"], next_question["id"], [o["id"] for o in next_question["options"]], step)
                if found:
                    return found
        return None
    return walk({}, question, options, []) or []
