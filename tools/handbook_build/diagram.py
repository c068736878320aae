"""Flow diagrams of the decision trees, drawn from the trees themselves at build time.

A page asks for one with a fence:

    ```decision-diagram
    tree: allocation
    page: ../lead-professional/choosing-the-lead-professional.md
    ```

`tree` names the tree; `page` (optional) is the page that holds the tool, written as a link
from the page the fence is on. The caption links to the tool's written rules there (the id
widget.py gives them, #lp-<tree>-rules), or on the same page when `page` is left out.

The drawing is read from the tree's own routing (`decision.model.edges`), so it cannot drift
from the rules the tool runs. It is plain SVG made with the standard library: real text, no
fonts, images or links to fetch, colours as presentation attributes that diagram.css can
override for printing and forced colours.

Layout, left to right:
1. Layers: each node goes one step to the right of the furthest node that leads to it (the
   longest path from the start). Every arrow gets its own slot in the column between its two
   nodes for its label, and slots in any further columns it passes through, so labels and
   lines never sit on top of boxes.
2. Order within each column: first met on a walk from the start (so options keep their order),
   then barycentre sweeps, kept only when they cut the number of crossings.
3. Heights: each item is pulled towards the items it joins, keeping the order and the gaps
   (a least-squares fit, solved exactly by pooling adjacent violators).
4. Lines: orthogonal, the lines of one fan sharing a vertical track. In each gap between
   columns the tracks are ordered so fans cross each other as little as possible, and two fans
   share a track only when they are well apart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cmp_to_key
from html import escape
from typing import Any, Callable

from decision import get_tree
from decision.model import CHOICE, MULTI, PRACTITIONERS, Branch, Node, Outcome, Question, Tree, edges
from decision.view import Fill, filler

from .markup import h, text
from .widget import FenceError, parse_fence

DIAGRAM_FENCE = "decision-diagram"
FENCE_KEYS = ("tree", "page")
log = logging.getLogger("mkdocs.plugins.handbook")

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
MIN_GAP = 28  # narrowest gap between columns
TRACK = 12  # spacing of vertical tracks in a gap
CORNER = 6  # radius of the bends in lines
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
# The graph to lay out: the tree's nodes, plus a slot for each arrow's label and for each
# column an arrow passes through
# ------------------------------------------------------------------------------------------
@dataclass
class _Item:
    key: str
    kind: str  # question | branch | outcome | label | pass
    width: float = 0.0
    height: float = 2.0
    lines: list[str] = field(default_factory=list)
    tag: str = ""
    layer: int = 0
    y: float = 0.0  # centre
    x: float = 0.0  # left of the box
    preds: list[str] = field(default_factory=list)
    succs: list[str] = field(default_factory=list)

    @property
    def real(self) -> bool:
        return self.kind in STYLES

    @property
    def top(self) -> float:
        return self.y - self.height / 2


@dataclass
class _Edge:
    source: str
    target: str
    route: str  # the label edges() gives: an option id, a condition id, "otherwise" or "next"
    label: str  # what the arrow says; "" for none
    chain: list[str]  # item keys from the source to the target


def _node_item(tree: Tree, node: Node, fill: Fill) -> _Item:
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
    return _Item(node.id, kind, round(width, 1), height, lines, tag)


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


class _Graph:
    def __init__(self, tree: Tree, fill: Fill):
        self.tree = tree
        self.items: dict[str, _Item] = {}
        self.edges: list[_Edge] = []
        for node in tree.nodes:
            self.items[node.id] = _node_item(tree, node, fill)
        self._layer_nodes()
        for node in tree.nodes:
            for route, target in edges(node):
                self._add_edge(node, route, target, edge_label(tree, node, route, fill))
        self.layers: list[list[str]] = [[] for _ in range(1 + max(i.layer for i in self.items.values()))]
        self._first_order()

    def _layer_nodes(self) -> None:
        """Longest path from the start, two columns per step (one for the arrows' labels)."""
        preds: dict[str, list[str]] = {n.id: [] for n in self.tree.nodes}
        for node in self.tree.nodes:
            for _, target in edges(node):
                preds[target].append(node.id)
        placed: set[str] = set()
        waiting = [n.id for n in self.tree.nodes]
        while waiting:
            ready = [n for n in waiting if all(p in placed for p in preds[n])]
            if not ready:
                raise ValueError(f"tree '{self.tree.id}' has a cycle through {', '.join(waiting)}")
            for node_id in ready:
                self.items[node_id].layer = max((self.items[p].layer + 2 for p in preds[node_id]), default=0)
                placed.add(node_id)
            waiting = [n for n in waiting if n not in placed]

    def _add_edge(self, node: Node, route: str, target: str, label: str) -> None:
        number = len(self.edges)
        chain = [node.id]
        start, end = self.items[node.id].layer, self.items[target].layer
        for layer in range(start + 1, end):
            key = f"{number}:{layer}"
            if layer == start + 1 and label:
                lines = wrap(label, LABEL_WRAP, LABEL_SIZE)
                item = _Item(key, "label", round(_widest(lines, LABEL_SIZE) + 2 * LABEL_PAD_X, 1),
                             len(lines) * LABEL_LINE + 2 * LABEL_PAD_Y, lines)
            else:
                item = _Item(key, "pass")
            item.layer = layer
            self.items[key] = item
            chain.append(key)
        chain.append(target)
        for a, b in zip(chain, chain[1:]):
            self.items[a].succs.append(b)
            self.items[b].preds.append(a)
        self.edges.append(_Edge(node.id, target, route, label, chain))

    def _first_order(self) -> None:
        """Columns in the order a walk from the start meets them, options in their own order."""
        seen: set[str] = set()

        def visit(key: str) -> None:
            if key in seen:
                return
            seen.add(key)
            self.layers[self.items[key].layer].append(key)
            for succ in self.items[key].succs:
                visit(succ)

        visit(self.tree.start)
        for node in self.tree.nodes:  # a valid tree reaches everything; be safe if not
            visit(node.id)

    # -- order within columns ------------------------------------------------------------
    def crossings(self, layers: list[list[str]]) -> int:
        total = 0
        for upper, lower in zip(layers, layers[1:]):
            where = {key: i for i, key in enumerate(lower)}
            pairs = sorted((i, where[s]) for i, key in enumerate(upper) for s in self.items[key].succs)
            for n, (a1, b1) in enumerate(pairs):
                total += sum(1 for a2, b2 in pairs[n + 1:] if a2 > a1 and b2 < b1)
        return total

    def reduce_crossings(self, rounds: int = 8) -> None:
        best, best_count = [list(layer) for layer in self.layers], self.crossings(self.layers)
        layers = [list(layer) for layer in self.layers]
        for _ in range(rounds):
            if best_count == 0:
                break
            for i in range(1, len(layers)):
                self._sort_by(layers, i, layers[i - 1], "preds")
            for i in range(len(layers) - 2, -1, -1):
                self._sort_by(layers, i, layers[i + 1], "succs")
            count = self.crossings(layers)
            if count < best_count:
                best, best_count = [list(layer) for layer in layers], count
        self.layers = best

    def _sort_by(self, layers: list[list[str]], i: int, other: list[str], side: str) -> None:
        where = {key: n for n, key in enumerate(other)}

        def barycentre(pair: tuple[int, str]) -> float:
            n, key = pair
            near = [where[k] for k in getattr(self.items[key], side) if k in where]
            return sum(near) / len(near) if near else float(n) * len(other) / max(1, len(layers[i]))

        layers[i] = [key for _, key in sorted(enumerate(layers[i]), key=lambda pair: (barycentre(pair), pair[0]))]

    # -- heights -------------------------------------------------------------------------
    def _gap(self, a: _Item, b: _Item) -> float:
        if a.real and b.real:
            return 18
        return 10 if (a.real or b.real or a.kind == b.kind == "pass") else 6

    def _place(self, layer: list[str], desired: list[float]) -> None:
        """Centres as near the desired ones as the order and gaps allow (weighted least squares)."""
        items = [self.items[k] for k in layer]
        offsets = [0.0]
        for a, b in zip(items, items[1:]):
            offsets.append(offsets[-1] + (a.height + b.height) / 2 + self._gap(a, b))
        blocks: list[list[float]] = []  # weighted sum, weight, count
        for item, want, offset in zip(items, desired, offsets):
            weight = 2.0 if item.real else 1.0
            blocks.append([weight * (want - offset), weight, 1])
            while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
                total, weight, count = blocks.pop()
                blocks[-1][0] += total
                blocks[-1][1] += weight
                blocks[-1][2] += count
        fitted = [total / weight for total, weight, count in blocks for _ in range(int(count))]
        for item, z, offset in zip(items, fitted, offsets):
            item.y = z + offset

    def assign_heights(self, rounds: int = 6) -> None:
        for layer in self.layers:
            self._place(layer, [0.0] * len(layer))
        for _ in range(rounds):
            for layer in self.layers[1:]:
                self._place(layer, [self._mean(k, "preds") for k in layer])
            for layer in reversed(self.layers[:-1]):
                self._place(layer, [self._mean(k, "succs") for k in layer])
        # The first question level with its first answer, so the diagram opens at its start,
        # top left, however wide the first question fans out.
        start = self.items[self.tree.start]
        if self.layers[start.layer] == [start.key] and start.succs:
            start.y = min(self.items[k].y for k in start.succs)

    def _mean(self, key: str, side: str) -> float:
        item = self.items[key]
        near = [self.items[k].y for k in getattr(item, side)]
        return sum(near) / len(near) if near else item.y


# ------------------------------------------------------------------------------------------
# Lines
# ------------------------------------------------------------------------------------------
@dataclass
class _Span:
    """A fan of lines in one gap: where its lines come from (left) and go to (right)."""

    group: tuple[str, ...]
    top: float
    bottom: float
    lefts: list[float]
    rights: list[float]

    def meets(self, other: "_Span") -> bool:
        return self.top - 48 <= other.bottom and other.top - 48 <= self.bottom

    def crossed_by(self, ys: list[float]) -> int:
        return sum(1 for y in ys if self.top - 4 <= y <= self.bottom + 4)


def _span_order(a: _Span, b: _Span) -> int:
    """Which of two fans takes the track further left: the order whose lines cross less.
    With `a` on the left, a's lines running right cross b's vertical, and b's lines coming
    from the left cross a's."""
    if not a.meets(b):
        return 0
    a_first = b.crossed_by(a.rights) + a.crossed_by(b.lefts)
    b_first = a.crossed_by(b.rights) + b.crossed_by(a.lefts)
    return (a_first > b_first) - (a_first < b_first)


@dataclass
class _Gap:
    width: float
    tracks: dict[tuple[str, str], float]  # (from, to) between the two columns -> x of its vertical from the left
    left: float = 0.0


def _route_gaps(graph: _Graph) -> list[_Gap]:
    """Give every fan of lines in each gap between columns a vertical track of its own."""
    gaps = []
    for i in range(len(graph.layers) - 1):
        groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for key in graph.layers[i]:
            item = graph.items[key]
            for succ in item.succs:
                if len(item.succs) > 1:
                    group: tuple[str, ...] = ("out", key)  # a question's answers fan out
                elif len(graph.items[succ].preds) > 1:
                    group = ("in", succ)  # answers that lead to the same place fan in
                else:
                    group = ("one", key, succ)
                groups.setdefault(group, []).append((key, succ))
        spans = []
        for group, pairs in groups.items():
            lefts = [graph.items[a].y for a, _ in pairs]
            rights = [graph.items[b].y for _, b in pairs]
            top, bottom = min(lefts + rights), max(lefts + rights)
            if bottom - top > 0.5:
                spans.append(_Span(group, top, bottom, lefts, rights))
        spans.sort(key=lambda span: (span.top, span.bottom))
        spans.sort(key=cmp_to_key(_span_order))
        # Tracks from the left in that order; spans that do not meet may share a track.
        placed: list[tuple[_Span, int]] = []
        chosen: dict[tuple[str, ...], int] = {}
        for span in spans:
            track = 1 + max((t for other, t in placed if other.meets(span)), default=-1)
            placed.append((span, track))
            chosen[span.group] = track
        track_ends = sorted(set(chosen.values()))
        width = max(MIN_GAP, (len(track_ends) + 1) * TRACK + 2 * CORNER)
        step = (width - 2 * CORNER) / (len(track_ends) + 1)
        tracks = {pair: CORNER + (chosen.get(group, 0) + 1) * step for group, pairs in groups.items() for pair in pairs}
        gaps.append(_Gap(width, tracks))
    return gaps


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


def _node_svg(item: _Item) -> str:
    _, _, tag_colour = STYLES[item.kind]
    inset = PAD_X + (HEX_POINT if item.kind == "branch" else 0)
    top = item.top + PAD_Y
    return _el("g", {"class": f"lp-diagram__node lp-diagram__node--{item.kind}", "data-node": item.key},
               _shape(item.kind, item.x, item.top, item.width, item.height)
               + _text_block([item.tag], item.x + inset, top, TAG_SIZE, TAG_LINE, tag_colour, True, "lp-diagram__tag")
               + _text_block(item.lines, item.x + inset, top + TAG_LINE + 2, TEXT_SIZE, TEXT_LINE, INK))


def _arrowhead(tip_x: float, tip_y: float) -> str:
    d = f"M{_n(tip_x)} {_n(tip_y)}L{_n(tip_x - ARROW)} {_n(tip_y - 4.5)}L{_n(tip_x - ARROW)} {_n(tip_y + 4.5)}Z"
    return _el("path", {"class": "lp-diagram__arrow", "d": d, "fill": LINE})


LEGEND = (
    ("question", "Question: the reader answers"),
    ("branch", "Check: the tool decides from a rule, without asking"),
    ("outcome", "Result"),
)


def _legend(x: float, y: float, kinds: set[str]) -> tuple[str, float, float]:
    """The key to the shapes the diagram uses, in a row: (svg, width, height)."""
    parts = [_text_block(["Key"], x, y, TEXT_SIZE, 28, INK, True, "lp-diagram__tag")]
    cursor = x + text_width("Key", TEXT_SIZE, True) + 14
    for kind, words in LEGEND:
        if kind not in kinds:
            continue
        parts.append(_shape(kind, cursor, y + 3, 44, 22, "lp-diagram__shape lp-diagram__key"))
        cursor += 44 + 8
        parts.append(_text_block([words], cursor, y, LABEL_SIZE, 28, INK))
        cursor += text_width(words, LABEL_SIZE) + 22
    return _el("g", {"class": "lp-diagram__legend"}, "".join(parts)), cursor - x, 28


def diagram_svg(tree: Tree, fill: Fill, uid: str = "") -> str:
    """The tree as an SVG flow diagram, every text put through `fill` (a council's names)."""
    uid = uid or f"lp-diagram-{tree.id}"
    graph = _Graph(tree, fill)
    graph.reduce_crossings()
    graph.assign_heights()

    legend_svg, legend_width, legend_height = _legend(MARGIN, MARGIN, {i.kind for i in graph.items.values()})
    start_width = text_width("Start", TAG_SIZE, True) + 24
    ys = [(i.top, i.top + i.height) for i in graph.items.values()]
    shift = MARGIN + legend_height + 20 - min(top for top, _ in ys)
    for item in graph.items.values():
        item.y += shift
    height = max(bottom for _, bottom in ys) + shift + MARGIN

    column_width = [max([graph.items[k].width for k in layer] + [0.0]) for layer in graph.layers]
    gaps = _route_gaps(graph)
    column_left = [MARGIN + start_width + MIN_GAP]
    for i, gap in enumerate(gaps):
        gap.left = column_left[i] + column_width[i]
        column_left.append(gap.left + gap.width)
    for i, layer in enumerate(graph.layers):
        for key in layer:
            item = graph.items[key]
            item.x = column_left[i] + ((column_width[i] - item.width) / 2 if not item.real else 0)
    width = max(column_left[-1] + column_width[-1], MARGIN + legend_width) + MARGIN

    lines, labels = [], []
    for edge in graph.edges:
        points: list[tuple[float, float]] = []
        source = graph.items[edge.source]
        points.append((source.x + source.width, source.y))
        for a, b in zip(edge.chain, edge.chain[1:]):
            first, second = graph.items[a], graph.items[b]
            gap = gaps[first.layer]
            track = gap.left + gap.tracks[(a, b)]
            points += [(gap.left, first.y), (track, first.y), (track, second.y), (gap.left + gap.width, second.y)]
            if not second.real:
                points.append((column_left[second.layer] + column_width[second.layer], second.y))
        target = graph.items[edge.target]
        tip = (target.x, target.y)
        points[-1] = (tip[0] - ARROW + 1, tip[1])
        lines.append(_el("g", {"class": "lp-diagram__edge", "data-from": edge.source, "data-to": edge.target,
                               "data-route": edge.route},
                         _el("path", {"class": "lp-diagram__line", "d": _rounded(points), "fill": "none",
                                      "stroke": LINE, "stroke-width": 1.5})
                         + _arrowhead(*tip)))
        if edge.label:
            item = graph.items[edge.chain[1]]
            labels.append(_el("g", {"class": "lp-diagram__label", "data-from": edge.source, "data-to": edge.target,
                                    "data-route": edge.route},
                              _el("rect", {"class": "lp-diagram__label-box", "x": _n(item.x), "y": _n(item.top),
                                           "width": _n(item.width), "height": _n(item.height), "rx": 3,
                                           "fill": PAPER})
                              + _text_block(item.lines, item.x + LABEL_PAD_X, item.top + LABEL_PAD_Y, LABEL_SIZE,
                                            LABEL_LINE, INK)))

    first = graph.items[tree.start]
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

    nodes = "".join(_node_svg(graph.items[n.id]) for n in tree.nodes)
    counts = {kind: sum(1 for n in tree.nodes if graph.items[n.id].kind == kind) for kind in STYLES}
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
        + _el("g", {"class": "lp-diagram__nodes"}, nodes))


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


def diagram_fence_formatter(names_for: Callable[[str], dict[str, str]]) -> Callable[..., str]:
    """A pymdownx.superfences formatter that draws the tree named in the fence."""

    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        try:
            settings = parse_fence(source)
            unknown = [key for key in settings if key not in FENCE_KEYS]
            if unknown:
                raise FenceError(f"{DIAGRAM_FENCE} fence has unknown setting(s) {', '.join(unknown)}; "
                                 f"known: {', '.join(FENCE_KEYS)}")
        except FenceError as problem:
            log.error(f"{DIAGRAM_FENCE}: {problem}")  # --strict turns this into a failed build
            return h("p", {"class": "lp-fence-error"}, text(str(problem)))
        tree = get_tree(settings["tree"])
        used = md.__dict__.setdefault("_lp_diagram_ids", [])
        uid = f"lp-diagram-{tree.id}" + (f"-{used.count(tree.id) + 1}" if tree.id in used else "")
        used.append(tree.id)
        fill = filler(tree, names_for(tree.id))
        return figure_html(tree, fill, uid, _rules_href(md, settings.get("page"), tree.id))

    return format_fence
