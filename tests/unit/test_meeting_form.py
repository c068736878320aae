"""The meeting kit's form is described once (decision.meeting.form, issue 16.3): the live form
and the blank record to print are rendered from that description, the record takes its labels
from it, and lp-meeting.js holds none of its words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from decision.meeting.form import (ACTION_FIELDS, CHOICE, EARLIER_SCORE, EXAMPLE, FIELDS, FORM, LIMITS, NUMBER, PEOPLE,
                                   PERSON_TEXT, REVIEWS, ROWS, TICK, TOP_TEXT, WHO, Field, Group, Heading, Note,
                                   Rows)
from decision.meeting.reading import MeetingError, read_meeting

SCRIPT = ROOT / "docs" / "assets" / "handbook" / "lp-meeting.js"
UID = "lp-meeting"
PLACES = re.compile(r"\{(?:who|example|n|m|i|j)\}")


class Elements(HTMLParser):
    """Every element's attributes and its text (a label's, a legend's, a hint's), templates included."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[list[str]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img"):
            self.elements.append((tag, dict(attrs), []))
            return
        texts: list[str] = []
        self.elements.append((tag, {k: v or "" for k, v in attrs}, texts))
        self.open.append(texts)

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        for texts in self.open:
            texts.append(data)

    def text_of(self, tag: str, **attrs: str) -> list[str]:
        return [" ".join("".join(texts).split()) for name, found, texts in self.elements
                if name == tag and all(found.get(k) == v for k, v in attrs.items())]

    def with_attr(self, name: str, value: str) -> list[tuple[str, dict[str, str], list[str]]]:
        return [element for element in self.elements if element[1].get(name) == value]


def _shown(words: str) -> str:
    """Words of the description as the build shows them before the page fills in its places."""
    return " ".join(words.replace(WHO, PEOPLE.item).replace(EXAMPLE, "").split())


def _every_field() -> list[tuple[str, Field]]:
    """(path as the build writes it, field) for every field of the description."""
    fields = [(key, field) for key, field in FIELDS.items()]
    for rows in ROWS.values():
        fields += [(f"{rows.key}.{{i}}.{field.key}", field) for field in rows.fields]
    return fields + [("people.{i}.earlier.{j}", EARLIER_SCORE)]


@pytest.fixture(scope="module")
def form():
    from handbook_build.meeting_form import form_html
    return Elements(form_html(UID))


@pytest.fixture(scope="module")
def template():
    from handbook_build.meeting_form import template_html
    return Elements(template_html(UID))


@pytest.mark.parametrize("path, field", _every_field(), ids=lambda value: value if isinstance(value, str) else "")
def test_each_field_of_the_description_is_in_the_form_with_its_label_and_hint(form, path, field):
    if path.startswith("previous.") and field.key in ACTION_FIELDS:  # last time's action, shown as text
        assert form.text_of("dd", **{"data-fact": field.key}) == ["Not recorded"]
        assert field.in_record in form.text_of("dt")
        return
    controls = form.with_attr("data-field", path)
    assert controls, f"{path} is not in the form"
    if field.kind == CHOICE and field.menu is None:  # radios
        assert {attrs["value"] for _, attrs, _ in controls} == set(field.choices or {}), path
        assert _shown(field.label) in form.text_of("legend"), path
        assert set((field.choices or {}).values()) <= set(form.text_of("label")), path
    elif field.kind == CHOICE:  # a menu
        assert form.text_of("label", **{"for": form_id(path)}) == [field.label], path
        assert set((field.choices or {}).values()) <= set(form.text_of("option")), path
    else:
        assert form.text_of("label", **{"for": form_id(path)}) == [_shown(field.label)], path
    if field.hint:
        assert form.text_of("div", id=f"{form_id(path)}-hint") == [_shown(field.hint)], path
    if field.kind not in (TICK, CHOICE):
        tag = controls[0][0]
        assert tag == ("textarea" if field.kind == "long text" else "input"), path


def form_id(path: str) -> str:
    return f"{UID}-{path.replace('.', '-')}"


def test_each_kind_of_row_is_written_once_as_a_template_with_its_add_button(form):
    templates = {attrs["data-template"] for tag, attrs, _ in form.elements if tag == "template"}
    assert templates == {"people", "actions", "rota", "previous", "review-head", "score-row", "score-earlier"}
    for rows in ROWS.values():
        buttons = [attrs for tag, attrs, _ in form.with_attr("data-list", rows.key)
                   if tag == "button" and attrs.get("data-action") == "add"]
        if rows.add:
            assert len(buttons) == 1 and buttons[0]["data-item"] == rows.item and buttons[0]["data-many"] == rows.many
            assert form.text_of("button", **{"data-action": "add", "data-list": rows.key}) == [rows.add]
        else:
            assert buttons == []
    assert form.text_of("legend", **{"class": "lp-entry__title"}) == [
        PEOPLE.item, ROWS["previous"].item, ROWS["actions"].item, ROWS["rota"].item]


def test_the_blank_record_to_print_names_every_field_of_the_description(template):
    whole = " ".join("".join(template.elements[0][2]).split())
    for path, field in _every_field():
        if field.kind == CHOICE and "." not in path:  # to tick
            assert all(f"☐ {label}" in whole for label in (field.choices or {}).values()), path
        elif field.kind == CHOICE:  # a column listing the answers
            assert all(label.split(";")[0].lower() in whole.lower() for label in (field.choices or {}).values()), path
        elif field.column:  # a column of the scores table
            assert (field.printed or field.column) in whole, path
        elif not path.startswith("reviews."):  # (an earlier review is the scores table's "Score last time")
            assert field.on_paper in whole, (path, field.on_paper)
    for rows in ROWS.values():
        if rows.printed:
            assert template.text_of("caption").count(rows.printed) == 1, rows.key
    assert template.text_of("h3") == [section.printed for section in FORM]


def test_reading_a_meeting_takes_its_keys_and_limits_from_the_description():
    assert list(TOP_TEXT) == [key for key in FIELDS if "." not in key]
    assert PERSON_TEXT == {field.key: field.limit for field in PEOPLE.fields}
    assert LIMITS == {key: rows.most for key, rows in ROWS.items()}
    assert ACTION_FIELDS == {field.key: field.limit for field in ROWS["actions"].fields}
    for key, limit in TOP_TEXT.items():
        read_meeting({key: "x" * limit})  # the limits are checked as flags; reading only refuses what is not text
    with pytest.raises(MeetingError, match="people has more than 16 rows"):
        read_meeting({"people": [{}] * (PEOPLE.most + 1)})


def test_the_record_takes_its_labels_from_the_description():
    from test_meeting import complete_meeting

    from decision.meeting.kit import check_reply
    record = check_reply(complete_meeting())["record"]
    labels = {label for section in record["sections"] for label, _ in section.get("fields") or []}
    labels |= {label for section in record["sections"] for group in section.get("groups") or []
               for label, _ in group["fields"]}
    described = {field.in_record for _, field in _every_field()}
    assert labels and labels <= described, labels - described
    headings = {section["heading"] for section in record["sections"]}
    for key in ("voice", "well", "worried", "happen"):
        assert FIELDS[key].in_record in headings, key


def _words_of_the_description() -> list[str]:
    words: list[str] = []
    for section in FORM:
        words.append(section.title)
        for part in section.parts:
            if isinstance(part, (Note, Heading)):
                words.append(part.text)
            elif isinstance(part, Rows):
                words += [part.item, part.add, part.printed] + [w for f in part.fields for w in _field_words(f)]
            elif isinstance(part, Group):
                words += [w for f in part.fields for w in _field_words(f)]
            else:
                words += _field_words(part)
    return [w for w in words + _field_words(EARLIER_SCORE) + [REVIEWS.item] if w]


def _field_words(field: Field) -> list[str]:
    return [field.label, field.hint, field.printed, field.column, *(field.choices or {}).values()]


def test_the_script_holds_none_of_the_forms_words():
    """lp-meeting.js enhances the markup the build wrote: no label, hint, row title or choice of its own."""
    script = SCRIPT.read_text(encoding="utf-8")
    found = []
    for words in _words_of_the_description():
        for piece in PLACES.split(words):
            piece = piece.strip(" :.,")
            if len(piece) < 4:
                continue
            if piece.count(" ") > 1:
                if piece in script:
                    found.append(piece)
            elif re.search(r"""["'`]""" + re.escape(piece) + r"""["'`]""", script):
                found.append(piece)
    assert found == [], f"lp-meeting.js has its own copy of the form's words: {sorted(set(found))}"


def test_the_settings_the_page_carries_hold_no_words_of_the_form():
    import json

    from decision.meeting.kit import page_settings
    settings = json.dumps(page_settings())
    assert not [w for w in _words_of_the_description() if len(w) > 3 and w in settings]
    assert NUMBER in PEOPLE.item  # (the row titles are given to the page in the add buttons' data-item)
