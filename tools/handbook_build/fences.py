"""The four kinds of fence a page can hold, registered with pymdownx.superfences in one place.

    ```decision            the tool (widget.py)
    ```decision-diagram    a tool's flow diagram (diagram.py)
    ```decision-training   the training scenarios, cards or answer sheet (training.py)
    ```decision-meeting    the Team Around the Family meeting kit (meeting.py)

What a fence is, and the one parser of their `key: value` bodies, are in fence.py.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from . import diagram, training, widget
from .context import BuildContext
from .fence import Fence, FenceError
from .meeting import MEETING_FENCE, meeting_fence_formatter

FENCES: tuple[Fence, ...] = (
    widget.FENCE,
    diagram.FENCE,
    training.FENCE,
    Fence(MEETING_FENCE, meeting_fence_formatter),
)


def register(config: MkDocsConfig, context: BuildContext, fences: tuple[Fence, ...] = FENCES) -> None:
    """Each fence's formatter in superfences' custom_fences (in place of any of the same name
    mkdocs.yml gives), then each fence's own check, so that a mistake stops the build at once."""
    custom = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    names = {fence.name for fence in fences}
    custom[:] = [entry for entry in custom if entry.get("name") not in names]
    custom += [{"name": fence.name, "class": fence.name, "format": fence.formatter(context)} for fence in fences]
    for fence in fences:
        try:
            if fence.check:
                fence.check(context)
        except FenceError as problem:
            raise PluginError(str(problem)) from None
