"""Editions (issue 17, item 4): one version, kept in one place and in the amendments register, named
the same way everywhere, with a council's own local edition."""

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

import decision
from handbook_build.printing import edition_text, handbook_version, local_edition
from handbook_build.settings import SettingsError, load

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT / "docs" / "reference" / "changes.md"
ENTRY = re.compile(r"^## Edition ([0-9]+\.[0-9]+\.[0-9]+), ([0-9]{1,2} [A-Z][a-z]+ [0-9]{4})$", re.M)


def register_entries() -> list[tuple[str, str]]:
    return ENTRY.findall(REGISTER.read_text(encoding="utf-8"))


def test_the_newest_entry_of_the_register_is_the_package_version():
    """A release changes pyproject.toml's version and adds its entry to the register together
    (README, "Publishing an edition"): neither can be forgotten."""
    newest, _ = register_entries()[0]
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert tomllib.load(file)["project"]["version"] == newest
    assert handbook_version() == newest
    assert decision.__version__ == newest


def test_the_register_lists_editions_newest_first_with_their_dates():
    entries = register_entries()
    assert len(entries) >= 2
    numbers = [tuple(map(int, number.split("."))) for number, _ in entries]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)
    from datetime import datetime
    days = [datetime.strptime(day, "%d %B %Y").date() for _, day in entries]
    assert days == sorted(days, reverse=True)
    assert entries[-1] == ("1.0.0", "23 November 2026")


def test_an_edition_is_named_with_its_version_local_edition_date_and_identity():
    day = date(2026, 11, 28)
    assert edition_text("Lead Professional handbook", "2.0.0", day, "1a2b3c4d5e6f") == \
        "Lead Professional handbook, edition 2.0.0, published 28 November 2026 (identity 1a2b3c4d5e6f)"
    assert edition_text("Northshire handbook", "2.3.0", day, "1a2b3c4d5e6f", local_edition(4, "Northshire")) == \
        "Northshire handbook, edition 2.3.0, Northshire local edition 4, published 28 November 2026 " \
        "(identity 1a2b3c4d5e6f)"
    assert local_edition(0, "Northshire") == ""
    assert local_edition(2, "") == "local edition 2"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "handbook.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_local_edition_is_read_from_the_settings(tmp_path):
    settings = load(write(tmp_path, '[edition]\nnumber = 4\nchanges = ["Contacts: a new phone number"]\n'), {}, {})
    assert settings.edition.number == 4 and settings.edition.changes == ("Contacts: a new phone number",)
    assert load(write(tmp_path, ""), {}, {}).edition.number == 0


@pytest.mark.parametrize("value, message", [
    ('"4"', 'edition.number: expected a whole number without quotes, like 4, got "4"'),
    ("true", "edition.number: expected a whole number without quotes, like 4, got true"),
    ("4.5", "edition.number: expected a whole number without quotes, like 4, got the number 4.5"),
    ("-1", "edition.number: expected a whole number from 0 to 9999, got -1"),
    ("10000", "edition.number: expected a whole number from 0 to 9999, got 10000"),
])
def test_a_local_edition_that_is_not_a_whole_number_is_refused_naming_file_and_key(tmp_path, value, message):
    with pytest.raises(SettingsError) as problem:
        load(write(tmp_path, f"[edition]\nnumber = {value}\n"), {}, {})
    assert str(problem.value).endswith(f"handbook.toml: {message}")


def test_an_unknown_edition_key_is_refused(tmp_path):
    with pytest.raises(SettingsError, match=r"handbook.toml: edition.date: is not a setting in edition"):
        load(write(tmp_path, "[edition]\ndate = 2026-11-28\n"), {}, {})
