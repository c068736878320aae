"""The JSON-ready view of a step: everything the browser's renderer draws, and nothing it has
to work out for itself. The renderer holds no rules, so every sentence, label and link target
the reader sees is decided here.
"""

from __future__ import annotations

from typing import Any

from .model import Detail, Outcome, Question
from .resolver import Step
from .sources import describe


def step_view(step: Step, council: str = "") -> dict[str, Any]:
    view: dict[str, Any] = {
        "tree": step.tree.id,
        "version": step.tree.version,
        "title": step.tree.title,
        "state": step.state(),
        "answers": [_answer_row(a) for a in step.answered_before],
        "notices": list(step.dropped),
        "back": _back(step),
        "number": len(step.answered_before) + 1,
    }
    if isinstance(step.node, Outcome):
        view["kind"] = "outcome"
        view["outcome"] = _outcome(step, step.node, council)
        view["heading"] = step.node.title
        view["announce"] = f"Result: {step.node.title}"
    else:
        view["kind"] = "question"
        view["question"] = _question(step, step.node)
        view["heading"] = step.node.text
        view["announce"] = (f"There is a problem: {step.error}" if step.error
                            else f"Question {view['number']}: {step.node.text}")
    return view


def _answer_row(accepted) -> dict[str, str]:
    question = accepted.question
    return {
        "question_id": question.id,
        "question": question.text,
        "summary": question.summary,
        "answer": accepted.label,
        "change_what": _lower_first(question.summary),  # read as "Change <this>"
    }


def _lower_first(text: str) -> str:
    """'Child's situation' -> 'child's situation', leaving abbreviations such as 'EHCP' alone."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _back(step: Step) -> str | None:
    before = step.answered_before
    return before[-1].question.id if before else None


def _question(step: Step, question: Question) -> dict[str, Any]:
    options = [{"id": o.id, "label": o.label, "hint": o.hint, "exclusive": o.exclusive}
               for o in question.options]
    generated = [{"id": i, "label": label, "hint": "", "exclusive": False} for i, label in step.generated]
    return {
        "id": question.id,
        "kind": question.kind,
        "text": question.text,
        "hint": question.hint,
        "options": generated + options,
        "error": step.error,
        "value": step.value,
        "max_items": question.max_items,
    }


def _outcome(step: Step, outcome: Outcome, council: str) -> dict[str, Any]:
    detail = step.tree.details[outcome.detail](step.context) if outcome.detail else Detail()
    return {
        "id": outcome.id,
        "title": outcome.title,
        "lead": detail.lead or outcome.lead,
        "reasons": list(outcome.reasons) + list(detail.reasons),
        "next_steps": list(outcome.next_steps),
        "notes": list(outcome.notes),
        "sources": [describe(s.document, s.section) for s in outcome.sources],
        "local_rules": [_local_rule(step, outcome.local_rule, council)] if outcome.local_rule else [],
        "table": _table(detail),
    }


def _local_rule(step: Step, variant_id: str, council: str) -> str:
    variant = step.tree.variant(variant_id)
    chosen = step.context.variants[variant_id]
    meaning = variant.choices[chosen]
    if council:
        return f"This is a local rule: the source documents differ on it, and {council} follows this one: {meaning}"
    return (f"This is a local rule: the source documents differ on it, and this handbook's default is: "
            f"{meaning} Check your own area's guidance.")


def _table(detail: Detail) -> dict[str, Any] | None:
    if not detail.table:
        return None
    return {"caption": detail.table_caption, "head": list(detail.table[0]),
            "rows": [list(row) for row in detail.table[1:]]}
