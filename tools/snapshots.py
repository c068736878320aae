"""Rewrite the committed path snapshots, one file per tree in tests/snapshots/.

    .venv/bin/python tools/snapshots.py

Run it after changing a tree on purpose, then read the diff: each changed line is a path whose
answers now lead somewhere else. tests/unit/test_snapshots.py fails until the files match.

The threshold checker is built from a council's framework, so each example council in profiles/
has its own: tests/snapshots/profiles/<council>.threshold.paths, every path of the checker built
from that council's framework (with the handbook's default names, as the wheel carries only the
framework).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from decision import council  # noqa: E402
from decision import get_tree, tree_ids  # noqa: E402
from decision.engine.paths import snapshot_lines  # noqa: E402
from decision.engine.view import filler  # noqa: E402
from decision.trees import framework  # noqa: E402

SNAPSHOTS = ROOT / "tests" / "snapshots"
PROFILES = ROOT / "profiles"
PROFILE_TREES = ("threshold",)  # the trees a council's settings file changes beyond its names and local rules


def profile_framework(profile: str) -> framework.Framework:
    return council.read(PROFILES / f"{profile}.toml").framework


def profiles() -> list[str]:
    """The example councils with a threshold framework of their own."""
    return sorted(p.stem for p in PROFILES.glob("*.toml") if council.read(p).framework)


def profile_snapshot_text(profile: str, tree_id: str) -> str:
    framework.use(profile_framework(profile))
    try:
        tree = get_tree(tree_id)
        header = [f"# {tree.id}: {filler(tree)(tree.title)}, with the threshold framework of profiles/{profile}.toml",
                  "# Every path: answers -> outcome id: who leads (or the result). Made by tools/snapshots.py."]
        return "\n".join(header + snapshot_lines(tree)) + "\n"
    finally:
        framework.use(None)


def snapshot_text(tree_id: str) -> str:
    tree = get_tree(tree_id)
    header = [f"# {tree.id}: {filler(tree)(tree.title)}",
              "# Every path: answers -> outcome id: who leads (or the result). Made by tools/snapshots.py."]
    return "\n".join(header + snapshot_lines(tree)) + "\n"


def main() -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for tree_id in tree_ids():
        target = SNAPSHOTS / f"{tree_id}.paths"
        text = snapshot_text(tree_id)
        changed = not target.exists() or target.read_text() != text
        target.write_text(text)
        print(f"{'updated' if changed else 'unchanged'}: {target.relative_to(ROOT)} ({text.count(chr(10)) - 2} paths)")
    for stale in SNAPSHOTS.glob("*.paths"):
        if stale.stem not in tree_ids():
            stale.unlink()
            print(f"removed: {stale.relative_to(ROOT)}")
    (SNAPSHOTS / "profiles").mkdir(exist_ok=True)
    wanted = {SNAPSHOTS / "profiles" / f"{p}.{t}.paths" for p in profiles() for t in PROFILE_TREES}
    for target in sorted(wanted):
        profile, tree_id = target.name.split(".")[:2]
        text = profile_snapshot_text(profile, tree_id)
        changed = not target.exists() or target.read_text() != text
        target.write_text(text)
        print(f"{'updated' if changed else 'unchanged'}: {target.relative_to(ROOT)} ({text.count(chr(10)) - 2} paths)")
    for stale in set((SNAPSHOTS / "profiles").glob("*.paths")) - wanted:
        stale.unlink()
        print(f"removed: {stale.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
