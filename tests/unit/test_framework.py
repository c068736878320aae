"""A council's threshold framework: a [threshold] settings section (levels and areas) and a CSV of
indicators, checked when the settings are read. Every mistake stops the build with one line that
names the file, and for the CSV the row and the column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from handbook_build.identity import all_local_names, all_variants
from handbook_build.settings import SettingsError, load
from decision.trees.framework import DATA, MOST, current
from decision.trees.framework_files import read_default
from decision.trees.threshold import build

DEFAULT_SECTION = (DATA / "threshold.toml").read_text(encoding="utf-8")
DEFAULT_CSV = (DATA / "threshold-indicators.csv").read_text(encoding="utf-8")


def settings_with(tmp_path: Path, csv_data: str | bytes = DEFAULT_CSV, section: str = DEFAULT_SECTION):
    """Settings whose [threshold] section is the handbook's default, with this CSV of indicators."""
    (tmp_path / "indicators.csv").write_bytes(csv_data if isinstance(csv_data, bytes) else csv_data.encode())
    text = section.replace('indicators = "threshold-indicators.csv"', 'indicators = "indicators.csv"')
    (tmp_path / "handbook.toml").write_text('[council]\nname = "Testshire"\n\n' + text, encoding="utf-8")
    return load(tmp_path / "handbook.toml", all_local_names(), all_variants())


def problem(tmp_path: Path, csv_data: str | bytes = DEFAULT_CSV, section: str = DEFAULT_SECTION) -> str:
    with pytest.raises(SettingsError) as caught:
        settings_with(tmp_path, csv_data, section)
    message = str(caught.value)
    assert "\n" not in message
    return message


def rows(*extra: str, header: str = "id,area,level,text,child_words") -> str:
    return "\n".join((header,) + extra) + "\n"


GOOD = "l2_checks,area_health,level2,Checks are missed,"


def test_the_default_framework_read_as_a_councils_settings_is_the_default(tmp_path):
    framework = settings_with(tmp_path).threshold
    assert framework.levels == current().levels and framework.indicators == current().indicators
    assert [level.id for level in framework.levels] == ["level1", "level2", "level3", "level4"]
    assert [level.act_today for level in framework.levels] == [False, False, False, True]
    assert len(framework.indicators) == 47


def test_no_indicator_is_written_in_python():
    source = (Path(build.__code__.co_filename)).read_text(encoding="utf-8")
    for indicator in read_default().indicators:
        assert indicator.text not in source, indicator.id


def test_a_byte_order_mark_is_accepted(tmp_path):
    framework = settings_with(tmp_path, b"\xef\xbb\xbf" + rows(GOOD, "l3_x,area_health,level3,Worse,",
                                                                 "l4_x,area_health,level4,Worst,",
                                                                 "e2,area_education,level2,School,",
                                                                 "s2,area_safe,level2,Safe,", "f2,area_family,level2,F,",
                                                                 "m2,area_money,level2,M,").encode()).threshold
    assert framework.indicators[0].id == "l2_checks"


def test_a_spreadsheets_line_ends_and_empty_right_hand_columns_are_accepted(tmp_path):
    text = DEFAULT_CSV.replace("child_words\n", "child_words,,\n", 1).replace("\n", "\r\n")
    assert settings_with(tmp_path, text).threshold.indicators == current().indicators


def test_another_encoding_is_refused_with_what_to_do(tmp_path):
    message = problem(tmp_path, rows(GOOD, "l3_x,area_health,level3,Caf\u00e9 closes,").encode("cp1252"))
    assert "indicators.csv: row 3: is not UTF-8" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("header, where, says", [
    ("id,area,level,words", "row 1, column D", "'words' is not a column"),
    ("id,area,text", "row 1", "the column 'level' is missing"),
    ("id,area,level,text,text", "row 1, column E", "named twice"),
])
def test_a_wrong_header_names_the_column(tmp_path, header, where, says):
    message = problem(tmp_path, rows(GOOD, header=header))
    assert f"indicators.csv: {where}: " in message and says in message


def test_a_missing_header_is_named(tmp_path):
    message = problem(tmp_path, GOOD + "\n")  # the first row is an indicator, not the header
    assert "indicators.csv: row 1, column A: 'l2_checks' is not a column" in message


def test_an_empty_file_has_no_header(tmp_path):
    assert "indicators.csv: row 1: the header is missing" in problem(tmp_path, "")


@pytest.mark.parametrize("row, where, says", [
    ("l2_y,area_health,level9,Text,", "row 3, column level (C)", "'level9' is not a level"),
    ("l2_y,area_nowhere,level2,Text,", "row 3, column area (B)", "'area_nowhere' is not an area"),
    ("l2_checks,area_health,level2,Again,", "row 3, column id (A)", "'l2_checks' is already used by row 2"),
    ("area_safe,area_health,level2,Text,", "row 3, column id (A)", "'area_safe' is already used by an area"),
    ("level3,area_health,level2,Text,", "row 3, column id (A)", "'level3' is already used by a level"),
    ("l2_y,area_health,level2,   ,", "row 3, column text (D)", "is empty"),
    ("l2_y,area_health,level1,Text,", "row 3, column level (C)", "the lowest level"),
    ("L2 y,area_health,level2,Text,", "row 3, column id (A)", "is not an id"),
    ("none,area_health,level2,Text,", "row 3, column id (A)", "kept for the tool's own use"),
    ("l2_y,area_health,level2," + "x" * 2000 + ",", "row 3, column text (D)",
     f"is 2000 characters long; keep it to {MOST['text']} or fewer"),
    ("l2_y,area_health,level2,Text," + "y" * 151, "row 3, column child_words (E)", "keep it to 150 or fewer"),
    ("l2_y,area_health,level2,Text {mash},", "row 3, column text (D)", "{mash} is not a local name"),
    ("l2_y,area_health,level2,Text,,extra", "row 3, column F", "this row has 6 cells"),
    ('l2_y,area_health,level2,"Text "with" quotes",', "row 3, column D", "a double quote is in the wrong place"),
    ('l2_y,area_health,level2,"Text never closed,', "row 3, column D", "not closed before the end of the file"),
])
def test_each_bad_row_names_the_file_row_and_column(tmp_path, row, where, says):
    message = problem(tmp_path, rows(GOOD, row))
    assert f"indicators.csv: {where}: " in message and says in message, message


def test_a_level_no_indicator_reaches_is_named(tmp_path):
    without_level3 = "".join(line + "\n" for line in DEFAULT_CSV.splitlines() if ",level3," not in line)
    message = problem(tmp_path, without_level3)
    assert "handbook.toml: threshold.levels, entry 3: no indicator is at the level 'level3'" in message


def level_tables(count: int) -> str:
    return "".join(f'[[threshold.levels]]\nid = "l{n}"\nname = "Level {n}"\ndescription = "Level {n} needs"\n'
                   f'what_happens = "Do {n}"\nact_today = false\n\n' for n in range(1, count + 1))


AREA = '[[threshold.areas]]\nid = "area_one"\nname = "One"\nquestion = "Which of these apply?"\n'


@pytest.mark.parametrize("count", [2, 6])
def test_fewer_than_three_or_more_than_five_levels_are_refused(tmp_path, count):
    section = f'[threshold]\nindicators = "indicators.csv"\n\n{level_tables(count)}{AREA}'
    csv_data = rows(*(f"i{n},area_one,l{n},Indicator {n}," for n in range(2, count + 1)))
    message = problem(tmp_path, csv_data, section)
    assert f"handbook.toml: threshold.levels: there are {count} levels; a framework has from 3 to 5" in message


def test_a_three_level_framework_builds_a_checker_without_an_escalation_step(tmp_path):
    levels = level_tables(3)
    top = levels.rindex("act_today = false")
    section = f'[threshold]\nindicators = "indicators.csv"\n\n{levels[:top]}act_today = true{levels[top + 17:]}{AREA}'
    framework = settings_with(tmp_path, rows("i2,area_one,l2,Indicator 2,I feel two", "i3,area_one,l3,Indicator 3,"),
                              section).threshold
    tree = build(framework)
    assert {o.id for o in tree.outcomes()} >= {"outcome_l1", "outcome_l2", "outcome_l3"}
    assert not any(q.id.startswith("supported_at_") for q in tree.questions())
    assert "outcome_escalation_meeting" not in {o.id for o in tree.outcomes()}
    option = tree.node("area_one").options[0]
    assert option.label == "Level 2: Indicator 2" and option.hint == "In the child's words: \u201cI feel two\u201d"


def test_the_lowest_level_cannot_mean_act_today(tmp_path):
    section = DEFAULT_SECTION.replace("act_today = false", "act_today = true", 1)
    assert "threshold.levels, entry 1, act_today: the lowest level" in problem(tmp_path, section=section)


def test_a_missing_level_field_and_an_unknown_one_are_named(tmp_path):
    assert "handbook.toml: threshold.levels, entry 1, act_today: is missing" in problem(
        tmp_path, section=DEFAULT_SECTION.replace("act_today = false\n", "", 1))
    assert "handbook.toml: threshold.areas, entry 1, colour: is not a field here" in problem(
        tmp_path, section=DEFAULT_SECTION.replace('id = "area_health"', 'id = "area_health"\ncolour = "red"'))


def test_a_missing_csv_file_is_named(tmp_path):
    section = DEFAULT_SECTION.replace('"threshold-indicators.csv"', '"nowhere.csv"')
    assert 'handbook.toml: threshold.indicators: the file "nowhere.csv" does not exist' in problem(
        tmp_path, section=section)


def test_markup_in_a_cell_is_kept_as_text_for_the_page_to_escape(tmp_path):
    text = '<script>alert(1)</script><b>bold</b>'
    framework = settings_with(tmp_path, rows(*DEFAULT_CSV.splitlines()[1:],
                                             f'l2_markup,area_health,level2,"{text}",')).threshold
    assert framework.indicators[-1].text == text


def test_the_csv_reader_writes_what_a_spreadsheet_reads():
    # The default file is ordinary CSV: the standard reader gives every row the five columns.
    table = list(csv.reader(io.StringIO(DEFAULT_CSV)))
    assert table[0] == ["id", "area", "level", "text", "child_words"] and all(len(row) == 5 for row in table)


@pytest.fixture
def council_framework():
    """Use a council's framework for the tools while a test runs, then the default again."""
    from decision.trees import framework as chosen
    yield chosen.use
    chosen.use(None)


@pytest.mark.parametrize("left_out, says", [
    (",l4_neglect,", "answers.area_family: \u201cl4_neglect\u201d is not one of the answers"),
    (",area_money,", "answers: 'area_money' is not a question in the threshold tool"),
])
def test_a_scenario_naming_what_the_framework_lacks_fails_naming_the_file_and_the_id(
        tmp_path, council_framework, left_out, says):
    from handbook_build.training import load, validate
    indicators = "".join(line + "\n" for line in DEFAULT_CSV.splitlines() if left_out not in f",{line},")
    section = DEFAULT_SECTION
    if left_out == ",area_money,":  # the area itself goes too
        start = section.index('[[threshold.areas]]\nid = "area_money"')
        section = section[:start]
    council_framework(settings_with(tmp_path, indicators, section).threshold)
    with pytest.raises(ValueError) as caught:
        validate(load())
    message = str(caught.value)
    assert message.startswith("training/scenarios/") and ".toml: " in message and says in message, message
