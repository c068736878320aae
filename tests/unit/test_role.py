"""The role's name is the council's: [role] in the settings file names it (name, plural, article),
every form of it is made from those three, and the tools and pages use it."""

from __future__ import annotations

import json
import re

import pytest

from support import ROOT, strings_in
from decision import council, get_tree, resolve, step_view, tree_ids
from decision.engine.paths import enumerate_paths
from decision.engine.view import filler
from decision.trees import framework
from decision.trees.local_names import ROLE_IDS, ROLE_NAMES, role_names
from handbook_build.placeholders import PlaceholderError, fill_page, fill_text, page_values, settings_reference
from handbook_build.identity import all_local_names, all_variants
from handbook_build.settings import Settings, SettingsError, load

ROLE = "[role]\nname = 'Family Help lead practitioner'\nplural = 'Family Help lead practitioners'\narticle = 'a'\n"
DEFAULT = re.compile(r"lead\s+professional", re.IGNORECASE)


def read(tmp_path, text: str) -> Settings:
    path = tmp_path / "council.toml"
    path.write_text(text)
    return load(path, all_local_names(), all_variants())


def problem(tmp_path, text: str) -> str:
    with pytest.raises(SettingsError) as raised:
        read(tmp_path, text)
    message = str(raised.value)
    assert "\n" not in message and "council.toml: " in message
    return message


# ------------------------------------------------------------------------------------------
# The setting
# ------------------------------------------------------------------------------------------
def test_the_default_is_lead_professional_in_every_form():
    assert Settings().role_names() == {"role": "lead professional", "roles": "lead professionals",
                                      "a_role": "a lead professional", "Role": "Lead professional",
                                      "Roles": "Lead professionals", "A_role": "A lead professional"}
    assert {n.id: n.default for n in ROLE_NAMES} == role_names()


def test_a_council_names_the_role_and_every_form_follows(tmp_path):
    settings = read(tmp_path, "[role]\nname = 'early help lead'\nplural = 'early help leads'\narticle = 'an'\n")
    assert settings.role_names() == {"role": "early help lead", "roles": "early help leads",
                                     "a_role": "an early help lead", "Role": "Early help lead",
                                     "Roles": "Early help leads", "A_role": "An early help lead"}
    assert settings.site.title == "Early help lead handbook"  # the default title names the role too
    named = read(tmp_path, ROLE + "[site]\ntitle = 'Eastvale handbook'\n")
    assert named.site.title == "Eastvale handbook" and named.role_names()["A_role"] == "A Family Help lead practitioner"


@pytest.mark.parametrize("text, expected", [
    ("[role]\nname = ''", "role.name: is empty: write it in, or leave the key out to keep the default"),
    ("[role]\nname = '   '\nplural = 'x'\narticle = 'a'", "role.name: is empty"),
    ("[role]\nname = 'lead practitioner'", "role.plural: is missing: a council that sets role.name sets "
                                           "role.plural and role.article too"),
    ("[role]\nname = 'lead practitioner'\nplural = 'lead practitioners'", "role.article: is missing"),
    ("[role]\narticle = 'the'", 'role.article: "the": expected "a" or "an"'),
    ("[role]\nname = 42", "role.name: expected text in quotes, got the number 42"),
    ("[role]\nnmae = 'x'", "role.nmae: is not a setting in role (expected one of: article, name, plural)"),
    ("role = 'lead practitioner'", "role: expected a table ([role]), got \"lead practitioner\""),
    ("[role]\nname = '" + "x" * 61 + "'\nplural = 'x'\narticle = 'a'",
     "role.name: is 61 characters long; keep it to 60 or fewer"),
    ('[role]\nname = "lead\\u202epractitioner"', "role.name: contains the invisible character U+202E"),
    ("[names]\nrole = 'lead practitioner'", "names.role: is not a local name"),
    ("[names]\nRole = 'Lead practitioner'", "names.Role: is not a local name"),
])
def test_each_mistake_names_the_file_and_the_key(tmp_path, text, expected):
    assert expected in problem(tmp_path, text)


def test_the_longest_name_is_accepted(tmp_path):
    name = "x" * 60
    assert read(tmp_path, f"[role]\nname = '{name}'\nplural = '{name}'\narticle = 'a'\n").role.name == name


def test_the_command_line_reads_the_role_with_the_same_checks(tmp_path):
    path = tmp_path / "council.toml"
    path.write_text(ROLE)
    assert council.read(path).names["a_role"] == "a Family Help lead practitioner"
    path.write_text("[role]\nname = 'lead practitioner'\n")
    with pytest.raises(council.CouncilSettingsError, match="role.plural: is missing"):
        council.read(path)
    assert not ROLE_IDS & set(council.known_names())  # [names] cannot set them


def test_the_settings_reference_lists_the_role():
    rows = settings_reference().splitlines()
    for key, default in (("name", "lead professional"), ("plural", "lead professionals"), ("article", "a")):
        assert any(row.startswith(f"| `[role]` `{key}` |") and f"| `{default}` |" in row and "60 characters" in row
                   for row in rows), key


# ------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------
PAGE = ("# Who can be {{ role.a_name }}?\n\n{{ role.A_name }} co-ordinates. {{ role.Plural }} and "
        "{{ role.plural }} meet; {{ role.Name }}, the {{ role.name }}.\n")


def test_pages_name_the_role_as_the_council_does(tmp_path):
    settings = read(tmp_path, ROLE)
    filled = fill_page(PAGE, "test.md", page_values(settings, all_local_names() | settings.role_names()))
    assert filled == ("# Who can be a Family Help lead practitioner?\n\nA Family Help lead practitioner co-ordinates. "
                      "Family Help lead practitioners and Family Help lead practitioners meet; Family Help lead "
                      "practitioner, the Family Help lead practitioner.\n")
    default = fill_page(PAGE, "test.md", page_values(Settings(), all_local_names()))
    assert default.startswith("# Who can be a lead professional?\n\nA lead professional co-ordinates. Lead "
                              "professionals and lead professionals meet; Lead professional, the lead professional.")


def test_a_misspelt_role_placeholder_stops_the_build():
    with pytest.raises(PlaceholderError, match=r"test.md: unknown placeholder \{\{ role.nmae \}\}"):
        fill_page("{{ role.nmae }}", "test.md", page_values(Settings(), all_local_names()))


def test_the_role_is_text_in_a_page_never_markup(tmp_path):
    settings = read(tmp_path, "[role]\nname = '<b>lead</b> *x*'\nplural = '[y](javascript:z)'\narticle = 'a'\n")
    filled = fill_page("{{ role.name }} {{ role.plural }}", "t.md", page_values(settings, all_local_names()))
    assert "<" not in filled and "*" not in filled and "[" not in filled and "(" not in filled
    assert fill_text("The {{ role.name }} and {{ council.name }}", settings) == \
        "The <b>lead</b> *x* and {{ council.name }}"  # for the theme, which the plugin escapes


# ------------------------------------------------------------------------------------------
# Tools: every tree declares the role's names, reads exactly as before by default, and says
# the council's name on every step of every path
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tree_id", tree_ids())
def test_every_tree_declares_the_role_names(tree_id):
    assert ROLE_IDS <= {n.id for n in get_tree(tree_id).names}


def test_by_default_a_tool_reads_as_it_did():
    tree = get_tree("allocation")
    view = step_view(resolve(tree, {"status": "looked_after"}), names=None)
    assert view["title"] == "Who should be the lead professional?"
    assert filler(tree)("{A_role} and {roles}") == "A lead professional and lead professionals"


def test_every_step_of_every_path_names_the_role_as_eastvale_does():
    """Eastvale's names, local rules and threshold framework, every path of every tool: each
    question and result the reader sees, bar the sources' own titles, says "Family Help lead
    practitioner" where it names the role."""
    rules = council.read(ROOT / "profiles" / "eastvale.toml")
    framework.use(rules.framework)
    try:
        found, named = [], 0
        for tree_id in tree_ids():
            tree = get_tree(tree_id)
            variants = tree.default_variants() | {k: v for k, v in rules.variants.items()
                                                   if k in tree.default_variants()}
            seen: set[str] = set()
            for path in enumerate_paths(tree, variants, rules.names):
                answers: dict = {}
                for question, value in ((None, None), *path.answers):
                    if question:
                        answers[question] = value
                    view = step_view(resolve(tree, answers, variants), "Eastvale Borough Council", rules.names)
                    if view["kind"] == "outcome":  # the sources' own titles and sections are kept as written
                        view["outcome"] = {k: v for k, v in view["outcome"].items() if k != "sources"}
                    for text in strings_in(view):
                        named += "Family Help lead practitioner" in text
                        if DEFAULT.search(text) and text not in seen:
                            seen.add(text)
                            found.append(f"{tree_id} {dict(answers)}: {text}")
        assert not found, "The default name is left in:\n" + "\n".join(found[:20])
        assert named > 100
    finally:
        framework.use(None)


def test_menu_titles_and_the_description_take_the_role_as_text(tmp_path):
    from markupsafe import Markup
    from mkdocs.structure.nav import Section
    from handbook_build.chapters import name_role
    settings = read(tmp_path, "[role]\nname = '<b>lead</b> & co'\nplural = 'leads \"x\"'\narticle = 'a'\n")
    section = Section("The {{ role.name }}", [Section("Others", [])])
    name_role([section], settings)
    assert section.title == "The &lt;b&gt;lead&lt;/b&gt; &amp; co" and isinstance(section.title, Markup)
    assert section.children[0].title == "Others"  # no placeholder: left as it is


def test_training_feedback_labels_who_leads_in_the_councils_words():
    from decision.training.scenarios import feedback
    from handbook_build.training import load
    rules = council.read(ROOT / "profiles" / "eastvale.toml")
    scenario = next(s for s in load().scenarios if s.tree == "allocation")
    reply = feedback(scenario, dict(scenario.answers), rules.variants, rules.names)
    assert reply["lead_labels"] == {"right": "Family Help lead practitioner",
                                    "yours": "Your Family Help lead practitioner",
                                    "expected": "Expected Family Help lead practitioner"}
    assert feedback(scenario, dict(scenario.answers))["lead_labels"]["yours"] == "Your lead professional"
