"""The Team Around the Family meeting kit: the part of it written into the page at build time.

A ```decision-meeting fence becomes:

- the agenda, stage by stage in the Signs of Safety order (before, beginning, middle, scaling,
  end, after), with the confidentiality statement and the ground rules read from
  docs/_includes at build time, so that their wording lives in one place only;
- the form and a blank template of the record, to print and fill in by hand, both rendered from
  the one description of the form in decision.meeting.form (meeting_form.py);
- an empty record area. docs/assets/handbook/lp-meeting.js shows the form and enhances it. Without
  JavaScript the form stays hidden and the kit says that the interactive parts need it.

The checks, the record and the chart come from the decision.meeting package, in the browser's Python.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Callable

import markdown

from decision import browser
from decision.meeting.form import SCALE_BANDS, SCALE_HIGH, SCALE_LOW, SCALE_QUESTION
from decision.meeting.kit import page_settings

from .context import BuildContext
from .fence import FenceError
from .markup import h, text
from .meeting_form import form_html, template_html

MEETING_FENCE = "decision-meeting"
KIT_ID = "lp-meeting"
INCLUDES = Path(__file__).resolve().parents[2] / "docs" / "_includes"
STATEMENT, GROUND_RULES = "confidentiality-statement.md", "ground-rules.md"
log = logging.getLogger("mkdocs.plugins.handbook")

# The Signs of Safety meeting structure, as an agenda (see running-the-meeting.md and the Wigan
# handbook's "Team Around the Family Process"). "includes" names the shared text shown after a stage.
AGENDA: tuple[dict[str, Any], ...] = (
    {"id": "before", "title": "Before the meeting", "items": (
        "Agree who will chair and who will take the minutes: two different people. A rota agreed at "
        "or before the first meeting shares these jobs fairly between agencies.",
        "For a first meeting, send the invitations in good time.",
        "For a review, send everyone the last assessment or review form beforehand, so they arrive "
        "having read it.",
        "Talk to the family about how the meeting will run and what they want to raise.",
    )},
    {"id": "beginning", "title": "Beginning", "items": (
        "Welcome everyone and thank them for coming.",
        "Read out the confidentiality statement (below). Sharing anything beyond it needs the "
        "family's consent.",
        "Introductions: each person says who they are and what they do with the family.",
        "Say why you are meeting: to agree a plan, or to review last time's actions.",
        "Say how long the meeting will last and agree the ground rules (below).",
        "Agree the agenda, adding anything the family wants to talk about.",
    ), "includes": (STATEMENT, GROUND_RULES)},
    {"id": "middle", "title": "Middle: three questions", "items": (
        "What is going well? Ask the family first, then the practitioners. Make sure the child's or "
        "young person's views are heard.",
        "What are we worried about? Which worries come first? Go through the actions from last time.",
        "What needs to happen? Agree the changes needed and the actions that will bring them about.",
    )},
    {"id": "scaling", "title": "Scaling", "items": (
        f"Ask each family member, then each practitioner, for a score from {SCALE_LOW} to {SCALE_HIGH}, "
        "and why it is that number.",
    ), "question": SCALE_QUESTION},
    {"id": "end", "title": "End", "items": (
        "Gather the actions and make each one SMART: specific, measurable, achievable, realistic and "
        "timed. For each, agree what will be done, who will do it, how everyone will know it is done, "
        "and by when.",
        "Read the actions back; check the family understands them and agrees.",
        "Set the review date.",
        "Agree who will chair and who will take the minutes next time.",
    )},
    {"id": "after", "title": "After the meeting", "items": (
        "Send the record to everyone who came, and to anyone else the family has agreed may have it.",
        "Make sure the family has seen it, and put right anything they say is wrong.",
    )},
)


def include_html(name: str, md: Any = None) -> str:
    """A file of docs/_includes as HTML, converted on its own (never through the page's Markdown
    instance, which is in the middle of converting the page)."""
    source = (_includes_dir(md) / name).read_text(encoding="utf-8")
    if "{{" in source:
        log.error(f"meeting kit: {name} holds a placeholder, which the kit cannot fill")
    return markdown.markdown(source, extensions=["admonition", "attr_list", "tables"])


def _includes_dir(md: Any) -> Path:
    """Where markdown_include reads from (mkdocs.yml sets it), else the repository's docs/_includes."""
    try:
        base = Path(md.preprocessors["include"].base_path)
    except (AttributeError, KeyError, TypeError):
        return INCLUDES
    for folder in (base, Path.cwd() / base, INCLUDES.parents[1] / base):
        if (folder / STATEMENT).is_file():
            return folder
    return INCLUDES


# ------------------------------------------------------------------------------------------
# The agenda
# ------------------------------------------------------------------------------------------

def agenda_html(uid: str, md: Any = None) -> str:
    stages = []
    for number, stage in enumerate(AGENDA, 1):
        extra = "".join(include_html(name, md) for name in stage.get("includes", ()))
        question = stage.get("question") and h("p", {"class": "lp-kit__question"},
                                               h("strong", None, "Scaling question: "), text(stage["question"]))
        bands = stage["id"] == "scaling" and scale_table_html()
        stages.append(h("li", {"class": "lp-kit__stage", "id": f"{uid}-stage-{stage['id']}"},
                        h("h3", {"class": "lp-kit__stage-title"},
                          h("span", {"class": "lp-kit__stage-number"}, f"{number}. "), text(stage["title"])),
                        h("ul", None, *(h("li", None, text(item)) for item in stage["items"])),
                        question, bands, extra))
    return h("section", {"class": "lp-kit__agenda", "aria-labelledby": f"{uid}-agenda-title"},
             h("h2", {"class": "lp-kit__title", "id": f"{uid}-agenda-title"}, "The agenda"),
             h("p", None, "Six stages, in the Signs of Safety order. The record below follows the same order."),
             h("ol", {"class": "lp-kit__stages"}, *stages))


def scale_table_html() -> str:
    rows = (h("tr", None, h("td", None, f"{low} to {high}"), h("td", None, text(meaning[0].upper() + meaning[1:])))
            for low, high, meaning in SCALE_BANDS)
    return h("table", {"class": "lp-table lp-kit__bands"},
             h("caption", None, "What the scores mean (the Early Help Assessment's scale)"),
             h("thead", None, h("tr", None, h("th", {"scope": "col"}, "Score"), h("th", {"scope": "col"}, "Meaning"))),
             h("tbody", None, *rows))


# ------------------------------------------------------------------------------------------
# The kit
# ------------------------------------------------------------------------------------------

def kit_html(uid: str, md: Any = None) -> str:
    settings = page_settings() | {"max_request": browser.MAX_REQUEST}
    nojs = h("div", {"class": "lp-kit__nojs"},
             h("p", None, h("strong", None, "The interactive parts of this kit need JavaScript."),
               " Without it you can still use the agenda, the confidentiality statement and the ground "
               "rules, and print the blank record at the end of this section."))
    return h("div", {"class": "lp-kit", "id": uid, "data-kit": json.dumps(settings, sort_keys=True)},
             h("p", {"class": "lp-kit__live lp-visually-hidden", "role": "status", "aria-live": "polite"}),
             nojs,
             agenda_html(uid, md),
             form_html(uid),
             h("section", {"class": "lp-kit__record", "id": f"{uid}-record", "hidden": True,
                           "aria-labelledby": f"{uid}-record-title"}),
             template_html(uid))


def meeting_fence_formatter(context: BuildContext) -> Callable[..., str]:
    """A pymdownx.superfences formatter: the fence's body is ignored; one kit per page (its ids,
    and what the browser keeps of a reader's meeting, are the page's one kit's)."""

    def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
        used = md.__dict__.setdefault("_lp_meeting_kits", [])
        if used:
            raise FenceError("a page can hold only one meeting kit")
        used.append(KIT_ID)
        return kit_html(KIT_ID, md)

    return format_fence
