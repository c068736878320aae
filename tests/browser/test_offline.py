"""Offline use and the storage the reader controls: the pages a reader opens, and a tool's runtime
once used, work with no network at all; the whole handbook is kept only if the reader chooses
it; a page from the offline copy says which edition it is; and the privacy page's control shows
what is stored and deletes all of it. (Releases replacing one another are tested against nginx in
tests/hosting/test_releases_offline.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from helpers import PYTHON_START_MS, assert_accessible, choose, tool, wait_for_async, wait_for_outcome

TOOL_PAGE = "thresholds/levels-of-need/"
PLAIN_PAGE = "early-help/why-early-help/"
UNOPENED_PAGE = "lead-professional/accountability/"
PRIVACY_PAGE = "about/privacy/"
TRAINING_PAGE = "training/scenarios/"
KIT_PAGE = "team-around-the-family/meeting-kit/"
KEEP_MS = 120_000  # keeping the runtime copies about 14 MB, on a busy machine

# Every entry of every cache, as [cache name, address].
STORED = """async () => {
    const found = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) found.push([name, request.url]);
    }
    return found;
}"""

# True once every address is kept in Cache Storage.
KEPT = """async (wanted) => {
    for (const url of wanted) if (!(await caches.match(url))) return false;
    return true;
}"""

# Everything the site could have stored, counted.
COUNTS = """async () => ({
    caches: (await caches.keys()).length,
    databases: (await indexedDB.databases()).length,
    local: localStorage.length,
    session: sessionStorage.length,
    workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def manifest(site_dir: Path) -> dict:
    """The offline manifest the build wrote into sw.js."""
    found = re.search(r"const MANIFEST = (\{.*?\});\n", (site_dir / "sw.js").read_text())
    assert found, "sw.js carries no offline manifest"
    return json.loads(found.group(1))


def wait_until_controlled(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)


def wait_for_python(page) -> None:
    page.wait_for_function("() => window.handbookTools && handbookTools.runtime.state === 'ready'",
                           timeout=PYTHON_START_MS)


def wait_until_kept(page, urls: list[str]) -> None:
    wait_for_async(page, KEPT, arg=urls, timeout=KEEP_MS)


@pytest.fixture
def offline_context(browser):
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


def test_the_pages_opened_and_the_tool_used_work_offline_and_say_which_edition(offline_context, base_url, site_dir):
    release = manifest(site_dir)
    page = offline_context.new_page()
    page.goto(base_url + TOOL_PAGE)
    wait_until_controlled(page)
    wait_for_python(page)
    files = page.evaluate("handbookTools.runtimeFiles()")
    page.goto(base_url + PLAIN_PAGE)
    wait_until_kept(page, files + [base_url + PLAIN_PAGE, base_url + TOOL_PAGE])

    offline_context.set_offline(True)
    reading = offline_context.new_page()
    reading.goto(base_url + PLAIN_PAGE)
    assert "early help" in reading.locator("h1").inner_text().lower()
    notice = reading.locator(".lp-edition")
    notice.wait_for()
    assert release["build"] in notice.inner_text(), "an offline page does not say which edition it is"
    assert "out of date" not in notice.inner_text()
    assert_accessible(reading)

    using = offline_context.new_page()
    using.goto(base_url + TOOL_PAGE)
    wait_for_python(using)
    assert tool(using, "threshold").locator(".lp-tool__unavailable").is_hidden()
    choose(using, "Yes", tree="threshold")
    assert wait_for_outcome(using, tree="threshold").startswith("Act now")

    with pytest.raises(PlaywrightError):  # never opened, never chosen: not kept
        offline_context.new_page().goto(base_url + UNOPENED_PAGE)
    assert files == [base_url + path for path in release["runtime"]], "the worker keeps other files than the tools use"


def test_before_the_reader_chooses_only_what_they_opened_and_used_is_stored(offline_context, base_url, site_dir):
    release = manifest(site_dir)
    page = offline_context.new_page()
    page.goto(base_url + PLAIN_PAGE)
    wait_until_controlled(page)
    page.goto(base_url + TOOL_PAGE)
    wait_for_python(page)
    choose(page, "Yes", tree="threshold")
    wait_for_outcome(page, tree="threshold")
    page.wait_for_function("() => handbookTools.runtime.snapshotSettled === true", timeout=PYTHON_START_MS)
    opened = [base_url + PLAIN_PAGE, base_url + TOOL_PAGE]
    wait_until_kept(page, opened + page.evaluate("handbookTools.runtimeFiles()"))
    # A third page, opened by following a link (the theme's instant navigation), is kept too.
    page.locator(f"a[href$='{UNOPENED_PAGE.split('/')[-2]}/']").filter(visible=True).first.click()
    page.wait_for_url(base_url + UNOPENED_PAGE)
    opened.append(base_url + UNOPENED_PAGE)
    wait_until_kept(page, opened)

    runtime = page.evaluate("handbookTools.runtimeFiles()")  # what the tool used
    allowed = set(opened) | set(runtime) | {base_url + path for path in release["assets"]}
    stored = page.evaluate(STORED)
    extra = [url for _, url in stored
             if url not in allowed and "/python-snapshot-" not in url and "/lp-offline/" not in url]
    assert extra == [], "stored without the reader asking"
    kept_pages = {url for _, url in stored if url in {base_url + path for path in release["pages"]}}
    assert kept_pages == set(opened)
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("indexedDB.databases()") == []
    assert offline_context.cookies() == []


def test_the_whole_handbook_is_kept_only_while_the_reader_chooses_it(offline_context, base_url, site_dir):
    release = manifest(site_dir)
    every_page = [base_url + path for path in release["pages"]]
    page = offline_context.new_page()
    page.goto(base_url + PRIVACY_PAGE)
    wait_until_controlled(page)
    control = page.locator("[data-lp-storage]")
    control.wait_for()
    whole = control.get_by_label("Keep the whole handbook on this device for offline use")
    assert not whole.is_checked(), "the whole handbook is kept before the reader chose it"
    whole.check()
    control.get_by_role("button", name="Save my choice").click()
    status = control.locator("[data-lp-storage-status]")
    status.filter(has_text="The whole handbook is kept").wait_for(timeout=KEEP_MS)
    own_files = [base_url + path for files in release["pageFiles"].values() for path in files]
    wait_until_kept(page, every_page + own_files + [base_url + path for path in release["runtime"]])
    assert f"Pages kept for offline reading: {len(every_page)} pages" in control.inner_text()
    assert_accessible(page)

    whole.uncheck()
    control.get_by_role("button", name="Save my choice").click()
    status.filter(has_text="Only the pages you open").wait_for(timeout=KEEP_MS)
    kept_pages = {url for _, url in page.evaluate(STORED) if url in every_page}
    assert kept_pages == {base_url + PRIVACY_PAGE}, "choosing otherwise left pages the reader never opened"
    assert control.locator("[data-lp-storage-list]").inner_text().count("1 page,") == 1


def test_a_pages_own_files_are_kept_with_it_alone_and_work_offline(offline_context, base_url, site_dir):
    """The files only some pages use (training's script and scenarios, the meeting kit's script)
    are kept with those pages, neither with every page nor with the runtime: a first visit to a
    tool page keeps none of them (issue 18). A training page opened but never asked for feedback
    still gives feedback offline, and the kit's page still works."""
    release = manifest(site_dir)
    own = {page: [base_url + path for path in files] for page, files in release["pageFiles"].items()}
    assert any("/lp-scenarios." in url for url in own[TRAINING_PAGE]) and own[KIT_PAGE]
    page = offline_context.new_page()
    page.goto(base_url + TOOL_PAGE)
    wait_until_controlled(page)
    wait_for_python(page)
    wait_until_kept(page, page.evaluate("handbookTools.runtimeFiles()") + [base_url + TOOL_PAGE])
    stored = {url for _, url in page.evaluate(STORED)}
    assert stored.isdisjoint(url for files in own.values() for url in files), "kept with a page never opened"

    for path in (TRAINING_PAGE, KIT_PAGE):  # opened, not used: the scenarios are never fetched here
        page.goto(base_url + path)
        wait_until_kept(page, [base_url + path, *own[path]])

    offline_context.set_offline(True)
    training = offline_context.new_page()
    training.goto(base_url + TRAINING_PAGE)
    training.locator(".lp-training__view").get_by_role("heading", name="Choose a set or a scenario").wait_for()
    training.get_by_role("button", name="Scenario 1: Afraid to go home", exact=True).click()
    wait_for_python(training)
    choose(training, "Yes", tree="threshold")
    wait_for_outcome(training, tree="threshold")
    training.get_by_role("button", name="Get feedback", exact=True).click()
    training.locator(".lp-training__verdict").wait_for(timeout=PYTHON_START_MS)
    heading = training.locator(".lp-training__view h2.lp-training__heading").inner_text()
    assert heading.startswith("Right: Act now"), heading
    kit = offline_context.new_page()
    kit.goto(base_url + KIT_PAGE)
    kit.locator(".lp-kit--live .lp-kit__form").wait_for()


def test_the_privacy_control_deletes_everything_the_site_stored(offline_context, base_url):
    page = offline_context.new_page()
    page.goto(base_url + TOOL_PAGE)
    wait_until_controlled(page)
    wait_for_python(page)
    choose(page, "Yes", tree="threshold")
    wait_for_outcome(page, tree="threshold")
    page.wait_for_function("() => handbookTools.runtime.snapshotSettled === true", timeout=PYTHON_START_MS)
    wait_until_kept(page, page.evaluate("handbookTools.runtimeFiles()"))
    page.evaluate("""async () => {
        // As the theme stores a chosen colour scheme (here "follow the device", the first option).
        localStorage.setItem('/.__palette', JSON.stringify({ index: 0, color: {
            media: '(prefers-color-scheme)', scheme: 'default', primary: 'custom', accent: 'custom' } }));
        sessionStorage.setItem('/.__source', '{}');
        await new Promise((done) => {
            indexedDB.open('lp-test').onsuccess = (event) => { event.target.result.close(); done(); };
        });
    }""")
    assert any("python-snapshot-" in url for _, url in page.evaluate(STORED)), "no snapshot to delete: the test proves less"

    page.goto(base_url + PRIVACY_PAGE)
    control = page.locator("[data-lp-storage]")
    listed = control.locator("[data-lp-storage-list]")
    listed.filter(has_text="ready-started copy").wait_for()
    for shown in ("Pages kept for offline reading", "The tools' program", "Settings in local storage", "Databases"):
        assert shown in listed.inner_text()
    control.get_by_role("button", name="Delete everything this handbook has stored").click()
    control.locator("[data-lp-storage-status]").filter(has_text="Deleted.").wait_for(timeout=30_000)
    assert "keeps nothing" in control.locator("[data-lp-storage-status]").inner_text()
    assert page.evaluate(COUNTS) == {"caches": 0, "databases": 0, "local": 0, "session": 0, "workers": 0}
    assert offline_context.cookies() == []
    assert_accessible(page)
