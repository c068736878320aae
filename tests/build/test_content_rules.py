"""Rules for the handbook's text that a build cannot check by itself."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import ROOT

DOCS = ROOT / "docs"
CHAPTER_FOLDERS = ("early-help", "team-around-the-family", "lead-professional", "thresholds", "working-with-families")
CHAPTERS = sorted([p for folder in CHAPTER_FOLDERS for p in (DOCS / folder).glob("*.md")] + [DOCS / "for-families.md"])
COPY_CHECK = ROOT.parent / "shared" / "hooks" / "copied_prose.py"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: str(p.relative_to(DOCS)))
def test_each_chapter_ends_with_its_sources_and_when_it_was_last_reviewed(chapter):
    text = chapter.read_text()
    assert "\n## Sources\n" in text, "no Sources section"
    sources = text.split("\n## Sources\n", 1)[1]
    assert re.search(r"^- .+", sources, re.M), "the Sources section lists nothing"
    assert re.search(r"\*Last reviewed: \d{1,2} [A-Z][a-z]+ \d{4}\*\s*$", text), "no 'Last reviewed' date at the end"


@pytest.mark.skipif(not COPY_CHECK.exists(), reason="the source documents' checker lives in ../shared, beside the repository")
def test_no_passage_repeats_a_source_document_word_for_word():
    found = subprocess.run([sys.executable, str(COPY_CHECK), str(ROOT)], capture_output=True, text=True).stdout
    assert found.strip() == "", f"sentences copied from the sources (rewrite them in our own words):\n{found}"
