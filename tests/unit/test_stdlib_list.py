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


# ---------------------------------------------------------------------------------------------
# The compiled library falls back to source, with a warning, when it cannot be made
# ---------------------------------------------------------------------------------------------
def test_without_node_the_library_is_shipped_as_source(tmp_path, monkeypatch, caplog):
    lean = tmp_path / "lean.zip"
    lean.write_bytes(b"a lean library")
    monkeypatch.setattr(runtime, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(runtime.shutil, "which", lambda name: None)
    assert runtime.compiled_stdlib(lean, tmp_path / "x.whl", "k1") == lean
    assert "Node.js not found: shipping the standard library as source" in caplog.text


def test_a_library_that_fails_to_compile_or_to_answer_is_shipped_as_source(tmp_path, monkeypatch, caplog):
    lean = tmp_path / "lean.zip"
    lean.write_bytes(b"a lean library")
    failing = tmp_path / "compile.mjs"
    failing.write_text('process.stderr.write("the compiled library did not answer a tool\'s request\\n");\n'
                       "process.exit(1);\n")
    monkeypatch.setattr(runtime, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(runtime, "COMPILE_BYTECODE", failing)
    assert runtime.compiled_stdlib(lean, tmp_path / "x.whl", "k2") == lean
    assert "compiling it to bytecode failed (the compiled library did not answer" in caplog.text
    assert not list((tmp_path / "cache").rglob("*.zip")), "a failed library must not be cached"


def test_the_compiled_library_is_named_by_its_inputs(tmp_path):
    lean = tmp_path / "lean.zip"
    lean.write_bytes(b"one")
    first = runtime.compiled_key(lean)
    lean.write_bytes(b"two")
    assert runtime.compiled_key(lean) != first
