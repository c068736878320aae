"""The published documents that the trees' rules come from.

Every outcome cites one or more of these by key, with the section it relies on, so that a
practitioner can check the rule and a policy lead can see which document a council follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.model import Source


@dataclass(frozen=True)
class Document:
    publisher: str
    title: str
    date: str


DOCUMENTS: dict[str, Document] = {
    "salford-2018": Document(
        "Salford Early Help", "Lead professional and chairing (web page)", "updated October 2018"
    ),
    "wigan-2022": Document(
        "Wigan Council", "Early Help Lead Professional Handbook", "January 2022"
    ),
    "cpp": Document(
        "Centre for Professional Practice", "Training slides on the lead professional's role", "undated"
    ),
    "banes": Document(
        "Bath and North East Somerset Council", "The lead professional (web page)", "undated"
    ),
    "plymouth": Document(
        "Plymouth", "Lead Professional Guidance for Plymouth (Common Assessment Framework)", "undated"
    ),
    "families-first": Document(
        "Department for Education",
        "Families First Partnership programme guide",
        "March 2025",
    ),
    "wt-2023": Document(
        "HM Government (Department for Education)",
        "Working Together to Safeguard Children 2023",
        "December 2023, updated February 2024",
    ),
}


def describe(document: str, section: str) -> dict[str, str]:
    """The citation of one source as the browser shows it."""
    found = DOCUMENTS[document]
    return {
        "document": document,
        "publisher": found.publisher,
        "title": found.title,
        "date": found.date,
        "section": section,
    }


# ------------------------------------------------------------------------------------------
# Sections of national guidance that several trees cite, written once
# ------------------------------------------------------------------------------------------
WT_EARLY_HELP = Source("wt-2023", "Chapter 3: early help, the lead practitioner")
WT_CIN = Source("wt-2023", "Chapter 3: children in need (section 17), the lead practitioner")
WT_S47 = Source("wt-2023", "Chapter 3: child protection enquiries (section 47)")
WT_REFERRAL = Source("wt-2023", "Chapter 3: referral to local authority children's social care and immediate protection")
