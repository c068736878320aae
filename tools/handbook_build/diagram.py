"""Flow diagrams of the decision trees, drawn from the trees themselves at build time.

A page asks for one with a fence:

    ```decision-diagram
    tree: allocation
    page: ../lead-professional/choosing-the-lead-professional.md
    ```

`tree` names the tree; `page` (optional) is the page that holds the tool, written as a link
from the page the fence is on. The caption links to the tool's written rules there (the id
widget.py gives them, #lp-<tree>-rules), or on the same page when `page` is left out.

The drawing is read from the tree's own routing (`decision.engine.model.edges`), so it cannot drift
from the rules the tool runs. It is plain SVG made with the standard library: real text, no
fonts, images or links to fetch, colours as presentation attributes that diagram.css can
override for printing and forced colours.

This module measures and wraps the text and draws; where each box and line goes is worked out
by diagram_layout, from the boxes' sizes and the arrows alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from decision import get_tree, tree_ids
from decision.engine.model import CHOICE, MULTI, PRACTITIONERS, Branch, Node, Outcome, Question, Tree, edges
from decision.engine.view import Fill, filler

from .diagram_layout import CORNER, MIN_GAP, Arrow, Box, Item, Layout, layout
from .markup import h, text
from .context import BuildContext
from .fence import Fence, Formatter, parse_keys

DIAGRAM_FENCE = "decision-diagram"
FENCE_KEYS = {"tree": tree_ids(), "page": None}  # which tree; the page that holds its tool (optional)

# ------------------------------------------------------------------------------------------
# Look
# ------------------------------------------------------------------------------------------
# Arial's metrics (Liberation Sans and Arimo share them), so text can be measured here.
FONT_FAMILY = "Arial, 'Liberation Sans', Arimo, Helvetica, sans-serif"
TEXT_SIZE, TEXT_LINE = 14, 18  # text in boxes
TAG_SIZE, TAG_LINE = 12, 16  # "Question", "Check", "Result"
LABEL_SIZE, LABEL_LINE = 13, 16  # text on arrows
NODE_WRAP, LABEL_WRAP = 220, 165  # widest line of text, in pixels
PAD_X, PAD_Y = 12, 9
LABEL_PAD_X, LABEL_PAD_Y = 6, 4
HEX_POINT = 14  # how far a check's left and right points stick out
MIN_NODE_WIDTH = 120
MARGIN = 16
ARROW = 9  # length of an arrowhead

INK = "#1b1b1b"  # text: 17:1 on white
PAPER = "#ffffff"
LINE = "#4a5560"  # arrows: 7.6:1 on white
STYLES = {  # fill, outline, tag text: every text colour is at least 4.5:1 on its fill
    "question": ("#e8effa", "#1d4f91", "#1d4f91"),
    "branch": ("#fdf0d8", "#8a4b00", "#7a4100"),
    "outcome": ("#e4f3e7", "#1f6b35", "#1b5e2e"),
}
TAGS = {"question": "Question", "branch": "Check", "outcome": "Result"}
KIND_TAGS = {MULTI: "Question: tick all that apply", PRACTITIONERS: "Question: list the practitioners"}
GENERATED_LABEL = "One of the practitioners listed earlier"
OTHERWISE = "Otherwise"

# ------------------------------------------------------------------------------------------
# Measuring text
# ------------------------------------------------------------------------------------------
# Advance widths in thousandths of an em for characters 32 to 126, regular then bold.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)
_OTHER = {"\u2018": (222, 278), "\u2019": (222, 278), "\u201c": (333, 500), "\u201d": (333, 500),
          "\u2013": (556, 556), "\u2014": (1000, 1000), "\u2026": (1000, 1000), "\u00a0": (278, 278)}
_UNKNOWN = 722  # generous, for anything else
_SAFETY = 1.05  # room for fonts a little wider than Arial


def text_width(value: str, size: float, bold: bool = False) -> float:
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in value:
        code = ord(char) - 32
        if 0 <= code < len(table):
            total += table[code]
        else:
            total += _OTHER.get(char, (_UNKNOWN, _UNKNOWN))[bold]
    return total * size / 1000 * _SAFETY


def wrap(value: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap; a word longer than the width gets a line of its own."""
    lines: list[str] = []
    for word in value.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _widest(lines: list[str], size: float, bold: bool = False) -> float:
    return max(text_width(line, size, bold) for line in lines)



# ------------------------------------------------------------------------------------------
# What is drawn: the tree's nodes and edges, their text measured and wrapped
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Node:
    key: str
    kind: str  # question | branch | outcome
    lines: list[str]
    tag: str
    width: float
    height: float


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    route: str  # the label edges() gives: an option id, a condition id, "otherwise" or "next"
    label: str  # what the arrow says; "" for none
    lines: list[str]  # the label wrapped


def _node(tree: Tree, node: Node, fill: Fill) -> _Node:
    if isinstance(node, Outcome):
        kind, words, tag = "outcome", node.title, TAGS["outcome"]
    elif isinstance(node, Branch):
        kind, words, tag = "branch", node.text, TAGS["branch"]
    else:
        kind, words, tag = "question", node.text, KIND_TAGS.get(node.kind, TAGS["question"])
    if node.id == tree.start and kind == "question":
        tag = "First question" + tag[len(TAGS["question"]):]  # "First question: tick all that apply"
    lines = wrap(fill(words), NODE_WRAP, TEXT_SIZE)
    inner = max(_widest(lines, TEXT_SIZE), text_width(tag, TAG_SIZE, bold=True))
    width = max(MIN_NODE_WIDTH, inner + 2 * PAD_X) + (2 * HEX_POINT if kind == "branch" else 0)
    height = 2 * PAD_Y + TAG_LINE + 2 + len(lines) * TEXT_LINE
    return _Node(node.id, kind, lines, tag, round(width, 1), height)


def _edge(tree: Tree, node: Node, route: str, target: str, fill: Fill) -> _Edge:
    label = edge_label(tree, node, route, fill)
    return _Edge(node.id, target, route, label, wrap(label, LABEL_WRAP, LABEL_SIZE) if label else [])


def _arrow(edge: _Edge) -> Arrow:
    if not edge.label:
        return Arrow(edge.source, edge.target)
    size = (round(_widest(edge.lines, LABEL_SIZE) + 2 * LABEL_PAD_X, 1), len(edge.lines) * LABEL_LINE + 2 * LABEL_PAD_Y)
    return Arrow(edge.source, edge.target, size)


def edge_label(tree: Tree, node: Node, route: str, fill: Fill) -> str:
    """What an arrow says: an option's label, a condition's description, or nothing."""
    if isinstance(node, Branch):
        return OTHERWISE if route == "otherwise" else fill(tree.condition(route).description)
    if isinstance(node, Question):
        if node.kind == CHOICE:
            for option in node.options:
                if option.id == route:
                    return fill(option.label)
        if node.generated_options and route == node.generated_options:
            return GENERATED_LABEL
    return ""


def tree_layout(tree: Tree, fill: Fill, left: float = 0.0, top: float = 0.0) -> tuple[list[_Node], list[_Edge], Layout]:
    """The tree's nodes and edges as they are drawn, and where they go (see diagram_layout)."""
    nodes = [_node(tree, node, fill) for node in tree.nodes]
    drawn = [_edge(tree, node, route, target, fill) for node in tree.nodes for route, target in edges(node)]
    try:
        placed = layout([Box(n.key, n.width, n.height) for n in nodes], [_arrow(e) for e in drawn], tree.start,
                        left, top)
    except ValueError as problem:
        raise ValueError(f"tree '{tree.id}' cannot be drawn: {problem}") from None
    return nodes, drawn, placed


# ------------------------------------------------------------------------------------------
# Lines
# ------------------------------------------------------------------------------------------
def _rounded(points: list[tuple[float, float]]) -> str:
    """An orthogonal polyline as path data, its bends rounded."""
    clean = [points[0]]
    for point in points[1:]:
        if abs(point[0] - clean[-1][0]) < 0.05 and abs(point[1] - clean[-1][1]) < 0.05:
            continue
        if len(clean) >= 2 and _collinear(clean[-2], clean[-1], point):
            clean[-1] = point
        else:
            clean.append(point)
    parts = [f"M{_n(clean[0][0])} {_n(clean[0][1])}"]
    for n in range(1, len(clean) - 1):
        before, corner, after = clean[n - 1], clean[n], clean[n + 1]
        radius = min(CORNER, _length(before, corner) / 2, _length(corner, after) / 2)
        a = _towards(corner, before, radius)
        b = _towards(corner, after, radius)
        parts.append(f"L{_n(a[0])} {_n(a[1])}Q{_n(corner[0])} {_n(corner[1])} {_n(b[0])} {_n(b[1])}")
    parts.append(f"L{_n(clean[-1][0])} {_n(clean[-1][1])}")
    return "".join(parts)


def _collinear(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    return (abs(a[0] - b[0]) < 0.05 and abs(b[0] - c[0]) < 0.05) or (abs(a[1] - b[1]) < 0.05 and abs(b[1] - c[1]) < 0.05)


def _length(a: tuple[float, float], b: tuple[float, float]) -> float:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def _towards(start: tuple[float, float], end: tuple[float, float], distance: float) -> tuple[float, float]:
    length = _length(start, end) or 1.0
    return (start[0] + (end[0] - start[0]) * distance / length, start[1] + (end[1] - start[1]) * distance / length)


def _n(value: float) -> str:
    """Numbers with at most one decimal, the same on every run."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


# ------------------------------------------------------------------------------------------
# Drawing
# ------------------------------------------------------------------------------------------
def _attrs(values: dict[str, Any]) -> str:
    return "".join(f' {name}="{escape(str(value), quote=True)}"' for name, value in values.items() if value is not None)


def _el(tag: str, values: dict[str, Any], inner: str | None = None) -> str:
    return f"<{tag}{_attrs(values)}/>" if inner is None else f"<{tag}{_attrs(values)}>{inner}</{tag}>"


def _text_block(lines: list[str], x: float, top: float, size: int, line: int, colour: str,
                bold: bool = False, css: str = "lp-diagram__text") -> str:
    """Lines of text from `top`, each baseline set so the text sits in the middle of its line."""
    spans = "".join(_el("tspan", {"x": _n(x), "y": _n(top + n * line + line / 2 + size * 0.36)}, escape(value))
                    for n, value in enumerate(lines))
    return _el("text", {"class": css, "font-size": size, "fill": colour,
                        "font-weight": "bold" if bold else None}, spans)


def _shape(kind: str, x: float, y: float, width: float, height: float, css: str = "lp-diagram__shape") -> str:
    fill, stroke, _ = STYLES[kind]
    common = {"class": css, "fill": fill, "stroke": stroke}
    if kind == "branch":
        mid = y + height / 2
        points = [(x, mid), (x + HEX_POINT, y), (x + width - HEX_POINT, y), (x + width, mid),
                  (x + width - HEX_POINT, y + height), (x + HEX_POINT, y + height)]
        d = "M" + "L".join(f"{_n(px)} {_n(py)}" for px, py in points) + "Z"
        return _el("path", {**common, "d": d, "stroke-width": 1.5})
    return _el("rect", {**common, "x": _n(x), "y": _n(y), "width": _n(width), "height": _n(height),
                        "rx": 14 if kind == "outcome" else 2, "stroke-width": 2.5 if kind == "outcome" else 1.5})


def _node_svg(node: _Node, item: Item) -> str:
    _, _, tag_colour = STYLES[node.kind]
    inset = PAD_X + (HEX_POINT if node.kind == "branch" else 0)
    top = item.top + PAD_Y
    return _el("g", {"class": f"lp-diagram__node lp-diagram__node--{node.kind}", "data-node": node.key},
               _shape(node.kind, item.x, item.top, item.width, item.height)
               + _text_block([node.tag], item.x + inset, top, TAG_SIZE, TAG_LINE, tag_colour, True, "lp-diagram__tag")
               + _text_block(node.lines, item.x + inset, top + TAG_LINE + 2, TEXT_SIZE, TEXT_LINE, INK))


def _arrowhead(tip_x: float, tip_y: float) -> str:
    d = f"M{_n(tip_x)} {_n(tip_y)}L{_n(tip_x - ARROW)} {_n(tip_y - 4.5)}L{_n(tip_x - ARROW)} {_n(tip_y + 4.5)}Z"
    return _el("path", {"class": "lp-diagram__arrow", "d": d, "fill": LINE})


LEGEND_HEIGHT = 28
LEGEND = (
    ("question", "Question: the reader answers"),
    ("branch", "Check: the tool decides from a rule, without asking"),
    ("outcome", "Result"),
)


def _legend(x: float, y: float, kinds: set[str]) -> tuple[str, float]:
    """The key to the shapes the diagram uses, in a row LEGEND_HEIGHT high: (svg, width)."""
    parts = [_text_block(["Key"], x, y, TEXT_SIZE, LEGEND_HEIGHT, INK, True, "lp-diagram__tag")]
    cursor = x + text_width("Key", TEXT_SIZE, True) + 14
    for kind, words in LEGEND:
        if kind not in kinds:
            continue
        parts.append(_shape(kind, cursor, y + 3, 44, 22, "lp-diagram__shape lp-diagram__key"))
        cursor += 44 + 8
        parts.append(_text_block([words], cursor, y, LABEL_SIZE, LEGEND_HEIGHT, INK))
        cursor += text_width(words, LABEL_SIZE) + 22
    return _el("g", {"class": "lp-diagram__legend"}, "".join(parts)), cursor - x


def diagram_svg(tree: Tree, fill: Fill, uid: str = "") -> str:
    """The tree as an SVG flow diagram, every text put through `fill` (a council's names)."""
    uid = uid or f"lp-diagram-{tree.id}"
    start_width = text_width("Start", TAG_SIZE, True) + 24
    nodes, drawn, placed = tree_layout(tree, fill, MARGIN + start_width + MIN_GAP, MARGIN + LEGEND_HEIGHT + 20)
    legend_svg, legend_width = _legend(MARGIN, MARGIN, {n.kind for n in nodes})
    width = max(placed.right, MARGIN + legend_width) + MARGIN
    height = placed.bottom + MARGIN

    lines, labels = [], []
    for number, edge in enumerate(drawn):
        points = placed.paths[number]
        tip = points[-1]
        points = points[:-1] + [(tip[0] - ARROW + 1, tip[1])]
        lines.append(_el("g", {"class": "lp-diagram__edge", "data-from": edge.source, "data-to": edge.target,
                               "data-route": edge.route},
                         _el("path", {"class": "lp-diagram__line", "d": _rounded(points), "fill": "none",
                                      "stroke": LINE, "stroke-width": 1.5})
                         + _arrowhead(*tip)))
        item = placed.label(number)
        if item is not None:
            labels.append(_el("g", {"class": "lp-diagram__label", "data-from": edge.source, "data-to": edge.target,
                                    "data-route": edge.route},
                              _el("rect", {"class": "lp-diagram__label-box", "x": _n(item.x), "y": _n(item.top),
                                           "width": _n(item.width), "height": _n(item.height), "rx": 3,
                                           "fill": PAPER})
                              + _text_block(edge.lines, item.x + LABEL_PAD_X, item.top + LABEL_PAD_Y, LABEL_SIZE,
                                            LABEL_LINE, INK)))

    first = placed.items[tree.start]
    start_top = first.y - 13
    start = _el("g", {"class": "lp-diagram__start"},
                _el("rect", {"x": MARGIN, "y": _n(start_top), "width": _n(start_width), "height": 26, "rx": 13,
                             "fill": INK, "class": "lp-diagram__start-box"})
                + _text_block(["Start"], MARGIN + 12, start_top + 5, TAG_SIZE, TAG_LINE, PAPER, True,
                              "lp-diagram__start-text")
                + _el("path", {"class": "lp-diagram__line", "d": f"M{_n(MARGIN + start_width)} {_n(first.y)}"
                               f"L{_n(first.x - ARROW + 1)} {_n(first.y)}", "stroke": LINE, "stroke-width": 1.5,
                               "fill": "none"})
                + _arrowhead(first.x, first.y))

    counts = {kind: sum(1 for n in nodes if n.kind == kind) for kind in STYLES}
    title = f"Flow diagram: {fill(tree.title)}"
    desc = (f"How the tool works through {_count(counts['question'], 'question')}, "
            f"{_count(counts['branch'], 'check')} and {_count(counts['outcome'], 'result')}, read from left "
            f"to right. It starts with the question: {fill(first_text(tree))} Each arrow is labelled with "
            f"the answer or rule that leads along it. The tool's written rules give the same routes in words.")
    return _el("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "class": "lp-diagram__svg", "role": "img",
        "aria-labelledby": f"{uid}-title", "aria-describedby": f"{uid}-desc",
        "width": _n(width), "height": _n(height), "viewBox": f"0 0 {_n(width)} {_n(height)}",
        "font-family": FONT_FAMILY, "data-tree": tree.id,
    }, _el("title", {"id": f"{uid}-title"}, escape(title))
        + _el("desc", {"id": f"{uid}-desc"}, escape(desc))
        + _el("rect", {"class": "lp-diagram__paper", "width": _n(width), "height": _n(height), "fill": PAPER})
        + legend_svg
        + _el("g", {"class": "lp-diagram__edges"}, "".join(lines) + start)
        + _el("g", {"class": "lp-diagram__labels"}, "".join(labels))
        + _el("g", {"class": "lp-diagram__nodes"}, "".join(_node_svg(n, placed.items[n.key]) for n in nodes)))


def first_text(tree: Tree) -> str:
    node = tree.node(tree.start)
    return node.text if isinstance(node, (Question, Branch)) else node.title


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# ------------------------------------------------------------------------------------------
# The figure and the fence
# ------------------------------------------------------------------------------------------
def rules_anchor(tree_id: str) -> str:
    """Where widget.py puts the written rules of the first tool for a tree on a page."""
    return f"lp-{tree_id}-rules"


def figure_html(tree: Tree, fill: Fill, uid: str, rules_href: str) -> str:
    title = text(fill(tree.title))
    caption = h("figcaption", {"class": "lp-diagram__caption"},
                f"Flow diagram of the tool \u2018{title}\u2019, drawn by the build from the same rules the tool "
                "runs. Start at the left and follow the arrows: rectangles are questions, six-sided boxes are "
                "checks the tool makes without asking, and rounded boxes are results. Wide diagrams scroll "
                "sideways. The ",
                h("a", {"href": rules_href}, "written rules of this tool"),
                " give every question, answer and result in words, and are the text version of this diagram.")
    scroll = h("div", {"class": "lp-diagram__scroll", "tabindex": "0", "role": "region",
                       "aria-label": f"Flow diagram: {fill(tree.title)} (scrolls sideways)"},
               diagram_svg(tree, fill, uid))
    return h("figure", {"class": "lp-diagram", "id": uid, "data-tree": tree.id}, scroll, caption)


def _rules_href(md: Any, page: str | None, tree_id: str) -> str:
    """The link to the tool's written rules. mkdocs checks a page link (a missing page fails a
    --strict build) and makes it relative; the anchor is added after, because mkdocs cannot
    see ids inside a tool's HTML and would report it missing."""
    anchor = f"#{rules_anchor(tree_id)}"
    if not page:
        return anchor
    path, hash_sign, given = page.partition("#")
    processors = getattr(md, "treeprocessors", None)
    if processors is not None and "relpath" in processors:
        path = processors["relpath"].path_to_url(path)
    return path + (f"#{given}" if hash_sign else anchor)


def diagram_fence_formatter(context: BuildContext) -> Formatter:
    """A pymdownx.superfences formatter that draws the tree named in the fence."""

    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        settings = parse_keys(source, FENCE_KEYS, required=("tree",))
        tree = get_tree(settings["tree"])
        used = md.__dict__.setdefault("_lp_diagram_ids", [])
        uid = f"lp-diagram-{tree.id}" + (f"-{used.count(tree.id) + 1}" if tree.id in used else "")
        used.append(tree.id)
        fill = filler(tree, context.names_for(tree.id))
        return figure_html(tree, fill, uid, _rules_href(md, settings.get("page"), tree.id))

    return format_fence


FENCE = Fence(DIAGRAM_FENCE, diagram_fence_formatter)
