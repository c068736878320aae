"""The package's layers are its folders, and each imports only from the layers below it:

    engine   how a tree is written, checked, walked and shown (no policy)
    trees    the policy: the six trees and what they share
    meeting  the meeting kit          training  trainers' scenarios and feedback
    browser  the worker's entry point, which reaches the rest through its ACTIONS

The command line (cli, __main__) and the package's own __init__ may use any of them. Nothing
imports the browser protocol back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "src" / "decision"

# importer's layer -> the layers it may import from
ALLOWED = {
    "engine": {"engine"},
    "trees": {"engine", "trees"},
    "meeting": {"engine", "meeting"},
    "training": {"engine", "trees", "training"},
    "browser": {"engine", "trees", "meeting", "training"},
}
# The one import from the engine into the trees: the catalogue of documents that citations name,
# which is policy and so kept with the trees.
EXCEPTIONS = {("decision.engine.validate", "decision.trees.sources"), ("decision.engine.view", "decision.trees.sources")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module of the package that `path` imports, relative imports made absolute."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names
                      if (PACKAGE.parent / (base + "." + alias.name).replace(".", "/")).with_suffix(".py").exists()
                      or (PACKAGE.parent / (base + "." + alias.name).replace(".", "/")).is_dir()}
    return {module for module in found if module == "decision" or module.startswith("decision.")}


def layer(module: str) -> str:
    return module.split(".")[1] if "." in module else "decision"


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_each_module_imports_only_from_its_own_layer_and_those_below(path):
    importer = module_name(path)
    if layer(importer) not in ALLOWED:  # cli, __main__, the package's __init__
        return
    for module in imported(path):
        if (importer, module) in EXCEPTIONS:
            continue
        assert layer(module) in ALLOWED[layer(importer)], f"{importer} imports {module}"


def test_the_layers_are_folders_and_nothing_imports_the_browser_protocol():
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == \
        {"engine", "trees", "meeting", "training"}
    importers = [module_name(p) for p in MODULES if "decision.browser" in imported(p)]
    assert importers == [], importers


# ------------------------------------------------------------------------------------------
# The build plugin, by concern (tools/handbook_build)
# ------------------------------------------------------------------------------------------
BUILD = ROOT / "tools" / "handbook_build"
CONCERNS = ("identity", "assets", "offline", "fences", "chapters")  # what plugin.py delegates to
FENCE_MODULES = ("widget", "diagram", "training", "meeting")


def build_imports(name: str) -> set[str]:
    """The modules of tools/handbook_build that one of them imports (relative imports only)."""
    found = set()
    for node in ast.walk(ast.parse((BUILD / f"{name}.py").read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def test_the_plugin_delegates_to_one_module_per_concern_and_none_imports_it_back():
    assert set(CONCERNS) <= build_imports("plugin")
    for path in BUILD.glob("*.py"):
        if path.stem != "plugin":
            assert "plugin" not in build_imports(path.stem), path.name


def test_each_fence_knows_only_the_fence_interface_and_fences_registers_all_four():
    for name in FENCE_MODULES:
        assert not {"fences", "plugin"} & build_imports(name), name
    assert set(FENCE_MODULES) <= build_imports("fences")
    assert "fence" in build_imports("fences") and not {"fences", "plugin"} & build_imports("fence")


def test_the_plugins_event_methods_are_short_and_each_says_why_its_work_happens_then():
    source = (BUILD / "plugin.py").read_text()
    lines = source.splitlines()
    plugin = next(node for node in ast.parse(source).body if isinstance(node, ast.ClassDef))
    events = [node for node in plugin.body if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")]
    assert {event.name for event in events} >= {"on_config", "on_files", "on_nav", "on_page_markdown",
                                                 "on_page_content", "on_post_build", "on_serve"}
    for event in events:
        assert lines[event.lineno - 2].strip().startswith("#"), f"{event.name} has no comment saying why"
        assert event.end_lineno - event.lineno < 16, f"{event.name} is {event.end_lineno - event.lineno + 1} lines"


@pytest.mark.parametrize("name", ["plugin", "fence", *CONCERNS])
def test_the_plugins_functions_are_short(name):
    for node in ast.walk(ast.parse((BUILD / f"{name}.py").read_text())):
        if isinstance(node, ast.FunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= 30, f"{name}.{node.name} is {length} lines"
