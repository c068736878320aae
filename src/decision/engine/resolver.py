"""The one resolver: replay answers, keyed by question id, from the start of a tree.

It is pure: the same tree, answers and variants always give the same step, and nothing is kept
between calls. Answers the replay cannot use are returned with the reason, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from . import answers as checks
from .model import CHOICE, Branch, Context, Outcome, Question, Tree, reachable


@dataclass(frozen=True)
class Accepted:
    question: Question
    value: Any
    label: str


@dataclass(frozen=True)
class Step:
    tree: Tree
    node: Question | Outcome  # the question to ask now, or the outcome reached
    accepted: tuple[Accepted, ...]  # answers used, in the order they were asked
    dropped: tuple[str, ...]  # sentences saying which answers were set aside and why
    context: Context  # what policy functions saw when this node was reached
    path: tuple[str, ...]  # every node visited, branches included
    pending: Mapping[str, Any] = field(default_factory=dict)  # answers for questions still ahead
    error: str | None = None  # the current question was submitted with nothing chosen
    value: Any = None  # the current question's earlier answer, when it is asked again
    position: int | None = None  # where an answered question sits, when it is asked again
    generated: tuple[tuple[str, str], ...] = ()  # options made from earlier answers

    @property
    def is_outcome(self) -> bool:
        return isinstance(self.node, Outcome)

    @property
    def answered_before(self) -> tuple[Accepted, ...]:
        """The answers that led to the node shown now."""
        return self.accepted if self.position is None else self.accepted[: self.position]

    def state(self) -> dict[str, Any]:
        """The answers to keep: those the replay used, then those for questions still ahead."""
        return {a.question.id: a.value for a in self.accepted} | dict(self.pending)


def merged_variants(tree: Tree, chosen: Mapping[str, str] | None) -> dict[str, str]:
    """The tree's defaults, overridden by any valid choice a council has made."""
    variants = tree.default_variants()
    for variant in tree.variants:
        value = (chosen or {}).get(variant.id) if isinstance(chosen, Mapping) else None
        if isinstance(value, str) and value in variant.choices:
            variants[variant.id] = value
    return variants


def resolve(
    tree: Tree,
    answers: Any,
    variants: Mapping[str, str] | None = None,
    ask: str | None = None,
) -> Step:
    """Replay `answers` from the start; if `ask` names a question answered on the way, show it
    again with its answer ready to change (the Back link and the Change links use this)."""
    raw, dropped = checks.sane_keys(answers)
    context = Context(tree, {}, merged_variants(tree, variants))
    accepted: list[Accepted] = []
    path: list[str] = []
    node = tree.node(tree.start)
    error = None
    while not isinstance(node, Outcome):
        path.append(node.id)
        if isinstance(node, Branch):
            node = tree.node(_route(node, context))
            continue
        generated = _generated(tree, node, context)
        if node.id not in raw:
            break
        checked = checks.check(node, raw.pop(node.id), generated)
        if checked.problem == checks.EMPTY:
            error = node.error
            break
        if checked.problem:
            sentence = checked.problem[0].upper() + checked.problem[1:]
            dropped.append(f"{checks.short(sentence, 200)}, so the question is asked again.")
            break
        accepted.append(Accepted(node, checked.value, checks.label(node, checked.value, generated)))
        context = Context(tree, {**context.answers, node.id: checked.value}, context.variants)
        node = tree.node(_next(node, checked.value, generated))
    else:
        path.append(node.id)
    ahead = _ahead(tree, node)
    pending = {key: value for key, value in raw.items() if key in ahead}
    dropped += [_leftover(tree, key) for key in raw if key not in ahead]
    step = Step(tree, node, tuple(accepted), tuple(dropped), context, tuple(path), pending, error,
                generated=_generated(tree, node, context) if isinstance(node, Question) else ())
    return _revisit(step, ask) if ask else step


def _route(branch: Branch, context: Context) -> str:
    for rule in branch.rules:
        if context.tree.condition(rule.when).test(context):
            return rule.next
    return branch.otherwise


def _next(question: Question, value: Any, generated: tuple[tuple[str, str], ...]) -> str:
    if question.kind != CHOICE:
        return question.next
    if value in {option_id for option_id, _ in generated}:
        return question.generated_next
    return next(o.next for o in question.options if o.id == value)


def _generated(tree: Tree, question: Question, context: Context) -> tuple[tuple[str, str], ...]:
    if not question.generated_options:
        return ()
    return tuple(tree.option_sources[question.generated_options](context))


def _ahead(tree: Tree, node: Question | Outcome) -> set[str]:
    """Questions that can still be asked after `node` (itself included)."""
    return {node_id for node_id in reachable(tree, node.id) if isinstance(tree.node(node_id), Question)}


def _leftover(tree: Tree, key: str) -> str:
    if tree.has_node(key) and isinstance(tree.node(key), Question):
        return f"Your answer to “{tree.node(key).text}” no longer applies after your other answers, so it was removed."
    return f"“{checks.short(key)}” is not a question in this tool, so that answer was ignored."


def _revisit(step: Step, ask: str) -> Step:
    """Show an answered question again, keeping every answer so that Continue can return
    straight to where the reader was if nothing else needs asking."""
    position = next((i for i, a in enumerate(step.accepted) if a.question.id == ask), None)
    if position is None:
        return step
    earlier = {a.question.id: a.value for a in step.accepted[:position]}
    context = Context(step.tree, earlier, step.context.variants)
    question = step.accepted[position].question
    return Step(step.tree, question, step.accepted, step.dropped, context, step.path, step.pending,
                value=step.accepted[position].value, position=position,
                generated=_generated(step.tree, question, context))
