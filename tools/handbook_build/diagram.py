"""Flow diagrams of the trees, drawn from the trees themselves at build time (stub)."""

from __future__ import annotations

from typing import Any, Callable

DIAGRAM_FENCE = "decision-diagram"


def diagram_fence_formatter(names_for: Callable[[str], dict[str, str]]) -> Callable[..., str]:
    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        return '<p class="lp-diagram-missing">The diagram of this tool is being drawn.</p>'
    return format_fence
