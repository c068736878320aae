"""The Team Around the Family meeting kit (stub: being written)."""

from __future__ import annotations

from typing import Any, Callable

from .context import BuildContext

MEETING_FENCE = "decision-meeting"


def meeting_fence_formatter(context: BuildContext) -> Callable[..., str]:
    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        return '<p class="lp-meeting-missing">The meeting kit is being written.</p>'
    return format_fence
