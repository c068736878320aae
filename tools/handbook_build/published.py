"""The settings Python needs, published once per build beside the runtime, and the training
scenarios, published beside them in a file of their own.

A council's settings reach Python in the browser once per session, not with every request: its
name, the handbook's edition (for the meeting kit's record) and each tool's local rules and names,
read and checked here at build time. They go into one JSON file named by its content
(`lp-settings.<hash>.json`, assets.py), which lp-tools.js's manifest names, the offline copy keeps
with the runtime (offline.py) and the worker fetches as it starts and hands to
`decision.browser.configure` before it answers anything. Requests then carry only what is asked
(the tree, the answers, what to show again), and a release's settings never meet another
release's code: the file's name is in that release's manifest only.

The training scenarios the site shows go into a second file (`lp-scenarios.<hash>.json`, a JSON
list), named in the manifest and kept offline in the same way, which only a page that runs them
makes the worker fetch: it fetches the file when it is first asked for feedback on a scenario and
hands it to `decision.browser.configure_scenarios`, once. Every other tool page's first visit
spends none of its bytes.

The settings file holds each tool's local rules and names as the council chose them, and no
defaults: Python fills those in as it reads the file (`decision.browser.tool_settings`, the one
place a tool's defaults are filled in), so the file says only what this council changed. The build
reads each file back with the same function the worker's Python uses (`decision.browser.read_settings`,
`decision.browser.read_scenarios`), and takes from the settings it read each tool's rules and names
for its pages (context.py) and the foreseen steps (foreseen.py), so a file Python would refuse stops
the build, and the pages show what Python will.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.exceptions import PluginError

from decision import get_tree, tree_ids
from decision.browser import Settings, SettingsError, read_scenarios, read_settings

from .settings import Settings as CouncilSettings
from .training import published_scenarios

SETTINGS_FILE = "lp-settings.json"  # published as lp-settings.<hash>.json
SCENARIOS_FILE = "lp-scenarios.json"  # published as lp-scenarios.<hash>.json


def own_choices(tree_id: str, variants: dict[str, str], names: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A tool's local rules and names as the council chose them. Its settings file gives them for
    every tool at once, so a rule or name this tree does not have is left out here (Python refuses
    one in the published file); the defaults are not added (Python fills them in)."""
    tree = get_tree(tree_id)
    return ({v.id: variants[v.id] for v in tree.variants if v.id in variants},
            {n.id: names[n.id] for n in tree.names if n.id in names})


def _compact(data: Any) -> bytes:
    """Compact JSON with sorted keys, so the same content makes the same name."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def settings_content(council: str, edition: str, tools: dict[str, tuple[dict[str, str], dict[str, str]]]) -> bytes:
    """The published file: compact JSON with sorted keys, so the same settings make the same name.
    `tools` maps a tree id to the council's choices of its local rules and names; a tool, or a part
    of one, the council chose nothing for is left out."""
    chosen = {tree_id: {part: value for part, value in (("variants", variants), ("names", names)) if value}
              for tree_id, (variants, names) in tools.items()}
    return _compact({"council": council, "edition": edition,
                     "tools": {tree_id: parts for tree_id, parts in chosen.items() if parts}})


def scenarios_content(scenarios: list[dict[str, Any]]) -> bytes:
    """The published scenarios file: the list of scenarios (Scenario.to_json), as compact JSON."""
    return _compact(scenarios)


def council_settings(settings: CouncilSettings, edition: str) -> bytes:
    """This council's settings file: its name, the edition and its choices for every tool."""
    tools = {tree_id: own_choices(tree_id, settings.variants, settings.tool_names()) for tree_id in tree_ids()}
    return settings_content(settings.council.name, edition, tools)


def council_scenarios(settings: CouncilSettings) -> bytes:
    """This council's scenarios file: the scenarios of the tools its site shows."""
    try:
        return scenarios_content(published_scenarios(settings))
    except ValueError as problem:
        raise PluginError(f"training scenarios: {problem}") from None


def read_back(content: bytes) -> Settings:
    """The settings file as the worker's Python reads it; a file it would refuse stops the build."""
    try:
        return read_settings(content.decode())
    except SettingsError as problem:
        raise PluginError(f"the published settings: Python refuses them ({problem})") from None


def read_back_scenarios(content: bytes) -> dict[str, Any]:
    """The scenarios file as the worker's Python reads it; a file it would refuse stops the build."""
    try:
        return read_scenarios(content.decode())
    except SettingsError as problem:
        raise PluginError(f"the published scenarios: Python refuses them ({problem})") from None
