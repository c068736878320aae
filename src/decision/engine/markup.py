"""The one renderer of a tool's step: the HTML of a question page or an outcome, made from the
JSON view (`view.step_view`).

The build puts the first question into the page with it (tools/handbook_build/widget.py) and
stores the foreseen steps' markup made by it (tools/handbook_build/foreseen.py); in the browser,
the worker's reply to each step carries its markup (`decision.browser.resolve_request`), and
lp-tools.js inserts that markup and only enhances it (focus, the status line, adding and removing
practitioners from the template below). There is no second renderer to keep in step.

Every piece of text goes through `text`, and every attribute value is escaped: answers can hold
anything a reader typed, and names and local rules anything a council's settings hold. `h` takes
its children as markup, so a caller passes text only through `text`.

Standard library only, and not even `html`: its `escape` would bring `html.entities` (some 75 kB
of source) into the library the site ships. `_escape` gives the same characters.
"""

from __future__ import annotations

from typing import Any, Iterable

Children = Iterable["str | None"]

# The practitioners' list is drawn again in the page when a reader adds or removes one (before
# Python is ready too): from a <template> of one empty entry, whose ids hold this in place of the
# entry's index. lp-tools.js reads it from the template's data-index and puts the index there, and
# each entry's number into its .lp-entry__number elements. Never in an id of anything else, and
# it cannot be typed into one: ids are the tree's own.
ENTRY_INDEX = "__entry__"


def _escape(value: str, quote: bool) -> str:
    """As html.escape: &, < and >, and with quote=True both quotation marks."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        value = value.replace('"', "&quot;").replace("'", "&#x27;")
    return value


def tool_id(tree_id: str, used: list[str] | None = None) -> str:
    """A tool's id in its page, which the ids in its step's markup start with: "lp-" and the tree's
    id, with "-2" and so on for a later copy of the same tool (`used`: the trees placed before it)."""
    copies = (used or []).count(tree_id)
    return f"lp-{tree_id}" + (f"-{copies + 1}" if copies else "")


def h(tag: str, attrs: dict[str, Any] | None = None, *children: str | None) -> str:
    """One element: attributes with a value of None or False are left out."""
    parts = [tag]
    for name, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{_escape(str(value), True)}"')
    inner = "".join(child for child in children if child)
    return f"<{' '.join(parts)}>{inner}</{tag}>"


def void(tag: str, attrs: dict[str, Any]) -> str:
    return h(tag, attrs)[: -len(f"</{tag}>")]


def text(value: str) -> str:
    return _escape(value, False)


def step_html(view: dict[str, Any], uid: str) -> str:
    """The markup of one step: a question page or an outcome, then the answers so far. `uid` is
    the tool's id in its page, which the ids of the step's fields start with."""
    body = question_html(view, uid) if view["kind"] == "question" else outcome_html(view, uid)
    return body + answers_html(view) + restart_html(view)


def back_html(view: dict[str, Any]) -> str | None:
    if not view["back"]:
        return None
    return h("button", {"type": "button", "class": "lp-link lp-back", "data-action": "back",
                        "data-ask": view["back"]}, "Back")


def notices_html(view: dict[str, Any]) -> str | None:
    if not view["notices"]:
        return None
    items = "".join(h("li", None, text(n)) for n in view["notices"])
    return h("div", {"class": "lp-notices", "role": "note"},
             h("p", {"class": "lp-notices__title"}, "Some answers could not be used"), h("ul", None, items))


def question_html(view: dict[str, Any], uid: str) -> str:
    q = view["question"]
    field_id = f"{uid}-{q['id']}"
    described = " ".join(filter(None, [q["hint"] and f"{field_id}-hint", q["error"] and f"{field_id}-error"]))
    legend = h("legend", {"class": "lp-legend"},
               h("span", {"class": "lp-question__number"}, f"Question {view['number']}"),
               h("h3", {"class": "lp-question__text", "tabindex": "-1"}, text(q["text"])))
    fieldset = h("fieldset", {"class": "lp-fieldset", "aria-describedby": described or None},
                 legend,
                 q["hint"] and h("div", {"class": "lp-hint", "id": f"{field_id}-hint"}, text(q["hint"])),
                 error_message_html(q, field_id),
                 options_html(q, field_id))
    field = h("div", {"class": "lp-field lp-field--error" if q["error"] else "lp-field"}, fieldset)
    return h("form", {"class": "lp-step lp-question", "novalidate": True, "data-question": q["id"],
                      "data-kind": q["kind"]},
             back_html(view), notices_html(view), error_summary_html(q, field_id), field,
             h("button", {"type": "submit", "class": "md-button md-button--primary lp-button"}, "Continue"))


def error_summary_html(q: dict[str, Any], field_id: str) -> str | None:
    if not q["error"]:
        return None
    first = f"{field_id}-0-role" if q["kind"] == "practitioners" else f"{field_id}-0"  # the first field to fill
    return h("div", {"class": "lp-error-summary", "role": "alert", "tabindex": "-1",
                     "aria-labelledby": f"{field_id}-summary-title"},
             h("h3", {"class": "lp-error-summary__title", "id": f"{field_id}-summary-title"}, "There is a problem"),
             h("ul", None, h("li", None, h("a", {"href": f"#{first}"}, text(q["error"])))))


def error_message_html(q: dict[str, Any], field_id: str) -> str | None:
    if not q["error"]:
        return None
    return h("p", {"class": "lp-error-message", "id": f"{field_id}-error"},
             h("span", {"class": "lp-visually-hidden"}, "Error: "), text(q["error"]))


def options_html(q: dict[str, Any], field_id: str) -> str:
    if q["kind"] == "practitioners":
        return practitioners_html(q, field_id)
    input_type = "radio" if q["kind"] == "choice" else "checkbox"
    chosen = q["value"] if isinstance(q["value"], list) else [q["value"]]
    items = []
    for index, option in enumerate(q["options"]):
        if option["exclusive"] and index:
            items.append(h("div", {"class": "lp-options__or"}, "or"))
        items.append(option_html(option, f"{field_id}-{index}", field_id, input_type, option["id"] in chosen))
    return h("div", {"class": f"lp-options lp-options--{input_type}"}, *items)


def option_html(option: dict[str, Any], input_id: str, name: str, input_type: str, checked: bool) -> str:
    hint_id = f"{input_id}-hint" if option["hint"] else None
    return h("div", {"class": "lp-option"},
             void("input", {"class": "lp-option__input", "type": input_type, "id": input_id, "name": name,
                            "value": option["id"], "checked": checked, "aria-describedby": hint_id,
                            "data-exclusive": "true" if option["exclusive"] else None}),
             h("label", {"class": "lp-option__label", "for": input_id}, text(option["label"])),
             hint_id and h("div", {"class": "lp-option__hint", "id": hint_id}, text(option["hint"])))


EMPTY_ENTRY = {"role": "", "agency": "", "criteria": []}


def practitioners_html(q: dict[str, Any], field_id: str) -> str:
    entries = list(q["value"] or []) or [EMPTY_ENTRY]
    rows = [entry_html(q, field_id, index, entry) for index, entry in enumerate(entries)]
    add = h("button", {"type": "button", "class": "md-button lp-button lp-add", "data-action": "add-entry",
                       "data-max": q["max_items"]}, "Add another practitioner")
    template = h("template", {"class": "lp-entries__template", "data-index": ENTRY_INDEX},
                 entry_html(q, field_id, ENTRY_INDEX, EMPTY_ENTRY))
    return h("div", {"class": "lp-entries", "data-max": q["max_items"]}, *rows) + add + template


def entry_html(q: dict[str, Any], field_id: str, index: int | str, entry: dict[str, Any]) -> str:
    """One practitioner: at `index`, or at ENTRY_INDEX in the template (numbered by the page)."""
    entry_id = f"{field_id}-{index}"
    number = h("span", {"class": "lp-entry__number"}, str(index + 1) if isinstance(index, int) else None)
    role = text_field_html(f"{entry_id}-role", "role", "Role", entry.get("role", ""),
                           "For example: health visitor, class teacher, family support worker. No names.",
                           q.get("max_length"))
    agency = text_field_html(f"{entry_id}-agency", "agency", "Agency or service (optional)",
                             entry.get("agency", ""), None, q.get("max_length"))
    ticks = [option_html(option, f"{entry_id}-c{c}", f"{entry_id}-criteria", "checkbox",
                         option["id"] in entry.get("criteria", []))
             for c, option in enumerate(q["options"])]
    criteria = h("fieldset", {"class": "lp-fieldset lp-entry__criteria"},
                 h("legend", {"class": "lp-legend lp-legend--small"}, "Which of these are true of this practitioner?"),
                 h("div", {"class": "lp-options lp-options--checkbox"}, *ticks))
    remove = h("button", {"type": "button", "class": "lp-link lp-remove", "data-action": "remove-entry",
                          "data-entry": index},
               "Remove", h("span", {"class": "lp-visually-hidden"}, " practitioner ", number))
    return h("fieldset", {"class": "lp-entry", "data-entry": index},
             h("legend", {"class": "lp-entry__title"}, "Practitioner ", number), role, agency, criteria, remove)


def text_field_html(input_id: str, name: str, label: str, value: str, hint: str | None,
                    max_length: int | None = None) -> str:
    hint_id = f"{input_id}-hint" if hint else None
    return h("div", {"class": "lp-text-field"},
             h("label", {"class": "lp-text-field__label", "for": input_id}, text(label)),
             hint and h("div", {"class": "lp-hint", "id": hint_id}, text(hint)),
             void("input", {"class": "lp-text-field__input", "type": "text", "id": input_id, "name": name,
                            "value": value, "maxlength": max_length, "autocomplete": "off",
                            "spellcheck": "false", "aria-describedby": hint_id}))


def outcome_html(view: dict[str, Any], uid: str) -> str:
    o = view["outcome"]
    result = h("div", {"class": "lp-result"},
               h("p", {"class": "lp-result__label"}, "Result"),
               h("h3", {"class": "lp-result__title", "tabindex": "-1"}, text(o["title"])),
               o["lead"] and h("p", {"class": "lp-result__lead"},
                               h("span", {"class": "lp-result__lead-label"}, text(o["lead_label"]) + ": "), text(o["lead"])))
    return h("div", {"class": "lp-step lp-outcome", "data-outcome": o["id"]},
             back_html(view), notices_html(view), result,
             section_html("Why", o["reasons"]),
             table_html(o["table"]),
             section_html("Local rule", o["local_rules"], "lp-local-rule"),
             section_html("Before you act", o["notes"]),
             section_html("What to do next", o["next_steps"]),
             offers_html(o["offers"]),
             sources_html(o["sources"]))


def offers_html(offers: list[dict[str, str]]) -> str | None:
    """Buttons that show an earlier question again with another answer chosen (Python's offers)."""
    if not offers:
        return None
    return h("div", {"class": "lp-offers"},
             *(h("button", {"type": "button", "class": "md-button lp-button lp-offer", "data-action": "offer",
                            "data-ask": offer["ask"], "data-answer": offer["answer"]}, text(offer["label"]))
               for offer in offers))


def section_html(title: str, items: list[str], extra_class: str = "") -> str | None:
    if not items:
        return None
    return h("div", {"class": f"lp-section {extra_class}".strip()},
             h("h4", {"class": "lp-section__title"}, text(title)),
             h("ul", None, *(h("li", None, text(item)) for item in items)))


def table_html(table: dict[str, Any] | None) -> str | None:
    if not table:
        return None
    head = h("tr", None, *(h("th", {"scope": "col"}, text(cell)) for cell in table["head"]))
    rows = (h("tr", None, *(h("td", None, text(cell)) for cell in row)) for row in table["rows"])
    return h("table", {"class": "lp-table"}, table["caption"] and h("caption", None, text(table["caption"])),
             h("thead", None, head), h("tbody", None, *rows))


def sources_html(sources: list[dict[str, str]]) -> str:
    items = (h("li", None, text(f"{s['publisher']}, {s['title']} ({s['date']}): {s['section']}")) for s in sources)
    return h("div", {"class": "lp-section lp-sources"}, h("h4", {"class": "lp-section__title"}, "Sources"),
             h("ul", None, *items))


def answers_html(view: dict[str, Any]) -> str:
    if not view["answers"]:
        return ""
    rows = (h("div", {"class": "lp-summary__row"},
              h("dt", {"class": "lp-summary__key"}, text(a["summary"])),
              h("dd", {"class": "lp-summary__value"}, text(a["answer"])),
              h("dd", {"class": "lp-summary__actions"},
                h("button", {"type": "button", "class": "lp-link", "data-action": "change", "data-ask": a["question_id"]},
                  "Change", h("span", {"class": "lp-visually-hidden"}, text(" " + a["change_what"])))))
            for a in view["answers"])
    return h("div", {"class": "lp-answers"}, h("h4", {"class": "lp-answers__title"}, "Your answers"),
             h("dl", {"class": "lp-summary"}, *rows))


def restart_html(view: dict[str, Any]) -> str:
    if not view["restart"]:
        return ""
    return h("p", {"class": "lp-restart"},
             h("button", {"type": "button", "class": "lp-link", "data-action": "restart"}, "Start again"))
