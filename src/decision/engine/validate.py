"""Checks a tree when it is loaded, so a broken tree never reaches a reader.

Every problem is collected and reported together, each naming the tree and the node, because
the people fixing a tree are as likely to be policy leads editing text as developers.
"""

from __future__ import annotations

import re
from typing import Any

from . import model
from .model import CHOICE, KINDS, MULTI, PRACTITIONERS, Branch, Node, Outcome, Question, Tree, edges, reachable
from ..trees.sources import DOCUMENTS  # the documents the rules come from are policy, kept with the trees

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class TreeError(ValueError):
    """A tree that breaks one or more of the rules below."""

    def __init__(self, tree_id: str, problems: list[str]):
        self.tree_id = tree_id
        self.problems = problems
        super().__init__(f"tree '{tree_id}' is not valid: " + "; ".join(problems))


def validate(tree: Tree) -> Tree:
    problems = _check_fields(tree)
    if problems:  # every later check reads the fields
        raise TreeError(tree.id if isinstance(tree.id, str) else "?", problems)
    problems += _check_ids(tree)
    if problems:  # later checks assume ids are sound
        raise TreeError(tree.id, problems)
    for node in tree.nodes:
        problems += _check_node(tree, node)
    problems += _check_targets(tree)
    problems += _check_placeholders(tree)
    if not problems:
        problems += _check_shape(tree)
    if problems:
        raise TreeError(tree.id, problems)
    return tree


# ------------------------------------------------------------------------------------------
# Each field holds what model.py says it holds
# ------------------------------------------------------------------------------------------
# A field's annotation in model.py, read as what to check: a class (str, int, bool, a building
# block such as Option), ("tuple", item) or ("frozenset", item) for a collection of items, or
# ("any", alternatives) for `X | None`. None for what is not checked (functions, mappings).
Expected = Any
_ATOMS = {"str": str, "int": int, "bool": bool, "None": type(None)}
_WORDS = {str: "text", int: "a whole number", bool: "True or False", type(None): "nothing"}
_NODES = ("any", [Question, Branch, Outcome])
_expected_fields: dict[type, dict[str, Expected]] = {}


def _check_fields(tree: Tree) -> list[str]:
    """Every field of the tree and of everything in it holds the kind of value its annotation
    in model.py names. Above all, a list of texts is not one text: ("One reason") without its
    comma is a string, not a tuple, and would be shown as a bullet for each letter."""
    problems = []
    for name in ("id", "title", "description", "start"):
        problems += _check_value(f"the tree's {name}", getattr(tree, name), str)
    for name, kind in (("nodes", _NODES), ("conditions", model.Condition), ("variants", model.Variant),
                       ("names", model.LocalName)):
        problems += _check_collection(name, getattr(tree, name), "tuple", kind, top=True)
    return problems


def _check_value(where: str, value: Any, expected: Expected) -> list[str]:
    """Problems with `value`; `where` says what it is, e.g. "outcome 'x' reasons"."""
    kind = expected[0] if isinstance(expected, tuple) else None
    if kind == "any":
        for option in expected[1]:  # a question is checked as a question, not as a branch
            if isinstance(option, type) and isinstance(value, option):
                return _check_value(where, value, option)
        return [f"{where} must be {_describe(expected)}"]
    if kind is not None:
        return _check_collection(where, value, kind, expected[1])
    if expected in _WORDS:
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        return [] if ok else [f"{where} must be {_WORDS[expected]}"]
    if not isinstance(value, expected):
        return [f"{where} must be {_describe(expected)}"]
    return [problem for name, wanted in _fields_of(expected).items()
            for problem in _check_value(f"{where} {name}", getattr(value, name), wanted)]


def _check_collection(where: str, value: Any, collection: str, item: Expected, top: bool = False) -> list[str]:
    """A tuple (or frozenset) of items. One item on its own, above all one text, is named as
    such, with the comma that makes it a tuple."""
    shape = "list" if collection == "tuple" else "set"
    if not isinstance(value, (tuple, list, set, frozenset)):
        if isinstance(value, str):
            fix = f', with a comma before the closing bracket: ("{value}",)' if collection == "tuple" else ""
            return [f"{where} is one piece of text where a {shape} of texts is expected{fix}"]
        if not _check_value(where, value, item):
            return [f"{where} is one {_describe(item, article=False)} where a {shape} of "
                    f"{_describe(item, plural=True)} is expected: put it in round brackets with a comma after it"]
    if not isinstance(value, tuple if collection == "tuple" else frozenset):
        made = "in round brackets, (..., ...)" if collection == "tuple" else "made with frozenset({...})"
        return [f"{where} must be a {shape} of {_describe(item, plural=True)} {made}"]
    field = where.rsplit(" ", 1)[-1]
    each = where[:len(where) - len(field)] + (field[:-1] if field.endswith("s") else field)
    problems = []
    for number, member in enumerate(value, 1):
        ident = getattr(member, "id", None) if _is_block(member) else None
        if not isinstance(ident, str):
            label = f"{each} {number}"
        elif top:
            label = _describe(type(member), article=False) + f" '{ident}'"  # "outcome 'x'"
        else:
            label = f"{each} '{ident}'"  # "question 'x' option 'y'"
        problems += _check_value(label, member, item)
    return problems


def _is_block(value: Any) -> bool:
    return hasattr(type(value), "__dataclass_fields__")


def _describe(expected: Expected, plural: bool = False, article: bool = True) -> str:
    """In words: "text", "texts", "an offer", "sources", "a question or a branch or an outcome"."""
    if isinstance(expected, tuple) and expected[0] == "any":
        return " or ".join(_describe(option, plural) for option in expected[1])
    if isinstance(expected, tuple):
        return f"{'lists' if plural else 'a list'} of {_describe(expected[1], plural=True)}"
    if expected in _WORDS:
        return {str: "texts"}.get(expected, _WORDS[expected]) if plural else _WORDS[expected]
    name = {"LocalName": "local name"}.get(expected.__name__, expected.__name__.lower())
    if plural:
        return f"{name}s"
    return (f"an {name}" if name[0] in "aeiou" else f"a {name}") if article else name


def _fields_of(block: type) -> dict[str, Expected]:
    """The fields of a building block of model.py and what each should hold."""
    found = _expected_fields.get(block)
    if found is None:
        found = {}
        for name, spec in block.__dataclass_fields__.items():
            expected = _read_annotation(spec.type)
            if expected is not None:
                found[name] = expected
        _expected_fields[block] = found
    return found


def _read_annotation(annotation: Any) -> Expected:
    text = str(annotation).strip()
    depth, parts, start = 0, [], 0
    for n, char in enumerate(text):  # split "X | None" at the top level only
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            parts.append(text[start:n].strip())
            start = n + 1
    parts.append(text[start:].strip())
    if len(parts) > 1:
        options = [_read_annotation(part) for part in parts]
        return None if None in options else ("any", options)
    for collection in ("tuple", "frozenset"):
        if text.startswith(f"{collection}[") and text.endswith("]"):
            inner = text[len(collection) + 1:-1]
            if collection == "tuple":
                if not inner.endswith(", ..."):
                    return None
                inner = inner[:-5]
            item = _read_annotation(inner)
            return None if item is None else (collection, item)
    if text == "Node":
        return _NODES
    if text in _ATOMS:
        return _ATOMS[text]
    found = getattr(model, text, None)
    return found if isinstance(found, type) and hasattr(found, "__dataclass_fields__") else None


def _check_ids(tree: Tree) -> list[str]:
    problems = []
    if not ID_PATTERN.match(tree.id):
        problems.append(f"tree id '{tree.id}' must be lower case letters, digits and _")
    seen: set[str] = set()
    for node in tree.nodes:
        if not ID_PATTERN.match(node.id):
            problems.append(f"node id '{node.id}' must be lower case letters, digits and _")
        if node.id in seen:
            problems.append(f"node id '{node.id}' is used twice")
        seen.add(node.id)
    for kind, ids in (("condition", [c.id for c in tree.conditions]), ("variant", [v.id for v in tree.variants])):
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"{kind} id '{duplicate}' is used twice")
    if tree.start not in seen:
        problems.append(f"start '{tree.start}' is not a node")
    return problems


def _check_node(tree: Tree, node: Node) -> list[str]:
    if isinstance(node, Question):
        return _check_question(tree, node)
    if isinstance(node, Branch):
        return _check_branch(tree, node)
    return _check_outcome(tree, node)


def _check_question(tree: Tree, q: Question) -> list[str]:
    where = f"question '{q.id}'"
    problems = [f"{where} has no {name}" for name in ("text", "summary", "error") if not getattr(q, name).strip()]
    if q.kind not in KINDS:
        problems.append(f"{where} has unknown kind '{q.kind}'")
    option_ids = [o.id for o in q.options]
    for duplicate in sorted({i for i in option_ids if option_ids.count(i) > 1}):
        problems.append(f"{where} has option id '{duplicate}' twice")
    for option in q.options:
        if not ID_PATTERN.match(option.id):
            problems.append(f"{where} option '{option.id}' must be lower case letters, digits and _")
        if not option.label.strip():
            problems.append(f"{where} option '{option.id}' has no label")
    if q.kind == CHOICE:
        problems += _check_choice_edges(q, where)
    elif not q.next:
        problems.append(f"{where} ({q.kind}) needs a 'next' edge")
    if q.kind in (MULTI, PRACTITIONERS) and not q.options:
        problems.append(f"{where} ({q.kind}) needs options to tick")
    if q.generated_options and q.generated_options not in tree.option_sources:
        problems.append(f"{where} names option source '{q.generated_options}', which the tree does not define")
    if bool(q.generated_options) != bool(q.generated_next):
        problems.append(f"{where} needs both generated_options and generated_next, or neither")
    return problems


def _check_choice_edges(q: Question, where: str) -> list[str]:
    problems = [f"{where} option '{o.id}' has no 'next' edge" for o in q.options if not o.next]
    if len(q.options) + bool(q.generated_options) < 2:
        problems.append(f"{where} needs at least two options")
    if q.next:
        problems.append(f"{where} is a choice question: put edges on its options, not 'next'")
    return problems


def _check_branch(tree: Tree, b: Branch) -> list[str]:
    known = {c.id for c in tree.conditions}
    problems = [f"branch '{b.id}' names condition '{r.when}', which the tree does not define"
                for r in b.rules if r.when not in known]
    if not b.rules:
        problems.append(f"branch '{b.id}' has no rules")
    if not b.text.strip():
        problems.append(f"branch '{b.id}' has no text")
    return problems


def _check_outcome(tree: Tree, o: Outcome) -> list[str]:
    where = f"outcome '{o.id}'"
    problems = [f"{where} has no {name}" for name in ("title", "reasons", "sources") if not getattr(o, name)]
    for source in o.sources:
        if source.document not in DOCUMENTS:
            problems.append(f"{where} cites unknown document '{source.document}'")
        if not source.section.strip():
            problems.append(f"{where} cites '{source.document}' without a section")
    if o.local_rule and o.local_rule not in {v.id for v in tree.variants}:
        problems.append(f"{where} names local rule '{o.local_rule}', which the tree does not define")
    if o.detail and o.detail not in tree.details:
        problems.append(f"{where} names detail '{o.detail}', which the tree does not define")
    for offer in o.offers:
        asked = next((n for n in tree.nodes if n.id == offer.question and isinstance(n, Question)), None)
        if asked is None:
            problems.append(f"{where} offers question '{offer.question}', which the tree does not ask")
        elif offer.answer not in {option.id for option in asked.options}:
            problems.append(f"{where} offers answer '{offer.answer}', which question '{offer.question}' does not have")
        if not offer.label.strip():
            problems.append(f"{where} has an offer with no label")
    return problems


def authored_texts(tree: Tree) -> list[tuple[str, str]]:
    """(where, text) for every piece of text the tree's authors wrote."""
    found: list[tuple[str, str]] = []
    for node in tree.nodes:
        if isinstance(node, Question):
            found += [(node.id, t) for t in (node.text, node.summary, node.error, node.hint)]
            found += [(f"{node.id}.{o.id}", t) for o in node.options for t in (o.label, o.hint)]
        elif isinstance(node, Outcome):
            found += [(node.id, t) for t in (node.title, node.lead, *node.reasons, *node.next_steps, *node.notes)]
        else:
            found.append((node.id, node.text))
    return found


def _check_placeholders(tree: Tree) -> list[str]:
    declared = {n.id for n in tree.names}
    return [f"'{where}' uses {{{name}}}, which the tree does not declare in names"
            for where, text in authored_texts(tree) for name in PLACEHOLDER.findall(text) if name not in declared]


def _check_targets(tree: Tree) -> list[str]:
    return [f"'{node.id}' leads to '{target}', which is not a node"
            for node in tree.nodes for _, target in edges(node) if not tree.has_node(target)]


def _check_shape(tree: Tree) -> list[str]:
    """Reachable from the start, no cycles, and every question leads to an outcome."""
    problems = []
    reached = set(reachable(tree))
    for node in tree.nodes:
        if node.id not in reached:
            problems.append(f"'{node.id}' cannot be reached from the start")
    cycle = _find_cycle(tree)
    if cycle:
        problems.append("cycle: " + " -> ".join(cycle))
        return problems
    ends = _reaches_outcome(tree)
    for node in tree.nodes:
        if not isinstance(node, Outcome) and node.id not in ends:
            problems.append(f"'{node.id}' can never reach an outcome")
    for variant in tree.variants:
        if variant.default not in variant.choices:
            problems.append(f"variant '{variant.id}' default '{variant.default}' is not one of its choices")
    return problems


def _find_cycle(tree: Tree) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node_id: str, path: list[str]) -> list[str] | None:
        state[node_id] = 1
        for _, target in edges(tree.node(node_id)):
            if state.get(target) == 1:
                return path + [node_id, target]
            if target not in state:
                found = visit(target, path + [node_id])
                if found:
                    return found
        state[node_id] = 2
        return None

    for node in tree.nodes:
        if node.id not in state:
            found = visit(node.id, [])
            if found:
                return found
    return None


def _reaches_outcome(tree: Tree) -> set[str]:
    ends = {o.id for o in tree.outcomes()}
    changed = True
    while changed:
        changed = False
        for node in tree.nodes:
            if node.id not in ends and any(target in ends for _, target in edges(node)):
                ends.add(node.id)
                changed = True
    return ends
