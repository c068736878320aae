"""Each release reaches readers whole, offline too, and a search sends nothing to the server.

Debian's nginx serves a folder under /handbook/ with the shipped configuration and its CSP
header. Release A is deployed, visited and kept; then release B, a second build that differs in
one page's text, is deployed to the same folder, as a council would upload it. Both builds are
made once for this module, from copies of docs/ (so that nothing in the working tree changes).
"""

from __future__ import annotations

import json
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import local_nginx
import pytest
from playwright.sync_api import Error as PlaywrightError

from helpers import wait_for_async
from hosting_helpers import PYTHON_START_MS, ROOT, SUBPATH, build_site_for, free_port, require_nginx, wait_for_python

CHANGED = "early-help/why-early-help"  # the page whose text differs in release B
ADDED = "This sentence is new in release B of the test handbook."
TOOL_PAGE = "thresholds/levels-of-need/"
OTHER_PAGE = "lead-professional/role-and-functions/"
PRIVACY_PAGE = "about/privacy/"
KIT_PAGE = "team-around-the-family/meeting-kit/"  # kept with the script only it uses (pageFiles)
KEEP_MS = 180_000  # the runtime is about 14 MB, and the machine is shared

KEPT = """async (wanted) => {
    for (const url of wanted) if (!(await caches.match(url))) return false;
    return true;
}"""

# In every page of the reader's browser, from its start: what happens to new service workers,
# counted as events arrive, so that the tests wait on events rather than asking the browser again
# and again.
WATCH_WORKERS = """(() => {
    if (!('serviceWorker' in navigator)) return;
    const seen = window.lpWorkerEvents = { installed: 0, redundant: 0 };
    const follow = (worker) => worker && worker.addEventListener('statechange', () => {
        if (worker.state === 'installed') seen.installed += 1;
        if (worker.state === 'redundant') seen.redundant += 1;
    });
    navigator.serviceWorker.getRegistration().then((registration) => {
        if (!registration) return;
        if (registration.waiting) seen.installed += 1;
        follow(registration.installing);
        registration.addEventListener('updatefound', () => follow(registration.installing));
    });
})();"""


def switch_to_new_release(context, page, url: str):
    """Once the new release's worker has its copy complete, it waits until no tab uses the old
    release (sw.js: it never takes over a running old worker). The reader closes the tab, the
    browser hands over to the new worker, and the reader opens the handbook again. Returns the new tab.

    A page of the same origin outside the handbook's scope watches the hand-over: it sees the
    registration but is no client of it, so it holds no worker up. Opening the new tab before the
    hand-over would be fine for a reader (the tab would simply stay on the old release), but this
    test is about the new release's copy."""
    page.wait_for_function("() => window.lpWorkerEvents && lpWorkerEvents.installed > 0", timeout=KEEP_MS)
    scope = page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope")
    watcher = context.new_page()
    watcher.goto(urljoin(scope, "/"))  # the server's top: outside the handbook
    page.close()
    wait_for_async(watcher, """async (scope) => {
        const registration = await navigator.serviceWorker.getRegistration(scope);
        return Boolean(registration && !registration.installing && !registration.waiting
            && registration.active && registration.active.state === 'activated');
    }""", arg=scope, timeout=KEEP_MS)
    watcher.close()
    fresh = context.new_page()
    fresh.goto(url, timeout=KEEP_MS)
    return fresh


# Once no new worker is installing or waiting: the release whose offline copy is complete (one
# only: while a new copy is complete but its worker not yet in charge, there are two), and the
# newest release seen with how copying it went ("failed" or "complete"); null meanwhile. Read from
# Cache Storage, not by asking the service worker, whose answers are about itself.
SETTLED = """async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    if (!registration || registration.installing || registration.waiting) return null;
    if (!registration.active || registration.active.state !== 'activated') return null;
    const note = (name) => new URL(`lp-offline/${name}.json`, registration.scope).href;
    const complete = [];
    for (const name of await caches.keys()) {
        if (!name.startsWith('lp-handbook ') || !name.includes(' edition ')) continue;
        const record = await (await caches.open(name)).match(note('edition'));
        if (record) complete.push((await record.json()).key);
    }
    const kept = await caches.match(note('newest'));
    const newest = kept ? await kept.json() : null;
    if (complete.length !== 1 || !newest || newest.copy === 'copying') return null;
    return { key: complete[0], newest: newest.key, copy: newest.copy };
}"""


def wait_until_settled_on(page, key: str, copy: str, after: str | None = None) -> dict:
    """Until the newest release seen is `key`, copying it has ended as `copy` ("failed" or
    "complete"), and no worker is installing or waiting; returns what SETTLED saw. With `after`
    (as "redundant"), first waits for that event in the page (see WATCH_WORKERS)."""
    if after:
        page.wait_for_function(f"() => window.lpWorkerEvents && window.lpWorkerEvents.{after} > 0", timeout=KEEP_MS)
    check = f"""async () => {{
        const settled = await ({SETTLED})();
        return settled && settled.newest === {json.dumps(key)} && settled.copy === {json.dumps(copy)} ? settled : null;
    }}"""
    try:
        return wait_for_async(page, check, timeout=KEEP_MS)
    except PlaywrightError:
        raise AssertionError(f"release {key} never settled as {copy!r}: {page.evaluate(SETTLED)}") from None


COUNTS = """async () => {
    let entries = 0;
    for (const name of await caches.keys()) entries += (await (await caches.open(name)).keys()).length;
    return {
        caches: (await caches.keys()).length, entries,
        databases: (await indexedDB.databases()).length,
        local: localStorage.length, session: sessionStorage.length,
        workers: (await navigator.serviceWorker.getRegistrations()).length,
    };
}"""


def manifest(site: Path) -> dict:
    found = re.search(r"const MANIFEST = (\{.*?\});\n", (site / "sw.js").read_text())
    assert found, "sw.js carries no offline manifest"
    return json.loads(found.group(1))


@dataclass
class Releases:
    url: str
    live: Path  # the folder nginx serves
    a: Path
    b: Path
    prefix: Path

    def deploy(self, site: Path, holding_back: str | None = None) -> None:
        """Copy a built site over the live folder, as an upload would, and remove what it no longer
        has; `holding_back` leaves one page's files out (an upload not yet finished)."""
        held = f"{holding_back}/" if holding_back else None
        wanted = set()
        for source in site.rglob("*"):
            relative = source.relative_to(site).as_posix()
            if source.is_dir() or (held and relative.startswith(held)):
                continue
            wanted.add(relative)
            target = self.live / relative
            for folder in reversed(target.relative_to(self.live).parents):
                (self.live / folder).mkdir(exist_ok=True)
                (self.live / folder).chmod(0o755)  # the server's workers (www-data) read it
            shutil.copyfile(source, target)
            target.chmod(0o644)
        for old in sorted(self.live.rglob("*"), reverse=True):
            if old.is_file() and old.relative_to(self.live).as_posix() not in wanted:
                old.unlink()

    def requests_logged(self) -> list[str]:
        log = self.prefix / "access.log"
        return log.read_text().splitlines() if log.exists() else []


def mkdocs_config(work: Path, docs: Path) -> Path:
    """mkdocs.yml, reading its pages from `docs` (a copy) and everything else from the repository."""
    text = (ROOT / "mkdocs.yml").read_text()
    for relative, absolute in (("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}"),
                               ("- tools/mkdocs_hooks.py", f"- {ROOT / 'tools' / 'mkdocs_hooks.py'}"),
                               ("base_path: docs/_includes", f"base_path: {docs / '_includes'}")):
        assert text.count(relative) == 1, f"mkdocs.yml no longer has `{relative}` once"
        text = text.replace(relative, absolute)
    config = work / f"mkdocs-{docs.name}.yml"
    config.write_text(f"docs_dir: {docs}\n" + text)
    return config


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Releases:
    require_nginx()
    port = free_port()
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    work = tmp_path_factory.mktemp("releases")
    docs_a, docs_b = work / "docs-a", work / "docs-b"
    shutil.copytree(ROOT / "docs", docs_a)
    shutil.copytree(docs_a, docs_b)
    page = docs_b / f"{CHANGED}.md"
    text = page.read_text()
    after_title = text.index("\n\n")  # the page starts with its title
    page.write_text(text[:after_title] + f"\n\n{ADDED}" + text[after_title:])
    site_a, site_b = work / "site-a", work / "site-b"
    build_site_for(site_a, url, config=mkdocs_config(work, docs_a))
    build_site_for(site_b, url, config=mkdocs_config(work, docs_b))
    assert ADDED not in (site_a / CHANGED / "index.html").read_text()
    assert ADDED in (site_b / CHANGED / "index.html").read_text()

    prefix = work / "nginx"
    prefix.mkdir()
    work.chmod(0o755)
    live = work / "live"
    server = Releases(url=url, live=live, a=site_a, b=site_b, prefix=prefix)
    server.deploy(site_a)
    config = local_nginx.write_config(prefix, live, port)
    with local_nginx.running(prefix, config, url):
        yield server


@pytest.fixture
def reader(browser, releases):
    """A fresh browser profile with the service worker allowed, and a record of any request that
    leaves the site's origin (there must be none)."""
    context = browser.new_context(service_workers="allow")
    context.add_init_script(WATCH_WORKERS)
    own = urlsplit(releases.url).netloc
    foreign: list[str] = []
    context.on("request", lambda request: urlsplit(request.url).netloc != own
               and urlsplit(request.url).scheme in ("http", "https") and foreign.append(request.url))
    releases.deploy(releases.a)
    yield context
    context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"


def wait_until_kept(page, urls: list[str]) -> None:
    wait_for_async(page, KEPT, arg=urls, timeout=KEEP_MS)


@contextmanager
def read_offline(context, url: str):
    """A page opened in a new tab, and closed afterwards (tabs left open on the old release's
    worker would hold up the new release's worker taking over: see switch_to_new_release)."""
    page = context.new_page()
    page.goto(url)
    yield page
    page.close()


# ---------------------------------------------------------------------------------------------
def test_after_an_update_every_kept_page_is_available_offline_from_the_new_release(reader, releases):
    a, b = manifest(releases.a), manifest(releases.b)
    assert a["build"] != b["build"], "a text-only release must change the identity"
    base = releases.url
    page = reader.new_page()
    page.goto(base + TOOL_PAGE)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    wait_for_python(page)
    runtime_a = page.evaluate("() => handbookTools.runtimeFiles()")
    page.goto(base + CHANGED + "/")
    page.goto(base + OTHER_PAGE)
    page.goto(base + KIT_PAGE)
    opened = [base + TOOL_PAGE, base + CHANGED + "/", base + OTHER_PAGE, base + KIT_PAGE]
    wait_until_kept(page, opened + runtime_a + [base + path for path in a["pageFiles"][KIT_PAGE]])
    assert wait_until_settled_on(page, a["key"], "complete")["key"] == a["key"]

    releases.deploy(releases.b)
    page.reload()  # once, online: the browser finds the new worker
    page = switch_to_new_release(reader, page, base + OTHER_PAGE)
    assert wait_until_settled_on(page, b["key"], "complete")["key"] == b["key"]
    kit_files_b = [base + path for path in b["pageFiles"][KIT_PAGE]]
    assert page.evaluate(KEPT, opened + [base + path for path in b["runtime"]] + kit_files_b), \
        "the new release's copy lacks a kept page, the runtime or the kit's script kept with its page"

    reader.set_offline(True)
    for url in opened:
        with read_offline(reader, url) as shown:
            notice = shown.locator(".lp-edition")
            notice.wait_for()
            assert f"identity {b['build']})" in notice.inner_text(), f"{url}: the page does not say it is release B"
            assert "out of date" not in notice.inner_text()
    with read_offline(reader, base + CHANGED + "/") as changed:
        assert ADDED in changed.locator("article").inner_text(), "a text-only release did not reach the offline copy"
    with read_offline(reader, base + KIT_PAGE) as kit:
        kit.locator(".lp-kit--live .lp-kit__form").wait_for()  # its script came from the new copy
    with read_offline(reader, base + TOOL_PAGE) as using:
        wait_for_python(using)
        box = using.locator(".lp-tool[data-tree=threshold]").first
        box.get_by_label("Yes", exact=True).check()
        box.get_by_role("button", name="Continue", exact=True).click()
        box.locator(".lp-result__title").wait_for(timeout=PYTHON_START_MS)


@pytest.mark.timeout(600)  # every page, offline, twice
def test_until_the_new_release_is_complete_the_old_one_stays_whole_and_says_it_may_be_out_of_date(reader, releases):
    a, b = manifest(releases.a), manifest(releases.b)
    base = releases.url
    every_page_a = [base + path for path in a["pages"]]
    page = reader.new_page()
    page.goto(base + PRIVACY_PAGE)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    control = page.locator("[data-lp-storage]")
    control.get_by_label("Keep the whole handbook on this device for offline use").check()
    control.get_by_role("button", name="Save my choice").click()
    control.locator("[data-lp-storage-status]").filter(has_text="The whole handbook is kept").wait_for(timeout=KEEP_MS)
    wait_until_kept(page, every_page_a)

    releases.deploy(releases.b, holding_back=CHANGED)  # B's upload is not finished: one page is missing
    page.goto(base + OTHER_PAGE)  # online: the browser finds the new worker
    settled = wait_until_settled_on(page, b["key"], "failed", after="redundant")
    assert settled["key"] == a["key"], "a half-uploaded release replaced the offline copy"

    reader.set_offline(True)
    for url in every_page_a:  # (page.goto fails on a page that is not kept)
        with read_offline(reader, url) as shown:
            notice = shown.locator(".lp-edition")
            notice.wait_for()
            assert f"identity {a['build']})" in notice.inner_text(), f"{url}: not from release A's copy"
    with read_offline(reader, base + CHANGED + "/") as changed:
        assert ADDED not in changed.locator("article").inner_text(), "release B's text beside release A's pages"
        notice = changed.locator(".lp-edition")
        notice.wait_for()
        assert f"identity {a['build']})" in notice.inner_text() and "out of date" in notice.inner_text()
        assert f"identity {b['build']})" in notice.inner_text(), "the notice does not name the newer release"

    reader.set_offline(False)
    releases.deploy(releases.b)  # the upload finishes
    page.reload()
    page = switch_to_new_release(reader, page, base + OTHER_PAGE)
    assert wait_until_settled_on(page, b["key"], "complete")["key"] == b["key"]
    reader.set_offline(True)
    for path in b["pages"]:
        with read_offline(reader, base + path) as shown:
            notice = shown.locator(".lp-edition")
            notice.wait_for()
            assert f"identity {b['build']})" in notice.inner_text() and "out of date" not in notice.inner_text(), path
    with read_offline(reader, base + CHANGED + "/") as changed:
        assert ADDED in changed.locator("article").inner_text()

    # The privacy page's control deletes it all, under a path as well as at the top of a site.
    reader.set_offline(False)
    page.goto(base + PRIVACY_PAGE)
    control = page.locator("[data-lp-storage]")
    control.locator("[data-lp-storage-list]").filter(has_text="Pages kept for offline reading").wait_for()
    control.get_by_role("button", name="Delete everything this handbook has stored").click()
    control.locator("[data-lp-storage-status]").filter(has_text="Deleted.").wait_for(timeout=30_000)
    assert page.evaluate(COUNTS) == {"caches": 0, "entries": 0, "databases": 0, "local": 0, "session": 0, "workers": 0}
    assert reader.cookies() == []


def test_a_search_leaves_no_search_term_in_the_servers_log(browser, releases):
    releases.deploy(releases.a)
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(releases.url)
        before = len(releases.requests_logged())
        # Typed key by key, as a reader types: the theme reads the query on key-up (and once just
        # after focus), so fill(), one input event, was searched only when that focus read came
        # late enough to see the text. And only once its index is ready ("Initializing search" till then).
        page.locator(".md-search-result__meta").filter(has_text="Type to start searching").wait_for(state="attached")
        query = page.locator("[data-md-component=search-query]")
        query.click()
        query.press_sequentially("domestic abuse", delay=20)
        result = page.locator("a.md-search-result__link").first
        result.wait_for()
        target = urlsplit(result.get_attribute("href"))
        result.click()
        page.wait_for_url(lambda url: urlsplit(url).path == target.path)
        marked = page.locator("article mark[data-md-highlight]")
        marked.first.wait_for(state="attached")  # the words are highlighted on the page the result opens
        assert any(word in text.lower() for text in marked.all_inner_texts() for word in ("domestic", "abuse"))
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    logged = releases.requests_logged()[before:]
    assert any(target.path in line for line in logged), "the page the result opened was not fetched from nginx"
    leaked = [line for line in logged if re.search(r"domestic|abuse", line, re.IGNORECASE)]
    assert leaked == [], f"search terms in the server's log: {leaked}"
