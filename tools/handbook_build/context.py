"""What the build knows about the council, handed to each fence that renders part of a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from decision import get_tree
from decision.browser import Settings as PythonSettings

from .settings import Settings


@dataclass(frozen=True)
class BuildContext:
    settings: Settings
    variants_for: Callable[[str], dict[str, str]]  # tree id -> the tool's local rules, every one of the tree's
    names_for: Callable[[str], dict[str, str]]  # tree id -> the tool's local names, every one of the tree's
    shown: Callable[[str], bool]  # tree id -> whether the council uses that tool

    @property
    def council(self) -> str:
        return self.settings.council.name


def uses_tool(settings: Settings, tree_id: str) -> bool:
    """Whether the council's site shows a tool: every one, unless its settings list those it uses."""
    chosen = settings.content.tools
    return chosen is None or tree_id in chosen


def context_for(settings: Settings, published: PythonSettings) -> BuildContext:
    """The context of a council's build: each tool's local rules and names as Python read them from
    the settings the build published (published.read_back: the council's choice where it made one,
    the default otherwise, filled in by decision.browser.tool_settings), and the tools it uses."""
    return BuildContext(settings, lambda tree_id: published.tool(get_tree(tree_id))[0],
                        lambda tree_id: published.tool(get_tree(tree_id))[1],
                        lambda tree_id: uses_tool(settings, tree_id))
