"""Reading a council's threshold framework from its files: the [threshold] section of the settings
(levels and areas) and the CSV of indicators it names. Used by the build and the command line,
never in the browser (which gets the result as JSON).

Every problem raises FrameworkError whose message names the file, and for the CSV the row (as a
spreadsheet numbers it: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tomllib
from pathlib import Path
from typing import Any, Mapping

from .framework import (DATA, MOST, Framework, FrameworkError, Indicator, area_from, check_id, check_reach,
                        check_shape, clean, level_from)

COLUMNS = ("id", "area", "level", "text", "child_words")
REQUIRED = ("id", "area", "level", "text")
MAX_BYTES = 1_000_000  # far more than any threshold document's indicators
DEFAULT_SETTINGS = DATA / "threshold.toml"


def read_default() -> Framework:
    raw = tomllib.loads(DEFAULT_SETTINGS.read_text(encoding="utf-8"))
    framework = read_section(raw["threshold"], DEFAULT_SETTINGS, DEFAULT_SETTINGS.parent, "threshold")
    return dataclasses.replace(framework, default=True)


def read_section(section: Any, settings_file: Path | str, base: Path, key: str = "threshold",
                 roots: tuple[Path, ...] = ()) -> Framework:
    """A framework from a settings file's [threshold] section; `base` (and then `roots`) is where
    the CSV's path is looked for."""
    where = str(settings_file)
    if not isinstance(section, Mapping):
        raise FrameworkError(f"{where}: {key}", "expected a table ([threshold])")
    unknown = sorted(set(section) - {"levels", "areas", "indicators"})
    if unknown:
        raise FrameworkError(f"{where}: {key}.{str(unknown[0])[:40]}",
                             "is not a setting here (expected one of: areas, indicators, levels)")
    for name in ("levels", "areas", "indicators"):
        if name not in section:
            raise FrameworkError(f"{where}: {key}.{name}", "is missing, and it is required")
    seen: dict[str, str] = {}
    try:
        if not isinstance(section["levels"], list):
            raise FrameworkError(f"{key}.levels", "expected a list of [[threshold.levels]] tables")
        levels = tuple(level_from(raw, f"{key}.levels, entry {n}", seen)
                       for n, raw in enumerate(section["levels"], start=1))
        check_shape(levels, f"{key}.levels")
        if not isinstance(section["areas"], list) or not section["areas"]:
            raise FrameworkError(f"{key}.areas", "expected a list of [[threshold.areas]] tables")
        areas = tuple(area_from(raw, f"{key}.areas, entry {n}", seen)
                      for n, raw in enumerate(section["areas"], start=1))
        if not isinstance(section["indicators"], str) or not section["indicators"].strip():
            raise FrameworkError(f"{key}.indicators", "expected the path of the indicators' CSV file, in quotes")
    except FrameworkError as problem:
        raise FrameworkError(f"{where}: {problem.where}", problem.problem) from None
    name = section["indicators"].strip()
    found = [path for path in (base / name, *(root / name for root in roots)) if path.is_file()]
    if not found:
        raise FrameworkError(f"{where}: {key}.indicators", f'the file "{name[:100]}" does not exist (paths are '
                                                           "relative to the settings file or to the handbook's folder)")
    framework = Framework(levels, areas, read_indicators(found[0], levels, areas, seen, shown=_shown(found[0])))
    try:
        check_reach(framework)
    except FrameworkError as problem:
        raise FrameworkError(f"{where}: {key}.{problem.where}", problem.problem) from None
    return framework


def read_indicators(path: Path, levels, areas, seen: dict[str, str], shown: str | None = None) -> tuple[Indicator, ...]:
    shown = shown or str(path)
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise FrameworkError(shown, f"is {len(data):,} bytes; an indicators file is far smaller (at most "
                                    f"{MAX_BYTES:,})")
    text = decode(data, shown)
    rows = parse_rows(text, shown)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FrameworkError(f"{shown}: row 1", f"the header is missing; the first row names the columns: "
                                                f"{', '.join(COLUMNS)} (child_words may be left out)")
    header = [cell.strip().lower() for cell in rows[0]]
    while header and not header[-1]:  # empty columns a spreadsheet leaves at the right
        header.pop()
    for number, name in enumerate(header, start=1):
        if name not in COLUMNS:
            raise FrameworkError(f"{shown}: row 1, column {_letter(number)}",
                                 f"'{name[:40]}' is not a column (the columns are: {', '.join(COLUMNS)})")
        if header.index(name) != number - 1:
            raise FrameworkError(f"{shown}: row 1, column {_letter(number)}", f"the column '{name}' is named twice")
    for name in REQUIRED:
        if name not in header:
            raise FrameworkError(f"{shown}: row 1", f"the column '{name}' is missing (the columns are: "
                                                    f"{', '.join(COLUMNS)}; child_words may be left out)")
    level_ids = {level.id for level in levels}
    area_ids = {area.id for area in areas}
    indicators = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line, as spreadsheets often leave at the end
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise FrameworkError(f"{shown}: row {number}, column {_letter(len(header) + 1)}",
                                 f"this row has {len(row)} cells but the header names {len(header)} columns "
                                 "(a comma inside a text needs the text in double quotes)")
        cells = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}

        def at(name: str) -> str:
            return f"{shown}: row {number}, column {name} ({_letter(header.index(name) + 1)})"

        try:
            indicator_id = check_id(cells["id"], "", seen)
        except FrameworkError as problem:
            raise FrameworkError(at("id"), problem.problem) from None
        level, area = cells["level"].strip(), cells["area"].strip()
        if area not in area_ids:
            raise FrameworkError(at("area"), f"'{area[:40]}' is not an area of the framework (the areas are: "
                                             f"{', '.join(sorted(area_ids))})")
        if level not in level_ids:
            raise FrameworkError(at("level"), f"'{level[:40]}' is not a level of the framework (the levels are: "
                                              f"{', '.join(l.id for l in levels)})")
        if level == levels[0].id:
            raise FrameworkError(at("level"), f"'{level}' is the lowest level, which the checker gives when nothing "
                                              "is ticked; an indicator belongs to a level above it")
        values = {}
        for name in ("text", "child_words"):
            try:
                values[name] = clean(cells.get(name, ""), "", MOST[name], required=name == "text")
            except FrameworkError as problem:
                raise FrameworkError(at(name), problem.problem) from None
        indicators.append(Indicator(id=indicator_id, area=area, level=level, **values))
        seen[indicator_id] = f"row {number}"
    if not indicators:
        raise FrameworkError(shown, "has no indicators below its header")
    return tuple(indicators)


def decode(data: bytes, shown: str) -> str:
    """UTF-8, with or without the byte-order mark spreadsheets write; anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        row = data[start:problem.start].count(b"\n") + 1
        raise FrameworkError(f"{shown}: row {row}", f"is not UTF-8 (the byte 0x{data[problem.start]:02x} cannot be "
                                                     "read); in the spreadsheet, save it as 'CSV UTF-8'") from None


def parse_rows(text: str, shown: str) -> list[list[str]]:
    if "\x00" in text:
        raise FrameworkError(shown, "contains a NUL character: it is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as problem:
        row = reader.line_num
        column = _quote_column(text, row)
        detail = ("a double quote is not closed before the end of the file" if "end of data" in str(problem)
                  else "a double quote is in the wrong place")
        raise FrameworkError(f"{shown}: row {row}" + (f", column {column}" if column else ""),
                             f"{detail}; put the whole text in double quotes and write a quote inside it "
                             "as two (\"\")") from None
    return rows


def _quote_column(text: str, line_number: int) -> str:
    """The column of the first misplaced quote on a line, as a letter (A, B...), or ""."""
    lines = text.splitlines()
    if not 0 < line_number <= len(lines):
        return ""
    column, quoted, start = 1, False, True
    line = lines[line_number - 1]
    for position, character in enumerate(line):
        if quoted:
            if character == '"':
                following = line[position + 1:position + 2]
                if following == '"':
                    continue
                quoted = False
                if following not in ("", ","):
                    return _letter(column)
        elif character == '"':
            if not start:
                return _letter(column)
            quoted = True
        elif character == ",":
            column += 1
            start = True
            continue
        start = False
    return _letter(column) if quoted else ""


def _shown(path: Path) -> str:
    """A path as the messages name it: from the current folder where it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _letter(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
