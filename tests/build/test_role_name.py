"""A council that names the role sees its name on every page and in every tool of its site.

Eastvale (profiles/eastvale.toml) calls the role "Family Help lead practitioner". Its whole built
site is scanned: the text and the readable attributes of every page, the search index, the tools'
foreseen steps and the manifest the tools' script carries. "Lead professional" may remain only
where the handbook quotes a source's own title or section, names the older term as such, or shows
a setting's default: each listed below, exactly.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT, build_site, strings_in

ROLE = "Family Help lead practitioner"
DEFAULT = re.compile(r"lead\s+professional", re.IGNORECASE)

# The words of others, kept as they wrote them (longest first, so that a longer one is taken whole).
ALLOWED = sorted((
    # Sources' own titles
    "Early Help Lead Professional Handbook",
    "Lead Professional Guidance for Plymouth",
    "Lead professional and chairing",
    "The role of the lead professional",  # Salford's, as a section
    "The Role of the Lead Professional",
    "Role of the lead professional",
    "Training slides on the lead professional's role",
    "The lead professional (web page)",
    "Bath and North East Somerset: The lead professional",
    "Bath and North East Somerset Council, The lead professional",
    "Bath and North East Somerset Council, lead professional web page",
    # Sections of those sources, as the sources name them
    "Lead Professionals: children across the thresholds",
    "Lead Professional Myths and Truths: the Lead Professional does",
    "Lead Professional Myths and Truths",
    "Accountability of the Lead Professional",
    "Why are Lead Professionals needed?",
    "What is a Lead Professional?",
    "How is the Lead Professional identified?",
    "Changing the Lead Professional",
    "Supporting the Lead Professional",
    "The role of the Lead Professional",
    "Who can be a Lead Professional?",
    "What are the benefits of having a Lead Professional?",
    "Definition of the lead professional",
    "Allocation table: who should be lead professional, by child status",
    "Criteria for allocating the lead professional for other cases",
    "Key functions (accountability of the lead professional)",
    # The older term, named as such
    'the local guidance it draws on says "lead professional"',
    'this handbook draws on uses the older name, "lead professional"',
    "Lead professional The practitioner who co-ordinates support Still used in many areas",
    # The open handbook this site is based on, by its name (the licence's credit)
    "The Lead Professional handbook is an open guide",
    'Based on the Lead Professional handbook, used under',
    # The settings reference's defaults
    "[site] title text Lead Professional handbook",
    "[role] name text lead professional",
    "[role] plural text lead professionals",
), key=len, reverse=True)

# Attributes a reader meets (read aloud, shown on hover, or shown by the page).
READ_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder", "value", "content",
                   "data-opening", "label"}


class _Text(HTMLParser):
    """A page's text, and the attributes a reader meets; scripts and styles are not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def strings(value):
    for text in strings_in(value):
        yield text_of(text) if "<" in text else " ".join(text.split())


def left_in(text: str) -> list[str]:
    """Each sentence of `text` that still says "lead professional" outside the allowed words."""
    for allowed in ALLOWED:
        text = text.replace(allowed, "…")
    found = []
    for match in DEFAULT.finditer(text):
        start = max(text.rfind(". ", 0, match.start()) + 2, match.start() - 120)
        end = text.find(". ", match.end())
        found.append(text[start:end + 1 if 0 <= end < match.end() + 120 else match.end() + 60])
    return found


def scan(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        found[str(page.relative_to(site))] = left_in(text_of(page.read_text(encoding="utf-8")))
    for data in sorted(site.rglob("*.json")):
        found[str(data.relative_to(site))] = [s for t in strings(json.loads(data.read_text(encoding="utf-8")))
                                              for s in left_in(t)]
    for script in sorted((site / "assets" / "handbook").glob("lp-tools.*.js")):
        manifest = re.search(r"const MANIFEST = (\{.*?\});\n", script.read_text(encoding="utf-8"))
        assert manifest, f"{script.name} carries no manifest"
        found[script.name + " (its manifest)"] = [s for t in strings(json.loads(manifest.group(1)))
                                                   for s in left_in(t)]
    return {where: sentences for where, sentences in found.items() if sentences}


@pytest.fixture(scope="module")
def eastvale(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("eastvale-role")
    result = build_site(target, settings=ROOT / "profiles" / "eastvale.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def test_no_lead_professional_is_left_where_the_council_names_the_role(eastvale):
    found = scan(eastvale)
    report = "\n".join(f"{where}:\n" + "\n".join(f"    {s}" for s in sentences[:5]) for where, sentences in found.items())
    assert not found, f"'lead professional' is left on {len(found)} pages or files of Eastvale's site:\n{report}"


def test_the_council_name_for_the_role_is_where_the_role_was(eastvale):
    page = text_of((eastvale / "lead-professional" / "choosing-the-lead-professional" / "index.html").read_text())
    assert f"Who should be the {ROLE}?" in page  # the tool's title, from the tree
    assert f"Choosing the {ROLE}" in page  # the page's heading, from the page
    home = (eastvale / "index.html").read_text()
    assert f"The {ROLE}" in text_of(home)  # the menu's section
    assert f'content="Guidance and decision tools for {ROLE}s in' in home  # the site's description
    foreseen = next((eastvale / "assets" / "handbook").glob("foreseen-change_lead.*.json")).read_text()
    assert f'"lead_label": "{ROLE}"' in foreseen.replace('":"', '": "') or f'"lead_label":"{ROLE}"' in foreseen
    rules = text_of((eastvale / "lead-professional" / "changing-the-lead-professional" / "index.html").read_text())
    assert f"{ROLE}: A new {ROLE}, agreed with the family" in rules  # the written rules, label and all
    # The trainer's answer sheet and the cards: the tool's name and the line naming who leads.
    answers = text_of((eastvale / "training" / "answers" / "index.html").read_text())
    assert f"Tool: Who should be the {ROLE}?" in answers and f"{ROLE}: The personal adviser" in answers
    assert f"Tool: Who should be the {ROLE}?" in text_of((eastvale / "training" / "cards" / "index.html").read_text())
    # Saved links keep working: the page's address and its headings' anchors are unchanged.
    myths = (eastvale / "lead-professional" / "myths-and-truths" / "index.html").read_text()
    assert 'id="the-lead-professional-does-all-the-chasing"' in myths
