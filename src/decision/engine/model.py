"""The building blocks of a decision tree, declared as plain data.

A tree is a set of nodes joined by explicit edges: every place a node can lead to is written
in the node itself, so the tree can be validated, drawn and enumerated without running it.
Questions, options, branches, rules, outcomes and offers are written with every field named
(`Option(id="yes", label="Yes", next="outcome_yes")`), so nobody editing a tree has to know
the order of the fields, and a text cannot land in the wrong one.
Where a route depends on policy (for example "more than one practitioner qualifies"), the
node names a condition; the condition is a small function declared beside the tree, with a
description that the diagram and the no-JavaScript rules show in its place.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Union

# Question kinds. Each kind has one answer shape, decoded and checked in answers.py.
CHOICE = "choice"  # pick one option; each option has its own edge
MULTI = "multi"  # tick one or more options; one edge onwards, usually to a Branch
PRACTITIONERS = "practitioners"  # a short list of practitioners, each with criteria ticked
KINDS = (CHOICE, MULTI, PRACTITIONERS)


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: a document in sources.DOCUMENTS and the section within it."""

    document: str
    section: str


@dataclass(frozen=True, kw_only=True)
class Option:
    """One answer to a question. `next` is the edge for choice questions; `tags` lets
    policy functions read what an option means without matching on its wording."""

    id: str
    label: str
    next: str | None = None
    hint: str = ""
    exclusive: bool = False  # for multi questions: "None of these" cannot be ticked with others
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    text: str  # asked as the legend of the question page
    summary: str  # short label for the "Your answers" list, e.g. "Child's status"
    error: str  # shown when nothing is chosen, e.g. "Select the child's status"
    options: tuple[Option, ...] = ()
    hint: str = ""
    kind: str = CHOICE
    next: str | None = None  # the single edge onwards, for multi and practitioners questions
    # Options computed from earlier answers (e.g. the practitioners who qualify), all of which
    # lead to `generated_next`. The named function lives in Tree.option_sources.
    generated_options: str | None = None
    generated_next: str | None = None
    max_items: int = 6  # practitioners questions: the most entries accepted


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A guarded edge: go to `next` when the named condition holds."""

    when: str
    next: str


@dataclass(frozen=True, kw_only=True)
class Branch:
    """A routing step the user does not see: the first rule whose condition holds wins."""

    id: str
    text: str  # what is being decided, for diagrams and the written rules
    rules: tuple[Rule, ...]
    otherwise: str


@dataclass(frozen=True, kw_only=True)
class Offer:
    """A way on from an outcome that sends the reader to another answer in the same tool, such
    as "None of these" to choose a lead with the criteria for other cases. The button shows the
    question again with that answer chosen and the reader's other answers kept; nothing changes
    until they press Continue. The question must be answered on every path to the outcome."""

    label: str  # the button's words, e.g. "Use the criteria for other cases"
    question: str  # id of the question to show again
    answer: str  # id of the option to choose there


@dataclass(frozen=True, kw_only=True)
class Outcome:
    id: str
    title: str  # the answer in a sentence, e.g. "The child's social worker leads"
    lead: str  # who leads, in a few words; "" where the outcome is not about a person
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    sources: tuple[Source, ...]
    local_rule: str | None = None  # id of the Variant whose setting led here
    detail: str | None = None  # name of a function in Tree.details that adds to the outcome
    notes: tuple[str, ...] = ()  # cautions worth reading before acting
    offers: tuple[Offer, ...] = ()  # ways on from here through another answer in this tool


Node = Union[Question, Branch, Outcome]


@dataclass(frozen=True)
class Condition:
    id: str
    description: str  # read by people: diagrams, written rules, branch labels
    test: Callable[["Context"], bool]


@dataclass(frozen=True)
class Variant:
    """A rule on which the source documents differ, so each council chooses its own."""

    id: str
    question: str  # what the council decides, e.g. "Who leads for special educational needs?"
    choices: Mapping[str, str]  # value -> what that choice means
    default: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class LocalName:
    """A name each council sets, such as its front door, written as {id} in a tree's text."""

    id: str
    description: str  # what the council fills in, for the settings reference
    default: str  # neutral wording used when a council sets nothing


@dataclass(frozen=True)
class Detail:
    """What a detail function adds to an outcome: a lead named from the answers, further
    reasons, and an optional table (for example practitioners ranked by the criteria)."""

    lead: str | None = None
    reasons: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    table_caption: str = ""


@dataclass(frozen=True)
class Context:
    """What policy functions may read: the answers accepted so far and the council's variants."""

    tree: "Tree"
    answers: Mapping[str, Any]
    variants: Mapping[str, str]

    def choice(self, question_id: str) -> str | None:
        value = self.answers.get(question_id)
        return value if isinstance(value, str) else None

    def ticked(self, question_id: str) -> frozenset[str]:
        value = self.answers.get(question_id)
        return frozenset(value) if isinstance(value, (list, tuple)) and all(
            isinstance(v, str) for v in value
        ) else frozenset()

    def tags(self, question_id: str) -> frozenset[str]:
        """Tags of every option chosen or ticked for a question."""
        question = self.tree.node(question_id)
        chosen = self.ticked(question_id) | ({self.choice(question_id)} - {None})
        return frozenset(tag for option in question.options if option.id in chosen for tag in option.tags)

    def entries(self, question_id: str) -> tuple[Mapping[str, Any], ...]:
        value = self.answers.get(question_id)
        return tuple(value) if isinstance(value, (list, tuple)) and all(
            isinstance(v, Mapping) for v in value
        ) else ()

    def variant(self, variant_id: str) -> str:
        return self.variants[variant_id]


@dataclass(frozen=True)
class Tree:
    id: str
    title: str
    description: str
    start: str
    nodes: tuple[Node, ...]
    conditions: tuple[Condition, ...] = ()
    variants: tuple[Variant, ...] = ()
    names: tuple[LocalName, ...] = ()
    option_sources: Mapping[str, Callable[[Context], tuple[tuple[str, str], ...]]] = field(
        default_factory=dict
    )
    details: Mapping[str, Callable[[Context], Detail]] = field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        return self._index()[node_id]

    def has_node(self, node_id: str) -> bool:
        return node_id in self._index()

    def condition(self, condition_id: str) -> Condition:
        return {c.id: c for c in self.conditions}[condition_id]

    def variant(self, variant_id: str) -> Variant:
        return {v.id: v for v in self.variants}[variant_id]

    def questions(self) -> tuple[Question, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Question))

    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Outcome))

    def default_variants(self) -> dict[str, str]:
        return {v.id: v.default for v in self.variants}

    def default_names(self) -> dict[str, str]:
        return {n.id: n.default for n in self.names}

    @property
    def version(self) -> str:
        """A fingerprint of everything the tree says and does: every question, option, edge,
        outcome, condition, local rule and local name it declares, and the code of the modules
        whose functions it names (its conditions, details and generated options). Any change to
        the rules changes it; nothing else does. Nobody raises it by hand."""
        version = self.__dict__.get("_version")
        if version is None:
            modules: set[str] = set()
            content = json.dumps(_plain(self, modules), sort_keys=True, ensure_ascii=True)
            version = fingerprint(content, *(_module_source(name) for name in sorted(modules)))
            object.__setattr__(self, "_version", version)
        return version

    def version_for(self, variants: Any = None, names: Any = None) -> str:
        """The version a tool's page carries and a saved or shared answer records (the `v` of
        its address): the tree's own, with the council's settings that change what the tool
        says, namely its local rules and its local names. Settings the tool does not use, and
        anything unusable, count as the default, as they do when the tool runs."""
        chosen = self.default_variants()
        named = self.default_names()
        if isinstance(variants, Mapping):
            for variant in self.variants:
                value = variants.get(variant.id)
                if isinstance(value, str) and value in variant.choices:
                    chosen[variant.id] = value
        if isinstance(names, Mapping):
            for name in self.names:
                value = names.get(name.id)
                if isinstance(value, str) and value.strip():
                    named[name.id] = value.strip()[:120]  # as view.filler puts it into the text
        return fingerprint(self.version, json.dumps([chosen, named], sort_keys=True, ensure_ascii=True))

    def _index(self) -> dict[str, Node]:
        # Trees are frozen, so the index is built once and kept beside the instance.
        index = self.__dict__.get("_node_index")
        if index is None:
            index = {}
            for node in self.nodes:
                index.setdefault(node.id, node)
            object.__setattr__(self, "_node_index", index)
        return index


def edges(node: Node) -> tuple[tuple[str, str], ...]:
    """Every (label, target) a node can lead to: the single source of routing for validation,
    enumeration, diagrams and the written rules."""
    if isinstance(node, Outcome):
        return ()
    if isinstance(node, Branch):
        return tuple((rule.when, rule.next) for rule in node.rules) + (("otherwise", node.otherwise),)
    found: list[tuple[str, str]] = []
    if node.kind == CHOICE:
        found += [(option.id, option.next) for option in node.options if option.next]
    elif node.next:
        found.append(("next", node.next))
    if node.generated_options and node.generated_next:
        found.append((node.generated_options, node.generated_next))
    return tuple(found)


def reachable(tree: Tree, start: str | None = None) -> list[str]:
    """The ids of every node that can be reached from `start` (the tree's start if none is
    given), itself included, in the order a reader meets them: breadth first, each edge in the
    order `edges` gives it. The one walk over a tree: validation (what is never reached), the
    resolver (what can still be asked) and the written rules (their order) all use it."""
    first = tree.start if start is None else start
    order, seen = [first], {first}
    for current in order:  # the list grows as the walk goes: a queue without popping
        for _, target in edges(tree.node(current)):
            if target not in seen:
                seen.add(target)
                order.append(target)
    return order


# ------------------------------------------------------------------------------------------
# Versions: the same on CPython at build time and on Pyodide in the browser, in every process
# ------------------------------------------------------------------------------------------
_MODULUS = (1 << 127) - 1  # a Mersenne prime
_BASE = 0x5851F42D4C957F2D14057B7EF767814F  # any large number below it


def fingerprint(*parts: str) -> str:
    """A short digest of some text, identical in every process and on every Python (unlike
    hash(), which is salted per process). A polynomial hash, because hashlib is not in the lean
    standard library the browser loads; it detects changes, it is not a defence against forgery."""
    value = 0
    for part in parts:
        data = part.encode("utf-8")
        for start in range(0, len(data), 8):
            value = (value * _BASE + int.from_bytes(data[start:start + 8], "little") + 1) % _MODULUS
        value = (value * _BASE + len(data)) % _MODULUS  # so that ("ab", "c") differs from ("a", "bc")
    return format(value, "032x")[:12]


def _plain(value: Any, modules: set[str]) -> Any:
    """A tree as plain JSON data in a fixed order. Functions become their names, and the modules
    that hold them are noted, so that their code counts too."""
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None:
        return {"type": type(value).__name__, **{name: _plain(getattr(value, name), modules) for name in fields}}
    if isinstance(value, Mapping):
        return {str(key): _plain(item, modules) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, modules) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item, modules) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    if callable(value):
        module = getattr(value, "__module__", None) or ""
        modules.add(module)
        return f"{module}.{getattr(value, '__qualname__', type(value).__name__)}"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _module_source(name: str) -> str:
    """The text of a module's file (the same bytes in src/ and in the wheel), or its name alone
    where it has no file to read."""
    path = getattr(sys.modules.get(name), "__file__", None)
    try:
        with open(path, "rb") as source:
            return name + "\n" + source.read().decode("utf-8")
    except (OSError, TypeError, UnicodeDecodeError):
        return name
