"""Scenario training for trainers and trainees, built from the scenario files in training/.

- `check` runs when the site is built: every scenario file and the sets file are read and checked
  (decision.training.scenarios holds the rules), and the first problem stops the build with one
  line naming the file.
- The ```decision-training fence draws one of three views from the same files:
    view: scenarios   the training itself: the cases (readable without JavaScript), the real
                      tools, and what lp-training.js shows (the scenarios themselves reach
                      Python in the scenarios file the build publishes: published.py)
    view: cards       printable scenario cards, one a page, the case only
    view: answers     the trainer's answer sheet: expected answers as labels, the result, the
                      teaching point and the sources
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from decision import get_tree
from decision.engine.model import Tree
from decision.trees.sources import describe
from decision.training.files import ScenarioSet, parse_sets, parse_toml
from decision.training.scenarios import Scenario, ScenarioError, answer_rows, route
from decision.training.scenarios import check as check_scenario
from decision.engine.resolver import merged_variants
from decision.engine.view import filler, step_view

from .context import BuildContext, uses_tool
from .fence import Fence, FenceError, Formatter, parse_keys
from decision.engine.markup import tool_id
from .markup import h, text
from .widget import widget_html

TRAINING_FENCE = "decision-training"
ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "training"  # $HANDBOOK_TRAINING names another folder (tests use it)
VIEWS = ("scenarios", "cards", "answers")
FENCE_KEYS = {"view": VIEWS}  # the fence's one setting


@dataclass(frozen=True)
class Training:
    scenarios: tuple[Scenario, ...]
    sets: tuple[ScenarioSet, ...]
    files: dict[str, Path] = field(default_factory=dict)  # scenario id -> its file (a council's own, too)


def _shown_name(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def training_dir() -> Path:
    chosen = os.environ.get("HANDBOOK_TRAINING")
    return Path(chosen).resolve() if chosen else TRAINING_DIR


def load(folder: Path | None = None, left_out: tuple[str, ...] = (), own: Path | None = None) -> Training:
    """Every scenario in folder/scenarios and the sets in folder/sets.toml, less those `left_out`
    names (a council's content.scenarios_left_out: not read at all, as they may name what its
    threshold framework lacks), with the council's `own` scenarios (content.scenarios_folder: every
    *.toml file in it) added; all in file-name order. Raises ValueError naming the file and its
    first problem."""
    folder = folder or training_dir()
    files = sorted((folder / "scenarios").glob("*.toml"))
    if not files:
        raise ValueError(f"{_shown_name(folder / 'scenarios')}: there are no scenario files (*.toml)")
    for number, scenario_id in enumerate(left_out, start=1):
        if scenario_id not in {path.stem for path in files}:
            raise ValueError(f"content.scenarios_left_out, entry {number}: there is no scenario "
                             f"\"{scenario_id[:80]}\" in {_shown_name(folder / 'scenarios')}")
    kept = [path for path in files if path.stem not in left_out]
    if own is not None:
        kept = sorted(kept + _own_files(own, {path.stem: path for path in files}), key=lambda path: path.stem)
    scenarios = []
    for path in kept:
        try:
            scenarios.append(parse_toml(path.read_text(encoding="utf-8"), path.stem))
        except (ScenarioError, UnicodeDecodeError) as problem:
            raise ValueError(f"{_shown_name(path)}: {problem}") from None
    sets_file = folder / "sets.toml"
    sets: tuple[ScenarioSet, ...] = ()
    if sets_file.exists():
        try:
            sets = parse_sets(tomllib.loads(sets_file.read_text(encoding="utf-8")),
                              [s.id for s in scenarios] + list(left_out))
        except tomllib.TOMLDecodeError as problem:
            raise ValueError(f"{_shown_name(sets_file)}: not valid TOML: {problem}") from None
        except ScenarioError as problem:
            raise ValueError(f"{_shown_name(sets_file)}: {problem}") from None
    return Training(tuple(scenarios), sets, {path.stem: path for path in kept})


def _own_files(own: Path, built_in: dict[str, Path]) -> list[Path]:
    """A council's own scenario files: a folder that exists and holds at least one, and no file
    named as a built-in scenario is (left out or not: the id names one scenario everywhere)."""
    if not own.is_dir():
        raise ValueError(f"content.scenarios_folder: the folder {_shown_name(own)} does not exist")
    files = sorted(own.glob("*.toml"))
    if not files:
        raise ValueError(f"{_shown_name(own)}: there are no scenario files (*.toml) in the council's scenarios folder")
    for path in files:
        if path.stem in built_in:
            raise ValueError(f"{_shown_name(path)}: the scenario id \"{path.stem[:80]}\" is already the id of the "
                             f"handbook's scenario {_shown_name(built_in[path.stem])}; give this file another name")
    return files


def load_for(settings: Any) -> Training:
    """The scenarios a council's settings keep: the built-in ones less content.scenarios_left_out,
    with those in its content.scenarios_folder."""
    content = settings.content
    return load(left_out=content.scenarios_left_out,
                own=Path(content.scenarios_folder) if content.scenarios_folder else None)


def validate(training: Training, variants_for: Callable[[str], dict[str, str]] | None = None,
             folder: Path | None = None) -> None:
    """Each scenario reaches its stated result under every combination of local rules (so it stays
    right whatever a council chooses), and under the council's own choice."""
    folder = folder or training_dir()
    for scenario in training.scenarios:
        try:
            check_scenario(scenario)
            if variants_for:
                check_scenario(scenario, variants_for(scenario.tree))
        except ScenarioError as problem:
            path = training.files.get(scenario.id, folder / "scenarios" / (scenario.id + ".toml"))
            raise ValueError(f"{_shown_name(path)}: {problem}") from None


def check(context: BuildContext) -> None:
    """Validate every scenario the council keeps when the site is built; raise ValueError naming
    the file and problem."""
    validate(load_for(context.settings), context.variants_for)


# ------------------------------------------------------------------------------------------
# What a council's site shows: scenarios for the tools it uses, numbered in file order
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shown:
    scenario: Scenario
    number: int
    tree: Tree
    variants: dict[str, str]
    names: dict[str, str]

    def fill(self, value: str) -> str:
        return filler(self.tree, self.names)(value)


def shown(training: Training, context: BuildContext) -> tuple[list[Shown], list[ScenarioSet]]:
    kept = [s for s in training.scenarios if context.shown(s.tree)]
    items = [Shown(s, i, get_tree(s.tree), context.variants_for(s.tree), context.names_for(s.tree))
             for i, s in enumerate(kept, start=1)]
    ids = {s.id for s in kept}
    sets = [ScenarioSet(t.id, t.title, t.description, tuple(i for i in t.scenarios if i in ids))
            for t in training.sets]
    return items, [t for t in sets if t.scenarios]


def published_scenarios(settings: Any) -> list[dict[str, Any]]:
    """The scenarios the council's site shows (those of the tools it uses, as `shown` keeps them),
    as Python reads them (Scenario.to_json), for the scenarios file the build publishes for the
    worker (published.py): the page sends only a scenario's id with the trainee's answers."""
    return [s.to_json() for s in load_for(settings).scenarios if uses_tool(settings, s.tree)]


def _tree_label(item: "Shown") -> str:
    return f"Tool: {item.fill(item.tree.title)}"


def _citation(source: dict[str, str]) -> str:
    return f"{source['publisher']}, {source['title']} ({source['date']}): {source['section']}"


def _sources(item: Shown, outcome_sources: list[dict[str, str]]) -> list[str]:
    cited = [_citation(s) for s in outcome_sources]
    cited += [c for c in (_citation(describe(s.document, s.section)) for s in item.scenario.sources) if c not in cited]
    return cited


def _json_script(data: Any, css_class: str) -> str:
    """Data for the page's script, safe inside HTML: no '<', '>' or '&' survives as itself."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="{css_class}">{raw}</script>'


# ------------------------------------------------------------------------------------------
# view: scenarios
# ------------------------------------------------------------------------------------------

def scenarios_html(items: list[Shown], sets: list[ScenarioSet], context: BuildContext, used: list[str]) -> str:
    trees: list[Tree] = []
    for item in items:
        if item.tree not in trees:
            trees.append(item.tree)
    # What lp-training.js shows and asks for: the rest of each scenario (its answers, result and
    # teaching point) reaches Python once, in the scenarios file the build publishes (published.py).
    data = {
        "scenarios": [{
            "id": item.scenario.id,
            "title": item.scenario.title,
            "tree": item.scenario.tree,
            "number": item.number,
            "tool": item.fill(item.tree.title),
            "paragraphs": [item.fill(p) for p in item.scenario.case],
        } for item in items],
        "sets": [{"id": t.id, "title": t.title, "description": t.description, "scenarios": list(t.scenarios)}
                 for t in sets],
    }
    catalogue = [h("h2", {"class": "lp-training__catalogue-title"}, "The scenarios"),
                 h("p", None, "The feedback on your answers needs JavaScript, which is not running in this browser. "
                              "You can still work each case on paper with the tool's written rules (on the pages "
                              "where the tools are) and check your answers on the trainer's answer sheet.")]
    for tree in trees:
        catalogue.append(h("h3", None, text(filler(tree, context.names_for(tree.id))(tree.title))))
        for item in (i for i in items if i.tree is tree):
            catalogue.append(h("section", {"class": "lp-training__case", "id": f"scenario-{item.scenario.id}"},
                               h("h4", None, text(f"Scenario {item.number}: {item.scenario.title}")),
                               *(h("p", None, text(p)) for p in (item.fill(x) for x in item.scenario.case))))
    tools = []
    for tree in trees:
        uid = tool_id(tree.id, used)
        used.append(tree.id)
        tools.append(h("div", {"class": "lp-training__tool", "data-tree": tree.id, "hidden": True},
                       widget_html(tree, uid, context.variants_for(tree.id), context.council,
                                   context.names_for(tree.id))))
    return h("div", {"class": "lp-training", "data-needs-python": "training"},
             _json_script(data, "lp-training__data"),
             h("p", {"class": "lp-training__status lp-visually-hidden", "role": "status", "aria-live": "polite"}),
             h("div", {"class": "lp-training__catalogue"}, *catalogue),
             h("div", {"class": "lp-training__app", "hidden": True}),
             # Out of search: the hidden tools hold every scenario's result. A <section>, because the
             # theme's indexer matches the excluded element by its tag name: the tools inside hold
             # <div>s, whose ends would end the exclusion, but no <section>.
             h("section", {"class": "lp-training__tools", "hidden": True, "data-search-exclude": True}, *tools))


# ------------------------------------------------------------------------------------------
# view: cards
# ------------------------------------------------------------------------------------------

def cards_html(items: list[Shown]) -> str:
    cards = []
    for item in items:
        heading_id = f"card-{item.scenario.id}"
        cards.append(h("article", {"class": "lp-card", "aria-labelledby": heading_id},
                       h("p", {"class": "lp-card__number"}, f"Scenario {item.number}"),
                       h("h2", {"class": "lp-card__title", "id": heading_id}, text(item.scenario.title)),
                       h("p", {"class": "lp-card__tool"}, text(_tree_label(item))),
                       *(h("p", None, text(item.fill(p))) for p in item.scenario.case),
                       h("p", {"class": "lp-card__task"},
                         "Work through the tool as you would for a real case, then compare your answers with "
                         "the answer sheet or ask for feedback on the training page.")))
    return h("div", {"class": "lp-cards"}, *cards)


# ------------------------------------------------------------------------------------------
# view: answers (the trainer's answer sheet)
# ------------------------------------------------------------------------------------------

def _answers_table(rows: list[dict[str, Any]], caption: str) -> str:
    body = []
    for row in rows:
        listed = len(row["lines"]) > 1 or (row["kind"] == "practitioners" and row["lines"])
        answer = (h("ul", {"class": "lp-answer__list"}, *(h("li", None, text(line)) for line in row["lines"]))
                  if listed else text(row["answer"]))
        body.append(h("tr", None, h("th", {"scope": "row"}, text(row["question"])), h("td", None, answer)))
    return h("table", {"class": "lp-table lp-answer__table"}, h("caption", None, text(caption)),
             h("thead", None, h("tr", None, h("th", {"scope": "col"}, "Question"),
                                h("th", {"scope": "col"}, "Expected answer"))),
             h("tbody", None, *body))


def _result_html(item: Shown) -> tuple[str, list[dict[str, str]]]:
    """The expected result for this site's local rules and, where it depends on one, for each choice."""
    scenario, tree = item.scenario, item.tree
    step = route(tree, scenario.answers, merged_variants(tree, item.variants))
    view = step_view(step, "", item.names)["outcome"]
    parts = [h("p", {"class": "lp-answer__result"}, h("strong", None, "Result: "), text(view["title"]))]
    if view["lead"]:
        parts.append(h("p", None, h("strong", None, text(view["lead_label"]) + ": "), text(view["lead"])))
    if scenario.outcome_by_rule:
        rule, outcomes = scenario.outcome_by_rule
        variant = tree.variant(rule)
        choices = []
        for choice, outcome_id in outcomes.items():
            title = item.fill(tree.node(outcome_id).title)
            mine = " (this site's rule)" if item.variants.get(rule) == choice else ""
            choices.append(h("li", None, text(f"If the rule is that {item.fill(variant.choices[choice])} "
                                              f"Result: {title}{mine}")))
        parts.append(h("div", {"class": "lp-answer__rule"},
                       h("p", None, text(f"This result depends on a local rule: {item.fill(variant.question)}")),
                       h("ul", None, *choices)))
    return "".join(parts), view["sources"]


def answers_html(items: list[Shown]) -> str:
    sections = []
    for item in items:
        scenario, tree = item.scenario, item.tree
        rows = answer_rows(scenario.tree, scenario.answers, item.variants, item.names)
        result, outcome_sources = _result_html(item)
        parts = [
            h("h2", {"class": "lp-answer__title", "id": f"answer-{scenario.id}"},
              text(f"Scenario {item.number}: {scenario.title}")),
            h("p", {"class": "lp-answer__tool"}, text(_tree_label(item))),
            _answers_table(rows, f"Expected answers for scenario {item.number}"),
            result,
        ]
        for alt in scenario.alternatives:
            alt_rows = answer_rows(scenario.tree, alt.answers, item.variants, item.names)
            parts += [h("h3", None, "Also accepted"), h("p", None, text(item.fill(alt.note))),
                      _answers_table(alt_rows, f"Another accepted route for scenario {item.number}")]
        parts += [h("h3", None, "Teaching point"), h("p", {"class": "lp-answer__point"},
                                                      text(item.fill(scenario.teaching_point)))]
        if scenario.notes:
            notes = [h("div", {"class": "lp-answer__note"},
                       h("dt", None, text(item.fill(tree.node(qid).text))), h("dd", None, text(item.fill(note))))
                     for qid, note in scenario.notes.items()]
            parts += [h("h3", None, "Why these answers"), h("dl", {"class": "lp-answer__notes"}, *notes)]
        parts += [h("h3", None, "Sources"),
                  h("ul", {"class": "lp-answer__sources"}, *(h("li", None, text(c))
                                                           for c in _sources(item, outcome_sources)))]
        sections.append(h("section", {"class": "lp-answer", "aria-labelledby": f"answer-{scenario.id}"}, *parts))
    return h("div", {"class": "lp-answer-sheet"}, *sections)


# ------------------------------------------------------------------------------------------
# The fence
# ------------------------------------------------------------------------------------------

def training_fence_formatter(context: BuildContext) -> Formatter:
    loaded: list[Training] = []

    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        view = parse_keys(source, FENCE_KEYS, required=("view",))["view"]
        try:
            if not loaded:
                loaded.append(load_for(context.settings))
            items, sets = shown(loaded[0], context)
        except ValueError as problem:
            raise FenceError(str(problem)) from None
        if not items:
            return h("p", None, "This handbook does not include the tools the training scenarios use.")
        if view == "cards":
            return cards_html(items)
        if view == "answers":
            return answers_html(items)
        return scenarios_html(items, sets, context, md.__dict__.setdefault("_lp_tool_ids", []))

    return format_fence


def check_fence(context: BuildContext) -> None:
    """The scenarios the fence shows, checked when the build starts."""
    try:
        check(context)
    except ValueError as problem:
        raise FenceError(f"training scenarios: {problem}") from None


FENCE = Fence(TRAINING_FENCE, training_fence_formatter, check_fence)


__all__ = ["FENCE", "TRAINING_FENCE", "check", "training_fence_formatter", "load", "load_for", "validate"]
