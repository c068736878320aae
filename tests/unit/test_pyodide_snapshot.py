"""The start-up snapshot uses Pyodide's private _makeSnapshot and _loadSnapshot options. This
checks them against the pinned Pyodide, so an upgrade that breaks them fails here, not in a
reader's browser (where the worker would quietly fall back to a normal start anyway)."""

from __future__ import annotations

import json
import shutil
import subprocess

from support import ROOT

SCRIPT = """
import { loadPyodide } from "%(pyodide)s";
import { readFileSync } from "node:fs";
const wheel = new Uint8Array(readFileSync("%(wheel)s"));
const options = { stdLibURL: "%(stdlib)s", stdout: () => {}, stderr: () => {} };
const first = await loadPyodide({ ...options, _makeSnapshot: true });
const site = first.runPython("import site; site.getsitepackages()[0]");
first.unpackArchive(wheel, "wheel", { extractDir: site });
first.pyimport("decision.browser");
const image = first.makeMemorySnapshot();
const restored = await loadPyodide({ ...options, _loadSnapshot: image });
restored.unpackArchive(wheel, "wheel", { extractDir: site });
restored.runPython("import sys; sys.path_importer_cache.clear()");
const reply = restored.pyimport("decision.browser").handle(JSON.stringify({ tree: "threshold", answers: {} }));
process.stdout.write(JSON.stringify({ bytes: image.length, reply: JSON.parse(reply) }));
"""


def test_a_snapshot_made_after_importing_the_package_restores_and_answers(tmp_path):
    from handbook_build.runtime import PYODIDE_PACKAGE, build_wheel, shipped_stdlib
    node = shutil.which("node")
    assert node, "Node.js is needed (the test command installs it)"
    wheel = build_wheel()
    script = tmp_path / "snapshot.mjs"
    script.write_text(SCRIPT % {"pyodide": PYODIDE_PACKAGE / "pyodide.mjs", "wheel": wheel,
                                "stdlib": shipped_stdlib(wheel)})
    result = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    assert outcome["reply"]["ok"] and outcome["reply"]["view"]["tree"] == "threshold"
    assert outcome["bytes"] > 10_000_000
