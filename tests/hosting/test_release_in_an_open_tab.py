"""A release reaches an open tab whole. Release A is served by nginx under /handbook/ with the
shipped configuration and CSP; a reader's tab uses a tool; release B (whose allocation tool words
one of its results differently) is then deployed to the same folder while the tab stays open.

The reader moves on with the theme's instant navigation, which brings in B's pages without
reloading the tab. The tab must never answer B's page with A's rules: it is told that the
handbook has been updated, and the tool's answers come from B. A saved answer from A (its
address) is replayed on B with the "this tool has changed" notice; B's own, without it.

The offline copy's updates are tested separately: the service worker is blocked here, so that
what is checked is the tab and its worker alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import local_nginx
import pytest
from hosting_helpers import PYTHON_START_MS, SUBPATH, PageWatch, build_site_for, free_port, require_nginx

from decision import get_tree
from helpers import axe_report
from support import copy_of_repository

PAGE = "lead-professional/choosing-the-lead-professional/"  # the allocation tool
OTHER_PAGE = "lead-professional/who-can-be-a-lead-professional/"
ANSWER = "Adoption is the plan for the child"
OUTCOME = "outcome_adoption"
IN_B = " (release B)"  # added to that result's title in release B
UPDATED = "This handbook has been updated since you opened it"
CHANGED = "This tool has changed since the link you followed was made"


@dataclass
class Releases:
    url: str  # the handbook's address on this module's nginx
    served: Path  # the folder nginx serves
    a: Path
    b: Path

    def deploy(self, release: Path) -> None:
        """As a council would: the folder's contents replaced by the new release's."""
        for child in self.served.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(release, self.served, dirs_exist_ok=True)


def reword_result(repository: Path) -> str:
    """Release B: the allocation tool's adoption result, worded differently."""
    title = get_tree("allocation").node(OUTCOME).title
    source = repository / "src" / "decision" / "trees" / "allocation.py"
    text = source.read_text()
    assert text.count(f'"{title}"') == 1, f"the title of {OUTCOME} is no longer written as one string"
    source.write_text(text.replace(f'"{title}"', f'"{title}{IN_B}"'))
    return title + IN_B


def build_copy(repository: Path, target: Path, site_url: str) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_SITE_URL=site_url)
    environment.pop("HANDBOOK_SETTINGS", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
                            cwd=repository, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, f"release B did not build:\n{result.stdout}\n{result.stderr}"


def server_folder() -> Path:
    """A folder for nginx's files and the site it serves that its workers (www-data, when the
    tests run as root) can reach: in the system's temporary folder, not pytest's private one."""
    folder = Path(tempfile.mkdtemp(prefix="handbook-releases-"))
    folder.chmod(0o711)  # others may pass through, not list
    return folder


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    require_nginx()
    port = free_port()
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    work = tmp_path_factory.mktemp("releases")
    build_site_for(work / "a", url)
    repository = copy_of_repository(work / "repository")
    reword_result(repository)
    build_copy(repository, work / "b", url)
    folder = server_folder()
    served = folder / "served"
    shutil.copytree(work / "a", served)
    served.chmod(0o755)
    prefix = folder / "nginx"
    prefix.mkdir()
    config = local_nginx.write_config(prefix, served, port)
    try:
        with local_nginx.running(prefix, config, url):
            yield Releases(url, served, work / "a", work / "b")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def tab(browser, releases):
    """A tab of its own, with the offline copy's service worker blocked; like every browser test,
    it fails if a page asked any other origin for anything."""
    context = browser.new_context(service_workers="block")
    own = urlsplit(releases.url).netloc
    foreign: list[str] = []
    context.on("request", lambda r: urlsplit(r.url).netloc == own or r.url.startswith("data:") or foreign.append(r.url))
    page = context.new_page()
    watch = PageWatch(page)
    releases.deploy(releases.a)
    yield page
    context.close()
    assert foreign == [], f"requests left the site's origin: {foreign}"
    assert watch.problems == [], watch.problems


def build_of(release: Path) -> str:
    html = (release / PAGE / "index.html").read_text()
    return html.split('<meta name="lp-build" content="', 1)[1].split('"', 1)[0]


def allocation(page):
    return page.locator(".lp-tool[data-tree=allocation]").first


def answer_adoption(page) -> str:
    box = allocation(page)
    box.get_by_label(ANSWER, exact=True).check()
    box.get_by_role("button", name="Continue", exact=True).click()
    title = box.locator(f".lp-outcome[data-outcome={OUTCOME}] .lp-result__title")
    title.wait_for(timeout=PYTHON_START_MS)
    return title.inner_text()


def follow_nav_link(page, path: str) -> None:
    """Click the page's own navigation link, as a reader would: the theme's instant navigation
    brings the page in (and swaps the head's tags, its canonical address among them)."""
    page.locator(f"nav.md-nav--primary a.md-nav__link[href$='/{path}']").first.click()
    page.locator(f"link[rel=canonical][href$='/{path}']").wait_for(state="attached", timeout=PYTHON_START_MS)


def test_the_builds_differ_in_identity_and_in_the_tool(releases):
    assert build_of(releases.a) != build_of(releases.b)
    versions = [(release / PAGE / "index.html").read_text().split('data-version="', 1)[1][:12]
                for release in (releases.a, releases.b)]
    assert versions[0] != versions[1]


def test_an_open_tab_never_answers_a_new_release_with_the_old_rules(tab, releases):
    page = tab
    page.goto(releases.url + PAGE)
    a_title = answer_adoption(page)
    assert IN_B not in a_title
    a_address = page.evaluate("location.hash")
    assert page.evaluate("handbookTools.build()") == build_of(releases.a)
    follow_nav_link(page, OTHER_PAGE)  # still release A: the tab keeps its worker
    assert page.locator(".lp-updated").count() == 0

    releases.deploy(releases.b)
    follow_nav_link(page, PAGE)
    notice = page.locator(".lp-updated")
    notice.wait_for(timeout=PYTHON_START_MS)
    assert UPDATED in notice.inner_text()
    assert notice.get_attribute("role") == "status"
    assert axe_report(page, ".lp-updated") == ""
    assert page.evaluate("window.name") == ""  # what carried the reload across is gone
    assert page.evaluate("document.querySelector('meta[name=\"lp-build\"]').content") == build_of(releases.b)
    assert page.evaluate("handbookTools.build()") == build_of(releases.b)  # the tools' script and worker are B's
    b_title = answer_adoption(page)
    assert b_title == a_title + IN_B
    b_address = page.evaluate("location.hash")
    assert page.locator(".lp-updated").count() == 1  # said once, and the tab did not reload again

    # A's saved answer, replayed on B, says the tool has changed; B's own does not.
    page.goto(releases.url + PAGE + "?saved-on-a" + a_address)
    notices = allocation(page).locator(".lp-notices")
    notices.wait_for(timeout=PYTHON_START_MS)
    assert CHANGED in notices.inner_text()
    assert allocation(page).locator(".lp-result__title").inner_text() == b_title
    assert page.locator(".lp-updated").count() == 0  # a page loaded whole is not an update
    page.goto(releases.url + PAGE + "?saved-on-b" + b_address)
    allocation(page).locator(".lp-result__title").wait_for(timeout=PYTHON_START_MS)
    assert allocation(page).locator(".lp-notices").count() == 0
