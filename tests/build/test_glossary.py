"""The glossary and the hover definitions come from one list, and every abbreviation is defined."""

from __future__ import annotations

import re

from support import ROOT

DOCS = ROOT / "docs"


def glossary_rows() -> dict[str, str]:
    text = (DOCS / "reference" / "glossary.md").read_text()
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^\| ([A-Za-z/]+) \| ([^|]+) \|", text, re.M)
            if m.group(1) != "Abbreviation"}


def hover_definitions() -> dict[str, str]:
    text = (DOCS / "_includes" / "abbreviations.md").read_text()
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^\*\[([^\]]+)\]: (.+)$", text, re.M)}


def test_the_hover_definitions_are_exactly_the_glossary():
    assert hover_definitions() == glossary_rows()


def test_the_usual_abbreviations_are_defined():
    defined = hover_definitions()
    for abbreviation in ("TAF", "TAC", "EHA", "CAF", "SENCO", "EHCP", "CPA", "CAMHS", "YJS", "YOS", "CIN", "CP",
                         "LAC", "MASH", "MAST"):
        assert abbreviation in defined, abbreviation


def test_every_capitalised_abbreviation_in_the_chapters_is_defined():
    defined = set(hover_definitions())
    allowed = {"I", "A", "OK", "UK", "NHS", "PDF", "AA", "WCAG", "II", "III", "IV", "MIT", "BY", "CC", "HTML", "TOML",
               "URL", "SVG", "JSON", "CSS", "CSP", "IIS", "FAQ", "README"}
    missing = {}
    for page in DOCS.rglob("*.md"):
        if "_includes" in page.parts or "maintainers" in page.parts or "for-councils" in page.parts:
            continue
        text = re.sub(r"```.*?```|`[^`]*`|\{\{.*?\}\}|\(https?://[^)]*\)", "", page.read_text(), flags=re.S)
        for word in set(re.findall(r"\b[A-Z]{2,6}s?\b", text)):
            stem = word[:-1] if word.endswith("s") and word[:-1] in defined else word
            if stem not in defined and stem not in allowed:
                missing.setdefault(stem, str(page.relative_to(DOCS)))
    assert missing == {}, f"abbreviations used but not in the glossary: {missing}"
