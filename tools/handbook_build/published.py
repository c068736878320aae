"""The settings Python needs, published once per build beside the runtime.

A council's settings reach Python in the browser once per session, not with every request: its
name, the handbook's edition (for the meeting kit's record), each tool's local rules and names,
and the training scenarios its site shows, read and checked here at build time. They go into one
JSON file named by its content (`lp-settings.<hash>.json`, assets.py), which lp-tools.js's manifest
names, the offline copy keeps with the runtime (offline.py) and the worker fetches as it starts and
hands to `decision.browser.configure` before it answers anything. Requests then carry only what is
asked (the tree, the answers, what to show again), and a release's settings never meet another
release's code: the file's name is in that release's manifest only.

The file holds each tool's local rules and names as the council chose them, and no defaults: Python
fills those in as it reads the file (`decision.browser.tool_settings`, the one place a tool's
defaults are filled in), so the file says only what this council changed. The build reads the file
back with the same `decision.browser.read_settings` the worker's Python uses, and takes from what it
read each tool's rules and names for its pages (context.py) and the foreseen steps (foreseen.py), so
a file Python would refuse stops the build, and the pages show what Python will.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.exceptions import PluginError

from decision import get_tree, tree_ids
from decision.browser import Settings, SettingsError, read_settings

from .settings import Settings as CouncilSettings
from .training import published_scenarios

SETTINGS_FILE = "lp-settings.json"  # published as lp-settings.<hash>.json


def own_choices(tree_id: str, variants: dict[str, str], names: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A tool's local rules and names as the council chose them. Its settings file gives them for
    every tool at once, so a rule or name this tree does not have is left out here (Python refuses
    one in the published file); the defaults are not added (Python fills them in)."""
    tree = get_tree(tree_id)
    return ({v.id: variants[v.id] for v in tree.variants if v.id in variants},
            {n.id: names[n.id] for n in tree.names if n.id in names})


def settings_content(council: str, edition: str, tools: dict[str, tuple[dict[str, str], dict[str, str]]],
                     scenarios: list[dict[str, Any]]) -> bytes:
    """The published file: compact JSON with sorted keys, so the same settings make the same name.
    `tools` maps a tree id to the council's choices of its local rules and names; a tool, or a part
    of one, the council chose nothing for is left out."""
    chosen = {tree_id: {part: value for part, value in (("variants", variants), ("names", names)) if value}
              for tree_id, (variants, names) in tools.items()}
    data = {"council": council, "edition": edition,
            "tools": {tree_id: parts for tree_id, parts in chosen.items() if parts},
            "scenarios": scenarios}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def council_settings(settings: CouncilSettings, edition: str) -> bytes:
    """This council's file: its choices for every tool, and the scenarios of the tools its site shows."""
    try:
        scenarios = published_scenarios(settings)
    except ValueError as problem:
        raise PluginError(f"training scenarios: {problem}") from None
    tools = {tree_id: own_choices(tree_id, settings.variants, settings.tool_names()) for tree_id in tree_ids()}
    return settings_content(settings.council.name, edition, tools, scenarios)


def read_back(content: bytes) -> Settings:
    """The file as the worker's Python reads it; a file it would refuse stops the build."""
    try:
        return read_settings(content.decode())
    except SettingsError as problem:
        raise PluginError(f"the published settings: Python refuses them ({problem})") from None
