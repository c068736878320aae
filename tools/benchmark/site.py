"""The site under test: built with `mkdocs build --strict`, then prepared, in the benchmark's own
temporary copy only, for measuring.

Preparing changes three things, none of which reaches the real build:

- the first heading of each measured page and the first question of each tool get an
  `elementtiming` attribute, so the browser reports when that text is painted;
- a peer page is added next to the first tool page (peer.html): the same HTML, first question
  included, but without the handbook's scripts; instead it loads Pyodide's classic pyodide.js
  from node_modules and starts Python on the main thread at page load, as most documentation
  sites embed Python;
- ready-made .gz/.br copies are refreshed or added wherever the build made them for files of
  the same kind, so changed and added files are served as the site's own are.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"

HEADING_MARK = "lp-heading"  # elementtiming identifier of a page's first <h1>
QUESTION_MARK = "lp-question"  # elementtiming identifier of a tool's first question heading
PEER_PAGE = "peer.html"
PEER_SCRIPT = "peer-start.js"
PREFERRED_PLAIN = "lead-professional/role-and-functions/"
PREFERRED_TOOLS = ("allocation", "threshold")

_TOOL = re.compile(r'<div class="lp-tool"[^>]*\bdata-tree="([a-z_]+)"')
# Both copies of lp-tools.js on a tool page: the early one in the head (async, data-start-python)
# and the one at the end with the theme's scripts.
_HANDBOOK_SCRIPT = re.compile(r'<script src="[^"]*assets/handbook/lp-(?:tools|training|meeting)\.[0-9a-f]{10}\.js"[^>]*></script>\s*')
_QUESTION_HEADING = '<h3 class="lp-question__text"'


class SiteProblem(RuntimeError):
    pass


def mkdocs_command() -> list[str]:
    return [str(MKDOCS)] if MKDOCS.exists() else ["mkdocs"]


# Left out of a fresh copy of the working tree: history, environments, caches and earlier output.
NOT_COPIED_AT_TOP = {".git", ".venv", "node_modules", ".cache", "site", "benchmark-results", "test-results",
                     "build", "dist"}
NOT_COPIED_ANYWHERE = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")


def _not_copied(folder: str, names: list[str]) -> set[str]:
    left_out = set(NOT_COPIED_ANYWHERE(folder, names))
    if Path(folder) == ROOT:
        left_out |= NOT_COPIED_AT_TOP & set(names)
    return left_out


def fresh_copy(target: Path) -> Path:
    """The working tree as a fresh checkout would have it after `npm ci`: no .cache, so the
    first build makes the wheel and every compressed copy from scratch."""
    shutil.copytree(ROOT, target, ignore=_not_copied, symlinks=True)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def build(target: Path, site_url: str | None = None, checkout: Path = ROOT) -> float:
    """Build the whole site from `checkout` into `target`; return the wall-clock seconds that
    `mkdocs build` took."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    environment.pop("HANDBOOK_SETTINGS", None)  # the default profile, as the tests build it
    if site_url:
        environment["HANDBOOK_SITE_URL"] = site_url
    started = time.perf_counter()
    result = subprocess.run([*mkdocs_command(), "build", "--strict", "--site-dir", str(target)],
                            cwd=checkout, capture_output=True, text=True, env=environment)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SiteProblem(f"mkdocs build --strict failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


# ---------------------------------------------------------------------------------------------
# Choosing the pages
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pages:
    plain: str  # a chapter without a tool, e.g. "lead-professional/role-and-functions/"
    tool: str  # the first tool page
    tool_tree: str
    second: str  # another tool page, reached from the first by instant navigation
    second_tree: str
    peer: str  # the peer baseline page, next to the first tool page

    def as_dict(self) -> dict:
        return dict(vars(self))


def html_file(site: Path, page: str) -> Path:
    return site / (page + "index.html" if page == "" or page.endswith("/") else page)


def site_pages(site: Path) -> list[str]:
    """Every page of the built site ("" for the home page), as an address relative to its root."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site)
        if "assets" in relative.parts:
            continue
        folder = str(relative.parent)
        pages.append("" if folder == "." else folder + "/")
    return pages


def trees_on(site: Path, page: str) -> list[str]:
    return _TOOL.findall(html_file(site, page).read_text(encoding="utf-8"))


def choose_pages(site: Path, plain: str | None = None, tool: str | None = None, second: str | None = None) -> Pages:
    """The pages to measure: those asked for, else the usual ones, else the first that fit."""
    pages = site_pages(site)
    with_tools = {page: trees_on(site, page) for page in pages}
    tool_pages = [page for page in pages if with_tools[page]]
    if not tool_pages:
        raise SiteProblem("the built site has no page with a tool")

    def first_with(tree: str, exclude: str | None = None) -> str | None:
        return next((page for page in tool_pages if tree in with_tools[page] and page != exclude), None)

    def check(page: str, want_tool: bool) -> str:
        if page not in with_tools:
            raise SiteProblem(f"there is no page {page!r} in the built site")
        if bool(with_tools[page]) != want_tool:
            raise SiteProblem(f"{page!r} {'has no tool' if want_tool else 'has a tool'}")
        return page

    if tool:
        tool = check(tool, True)
    else:
        tool = first_with(PREFERRED_TOOLS[0]) or tool_pages[0]
    if second:
        second = check(second, True)
    else:
        second = first_with(PREFERRED_TOOLS[1], exclude=tool) or next(
            (page for page in tool_pages if page != tool and with_tools[page][0] != with_tools[tool][0]),
            next((page for page in tool_pages if page != tool), None))
        if second is None:
            raise SiteProblem("the built site has only one page with a tool")
    if plain:
        plain = check(plain, False)
    elif PREFERRED_PLAIN in with_tools and not with_tools[PREFERRED_PLAIN]:
        plain = PREFERRED_PLAIN
    else:
        plain = next(page for page in pages if page and "/" in page.rstrip("/") and not with_tools[page])
    return Pages(plain=plain, tool=tool, tool_tree=with_tools[tool][0], second=second,
                 second_tree=with_tools[second][0], peer=tool + PEER_PAGE)


# ---------------------------------------------------------------------------------------------
# Preparing the copy
# ---------------------------------------------------------------------------------------------
def mark_headings(html: str) -> str:
    """Add elementtiming attributes to the first <h1> and to every tool's first question."""
    html = re.sub(r"<h1(?=[\s>])", f'<h1 elementtiming="{HEADING_MARK}"', html, count=1)
    return html.replace(_QUESTION_HEADING, f'<h3 elementtiming="{QUESTION_MARK}" class="lp-question__text"')


def peer_html(tool_html: str, pyodide_dir: str) -> str:
    """The tool page without the handbook's scripts, loading Pyodide on the main thread instead.
    `pyodide_dir` is relative to the page, e.g. ../../assets/handbook/pyodide/314.0.7/."""
    html, removed = _HANDBOOK_SCRIPT.subn("", tool_html)
    if not removed:
        raise SiteProblem("the tool page no longer loads lp-tools.<hash>.js as expected: the peer page "
                          "cannot be made from it")
    loader = f'<script src="{pyodide_dir}pyodide.js"></script>\n<script src="{PEER_SCRIPT}"></script>\n'
    if "</body>" not in html:
        raise SiteProblem("the tool page has no </body>")
    return html.replace("</body>", loader + "</body>", 1)


def peer_script(pyodide_dir: str, wheel: str, tree: str) -> str:
    """The peer's start-up code: loadPyodide at page load, on the main thread, then the same wheel
    and the same imports as the handbook's worker. It marks the tool data-runtime="ready"."""
    return f"""// Benchmark only: the peer baseline. Python is started on the main thread as soon as the
// page loads, the way most documentation sites embed Pyodide; the page cannot respond while
// Python starts. Generated by tools/benchmark; never part of the published site.
(async function () {{
  "use strict";
  const tool = document.querySelector(".lp-tool");
  const indexURL = new URL({json.dumps(pyodide_dir)}, document.baseURI).href;
  tool.dataset.runtime = "starting";
  try {{
    // Pyodide's loader would import pyodide.asm.mjs; the site ships that same file renamed to .js,
    // because stock nginx and IIS send .mjs with a type that browsers refuse for a module.
    const asm = await import(indexURL + "pyodide.asm.js");
    const pyodide = await loadPyodide({{ indexURL, createPyodideModule: asm.default }});
    performance.mark("peer:pyodide-loaded");
    const wheel = await fetch(new URL({json.dumps(wheel)}, document.baseURI)).then((response) => response.arrayBuffer());
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
    pyodide.unpackArchive(new Uint8Array(wheel), "wheel", {{ extractDir: sitePackages }});
    pyodide.pyimport("decision.browser");
    pyodide.pyimport({json.dumps("decision.trees." + tree)});
    performance.mark("peer:ready");
    tool.dataset.runtime = "ready";
  }} catch (error) {{
    console.error(error);
    tool.dataset.runtime = "failed";
  }}
}})();
"""


def _compress_like(target: Path, model: Path) -> None:
    """Give `target` a .gz/.br copy for each one `model` has (or refresh the copies it has)."""
    content = target.read_bytes()
    for suffix in (".gz", ".br"):
        mine = target.with_name(target.name + suffix)
        if not (model.with_name(model.name + suffix).exists() or mine.exists()):
            continue
        if suffix == ".gz":
            mine.write_bytes(gzip.compress(content, 9, mtime=0))
        else:
            try:
                import brotli
            except ImportError:  # without the module the stale copy must not be served
                mine.unlink(missing_ok=True)
                continue
            mine.write_bytes(brotli.compress(content))


def _rewrite(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    _compress_like(path, path)


def pyodide_dir(site: Path) -> Path:
    found = sorted((site / "assets" / "handbook" / "pyodide").glob("*/"))
    if len(found) != 1:
        raise SiteProblem(f"expected one Pyodide folder under assets/handbook/pyodide/, found {len(found)}")
    return found[0]


def wheel_file(site: Path) -> Path:
    found = sorted((site / "assets" / "handbook" / "wheels").glob("*/*.whl"))
    if len(found) != 1:
        raise SiteProblem(f"expected one wheel under assets/handbook/wheels/, found {len(found)}")
    return found[0]


_RUNTIME_REFERENCE = re.compile(r'"((?:pyodide|wheels|stdlib)/[^"]+?\.(?:whl|zip|wasm|js))"')


def missing_runtime_files(site: Path) -> list[str]:
    """Runtime files that lp-tools.<hash>.js names but the build did not write (a source changed
    between the build's steps). Only names the script spells out in full are checked."""
    missing = []
    for script in (site / "assets" / "handbook").glob("lp-tools.*.js"):
        for name in _RUNTIME_REFERENCE.findall(script.read_text(encoding="utf-8")):
            if not (script.parent / name).exists():
                missing.append(name)
    return sorted(set(missing))


def prepare(site: Path, pages: Pages) -> dict:
    """Mark the measured pages and add the peer page; return what was done, for the report."""
    for page in {pages.plain, pages.tool, pages.second}:
        path = html_file(site, page)
        _rewrite(path, mark_headings(path.read_text(encoding="utf-8")))

    runtime = pyodide_dir(site)
    for name in ("pyodide.js", "pyodide-lock.json"):  # the classic loader and the lock file it fetches
        source = PYODIDE_PACKAGE / name
        if not source.exists():
            raise SiteProblem(f"node_modules/pyodide/{name} is missing: run 'npm ci'")
        shutil.copy(source, runtime / name)
        _compress_like(runtime / name, runtime / ("pyodide.esm.js" if name.endswith(".js") else "python_stdlib.zip"))

    tool_file = html_file(site, pages.tool)
    depth = pages.tool.count("/")
    up = "../" * depth
    relative_runtime = up + str(runtime.relative_to(site)) + "/"
    relative_wheel = up + str(wheel_file(site).relative_to(site))
    peer = tool_file.parent / PEER_PAGE
    peer.write_text(peer_html(tool_file.read_text(encoding="utf-8"), relative_runtime), encoding="utf-8")
    _compress_like(peer, tool_file)
    script = tool_file.parent / PEER_SCRIPT
    script.write_text(peer_script(relative_runtime, relative_wheel, pages.tool_tree), encoding="utf-8")
    _compress_like(script, runtime / "pyodide.esm.js")
    precompressed = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.suffix in (".gz", ".br"))
    return {"pyodide_dir": str(runtime.relative_to(site)), "wheel": str(wheel_file(site).relative_to(site)),
            "precompressed_files": len(precompressed), "precompressed_examples": precompressed[:5]}
