"""Where the boxes and lines of a flow diagram go: a layered layout, left to right, as plain data.

It knows nothing of trees, text or SVG. It is given boxes (a key and a size) and arrows (from
one box to another, each with the size of its label, if it has one), and returns every box's
position, every label's position and every arrow's path as points. diagram.py measures the
text, asks for a layout and draws it.

1. Layers: each box goes one step to the right of the furthest box that leads to it (the
   longest path from the start). Every arrow gets its own slot in the column between its two
   boxes for its label, and slots in any further columns it passes through, so labels and
   lines never sit on top of boxes.
2. Order within each column: first met on a walk from the start (so options keep their order),
   then barycentre sweeps, kept only when they cut the number of crossings.
3. Heights: each item is pulled towards the items it joins, keeping the order and the gaps
   (a least-squares fit, solved exactly by pooling adjacent violators).
4. Lines: orthogonal, the lines of one fan sharing a vertical track. In each gap between
   columns the fans take the left-to-right order of tracks that crosses fewest lines (found
   exactly, with ties going to the fan higher up), and two fans share a track only when they
   are well apart.

Every step is a function of its input alone, sorted by total orders, so the same boxes and
arrows always give the same drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import fsum
from typing import Sequence

MIN_GAP = 28  # narrowest gap between columns
TRACK = 12  # spacing of vertical tracks in a gap
CORNER = 6  # room left for the rounded bends of lines
NEAR = 48  # fans closer than this, up or down, never share a track
EXACT_LIMIT = 12  # most fans meeting in one gap whose best order is searched for exactly

Point = tuple[float, float]


# ------------------------------------------------------------------------------------------
# What is laid out, and what comes back
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    key: str
    width: float
    height: float


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    label: tuple[float, float] | None = None  # (width, height) of its label; None for none


@dataclass
class Item:
    """A box, an arrow's label, or an arrow's passage through a column."""

    key: str
    kind: str  # box | label | pass
    width: float = 0.0
    height: float = 2.0
    layer: int = 0
    y: float = 0.0  # centre
    x: float = 0.0  # left
    preds: list[str] = field(default_factory=list)
    succs: list[str] = field(default_factory=list)

    @property
    def real(self) -> bool:
        return self.kind == "box"

    @property
    def top(self) -> float:
        return self.y - self.height / 2


@dataclass
class Layout:
    items: dict[str, Item]
    layers: list[list[str]]  # item keys, column by column, top to bottom
    chains: list[list[str]]  # for each arrow, the items it passes: its source, its label, ..., its target
    paths: list[list[Point]]  # for each arrow, its line: from its source's right edge to its target's left
    fans: list[list["Fan"]]  # for each gap between columns, its fans of lines from left to right
    right: float  # of the last column
    bottom: float  # of the lowest item

    def label(self, arrow: int) -> Item | None:
        """Where the label of an arrow goes, if it has one."""
        item = self.items[self.chains[arrow][1]]
        return item if item.kind == "label" else None


def layout(boxes: Sequence[Box], arrows: Sequence[Arrow], start: str, left: float = 0.0,
           top: float = 0.0) -> Layout:
    """Lay out the boxes and arrows from `start`, the first column's left edge at `left` and
    the highest item's top at `top`. Raises ValueError if the arrows go round in a cycle."""
    graph = _Graph(boxes, arrows, start)
    graph.reduce_crossings()
    graph.assign_heights()
    shift = top - min(item.top for item in graph.items.values())
    for item in graph.items.values():
        item.y += shift
    bottom = max(item.top + item.height for item in graph.items.values())

    column_width = [max([graph.items[k].width for k in layer] + [0.0]) for layer in graph.layers]
    gaps = _route_gaps(graph)
    column_left = [left]
    for i, gap in enumerate(gaps):
        gap.left = column_left[i] + column_width[i]
        column_left.append(gap.left + gap.width)
    for i, layer in enumerate(graph.layers):
        for key in layer:
            item = graph.items[key]
            item.x = column_left[i] + ((column_width[i] - item.width) / 2 if not item.real else 0)

    paths = []
    for chain in graph.chains:
        source = graph.items[chain[0]]
        points: list[Point] = [(source.x + source.width, source.y)]
        for a, b in zip(chain, chain[1:]):
            first, second = graph.items[a], graph.items[b]
            gap = gaps[first.layer]
            track = gap.left + gap.tracks[(a, b)]
            points += [(gap.left, first.y), (track, first.y), (track, second.y), (gap.left + gap.width, second.y)]
            if not second.real:
                points.append((column_left[second.layer] + column_width[second.layer], second.y))
        target = graph.items[chain[-1]]
        points[-1] = (target.x, target.y)
        paths.append(points)
    return Layout(graph.items, graph.layers, graph.chains, paths, [gap.fans for gap in gaps],
                  column_left[-1] + column_width[-1], bottom)


# ------------------------------------------------------------------------------------------
# The graph: the boxes, plus a slot for each arrow's label and for each column an arrow
# passes through
# ------------------------------------------------------------------------------------------
class _Graph:
    def __init__(self, boxes: Sequence[Box], arrows: Sequence[Arrow], start: str):
        self.start = start
        self.items: dict[str, Item] = {box.key: Item(box.key, "box", box.width, box.height) for box in boxes}
        self.chains: list[list[str]] = []
        self._layer_boxes([box.key for box in boxes], arrows)
        for arrow in arrows:
            self._add_arrow(arrow)
        self.layers: list[list[str]] = [[] for _ in range(1 + max(i.layer for i in self.items.values()))]
        self._first_order([box.key for box in boxes])

    def _layer_boxes(self, keys: list[str], arrows: Sequence[Arrow]) -> None:
        """Longest path from the start, two columns per step (one for the arrows' labels)."""
        preds: dict[str, list[str]] = {key: [] for key in keys}
        for arrow in arrows:
            preds[arrow.target].append(arrow.source)
        placed: set[str] = set()
        waiting = list(keys)
        while waiting:
            ready = [key for key in waiting if all(p in placed for p in preds[key])]
            if not ready:
                raise ValueError(f"the arrows go round in a cycle through {', '.join(waiting)}")
            for key in ready:
                self.items[key].layer = max((self.items[p].layer + 2 for p in preds[key]), default=0)
                placed.add(key)
            waiting = [key for key in waiting if key not in placed]

    def _add_arrow(self, arrow: Arrow) -> None:
        number = len(self.chains)
        chain = [arrow.source]
        start, end = self.items[arrow.source].layer, self.items[arrow.target].layer
        for layer in range(start + 1, end):
            key = f"{number}:{layer}"
            if layer == start + 1 and arrow.label:
                item = Item(key, "label", *arrow.label)
            else:
                item = Item(key, "pass")
            item.layer = layer
            self.items[key] = item
            chain.append(key)
        chain.append(arrow.target)
        for a, b in zip(chain, chain[1:]):
            self.items[a].succs.append(b)
            self.items[b].preds.append(a)
        self.chains.append(chain)

    def _first_order(self, keys: list[str]) -> None:
        """Columns in the order a walk from the start meets them, arrows in their own order."""
        seen: set[str] = set()

        def visit(key: str) -> None:
            if key in seen:
                return
            seen.add(key)
            self.layers[self.items[key].layer].append(key)
            for succ in self.items[key].succs:
                visit(succ)

        visit(self.start)
        for key in keys:  # a valid tree reaches everything; be safe if not
            visit(key)

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
        """Order column i by the mean position of what each item joins in `other` (items joining
        nothing there keep their place, scaled), ties kept in their present order."""
        where = {key: n for n, key in enumerate(other)}

        def barycentre(pair: tuple[int, str]) -> float:
            n, key = pair
            near = [where[k] for k in getattr(self.items[key], side) if k in where]
            return sum(near) / len(near) if near else float(n) * len(other) / max(1, len(layers[i]))

        layers[i] = [key for _, key in sorted(enumerate(layers[i]), key=lambda pair: (barycentre(pair), pair[0]))]

    # -- heights -------------------------------------------------------------------------
    def _gap(self, a: Item, b: Item) -> float:
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
        # The first box level with its first arrow, so the diagram opens at its start, top
        # left, however wide the first question fans out.
        start = self.items[self.start]
        if self.layers[start.layer] == [start.key] and start.succs:
            start.y = min(self.items[k].y for k in start.succs)

    def _mean(self, key: str, side: str) -> float:
        item = self.items[key]
        near = [self.items[k].y for k in getattr(item, side)]
        return fsum(near) / len(near) if near else item.y  # fsum: the same whatever their order


# ------------------------------------------------------------------------------------------
# Lines
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fan:
    """The lines of one fan in one gap: where they come from (left) and go to (right)."""

    group: tuple[str, ...]
    top: float
    bottom: float
    lefts: tuple[float, ...]
    rights: tuple[float, ...]

    def meets(self, other: "Fan") -> bool:
        return self.top - NEAR <= other.bottom and other.top - NEAR <= self.bottom

    def crossed_by(self, ys: Sequence[float]) -> int:
        return sum(1 for y in ys if self.top - 4 <= y <= self.bottom + 4)

    def crossings_before(self, other: "Fan") -> int:
        """Lines crossed with this fan's track left of the other's: this fan's lines running
        right cross the other's vertical, and the other's lines coming from the left cross this
        fan's."""
        return other.crossed_by(self.rights) + self.crossed_by(other.lefts) if self.meets(other) else 0

    @property
    def rank(self) -> tuple:
        """A total order: higher up first, then shorter, then by the keys of what it joins."""
        return (self.top, self.bottom, self.group)


def crossings(order: Sequence[Fan]) -> int:
    """Lines crossed by fans given tracks from left to right in this order."""
    return sum(a.crossings_before(b) for a, b in combinations(order, 2))


def order_fans(fans: Sequence[Fan]) -> list[Fan]:
    """The fans of one gap from left to right: the order that crosses fewest lines. Fans that
    do not meet never cross, so each set of fans that meet is ordered on its own, exactly (or,
    past EXACT_LIMIT fans, by moving neighbours while that helps); among equally good orders the
    one nearest to top-to-bottom wins. The answer depends only on the fans, not on the order
    they are given in."""
    ordered: list[Fan] = []
    for group in _meeting_groups(sorted(fans, key=lambda fan: fan.rank)):
        ordered += _best_order(group) if len(group) <= EXACT_LIMIT else _improved_order(group)
    return ordered


def _meeting_groups(fans: list[Fan]) -> list[list[Fan]]:
    """Fans split into sets joined by meeting, each in the order given, the sets by their first."""
    owner = list(range(len(fans)))

    def root(n: int) -> int:
        while owner[n] != n:
            owner[n] = owner[owner[n]]
            n = owner[n]
        return n

    for a, b in combinations(range(len(fans)), 2):
        if fans[a].meets(fans[b]):
            owner[max(root(a), root(b))] = min(root(a), root(b))
    groups: dict[int, list[Fan]] = {}
    for n, fan in enumerate(fans):
        groups.setdefault(root(n), []).append(fan)
    return list(groups.values())


def _best_order(fans: list[Fan]) -> list[Fan]:
    """Fewest crossings over every order (dynamic programming over which fans are already to
    the left); the first best in the given order's terms wins ties."""
    n = len(fans)
    cost = [[fans[i].crossings_before(fans[j]) for j in range(n)] for i in range(n)]
    full = (1 << n) - 1
    rest = [0] * (1 << n)  # rest[placed]: fewest crossings the fans not yet placed can make
    for placed in range(full - 1, -1, -1):
        rest[placed] = min(_joining(cost, placed, i, n) + rest[placed | 1 << i]
                           for i in range(n) if not placed >> i & 1)
    order, placed = [], 0
    while placed != full:
        i = next(i for i in range(n) if not placed >> i & 1
                 and _joining(cost, placed, i, n) + rest[placed | 1 << i] == rest[placed])
        order.append(fans[i])
        placed |= 1 << i
    return order


def _joining(cost: list[list[int]], placed: int, i: int, n: int) -> int:
    """Crossings between fan i and the fans already to its left."""
    return sum(cost[j][i] for j in range(n) if placed >> j & 1)


def _improved_order(fans: list[Fan]) -> list[Fan]:
    """Neighbours swapped, first to last, while a swap crosses fewer lines."""
    order = list(fans)
    changed = True
    while changed:
        changed = False
        for n in range(len(order) - 1):
            a, b = order[n], order[n + 1]
            if b.crossings_before(a) < a.crossings_before(b):
                order[n], order[n + 1] = b, a
                changed = True
    return order


@dataclass
class _Gap:
    width: float
    tracks: dict[tuple[str, str], float]  # (from, to) between the two columns -> x of its vertical from the left
    fans: list[Fan]  # from left to right
    left: float = 0.0


def gap_fans(graph: _Graph, i: int) -> tuple[list[Fan], dict[tuple[str, ...], list[tuple[str, str]]]]:
    """The fans of lines in the gap after column i, and the lines (item key pairs) in each."""
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
    fans = []
    for group, pairs in groups.items():
        lefts = tuple(graph.items[a].y for a, _ in pairs)
        rights = tuple(graph.items[b].y for _, b in pairs)
        top, bottom = min(lefts + rights), max(lefts + rights)
        if bottom - top > 0.5:
            fans.append(Fan(group, top, bottom, lefts, rights))
    return fans, groups


def _route_gaps(graph: _Graph) -> list[_Gap]:
    """Give every fan of lines in each gap between columns a vertical track of its own."""
    gaps = []
    for i in range(len(graph.layers) - 1):
        fans, groups = gap_fans(graph, i)
        # Tracks from the left in that order; fans that do not meet may share a track.
        placed: list[tuple[Fan, int]] = []
        chosen: dict[tuple[str, ...], int] = {}
        ordered = order_fans(fans)
        for fan in ordered:
            track = 1 + max((t for other, t in placed if other.meets(fan)), default=-1)
            placed.append((fan, track))
            chosen[fan.group] = track
        track_ends = sorted(set(chosen.values()))
        width = max(MIN_GAP, (len(track_ends) + 1) * TRACK + 2 * CORNER)
        step = (width - 2 * CORNER) / (len(track_ends) + 1)
        tracks = {pair: CORNER + (chosen.get(group, 0) + 1) * step for group, pairs in groups.items() for pair in pairs}
        gaps.append(_Gap(width, tracks, ordered))
    return gaps
