"""The chapters as a council has them: those it leaves out taken out of the menu (their pages
stay, saying so, so that links from other chapters still work), local wording filled in, the
role named in the menu in the council's words, and the abbreviations defined on every page.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Callable

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section

from .identity import all_local_names, local_changes
from .offline import offline_default
from .placeholders import PlaceholderError, as_text, fill_page, fill_text, page_values
from .printing import handbook_version
from .settings import Settings

ABBREVIATIONS = "abbreviations.md"  # in docs/_includes: appended to every page, so each use gets its definition
LEFT_OUT_PAGE = "This chapter is not part of {council}'s handbook. Ask {council} for its local guidance."
PYTHON_MARKS = re.compile(r'class="lp-tool"|data-needs-python')  # markup whose page starts Python


class Chapters:
    def __init__(self, settings: Settings, docs_dir: str, values: dict[str, Callable[[], str]]) -> None:
        self.settings = settings
        self.values = values  # placeholder -> its text (placeholders.page_values and more)
        self.abbreviations = (Path(docs_dir) / "_includes" / ABBREVIATIONS).read_text()

    def markdown(self, markdown: str, page) -> str:
        """A page's Markdown with its local wording and the abbreviations; a left-out chapter says so."""
        if page.file.src_uri in self.settings.content.leave_out:
            council = as_text(self.settings.council.name or "your local authority")
            markdown = f"# {page.title}\n\n" + LEFT_OUT_PAGE.format(council=council) + "\n"
        try:
            markdown = fill_page(markdown, page.file.src_uri, self.values)
        except PlaceholderError as problem:
            raise PluginError(str(problem)) from None
        return markdown + "\n\n" + self.abbreviations

    def menu(self, items: list) -> list:
        """The menu without the chapters the council leaves out, its titles in the council's words."""
        kept = prune(items, set(self.settings.content.leave_out))
        name_role(kept, self.settings)
        return kept


def needs_python(html: str) -> bool:
    """Whether a page's content holds a tool or anything else that asks Python."""
    return PYTHON_MARKS.search(html) is not None


def name_role(items: list, settings: Settings) -> None:
    """Menu titles written in mkdocs.yml, such as "The {{ role.name }}", in the council's words,
    as text (the theme puts titles into the page as they are)."""
    for item in items:
        if isinstance(item, Section):
            name_role(item.children, settings)
        if isinstance(item.title, str) and "{{" in item.title:
            item.title = Markup(escape(fill_text(item.title, settings)))


def prune(items: list, left_out: set[str]) -> list:
    """The menu without the left-out chapters, and without a section left empty."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = prune(item.children, left_out)
            if item.children:
                kept.append(item)
        elif getattr(getattr(item, "file", None), "src_uri", None) not in left_out:
            kept.append(item)
    return kept


def page_values_for(settings: Settings, edition: str) -> dict[str, Callable[[], str]]:
    """Every placeholder a page may hold: the settings' (placeholders.page_values, with every local
    name the tools use: the council's [names] and the role's forms from [role]), what is kept for
    offline use (the privacy page), and the edition (the amendments register)."""
    values = page_values(settings, all_local_names() | settings.tool_names())
    values["site.offline_default"] = lambda: offline_default(settings)
    values["site.edition"] = lambda: as_text(edition)
    values["site.local_edition"] = lambda: local_changes(settings, handbook_version())
    return values
