"""The council settings file: every mistake gives one line naming the file and the key."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT, settings_toml
from handbook_build.identity import all_local_names, all_variants
from handbook_build.settings import Settings, SettingsError, check_colours, contrast, load


def read(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "council.toml"
    path.write_text(text)
    return load(path, all_local_names(), all_variants())


def problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(SettingsError) as raised:
        settings = read(tmp_path, text)
        check_colours(settings)
    message = str(raised.value)
    assert "\n" not in message and "council.toml: " in message
    return message


def test_no_file_gives_the_neutral_default_profile():
    settings = load(None, all_local_names(), all_variants())
    assert settings.council.name == "" and settings.variants == {} and settings.contacts == ()


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("*.toml")), ids=lambda p: p.stem)
def test_the_example_profiles_are_valid(profile):
    settings = load(profile, all_local_names(), all_variants())
    check_colours(settings)
    assert settings.council.name and settings.contacts and settings.variants
    assert Path(settings.council.logo).is_file()


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("*.toml")), ids=lambda p: p.stem)
def test_an_example_profile_copied_to_handbook_toml_still_finds_its_logo(profile, tmp_path):
    """The README's adoption step, `cp profiles/<example>.toml handbook.toml`, moves the settings
    file out of profiles/: its logo must still be found (in the handbook's own folder)."""
    copied = tmp_path / "handbook.toml"
    copied.write_text(profile.read_text())
    logo = load(copied, all_local_names(), all_variants()).council.logo
    assert Path(logo).is_file() and logo == load(profile, all_local_names(), all_variants()).council.logo


def test_the_two_example_profiles_differ_in_identity_and_in_every_local_rule():
    north, east = (load(ROOT / "profiles" / f"{p}.toml", all_local_names(), all_variants())
                   for p in ("northshire", "eastvale"))
    assert north.council.name != east.council.name and north.colours.primary != east.colours.primary
    assert north.names["front_door"] != east.names["front_door"]
    # Each example makes the other choice on every local rule, so that both choices are built and shown.
    assert [k for k in north.variants if north.variants[k] != east.variants.get(k)] == [
        "sen_lead", "youth_justice_lead", "disability_lead", "care_leaver_lead", "child_in_need_lead"]


@pytest.mark.parametrize("text, expected", [
    ("colour = 'red'", "colour: is not a setting in the top level (expected one of: colours, contacts"),
    ("[council]\nnmae = 'X'", "council.nmae: is not a setting in council (expected one of: logo, logo_alt, name"),
    ("[council]\nname = 42", 'council.name: expected text in quotes, got the number 42'),
    ("[council]\nname = ''", "council.name: is empty: write it in, or leave the key out"),
    ("[site]\ntitle = '   '", "site.title: is empty: write it in, or leave the key out"),
    ("council = 'X'", "council: expected a table ([council]), got \"X\""),
    ("[colours]\nprimary = 'blue'", 'colours.primary: expected a colour like "#1d4f91", got "blue"'),
    ("[colours]\nprimary = '#ffdd00'", "colours.primary: \"#ffdd00\" against white has a contrast of 1.3:1"),
    ("[colours]\ndark_accent = '#005a6e'",
     "colours.dark_accent: \"#005a6e\" against the dark background #1e2129 has a contrast of 2.1:1; WCAG AA needs "
     "at least 4.5:1 (choose a lighter colour)"),
    ("[site]\ncsp_meta = 'yes'", 'site.csp_meta: expected true or false, got "yes"'),
    ("[site]\nurl = 'www.example.org'", 'site.url: "www.example.org": expected the https:// address'),
    ("[council]\nlogo = 'missing.svg'", 'council.logo: the file "missing.svg" does not exist'),
    ("[council]\nlogo = 'logo.gif'", 'council.logo: expected a .svg or .png file, got "logo.gif"'),
    ("[names]\nfrontdoor = 'MASH'", "names.frontdoor: is not a local name (expected one of:"),
    ("[names]\nfront_door = ''", 'names.front_door: expected text in quotes, got ""'),
    ("[variants]\nsen_lead = 'always'", "variants.sen_lead: expected one of 'senco_may', 'senco_should', got 'always'"),
    ("[variants]\nsenco = 'senco_may'", "variants.senco: is not a local rule (expected one of:"),
    ("[[contacts]]\nname = 'MASH'", "contacts, entry 1, purpose: is missing, and it is required"),
    ("[[contacts]]\nname = 'A'\npurpose = 'x'\n[[contacts]]\nname = 'B'", "contacts, entry 2, purpose: is missing"),
    ("[[contacts]]\nname = 'MASH'\npurpose = 'x'\nphone = 'call us'",
     'contacts, entry 1, phone: "call us": enter a phone number using digits, spaces and an optional +, '
     "like 01234 567890"),
    ("[content]\ntools = 'allocation'", 'content.tools: expected a list, got "allocation"'),
    ("[council\nname = 'X'", "not valid TOML"),
])
def test_each_mistake_names_the_key_and_what_is_expected(tmp_path, text, expected):
    assert expected in problem(tmp_path, text)


def test_contrast_matches_the_wcag_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


# ------------------------------------------------------------------------------------------
# Settings are data, never markup: hostile values fail with one line naming the key, or are
# shown exactly as typed.
# ------------------------------------------------------------------------------------------
CONTACT = "[[contacts]]\nname = 'MASH'\npurpose = 'x'\n"


@pytest.mark.parametrize("text, expected", [
    (CONTACT + "email = 'a@b.c)[x](javascript:alert(1)'", "contacts, entry 1, email: "),
    (CONTACT + "email = 'a@b.c?body=<script>'", "contacts, entry 1, email: "),
    (CONTACT + "email = 'javascript:alert(1)//@b.c'", "contacts, entry 1, email: "),
    (CONTACT + "phone = '01632 960 100)[x](javascript:alert(1)'", "contacts, entry 1, phone: "),
    (CONTACT + "phone = '0163<b>2</b>'", "contacts, entry 1, phone: "),
    ("[council]\nwebsite = 'javascript:alert(1)'", "council.website: "),
    ("[council]\nwebsite = 'http://www.example.org/'", "council.website: "),
    ("[council]\nwebsite = 'https://x.example/\" onmouseover=\"alert(1)'", "council.website: "),
    ("[site]\nurl = 'http://www.example.org/'", "site.url: "),
    ("[content]\nleave_out = ['../../../etc/passwd']", "content.leave_out, entry 1: "),
    ("[content]\nleave_out = ['index.md', '/etc/passwd']", "content.leave_out, entry 2: "),
    ("[content]\nleave_out = ['early-help/../../mkdocs.yml']", "content.leave_out, entry 1: "),
    ('[council]\nname = "North\\u0000shire"', "council.name: contains the invisible character U+0000"),
    ('[council]\nname = "North\\u202eshire"', "council.name: contains the invisible character U+202E"),
])
def test_a_hostile_setting_fails_with_one_line_naming_the_key(tmp_path, text, expected):
    message = problem(tmp_path, text)
    assert expected in message
    assert len(message) < 400, "the line must stay short, whatever the value"


@pytest.mark.parametrize("key, section, most", [
    ("name", "council", 100), ("title", "site", 80), ("front_door", "names", 150),
    ("out_of_hours", "contacts", 300),
])
def test_every_text_has_a_length_the_pages_show_well(tmp_path, key, section, most):
    def settings(length: int) -> str:
        value = "x" * length
        if section == "contacts":
            return f"[[contacts]]\nname = 'MASH'\npurpose = 'x'\n{key} = '{value}'\n"
        return f"[{section}]\n{key} = '{value}'\n"
    read(tmp_path, settings(most))  # the longest allowed is fine
    shown = "contacts, entry 1, " + key if section == "contacts" else f"{section}.{key}"
    message = problem(tmp_path, settings(most + 1))
    assert f"{shown}: is {most + 1} characters long; keep it to {most} or fewer" in message
    message = problem(tmp_path, settings(10_000_000))
    assert f"{shown}: is 10000000 characters long" in message and len(message) < 400


def test_lists_have_a_length_too(tmp_path):
    message = problem(tmp_path, "[[contacts]]\nname = 'MASH'\npurpose = 'x'\n" * 51)
    assert "contacts: has 51 entries; keep it to 50 or fewer" in message


def test_a_good_phone_number_and_email_are_accepted_and_tidied(tmp_path):
    settings = read(tmp_path, CONTACT + "phone = '+44  1632 960 100'\nemail = 'mash.team+1@north-shire.example'\n"
                                        'hours = "Monday to Friday,\\n  9am to 5pm"')
    contact = settings.contacts[0]
    assert contact.phone == "+44 1632 960 100" and contact.email == "mash.team+1@north-shire.example"
    assert contact.hours == "Monday to Friday, 9am to 5pm"


def test_the_plugin_refuses_a_chapter_outside_docs(tmp_path):
    from handbook_build.identity import check_content
    from handbook_build.settings import Content
    settings = Settings(content=Content(leave_out=("../mkdocs.yml",)))
    with pytest.raises(SettingsError, match=r"content\.leave_out, entry 1: .*outside docs/"):
        check_content(settings, str(ROOT / "docs"))


HOSTILE = {
    "council.name": "*Bold* _it_ <b>b</b> [l](https://evil.example) `c` {!abbreviations.md!} &amp; \\*",
    "council.short_name": "|x| <i>i</i> ***",
    "site.title": "</title><meta http-equiv=refresh content=0;url=//evil.example>",
    "names.front_door": "[x](javascript:alert(1)) <img src=x onerror=alert(1)> *F*",
    "names.early_help_team": "<script>alert(1)</script> __u__ <!-- c -->",
    "names.early_help_manager": "1. ![i](x.png) {: .c} <https://evil.example>",
    "names.dispute_broker": "- a `b` [c][d]",
    "contacts.name": "# <i>Team</i> | *x* #",
    "contacts.purpose": "- [a](javascript:x) > q",
    "contacts.hours": "`9` to <5> &lt;",
    "contacts.out_of_hours": "{!../README.md!} [[x]] \"quoted\"",
}
HOSTILE_TOML = settings_toml({**HOSTILE, "contacts.phone": "+44 1632 960 100", "contacts.email": "mash@council.example"})


class _Page(HTMLParser):
    """Every element and every run of text in a piece of HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)


def _markdown(text: str) -> str:
    """The page as the site's Markdown (the extensions in mkdocs.yml) turns it into HTML."""
    import markdown
    import yaml
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    extensions, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if settings:
            options[name] = dict(settings)
    options["markdown_include.include"]["base_path"] = str(ROOT / "docs" / "_includes")
    return markdown.Markdown(extensions=extensions, extension_configs=options).convert(text)


def test_every_setting_shows_in_a_page_exactly_as_typed(tmp_path):
    from handbook_build.placeholders import fill_page, page_values
    settings = read(tmp_path, HOSTILE_TOML)
    values = page_values(settings, all_local_names() | settings.names)
    page = ("# {{ site.title }}\n\n{{ council.name }} in a paragraph, {{ council.short_name }}.\n\n"
            "{{ front_door.name }}\n\n- {{ early_help.team }}\n- **{{ early_help.manager }}**\n\n"
            "| Who | Name |\n|---|---|\n| {{ council.short_name }} | {{ names.early_help_team }} |\n\n"
            "!!! note \"A note\"\n    Ask {{ front_door.name }}.\n\n{{ disagreement.route }}\n{{ contacts }}\n"
            "\n{{ local_rule.sen_lead }}\n")
    html = _markdown(fill_page(page, "test.md", values))
    parsed = _Page(html)
    for key, value in HOSTILE.items():
        assert any(value in text for text in parsed.texts), f"{key} is not shown as typed:\n{html}"
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= {"h1", "h3", "p", "ul", "ol", "li", "strong", "table", "thead", "tbody", "tr", "th", "td",
                    "div", "a"}, tags
    links = [attrs.get("href", "") for tag, attrs in parsed.tags if tag == "a"]
    assert sorted(link.split(":")[0] for link in links if not link.startswith("#")) == ["mailto", "tel"]
    assert "mailto:mash@council.example" in links and "tel:+441632960100" in links
    assert not [attrs for _, attrs in parsed.tags if set(attrs) - {"href", "id", "class", "title"}]


def test_a_page_says_which_choice_the_council_made_on_each_local_rule(tmp_path):
    """The thresholds chapter names the council's choice where the sources differ ({{ local_rule.ID }})."""
    from decision import get_tree
    from decision.engine.view import filler
    from handbook_build.placeholders import fill_page, page_values
    tree = get_tree("allocation")
    page = "\n\n".join(f"{{{{ local_rule.{v.id} }}}}" for v in tree.variants)

    def shown(toml: str) -> list[str]:
        settings = read(tmp_path, toml)
        return _Page(_markdown(fill_page(page, "t.md", page_values(settings, all_local_names())))).texts

    chosen = {"sen_lead": "senco_should", "disability_lead": "key_worker_should", "care_leaver_lead": "either",
              "child_in_need_lead": "social_worker", "youth_justice_lead": "yjs_worker"}
    northshire = "".join(shown("[council]\nname = 'Northshire Council'\n\n[variants]\n"
                               + "".join(f"{k} = '{v}'\n" for k, v in chosen.items())))
    for variant in tree.variants:
        meaning = filler(tree)(variant.choices[chosen[variant.id]])  # the role's name, as the reader sees it
        assert f"Northshire Council's rule: {meaning[0].upper()}{meaning[1:]}" in northshire, variant.id
    neutral = "".join(shown(""))
    for variant in tree.variants:
        meaning = filler(tree)(variant.choices[variant.default])
        assert f"This handbook's default: {meaning[0].upper()}{meaning[1:]} Check your own area's guidance." \
            in neutral, variant.id


def test_the_settings_reference_gives_each_texts_longest_length():
    from handbook_build.placeholders import settings_reference
    rows = settings_reference().splitlines()
    assert "| Key | Type | Default | Longest | What it is for |" == rows[0]
    assert any(row.startswith("| `[site]` `title` |") and "| 80 characters |" in row for row in rows)
    assert any(row.startswith("| `[content]` `leave_out` |") and "| 100 entries of 150 characters |" in row
               for row in rows)


def test_keeping_the_whole_handbook_offline_is_the_readers_choice_unless_the_council_sets_the_default(tmp_path):
    from handbook_build.placeholders import settings_reference
    from handbook_build.offline import offline_default
    assert read(tmp_path, "").site.offline_whole is False
    assert offline_default(read(tmp_path, "")) == "Until you choose it below, only the pages you open are kept."
    chosen = read(tmp_path, "[site]\noffline_whole = true\n")
    assert chosen.site.offline_whole is True
    assert "publisher has chosen to keep the whole handbook" in offline_default(chosen)
    assert "turned offline use off" in offline_default(read(tmp_path, "[site]\noffline = false\n"))
    assert "site.offline_whole" in problem(tmp_path, "[site]\noffline_whole = 1\n")
    assert any(row.startswith("| `[site]` `offline_whole` |") for row in settings_reference().splitlines())


def test_a_councils_scenarios_folder_is_found_beside_the_settings_file_or_in_the_handbooks_folder(tmp_path):
    """content.scenarios_folder: a folder relative to the settings file (first) or to the handbook's
    folder, as a logo or the framework's CSV file is; one that does not exist stops the build."""
    (tmp_path / "our-scenarios").mkdir()
    beside = read(tmp_path, "[council]\nname = 'X'\n[content]\nscenarios_folder = 'our-scenarios'\n")
    assert beside.content.scenarios_folder == str((tmp_path / "our-scenarios").resolve())
    handbooks = read(tmp_path, "[council]\nname = 'X'\n[content]\nscenarios_folder = 'profiles/eastvale/scenarios'\n")
    assert handbooks.content.scenarios_folder == str(ROOT / "profiles" / "eastvale" / "scenarios")
    assert 'content.scenarios_folder: the folder "our-scenarioz" does not exist (paths are relative to the ' \
        "settings file or to the handbook's folder)" in problem(
            tmp_path, "[council]\nname = 'X'\n[content]\nscenarios_folder = 'our-scenarioz'\n")
    (tmp_path / "scenario.toml").write_text("")
    assert 'the folder "scenario.toml" does not exist' in problem(  # a file is not a folder
        tmp_path, "[council]\nname = 'X'\n[content]\nscenarios_folder = 'scenario.toml'\n")


def test_the_settings_reference_lists_the_scenarios_folder():
    from handbook_build.placeholders import settings_reference
    [row] = [row for row in settings_reference().splitlines() if row.startswith("| `[content]` `scenarios_folder` |")]
    assert "training/README.md" in row and "| 200 characters |" in row
