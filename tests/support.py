"""Helpers shared by the test suite's folders (importable as `support`; pytest puts tests/ on
the path). Kept out of conftest.py, because two conftest modules cannot both be imported by name."""

from __future__ import annotations

import functools
import json
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
