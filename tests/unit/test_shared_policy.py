"""What several trees say in the same words is written once, in the trees' shared modules: the
sections of national guidance they cite (decision.trees.sources) and the note on what to do at
once if a child may be at risk (decision.trees.safety). A change to either then reaches every
tree, and no tree's copy can drift from the others."""

from __future__ import annotations

import importlib
import re

from decision import tree_ids
from decision.engine.model import Source
from decision.trees import safety
from decision.trees.registry import MODULES

TREE_MODULES = [importlib.import_module(MODULES[tree_id]) for tree_id in tree_ids()]
NOTE = re.compile(r"If at any point (?P<worry>.+?), do not wait(?: for (?P<wait>.+?))?: contact \{front_door\} "
                  r"straight away, or 999 in an emergency(?:, and (?P<also>.+))?\.")


def test_a_section_of_national_guidance_several_trees_cite_is_one_definition():
    first: dict[Source, tuple[str, str, Source]] = {}
    for module in TREE_MODULES:
        for name, value in vars(module).items():
            if not isinstance(value, Source) or value.document != "wt-2023":
                continue
            seen = first.setdefault(value, (module.__name__, name, value))
            assert seen[2] is value, (f"{module.__name__}.{name} repeats {seen[0]}.{seen[1]}: "
                                      "cite the one in decision.trees.sources")


def test_working_together_early_help_is_cited_from_the_shared_sources():
    from decision.trees.sources import WT_EARLY_HELP

    citing = [module.__name__ for module in TREE_MODULES if getattr(module, "WT_EARLY_HELP", None) is WT_EARLY_HELP]
    assert len(citing) == 5, citing


def test_every_tree_s_at_risk_note_is_the_shared_one():
    notes = [(module.__name__, module.SAFETY_NOTE) for module in TREE_MODULES if hasattr(module, "SAFETY_NOTE")]
    assert len(notes) == 5
    for name, note in notes:
        found = NOTE.fullmatch(note)
        assert found, f"{name}: {note}"
        assert note == safety.safety_note(found["wait"] or "", found["worry"], found["also"] or ""), name


def test_the_note_says_what_differs_and_keeps_the_rest():
    assert safety.safety_note("a meeting") == (
        "If at any point you think a child may be at risk of significant harm, do not wait for a meeting: "
        "contact {front_door} straight away, or 999 in an emergency.")
    assert safety.safety_note(worry="the disagreement turns on whether a child is safe", also="use the procedure") == (
        "If at any point the disagreement turns on whether a child is safe, do not wait: contact {front_door} "
        "straight away, or 999 in an emergency, and use the procedure.")
