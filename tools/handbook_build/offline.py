"""The offline copy: what lets a reader keep the handbook in the browser and read it without a
connection. sw.js, the service worker, is written at the top of the site after the pages are
built, told this release's identity and date, the content hash of every page and small file (so
that a new release's offline copy downloads only what changed, and never takes a file of another
release), and the runtime's files. lp-offline.js is told where sw.js is, or that offline use is off.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import runtime
from .identity import build_date
from .settings import Settings

SERVICE_WORKER = "sw.js"  # at the top of the site, so that it looks after every page
OFFLINE_MARK = "/*OFFLINE_WORKER*/ null"  # in lp-offline.js: the service worker's address, or null
SW_MANIFEST_MARK = ('/*OFFLINE_MANIFEST*/ { build: "dev", key: "dev", date: "", whole: false, pages: {}, pageFiles: {}, '
                    'assets: {}, runtime: [], bytes: {} }')
OFFLINE_HASH_LENGTH = 16  # hex digits of each file's SHA-256 in the offline manifest (sw.js checks them)
OFFLINE_PYODIDE = ("pyodide.esm.js", "pyodide.asm.js", "pyodide.asm.wasm")  # as lp-tools.js runtimeFiles()
# Small files every page uses, kept with the pages for offline reading (the runtime once a tool runs).
OFFLINE_ASSETS = ("assets/javascripts/bundle.*.min.js", "assets/javascripts/workers/search.*.min.js",
                  "assets/stylesheets/*.min.css", "assets/handbook/*.js", "assets/handbook/*.css",
                  "assets/handbook/*.svg", "assets/handbook/*.png", "assets/images/*", "search/search_index.json",
                  "sitemap.xml")


def enabled(settings: Settings, serving: bool) -> bool:
    """Offline use, unless the council turns it off; never for live previews, which must not be cached."""
    return settings.site.offline and not serving


def client_script(source: str, on: bool) -> bytes:
    """lp-offline.js, told the service worker's address from its own folder (or null: offline off)."""
    worker = json.dumps(f"../../{SERVICE_WORKER}") if on else "null"
    return source.replace(OFFLINE_MARK, worker).encode()


def runtime_files(worker: str, settings: str, run: runtime.Runtime) -> list[str]:
    """The site paths of what a tool needs to run: the worker, the council's settings for Python,
    the wheel, the library, Pyodide (in the order of lp-tools.js runtimeFiles()). The training
    scenarios are not among them: they are kept with the training page (see OfflineCopy)."""
    return [worker, settings, run.wheel, run.stdlib, *(f"{run.pyodide_dir}/{name}" for name in OFFLINE_PYODIDE)]


class OfflineCopy:
    """The pages of this build, gathered as mkdocs renders them, for the service worker's manifest,
    with the files only some pages use (the meeting kit's script, training's script and scenarios),
    which are kept with those pages rather than with every page or with the runtime: a first visit
    to any other page never downloads them for the copy."""

    def __init__(self) -> None:
        self.pages: list[str] = []  # every page's address
        self.page_files: dict[str, list[str]] = {}  # a page's address -> the site paths of its own files

    def add_page(self, url: str) -> None:
        self.pages.append(url)

    def add_page_files(self, url: str, paths: list[str]) -> None:
        if paths:
            self.page_files[url] = paths

    def write(self, site: Path, runtime_paths: list[str], build: str, whole: bool) -> None:
        write_service_worker(site, self.pages, self.page_files, runtime_paths, build, build_date(), whole)
        self.pages.clear()
        self.page_files.clear()


def write_service_worker(site: Path, pages: list[str], page_files: dict[str, list[str]], runtime_paths: list[str],
                         build: str, date: str, whole: bool) -> None:
    """sw.js at the top of the site, holding the manifest of this release's offline copy."""
    manifest = json.dumps(manifest_of(site, pages, page_files, runtime_paths, build, date, whole))
    template = (runtime.RUNTIME_SOURCE / SERVICE_WORKER).read_text()
    if SW_MANIFEST_MARK not in template:
        raise PluginError(f"{SERVICE_WORKER} has lost its manifest mark")
    (site / SERVICE_WORKER).write_text(template.replace(SW_MANIFEST_MARK, manifest))


def manifest_of(site: Path, pages: list[str], page_files: dict[str, list[str]], runtime_paths: list[str],
                build: str, date: str, whole: bool) -> dict:
    """Every page and small file with its content hash, the files some pages keep with them, the
    runtime's files, and their sizes."""
    hashed = {url: _file_hash(site / page_file(url)) for url in sorted(set(pages))}
    with_pages = {url: sorted(files) for url, files in sorted(page_files.items()) if url in hashed}
    own = {path for paths in with_pages.values() for path in paths}
    paths = sorted({str(p.relative_to(site)) for pattern in OFFLINE_ASSETS for p in site.glob(pattern)
                    if p.is_file() and not p.name.startswith("lp-worker.") and str(p.relative_to(site)) not in own})
    assets = {path: _file_hash(site / path) for path in paths}
    key = runtime.content_hash(json.dumps([hashed, with_pages, assets, runtime_paths]).encode(),
                               length=OFFLINE_HASH_LENGTH)
    size = lambda files: sum((site / path).stat().st_size for path in files)  # noqa: E731
    return {
        "build": build,  # every page's <meta name="lp-build">: see identity.build_identity
        "key": key,  # names the release's offline copy: what it holds, whatever the build is called
        "date": date,
        "whole": whole,
        "pages": hashed, "pageFiles": with_pages, "assets": assets, "runtime": runtime_paths,
        "bytes": {"pages": size(map(page_file, hashed)) + size(own), "assets": size(assets),
                  "runtime": size(runtime_paths)},
    }


def offline_default(settings: Settings) -> str:
    """For the privacy page: what is kept for offline use until the reader chooses."""
    if not settings.site.offline:
        return "This handbook's publisher has turned offline use off, so nothing is kept for it."
    if settings.site.offline_whole:
        return ("This handbook's publisher has chosen to keep the whole handbook until you choose otherwise "
                "below.")
    return "Until you choose it below, only the pages you open are kept."


def page_file(url: str) -> str:
    """A page's file in the site, from its address ("" is the home page)."""
    return url if url.endswith(".html") else f"{url}index.html"


def _file_hash(path: Path) -> str:
    return runtime.content_hash(path.read_bytes(), length=OFFLINE_HASH_LENGTH)
