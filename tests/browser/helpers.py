"""Helpers for browser tests: accessibility checks and driving a tool as a reader would."""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe, AxeResults

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()
PYTHON_START_MS = 60_000  # generous: a cold Pyodide start on a busy 2-core machine


# Resolves once the page is still: two frames drawn with no transition or animation running
# (the theme fades its header title and slides its drawer as a page scrolls or resizes), so that
# colours are measured as a reader sees them at rest, never halfway through a change. Animations
# that never end (a spinner) are not waited for, nor are those of elements the browser is not
# drawing (inside content it skips, `content-visibility: auto`: the rules in full below a tool),
# which change nothing a reader sees, nor those that stay at the same moment through a wait. Each
# wait is bounded: awaiting every animation's end once kept a test waiting until pytest's timeout,
# on a quiet machine. False if the page never came to rest.
_SETTLE = """async () => {
    const pause = (ms) => new Promise((done) => setTimeout(done, ms));
    // A frame drawn, or a fifth of a second where the browser draws none.
    const frame = () => Promise.race([new Promise((done) => requestAnimationFrame(() => done())), pause(200)]);
    const finite = (animation) => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity;
    const drawn = (animation) => {
        const target = animation.effect && animation.effect.target;
        return !target || typeof target.checkVisibility !== "function"
            || target.checkVisibility({contentVisibilityAuto: true});
    };
    const frozen = new Set(); // running, yet not one moment further on after a wait: nothing changes
    for (let round = 0; round < 20; round += 1) {
        await frame();
        await frame();
        const running = document.getAnimations().filter((a) => a.playState === "running" && finite(a) && drawn(a)
                                                             && !frozen.has(a));
        if (running.length === 0) return true;
        const times = running.map((animation) => animation.currentTime);
        await Promise.race([Promise.all(running.map((animation) => animation.finished.catch(() => null))), pause(1000)]);
        running.forEach((animation, i) => {
            if (animation.playState === "running" && animation.currentTime === times[i]) frozen.add(animation);
        });
    }
    return false;
}"""


def wait_until_still(page) -> None:
    """Wait until nothing on the page is moving or fading (see _SETTLE)."""
    assert page.evaluate(_SETTLE), f"{page.url}: the page kept animating"


# The colour schemes axe checks each page in: the theme follows the device's setting (emulated
# here), and the scheme the body shows for it.
SCHEMES = (("light", "default"), ("dark", "slate"))
# In the dark scheme only the colours change, so only axe's WCAG A and AA rules about colour run
# again there: the suite stays near its length with one scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def show_scheme(page, scheme: str) -> bool:
    """Emulate a device set to light or dark and wait for the theme to follow it. False when the
    theme is not running (JavaScript off): the page then keeps its light colours."""
    page.emulate_media(color_scheme=scheme)
    # theme-init.js, in <head>, defines __md_get whenever the page's scripts run at all.
    if not page.evaluate("() => typeof window.__md_get === 'function' && !!document.querySelector('[data-md-component=palette]')"):
        return False
    page.wait_for_function("() => typeof window.document$ === 'object'")  # the theme's bundle, which follows the setting
    page.locator(f'body[data-md-color-scheme="{dict(SCHEMES)[scheme]}"]').wait_for(state="attached")
    return True


def axe_report(page, context: str | None = None, dark: bool = True) -> str:
    """axe's WCAG 2.0/2.1/2.2 A and AA rules on the still page, or on one part of it, in the light
    colour scheme, then (unless `dark` is False) its colour rules in the dark one (issue 17, item 5),
    in the same page: a report of what it found, or "". axe is put into the page once, and only
    violations come back, which keeps a run to a fraction of a second. The page is left in the
    light scheme."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    reports = []
    for scheme, _ in SCHEMES if dark else SCHEMES[:1]:
        if not show_scheme(page, scheme) and scheme != "light":
            break
        wait_until_still(page)
        rules = {"type": "tag", "values": WCAG_AA} if scheme == "light" else {"type": "rule", "values": COLOUR_RULES}
        response = page.evaluate("([context, options]) => axe.run(context || document, options)",
                                 [context, {"runOnly": rules, "resultTypes": ["violations"]}])
        results = AxeResults(response)
        if results.violations_count:
            reports.append(f"In the {scheme} colour scheme: {results.generate_report()}")
    show_scheme(page, "light")
    return "\n".join(reports)


def assert_accessible(page, where: str = "") -> None:
    """axe with the WCAG 2.0/2.1/2.2 A and AA rules reports no violation on the still page."""
    report = axe_report(page)
    assert report == "", f"{where or page.url}\n{report}"


def tool(page, tree: str = "allocation"):
    return page.locator(f".lp-tool[data-tree={tree}]").first


def choose(page, label: str, tree: str = "allocation") -> None:
    """Pick an answer by its visible label and press Continue, as a reader would."""
    box = tool(page, tree)
    box.get_by_label(label, exact=True).check()
    box.get_by_role("button", name="Continue", exact=True).click()


def wait_for_question(page, question_id: str, tree: str = "allocation") -> None:
    tool(page, tree).locator(f"form[data-question={question_id}]").wait_for(timeout=PYTHON_START_MS)


def wait_for_outcome(page, tree: str = "allocation") -> str:
    title = tool(page, tree).locator(".lp-result__title")
    title.wait_for(timeout=PYTHON_START_MS)
    return title.inner_text()


def without_foreseen_steps(target) -> None:
    """Refuse the tools' foreseen steps (tools/handbook_build/foreseen.py) to a page or context, for
    tests of a tool that has nothing but Python (or, without it, its written rules) to go on."""
    target.route("**/foreseen-*.json", lambda route: route.fulfill(status=404, body="Not found"))


def wait_for_python(page) -> None:
    """Each tool (and the meeting kit) marks itself data-runtime="ready" when Python can answer.
    (A wait on a JavaScript expression would need eval, which the site's CSP rightly refuses.)"""
    page.locator('.lp-tool[data-runtime="ready"], .lp-kit[data-runtime="ready"]').first.wait_for(
        state="attached", timeout=PYTHON_START_MS)


@contextmanager
def one_tab(browser, base_url: str, path: str):
    """A tab kept for a whole test module, so Python starts once, as it would for a reader. Like
    every browser test, it fails if any of its pages asked another origin for anything."""
    context = browser.new_context(service_workers="block")
    foreign: list[str] = []
    own = urlsplit(base_url).netloc
    context.on("request", lambda r: urlsplit(r.url).netloc == own or r.url.startswith("data:") or foreign.append(r.url))
    page = context.new_page()
    page.goto(base_url + path)
    yield page
    context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"


def wait_for_async(page, function: str, arg=None, timeout: float = 60_000):
    """Like page.wait_for_function, for an async page function (Playwright takes the promise such
    a function returns as a truthy answer and returns at once): runs it again and again, one call
    at a time, until it resolves to something truthy, and returns that value. The function is part
    of the predicate's own source, so a strict CSP (no eval) does not stop it."""
    page.evaluate("() => { delete window.__lpWaitAsync; }")
    predicate = f"""(arg) => {{
        const state = window.__lpWaitAsync || (window.__lpWaitAsync = {{ running: false, value: undefined }});
        if (!state.running) {{
            state.running = true;
            Promise.resolve(({function})(arg))
                .then((value) => {{ state.value = value; }}, () => {{ state.value = undefined; }})
                .finally(() => {{ state.running = false; }});
        }}
        return state.value;
    }}"""
    value = page.wait_for_function(predicate, arg=arg, polling=250, timeout=timeout).json_value()
    page.evaluate("() => { delete window.__lpWaitAsync; }")
    return value
