"""The build's identity (every page's <meta name="lp-build">, the tools' script and the service
worker carry it) changes with any change of content, however small, and stays the same when
nothing changed, so that an open tab can tell that a page is from another release."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook_build import runtime
from handbook_build.identity import BUILD_INPUTS, build_identity
from handbook_build.settings import Settings
from support import ROOT

COPIED = ("docs", "overrides", *BUILD_INPUTS)


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A copy of what the build reads, which the tests change one file at a time."""
    copy = tmp_path / "repository"
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy / name)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "handbook.toml").write_text('[council]\nname = "Northshire Council"\n')
    (copy / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    monkeypatch.setattr(runtime, "ROOT", copy)
    monkeypatch.delenv("HANDBOOK_SITE_URL", raising=False)
    return copy


def identity(copy: Path) -> str:
    config = SimpleNamespace(docs_dir=str(copy / "docs"), theme=SimpleNamespace(custom_dir=str(copy / "overrides")),
                             config_file_path=str(copy / "mkdocs.yml"))
    settings = dataclasses.replace(Settings(), source=copy / "handbook.toml")
    settings = dataclasses.replace(settings, council=dataclasses.replace(settings.council, logo=str(copy / "logo.svg")))
    return build_identity(config, settings, serving=False)


def test_an_unchanged_handbook_keeps_its_identity_wherever_it_is_built(repository, tmp_path):
    first = identity(repository)
    assert identity(repository) == first
    (repository / "src" / "decision" / "__pycache__").mkdir(exist_ok=True)
    (repository / "src" / "decision" / "__pycache__" / "model.cpython-311.pyc").write_bytes(b"compiled")
    assert identity(repository) == first  # what Python caches for itself is not content
    elsewhere = shutil.copytree(repository, tmp_path / "elsewhere")
    runtime.ROOT = elsewhere  # (restored by monkeypatch)
    assert identity(elsewhere) == first
    assert len(first) == 12 and int(first, 16) >= 0


def append(path: Path, text: str) -> None:
    path.write_bytes(path.read_bytes() + text.encode())


CHANGES = {
    "a word in a page": lambda c: append(c / "docs" / "index.md", " Updated."),
    "a shared snippet": lambda c: append(c / "docs" / "_includes" / "abbreviations.md", "\n"),
    "a style sheet": lambda c: append(c / "docs" / "assets" / "handbook" / "theme.css", "\n/* changed */\n"),
    "a script": lambda c: append(c / "docs" / "assets" / "handbook" / "lp-tools.js", "\n"),
    "a tree's wording": lambda c: append(c / "src" / "decision" / "trees" / "allocation.py", "\n# changed\n"),
    "the build code": lambda c: append(c / "tools" / "handbook_build" / "markup.py", "\n"),
    "a theme template": lambda c: append(c / "overrides" / "main.html", "\n"),
    "a training scenario": lambda c: append(next((c / "training").rglob("*.*")), "\n"),
    "the settings": lambda c: append(c / "handbook.toml", '[names]\nfront_door = "Family Hub"\n'),
    "the logo": lambda c: append(c / "logo.svg", "\n"),
    "mkdocs.yml": lambda c: append(c / "mkdocs.yml", "\n# changed\n"),
    "the policy": lambda c: append(c / "hosting" / "content-security-policy.txt", " "),
}


def test_any_change_of_content_gives_a_new_identity(repository):
    seen = {"unchanged": identity(repository)}
    for what, change in CHANGES.items():
        change(repository)
        seen[what] = identity(repository)
    assert len(set(seen.values())) == len(seen), seen  # each change, on top of the last, gave a new name


def test_the_address_the_site_is_built_for_is_part_of_its_identity(repository, monkeypatch):
    before = identity(repository)
    monkeypatch.setenv("HANDBOOK_SITE_URL", "https://handbook.example.org/")
    assert identity(repository) != before
