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


# ------------------------------------------------------------------------------------------
# Pages and tools say the same thing, and credit each rule to its source (issue 13)
# ------------------------------------------------------------------------------------------

def plain(text: str) -> str:
    """Markdown as read: no bold, no line breaks inside a paragraph."""
    return re.sub(r"\s+", " ", text.replace("**", ""))


def table_rows(page: str) -> list[list[str]]:
    rows = [line for line in page.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    return [[plain(cell).strip() for cell in row.strip("|").split("|")] for row in rows]


THRESHOLDS_TABLE = DOCS / "thresholds" / "lead-professionals-across-the-thresholds.md"


def test_the_thresholds_table_checks_the_responsible_authority_before_the_local_rows():
    situations = [row[0] for row in table_rows(THRESHOLDS_TABLE.read_text()) if len(row) == 4][1:]
    cross_border = next(i for i, s in enumerate(situations) if "Another local authority" in s)
    national = next(i for i, s in enumerate(situations) if "section 47" in s)
    assert national < cross_border, "the national section 47 rule stays first"
    assert cross_border == national + 1, f"the responsible authority comes before the local rows: {situations}"


def test_the_thresholds_table_credits_working_together_2023_only_with_what_it_says():
    for situation, who, conditions, source in [r for r in table_rows(THRESHOLDS_TABLE.read_text()) if len(r) == 4][1:]:
        if "Working Together" in source and re.match(r"(The|A) social worker\b", who):
            assert "section 47" in situation, f"a social worker's lead credited to Working Together 2023: {situation}"
        if "may" in conditions and "still" in conditions and "social worker" in conditions:
            assert not who.startswith("The social worker"), f"'may still be' is not 'the social worker leads': {situation}"


def test_child_in_need_pages_label_the_social_workers_lead_as_local():
    page = plain((DOCS / "lead-professional" / "who-can-be-a-lead-professional.md").read_text())
    sentence = re.search(r"Children in need have a social worker as lead during assessment[^.]*\.", page)
    assert sentence and ("Wigan" in sentence.group(0) or "local" in sentence.group(0)), \
        "the social worker's lead during assessment is a local protocol; say whose"


ESCALATION_CHAPTER = DOCS / "thresholds" / "escalation-meetings-and-independent-chairs.md"
ESCALATION_FACTS = {
    "held because the early help team thinks needs have risen from level 2 to level 3":
        r"early help team[^.]{0,60}thinks[^.]{0,40}needs have risen from level 2 to level 3",
    "the case cannot be considered for children's social care without it":
        r"cannot be considered for children's social care until",
    "the meeting decides whether to escalate": r"decides whether to escalate",
}


def escalation_texts() -> dict[str, str]:
    from decision import get_tree, resolve, step_view

    def outcome_text(tree_id: str, answers: dict) -> str:
        outcome = step_view(resolve(get_tree(tree_id), answers))["outcome"]
        return " ".join([outcome["title"], *outcome["reasons"], *outcome["next_steps"], *outcome["notes"]])

    areas = {area: ["none"] for area in ("area_health", "area_education", "area_safe", "area_family", "area_money")}
    threshold = outcome_text("threshold", {"immediate_risk": "no", "purpose": "check", **areas,
                                           "area_family": ["l3_breakdown"], "supported_at_level2": "yes"})
    chapter = plain(ESCALATION_CHAPTER.read_text()).split("## Escalation meetings", 1)[1]
    return {"threshold tool": threshold,
            "independent chair tool": outcome_text("independent_chair", {"meeting": "escalation"}),
            "escalation chapter": chapter}


@pytest.mark.parametrize("where", ["threshold tool", "independent chair tool", "escalation chapter"])
def test_the_escalation_meeting_is_described_the_same_correct_way_everywhere(where):
    text = escalation_texts()[where]
    for fact, pattern in ESCALATION_FACTS.items():
        assert re.search(pattern, text), f"{where} does not say: {fact}"
    assert not re.search(r"decides whether[^.]{0,40}needs have risen", text), \
        f"{where}: the meeting is held because someone thinks needs have risen; it decides whether to escalate"
    assert "before any referral" not in text, f"{where}: a concern of significant harm never waits for the meeting"


CRITERIA_INCLUDE = DOCS / "_includes" / "choosing-criteria.md"
CHOOSING = DOCS / "lead-professional" / "choosing-the-lead-professional.md"


@pytest.mark.parametrize("page", [CRITERIA_INCLUDE, CHOOSING], ids=lambda p: p.name)
def test_the_family_wishes_decide_whenever_more_than_one_practitioner_qualifies_as_in_the_tool(page):
    text = plain(page.read_text())
    for found in re.finditer(r"equally well", text):
        assert "not only" in text[max(0, found.start() - 60):found.start()], \
            "the tool and Plymouth let the family's wishes decide whenever more than one practitioner qualifies"
    assert re.search(r"more than one practitioner meets the criteria[^.]{0,60}wishes[^.]{0,40}decide", text)

    from decision import get_tree
    assert "More than one practitioner qualifies, so the wishes of the child and family decide" in \
        get_tree("allocation").node("family_wishes").hint


def test_the_thresholds_chapter_says_which_rule_the_council_chose_wherever_the_sources_differ():
    # Each local rule of the allocation tool once, each where the chapter explains the difference.
    from decision import get_tree
    differ = THRESHOLDS_TABLE.read_text().split("\n## Where the sources differ\n", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"\{\{ local_rule\.([a-z_]+) \}\}", differ)
    assert sorted(named) == sorted(v.id for v in get_tree("allocation").variants)
