"""The handbook on paper: the whole handbook on one page, the edition on every printed page, and
which links print their address.

The whole handbook is the page docs/reference/whole-handbook.md, filled in here with every
chapter of the navigation, in its order, after a table of contents. It is made from the pages the
build has already rendered (each chapter's own text, sources and review date), once every page is
rendered and before any is written (mkdocs' `on_env`), so it is an ordinary page of the site: in
the sitemap and the offline copy, under the same CSP, with the theme's scripts. It is kept out of
search (its front matter), which would otherwise find every passage twice.

Why not mkdocs-print-site-plugin, the ecosystem's tool for this: its print page (version 2.9) gets
an inline <script> that makes the table of contents and removes the navigation, and an inline
<style> for its heading numbers. The handbook's Content-Security-Policy (script-src 'self';
style-src 'self', hosting/content-security-policy.txt) blocks both, so the page would have no
contents and the site's console an error. It also writes its page after the build (on_post_build),
too late for the offline copy's list of pages, and shows each interactive tool as it is (a second
copy of every tool, starting Python on the print page).

In the whole handbook each chapter's ids are prefixed with the chapter's own id (so that the
chapters' "Sources" headings and the like stay unique), its headings move one level down under the
page's title, and its links are rewritten: to another chapter, to that chapter in this page; to
anything else in the site, relative to this page. The tools, the training mode and the meeting kit
cannot run on paper: each is replaced by a short note that says where it runs (the diagrams in
"How the tools decide" show every route through every tool); the meeting kit keeps its agenda and
its blank record to print.

The edition (the handbook's version, the council's local edition if any, and the build's date and
identity, as the offline copy names them: edition_text) is printed at the foot of every printed
page of every page, with the page number, by `@page` margin boxes in a stylesheet written for each
build (edition.css); the screen shows it in every page's footer (overrides/partials/copyright.html). Chromium draws margin boxes from version 131.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from datetime import date
from html import escape
from pathlib import Path

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .markup import h

WHOLE_PAGE = "reference/whole-handbook.md"  # under docs/
WHOLE_CLASS = "lp-whole"  # the chapters' container, for print.css
NOTE_CLASS = "admonition note lp-print-note"
ROOT = Path(__file__).resolve().parents[2]
ADDRESS_MARK = "data-print-address"  # an outside link whose address is printed after it (print.css)


# ------------------------------------------------------------------------------------------
# The edition
# ------------------------------------------------------------------------------------------
def edition_text(title: str, version: str, day: date, build: str, local: str = "") -> str:
    """'Lead Professional handbook, edition 2.0.0, Northshire local edition 4, published 4 March 2025
    (identity 1a2b3c4d5e6f)': the one way an edition is named, on screen (the footer), on paper
    (edition.css) and in the meeting kit's records. `version` is the handbook's release
    (handbook_version), `local` the council's own local edition (local_edition), and the date and
    identity are those the offline copy's notice gives (lp-offline.js)."""
    named = ", ".join([title, f"edition {version}"] + ([local] if local else []))
    return f"{named}, published {day.day} {day:%B %Y} (identity {build})"


def handbook_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The handbook's release: the version in pyproject.toml, kept equal to the newest entry of the
    amendments register (docs/reference/changes.md) by tests/unit/test_edition.py."""
    with pyproject.open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def local_edition(number: int, council: str) -> str:
    """'Northshire local edition 4' ('' when the council publishes the handbook as it comes)."""
    if not number:
        return ""
    return f"{council} local edition {number}" if council else f"local edition {number}"


def edition_css(text: str) -> str:
    """The foot of every printed page: the edition on the left, the page number on the right."""
    return ("/* Written by the build (tools/handbook_build/printing.py): the edition on every printed page. */\n"
            "@page {\n"
            "  size: A4;\n"
            "  margin: 15mm 15mm 18mm;\n"
            f"  @bottom-left {{ content: {_css_string(text)}; font: 8pt/1.3 sans-serif; color: #333; }}\n"
            '  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
            "font: 8pt/1.3 sans-serif; color: #333; }\n"
            "}\n")


def _css_string(value: str) -> str:
    """A CSS string of any text: quotes, backslashes, controls and everything outside ASCII escaped,
    so that nothing in a council's title can end the string or depend on the file's encoding."""
    out = []
    for char in value:
        if char.isascii() and char.isprintable() and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


# ------------------------------------------------------------------------------------------
# Links that print their address
# ------------------------------------------------------------------------------------------
ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
HREF = re.compile(r'(?<=\s)href="([^"]*)"')
TAG = re.compile(r"<[^>]+>")


def mark_addresses(html: str) -> str:
    """Mark each link to another site whose words are not its address already: print.css prints
    the address after it. Links within the handbook print no address (the theme's instant
    navigation makes every href absolute, so print.css cannot tell them apart by the href)."""
    def mark(match: re.Match) -> str:
        attrs, inner = match.group(1), match.group(2)
        found = HREF.search(attrs)
        if not found or not re.match(r"https?://", found.group(1)) or ADDRESS_MARK in attrs:
            return match.group(0)
        address = found.group(1)
        words = TAG.sub("", inner).strip()
        if words.rstrip("/") in (address.rstrip("/"), re.sub(r"^https?://", "", address).rstrip("/")):
            return match.group(0)
        return f"<a{attrs} {ADDRESS_MARK}>{inner}</a>"
    return ANCHOR.sub(mark, html)


# ------------------------------------------------------------------------------------------
# The whole handbook
# ------------------------------------------------------------------------------------------
# Attributes follow white space (so that data-id or data-href is never taken for id or href).
ID_ATTRS = re.compile(r'(?<=\s)(id|for)="([^"]+)"')
IDREF_ATTRS = re.compile(r'(?<=\s)(aria-describedby|aria-labelledby|aria-controls|aria-owns|headers)="([^"]+)"')
LINK_ATTRS = re.compile(r'(?<=\s)(href|src|xlink:href)="([^"]*)"')
CSS_URL = re.compile(r"url\(#([^)]+)\)")
HEADING = re.compile(r"<(/?)h([1-6])\b")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def chapters_of(nav: Navigation, skip: Page | None = None) -> list[tuple[str, Page]]:
    """Every page of the navigation, in its order, with the title of its top section ('' for a
    page at the top): the chapters a council left out are already gone from it (plugin.on_nav)."""
    found: list[tuple[str, Page]] = []

    def walk(items: list, part: str) -> None:
        for item in items:
            if isinstance(item, Section):
                walk(item.children, part or str(item.title))
            elif isinstance(item, Page) and item is not skip:
                found.append((part, item))
    walk(nav.items, "")
    return found


def element_end(html: str, start: int) -> int:
    """Where the element that opens at `start` ends (after its closing tag), counting the nested
    elements of the same name: the build's own markup is well formed."""
    name = re.match(r"<([a-zA-Z0-9]+)", html[start:]).group(1)
    tags = re.compile(rf"<(/?){name}\b[^>]*>")
    depth = 0
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    raise ValueError(f"<{name}> at {start} is never closed")


def replace_elements(html: str, opening: str, replace) -> str:
    """Each element whose start tag begins with `opening`, given to `replace(element) -> str`."""
    out, position = [], 0
    while (start := html.find(opening, position)) >= 0:
        end = element_end(html, start)
        out += [html[position:start], replace(html[start:end])]
        position = end
    return "".join(out) + html[position:]


def _first(pattern: str, html: str) -> str:
    found = re.search(pattern, html, re.S)
    return TAG.sub("", found.group(1)).strip() if found else ""


def paper_version(html: str, chapter_href: str, diagram_href=lambda tree: None) -> str:
    """A chapter's text with what only works on screen replaced by notes saying where it works:
    `chapter_href` is the chapter's page on the website, `diagram_href(tree)` where a tool's
    diagram is (None when there is none to link to)."""
    where = h("a", {"href": chapter_href}, "this chapter's page")

    def tool(element: str) -> str:
        title = _first(r'<h[1-6] class="lp-tool__title"[^>]*>(.*?)</h[1-6]>', element)  # already markup
        tree = re.search(r'data-tree="([a-z_]+)"', element)
        diagram = diagram_href(tree.group(1)) if tree else None
        drawn = h("a", {"href": diagram}, "How the tools decide") if diagram else "How the tools decide"
        return h("div", {"class": NOTE_CLASS},
                 h("p", None, f"The tool “{title}” works through these rules for a particular child on {where} "
                              f"of the handbook's website. Every route through it is drawn in “{drawn}”."))

    def training(element: str) -> str:
        return h("div", {"class": NOTE_CLASS},
                 h("p", None, f"The scenarios run in the tools, with feedback, on {where} of the handbook's website. "
                              "The scenario cards and the trainer's answer sheet work on paper."))

    def kit(element: str) -> str:
        kept = [element[m.start():element_end(element, m.start())]
                for m in re.finditer(r'<section class="lp-kit__(?:agenda|template)"', element)]
        note = h("div", {"class": NOTE_CLASS},
                 h("p", None, f"On {where} of the handbook's website the kit also checks the record as you fill it in, "
                              "and downloads or prints it."))
        return h("div", {"class": "lp-kit-paper"}, note, *kept)

    html = replace_elements(html, '<details class="lp-rules"', lambda element: "")
    html = replace_elements(html, '<div class="lp-tool"', tool)
    html = replace_elements(html, '<div class="lp-training"', training)
    html = replace_elements(html, '<div class="lp-kit"', kit)
    return html


def chapter_id(page: Page) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (page.url or "home").lower()).strip("-")
    return f"chapter-{slug or 'home'}"


def _resolve(base_url: str, href: str) -> str:
    """A relative link in the page at `base_url` (a site path such as "a/b/", "" for the home page),
    as a site path in the same form."""
    joined = posixpath.normpath(posixpath.join(base_url, href or "."))
    if joined == ".":
        return ""
    return joined + "/" if href.endswith("/") or href in ("", ".", "..") else joined


def _href(target: str, here: str) -> str:
    """The link from the page at `here` to the site path `target` (pages end in "/", "" is home)."""
    relative = get_relative_url(target, here)
    return relative + "/" if (target.endswith("/") or not target) and not relative.endswith("/") else relative


class WholeHandbook:
    """Two hooks: on_nav keeps the (pruned) navigation; on_env fills the page in."""

    def __init__(self) -> None:
        self.nav: Navigation | None = None
        self.edition = ""

    def on_nav(self, nav: Navigation) -> None:
        self.nav = nav

    def on_env(self, files) -> None:
        found = files.get_file_from_path(WHOLE_PAGE)
        if found is None or found.page is None or self.nav is None or found.page.content is None:
            return
        page = found.page
        if page not in [listed for _, listed in chapters_of(self.nav)]:  # a council left it out
            return
        page.content = page.content + self.whole(page)

    def whole(self, page: Page) -> str:
        chapters = chapters_of(self.nav, skip=page)
        by_url = {chapter.url: chapter for _, chapter in chapters}
        # The ids left once the parts that work only on screen are gone: links to others go to the chapter.
        ids = {chapter.url: {m.group(2) for m in ID_ATTRS.finditer(paper_version(chapter.content or "", ""))
                             if m.group(1) == "id"} for _, chapter in chapters}

        def diagram(tree: str) -> str | None:
            target = f"tools/{tree}/"
            return f"#{chapter_id(by_url[target])}" if target in by_url else None

        def anchor(url: str, fragment: str) -> str:
            target = by_url[url]
            return f"#{chapter_id(target)}--{fragment}" if fragment in ids[url] else f"#{chapter_id(target)}"

        def rewrite(chapter: Page, text: str) -> str:
            prefix = f"{chapter_id(chapter)}--"

            def link(match: re.Match) -> str:
                name, value = match.group(1), match.group(2)
                if value.startswith("#"):
                    return f'{name}="{anchor(chapter.url, value[1:])}"'
                if SCHEME.match(value) or value.startswith("//") or value.startswith("/"):
                    return match.group(0)
                path, _, fragment = value.partition("#")
                target = _resolve(chapter.url, path)
                if name == "href" and target in by_url:
                    return f'{name}="{anchor(target, fragment)}"'
                return f'{name}="{_href(target, page.url)}{"#" + fragment if fragment else ""}"'

            text = ID_ATTRS.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', text)
            text = IDREF_ATTRS.sub(lambda m: f'{m.group(1)}="{" ".join(prefix + i for i in m.group(2).split())}"', text)
            text = CSS_URL.sub(lambda m: f"url(#{prefix}{m.group(1)})", text)
            text = LINK_ATTRS.sub(link, text)
            return HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", text)

        contents, sections, part_items, current = [], [], [], None
        for part, chapter in chapters:
            if part != current:
                if part_items:
                    contents.append(h("li", None, escape(current), h("ol", None, *part_items)))
                    part_items = []
                current = part
            link = h("li", None, h("a", {"href": f"#{chapter_id(chapter)}"}, escape(str(chapter.title))))
            if part:
                part_items.append(link)
            else:
                contents.append(link)
            label = h("p", {"class": "lp-whole__part"}, escape(part)) if part else ""
            text = paper_version(rewrite(chapter, chapter.content or ""), _href(chapter.url, page.url),
                                 diagram)
            # The chapter's id is on a mark of its own, not on the section: the theme names each code
            # block after the nearest element with an id, and two in one section would share a name.
            mark = h("span", {"class": "lp-whole__anchor", "id": chapter_id(chapter)})
            # (No name for the section: 46 chapters would be 46 landmarks; the headings lead the way.)
            sections.append(h("section", {"class": "lp-whole__chapter", "data-chapter": chapter.url},
                              mark, label, text))
        if part_items:
            contents.append(h("li", None, escape(current), h("ol", None, *part_items)))
        edition = h("p", {"class": "lp-whole__edition"}, f"This copy: {escape(self.edition)}.") if self.edition else ""
        toc = h("nav", {"class": "lp-whole__contents", "aria-labelledby": "lp-whole-contents"},
                h("h2", {"id": "lp-whole-contents"}, "Contents"), h("ol", None, *contents))
        return edition + toc + h("div", {"class": WHOLE_CLASS}, *sections)
