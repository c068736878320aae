"""WCAG 2.2 AA (axe) on every page of the site and in every state of every decision tool.

Each tree's page is opened once, so Python starts once per tree. Every question and every
outcome of the tree is then shown in turn by dispatching `lp:load` with the answers of one path
that reaches it (the paths are enumerated here in CPython); axe then checks all the states
a tab drew in one run, each set beside the tool. Each question is checked twice: as asked, and
with the error that Continue gives when nothing is chosen. A node the site's own local rules
cannot reach is shown in a tab whose copy of the settings the build published for Python
(lp-settings.<hash>.json, which the worker fetches as it starts) chooses rules that reach it, so
nothing a council could see goes unchecked.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from decision import get_tree, tree_ids
from decision.browser import read_settings
from decision.engine.model import Outcome, Question
from decision.engine.paths import enumerate_paths, variant_settings
from handbook_build.markup import step_html
from helpers import PYTHON_START_MS, axe_report, wait_until_still
from support import serve, site_pages


# ------------------------------------------------------------------------------------------
# Shared with the other browser tests of this suite (keyboard, no JavaScript, robustness)
# ------------------------------------------------------------------------------------------

class ShownTools(HTMLParser):
    """The decision tools a page shows: those not inside a `hidden` element (training mode keeps
    copies of the tools hidden until a scenario needs one)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # (tag, hidden here or above)
        self.tools: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        named = dict(attrs)
        hidden = (self.open[-1][1] if self.open else False) or "hidden" in named
        self.open.append((tag, hidden))
        if "lp-tool" in (named.get("class") or "").split() and not hidden:
            self.tools.append(named)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break


def site_settings(site_dir: Path) -> dict[str, Any]:
    """The settings the build published for Python (tools/handbook_build/published.py), as Python
    reads them (the file holds only the council's choices): the council's name, and every tool's
    local rules and names, the tree's defaults filled in."""
    [path] = (site_dir / "assets" / "handbook").glob("lp-settings.*.json")
    settings = read_settings(path.read_text())
    return {"council": settings.council,
            "tools": {tree: dict(zip(("variants", "names"), settings.tool(get_tree(tree)))) for tree in tree_ids()}}


@lru_cache(maxsize=None)
def tool_pages(site_dir: Path) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """tree id -> [(page path, the site's local rules for it)] for every page that shows the tool.
    Read once per built site (every page is parsed: over a second, and each state's test asks)."""
    tools = site_settings(site_dir)["tools"]
    found: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for path in site_pages(site_dir):
        html = (site_dir / path / "index.html" if not path.endswith(".html") else site_dir / path).read_text()
        if "lp-tool" not in html:
            continue
        parser = ShownTools()
        parser.feed(html)
        for tool in parser.tools:
            found.setdefault(tool["data-tree"], []).append((path, tools[tool["data-tree"]]["variants"]))
    return found


def tool_page(site_dir: Path, tree: str) -> tuple[str, dict[str, str]]:
    pages = tool_pages(site_dir).get(tree)
    assert pages, f"no page of the built site holds the {tree} tool"
    return pages[0]


def box(page, tree: str):
    return page.locator(f".lp-tool[data-tree={tree}]").first


def show_state(page, tree: str, answers: dict[str, Any], ask: str | None = None) -> dict[str, Any]:
    """Show the step for these answers through the tool's `lp:load` event, wait until it is
    drawn and return Python's view of it (None if the tool showed a problem instead)."""
    return box(page, tree).evaluate(
        """(root, [detail, limit]) => new Promise((done) => {
            const timer = setTimeout(() => done({timedOut: true}), limit);
            const finish = (value) => { clearTimeout(timer); watch.disconnect(); done(value); };
            root.addEventListener("lp:step", (event) => finish(event.detail.view), {once: true});
            const watch = new MutationObserver(() => {
                if (root.querySelector(".lp-problem") || root.classList.contains("lp-tool--unavailable")) finish(null);
            });
            watch.observe(root, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
            root.dispatchEvent(new CustomEvent("lp:load", {detail}));
        })""", [{"answers": answers, "ask": ask}, PYTHON_START_MS])


def with_variants(page, tree: str, variants: dict[str, str]) -> list[dict[str, str]]:
    """Give the tab's Python the `tree` tool's local rules `variants`: the settings file the worker
    fetches as it starts is served with that tool's rules replaced. Returns the rules each fetch
    of it was given, for the test to check that Python started with them."""
    given: list[dict[str, str]] = []

    def rewrite(route):
        response = route.fetch()
        settings = json.loads(response.text())
        settings["tools"].setdefault(tree, {})["variants"] = variants
        given.append(variants)
        route.fulfill(response=response, body=json.dumps(settings))

    page.route("**/assets/handbook/lp-settings.*.json", rewrite)
    return given


def new_tab(browser, base_url: str, **options):
    """A fresh tab that records every request leaving the site's origin. The offline service
    worker is blocked, as in the suite's other tests, so routes see every request."""
    context = browser.new_context(**{"service_workers": "block", **options})
    own = urlsplit(base_url).netloc
    foreign: list[str] = []
    context.on("request", lambda r: urlsplit(r.url).netloc == own or r.url.startswith(("data:", "blob:"))
               or foreign.append(r.url))
    return context, context.new_page(), foreign


def axe_violations(page, context: str | None = None, dark: bool = True) -> list[str]:
    """axe's report on the still page or on one part of it, as a list: [] when it found nothing."""
    report = axe_report(page, context, dark)
    return [report] if report else []


# ------------------------------------------------------------------------------------------
# One path to each node
# ------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def routes(tree_id: str) -> dict[str, list[tuple[str, tuple[tuple[str, Any], ...]]]]:
    """node id -> [(local rules as JSON, the answers that reach the node)], one entry per
    setting of the local rules under which the node can be reached, defaults first."""
    tree = get_tree(tree_id)
    found: dict[str, list[tuple[str, tuple[tuple[str, Any], ...]]]] = {}
    for settings in variant_settings(tree):
        key = json.dumps(settings, sort_keys=True)
        seen: set[str] = set()
        for path in enumerate_paths(tree, settings):
            asked = dict(path.answers)
            for node_id in path.visited:
                if node_id in seen or not isinstance(tree.node(node_id), Question):
                    continue
                seen.add(node_id)
                before = path.visited[: path.visited.index(node_id)]
                found.setdefault(node_id, []).append((key, tuple((q, asked[q]) for q in before if q in asked)))
            if path.outcome not in seen:
                seen.add(path.outcome)
                found.setdefault(path.outcome, []).append((key, path.answers))
    return found


def states(tree_id: str) -> list[str]:
    """Every question and every outcome of the tree."""
    return [node.id for node in get_tree(tree_id).nodes if isinstance(node, (Question, Outcome))]


def by_local_rules(tree_id: str, own: dict[str, str]) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """The tree's states grouped by the local rules they are shown under, the page's own first:
    [(local rules as JSON, [(node id, the answers that reach it)])]. A state the page's own rules
    reach is shown under them; any other under the first rules that reach it."""
    own_key = json.dumps(own, sort_keys=True)
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {own_key: []}
    for node_id in states(tree_id):
        reachable = routes(tree_id).get(node_id)
        assert reachable, f"{tree_id}: no path reaches {node_id}"
        settings, answers = next(((k, a) for k, a in reachable if k == own_key), reachable[0])
        groups.setdefault(settings, []).append((node_id, dict(answers)))
    return [(key, shown) for key, shown in groups.items() if shown]


@pytest.fixture(scope="module")
def tabs(browser, base_url, site_dir):
    """One open tab at a time, kept while the tests stay on the same tree and local rules."""
    held: dict[str, Any] = {}

    def open_tab(tree: str, variants: dict[str, str] | None):
        path, own_variants = tool_page(site_dir, tree)
        wanted = variants if variants is not None else own_variants
        key = f"{tree} {json.dumps(wanted, sort_keys=True)}"
        if held.get("key") != key:
            close()
            context, page, foreign = new_tab(browser, base_url)
            given = with_variants(page, tree, wanted) if wanted != own_variants else None
            page.goto(base_url + path)
            held.update(key=key, context=context, page=page, foreign=foreign, given=given)
        return held["page"], own_variants

    def given() -> list[dict[str, str]] | None:
        """The rules the open tab's settings file was rewritten to (each time it was fetched), or
        None when the tab has the site's own."""
        return held.get("given")

    open_tab.given = given

    def close():
        if "context" in held:
            held["context"].close()
            assert held["foreign"] == [], f"requests left the site's origin: {held['foreign']}"
        held.clear()

    yield open_tab
    close()


@pytest.mark.timeout(900)  # the allocation tool starts Python once for each of its six sets of local rules
@pytest.mark.parametrize("tree_id", tree_ids())
def test_every_state_of_every_tool_is_accessible(tabs, tree_id):
    """Every question of the tool, as asked and with the error that Continue gives when nothing
    is chosen, and every outcome: each is drawn by the tool in its page, through `lp:load`, and
    is the renderer's markup. axe then finds nothing in any of them at full width in both colour
    schemes, nor at 320 CSS pixels (400% zoom), where each must also fit without sideways
    scrolling. A state the site's own local rules cannot reach is drawn in a tab whose Python was
    given rules that reach it (the settings file it fetched, rewritten: `with_variants`), so
    nothing a council could see goes unchecked.

    The states a tab drew are checked together: once drawn, each one's markup is set beside the
    tool in a copy of the tool's own box (`check_together`), and axe runs once over all of them. A run
    of axe costs about half a second however little it checks, most of it on the page around the
    part it checks; one run for each state and width took a third of the suite's time."""
    tree = get_tree(tree_id)
    page, own = tabs(tree_id, None)
    problems: list[str] = []
    for settings, shown in by_local_rules(tree_id, own):
        page, _ = tabs(tree_id, json.loads(settings))
        drawn: list[tuple[str, dict[str, Any]]] = []
        for node_id, answers in shown:
            view = show_state(page, tree_id, answers)
            assert view and not view.get("timedOut"), f"{tree_id}: the tool did not show {node_id} for {answers}"
            on_screen = view["question"]["id"] if view["kind"] == "question" else view["outcome"]["id"]
            assert on_screen == node_id and not view["notices"], view
            assert_same_markup(page, tree_id, view)
            drawn.append((node_id, view))
            if node_id == tree.start:
                problems += whole_page(page, tree_id)
            if view["kind"] == "question":
                drawn.append((f"{node_id} (error)", error_state(page, tree_id, node_id, answers, view)))
        if settings != json.dumps(own, sort_keys=True):  # other rules: Python started with them, from one fetch
            assert tabs.given() == [json.loads(settings)], tabs.given()
        problems += check_together(page, tree_id, drawn)
    assert problems == [], f"{tree_id}:\n" + "\n".join(problems)


def error_state(page, tree_id: str, node_id: str, answers: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """The question after Continue with nothing chosen: its error summary links to the field."""
    empty = {"choice": "", "multi": [], "practitioners": []}[view["question"]["kind"]]
    error = show_state(page, tree_id, {**answers, node_id: empty})
    assert error and error["question"]["error"], error
    summary = box(page, tree_id).locator(".lp-error-summary")
    assert summary.is_visible()
    target = box(page, tree_id).locator(summary.locator("a").get_attribute("href"))
    assert target.count() == 1 and target.evaluate("e => e.tagName") == "INPUT", "the error link leads nowhere"
    assert_same_markup(page, tree_id, error)
    return error


def whole_page(page, tree_id: str) -> list[str]:
    """The tool's whole page, the tool at its first question, with the written rules closed
    (as the tool leaves them) and then opened."""
    problems = axe_violations(page)
    rules = page.locator(f".lp-tool[data-tree={tree_id}] ~ details.lp-rules").first
    rules.locator("summary").click()
    try:
        problems += axe_violations(page)
    finally:
        rules.locator("summary").click()
    return problems


# ------------------------------------------------------------------------------------------
# The states a tab drew, side by side: axe and reflow at 320 CSS pixels
# ------------------------------------------------------------------------------------------

GALLERY = "lp-a11y-gallery"

# Each state's markup in a copy of the tool's box (its classes and focus target, not its id or
# data, so the page's script leaves it alone) and of the box the step goes in, just after the
# tool: the same styles apply as to the tool itself.
SET_BESIDE = """(root, [gallery, items]) => {
    const all = document.createElement("div");
    all.id = gallery;
    for (const [uid, html] of items) {
        const shell = document.createElement("div");
        shell.className = root.className;
        shell.id = uid;
        shell.setAttribute("tabindex", "-1");
        const step = root.querySelector(".lp-tool__step").cloneNode(false);
        step.innerHTML = html;
        shell.append(step);
        all.append(shell);
    }
    root.after(all);
}"""


def check_together(page, tree_id: str, drawn: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """axe on every drawn state at once: at full width in both colour schemes, then at 320 CSS
    pixels in the light one only (there only the layout changes: lp-tools.css changes no colour
    by width), with the reflow of each state checked there too. Returns axe's reports, with the
    state each id belongs to."""
    uids = [f"lp-{tree_id}-state{number}" for number in range(1, len(drawn) + 1)]
    legend = ", ".join(f"{uid}: {where}" for uid, (where, _) in zip(uids, drawn))
    box(page, tree_id).evaluate(SET_BESIDE, [GALLERY, [[uid, step_html(view, uid)] for uid, (_, view) in zip(uids, drawn)]])
    problems = axe_violations(page, f"#{GALLERY}")
    width = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 256})
    try:
        assert_all_reflow(page, f"#{GALLERY} > .lp-tool", dict(zip(uids, (where for where, _ in drawn))))
        problems += axe_violations(page, f"#{GALLERY}", dark=False)
    finally:
        page.set_viewport_size(width)
        page.evaluate("(gallery) => document.getElementById(gallery).remove()", GALLERY)
    return [f"{report}\n(the states: {legend})" for report in problems]


# ------------------------------------------------------------------------------------------
# Reflow: 1280 CSS pixels at 400% zoom leave 320
# ------------------------------------------------------------------------------------------

# For each tool's box the selector finds (the tool itself, or the states beside it): whether
# anything in its step is past the page's edge or clipped (a data table may scroll inside its own
# box), and where its Continue button, if it has one, is once scrolled to.
LAYOUT = """(selector) => {
    const page = document.documentElement;
    const width = page.clientWidth;
    const scrolls = (e, root) => { for (let p = e.parentElement; p && p !== root; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll") return true; } return false; };
    const hidden = (e) => e.closest(".lp-visually-hidden, .lp-tool__status, [hidden]") || !e.getClientRects().length;
    const states = Array.from(document.querySelectorAll(selector)).map((root) => {
        const cut = [];
        for (const e of root.querySelectorAll(".lp-tool__step *")) {
            if (hidden(e) || scrolls(e, root)) continue;
            const box = e.getBoundingClientRect();
            if (box.left < -0.5 || box.right > width + 0.5) cut.push(`${e.tagName} ${e.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
            const style = getComputedStyle(e);
            if ((style.overflowX === "hidden" || style.overflowX === "clip") && e.scrollWidth > e.clientWidth + 1) cut.push(`${e.tagName} ${e.className} clips its content`);
        }
        const button = Array.from(root.querySelectorAll("button")).find((b) => b.textContent.trim() === "Continue");
        let seen = null;
        if (button) {
            button.scrollIntoView({block: "center", inline: "nearest", behavior: "instant"});
            const r = button.getBoundingClientRect();
            seen = {x: r.x, y: r.y, width: r.width, height: r.height, shown: !hidden(button)};
        }
        return {uid: root.id, cut, seen};
    });
    return {pageScrolls: page.scrollWidth > width, width, height: window.innerHeight, states};
}"""


def assert_reflows(page, tree: str, where: str) -> None:
    """The tool's step as it is now, as `assert_all_reflow` checks each state beside it."""
    uid = box(page, tree).get_attribute("id")
    assert_all_reflow(page, f"#{uid}", {uid: where})


def assert_all_reflow(page, selector: str, where: dict[str, str]) -> None:
    """No sideways scrolling of the page, nothing in the step of any tool's box the selector
    finds past the edge or clipped, and Continue, where there is one, fully in view once scrolled
    to. `where`: each box's id -> the state it shows, for the message."""
    layout = page.evaluate(LAYOUT, selector)
    assert len(layout["states"]) == len(where), f"{selector}: {len(layout['states'])} boxes, not {len(where)}"
    assert layout["width"] == 320
    for state in layout["states"]:
        name = where[state["uid"]]
        assert state["cut"] == [], f"{name}: cut off at 320px: {state['cut']}"
        seen = state["seen"]
        if seen is not None:
            assert seen["shown"] and seen["x"] >= 0 and seen["x"] + seen["width"] <= 320, (name, seen)
            assert seen["y"] >= -0.5 and seen["y"] + seen["height"] <= layout["height"] + 0.5, (name, seen)
    assert not layout["pageScrolls"], "the page scrolls sideways at 320px"


def assert_same_markup(page, tree_id: str, view: dict[str, Any]) -> None:
    """The step on screen is the markup the worker's reply carried, which is what the build's
    renderer (the same src/decision/engine/markup.py, on CPython) makes from the same view: one
    renderer, whose output lp-tools.js puts in as it is."""
    shown, from_build = box(page, tree_id).evaluate(
        """(root, html) => {
            const built = document.createElement("div");
            built.innerHTML = html;
            const shown = root.querySelector(".lp-tool__step").cloneNode(true);
            for (const e of shown.querySelectorAll("[data-focus-visible-added]")) {  // the theme's focus polyfill
                e.removeAttribute("data-focus-visible-added");
                e.classList.remove("focus-visible");
            }
            return [shown.innerHTML, built.innerHTML];
        }""", step_html(view, box(page, tree_id).get_attribute("id")))
    if shown != from_build:
        at = next((i for i, (a, b) in enumerate(zip(shown, from_build)) if a != b), min(len(shown), len(from_build)))
        raise AssertionError(f"the step on screen is not the renderer's: {shown[at - 80:at + 80]!r} != "
                             f"{from_build[at - 80:at + 80]!r}")


DOCS = Path(__file__).resolve().parents[2] / "docs"
SECTIONS = sorted(p.name for p in DOCS.iterdir() if p.is_dir() and p.name not in ("assets", "_includes"))


@pytest.mark.parametrize("section", [*SECTIONS, "(the rest)"])
def test_every_page_of_the_site_is_accessible(page, base_url, site_dir, section):
    """axe on every page the build made, a section of the site at a time."""
    pages = [path for path in site_pages(site_dir)
             if path.split("/")[0] == section or (section == "(the rest)" and path.split("/")[0] not in SECTIONS)]
    assert pages, f"no page in {section}"
    problems = []
    for path in pages:
        page.goto(base_url + path)
        problems += [f"{path}\n{report}" for report in axe_violations(page)]
    assert problems == [], "\n".join(problems)


# ------------------------------------------------------------------------------------------
# The header's title, in every council's colour
# ------------------------------------------------------------------------------------------

def relative_luminance(css_rgb: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+(?:\.\d+)?", css_rgb)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(css_a: str, css_b: str) -> float:
    lighter, darker = sorted((relative_luminance(css_a), relative_luminance(css_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# The header title the reader sees (the theme keeps two, the site's name and the page's title,
# and shows one), with its opacity, its colour and the header's background.
SHOWN_TOPIC = """() => {
    const header = document.querySelector('.md-header');
    const shown = Array.from(document.querySelectorAll('.md-header__topic'))
        .filter((topic) => getComputedStyle(topic).opacity !== '0');
    return shown.map((topic) => ({
        text: topic.textContent.trim(),
        opacity: getComputedStyle(topic).opacity,
        colour: getComputedStyle(topic.querySelector('.md-ellipsis') || topic).color,
        background: getComputedStyle(header).backgroundColor,
    }));
}"""


@pytest.mark.parametrize("council", ["default", "northshire", "eastvale"])
def test_the_header_title_is_legible_at_rest_in_every_council_colour(browser, site_dir, profile_sites, council):
    """Scrolled past its heading, a page shows its own title in the header. Once the page is
    still, that title is fully opaque and reaches 4.5:1 on the council's header colour."""
    folder = site_dir if council == "default" else profile_sites[council]
    server = serve(folder)
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/team-around-the-family/running-the-meeting/")
        for where in ("top", "scrolled"):
            if where == "scrolled":
                page.mouse.wheel(0, 1500)
                page.locator(".md-header__title--active").wait_for(state="attached")
            wait_until_still(page)
            shown = page.evaluate(SHOWN_TOPIC)
            assert len(shown) == 1, f"{council}, {where}: {shown}"
            topic = shown[0]
            assert topic["opacity"] == "1", f"{council}, {where}: {topic}"
            assert contrast_ratio(topic["colour"], topic["background"]) >= 4.5, f"{council}, {where}: {topic}"
            assert axe_report(page, ".md-header") == "", f"{council}, {where}"
    finally:
        context.close()
        server.shutdown()
