"""Helpers shared by the test suite's folders (importable as `support`; pytest puts tests/ on
the path). Kept out of conftest.py, because two conftest modules cannot both be imported by name."""

from __future__ import annotations

import functools
import json
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What the build reads, for a second checkout (node_modules and the build cache are shared).
BUILD_READS = ("docs", "overrides", "src", "tools", "training", "hosting", "profiles", "mkdocs.yml", "pyproject.toml",
               "package.json", "package-lock.json")


def build_site(target: Path, settings: Path | None = None, config: Path | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`, as the README's command runs it."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    environment.pop("HANDBOOK_SETTINGS", None)
    if settings:
        environment["HANDBOOK_SETTINGS"] = str(settings)
    extra = ["--config-file", str(config)] if config else []
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target), *extra],
                          cwd=ROOT, capture_output=True, text=True, env=environment)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def settings_toml(values: dict[str, object]) -> str:
    """A council settings file from {"table.key": value}: "contacts.*" keys make one [[contacts]]
    entry. Values are written as JSON, which TOML reads as the same strings and lists."""
    tables: dict[str, list[str]] = {}
    for dotted, value in values.items():
        table, key = dotted.split(".", 1)
        tables.setdefault(table, []).append(f"{key} = {json.dumps(value)}")
    return "\n".join(f"\n{'[[contacts]]' if table == 'contacts' else f'[{table}]'}\n" + "\n".join(lines)
                     for table, lines in tables.items()) + "\n"


def copy_of_repository(target: Path) -> Path:
    """What the build reads, copied, with node_modules and the build cache shared with this
    checkout: a second checkout to change and build (a release B, a council's edits)."""
    for name in BUILD_READS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for shared in ("node_modules", ".cache"):
        (target / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return target


# A scenario on Northshire's threshold framework (profiles/northshire.toml): a bruise on a baby,
# with ns_bruise ticked in the safety area. The handbook's l4_injury is an indicator
# Northshire's framework lacks.
NORTHSHIRE_SCENARIO = '''title = "A bruise"
tree = "threshold"
case = "A nursery worker sees a bruise on a baby of four months."
teaching_point = "Contact {front_door} today."
outcome = "outcome_statutory"

[answers]
immediate_risk = "no"
purpose = "check"
health = ["none"]
learning = ["none"]
safety = ["ns_bruise"]

[[sources]]
document = "wt-2023"
section = "Chapter 3: making a referral to local authority children's social care"
'''


def strings_in(value):
    """Every string inside a value read from JSON (dictionaries' values and lists' items), in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def published_settings(council: str = "", edition: str = "", tools: dict | None = None, scenarios: tuple = (),
                       settings=None):
    """The council's settings as the build publishes them (tools/handbook_build/published.py) and
    Python reads them (decision.browser.read_settings): `tools` maps a tree id to its local rules
    and names as a council's settings file gives them, or `settings` is a council's whole
    settings (handbook_build.settings.Settings). Every other tree keeps its defaults. `scenarios`
    (Scenario.to_json) are published in their own file and read by decision.browser.read_scenarios,
    as the worker gives them to Python at a training page's first feedback request."""
    from dataclasses import replace
    from decision import tree_ids
    from decision.browser import read_scenarios, read_settings
    from handbook_build.published import own_choices, scenarios_content, settings_content
    if settings is not None:
        council = settings.council.name
        tools = {tree_id: (settings.variants, settings.tool_names()) for tree_id in tree_ids()}
    full = {tree_id: own_choices(tree_id, *chosen) for tree_id, chosen in (tools or {}).items()}
    read = read_settings(settings_content(council, edition, full).decode())
    return replace(read, scenarios=read_scenarios(scenarios_content(list(scenarios)).decode())) if scenarios else read


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, as a path relative to its root ("" for the home page)."""
    return sorted(str(p.relative_to(site_dir)).removesuffix("index.html")
                  for p in site_dir.rglob("*.html") if "assets" not in p.parts)

