"""What the build knows about the council, handed to each fence that renders part of a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .published import tool_settings
from .settings import Settings


@dataclass(frozen=True)
class BuildContext:
    settings: Settings
    variants_for: Callable[[str], dict[str, str]]  # tree id -> the council's local rules for it
    names_for: Callable[[str], dict[str, str]]  # tree id -> the council's names for it
    shown: Callable[[str], bool]  # tree id -> whether the council uses that tool

    @property
    def council(self) -> str:
        return self.settings.council.name


def context_for(settings: Settings) -> BuildContext:
    """The context of a council's build: each tool's local rules and names as the build publishes
    them for Python (the council's choice where it made one, the default otherwise), and the tools
    it uses."""

    def for_tool(tree_id: str) -> tuple[dict[str, str], dict[str, str]]:
        return tool_settings(tree_id, settings.variants, settings.tool_names())

    chosen = settings.content.tools
    return BuildContext(settings, lambda tree_id: for_tool(tree_id)[0], lambda tree_id: for_tool(tree_id)[1],
                        lambda tree_id: chosen is None or tree_id in chosen)
