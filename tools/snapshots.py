"""Rewrite the committed path snapshots, one file per tree in tests/snapshots/.

    .venv/bin/python tools/snapshots.py

Run it after changing a tree on purpose, then read the diff: each changed line is a path whose
answers now lead somewhere else. tests/unit/test_snapshots.py fails until the files match.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from decision import get_tree, tree_ids  # noqa: E402
from decision.engine.paths import snapshot_lines  # noqa: E402

SNAPSHOTS = ROOT / "tests" / "snapshots"


def snapshot_text(tree_id: str) -> str:
    tree = get_tree(tree_id)
    header = [f"# {tree.id}: {tree.title}",
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


if __name__ == "__main__":
    main()
