"""What the build knows about the council, handed to each fence that renders part of a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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
