"""The diagrams' layout: a function of the boxes and arrows alone, its line tracks in the order
that crosses fewest lines. test_diagram.py checks the drawings themselves (nothing overlaps,
no line runs through a box)."""

from __future__ import annotations

import dataclasses
import random
import xml.etree.ElementTree as ET
from itertools import permutations

import pytest

from decision import get_tree, tree_ids
from decision.engine.view import filler
from handbook_build import diagram_layout
from handbook_build.diagram import diagram_svg, tree_layout
from handbook_build.diagram_layout import Arrow, Box, Fan, crossings, layout, order_fans

TREES = tree_ids()


def fan(name: str, lefts: tuple[float, ...], rights: tuple[float, ...]) -> Fan:
    ys = lefts + rights
    return Fan(("out", name), min(ys), max(ys), lefts, rights)


def random_fans(rng: random.Random, count: int) -> list[Fan]:
    """Fans of one to three lines from one box, on a coarse grid, so that many meet and tie."""
    found = []
    while len(found) < count:
        lefts = (float(rng.randrange(0, 400, 20)),)
        rights = tuple(float(rng.randrange(0, 400, 20)) for _ in range(rng.randint(1, 3)))
        if max(lefts + rights) - min(lefts + rights) > 0.5:
            found.append(fan(f"n{len(found)}", lefts, rights))
    return found


def fewest(fans: list[Fan]) -> int:
    return min(crossings(order) for order in permutations(fans))


def names(fans: list[Fan]) -> list[str]:
    return [f.group[1] for f in fans]


# ------------------------------------------------------------------------------------------
# The order of the tracks in a gap
# ------------------------------------------------------------------------------------------
def test_three_fans_that_no_pairwise_comparison_can_order():
    """Each of `a` and `c` ties with `b` when compared in pairs, yet `c` should go left of `a`.
    A sort by a pairwise comparator (the diagrams used one, through cmp_to_key) kept them in
    the order given and crossed a line more than it needed to."""
    a = fan("a", (0.0,), (160.0, 300.0))
    b = fan("b", (80.0,), (320.0, 240.0, 0.0))
    c = fan("c", (40.0,), (100.0, 360.0, 20.0))
    assert a.crossings_before(b) == b.crossings_before(a) and b.crossings_before(c) == c.crossings_before(b)
    assert c.crossings_before(a) < a.crossings_before(c)
    assert crossings(order_fans([a, b, c])) == fewest([a, b, c]) == 8
    assert crossings([a, b, c]) == 9


def test_fans_take_the_order_that_crosses_fewest_lines():
    rng = random.Random(7)
    for _ in range(300):
        fans = random_fans(rng, rng.randint(2, 6))
        assert crossings(order_fans(fans)) == fewest(fans), fans


def test_the_order_of_fans_does_not_depend_on_the_order_they_come_in():
    rng = random.Random(11)
    for _ in range(150):
        fans = random_fans(rng, rng.randint(2, 5))
        chosen = order_fans(fans)
        assert sorted(names(chosen)) == sorted(names(fans))
        for order in permutations(fans):
            assert order_fans(list(order)) == chosen, fans


def test_many_fans_that_meet_are_ordered_without_searching_every_order(monkeypatch):
    """Past EXACT_LIMIT fans the order is improved from top to bottom, still independent of the
    order the fans come in, and never worse than top to bottom."""
    monkeypatch.setattr(diagram_layout, "EXACT_LIMIT", 2)
    rng = random.Random(5)
    for _ in range(100):
        fans = random_fans(rng, rng.randint(3, 8))
        chosen = order_fans(fans)
        assert crossings(chosen) <= crossings(sorted(fans, key=lambda f: f.rank))
        shuffled = list(fans)
        rng.shuffle(shuffled)
        assert order_fans(shuffled) == chosen


@pytest.mark.parametrize("tree_id", TREES)
def test_every_gap_of_every_tree_crosses_fewest_lines_whatever_order_its_fans_come_in(tree_id):
    tree = get_tree(tree_id)
    _, _, placed = tree_layout(tree, filler(tree))
    assert len(placed.fans) == len(placed.layers) - 1
    rng = random.Random(tree_id)
    for fans in placed.fans:
        assert len({f.rank for f in fans}) == len(fans)  # a total order: no two fans tie
        if len(fans) <= 8:
            assert crossings(fans) == fewest(fans)
        for _ in range(20):
            shuffled = list(fans)
            rng.shuffle(shuffled)
            assert order_fans(shuffled) == fans


# ------------------------------------------------------------------------------------------
# The whole layout
# ------------------------------------------------------------------------------------------
def drawn_parts(svg: str) -> list[bytes]:
    """Each node, edge and label of a drawing, as markup, in a fixed order."""
    root = ET.fromstring(svg)
    return sorted(ET.tostring(g) for g in root.iter() if (g.get("class") or "").split()[:1] in (
        ["lp-diagram__node"], ["lp-diagram__edge"], ["lp-diagram__label"]))


@pytest.mark.parametrize("tree_id", TREES)
def test_the_drawing_does_not_depend_on_the_order_the_nodes_are_written_in(tree_id):
    tree = get_tree(tree_id)
    fill = filler(tree)
    drawn = drawn_parts(diagram_svg(tree, fill))
    rng = random.Random(tree_id)
    for _ in range(3):
        nodes = list(tree.nodes)
        rng.shuffle(nodes)
        shuffled = dataclasses.replace(tree, nodes=tuple(nodes))
        assert drawn_parts(diagram_svg(shuffled, filler(shuffled))) == drawn


def test_a_layout_is_plain_data_from_boxes_and_arrows():
    boxes = [Box("ask", 120, 40), Box("yes", 100, 30), Box("no", 100, 30), Box("end", 90, 30)]
    arrows = [Arrow("ask", "yes", (40, 20)), Arrow("ask", "no", (30, 20)), Arrow("yes", "end"),
              Arrow("no", "end"), Arrow("ask", "end")]
    placed = layout(boxes, arrows, "ask", left=10, top=5)
    items = placed.items
    assert [items[k].layer for k in ("ask", "yes", "no", "end")] == [0, 2, 2, 4]
    assert min(item.top for item in items.values()) == 5 and items["ask"].x == 10
    assert placed.label(0).width == 40 and placed.label(2) is None and placed.label(4) is None
    for arrow, path in zip(arrows, placed.paths):
        source, target = items[arrow.source], items[arrow.target]
        assert path[0] == (source.x + source.width, source.y)
        assert path[-1] == (target.x, target.y)
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(path, path[1:]))  # square corners only
    assert placed.right == max(item.x + item.width for item in items.values())


def test_arrows_that_go_round_in_a_cycle_are_refused():
    with pytest.raises(ValueError, match="cycle"):
        layout([Box("a", 10, 10), Box("b", 10, 10)], [Arrow("a", "b"), Arrow("b", "a")], "a")
