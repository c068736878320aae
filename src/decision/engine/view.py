"""The JSON-ready view of a step: everything the renderer (`markup`) makes the step's HTML from,
and nothing it has to work out for itself. The renderer holds no rules, so every sentence, label
and link target the reader sees is decided here. The page gets the view too (the step's state,
heading and announcement, and for training mode's feedback).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from .answers import MAX_TEXT_LENGTH
from .model import PRACTITIONERS, Detail, Outcome, Question, Tree
from .resolver import Accepted, Step
from ..trees.sources import describe  # the documents the rules come from are policy, kept with the trees

Fill = Callable[[str], str]
LEAD_LABEL = "{Role}"  # what the line naming who leads starts with; every tree declares the role's names
PLACEHOLDER = re.compile(r"\{([A-Za-z][a-z0-9_]*)\}")  # {Role}: the role at the start of a sentence


def filler(tree: Tree, names: Mapping[str, str] | None = None) -> Fill:
    """Puts a council's names ({front_door} and the like) into text the tree's authors wrote.
    Never applied to what a reader typed, so their text is shown exactly as typed."""
    values = tree.default_names()
    for key, value in (names or {}).items() if isinstance(names, Mapping) else ():
        if key in values and isinstance(value, str) and value.strip():
            values[key] = value.strip()[:120]
    return lambda text: PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def step_view(step: Step, council: str = "", names: Mapping[str, str] | None = None) -> dict[str, Any]:
    fill = filler(step.tree, names)
    view: dict[str, Any] = {
        "tree": step.tree.id,
        "version": step.tree.version,
        "title": fill(step.tree.title),
        "state": step.state(),
        "answers": [_answer_row(a, fill) for a in _other_answers(step)],
        "notices": list(step.dropped),
        "back": _back(step),
        "number": len(step.answered_before) + 1,
        # Start again, once there is anything to undo: any answer kept, or a result shown.
        "restart": isinstance(step.node, Outcome) or bool(step.state()),
    }
    if isinstance(step.node, Outcome):
        view["kind"] = "outcome"
        view["outcome"] = _outcome(step, step.node, council, fill)
        view["heading"] = view["outcome"]["title"]
        view["announce"] = f"Result: {view['heading']}"
    else:
        view["kind"] = "question"
        view["question"] = _question(step, step.node, fill)
        view["heading"] = view["question"]["text"]
        view["announce"] = (f"There is a problem: {view['question']['error']}" if step.error
                            else f"Question {view['number']}: {view['heading']}")
    return view


def _other_answers(step: Step) -> tuple[Accepted, ...]:
    """The answers listed under "Your answers": every answer used, except the one being changed
    when an answered question is shown again (so changing the first answer still lists the rest)."""
    return tuple(a for index, a in enumerate(step.accepted) if index != step.position)


def _answer_row(accepted: Accepted, fill: Fill) -> dict[str, str]:
    question = accepted.question
    typed = question.kind == PRACTITIONERS or question.generated_options  # labels made from typed text
    return {
        "question_id": question.id,
        "question": fill(question.text),
        "summary": fill(question.summary),
        "answer": accepted.label if typed else fill(accepted.label),
        "change_what": _lower_first(fill(question.summary)),  # read as "Change <this>"
    }


def _lower_first(text: str) -> str:
    """'Child's situation' -> 'child's situation', leaving abbreviations such as 'EHCP' alone."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _back(step: Step) -> str | None:
    before = step.answered_before
    return before[-1].question.id if before else None


def _question(step: Step, question: Question, fill: Fill) -> dict[str, Any]:
    options = [{"id": o.id, "label": fill(o.label), "hint": fill(o.hint), "exclusive": o.exclusive}
               for o in question.options]
    generated = [{"id": i, "label": label, "hint": "", "exclusive": False} for i, label in step.generated]
    return {
        "id": question.id,
        "kind": question.kind,
        "text": fill(question.text),
        "hint": fill(question.hint),
        "options": generated + options,
        "error": fill(step.error) if step.error else None,
        "value": step.value,
        "max_items": question.max_items,
        # what a typed role or agency may hold, so the form cannot take more than Python accepts
        "max_length": MAX_TEXT_LENGTH if question.kind == PRACTITIONERS else None,
    }


def _outcome(step: Step, outcome: Outcome, council: str, fill: Fill) -> dict[str, Any]:
    detail = step.tree.details[outcome.detail](step.context) if outcome.detail else Detail()
    return {
        "id": outcome.id,
        "title": fill(outcome.title),
        "lead": detail.lead or fill(outcome.lead),  # a detail's lead may be typed text: not filled
        "lead_label": fill(LEAD_LABEL),  # "Lead professional", or the council's own name for the role
        "reasons": [fill(r) for r in outcome.reasons] + list(detail.reasons),
        "next_steps": [fill(n) for n in outcome.next_steps],
        "notes": [fill(n) for n in outcome.notes],
        "sources": [describe(s.document, s.section) for s in outcome.sources],
        "local_rules": [_local_rule(step, outcome.local_rule, council, fill)] if outcome.local_rule else [],
        "table": _table(detail),
        "offers": _offers(step, outcome, fill),
    }


def _offers(step: Step, outcome: Outcome, fill: Fill) -> list[dict[str, str]]:
    """Buttons that show an earlier question again with another answer chosen (see model.Offer).
    Only for a question answered on the way here, since only that can be asked again."""
    answered = {a.question.id for a in step.accepted}
    return [{"label": fill(offer.label), "ask": offer.question, "answer": offer.answer}
            for offer in outcome.offers if offer.question in answered]


def _local_rule(step: Step, variant_id: str, council: str, fill: Fill) -> str:
    variant = step.tree.variant(variant_id)
    chosen = step.context.variants[variant_id]
    meaning = fill(variant.choices[chosen])
    if council:
        return f"This is a local rule: the source documents differ on it, and {council} follows this one: {meaning}"
    if chosen != variant.default:
        return f"This is a local rule: the source documents differ on it, and this site follows this one: {meaning}"
    return (f"This is a local rule: the source documents differ on it, and this handbook's default is: "
            f"{meaning} Check your own area's guidance.")


def _table(detail: Detail) -> dict[str, Any] | None:
    if not detail.table:
        return None
    return {"caption": detail.table_caption, "head": list(detail.table[0]),
            "rows": [list(row) for row in detail.table[1:]]}
