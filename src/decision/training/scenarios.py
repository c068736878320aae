"""Scenario training: a trainee works a written case through a real tool, then asks for feedback.

Trainers write each scenario as a small TOML file (training/scenarios/, described in
training/README.md): the case, the answers they expect in the tool, the result those answers
reach, the teaching point and a source. This module is the scenario model and its checks, used
twice with the same rules:

- at build time, on every scenario file (read by `files`, which never ships to the browser),
  under every combination of the local rules, so that a scenario can never teach an answer the
  tool does not give (the build stops with one line naming the file and the problem);
- in the browser, where the scenarios arrive once, in their own published file at a training
  page's first feedback request (checked by `parse` as the build checked them:
  decision.browser.configure_scenarios), and `feedback_request` replays
  the trainee's answers and the expected ones through the tree, finds the first question where
  they part, and says which answer led elsewhere and why.

The page sends only a scenario's id and the trainee's answers, which go through the same resolver
as the tools. Standard library only, so it runs under Pyodide.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..engine import answers as checks
from ..engine.answers import practitioner_name
from ..engine.model import CHOICE, MULTI, PRACTITIONERS, Branch, Outcome, Question, Source, Tree
from ..trees.registry import get_tree, tree_ids
from ..engine.resolver import Step, merged_variants, resolve
from ..trees.sources import DOCUMENTS, describe
from ..engine.view import Fill, filler, step_view

SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
FIELDS = ("title", "tree", "case", "answers", "outcome", "outcome_by_rule", "teaching_point", "notes", "sources",
          "alternatives")
REQUIRED = ("title", "tree", "case", "answers", "teaching_point", "sources")
ENTRY_FIELDS = ("role", "agency", "criteria", "also")  # `also`: other names a trainee may type for the role
BRACES = re.compile(r"\{([^{}]*)\}")
MAX_TEXT = 3000  # characters in any one text field: a case is a few short paragraphs


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message is one line saying what is wrong."""


@dataclass(frozen=True)
class Alternative:
    """Another set of answers a trainer accepts as right, with a note on how it differs."""

    answers: Mapping[str, Any]
    note: str


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    tree: str
    case: tuple[str, ...]  # paragraphs
    answers: Mapping[str, Any]  # the expected answers, keyed by question id as the tools keep them
    teaching_point: str
    sources: tuple[Source, ...]
    outcome: str | None = None  # the result the expected answers reach, or
    outcome_by_rule: tuple[str, Mapping[str, str]] | None = None  # (local rule, choice -> result)
    notes: Mapping[str, str] = field(default_factory=dict)  # question id -> why the expected answer
    alternatives: tuple[Alternative, ...] = ()

    def expected_outcome(self, variants: Mapping[str, str]) -> str:
        if self.outcome_by_rule:
            rule, outcomes = self.outcome_by_rule
            return outcomes[variants[rule]]
        return self.outcome or ""

    def to_json(self) -> dict[str, Any]:
        """The scenario as the build publishes it for Python (`parse` reads it back)."""
        data: dict[str, Any] = {
            "id": self.id, "title": self.title, "tree": self.tree, "case": "\n\n".join(self.case),
            "answers": dict(self.answers), "teaching_point": self.teaching_point,
            "sources": [{"document": s.document, "section": s.section} for s in self.sources],
        }
        if self.outcome:
            data["outcome"] = self.outcome
        if self.outcome_by_rule:
            data["outcome_by_rule"] = {self.outcome_by_rule[0]: dict(self.outcome_by_rule[1])}
        if self.notes:
            data["notes"] = dict(self.notes)
        if self.alternatives:
            data["alternatives"] = [{"answers": dict(a.answers), "note": a.note} for a in self.alternatives]
        return data


# ------------------------------------------------------------------------------------------
# Reading a scenario: the shape of the file
# ------------------------------------------------------------------------------------------

def parse(data: Any, scenario_id: str) -> Scenario:
    """A scenario from a parsed file or the published settings, with every field checked for its shape."""
    if not isinstance(scenario_id, str) or not SCENARIO_ID.match(scenario_id):
        raise ScenarioError(f"'{checks.short(scenario_id)}' cannot be a scenario id: use lower-case letters, "
                            "digits and hyphens")
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a table of fields")
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise ScenarioError(f"'{checks.short(unknown[0])}' is not a scenario field (fields: {', '.join(FIELDS)})")
    for key in REQUIRED:
        if key not in data or data[key] in ("", [], {}):
            raise ScenarioError(f"{key} is missing" + (": give at least one [[sources]] with document and section"
                                                       if key == "sources" else ""))
    title, case, point = (_text(data, key) for key in ("title", "case", "teaching_point"))
    tree_id = data["tree"]
    if tree_id not in tree_ids():
        raise ScenarioError(f"tree '{checks.short(tree_id)}' is not a tool (tools: {', '.join(tree_ids())})")
    tree = get_tree(tree_id)
    if ("outcome" in data) == ("outcome_by_rule" in data):
        raise ScenarioError("give either outcome or outcome_by_rule (one result, or one for each choice of a "
                            "local rule)")
    outcome, by_rule = None, None
    if "outcome" in data:
        outcome = _outcome_id(tree, data["outcome"], "outcome")
    else:
        by_rule = _by_rule(tree, data["outcome_by_rule"])
    answers = _answers(tree, data["answers"], "answers")
    notes = data.get("notes", {})
    if not isinstance(notes, dict) or not all(isinstance(v, str) and v.strip() for v in notes.values()):
        raise ScenarioError("notes must be a table of question id = \"text\"")
    for key in notes:
        if not _is_question(tree, key):
            raise ScenarioError(f"notes: '{checks.short(key)}' is not a question in the {tree.id} tool")
    alternatives = data.get("alternatives", [])
    if not isinstance(alternatives, list):
        raise ScenarioError("alternatives must be a list of [[alternatives]] tables")
    alts = []
    for i, alt in enumerate(alternatives):
        where = f"alternatives[{i}]"
        if not isinstance(alt, dict) or set(alt) != {"answers", "note"}:
            raise ScenarioError(f"{where} needs exactly two fields: answers and note")
        if not isinstance(alt["note"], str) or not alt["note"].strip():
            raise ScenarioError(f"{where}.note is missing")
        alts.append(Alternative(_answers(tree, alt["answers"], f"{where}.answers"), _plain(alt["note"])))
    for where, value in [("case", case), ("teaching_point", point), *((f"notes.{k}", v) for k, v in notes.items()),
                         *((f"alternatives[{i}].note", a.note) for i, a in enumerate(alts))]:
        _check_names(tree, value, where)
    return Scenario(id=scenario_id, title=_plain(title), tree=tree.id, case=_paragraphs(case), answers=answers,
                    teaching_point=_plain(point), sources=_sources(data["sources"]), outcome=outcome,
                    outcome_by_rule=by_rule, notes={k: _plain(v) for k, v in notes.items()},
                    alternatives=tuple(alts))


def _text(data: dict, key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{key} must be text in quotes")
    if len(value) > MAX_TEXT:
        raise ScenarioError(f"{key} is longer than {MAX_TEXT} characters")
    return value.strip()


def _check_names(tree: Tree, text: str, where: str) -> None:
    """{front_door} and the like are filled with the council's own names; nothing else may be in braces."""
    known = {n.id for n in tree.names}
    for name in BRACES.findall(text):
        if name not in known:
            raise ScenarioError(f"{where}: {{{checks.short(name)}}} is not a local name the {tree.id} tool knows"
                                + (f" (names: {', '.join(sorted(known))})" if known else " (it has none)"))


def _plain(text: str) -> str:
    """Text as one paragraph: the line breaks of a TOML file are only for its authors."""
    return " ".join(text.split())


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())


def _is_question(tree: Tree, node_id: Any) -> bool:
    return isinstance(node_id, str) and tree.has_node(node_id) and isinstance(tree.node(node_id), Question)


def _outcome_id(tree: Tree, value: Any, where: str) -> str:
    if not (isinstance(value, str) and tree.has_node(value) and isinstance(tree.node(value), Outcome)):
        raise ScenarioError(f"{where}: '{checks.short(value)}' is not a result of the {tree.id} tool")
    return value


def _by_rule(tree: Tree, value: Any) -> tuple[str, dict[str, str]]:
    rules = {v.id: v for v in tree.variants}
    if not isinstance(value, dict) or len(value) != 1:
        raise ScenarioError("outcome_by_rule must name one local rule, as [outcome_by_rule.RULE]")
    rule, outcomes = next(iter(value.items()))
    if rule not in rules:
        raise ScenarioError(f"outcome_by_rule: '{checks.short(rule)}' is not a local rule of the {tree.id} tool"
                            + (f" (rules: {', '.join(rules)})" if rules else " (it has none)"))
    if not isinstance(outcomes, dict):
        raise ScenarioError(f"outcome_by_rule.{rule} must be a table of choice = \"result id\"")
    choices = rules[rule].choices
    for choice in outcomes:
        if choice not in choices:
            raise ScenarioError(f"outcome_by_rule.{rule}: '{checks.short(choice)}' is not a choice of that rule "
                                f"(choices: {', '.join(choices)})")
    missing = [c for c in choices if c not in outcomes]
    if missing:
        raise ScenarioError(f"outcome_by_rule.{rule} must give a result for every choice (missing: "
                            f"{', '.join(missing)})")
    return rule, {c: _outcome_id(tree, outcomes[c], f"outcome_by_rule.{rule}.{c}") for c in choices}


def _answers(tree: Tree, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise ScenarioError(f"{where} must be a table of question id = answer")
    for key, answer in value.items():
        if not _is_question(tree, key):
            raise ScenarioError(f"{where}: '{checks.short(key)}' is not a question in the {tree.id} tool")
        if tree.node(key).kind == PRACTITIONERS:
            _entries(answer, f"{where}.{key}")
    return dict(value)


def _entries(value: Any, where: str) -> None:
    if not isinstance(value, list) or not value:
        raise ScenarioError(f"{where} must be a list of [[{where}]] tables with role and criteria")
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise ScenarioError(f"{where}[{i}] must be a table with role and criteria")
        unknown = [k for k in entry if k not in ENTRY_FIELDS]
        if unknown:
            raise ScenarioError(f"{where}[{i}]: '{checks.short(unknown[0])}' is not a practitioner field "
                                f"(fields: {', '.join(ENTRY_FIELDS)})")
        if not isinstance(entry.get("role"), str) or not entry["role"].strip():
            raise ScenarioError(f"{where}[{i}] needs a role")
        also = entry.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
            raise ScenarioError(f"{where}[{i}].also must be a list of other names for the role")


def _sources(value: Any) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        raise ScenarioError("sources is missing: give at least one [[sources]] with document and section")
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"document", "section"}:
            raise ScenarioError(f"sources[{i}] needs exactly two fields: document and section")
        if item["document"] not in DOCUMENTS:
            raise ScenarioError(f"sources[{i}].document: '{checks.short(item['document'])}' is not a known document "
                                f"(documents: {', '.join(DOCUMENTS)})")
        if not isinstance(item["section"], str) or not item["section"].strip():
            raise ScenarioError(f"sources[{i}].section is missing")
        found.append(Source(item["document"], item["section"].strip()))
    return tuple(found)


# ------------------------------------------------------------------------------------------
# Checking a scenario against its tree: the answers must reach the stated result
# ------------------------------------------------------------------------------------------

def variant_choices(tree: Tree) -> list[dict[str, str]]:
    """Every combination of the tree's local rules: a scenario must be right under each."""
    combos = itertools.product(*([(v.id, c) for c in v.choices] for v in tree.variants))
    return [dict(combo) for combo in combos]


def route(tree: Tree, answers: Mapping[str, Any], variants: Mapping[str, str], where: str = "answers") -> Step:
    """Replay written answers; a route that does not reach a result, or leaves answers unused, is an error."""
    step = resolve(tree, _replayable(tree, answers), variants)
    if not step.is_outcome:
        question = step.node
        if question.id in answers:
            checked = checks.check(question, _replayable(tree, answers)[question.id], step.generated)
            problem = "it is empty" if checked.problem == checks.EMPTY else checked.problem
            raise ScenarioError(f"{where}.{question.id}: {problem}")
        raise ScenarioError(f"{where} stop at the question '{question.id}' (“{question.text}”): give an answer "
                            "to it")
    used = {a.question.id for a in step.accepted}
    unused = [key for key in answers if key not in used]
    if unused:
        raise ScenarioError(f"{where}: '{unused[0]}' is never asked on the route these answers take")
    return step


def _replayable(tree: Tree, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as the tool would hold them: practitioners without the trainer-only `also`."""
    clean = dict(answers)
    for key, value in answers.items():
        if _is_question(tree, key) and tree.node(key).kind == PRACTITIONERS and isinstance(value, list):
            clean[key] = [{k: v for k, v in e.items() if k != "also"} if isinstance(e, dict) else e for e in value]
    return clean


def check(scenario: Scenario, variants: Mapping[str, str] | None = None) -> None:
    """Every route of a scenario reaches the result it states: under the given local rules, or
    under every combination of them when none are given."""
    tree = get_tree(scenario.tree)
    settings = [merged_variants(tree, variants)] if variants is not None else variant_choices(tree)
    for chosen in settings:
        step = route(tree, scenario.answers, chosen)
        expected = scenario.expected_outcome(chosen)
        if step.node.id != expected:
            raise ScenarioError(_wrong_outcome(tree, step, expected, chosen, scenario.outcome_by_rule is None))
        for i, alt in enumerate(scenario.alternatives):
            if alt.answers == scenario.answers:
                raise ScenarioError(f"alternatives[{i}] gives the same answers as the scenario itself")
            route(tree, alt.answers, chosen, f"alternatives[{i}].answers")


def _wrong_outcome(tree: Tree, step: Step, expected: str, chosen: Mapping[str, str], single: bool) -> str:
    reached = step.node
    message = f"the answers lead to '{reached.id}' (“{reached.title}”), not to the stated result '{expected}'"
    if tree.variants:
        message += " when " + " and ".join(f"{k} is '{v}'" for k, v in chosen.items())
    if single and reached.local_rule:
        message += (f": this result depends on the local rule '{reached.local_rule}', so give the result for "
                    f"each choice with [outcome_by_rule.{reached.local_rule}]")
    return message


# ------------------------------------------------------------------------------------------
# Readable answers, for the answer sheet and the feedback
# ------------------------------------------------------------------------------------------

def answer_label(question: Question, value: Any, fill: Fill, entries: list[Mapping[str, Any]] | None = None) -> str:
    """An answer as a trainee reads it. `entries` are the practitioners listed earlier, which
    name the options of a question such as "who would the family like to lead?"."""
    names = {o.id: fill(o.label) for o in question.options}
    if question.kind == CHOICE:
        if value in names:
            return names[value]
        if isinstance(value, str) and re.fullmatch(r"p\d+", value) and entries:
            index = int(value[1:]) - 1
            if 0 <= index < len(entries):
                return practitioner_name(entries[index])
        return checks.short(value)
    if question.kind == MULTI:
        return "; ".join(names.get(v, checks.short(v)) for v in value)
    return "; ".join(practitioner_name(e) for e in value)


def entry_lines(question: Question, value: list[Mapping[str, Any]], fill: Fill) -> list[str]:
    """Each practitioner listed, with what is ticked for them in full."""
    names = {o.id: fill(o.label) for o in question.options}
    return [f"{practitioner_name(e)}: " + ("; ".join(names[c] for c in e["criteria"]) if e["criteria"]
                                           else "nothing ticked") for e in value]


def answer_rows(tree_id: str, answers: Mapping[str, Any], variants: Mapping[str, str] | None = None,
                names: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Written answers in the order the tool asks them: question, answer, and for ticks or lists
    of practitioners one line each."""
    tree = get_tree(tree_id)
    step = route(tree, answers, merged_variants(tree, variants))
    return _rows(tree, step, filler(tree, names))


def _rows(tree: Tree, step: Step, fill: Fill) -> list[dict[str, Any]]:
    rows, entries = [], []
    for accepted in step.accepted:
        q = accepted.question
        row = {"question_id": q.id, "kind": q.kind, "question": fill(q.text), "summary": fill(q.summary),
               "answer": answer_label(q, accepted.value, fill, entries), "lines": []}
        if q.kind == PRACTITIONERS:
            entries = list(accepted.value)
            row["lines"] = entry_lines(q, accepted.value, fill)
        elif q.kind == MULTI:
            row["lines"] = [answer_label(q, [v], fill) for v in accepted.value]
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------
# Comparing a trainee's answers with the expected ones
# ------------------------------------------------------------------------------------------

def _words(text: Any) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower())) if isinstance(text, str) else ""


def _same_role(typed: str, names: list[str], exact: bool) -> bool:
    typed = _words(typed)
    for name in map(_words, names):
        if not typed or not name:
            continue
        if typed == name or (not exact and (f" {name} " in f" {typed} " or f" {typed} " in f" {name} ")):
            return True
    return False


def _role_names(entry: Mapping[str, Any]) -> list[str]:
    return [entry.get("role", "")] + list(entry.get("also", []))


def pair_entries(written: list[Mapping[str, Any]], typed: list[Mapping[str, Any]]) -> dict[int, int]:
    """Which practitioner the trainee typed is which one in the expected answer: by role, or by
    another name the trainer gave for it; exact names are paired first, then partial ones
    ("health visitor" in "health visitor (0-19 team)")."""
    pairs: dict[int, int] = {}
    for exact in (True, False):
        for t, entry in enumerate(typed):
            if t in pairs:
                continue
            for w, expected in enumerate(written):
                if w not in pairs.values() and _same_role(entry.get("role", ""), _role_names(expected), exact):
                    pairs[t] = w
                    break
    return pairs


@dataclass
class _Answer:
    """One answer on a route, with what is needed to compare it."""

    question: Question
    value: Any
    entries: list[Mapping[str, Any]]  # practitioners listed before it on the same route (accepted form)


def _answers_on(step: Step) -> dict[str, _Answer]:
    found, entries = {}, []
    for accepted in step.accepted:
        found[accepted.question.id] = _Answer(accepted.question, accepted.value, list(entries))
        if accepted.question.kind == PRACTITIONERS:
            entries = list(accepted.value)
    return found


class _Comparison:
    """Compares a trainee's route with a reference route (the expected answers, or an alternative).

    Everything it says keeps the two apart: "you" and "your" are only ever the trainee's answers,
    and the reference is "the expected answer", or "the accepted answer" when it is another route
    the trainer accepts (whose result may differ from the expected one in name only)."""

    def __init__(self, tree: Tree, reference: Step, written: Mapping[str, Any], trainee: Step, fill: Fill,
                 them: str = "expected"):
        self.tree, self.reference, self.trainee, self.fill = tree, reference, trainee, fill
        self.written = written  # the trainer's answers as written, with the `also` names
        self.them = them  # "expected", or "accepted" for an alternative route
        self.pairs: dict[int, int] = {}

    def differences(self) -> list[dict[str, Any]]:
        """Every question on the reference route answered differently, in the order asked,
        stopping at the first question the trainee was not asked (their route had parted)."""
        mine, theirs = _answers_on(self.reference), _answers_on(self.trainee)
        found = []
        for qid, expected in mine.items():
            given = theirs.get(qid)
            if given is None:
                found.append(self._row(expected, None, []))
                break
            details = self._details(expected, given)
            if details is not None:
                found.append(self._row(expected, given, details))
        return found

    def _details(self, expected: _Answer, given: _Answer) -> list[str] | None:
        """None when the answers are the same; otherwise the lines saying how they differ."""
        q = expected.question
        if q.kind == MULTI:
            return self._ticks(q, expected.value, given.value)
        if q.kind == PRACTITIONERS:
            return self._practitioners(q, expected.value, given.value)
        generated_e = expected.value not in {o.id for o in q.options}
        generated_g = given.value not in {o.id for o in q.options}
        if generated_e and generated_g:  # both chose a practitioner listed earlier: the same one?
            chosen = int(given.value[1:]) - 1
            return None if self.pairs.get(chosen) == int(expected.value[1:]) - 1 else []
        return None if expected.value == given.value else []

    def _ticks(self, q: Question, expected: list[str], given: list[str]) -> list[str] | None:
        if set(expected) == set(given):
            return None
        missing = [v for v in expected if v not in given]
        extra = [v for v in given if v not in expected]
        lines = [f"The {self.them} answer also ticks “{answer_label(q, [v], self.fill)}”." for v in missing]
        lines += [f"You ticked “{answer_label(q, [v], self.fill)}”, which the {self.them} answer does not."
                  for v in extra]
        return lines

    def _practitioners(self, q: Question, expected: list[Mapping[str, Any]],
                       given: list[Mapping[str, Any]]) -> list[str] | None:
        written = [dict(e) for e in self.written.get(q.id, expected)]
        for accepted, raw in zip(expected, written):  # the accepted form, with the trainer's other names
            raw.update(role=accepted["role"], agency=accepted["agency"], criteria=accepted["criteria"])
        self.pairs = pair_entries(written, given)
        labels = {o.id: self.fill(o.label) for o in q.options}
        lines = []
        for w, entry in enumerate(written):
            if w not in self.pairs.values():
                lines.append(f"The case involves the practitioner “{practitioner_name(entry)}”, who is not in "
                             "your list.")
        for t, entry in enumerate(given):
            if t not in self.pairs:
                lines.append(f"You listed “{practitioner_name(entry)}”, who is not in the {self.them} answer.")
                continue
            target = written[self.pairs[t]]
            name = practitioner_name(target)
            for c in target["criteria"]:
                if c not in entry["criteria"]:
                    lines.append(f"{name}: the {self.them} answer also ticks “{labels[c]}”.")
            for c in entry["criteria"]:
                if c not in target["criteria"]:
                    lines.append(f"{name}: you ticked “{labels[c]}”, which the {self.them} answer does not.")
        return lines or None

    def _row(self, expected: _Answer, given: _Answer | None, details: list[str]) -> dict[str, Any]:
        q = expected.question
        row = {
            "question_id": q.id,
            "question": self.fill(q.text),
            "expected_answer": answer_label(q, expected.value, self.fill, expected.entries),
            "your_answer": (answer_label(q, given.value, self.fill, given.entries) if given
                            else "You were not asked this question: an earlier answer took you elsewhere."),
            "details": details,
            "split": None,
        }
        if given:
            row["your_route"], row["expected_route"], row["split"] = self.parting(q.id)
        # the wording the page shows, as [label, text] rows and as one sentence for a folded list
        row["rows"] = [["Question", row["question"]], ["Your answer", row["your_answer"]],
                       [f"{self.them.capitalize()} answer", row["expected_answer"]]]
        if given:
            row["rows"] += [["Your answers lead to", row["your_route"]],
                            [f"The {self.them} answers lead to", row["expected_route"]]]
        row["summary"] = f"You answered: {row['your_answer']}. {self.them.capitalize()}: {row['expected_answer']}."
        return row

    def parting(self, question_id: str) -> tuple[str, str, str | None]:
        """Where each route goes after a question, named at the first step where the two differ
        (the next question asked, or the result), and the check that sends them apart when it is
        not the answer itself. Routes that run on together through later questions are followed
        to where they part; routes that reach the same result are told apart by who leads."""
        yours, ref = (_after(step, question_id) for step in (self.trainee, self.reference))
        shown_y, shown_r = ([i for i, n in enumerate(p) if not isinstance(self.tree.node(n), Branch)]
                            for p in (yours, ref))
        k = next((k for k, (y, r) in enumerate(zip(shown_y, shown_r)) if yours[y] != ref[r]), None)
        if k is None:  # the same questions to the same result
            return self._result(self.trainee, self.reference), self._result(self.reference, self.trainee), None
        # the hidden checks between the last step the routes share and the first where they differ
        part_y = yours[(shown_y[k - 1] + 1 if k else 0): shown_y[k] + 1]
        part_r = ref[(shown_r[k - 1] + 1 if k else 0): shown_r[k] + 1]
        j = next((j for j, (y, r) in enumerate(zip(part_y, part_r)) if y != r), 0)
        before = self.tree.node(part_r[j - 1] if j else (ref[shown_r[k - 1]] if k else question_id))
        split = None
        if isinstance(before, Branch):
            split = (f"At the check “{self.fill(before.text)}”, your answers meet "
                     f"“{self._rule(before, part_y[j])}”, so they go to {self._name(part_y[j])}. The {self.them} "
                     f"answers meet “{self._rule(before, part_r[j])}”, so they go to {self._name(part_r[j])}.")
        return self._name(yours[shown_y[k]]), self._name(ref[shown_r[k]]), split

    def _result(self, step: Step, other: Step) -> str:
        """A result, with who leads when the other route reaches it with someone else leading."""
        named = self._name(step.node.id)
        lead, other_lead = self._lead_text(step), self._lead_text(other)
        return f"{named}, with {lead} as {self.fill('{role}')}" if lead and lead != other_lead else named

    def _lead_text(self, step: Step) -> str:
        outcome = step.node
        detail = step.tree.details[outcome.detail](step.context) if outcome.detail else None
        return detail.lead if detail and detail.lead else self.fill(outcome.lead)

    def _rule(self, branch: Branch, target: str) -> str:
        for rule in branch.rules:
            if rule.next == target:
                return self.fill(self.tree.condition(rule.when).description)
        return "none of the above"

    def _name(self, node_id: str) -> str:
        node = self.tree.node(node_id)
        if isinstance(node, Outcome):
            return f"the result “{self.fill(node.title)}”"
        if isinstance(node, Question):
            return f"the question “{self.fill(node.text)}”"
        return f"the check “{self.fill(node.text)}”"


def _after(step: Step, question_id: str) -> list[str]:
    """The nodes a route visits after a question."""
    path = list(step.path)
    return path[path.index(question_id) + 1:]


def _lead_entry(step: Step, lead: str) -> Mapping[str, Any] | None:
    """The practitioner a result names as lead, when the name came from a list of practitioners."""
    for accepted in step.accepted:
        if accepted.question.kind == PRACTITIONERS:
            for entry in accepted.value:
                if practitioner_name(entry) == lead:
                    return entry
    return None


def _lead(step: Step) -> str:
    outcome = step.node
    if outcome.detail:
        detail = step.tree.details[outcome.detail](step.context)
        if detail.lead:
            return detail.lead
    return outcome.lead


def same_result(reference: Step, written: Mapping[str, Any], other: Step) -> bool:
    """The same result and, where the result names a practitioner from the list, the same one."""
    if not (other.is_outcome and reference.node.id == other.node.id):
        return False
    named = _lead_entry(reference, _lead(reference))
    if named is None:
        return True
    mine = _lead_entry(other, _lead(other))
    if mine is None:
        return False
    raw = next((e for e in _written_entries(reference.tree, written)
                if " ".join(str(e.get("role", "")).split()) == named["role"]), named)
    return _same_role(mine["role"], _role_names(raw), exact=False)


def _written_entries(tree: Tree, written: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for key, value in written.items():
        if _is_question(tree, key) and tree.node(key).kind == PRACTITIONERS and isinstance(value, list):
            return [e for e in value if isinstance(e, dict)]
    return []


def _translated(tree: Tree, mine: dict[str, Any], written: Mapping[str, Any], trainee: Step) -> dict[str, Any]:
    """Expected answers that pick a practitioner by position ("p2") renumbered to the same
    practitioner's position in the trainee's own list, so that the two can be mixed."""
    theirs = next((list(a.value) for a in trainee.accepted if a.question.kind == PRACTITIONERS), [])
    written_entries = _written_entries(tree, written)
    if not theirs or not written_entries:
        return mine
    back = {w: t for t, w in pair_entries(written_entries, theirs).items()}
    for qid, value in mine.items():
        if tree.node(qid).generated_options and isinstance(value, str) and re.fullmatch(r"p\d+", value):
            position = int(value[1:]) - 1
            mine[qid] = f"p{back[position] + 1}" if position in back else "p0"  # p0: nobody the trainee listed
    return mine


def _shared(a: Step, b: Step) -> int:
    """How far two routes run together."""
    return next((i for i, (x, y) in enumerate(zip(a.path, b.path)) if x != y), min(len(a.path), len(b.path)))


def decisive(reference: Step, written: Mapping[str, Any], trainee: Step, variants: Mapping[str, str]) -> str | None:
    """The question whose answer led the trainee elsewhere: going through the reference route in
    order, the first question where taking the trainee's answer (with their answers before it and
    the expected ones after it) no longer reaches the expected result. An extra tick that changes
    nothing is not where a route went wrong."""
    tree = reference.tree
    asked = [a.question.id for a in reference.accepted]
    theirs = {a.question.id: a.value for a in trainee.accepted}
    mine = _replayable(tree, written)
    renumbered = _translated(tree, dict(mine), written, trainee)  # for use after the trainee's own list
    elsewhere = {q: v for q, v in theirs.items() if q not in asked}  # lets a route that parts carry on
    for k, qid in enumerate(asked):
        if qid not in theirs:
            return qid
        own_list = any(tree.node(q).kind == PRACTITIONERS for q in asked[: k + 1])
        later = renumbered if own_list else mine
        hybrid = {**{q: theirs[q] for q in asked[: k + 1] if q in theirs},
                  **{q: later[q] for q in asked[k + 1:]}, **elsewhere}
        if not same_result(reference, written, resolve(tree, hybrid, variants)):
            return qid
    return None


# The tools' reasons speak to the person answering ("The highest level you ticked is level 2").
# Under "Why the expected result applies" they explain the expected answers, which the trainee
# may not have given, so what "you" ticked, listed or thought becomes what the expected answers do.
EXPECTED_VOICE = (
    (re.compile(r"\b(indicators?) you ticked were in\b", re.I), r"\1 the expected answers tick are in"),
    (re.compile(r"\byou did not tick\b", re.I), "the expected answers do not tick"),
    (re.compile(r"\byou ticked\b", re.I), "the expected answers tick"),
    (re.compile(r"\byou listed\b", re.I), "in the expected list"),
    (re.compile(r"\byou think\b", re.I), "the expected answer is that"),
    (re.compile(r", or you are not sure\b", re.I), ", or that it is not clear"),
    (re.compile(r"\byou have not yet done all of these\b", re.I),
     "the expected answers do not show all of these done"),
)


def expected_voice(reason: str) -> str:
    """A reason of the expected result, about the expected answers rather than the reader's."""
    for pattern, replacement in EXPECTED_VOICE:
        def swap(match: re.Match, replacement: str = replacement) -> str:
            text = match.expand(replacement)
            return text[0].upper() + text[1:] if match.group(0)[0].isupper() else text
        reason = pattern.sub(swap, reason)
    return reason


class Unfinished(Exception):
    """The trainee asked for feedback before the tool gave a result."""


def feedback(scenario: Scenario, trainee_answers: Any, variants: Mapping[str, str] | None = None,
             names: Mapping[str, str] | None = None, council: str = "") -> dict[str, Any]:
    """Compare a trainee's answers with the expected ones and say what the difference means."""
    tree = get_tree(scenario.tree)
    chosen = merged_variants(tree, variants)
    fill = filler(tree, names)
    check(scenario, chosen)
    expected = route(tree, scenario.answers, chosen)
    trainee = resolve(tree, trainee_answers, chosen)
    if not trainee.is_outcome:
        raise Unfinished
    my_view = step_view(trainee, council, names)["outcome"]
    expected_view = step_view(expected, council, names)["outcome"]
    routes = [(expected, scenario.answers, None)] + [
        (route(tree, alt.answers, chosen, f"alternatives[{i}].answers"), alt.answers, alt.note)
        for i, alt in enumerate(scenario.alternatives)]
    right = next(((step, written, note) for step, written, note in routes if same_result(step, written, trainee)),
                 None)
    # A wrong answer is compared with the accepted route it kept to longest (the expected one on a tie).
    reference, written, note = right or max(routes, key=lambda r: _shared(r[0], trainee))
    comparison = _Comparison(tree, reference, written, trainee, fill,
                             "expected" if reference is expected else "accepted")
    differences = comparison.differences()
    reply: dict[str, Any] = {
        "scenario": scenario.id,
        "title": scenario.title,
        "right": right is not None,
        "yours": {"title": my_view["title"], "lead": my_view["lead"]},
        "expected": {"title": expected_view["title"], "lead": expected_view["lead"]},
        # the labels of the lines naming who leads, in the council's own name for the role
        "lead_labels": {"right": fill("{Role}"), "yours": fill("Your {role}"), "expected": fill("Expected {role}")},
        "teaching_point": fill(scenario.teaching_point),
        "reasons": [expected_voice(r) for r in expected_view["reasons"]],
        "local_rules": expected_view["local_rules"],
        "sources": expected_view["sources"],
        "scenario_sources": [describe(s.document, s.section) for s in scenario.sources],
        "alternative": fill(note) if note and reference is not expected else None,
        "divergence": None,
        "other_differences": [],
    }
    if right is not None:
        reply["heading"] = f"Right: {my_view['title']}"
        reply["other_differences"] = [d for d in differences if d.get("your_route")]
        reply["announce"] = f"Feedback on {scenario.title}: your answer is right."
        return reply
    reply["heading"] = "Not the expected result"
    reply["announce"] = f"Feedback on {scenario.title}: your answer is not the expected one."
    where = decisive(reference, written, trainee, chosen)
    first = next((d for d in differences if d["question_id"] == where), differences[0] if differences else None)
    if first:
        first = dict(first)
        first["note"] = fill(scenario.notes[first["question_id"]]) if first["question_id"] in scenario.notes else None
        reply["divergence"] = first
        reply["other_differences"] = [d for d in differences if d["question_id"] != first["question_id"]
                                      and d.get("your_route")]
    return reply


# ------------------------------------------------------------------------------------------
# The browser's entry point: registered in browser.ACTIONS as "feedback"
# ------------------------------------------------------------------------------------------

def feedback_request(request: dict[str, Any], settings: Any) -> dict[str, Any]:
    """{scenario: its id, answers} in; {ok, feedback} out. The scenario is one of those the build
    published, checked when they were given to Python (decision.browser.configure_scenarios), under the
    council's local rules and names (`settings`: a decision.browser.Settings); the answers go
    through the same resolver as the tools."""
    scenario = settings.scenarios.get(request.get("scenario")) if isinstance(request.get("scenario"), str) else None
    try:
        if scenario is None:
            raise ScenarioError("no such scenario")
        variants, names = settings.tool(get_tree(scenario.tree))
        reply = feedback(scenario, request.get("answers"), variants, names, settings.council)
    except ScenarioError:
        return _failure("This scenario could not be checked. Reload the page and try again; if it happens again, "
                        "use the answer sheet.")
    except Unfinished:
        return _failure("The tool has not given a result yet. Answer its questions until it shows a result, "
                        "then ask for feedback.")
    return {"ok": True, "feedback": reply}


def _failure(message: str) -> dict[str, Any]:
    return {"ok": False, "message": message}
