"""The flow diagrams: drawn from every registered tree, complete, self-contained, readable."""

from __future__ import annotations

import hashlib
import logging
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import markdown
import pytest

from conftest import ROOT
from decision import get_tree, tree_ids
from decision.engine.model import Branch, Outcome, Question, edges
from decision.engine.view import filler
from handbook_build.context import BuildContext
from handbook_build.diagram import (DIAGRAM_FENCE, FENCE, GENERATED_LABEL, INK, LINE, OTHERWISE, PAPER, STYLES,
                                    diagram_svg, edge_label, text_width, wrap)
from handbook_build.settings import Settings

SVG = "{http://www.w3.org/2000/svg}"
TREES = tree_ids()


def drawn(tree_id: str, names: dict[str, str] | None = None) -> tuple[str, ET.Element]:
    tree = get_tree(tree_id)
    svg = diagram_svg(tree, filler(tree, names))
    return svg, ET.fromstring(svg)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def words(element: ET.Element) -> str:
    """The text of a <text> element as a reader sees it, its lines joined with spaces."""
    return " ".join(" ".join(t.text or "" for t in element.iter(f"{SVG}tspan")).split())


def squeeze(value: str) -> str:
    return " ".join(value.split())


def node_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-node"): g for g in by_class(root, "lp-diagram__node")}


# ------------------------------------------------------------------------------------------
# Geometry read back from the drawing
# ------------------------------------------------------------------------------------------
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def box(shape: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a rect, or of a path made of straight lines."""
    if shape.tag == f"{SVG}rect":
        x, y = float(shape.get("x", 0)), float(shape.get("y", 0))
        return x, y, x + float(shape.get("width")), y + float(shape.get("height"))
    values = [float(v) for v in NUMBER.findall(shape.get("d"))]
    xs, ys = values[0::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def overlap(a, b, slack: float = 0.0) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def segments(d: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight runs of an edge's path (the small rounded bends are left out)."""
    points, found = [], []
    for command, args in re.findall(r"([MLQ])([^MLQ]*)", d):
        values = [float(v) for v in NUMBER.findall(args)]
        if command == "M":
            points = [(values[0], values[1])]
        elif command == "L":
            found.append((points[-1], (values[0], values[1])))
            points.append((values[0], values[1]))
        else:  # Q: the corner, then where the bend ends
            points.append((values[2], values[3]))
    return found


def crosses(segment, rect, slack: float = 1.0) -> bool:
    """Whether a horizontal or vertical run goes inside a box (touching its edge is fine)."""
    (x1, y1), (x2, y2) = segment
    left, top, right, bottom = rect
    if abs(y1 - y2) < 0.01:  # horizontal
        return top + slack < y1 < bottom - slack and min(x1, x2) < right - slack and max(x1, x2) > left + slack
    return left + slack < x1 < right - slack and min(y1, y2) < bottom - slack and max(y1, y2) > top + slack


# ------------------------------------------------------------------------------------------
# Every registered tree
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tree_id", TREES)
def test_the_svg_is_well_formed_and_labelled_for_assistive_technology(tree_id):
    svg, root = drawn(tree_id)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert filler(get_tree(tree_id))(get_tree(tree_id).title) in title.text  # the role named as the council does
    assert "written rules" in desc.text
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))


@pytest.mark.parametrize("tree_id", TREES)
def test_every_node_is_drawn_with_its_text_its_kind_and_its_shape(tree_id):
    tree = get_tree(tree_id)
    fill = filler(tree)
    _, root = drawn(tree_id)
    groups = node_groups(root)
    assert sorted(groups) == sorted(n.id for n in tree.nodes)
    for node in tree.nodes:
        group = groups[node.id]
        tag = words(next(t for t in group.iter(f"{SVG}text") if t.get("class") == "lp-diagram__tag"))
        body = words(next(t for t in group.iter(f"{SVG}text") if t.get("class") == "lp-diagram__text"))
        shape = next(e for e in group if e.tag in (f"{SVG}rect", f"{SVG}path"))
        if isinstance(node, Outcome):
            assert (body, tag, shape.tag) == (squeeze(fill(node.title)), "Result", f"{SVG}rect")
            assert float(shape.get("rx")) >= 10  # rounded: told apart from questions by shape
        elif isinstance(node, Branch):
            assert (body, tag, shape.tag) == (squeeze(fill(node.text)), "Check", f"{SVG}path")
            assert len(NUMBER.findall(shape.get("d"))) == 12  # six corners
        else:
            assert body == squeeze(fill(node.text)) and "uestion" in tag and shape.tag == f"{SVG}rect"
            assert float(shape.get("rx")) <= 3
    assert "First question" in words(next(groups[tree.start].iter(f"{SVG}text")))


@pytest.mark.parametrize("tree_id", TREES)
def test_every_edge_is_drawn_once_with_one_arrowhead_and_its_label(tree_id):
    tree = get_tree(tree_id)
    fill = filler(tree)
    _, root = drawn(tree_id)
    expected = Counter((node.id, target, route) for node in tree.nodes for route, target in edges(node))
    drawn_edges = by_class(root, "lp-diagram__edge")
    assert Counter((g.get("data-from"), g.get("data-to"), g.get("data-route")) for g in drawn_edges) == expected
    for group in drawn_edges:
        assert len(by_class(group, "lp-diagram__arrow")) == 1
        assert len(by_class(group, "lp-diagram__line")) == 1
    # every arrowhead in the drawing belongs to an edge, bar the one from Start
    assert len(by_class(root, "lp-diagram__arrow")) == sum(expected.values()) + 1

    labels = {(g.get("data-from"), g.get("data-to"), g.get("data-route")): words(g.find(f"{SVG}text"))
              for g in by_class(root, "lp-diagram__label")}
    for node in tree.nodes:
        for route, target in edges(node):
            wanted = edge_label(tree, node, route, fill)
            if isinstance(node, Branch):
                assert wanted == (OTHERWISE if route == "otherwise" else fill(tree.condition(route).description))
            elif isinstance(node, Question) and node.kind == "choice" and route != node.generated_options:
                assert wanted == fill(next(o.label for o in node.options if o.id == route))
            elif isinstance(node, Question) and route == node.generated_options:
                assert wanted == GENERATED_LABEL
            if wanted:
                assert labels[(node.id, target, route)] == squeeze(wanted)
            else:
                assert (node.id, target, route) not in labels


@pytest.mark.parametrize("tree_id", TREES)
def test_the_drawing_asks_nothing_of_any_other_origin(tree_id):
    svg, root = drawn(tree_id)
    for element in root.iter():
        local = element.tag.split("}")[-1]
        assert local not in ("a", "image", "use", "foreignObject", "script", "style", "iframe"), local
        for name, value in element.attrib.items():
            assert not name.split("}")[-1] in ("href", "src"), (local, name)
            assert "url(" not in value and "://" not in value, (local, name, value)
    # the namespace is the only address in the markup
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]


@pytest.mark.parametrize("tree_id", TREES)
def test_the_drawing_is_the_same_every_time(tree_id):
    first, _ = drawn(tree_id)
    again, _ = drawn(tree_id)
    assert first == again


def test_the_drawing_does_not_depend_on_hash_seeds():
    script = ("import hashlib; from decision import get_tree, tree_ids; from decision.engine.view import filler; "
              "from handbook_build.diagram import diagram_svg; "
              "print(hashlib.sha256(''.join(diagram_svg(get_tree(t), filler(get_tree(t))) for t in tree_ids())"
              ".encode()).hexdigest())")
    digests = set()
    for seed in ("1", "2", "12345"):
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                                env={"PYTHONHASHSEED": seed, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'tools'}"})
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    here = hashlib.sha256("".join(diagram_svg(get_tree(t), filler(get_tree(t))) for t in TREES).encode()).hexdigest()
    assert digests == {here}


@pytest.mark.parametrize("tree_id", TREES)
def test_boxes_and_labels_do_not_overlap_and_stay_inside_the_drawing(tree_id):
    _, root = drawn(tree_id)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    boxes = [(g.get("data-node"), box(next(e for e in g if e.tag in (f"{SVG}rect", f"{SVG}path"))))
             for g in by_class(root, "lp-diagram__node")]
    boxes += [(f"label {g.get('data-from')}->{g.get('data-to')}", box(g.find(f"{SVG}rect")))
              for g in by_class(root, "lp-diagram__label")]
    boxes += [("start", box(by_class(root, "lp-diagram__start-box")[0]))]
    for n, (name, rect) in enumerate(boxes):
        assert 0 <= rect[0] and 0 <= rect[1] and rect[2] <= width and rect[3] <= height, name
        for other, other_rect in boxes[n + 1:]:
            assert not overlap(rect, other_rect), f"{name} overlaps {other}"


@pytest.mark.parametrize("tree_id", TREES)
def test_lines_pass_only_through_their_own_boxes(tree_id):
    _, root = drawn(tree_id)
    nodes = {g.get("data-node"): box(next(e for e in g if e.tag in (f"{SVG}rect", f"{SVG}path")))
             for g in by_class(root, "lp-diagram__node")}
    labels = {(g.get("data-from"), g.get("data-to"), g.get("data-route")): box(g.find(f"{SVG}rect"))
              for g in by_class(root, "lp-diagram__label")}
    for group in by_class(root, "lp-diagram__edge"):
        key = (group.get("data-from"), group.get("data-to"), group.get("data-route"))
        line = by_class(group, "lp-diagram__line")[0]
        for segment in segments(line.get("d")):
            for node_id, rect in nodes.items():
                assert not crosses(segment, rect), f"{key} runs through {node_id}"
            for other, rect in labels.items():
                if other != key:
                    assert not crosses(segment, rect), f"{key} runs through the label of {other}"


@pytest.mark.parametrize("tree_id", TREES)
def test_text_is_wrapped_to_fit_its_box(tree_id):
    """By the drawing's own measure (Arial's metrics); the browser test measures the real text."""
    _, root = drawn(tree_id)
    for group in by_class(root, "lp-diagram__node") + by_class(root, "lp-diagram__label"):
        left, _, right, _ = box(next(e for e in group if e.tag in (f"{SVG}rect", f"{SVG}path")))
        for text in group.iter(f"{SVG}text"):
            size = float(text.get("font-size"))
            bold = text.get("font-weight") == "bold"
            for span in text.iter(f"{SVG}tspan"):
                assert float(span.get("x")) + text_width(span.text, size, bold) <= right + 0.5, span.text
                assert float(span.get("x")) >= left


def test_wrapping_keeps_every_word_and_breaks_only_between_words():
    sentence = "A child protection enquiry (section 47) is under way and a social worker leads it"
    lines = wrap(sentence, 120, 14)
    assert len(lines) > 1 and " ".join(lines) == sentence
    assert all(text_width(line, 14) <= 120 for line in lines if " " in line)
    assert wrap("Supercalifragilistic", 20, 14) == ["Supercalifragilistic"]


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_meet_wcag_aa():
    for kind, (fill, outline, tag) in STYLES.items():
        assert contrast(INK, fill) >= 4.5, kind  # text in the box
        assert contrast(tag, fill) >= 4.5, kind  # the box's kind, e.g. "Result"
        assert contrast(outline, PAPER) >= 3, kind  # the shape's outline (non-text contrast)
    assert contrast(INK, PAPER) >= 4.5 and contrast(LINE, PAPER) >= 3


@pytest.mark.parametrize("tree_id", TREES)
def test_every_text_colour_drawn_meets_wcag_aa_on_what_it_sits_on(tree_id):
    _, root = drawn(tree_id)
    for group in by_class(root, "lp-diagram__node") + by_class(root, "lp-diagram__label"):
        background = next(e for e in group if e.tag in (f"{SVG}rect", f"{SVG}path")).get("fill")
        for text in group.iter(f"{SVG}text"):
            assert contrast(text.get("fill"), background) >= 4.5, words(text)


@pytest.mark.parametrize("tree_id", [t for t in TREES if get_tree(t).names])
def test_a_councils_names_are_put_into_the_drawing(tree_id):
    tree = get_tree(tree_id)
    names = {n.id: f"Testshire {n.id.replace('_', ' ')}" for n in tree.names}
    svg, root = drawn(tree_id, names)
    assert not re.search(r"\{[a-z_]+\}", svg)
    shown = " ".join(words(t) for t in root.iter(f"{SVG}text"))
    for node in tree.nodes:  # the texts the diagram draws
        texts = [node.title] if isinstance(node, Outcome) else [node.text]
        if isinstance(node, Question):
            texts += [o.label for o in node.options]
        for value in texts:
            for name in re.findall(r"\{([a-z_]+)\}", value):
                assert f"Testshire {name.replace('_', ' ')}" in shown, (node.id, name)


# ------------------------------------------------------------------------------------------
# The fence
# ------------------------------------------------------------------------------------------
def names_for(tree_id: str) -> dict[str, str]:
    return get_tree(tree_id).default_names()


CONTEXT = BuildContext(Settings(), lambda tree_id: {}, names_for, lambda tree_id: True)


def fence(source: str, md=None) -> str:
    return FENCE.formatter(CONTEXT)(source, DIAGRAM_FENCE, DIAGRAM_FENCE, {}, md or markdown.Markdown())


def test_the_fence_gives_a_figure_in_a_focusable_scrolling_region_with_a_caption():
    html = fence("tree: allocation\n")
    assert html.startswith('<figure class="lp-diagram" id="lp-diagram-allocation" data-tree="allocation">')
    assert '<div class="lp-diagram__scroll" tabindex="0" role="region" aria-label="Flow diagram: ' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "</svg></div><figcaption" in html
    caption = html.split("<figcaption", 1)[1]
    assert "written rules" in caption and 'href="#lp-allocation-rules"' in caption


def test_the_fence_links_to_the_page_that_holds_the_tool():
    html = fence("tree: allocation\npage: ../lead-professional/choosing-the-lead-professional.md\n")
    assert 'href="../lead-professional/choosing-the-lead-professional.md#lp-allocation-rules"' in html


def test_two_diagrams_on_one_page_have_their_own_ids():
    md = markdown.Markdown()
    first, second = fence("tree: allocation", md), fence("tree: allocation", md)
    ids = re.findall(r' id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 6


@pytest.mark.parametrize("source", ["tree: nonsense", "tree allocation", "tree: allocation\ncolour: red", ""])
def test_a_bad_fence_logs_an_error_and_shows_one(source, caplog):
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.handbook"):
        html = fence(source)
    assert html.startswith('<p class="lp-fence-error">') and "<svg" not in html
    assert [r for r in caplog.records if r.name == "mkdocs.plugins.handbook" and r.levelno == logging.ERROR]


def test_the_fence_works_through_superfences():
    md = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs={"pymdownx.superfences": {
        "custom_fences": [{"name": DIAGRAM_FENCE, "class": DIAGRAM_FENCE, "format": FENCE.formatter(CONTEXT)}]}})
    html = md.convert("Before.\n\n```decision-diagram\ntree: allocation\n```\n\nAfter.")
    assert '<figure class="lp-diagram"' in html and "<p>After.</p>" in html


# ------------------------------------------------------------------------------------------
# The built site
# ------------------------------------------------------------------------------------------
def test_the_built_pages_hold_the_diagrams_and_link_to_the_tools(site_dir):
    index = (site_dir / "tools" / "index.html").read_text()
    page = (site_dir / "tools" / "allocation" / "index.html").read_text()
    assert page.count('<figure class="lp-diagram"') == 1 and page.count("<svg xmlns=") >= 1
    assert 'href="../../lead-professional/choosing-the-lead-professional/#lp-allocation-rules"' in page
    assert "Which of these best describes the child or young person?" in page
    assert 'href="allocation/"' in index
    for tree_id in TREES:
        assert (site_dir / "tools" / tree_id / "index.html").exists(), tree_id
        assert f'href="{tree_id}/"' in index
