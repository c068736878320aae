"""Foreseen steps: the views a reader can reach from a tool's first question by single-choice
answers, worked out at build time by the same entry point the browser's worker calls.

On a slow phone the runtime takes many seconds to arrive. Until it is ready, lp-tools.js draws a
step from this file when the reader's answers match one of its keys; the first step that is not
here (free text, ticks, the practitioners' list, Back and Change) waits for Python as before.
Python stays the only source of rules: each view is `decision.browser.handle`'s own reply, and the
page only looks it up. Once Python is ready it answers everything, and the page checks the step
on screen against it (tests fail on any difference).

Every tree is foreseen in full: the whole handbook's single-choice steps take about 140 views, and
the largest tree's file about 10 kB compressed, well inside the 60 kB a tool page may spend on them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from decision import get_tree
from decision.browser import handle

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


def page_settings(tree_id: str, variants: dict[str, str], names: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The local rules and names a tool's page sends, from a council's settings: each of the tree's
    local rules and names, the council's choice where it made one and the default otherwise."""
    tree = get_tree(tree_id)
    defaults = tree.default_variants()
    return (defaults | {key: value for key, value in variants.items() if key in defaults},
            {name.id: names.get(name.id, name.default) for name in tree.names})


def request_for(tree_id: str, variants: dict[str, str], names: dict[str, str], council: str,
                answers: dict[str, Any]) -> dict[str, Any]:
    """What the page sends for these answers (lp-tools.js requestFor)."""
    return {"tree": tree_id, "variants": variants, "names": names, "council": council, "answers": answers}


def view_for(request: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(handle(json.dumps(request)))
    if not reply.get("ok"):
        raise ForeseenError(f"tree {request['tree']}: no view for answers {request['answers']}: {reply.get('message')}")
    return reply["view"]


def foreseen_views(tree_id: str, variants: dict[str, str], names: dict[str, str], council: str) -> dict[str, Any]:
    """Answers key -> view, for every step reached from the first question by choosing one option
    (or none: Continue without a choice shows the question's error) at each single-choice question."""
    views: dict[str, Any] = {}
    waiting = [view_for(request_for(tree_id, variants, names, council, {}))]
    while waiting:
        view = waiting.pop()
        question = view.get("question") if view.get("kind") == "question" else None
        if not question or question.get("kind") != SINGLE_CHOICE:
            continue
        for choice in [option["id"] for option in question["options"]] + [""]:
            answers = {**view["state"], question["id"]: choice}
            key = answers_key(answers)
            if key is None or key in views:
                continue
            following = view_for(request_for(tree_id, variants, names, council, answers))
            views[key] = following
            if len(views) > MAX_VIEWS:
                raise ForeseenError(f"tree {tree_id}: more than {MAX_VIEWS} foreseen steps")
            if following["state"] != view["state"]:  # an answer taken: its next step may be foreseen too
                waiting.append(following)
    return views


def foreseen_file(tree_id: str, variants: dict[str, str], names: dict[str, str], council: str) -> bytes:
    views = foreseen_views(tree_id, variants, names, council)
    return json.dumps({"tree": tree_id, "views": views}, ensure_ascii=False, separators=(",", ":")).encode()


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
