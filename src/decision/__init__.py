"""Declarative decision trees for the Lead Professional handbook.

Standard library only: the same code runs on CPython 3.11+ and in the browser under Pyodide.
"""

from .engine.model import (CHOICE, MULTI, PRACTITIONERS, Branch, Condition, Context, Detail, LocalName, Option,
                    Outcome, Question, Rule, Source, Tree, Variant)
from .trees.registry import get_tree, tree_ids
from .engine.resolver import Step, resolve
from .engine.validate import TreeError, validate
from .engine.view import step_view

__version__ = "2.0.0"

__all__ = [
    "CHOICE", "MULTI", "PRACTITIONERS", "Branch", "Condition", "Context", "Detail", "LocalName", "Option",
    "Outcome",
    "Question", "Rule", "Source", "Step", "Tree", "TreeError", "Variant", "get_tree", "resolve",
    "step_view", "tree_ids", "validate",
]
