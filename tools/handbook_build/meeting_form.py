"""The meeting kit's form and its blank record to print, both rendered from the one description
of the form in decision.meeting.form.

The form is written into the page hidden; docs/assets/handbook/lp-meeting.js shows it and
enhances it. Each kind of row the reader can add (a person, an action, a later meeting, an
earlier review and its scores, an action from last time) is written once as a <template>,
with `{i}` and `{n}` (the row's index, counting from 0, and its number, from 1; `{j}` and `{m}`
for an earlier review inside a person's scores) where the page puts the row's place. A person's
name goes where the description says `{who}`, into an element of its own, and a date hint's
example into another: the page sets both as text.
"""

from __future__ import annotations

from typing import Any

from decision.meeting.form import (ACTIONS, CHOICE, COLUMNS_HINT, DATE, EARLIER, EARLIER_SCORE, EXAMPLE, FORM,
                                   LONG_TEXT, NUMBER, PEOPLE, PREVIOUS, REVIEWS, SCALE_HIGH, SCALE_LOW,
                                   SCALE_QUESTION, SCORE, TEXT, TICK, WHO, Field, Group, Heading, Note, Rows, Section)

from .markup import h, text, void

ROW, ROW_NUMBER, REVIEW, REVIEW_NUMBER = "{i}", NUMBER, "{j}", EARLIER
NO_PREVIOUS = ("At a review, open the file you saved last time (under 6. Keep or share the record) and choose to "
               "start the next review: last time's actions then appear here, to say how each went.")
SCALE_HINT = (f"Scores are whole numbers from {SCALE_LOW} to {SCALE_HIGH}. To show earlier meetings' scores, add a "
              "column for each earlier review, or open last time's saved file to bring them forward.")
SCORES_CAPTION = f"Scores from {SCALE_LOW} (no confidence) to {SCALE_HIGH} (completely confident)"
CHART_EMPTY = "The chart of the scores appears here once a score is entered."


def _words(value: str) -> str:
    """Words of the description as markup: a person's name and an example date get an element
    each, which the page fills in as text."""
    parts = []
    for piece in value.replace(WHO, "\0who\0").replace(EXAMPLE, "\0example\0").split("\0"):
        if piece == "who":
            parts.append(h("span", {"class": "lp-kit__who"}, text(PEOPLE.item)))
        elif piece == "example":
            parts.append(h("span", {"class": "lp-kit__example"}))
        else:
            parts.append(text(piece))
    return "".join(parts)


def _lower(words: str) -> str:
    return words[0].lower() + words[1:]


class FormWriter:
    """The live form's markup, element for element as lp-meeting.js used to draw it."""

    def __init__(self, uid: str) -> None:
        self.uid = uid

    def id(self, path: str) -> str:
        return f"{self.uid}-{path.replace('.', '-')}"

    # Fields ---------------------------------------------------------------------------------
    def wrap(self, path: str, children: str, extra: str = "") -> str:
        return h("div", {"class": f"lp-kit__field {extra}".strip(), "data-for": path}, children)

    def hint(self, path: str, hint: str) -> str | None:
        return hint and h("div", {"class": "lp-hint", "id": f"{self.id(path)}-hint"}, _words(hint))

    def field(self, path: str, field: Field, **options: Any) -> str:
        if field.kind == TICK:
            return self.tick(path, field)
        if field.kind == CHOICE:
            return self.select(path, field) if field.menu is not None else self.radios(path, field)
        return self.input(path, field, **options)

    def input(self, path: str, field: Field, hidden_label: bool = False, described_by: str = "",
              wrap_class: str = "") -> str:
        control_id = self.id(path)
        multiline = field.kind == LONG_TEXT
        size = "date" if field.kind == DATE else "score" if field.kind == SCORE else ""
        described = " ".join(filter(None, [field.hint and f"{control_id}-hint", described_by])) or None
        attrs = {"class": "lp-kit__textarea" if multiline else
                 f"lp-text-field__input lp-kit__input {f'lp-kit__input--{size}' if size else ''}".strip(),
                 "type": None if multiline else "text", "id": control_id, "name": path, "data-field": path,
                 "rows": field.lines or None if multiline else None, "autocomplete": "off",
                 "spellcheck": "true" if field.spelling else "false",
                 "list": f"{self.uid}-names" if field.names else None,
                 "inputmode": "numeric" if field.kind == SCORE else None, "aria-describedby": described}
        control = h("textarea", attrs) if multiline else void("input", attrs)
        label = h("label", {"class": "lp-text-field__label" + (" lp-visually-hidden" if hidden_label else ""),
                            "for": control_id}, _words(field.label))
        return self.wrap(path, label + (self.hint(path, field.hint) or "") + control, wrap_class)

    def select(self, path: str, field: Field) -> str:
        control_id = self.id(path)
        options = [h("option", {"value": "", "selected": not field.default}, text(field.menu))] if field.menu else []
        options += [h("option", {"value": key, "selected": key == field.default}, text(label))
                    for key, label in (field.choices or {}).items()]
        return self.wrap(path, h("label", {"class": "lp-text-field__label", "for": control_id}, text(field.label)) +
                         h("select", {"class": "lp-kit__select", "id": control_id, "name": path, "data-field": path},
                           *options))

    def radios(self, path: str, field: Field, choices: dict[str, str] | None = None) -> str:
        items = []
        for key, label in (choices or field.choices or {}).items():
            option_id = f"{self.id(path)}-{key}"
            items.append(h("div", {"class": "lp-option"},
                           void("input", {"class": "lp-option__input", "type": "radio", "id": option_id,
                                          "name": self.id(path), "value": key, "data-field": path,
                                          "checked": key == field.default}),
                           h("label", {"class": "lp-option__label", "for": option_id}, text(label))))
        return self.wrap(path, h("fieldset", {"class": "lp-fieldset",
                                              "aria-describedby": field.hint and f"{self.id(path)}-hint" or None},
                                 h("legend", {"class": "lp-legend lp-legend--small"}, text(field.label)),
                                 self.hint(path, field.hint),
                                 h("div", {"class": "lp-options lp-options--radio lp-kit__inline"}, *items)))

    def tick(self, path: str, field: Field) -> str:
        control_id = self.id(path)
        return self.wrap(path, h("div", {"class": "lp-option"},
                                 void("input", {"class": "lp-option__input", "type": "checkbox", "id": control_id,
                                                "name": path, "data-field": path}),
                                 h("label", {"class": "lp-option__label", "for": control_id}, text(field.label))))

    # Rows -----------------------------------------------------------------------------------
    def add_button(self, rows: Rows) -> str:
        return h("button", {"type": "button", "class": "md-button lp-button lp-kit__add", "data-action": "add",
                            "data-list": rows.key, "data-item": rows.item, "data-many": rows.many}, text(rows.add))

    def remove_button(self, rows: Rows, index: str = ROW) -> str:
        return h("button", {"type": "button", "class": "lp-link lp-remove", "data-action": "remove",
                            "data-list": rows.key, "data-index": index},
                 "Remove", h("span", {"class": "lp-visually-hidden"}, " " + text(_lower(rows.item))))

    def row_fields(self, rows: Rows, *keys: str) -> str:
        return "".join(self.field(f"{rows.key}.{ROW}.{key}", rows.field(key)) for key in keys)

    def row(self, rows: Rows) -> str:
        path = f"{rows.key}.{ROW}"
        legend = h("legend", {"class": "lp-entry__title"}, text(rows.item),
                   rows is ACTIONS and h("span", {"class": "lp-kit__status"}))
        if rows is PEOPLE:
            body = h("div", {"class": "lp-kit__grid"}, self.row_fields(rows, "name", "role", "kind", "attendance"))
        elif rows is ACTIONS:
            body = (self.row_fields(rows, "what") + h("div", {"class": "lp-kit__grid"}, self.row_fields(rows, "who", "by"))
                    + self.row_fields(rows, "measure"))
        elif rows is PREVIOUS:
            facts = (h("div", None, h("dt", None, text(rows.field(key).in_record)),
                       h("dd", {"data-fact": key}, "Not recorded")) for key in ("what", "who", "measure", "by"))
            body = h("dl", {"class": "lp-kit__facts"}, *facts) + self.row_fields(rows, "progress", "note")
        else:
            body = h("div", {"class": "lp-kit__grid"}, self.row_fields(rows, *(f.key for f in rows.fields)))
        remove = self.remove_button(rows) if rows.add else ""
        return h("fieldset", {"class": "lp-entry lp-kit__row" + (" lp-kit__action" if rows is ACTIONS else ""),
                              "data-row": path}, legend, body, remove)

    def template(self, name: str, markup: str) -> str:
        return h("template", {"data-template": name}, markup)

    def rows(self, rows: Rows) -> str:
        if rows is PREVIOUS:
            return (h("h4", {"class": "lp-kit__subtitle", "data-previous": "some"}, text(rows.printed)) +
                    h("div", {"data-list": rows.key}) +
                    h("p", {"class": "lp-hint", "data-previous": "none"}, text(NO_PREVIOUS)) +
                    self.template(rows.key, self.row(rows)))
        if rows is REVIEWS:
            return self.scaling()
        return (h("div", {"class": "lp-kit__rows", "data-list": rows.key}) + self.add_button(rows) +
                self.template(rows.key, self.row(rows)))

    # The scores table -----------------------------------------------------------------------
    def scaling(self) -> str:
        score, reason = PEOPLE.field("score"), PEOPLE.field("reason")

        def cell_label(words: str) -> str:
            # On a narrow screen the rows stack (lp-meeting.css) and these show in place of the column
            # headings; each field's own label already says the same, so they are hidden from screen readers.
            return h("span", {"class": "lp-kit__cell-label", "aria-hidden": "true"}, text(words))

        person = f"{PEOPLE.key}.{ROW}"
        head = h("th", {"scope": "col", "class": "lp-kit__review-head"},
                 self.input(f"{REVIEWS.key}.{ROW}.date", REVIEWS.field("date")), self.remove_button(REVIEWS))
        earlier = h("td", None, cell_label(EARLIER_SCORE.column),
                    self.input(f"{person}.{EARLIER_SCORE.key}.{REVIEW}", EARLIER_SCORE, hidden_label=True))
        row = h("tr", {"data-row": person},
                h("th", {"scope": "row"}, h("span", {"class": "lp-kit__who"}, text(PEOPLE.item)),
                  h("span", {"class": "lp-kit__role"})),
                h("td", {"data-reviews-before": True}, cell_label(score.column),
                  self.input(f"{person}.score", score, hidden_label=True)),
                h("td", {"class": "lp-kit__reason"}, cell_label(reason.column),
                  self.input(f"{person}.reason", reason, hidden_label=True)))
        table = h("table", {"class": "lp-table lp-kit__scores"}, h("caption", None, text(SCORES_CAPTION)),
                  h("thead", None, h("tr", None, h("th", {"scope": "col"}, "Person"),
                                     h("th", {"scope": "col", "data-reviews-before": True}, text(score.column)),
                                     h("th", {"scope": "col"}, text(reason.column)))),
                  h("tbody", None))
        return (h("p", None, h("strong", None, "Ask: "), text(SCALE_QUESTION)) +
                h("p", {"class": "lp-hint"}, text(SCALE_HINT)) +
                h("div", {"class": "lp-kit__scores-box"}, table) +
                self.add_button(REVIEWS) +
                h("div", {"class": "lp-kit__chart-box", "aria-live": "off"},
                  h("p", {"class": "lp-hint lp-kit__chart-empty"}, text(CHART_EMPTY))) +
                self.template("review-head", head) + self.template("score-row", row) +
                self.template("score-earlier", earlier))

    # Sections -------------------------------------------------------------------------------
    def part(self, part: Any) -> str:
        if isinstance(part, Heading):
            return h("h4", {"class": "lp-kit__subtitle"}, text(part.text))
        if isinstance(part, Note):
            return h("p", {"class": "lp-hint", "id": part.id and f"{self.uid}-{part.id}" or None}, text(part.text))
        if isinstance(part, Rows):
            return self.rows(part)
        if isinstance(part, Group) and part.style == "columns":
            return h("div", {"class": "lp-kit__columns"},
                     *(self.input(f.key, f, described_by=f"{self.uid}-{COLUMNS_HINT}", wrap_class="lp-kit__column")
                       for f in part.fields))
        if isinstance(part, Group):
            return h("div", {"class": f"lp-kit__{part.style}"}, *(self.field(f.key, f) for f in part.fields))
        return self.field(part.key, part)

    def section(self, stage: str, title: str, *children: str | None) -> str:
        return h("section", {"class": "lp-kit__section", "data-stage": stage,
                             "aria-labelledby": f"{self.uid}-{stage}-title"},
                 h("h3", {"class": "lp-kit__section-title", "id": f"{self.uid}-{stage}-title"}, text(title)), *children)

    def form_section(self, section: Section) -> str:
        return self.section(section.stage, section.title, *(self.part(part) for part in section.parts))

    def keep(self) -> str:
        def button(action: str, words: str, primary: bool = False) -> str:
            return h("button", {"type": "button", "class": "md-button md-button--primary lp-button" if primary
                                else "md-button lp-button", "data-action": action}, words)

        file_id = self.id("open.file")
        start = Field("open.start", "What do you want to do with it?", CHOICE, default="continue", choices={
            "continue": "Carry on with that meeting",
            "next": "Start the next review from it (its scores and actions come forward)"})
        return self.section(
            "keep", "6. After: keep or share the record",
            h("p", {"class": "lp-hint"}, "Downloading or printing checks the meeting first, so the record is up to date."),
            h("div", {"class": "lp-kit__buttons"}, button("download-record", "Download the record (.txt)", True),
              button("print-record", "Print the record"), button("save", "Download to continue later (.json)")),
            h("h4", {"class": "lp-kit__subtitle"}, "Open a saved meeting"),
            self.wrap("open.file", h("label", {"class": "lp-text-field__label", "for": file_id}, "Saved meeting file") +
                      h("div", {"class": "lp-hint", "id": f"{file_id}-hint"},
                        "A .json file you downloaded from this kit. It is read in this tab only.") +
                      void("input", {"type": "file", "id": file_id, "class": "lp-kit__file",
                                     "accept": ".json,application/json", "aria-describedby": f"{file_id}-hint",
                                     "data-skip": "true"})),
            self.radios("open.start", start),
            button("open", "Open the saved meeting"),
            h("h4", {"class": "lp-kit__subtitle"}, "Other things you can do"),
            h("div", {"class": "lp-kit__buttons"}, button("print-blank", "Print a blank record"),
              button("clear", "Clear the form")),
            h("div", {"class": "lp-kit__confirm", "hidden": True},
              h("p", None, "This removes everything you have typed on this page. Download it to continue later "
                           "first if you want to keep it."),
              h("div", {"class": "lp-kit__buttons"}, button("clear-yes", "Yes, clear the form", True),
                button("clear-no", "Cancel"))))

    def form(self) -> str:
        # Left out of search, as it was when the page drew it: its rows' templates and its empty
        # fields are nothing a reader searches for (the agenda and the blank record stay in).
        return h("form", {"class": "lp-kit__form", "id": f"{self.uid}-form", "hidden": True, "novalidate": True,
                          "aria-labelledby": f"{self.uid}-form-title", "data-search-exclude": True},
                 h("h2", {"class": "lp-kit__title", "id": f"{self.uid}-form-title", "tabindex": "-1"},
                   "Record the meeting"),
                 h("p", {"class": "lp-hint"}, "Everything you type stays in this browser tab. Nothing is sent "
                                              "anywhere, and nothing is kept when you leave the page unless you "
                                              "download it."),
                 h("div", {"class": "lp-kit__notices"}), h("div", {"class": "lp-kit__problems"}),
                 *(self.form_section(section) for section in FORM),
                 h("div", {"class": "lp-kit__check"},
                   h("button", {"type": "submit", "class": "md-button md-button--primary lp-button"},
                     "Check the meeting"),
                   h("p", {"class": "lp-kit__runtime", "role": "note"})),
                 h("div", {"class": "lp-kit__results", "tabindex": "-1"}),
                 self.keep())


def form_html(uid: str) -> str:
    return FormWriter(uid).form()


# ------------------------------------------------------------------------------------------
# The blank record, to print and fill in by hand
# ------------------------------------------------------------------------------------------

def _blank_table(caption: str, head: list[str], rows: int, tall: bool = False) -> str:
    cell_class = "lp-kit__blank lp-kit__blank--tall" if tall else "lp-kit__blank"
    body = "".join(h("tr", None, *(h("td", {"class": cell_class}) for _ in head)) for _ in range(rows))
    return h("table", {"class": "lp-table lp-kit__template-table"},
             h("caption", None, text(caption)),
             h("thead", None, h("tr", None, *(h("th", {"scope": "col"}, text(cell)) for cell in head))),
             h("tbody", None, body))


def _lines(labels: list[str]) -> str:
    return h("dl", {"class": "lp-kit__lines"},
             *(h("div", None, h("dt", None, text(label)), h("dd", {"class": "lp-kit__blank"})) for label in labels))


def _box(title: str, hint: str = "") -> str:
    return h("div", {"class": "lp-kit__template-box"}, h("h4", None, text(title)),
             hint and h("p", {"class": "lp-hint"}, text(hint)), h("div", {"class": "lp-kit__blank lp-kit__blank--box"}))


def _ticks(labels: list[str]) -> str:
    return h("ul", {"class": "lp-kit__ticks"}, *(h("li", None, "☐ ", text(label)) for label in labels))


def _column(field: Field) -> str:
    """A column of a blank table: a choice lists its answers ("Done / partly done / not done")."""
    if field.kind != CHOICE:
        return field.on_paper
    answers = list(dict.fromkeys(label.split(";")[0].lower() for label in (field.choices or {}).values()))
    joined = " / ".join(answers)
    return joined[0].upper() + joined[1:]


def _paper(section: Section) -> list[str]:
    """One section of the blank record: short fields as lines to write on, choices and ticks as
    boxes to tick, long text as a box, rows as a table with blank rows."""
    out: list[str] = [h("h3", None, text(section.printed))]
    lines: list[str] = []
    ticks: list[str] = []

    def flush() -> None:
        if lines:
            out.append(_lines(lines[:]))
        if ticks:
            out.append(_ticks(ticks[:]))
        lines.clear()
        ticks.clear()

    for part in section.parts:
        for item in part.fields if isinstance(part, Group) and not part.printed else (part,):
            if isinstance(item, Field) and item.kind in (DATE, TEXT):
                if ticks:
                    flush()
                lines.append(item.on_paper)
            elif isinstance(item, Field) and item.kind in (CHOICE, TICK):
                if lines:
                    flush()
                ticks.extend(item.choices.values() if item.choices else [item.on_paper])
            elif isinstance(item, (Field, Group, Rows)):
                flush()
                out.append(_paper_block(item))
    flush()
    return out


def _paper_block(item: Field | Group | Rows) -> str:
    if isinstance(item, Field):
        return _box(item.on_paper, item.hint)
    if isinstance(item, Group):
        return _blank_table(item.printed, [f.on_paper for f in item.fields], 1, tall=True)
    if item is REVIEWS:
        return h("p", None, text(SCALE_QUESTION)) + _blank_table(
            SCORES_CAPTION, [PEOPLE.field("name").on_paper, EARLIER_SCORE.on_paper, PEOPLE.field("score").on_paper,
                             PEOPLE.field("reason").column], PEOPLE.printed_rows)
    return _blank_table(item.printed, [_column(f) for f in item.fields if f.kind != SCORE and not f.column],
                        item.printed_rows)


def template_html(uid: str) -> str:
    parts = [part for section in FORM for part in _paper(section)]
    return h("section", {"class": "lp-kit__template", "aria-labelledby": f"{uid}-template-title"},
             h("h2", {"class": "lp-kit__title", "id": f"{uid}-template-title"}, "A blank record to print"),
             h("p", {"class": "lp-kit__template-intro"},
               "Print this page to fill the record in by hand. It follows the agenda above."),
             h("div", {"class": "lp-kit__template-body"}, *parts))

