"""The council settings file: every mistake gives one line naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT
from handbook_build.plugin import all_local_names, all_variants
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


def test_the_two_example_profiles_differ_in_identity_and_in_two_local_rules():
    north, east = (load(ROOT / "profiles" / f"{p}.toml", all_local_names(), all_variants())
                   for p in ("northshire", "eastvale"))
    assert north.council.name != east.council.name and north.colours.primary != east.colours.primary
    assert north.names["front_door"] != east.names["front_door"]
    assert [k for k in north.variants if north.variants[k] != east.variants.get(k)] == ["sen_lead", "youth_justice_lead"]


@pytest.mark.parametrize("text, expected", [
    ("colour = 'red'", "colour: is not a setting in the top level (expected one of: colours, contacts"),
    ("[council]\nnmae = 'X'", "council.nmae: is not a setting in council (expected one of: logo, logo_alt, name"),
    ("[council]\nname = 42", 'council.name: expected text in quotes, got the number 42'),
    ("council = 'X'", "council: expected a table ([council]), got \"X\""),
    ("[colours]\nprimary = 'blue'", 'colours.primary: expected a colour like "#1d4f91", got "blue"'),
    ("[colours]\nprimary = '#ffdd00'", "colours.primary: \"#ffdd00\" against white has a contrast of 1.3:1"),
    ("[site]\ncsp_meta = 'yes'", 'site.csp_meta: expected true or false, got "yes"'),
    ("[site]\nurl = 'www.example.org'", 'site.url: "www.example.org" does not look right'),
    ("[council]\nlogo = 'missing.svg'", 'council.logo: the file "missing.svg" does not exist'),
    ("[council]\nlogo = 'logo.gif'", 'council.logo: expected a .svg or .png file, got "logo.gif"'),
    ("[names]\nfrontdoor = 'MASH'", "names.frontdoor: is not a local name (expected one of:"),
    ("[names]\nfront_door = ''", 'names.front_door: expected text in quotes, got ""'),
    ("[variants]\nsen_lead = 'always'", "variants.sen_lead: expected one of 'senco_may', 'senco_should', got 'always'"),
    ("[variants]\nsenco = 'senco_may'", "variants.senco: is not a local rule (expected one of:"),
    ("[[contacts]]\nname = 'MASH'", "contacts[0].purpose: is missing, and it is required"),
    ("[[contacts]]\nname = 'MASH'\npurpose = 'x'\nphone = 'call us'", 'contacts[0].phone: "call us" does not look right'),
    ("[content]\ntools = 'allocation'", 'content.tools: expected a list, got "allocation"'),
    ("[council\nname = 'X'", "not valid TOML"),
])
def test_each_mistake_names_the_key_and_what_is_expected(tmp_path, text, expected):
    assert expected in problem(tmp_path, text)


def test_contrast_matches_the_wcag_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
