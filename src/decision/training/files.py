"""Reading trainers' files: a scenario's TOML file and the sets file. Only the build (and the
tests) read them; the browser gets the scenarios already read and checked, with the council's
settings (decision.browser.configure), so this module is left out of the wheel
(tools/handbook_build/runtime.py, NOT_IN_BROWSER).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

from ..engine import answers as checks
from .scenarios import SCENARIO_ID, Scenario, ScenarioError, parse


def parse_toml(text: str, scenario_id: str) -> Scenario:
    """A scenario file's text, read and checked for its shape (`parse`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ScenarioError(f"not valid TOML: {problem}") from None
    return parse(data, scenario_id)


# Sets: scenarios worked in order, with a score at the end

@dataclass(frozen=True)
class ScenarioSet:
    id: str
    title: str
    description: str
    scenarios: tuple[str, ...]


def parse_sets(data: Any, known: set[str] | list[str]) -> tuple[ScenarioSet, ...]:
    """The sets file: [[set]] tables with id, title, description and the scenario ids in order."""
    if not isinstance(data, dict) or set(data) != {"set"} or not isinstance(data["set"], list):
        raise ScenarioError("the sets file must hold only [[set]] tables")
    found, seen = [], set()
    for i, item in enumerate(data["set"]):
        where = f"set[{i}]"
        if not isinstance(item, dict) or set(item) != {"id", "title", "description", "scenarios"}:
            raise ScenarioError(f"{where} needs exactly these fields: id, title, description, scenarios")
        if not isinstance(item["id"], str) or not SCENARIO_ID.match(item["id"]) or item["id"] in seen:
            raise ScenarioError(f"{where}.id must be a new id of lower-case letters, digits and hyphens")
        seen.add(item["id"])
        for key in ("title", "description"):
            if not isinstance(item[key], str) or not item[key].strip():
                raise ScenarioError(f"{where}.{key} must be text in quotes")
        ids = item["scenarios"]
        if not isinstance(ids, list) or not ids or len(set(map(str, ids))) != len(ids):
            raise ScenarioError(f"{where}.scenarios must list scenario ids, each once")
        for scenario_id in ids:
            if scenario_id not in known:
                raise ScenarioError(f"{where}.scenarios: there is no scenario '{checks.short(scenario_id)}'")
        found.append(ScenarioSet(item["id"], item["title"].strip(), item["description"].strip(), tuple(ids)))
    return tuple(found)
