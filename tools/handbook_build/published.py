"""The settings Python needs, published once per build beside the runtime.

A council's settings reach Python in the browser once per session, not with every request: its
name, the handbook's edition (for the meeting kit's record), each tool's local rules and names,
and the training scenarios its site shows, read and checked here at build time. They go into one
JSON file named by its content (`lp-settings.<hash>.json`, assets.py), which lp-tools.js's manifest
names, the offline copy keeps with the runtime (offline.py) and the worker fetches as it starts and
hands to `decision.browser.configure` before it answers anything. Requests then carry only what is
asked (the tree, the answers, what to show again), and a release's settings never meet another
release's code: the file's name is in that release's manifest only.

The build reads the file back with the same `decision.browser.read_settings` the worker's Python
uses, and works out the foreseen steps under what it read (foreseen.py), so a file Python would
refuse stops the build.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

from decision import get_tree, tree_ids
from decision.browser import Settings, SettingsError, read_settings

if TYPE_CHECKING:  # context.py makes each tool's settings with tool_settings, below
    from .context import BuildContext

SETTINGS_FILE = "lp-settings.json"  # published as lp-settings.<hash>.json


def tool_settings(tree_id: str, variants: dict[str, str], names: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A tool's local rules and names from a council's settings: each of the tree's local rules and
    names, the council's choice where it made one and the default otherwise."""
    tree = get_tree(tree_id)
    defaults = tree.default_variants()
    return (defaults | {key: value for key, value in variants.items() if key in defaults},
            {name.id: names.get(name.id, name.default) for name in tree.names})


def settings_content(council: str, edition: str, tools: dict[str, tuple[dict[str, str], dict[str, str]]],
                     scenarios: list[dict[str, Any]]) -> bytes:
    """The published file: compact JSON with sorted keys, so the same settings make the same name."""
    data = {"council": council, "edition": edition,
            "tools": {tree_id: {"variants": variants, "names": names} for tree_id, (variants, names) in tools.items()},
            "scenarios": scenarios}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def council_settings(context: BuildContext, edition: str) -> bytes:
    """This council's file: every tool's settings, and the scenarios of the tools its site shows."""
    from .training import published_scenarios  # the training fence's module, which imports context.py

    try:
        scenarios = published_scenarios(context)
    except ValueError as problem:
        raise PluginError(f"training scenarios: {problem}") from None
    tools = {tree_id: (context.variants_for(tree_id), context.names_for(tree_id)) for tree_id in tree_ids()}
    return settings_content(context.council, edition, tools, scenarios)


def read_back(content: bytes) -> Settings:
    """The file as the worker's Python reads it; a file it would refuse stops the build."""
    try:
        return read_settings(content.decode())
    except SettingsError as problem:
        raise PluginError(f"the published settings: Python refuses them ({problem})") from None
