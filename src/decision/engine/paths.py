"""Every path through a tree, for snapshots, coverage checks and comparing CPython with Pyodide.

Choice questions are enumerated option by option. Tick-box questions cannot be enumerated
subset by subset (five areas of six indicators would be a billion paths), so each question
contributes one option per distinct set of option tags: routing reads ticked options only
through their tags (see model.Context.tags), so options with the same tags lead to the same
place. Mixtures of ticks are left to each tree's own tests, which keeps the snapshots small. Practitioner lists are drawn from a bounded set of
one- and two-person lists covering each criterion missing in turn.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from .model import CHOICE, MULTI, PRACTITIONERS, Question, Tree
from .resolver import Step, resolve
from .view import filler


@dataclass(frozen=True)
class Path:
    answers: tuple[tuple[str, Any], ...]  # in the order asked
    outcome: str
    summary: str
    visited: tuple[str, ...]  # every node on the way, branches included


def candidate_answers(question: Question, step: Step) -> list[Any]:
    if question.kind == CHOICE:
        return [option_id for option_id, _ in step.generated] + [o.id for o in question.options]
    if question.kind == MULTI:
        return _tick_representatives(question)
    if question.kind == PRACTITIONERS:
        return _practitioner_samples(question)
    raise ValueError(f"cannot enumerate question kind {question.kind!r}")


def _tick_representatives(question: Question) -> list[list[str]]:
    seen: dict[frozenset[str], str] = {}
    for option in question.options:
        seen.setdefault(option.tags | ({"exclusive"} if option.exclusive else set()), option.id)
    return [[option_id] for option_id in seen.values()]


def _practitioner_samples(question: Question) -> list[list[dict[str, Any]]]:
    every = [o.id for o in question.options]
    profiles = [every] + [[c for c in every if c != missing] for missing in every] + [[]]
    people = [{"role": chr(65 + i), "agency": "", "criteria": p} for i, p in enumerate(profiles)]
    ones = [[person] for person in people]
    twos = [[a, {**b, "role": b["role"].lower()}] for a, b in itertools.product(people, repeat=2)]
    return ones + (twos if question.max_items >= 2 else [])


def enumerate_paths(tree: Tree, variants: Mapping[str, str] | None = None,
                    names: Mapping[str, str] | None = None) -> Iterator[Path]:
    fill = filler(tree, names)

    def walk(answers: dict[str, Any]) -> Iterator[Path]:
        step = resolve(tree, answers, variants)
        if step.dropped or step.error:
            raise AssertionError(f"{tree.id}: enumerated answers were refused: {step.dropped or step.error}")
        if step.is_outcome:
            yield Path(tuple(answers.items()), step.node.id, summary(step, fill, names), step.path)
            return
        for value in candidate_answers(step.node, step):
            yield from walk({**answers, step.node.id: value})

    yield from walk({})


def summary(step: Step, fill, names: Mapping[str, str] | None = None) -> str:
    from .view import step_view  # the same wording the reader sees
    outcome = step_view(step, names=names)["outcome"]
    return outcome["lead"] or fill(step.node.title)


def variant_settings(tree: Tree) -> list[dict[str, str]]:
    """Every combination of the tree's local rules, defaults first."""
    choices = [[v.default] + [c for c in v.choices if c != v.default] for v in tree.variants]
    return [dict(zip([v.id for v in tree.variants], combo)) for combo in itertools.product(*choices)]


def format_value(value: Any, question: Question) -> str:
    if isinstance(value, str):
        return value
    if question.kind == PRACTITIONERS:
        every = [o.id for o in question.options]
        return "[" + "; ".join(f"{e['role']}:{_ticks(e['criteria'], every)}" for e in value) + "]"
    return "[" + ",".join(value) + "]"


def _ticks(ticked: list[str], every: list[str]) -> str:
    """'all', 'all-agrees' or 'needs+skills': the shorter way of saying what was ticked."""
    missing = [c for c in every if c not in ticked]
    if not ticked:
        return "none"
    return "all" + "".join(f"-{c}" for c in missing) if len(missing) < len(ticked) else "+".join(ticked)


def snapshot_lines(tree: Tree, variants: Mapping[str, str] | None = None,
                   names: Mapping[str, str] | None = None) -> list[str]:
    """One line per path: answers -> outcome id: who leads (or the outcome's title). Where a local
    rule changes the result, one line per setting, marked with it; given `variants` (a council's
    choices), only the paths under those; given `names`, the council's names in the results."""
    results: dict[str, dict[tuple[tuple[str, str], ...], str]] = {}
    chosen = [tree.default_variants() | dict(variants)] if variants is not None else variant_settings(tree)
    for settings in chosen:
        for path in enumerate_paths(tree, settings, names):
            key = " ".join(f"{q}={format_value(v, tree.node(q))}" for q, v in path.answers)
            results.setdefault(key, {})[tuple(settings.items())] = f"{path.outcome}: {path.summary}"
    lines = []
    for key, by_setting in results.items():
        relevant = _relevant_variants(by_setting)
        shown: dict[str, str] = {}
        for settings, result in by_setting.items():
            label = " ".join(f"{k}={v}" for k, v in settings if k in relevant)
            shown[f"{key} [{label}]" if label else key] = result
        lines += [f"{left} -> {result}" for left, result in shown.items()]
    return lines


def _relevant_variants(by_setting: dict[tuple[tuple[str, str], ...], str]) -> set[str]:
    """The local rules whose setting changes this path's result."""
    relevant = set()
    for a, b in itertools.combinations(by_setting, 2):
        differing = [k for (k, va), (_, vb) in zip(a, b) if va != vb]
        if len(differing) == 1 and by_setting[a] != by_setting[b]:
            relevant.add(differing[0])
    return relevant


def visited_nodes(tree: Tree) -> set[str]:
    return {node for settings in variant_settings(tree) for path in enumerate_paths(tree, settings)
            for node in path.visited}
