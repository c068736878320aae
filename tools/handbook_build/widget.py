"""Turns a ```decision fence in a page into the tool: its first question, rendered now by the
same Python that runs in the browser, and the tool's complete rules written out for readers
without JavaScript or WebAssembly.
"""

from __future__ import annotations

from typing import Any, Callable

from decision import get_tree, resolve, step_view, tree_ids
from decision.engine.model import MULTI, PRACTITIONERS, Outcome, Question, Tree, reachable
from decision.trees.sources import describe
from decision.engine.view import LEAD_LABEL, Fill, filler

from .context import BuildContext
from .fence import Fence, Formatter, parse_keys
from decision.engine.markup import tool_id
from .markup import h, section_html, step_html, text

FENCE_NAME = "decision"
FENCE_KEYS = {"tree": tree_ids()}  # the fence's one setting: which tool


def widget_html(tree: Tree, uid: str, variants: dict[str, str], council: str, names: dict[str, str]) -> str:
    view = step_view(resolve(tree, {}, variants), council, names)
    fill = filler(tree, names)
    unavailable = h("div", {"class": "lp-tool__unavailable"},
                    h("p", None, h("strong", None, "The interactive tool is not available in this browser."),
                      " It needs JavaScript and WebAssembly. Every rule it follows is written out below, "
                      "so you can work through it by reading."))
    # The tool's id is the target of links to it and of the page's skip link (skiplink.py), and it
    # takes focus when followed (tabindex -1): its title, then its question (or, without JavaScript,
    # the notice that leads to the rules in full). The council's local rules and names are not in
    # the page: Python has them from the settings the build publishes (published.py).
    tool = h("div", {"class": "lp-tool", "id": uid, "tabindex": "-1", "data-tree": tree.id,
                     "data-version": tree.version_for(variants, names),  # as Python works it out in the browser
                     "data-opening": opening_message(tree, fill)},
             h("div", {"class": "lp-tool__header"},
               h("h2", {"class": "lp-tool__title"}, text(fill(tree.title))),
               h("p", {"class": "lp-tool__description"}, text(fill(tree.description)))),
             h("p", {"class": "lp-tool__status", "role": "status", "aria-live": "polite"}),
             unavailable,
             h("div", {"class": "lp-tool__step"}, step_html(view, uid)))
    return tool + rules_html(tree, uid, variants, fill)


def opening_message(tree: Tree, fill: Fill) -> str:
    """What the tool says at once when its page opens from a link holding its answers, while
    Python starts and works out where they lead (lp-tools.js shows it, as text, in the tool's
    live region, in place of the first question)."""
    return f"This page opened with answers from a link. Working out where they lead in “{fill(tree.title)}”…"


# ------------------------------------------------------------------------------------------
# The rules in full, for reading without the tool
# ------------------------------------------------------------------------------------------

def rules_html(tree: Tree, uid: str, variants: dict[str, str], fill: Fill) -> str:
    order = reachable(tree)
    questions = [tree.node(i) for i in order if isinstance(tree.node(i), Question)]
    outcomes = [tree.node(i) for i in order if isinstance(tree.node(i), Outcome)]
    anchor = _anchors(uid)
    body = [
        h("p", None, "These are all the questions the tool can ask, where each answer leads, and every "
                     "result it can give. Start with the first question."),
        quick_view_html(tree, questions[0], anchor, fill),
        h("h3", None, "Questions"),
        *(rule_question_html(tree, q, anchor, fill) for q in questions),
        h("h3", None, "Results"),
        *(rule_outcome_html(tree, o, anchor, variants, fill) for o in outcomes),
        local_rules_html(tree, variants, fill),
    ]
    # Left out of search (data-search-exclude, read by the theme's indexer): the chapter around the
    # tool says the same in prose, and the index is fetched on a first visit to any page. The
    # indexer matches the excluded element by its tag name, so it must hold no other <details>.
    return h("details", {"class": "lp-rules", "open": True, "id": f"{uid}-rules", "data-search-exclude": True},
             h("summary", {"class": "lp-rules__summary"}, f"The rules of this tool in full: {text(fill(tree.title))}"),
             h("div", {"class": "lp-rules__body"}, *body))


def _anchors(uid: str) -> Callable[[str], str]:
    return lambda node_id: f"{uid}-rule-{node_id}"


def _target_html(tree: Tree, target: str, anchor: Callable[[str], str], fill: Fill) -> str:
    node = tree.node(target)
    if isinstance(node, Outcome):
        return "result: " + h("a", {"href": f"#{anchor(target)}"}, text(fill(node.title)))
    if isinstance(node, Question):
        return "next question: " + h("a", {"href": f"#{anchor(target)}"}, text(fill(node.text)))
    parts = []
    for rule in node.rules:
        condition = fill(tree.condition(rule.when).description)
        parts.append(f"if {text(condition[0].lower() + condition[1:])}, " + _target_html(tree, rule.next, anchor, fill))
    parts.append("otherwise, " + _target_html(tree, node.otherwise, anchor, fill))
    return f"{text(fill(node.text))} " + "; ".join(parts)


def quick_view_html(tree: Tree, first: Question, anchor: Callable[[str], str], fill: Fill) -> str:
    rows = [h("tr", None, h("td", None, text(fill(o.label))), h("td", None, _quick_target(tree, o.next, anchor, fill)))
            for o in first.options if o.next]
    return h("table", {"class": "lp-table lp-rules__quick"},
             h("caption", None, f"At a glance: {text(fill(first.text))}"),
             h("thead", None, h("tr", None, h("th", {"scope": "col"}, "Answer"),
                                h("th", {"scope": "col"}, "Who leads, or what happens next"))),
             h("tbody", None, *rows))


def _quick_target(tree: Tree, target: str, anchor: Callable[[str], str], fill: Fill) -> str:
    node = tree.node(target)
    if isinstance(node, Outcome):
        return h("a", {"href": f"#{anchor(target)}"}, text(fill(node.lead or node.title)))
    return "It depends: " + _target_html(tree, target, anchor, fill)


def rule_question_html(tree: Tree, q: Question, anchor: Callable[[str], str], fill: Fill) -> str:
    ticks = h("ul", {"class": "lp-rules__options"}, *(h("li", None, text(fill(o.label))) for o in q.options))
    if q.kind == MULTI:
        routes = [h("li", None, "Tick all that apply, then ", _target_html(tree, q.next, anchor, fill))]
        choices = ticks
    elif q.kind == PRACTITIONERS:
        routes = [h("li", None, "List each practitioner and tick what is true of them, then ",
                    _target_html(tree, q.next, anchor, fill))]
        choices = ticks
    else:
        routes = [h("li", None, h("strong", None, text(fill(o.label))), ": ", _target_html(tree, o.next, anchor, fill))
                  for o in q.options]
        choices = ""
    if q.generated_options:
        routes.insert(0, h("li", None, h("strong", None, "One of the practitioners listed earlier"), ": ",
                           _target_html(tree, q.generated_next, anchor, fill)))
    return h("div", {"class": "lp-rules__question", "id": anchor(q.id)},
             h("h4", None, text(fill(q.text))),
             q.hint and h("p", {"class": "lp-hint"}, text(fill(q.hint))),
             choices, h("ul", None, *routes))


def rule_outcome_html(tree: Tree, o: Outcome, anchor: Callable[[str], str], variants: dict[str, str],
                      fill: Fill) -> str:
    cited = [describe(s.document, s.section) for s in o.sources]
    sources = [f"{c['publisher']}, {c['title']} ({c['date']}): {c['section']}" for c in cited]
    local = []
    if o.local_rule:
        variant = tree.variant(o.local_rule)
        local = [f"This result comes from a local rule ({fill(variant.question)}). This site's choice: "
                 f"{fill(variant.choices[variants[variant.id]])}"]
    return h("div", {"class": "lp-rules__outcome", "id": anchor(o.id)},
             h("h4", None, text(fill(o.title))),
             o.lead and h("p", None, h("strong", None, text(fill(LEAD_LABEL)) + ": "), text(fill(o.lead))),
             section_html("Why", [fill(r) for r in o.reasons]),
             section_html("Local rule", local, "lp-local-rule"),
             section_html("Before you act", [fill(n) for n in o.notes]),
             section_html("What to do next", [fill(n) for n in o.next_steps]),
             section_html("Sources", sources))


def local_rules_html(tree: Tree, variants: dict[str, str], fill: Fill) -> str:
    if not tree.variants:
        return ""
    items = [f"{fill(v.question)} This site's choice: {fill(v.choices[variants[v.id]])}"
             + ("" if variants[v.id] != v.default else " (the handbook's default)") for v in tree.variants]
    return h("h3", None, "Local rules") + h("p", None, "The source documents differ on these points, so each "
                                                         "area chooses its own rule.") + \
        h("ul", None, *(h("li", None, text(item)) for item in items))


def fence_formatter(context: BuildContext) -> Formatter:
    """A pymdownx.superfences formatter that renders the tool named in the fence."""

    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        tree = get_tree(parse_keys(source, FENCE_KEYS, required=("tree",))["tree"])
        if not context.shown(tree.id):  # the council does not use this tool: the chapter's text stands alone
            return ""
        used = md.__dict__.setdefault("_lp_tool_ids", [])
        uid = tool_id(tree.id, used)
        used.append(tree.id)
        return widget_html(tree, uid, context.variants_for(tree.id), context.council, context.names_for(tree.id))

    return format_fence


FENCE = Fence(FENCE_NAME, fence_formatter)
