"""Every path through every tree, against the committed snapshots, on CPython and on Pyodide."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from decision import get_tree, tree_ids
from decision.engine.paths import snapshot_lines, visited_nodes
from decision.trees import framework
from snapshots import PROFILE_TREES, ROOT, SNAPSHOTS, profile_framework, profile_snapshot_text, profiles, snapshot_text

REGENERATE = "run `.venv/bin/python tools/snapshots.py` and review the diff"


@pytest.mark.parametrize("tree_id", tree_ids())
def test_the_snapshot_matches_every_path(tree_id):
    committed = SNAPSHOTS / f"{tree_id}.paths"
    assert committed.exists(), f"no snapshot for {tree_id}: {REGENERATE}"
    assert committed.read_text() == snapshot_text(tree_id), f"paths of {tree_id} changed: {REGENERATE}"


@pytest.mark.parametrize("tree_id", tree_ids())
def test_every_node_is_reached_by_some_path(tree_id):
    tree = get_tree(tree_id)
    never = sorted({n.id for n in tree.nodes} - visited_nodes(tree))
    assert never == [], f"{tree_id}: nodes no path reaches: {never}"


def test_there_is_a_snapshot_for_each_tree_and_no_other():
    assert sorted(p.stem for p in SNAPSHOTS.glob("*.paths")) == sorted(tree_ids())


def test_both_example_councils_have_a_framework_of_their_own():
    assert profiles() == ["eastvale", "northshire"]
    levels = {p: [level.name for level in profile_framework(p).levels] for p in profiles()}
    assert levels == {"eastvale": ["Universal", "Family Help", "Child protection"],
                      "northshire": ["Universal", "Early help", "Targeted or complex", "Statutory"]}


@pytest.mark.parametrize("profile", ["eastvale", "northshire"])
@pytest.mark.parametrize("tree_id", PROFILE_TREES)
def test_each_councils_snapshot_matches_every_path_of_its_framework(profile, tree_id):
    committed = SNAPSHOTS / "profiles" / f"{profile}.{tree_id}.paths"
    assert committed.exists(), f"no snapshot for {profile}: {REGENERATE}"
    assert committed.read_text() == profile_snapshot_text(profile, tree_id), \
        f"paths of {tree_id} for {profile} changed: {REGENERATE}"


@pytest.mark.parametrize("profile", ["eastvale", "northshire"])
def test_every_node_of_a_councils_checker_is_reached(profile):
    framework.use(profile_framework(profile))
    try:
        tree = get_tree("threshold")
        never = sorted({n.id for n in tree.nodes} - visited_nodes(tree))
    finally:
        framework.use(None)
    assert never == [], f"{profile}: nodes no path reaches: {never}"


@pytest.mark.parametrize("profile", ["eastvale", "northshire"])
def test_pyodide_gives_the_same_paths_as_cpython_for_each_council(profile, tmp_path):
    """The council's framework reaches Pyodide inside the wheel, as on its site; and every step its
    site foresees (with its names, local rules and framework) is Pyodide's own answer."""
    from handbook_build.runtime import build_wheel, shipped_stdlib
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser (the test command installs it)"
    wheel = build_wheel(profile_framework(profile).to_json().encode())
    published, requests, foreseen = foreseen_requests(profile_settings(profile))
    (tmp_path / "requests.json").write_text(json.dumps(requests))
    (tmp_path / "settings.json").write_text(published)
    result = subprocess.run([node, str(ROOT / "tools" / "pyodide_paths.mjs"), str(wheel), str(shipped_stdlib(wheel)),
                             f"--requests={tmp_path / 'requests.json'}", f"--settings={tmp_path / 'settings.json'}",
                             *PROFILE_TREES],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    under_pyodide = json.loads(result.stdout)
    for tree_id in PROFILE_TREES:
        expected = profile_snapshot_text(profile, tree_id).splitlines()[2:]
        assert len(expected) > 30 and under_pyodide["paths"][tree_id] == expected, (profile, tree_id)
    assert_pyodide_foresaw(requests, foreseen, under_pyodide["replies"])


def profile_settings(profile: str):
    from handbook_build.settings import load
    from decision.council import known_names, known_variants
    settings = load(ROOT / "profiles" / f"{profile}.toml", known_names(), known_variants())
    assert settings.council.name and (settings.variants or settings.names), f"{profile} sets nothing local to foresee"
    return settings


def foreseen_requests(settings=None) -> tuple[str, list[str], list[dict]]:
    """Every step the build foresees for each tree (foreseen.py), with a council's settings or the
    defaults: the settings file the build would publish for Python (the role's name too), the
    request the page would send for each step, and the reply (view and markup) the page would
    show before Python is ready."""
    from handbook_build.foreseen import foreseen_replies, request_for
    from handbook_build.published import own_choices, read_back, settings_content
    variants, names = (settings.variants, settings.tool_names()) if settings else ({}, {})
    council = settings.council.name if settings else ""
    published = settings_content(council, "", {tree_id: own_choices(tree_id, variants, names)
                                                for tree_id in tree_ids()})
    requests, replies = [], []
    framework.use(settings.threshold if settings else None)
    try:
        for tree_id in tree_ids():
            for key, reply in foreseen_replies(tree_id, read_back(published)).items():
                requests.append(json.dumps(request_for(tree_id, json.loads(key))))
                replies.append(reply)
    finally:
        framework.use(None)
    return published.decode(), requests, replies


def assert_pyodide_foresaw(requests: list[str], foreseen: list[dict], replies: list[str]) -> None:
    """Pyodide's reply to each foreseen request is the build's, view and markup alike."""
    assert len(foreseen) > 100, "fewer foreseen steps than the trees have"
    for request, expected, reply in zip(requests, foreseen, replies, strict=True):
        assert set(expected) == {"ok", "view", "html"} and expected["html"].startswith("<"), request
        assert json.loads(reply) == expected, request


def test_pyodide_gives_the_same_paths_as_cpython(tmp_path):
    """Run on the standard library the site ships (lean, and compiled to bytecode), so every path
    is proven on it too, with every module of the library loaded from its bytecode. Every step the
    build foresees (drawn before Python is ready) must be Pyodide's own answer too."""
    from handbook_build.runtime import build_wheel, shipped_stdlib
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser (the test command installs it)"
    wheel = build_wheel()
    published, requests, foreseen = foreseen_requests()
    (tmp_path / "requests.json").write_text(json.dumps(requests))
    (tmp_path / "settings.json").write_text(published)
    command = [node, str(ROOT / "tools" / "pyodide_paths.mjs"), str(wheel), str(shipped_stdlib(wheel)),
               f"--requests={tmp_path / 'requests.json'}", f"--settings={tmp_path / 'settings.json'}", *tree_ids()]
    result = subprocess.run(command,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    under_pyodide = json.loads(result.stdout)
    assert under_pyodide["python"].startswith("3.14")
    assert "json/__init__.pyc" in under_pyodide["library"]["bytecode"], under_pyodide["library"]
    assert under_pyodide["library"]["source"] == [], "modules of the library compiled in the browser"
    for tree_id in tree_ids():
        assert under_pyodide["paths"][tree_id] == snapshot_lines(get_tree(tree_id)), tree_id
    assert_pyodide_foresaw(requests, foreseen, under_pyodide["replies"])
