"""After a first visit, the handbook and its tools work with no network at all."""

from __future__ import annotations

import time

import pytest

from helpers import choose, tool, wait_for_outcome

TOOL_PAGE = "thresholds/levels-of-need/"
PLAIN_PAGE = "early-help/why-early-help/"


def wait_until(page, expression: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.25)


KEPT = """async (wanted) => {
    const names = await caches.keys();
    const name = names.find((n) => n.startsWith('lp-handbook-'));
    if (!name) return false;
    const cache = await caches.open(name);
    for (const url of wanted) if (!(await cache.match(url))) return false;
    return true;
}"""


def wait_until_kept(page, urls: list[str], problem: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(KEPT, urls):
        assert time.monotonic() < deadline, problem
        time.sleep(0.5)


@pytest.fixture
def offline_context(browser):
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


def test_after_one_visit_the_handbook_and_its_tools_work_offline(offline_context, base_url):
    page = offline_context.new_page()
    page.goto(base_url + TOOL_PAGE)
    wait_until(page, "navigator.serviceWorker.controller !== null && handbookTools.runtime.state === 'ready'")
    page.goto(base_url)  # a second page: now the whole handbook is kept
    files = page.evaluate("handbookTools.runtimeFiles()")
    assert any(url.endswith(".wasm") for url in files)
    wait_until_kept(page, files + [base_url + PLAIN_PAGE, base_url + TOOL_PAGE],
                    "the runtime and the pages were not kept for offline use")
    offline_context.set_offline(True)
    reading = offline_context.new_page()
    reading.goto(base_url + PLAIN_PAGE)
    assert "early help" in reading.locator("h1").inner_text().lower()
    using = offline_context.new_page()
    using.goto(base_url + TOOL_PAGE)
    wait_until(using, "handbookTools.runtime.state === 'ready'")
    assert tool(using, "threshold").locator(".lp-tool__unavailable").is_hidden()
    choose(using, "Yes", tree="threshold")
    assert wait_for_outcome(using, tree="threshold").startswith("Act now")


def test_a_first_page_fetches_no_other_pages_ahead(offline_context, base_url):
    """The first visit costs nothing extra: other pages are fetched only once a second is opened."""
    page = offline_context.new_page()
    page.goto(base_url + PLAIN_PAGE)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    other = base_url + "thresholds/levels-of-need/"
    assert page.evaluate(KEPT, [other]) is False
    page.goto(base_url)
    wait_until_kept(page, [other], "the whole handbook was not kept after a second page")


def test_pages_without_a_tool_keep_no_runtime(offline_context, base_url):
    page = offline_context.new_page()
    page.goto(base_url + PLAIN_PAGE)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    cached = page.evaluate("""async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith('lp-handbook-'));
        const urls = [];
        for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        return urls;
    }""")
    assert cached and not [url for url in cached if "pyodide" in url or url.endswith(".whl")]
