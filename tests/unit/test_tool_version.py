"""A tool's version is worked out from its rules, so a saved or shared answer (its address
carries the version as `v`) is replayed with a notice when the rules behind it have changed, and
without one when they have not. Nobody raises it by hand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from decision import get_tree, tree_ids
from decision.browser import handle, read_settings
from decision.engine.model import Condition, LocalName, Outcome, Question, Variant
from support import ROOT

CHANGED = "This tool has changed since the link you followed was made"


def with_node(tree, node_id: str, **changes):
    return replace(tree, nodes=tuple(replace(n, **changes) if n.id == node_id else n for n in tree.nodes))


def first_outcome(tree) -> Outcome:
    return tree.outcomes()[0]


def first_question(tree) -> Question:
    return tree.questions()[0]


# ------------------------------------------------------------------------------------------
# Stable when nothing changed
# ------------------------------------------------------------------------------------------

# Every tree's own version, and its version with a council's name for its front door.
ALL_VERSIONS = ('json.dumps({t: [get_tree(t).version, get_tree(t).version_for({}, {"front_door": "Duty desk"})] '
                'for t in tree_ids()})')
VERSIONS = f"import json, sys\nsys.path.insert(0, sys.argv[1])\nfrom decision import get_tree, tree_ids\nprint({ALL_VERSIONS})"


def versions_here() -> dict:
    return json.loads(eval(ALL_VERSIONS, {"json": json, "get_tree": get_tree, "tree_ids": tree_ids}))  # noqa: S307


def versions_in_a_new_process(seed: str) -> dict:
    environment = dict(os.environ, PYTHONHASHSEED=seed, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-c", VERSIONS, str(ROOT / "src")], capture_output=True, text=True,
                            env=environment, check=True)
    return json.loads(result.stdout)


def test_the_version_is_the_same_in_every_process_when_nothing_changed():
    here = versions_here()
    assert versions_in_a_new_process("1") == here
    assert versions_in_a_new_process("2") == here  # sets of tags and salted hashes play no part


@pytest.mark.parametrize("tree_id", tree_ids())
def test_settings_equal_to_the_defaults_or_unused_by_the_tool_leave_the_version_alone(tree_id):
    tree = get_tree(tree_id)
    plain = tree.version_for()
    assert tree.version_for(tree.default_variants(), tree.default_names()) == plain
    assert tree.version_for({"no_such_rule": "x", **{v.id: "not a choice" for v in tree.variants}},
                            {"no_such_name": "Somewhere", **{n.id: "   " for n in tree.names}}) == plain
    assert tree.version_for([1, 2], "names") == plain  # unusable settings count as none, as when the tool runs
    assert plain != tree.version  # the version a page carries covers the settings too
    assert len(plain) == 12 and int(plain, 16) >= 0


# ------------------------------------------------------------------------------------------
# Changed when the rules change
# ------------------------------------------------------------------------------------------

def allocation():
    return get_tree("allocation")


def test_any_change_to_what_the_tool_says_or_decides_changes_its_version():
    tree = allocation()
    question, outcome, condition = first_question(tree), first_outcome(tree), tree.conditions[0]
    option = question.options[0]
    other_target = next(o.next for o in question.options if o.next != option.next)
    changed = {
        "a question's wording": with_node(tree, question.id, text=question.text + " now"),
        "an option's wording": with_node(tree, question.id, options=(replace(option, label="Other"),
                                                                      *question.options[1:])),
        "where an answer leads": with_node(tree, question.id, options=(replace(option, next=other_target),
                                                                        *question.options[1:])),
        "an outcome's title": with_node(tree, outcome.id, title=outcome.title + "."),
        "an outcome's reasons": with_node(tree, outcome.id, reasons=(*outcome.reasons, "A new reason.")),
        "an outcome's sources": with_node(tree, outcome.id, sources=outcome.sources[:-1]),
        "a condition's description": replace(tree, conditions=(replace(condition, description="Something else"),
                                                               *tree.conditions[1:])),
        "a condition's code": replace(tree, conditions=(Condition(condition.id, condition.description,
                                                                  lambda context: True), *tree.conditions[1:])),
        "a local rule's choices": replace(tree, variants=tuple(
            replace(v, choices={**v.choices, "new": "A new choice"}) for v in tree.variants)),
        "a local name's default": replace(tree, names=(*tree.names, LocalName("extra", "An extra name", "the desk"))),
    }
    versions = {what: changed_tree.version for what, changed_tree in changed.items()}
    assert tree.version not in versions.values(), versions
    assert len(set(versions.values())) == len(versions), versions


def test_a_council_setting_the_tool_uses_changes_its_version():
    tree = allocation()  # it has local rules
    variant: Variant = tree.variants[0]
    other = next(choice for choice in variant.choices if choice != variant.default)
    assert tree.version_for({variant.id: other}) != tree.version_for()
    tree = get_tree("engagement")  # it has a local name
    name = tree.names[0].id
    plain = tree.version_for()
    assert tree.version_for(names={name: "The Family Hub"}) != plain
    assert tree.version_for(names={name: "The Family Hub"}) != tree.version_for(names={name: "The Duty Desk"})


# ------------------------------------------------------------------------------------------
# Replaying a saved answer
# ------------------------------------------------------------------------------------------

def engagement():
    return get_tree("engagement")


def replay(version, names=None):
    """The engagement tool's first answer, saved with `version`, replayed on a site whose
    council names its front door `names` (or leaves it as the default)."""
    request = {"tree": "engagement", "answers": {"safety": "no"}, "version": version}
    settings = read_settings(json.dumps({"tools": {"engagement": {"names": names or {}}}}))
    view = json.loads(handle(json.dumps(request), settings))["view"]
    assert [row["question_id"] for row in view["answers"]] == ["safety"]
    return view["notices"]


def test_an_answer_saved_with_the_current_rules_is_replayed_without_a_notice():
    assert replay(engagement().version_for()) == []
    named = {"front_door": "The Family Hub"}
    assert replay(engagement().version_for(names=named), named) == []


def test_an_answer_saved_under_other_rules_or_settings_is_replayed_with_a_notice():
    tree = engagement()
    earlier = with_node(tree, first_outcome(tree).id, title="An earlier wording")
    assert CHANGED in replay(earlier.version_for())[0]
    assert CHANGED in replay(1)[0]  # a link from before versions were worked out
    named = {"front_door": "The Family Hub"}
    assert CHANGED in replay(tree.version_for(), named)[0]  # the council has renamed its front door since


# ------------------------------------------------------------------------------------------
# The browser works out the same version as the build
# ------------------------------------------------------------------------------------------

PYODIDE_VERSIONS = """
import { loadPyodide } from "%(pyodide)s";
import { readFileSync } from "node:fs";
const pyodide = await loadPyodide({ stdLibURL: "%(stdlib)s", stdout: () => {}, stderr: () => {} });
const site = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(readFileSync("%(wheel)s")), "wheel", { extractDir: site });
process.stdout.write(pyodide.runPython(`%(code)s`));
"""


def test_pyodide_in_the_browser_works_out_the_same_versions_as_the_build(tmp_path):
    from handbook_build.runtime import PYODIDE_PACKAGE, build_wheel, shipped_stdlib
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser (the test command installs it)"
    code = f"import json\nfrom decision import get_tree, tree_ids\n{ALL_VERSIONS}"
    wheel = build_wheel()
    script = tmp_path / "versions.mjs"
    script.write_text(PYODIDE_VERSIONS % {"pyodide": PYODIDE_PACKAGE / "pyodide.mjs", "wheel": wheel,
                                          "stdlib": shipped_stdlib(wheel), "code": code})
    result = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == versions_here()
