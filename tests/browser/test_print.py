"""The handbook on paper (issue 17, items 2 and 3), printed to PDF by Chromium as a reader's
Print command would: the whole handbook holds every chapter, every printed page names the edition,
and a chapter with a tool prints as a chapter, not as its tool's rules in full.

The PDF's text is read with the small reader below (the standard library only): Chromium writes
each page's text as glyph numbers in compressed streams, with a table from glyph to character for
each font, and it is enough to follow those."""

from __future__ import annotations

import math
import re
import zlib

from helpers import choose, tool, wait_for_outcome

WHOLE = "reference/whole-handbook/"
CHOOSING = "lead-professional/choosing-the-lead-professional/"
# The part of an A4 page that text fills under edition.css: 210 x 297 mm less margins of 15 mm at
# the sides and top and 18 mm at the foot, in CSS pixels (96 to the inch).
PRINTED_WIDTH = round((210 - 30) / 25.4 * 96)
PRINTED_HEIGHT = round((297 - 33) / 25.4 * 96)


# ------------------------------------------------------------------------------------------
# Reading a PDF that Chromium wrote
# ------------------------------------------------------------------------------------------
_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, in the order the pages are written, with all white space removed (the
    glyphs' positions, not spaces, separate the words)."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for match in _OBJECT.finditer(pdf):
        head, marker, rest = match.group(2).partition(b"stream")
        stream = None
        if marker:
            raw = rest.lstrip(b"\r\n")
            raw = raw[: raw.rfind(b"endstream")]
            stream = zlib.decompress(raw) if b"/FlateDecode" in head else raw
        objects[int(match.group(1))] = (head, stream)

    def glyphs(font: int) -> dict[int, str]:
        found = re.search(rb"/ToUnicode (\d+) 0 R", objects[font][0])
        table: dict[int, str] = {}
        cmap = objects[int(found.group(1))][1] if found else b""
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, first in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    table[code] = chr(int(first, 16) + offset)
        return table

    texts = []
    for number in sorted(objects):
        head = objects[number][0]
        if not _PAGE.search(head):
            continue
        fonts_found = re.search(rb"/Font\s*<<(.*?)>>", head, re.S)
        fonts = {name: glyphs(int(ref)) for name, ref in re.findall(rb"/(\w+) (\d+) 0 R", fonts_found.group(1))} \
            if fonts_found else {}
        contents = re.search(rb"/Contents (?:(\d+) 0 R|\[(.*?)\])", head, re.S)
        refs = [contents.group(1)] if contents.group(1) else re.findall(rb"(\d+) 0 R", contents.group(2))
        text, table = [], {}
        for ref in refs:
            for token in re.finditer(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)>", objects[int(ref)][1]):
                if token.group(1):
                    table = fonts.get(token.group(1), {})
                else:
                    codes = token.group(2).decode()
                    text += [table.get(int(codes[i:i + 4], 16), "") for i in range(0, len(codes), 4)]
        texts.append(re.sub(r"\s+", "", "".join(text)))
    return texts


def printed(page) -> bytes:
    """The page as its reader's Print command would give it, on A4."""
    page.emulate_media(media="print")
    return page.pdf(format="A4")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------------------------
# The whole handbook
# ------------------------------------------------------------------------------------------
def nav_pages(page, base_url: str) -> list[str]:
    """Every page of the site's menu, in its order, as a site path ("" for the home page)."""
    page.goto(base_url, wait_until="domcontentloaded")
    links = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)")
    seen: list[str] = []
    for link in links:
        path = link.removeprefix(base_url)
        if "#" not in path and path not in seen:
            seen.append(path)
    return seen


def test_the_whole_handbook_holds_every_chapter_in_the_menus_order(page, base_url, site_dir):
    menu = nav_pages(page, base_url)
    assert WHOLE in menu, "the whole handbook is in the menu"
    assert 'href="reference/whole-handbook/"' in (site_dir / "index.html").read_text(), "the home page links to it"
    page.goto(base_url + WHOLE, wait_until="domcontentloaded")
    chapters = page.eval_on_selector_all("section.lp-whole__chapter", "all => all.map(s => s.dataset.chapter)")
    assert chapters == [path for path in menu if path != WHOLE]
    # A table of contents that leads to each chapter.
    # (The theme's instant navigation makes every href absolute: the place is the link's hash.)
    contents = page.eval_on_selector_all(".lp-whole__contents a", "all => all.map(a => new URL(a.href).hash.slice(1))")
    anchors = page.eval_on_selector_all("section.lp-whole__chapter > .lp-whole__anchor", "all => all.map(s => s.id)")
    assert contents == anchors
    # Each chapter's sources and review date, as its own page has them.
    for path in chapters:
        own = (site_dir / path / "index.html").read_text()
        section = page.locator(f'section[data-chapter="{path}"]')
        reviewed = re.search(r"Last reviewed: ([0-9]{1,2} [A-Z][a-z]+ [0-9]{4})", own)
        if reviewed:
            assert f"Last reviewed: {reviewed.group(1)}" in section.inner_text(), path
        if re.search(r'<h2 id="sources">Sources', own):
            # one level down from the chapter's own page, under the whole handbook's title
            assert section.locator("h3", has_text=re.compile(r"^Sources")).count() == 1, path
    # Nothing on it runs: no tool, no meeting kit, no training mode, so no Python is loaded.
    assert page.locator(".lp-tool, .lp-rules, .lp-kit, .lp-training, [data-needs-python]").count() == 0
    # Ids stay unique, and every link to a place in the page finds it.
    ids = page.eval_on_selector_all("[id]", "all => all.map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    targets = page.eval_on_selector_all(".lp-whole a[href]", """all => all.map(a => new URL(a.href))
        .filter(u => u.origin + u.pathname === location.origin + location.pathname && u.hash)
        .map(u => u.hash.slice(1))""")
    assert targets and not set(targets) - set(ids)


def test_every_printed_page_of_the_whole_handbook_names_the_edition(page, base_url):
    page.goto(base_url + WHOLE, wait_until="networkidle")
    build = page.get_attribute('meta[name="lp-build"]', "content")
    assert build
    pdf = printed(page)
    texts = page_texts(pdf)
    assert len(texts) == page_count(pdf) > page.locator("section.lp-whole__chapter").count()
    edition = page.get_attribute(".lp-edition-line", "data-edition")  # the handbook's version, date and build
    assert re.fullmatch(rf".+, edition [0-9]+\.[0-9]+\.[0-9]+, (?:.+ )?published [0-9]{{1,2}} [A-Z][a-z]+ [0-9]{{4}} "
                        rf"\(identity {build}\)", edition), edition
    missing = [number for number, text in enumerate(texts, start=1) if squeezed(edition) not in text]
    assert missing == [], f"pages without the edition: {missing}"
    assert all(f"Page{number}of{len(texts)}" in text for number, text in enumerate(texts, start=1))


def test_the_screen_footer_names_the_edition_and_links_to_what_changed(page, base_url):
    """Issue 17, item 4: on screen as on paper, a page says which edition it belongs to."""
    page.goto(base_url + CHOOSING, wait_until="domcontentloaded")
    edition = page.get_attribute(".lp-edition-line", "data-edition")
    assert edition and re.search(r", edition [0-9]+\.[0-9]+\.[0-9]+, ", edition)
    line = page.locator(".md-footer .lp-edition-line")
    assert line.is_visible()
    assert line.inner_text().startswith(f"This page: {edition}.")
    line.get_by_role("link", name="What changed in each edition").click()
    page.wait_for_url("**/reference/changes/")
    assert edition in page.locator("article").inner_text()
    version = re.search(r", edition ([0-9.]+), ", edition).group(1)
    assert page.get_by_role("heading", name=re.compile(rf"^Edition {re.escape(version)}, ")).count() == 1


# ------------------------------------------------------------------------------------------
# A chapter with a tool
# ------------------------------------------------------------------------------------------
def pages_the_text_needs(page) -> int:
    """How many A4 pages the chapter's own text fills, with the tool's rules in full left out:
    its height laid out at the printed width, in pages, and one more for headings and tables kept
    whole at the foot of a page."""
    page.set_viewport_size({"width": PRINTED_WIDTH, "height": PRINTED_HEIGHT})
    page.emulate_media(media="print")
    height = page.evaluate("""() => {
        const article = document.querySelector("article.md-content__inner");
        const rules = [...article.querySelectorAll(".lp-rules")]
            .reduce((sum, r) => sum + r.getBoundingClientRect().height, 0);
        return article.getBoundingClientRect().height - rules;
    }""")
    page.emulate_media(media="screen")
    return math.ceil(height / PRINTED_HEIGHT) + 1


def open_choosing(page, base_url):
    page.goto(base_url + CHOOSING, wait_until="domcontentloaded")
    page.locator(".lp-tool.lp-tool--live").wait_for()


def test_a_chapter_with_a_tool_prints_in_the_pages_its_text_needs(page, base_url):
    open_choosing(page, base_url)
    needed = pages_the_text_needs(page)
    assert needed < 12, "the chapter's own text is a few pages"
    build = page.get_attribute('meta[name="lp-build"]', "content")
    pdf = printed(page)
    assert page_count(pdf) <= needed, f"{page_count(pdf)} pages printed for a text that needs {needed}"
    assert all(f"(identity{build})" in text for text in page_texts(pdf)), "every printed page names the edition"
    texts = "".join(page_texts(pdf))
    assert squeezed("Recording the decision") in texts and squeezed("Last reviewed:") in texts
    assert squeezed("The rules of this tool in full") not in texts
    # No address after links to other parts of the handbook or to places in the page.
    addresses = re.findall(r"\(https?://[^)]*\)", "".join(texts))
    assert addresses == []


def test_the_rules_in_full_print_when_the_reader_opens_them(page, base_url):
    open_choosing(page, base_url)
    needed = pages_the_text_needs(page)
    page.locator(".lp-rules__summary").click()
    assert page.locator(".lp-rules[open]").count() == 1
    pdf = printed(page)
    assert page_count(pdf) > needed
    assert squeezed("The rules of this tool in full") in "".join(page_texts(pdf))


def test_the_rules_in_full_print_when_the_reader_follows_a_link_to_them(page, base_url):
    page.goto(base_url + CHOOSING + "#lp-allocation-rules", wait_until="domcontentloaded")
    page.locator(".lp-tool.lp-tool--live").wait_for()
    assert squeezed("The rules of this tool in full") in "".join(page_texts(printed(page)))


def test_a_chapter_prints_the_result_the_reader_reached(page, base_url):
    open_choosing(page, base_url)
    choose(page, "A child protection enquiry (section 47) is under way")
    result = wait_for_outcome(page)
    lead = tool(page).locator(".lp-result__lead").inner_text()
    texts = "".join(page_texts(printed(page)))
    assert squeezed(result) in texts and squeezed(lead) in texts
    # A question not yet answered does not print.
    assert squeezed("Which of these best describes the child or young person?") not in texts


def test_only_links_to_other_websites_print_their_address(page, base_url):
    page.goto(base_url + "about/licence/", wait_until="networkidle")
    page.emulate_media(media="print")
    after = page.evaluate("""() => [...document.querySelectorAll("article a[href]")].map(a => [
        a.getAttribute("href"), new URL(a.href).origin === location.origin, getComputedStyle(a, "::after").content])""")
    outside = [(href, content) for href, own, content in after if not own and href.startswith("http")]
    inside = [content for href, own, content in after if own]
    assert outside and all(content == f'" ({href})"' for href, content in outside)
    assert inside and all(content in ("none", "normal") for content in inside)
