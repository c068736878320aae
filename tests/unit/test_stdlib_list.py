"""The committed list of standard-library files the tools use (tools/handbook_build/
stdlib-files.json) matches the build's inputs, so a first build can skip finding them in Node.
Whether the lean library it makes is enough is checked by running every path of every tree on it
in Pyodide (test_snapshots.py)."""

from __future__ import annotations

import json

from handbook_build import runtime

UPDATE = ("the tools' imports, Pyodide or the finder changed: remove .cache/stdlib, run "
          "`.venv/bin/mkdocs build --strict` and commit tools/handbook_build/stdlib-files.json")


def test_the_committed_list_was_made_for_these_inputs():
    assert runtime.committed_stdlib_files(runtime.stdlib_key()) is not None, UPDATE


def test_the_list_names_files_of_pyodides_library_and_the_modules_the_rules_need():
    import zipfile

    listed = runtime.committed_stdlib_files(runtime.stdlib_key()) or set()
    with zipfile.ZipFile(runtime.PYODIDE_PACKAGE / "python_stdlib.zip") as full:
        available = set(full.namelist())
    assert listed and listed <= available, sorted(listed - available)[:10]
    for needed in ("json/__init__.py", "dataclasses.py", "enum.py"):
        assert needed in listed, needed


def test_a_list_made_for_other_inputs_is_not_used(tmp_path, monkeypatch):
    stale = tmp_path / "stdlib-files.json"
    stale.write_text(json.dumps({"key": "0000000000", "files": ["json/__init__.py"]}))
    monkeypatch.setattr(runtime, "STDLIB_LIST", stale)
    assert runtime.committed_stdlib_files(runtime.stdlib_key()) is None
    assert runtime.committed_stdlib_files("0000000000") == {"json/__init__.py"}
