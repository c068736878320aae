"""Command line: `python -m decision list | show TREE | run TREE --answer Q=A ... | paths TREE`.

For policy leads and trainers checking a tree without a browser, and for scripts. Bad input
gets one line naming the tree, question or option, and exit status 2.

`--settings FILE` (or $HANDBOOK_SETTINGS, as the build reads it) applies a council's settings to
`show`, `run` and `paths`: its local rules, its names and its threshold framework (council.py).
`--variant` and `--name` still override one value each.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

from . import council
from .engine.model import CHOICE, MULTI, Branch, Outcome, Question, Tree, edges
from .engine.paths import snapshot_lines
from .trees.registry import get_tree, tree_ids
from .engine.resolver import resolve
from .engine.view import filler, step_view
from .trees import framework


class CommandError(Exception):
    """A mistake in what the user typed: reported on one line, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "settings"):
            args.council = _council(args.settings)
        return args.handler(args)
    except council.CouncilSettingsError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    except CommandError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output was piped into something that stopped reading (e.g. head)
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m decision", description="The handbook's decision trees.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    listing = commands.add_parser("list", help="list the trees")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    show = commands.add_parser("show", help="questions, options and outcomes of a tree, with ids")
    show.add_argument("tree")
    show.add_argument("--json", action="store_true", help="print JSON")
    _settings_argument(show)
    show.set_defaults(handler=cmd_show)
    run = commands.add_parser("run", help="answer a tree's questions and see the outcome or the next question")
    run.add_argument("tree")
    run.add_argument("--answer", "-a", action="append", default=[], metavar="QUESTION=OPTION",
                     help="an answer; ticks as A,B; practitioners as JSON; repeat for each question")
    run.add_argument("--variant", action="append", default=[], metavar="RULE=CHOICE", help="a local rule")
    run.add_argument("--name", action="append", default=[], metavar="NAME=TEXT", help="a local name")
    run.add_argument("--json", action="store_true", help="print the step as the browser receives it")
    _settings_argument(run)
    run.set_defaults(handler=cmd_run)
    paths = commands.add_parser("paths", help="every path through a tree and where it ends")
    paths.add_argument("tree")
    _settings_argument(paths)
    paths.set_defaults(handler=cmd_paths)
    return parser


def _settings_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", metavar="FILE", help="a council's settings file (default: $HANDBOOK_SETTINGS, "
                                                           "else the handbook's defaults)")


def _council(given: str | None) -> council.CouncilRules:
    """The council's settings, and its threshold framework made the one the trees use."""
    path = council.settings_path(given)
    rules = council.read(path) if path else council.CouncilRules()
    framework.use(rules.framework)
    return rules


def _tree(tree_id: str) -> Tree:
    if tree_id not in tree_ids():
        raise CommandError(f"there is no tree '{tree_id}' (trees: {', '.join(tree_ids())})")
    return get_tree(tree_id)


def cmd_list(args: argparse.Namespace) -> int:
    names = getattr(getattr(args, "council", None), "names", None)  # the role's name as the council has it
    rows = [(t.id, filler(t, names)(t.title), len(t.questions()), len(t.outcomes())) for t in map(get_tree, tree_ids())]
    if args.json:
        print(json.dumps([{"id": i, "title": title, "questions": q, "outcomes": o} for i, title, q, o in rows],
                         indent=2))
        return 0
    width = max(len(row[0]) for row in rows)
    for tree_id, title, questions, outcomes in rows:
        print(f"{tree_id:<{width}}  {title} ({questions} questions, {outcomes} outcomes)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    tree = _tree(args.tree)
    if args.json:
        print(json.dumps(describe(tree, args.council.variants), indent=2, ensure_ascii=False))
        return 0
    fill = filler(tree, args.council.names)
    print(f"{tree.id}: {fill(tree.title)}\n{fill(tree.description)}\nStarts at: {tree.start}\n")
    chosen = _chosen_variants(tree, args.council.variants)
    for variant in tree.variants:
        print(f"local rule {variant.id}: {chosen[variant.id]}"
              + (" (the council's choice)" if variant.id in args.council.variants else " (the default)"))
    if tree.variants:
        print()
    for node in tree.nodes:
        print(fill(_describe_text(tree, node)))
    return 0


def _chosen_variants(tree: Tree, chosen: dict[str, str]) -> dict[str, str]:
    """The tree's local rules as the council chose them, the default where it did not."""
    return tree.default_variants() | {k: v for k, v in chosen.items() if k in tree.default_variants()}


def describe(tree: Tree, chosen: dict[str, str] | None = None) -> dict[str, Any]:
    def node_json(node):
        base = {"id": node.id, "type": type(node).__name__.lower()}
        if isinstance(node, Question):
            return base | {"kind": node.kind, "text": node.text, "hint": node.hint,
                           "options": [{"id": o.id, "label": o.label, "next": o.next} for o in node.options],
                           "next": node.next, "generated_options": node.generated_options,
                           "generated_next": node.generated_next}
        if isinstance(node, Branch):
            return base | {"text": node.text, "rules": [{"when": r.when, "next": r.next} for r in node.rules],
                           "otherwise": node.otherwise}
        return base | {"title": node.title, "lead": node.lead, "reasons": list(node.reasons),
                       "next_steps": list(node.next_steps), "local_rule": node.local_rule,
                       "sources": [{"document": s.document, "section": s.section} for s in node.sources]}
    return {"id": tree.id, "title": tree.title, "description": tree.description, "start": tree.start,
            "nodes": [node_json(n) for n in tree.nodes],
            "conditions": [{"id": c.id, "description": c.description} for c in tree.conditions],
            "variants": [{"id": v.id, "question": v.question, "choices": dict(v.choices), "default": v.default,
                          "chosen": _chosen_variants(tree, chosen or {})[v.id]} for v in tree.variants]}


def _describe_text(tree: Tree, node) -> str:
    if isinstance(node, Question):
        lines = [f"question {node.id} ({node.kind}): {node.text}"]
        lines += [f"  {o.id}: {o.label}" + (f" -> {o.next}" if o.next else "") for o in node.options]
        if node.generated_options:
            lines.append(f"  <{node.generated_options}> -> {node.generated_next}")
        if node.next:
            lines.append(f"  then -> {node.next}")
        return "\n".join(lines)
    if isinstance(node, Branch):
        rules = [f"  if {tree.condition(r.when).description} -> {r.next}" for r in node.rules]
        return "\n".join([f"branch {node.id}: {node.text}", *rules, f"  otherwise -> {node.otherwise}"])
    sources = "; ".join(f"{s.document}: {s.section}" for s in node.sources)
    return f"outcome {node.id}: {node.title}\n  lead: {node.lead or '-'}\n  sources: {sources}"


def _pairs(items: list[str], what: str) -> dict[str, str]:
    found = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CommandError(f"{what} '{item}' is not KEY=VALUE")
        found[key] = value
    return found


def _answer_value(tree: Tree, question_id: str, raw: str) -> Any:
    if not tree.has_node(question_id) or not isinstance(tree.node(question_id), Question):
        raise CommandError(f"{tree.id}: there is no question '{question_id}'")
    question = tree.node(question_id)
    if raw.startswith(("[", "{")):
        try:
            return json.loads(raw)
        except ValueError:
            raise CommandError(f"{tree.id}: the answer to '{question_id}' is not valid JSON") from None
    if question.kind == MULTI:
        return [part for part in raw.split(",") if part]
    if question.kind == CHOICE:
        return raw
    raise CommandError(f"{tree.id}: answer '{question_id}' as JSON, e.g. "
                       '\'[{"role": "Health visitor", "agency": "NHS", "criteria": ["agrees"]}]\'')


def cmd_run(args: argparse.Namespace) -> int:
    tree = _tree(args.tree)
    answers = {q: _answer_value(tree, q, v) for q, v in _pairs(args.answer, "answer").items()}
    given = _pairs(args.variant, "variant")
    for key, value in given.items():
        known = {v.id: v for v in tree.variants}
        if key not in known:
            raise CommandError(f"{tree.id}: there is no local rule '{key}'")
        if value not in known[key].choices:
            raise CommandError(f"{tree.id}: local rule '{key}' has no choice '{value}' "
                               f"(choices: {', '.join(known[key].choices)})")
    variants = _chosen_variants(tree, args.council.variants) | given
    step = resolve(tree, answers, variants)
    _refuse_problems(tree, step, answers)
    view = step_view(step, names=args.council.names | _pairs(args.name, "name"))
    print(json.dumps(view, indent=2, ensure_ascii=False) if args.json else _step_text(view))
    return 0


def _refuse_problems(tree: Tree, step, answers: dict[str, Any]) -> None:
    """The command line is strict: an answer the browser would set aside is an error here."""
    if step.error:
        raise CommandError(f"{tree.id}: the answer to '{step.node.id}' is empty")
    for question_id, value in answers.items():
        used = {a.question.id for a in step.accepted} | set(step.pending)
        if question_id in used:
            continue
        question = tree.node(question_id)
        if question_id == getattr(step.node, "id", None):
            options = ", ".join([o.id for o in question.options] + [g for g, _ in step.generated])
            raise CommandError(f"{tree.id}: '{_short(value)}' is not an option of question '{question_id}' "
                               f"(options: {options})")
        raise CommandError(f"{tree.id}: question '{question_id}' is not on the path of the other answers")
    if step.pending:
        raise CommandError(f"{tree.id}: question '{next(iter(step.pending))}' was answered before "
                           f"'{step.node.id}', which comes first")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _step_text(view: dict[str, Any]) -> str:
    if view["kind"] == "question":
        q = view["question"]
        lines = [f"Next question ({q['id']}): {q['text']}"] + ([f"  {q['hint']}"] if q["hint"] else [])
        lines += [f"  {o['id']}: {o['label']}" for o in q["options"]]
        return "\n".join(lines)
    o = view["outcome"]
    lines = [f"Result ({o['id']}): {o['title']}"]
    if o["lead"]:
        lines.append(f"{o['lead_label']}: {o['lead']}")
    for title, items in (("Why", o["reasons"]), ("Local rule", o["local_rules"]), ("Before you act", o["notes"]),
                         ("What to do next", o["next_steps"])):
        if items:
            lines += [f"{title}:"] + [f"  - {item}" for item in items]
    if o["table"]:
        lines += ["Ranking:"] + [f"  {' | '.join(row)}" for row in [o["table"]["head"], *o["table"]["rows"]]]
    lines += ["Sources:"] + [f"  - {s['publisher']}, {s['title']} ({s['date']}): {s['section']}" for s in o["sources"]]
    return "\n".join(lines)


def cmd_paths(args: argparse.Namespace) -> int:
    """Every path, under every combination of the tree's local rules, or with a council's settings
    under its choices only and with its names."""
    tree = _tree(args.tree)
    chosen = _chosen_variants(tree, args.council.variants) if args.council.source else None
    for line in snapshot_lines(tree, chosen, args.council.names):
        print(line)
    return 0
