"""Every tree the package offers, by id. Trees are imported only when first asked for, so the
browser loads just the module of the tool on the page."""

from __future__ import annotations

import importlib

from ..engine.model import Tree

# tree id -> module that defines TREE
MODULES: dict[str, str] = {
    "allocation": "decision.trees.allocation",
    "threshold": "decision.trees.threshold",
    "engagement": "decision.trees.engagement",
    "change_lead": "decision.trees.change_lead",
    "independent_chair": "decision.trees.independent_chair",
    "disagreement": "decision.trees.disagreement",
}


def tree_ids() -> tuple[str, ...]:
    return tuple(MODULES)


def get_tree(tree_id: str) -> Tree:
    if tree_id not in MODULES:
        raise KeyError(tree_id)
    return importlib.import_module(MODULES[tree_id]).TREE
