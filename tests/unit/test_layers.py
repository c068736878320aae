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
