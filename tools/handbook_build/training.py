"""Scenario training for trainers and trainees (stub: being written)."""

from __future__ import annotations

from typing import Any, Callable

from .context import BuildContext

TRAINING_FENCE = "decision-training"


def check(context: BuildContext) -> None:
    """Validate every scenario when the site is built; raise ValueError naming the file and problem."""


def training_fence_formatter(context: BuildContext) -> Callable[..., str]:
    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        return '<p class="lp-training-missing">Training scenarios are being written.</p>'
    return format_fence
