"""The meeting kit's Python: reading a meeting without trusting it, checking that each action is
complete (and suggesting clearer wording), the review date, the record, the chart of the scores,
and opening a saved meeting."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from support import published_settings
from decision import browser
from decision.meeting.chart import DASHES, LABEL_GAP, MARKERS, chart
from decision.meeting.checks import action_problems, check
from decision.meeting.dates import parse_date
from decision.meeting.form import KIT, MAX_ACTIONS, SCALE_HIGH, SCALE_LOW, VERSION
from decision.meeting.kit import check_reply, meeting_request
from decision.meeting.reading import MeetingError, empty_meeting, read_meeting
from decision.meeting.saved import next_review

MEETING_DAY = date(2026, 3, 12)
EXAMPLE = "27/4/2026"  # the example date in messages on MEETING_DAY: the first 27th at least four weeks on
PAYLOADS = ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">', "**bold** and _under_"]


def complete_meeting() -> dict:
    """A meeting with nothing missing: checking it raises no flag."""
    meeting = empty_meeting()
    meeting.update({
        "family": "K family", "date": "12 3 2026", "kind": "review", "venue": "Children's centre",
        "chair": "Amira (school)", "minutes": "Dev (housing)",
        "voice": "Mia said she likes her new teacher.", "well": "Mia has been at school every day.",
        "worried": "Rent arrears.\nThe damp in the bedroom.", "happen": "Move to a drier home.",
        "review_date": "7 May 2026", "next_chair": "Dev (housing)", "next_minutes": "Sam (health visitor)",
        "reviews": [{"date": "2 February 2026"}],
        "opening": {"statement": True, "ground_rules": True, "family_items": "School transport"},
    })
    meeting["people"] = [
        {"name": "Ms K", "role": "parent", "kind": "family", "attendance": "present", "earlier": ["3"],
         "score": "6", "reason": "The school is listening now"},
        {"name": "Amira", "role": "class teacher", "kind": "practitioner", "attendance": "present",
         "earlier": ["5"], "score": "7", "reason": ""},
    ]
    meeting["actions"] = [{"what": "Apply for a move to a two-bedroom home", "who": "Dev (housing)",
                           "measure": "Application reference sent to Ms K", "by": "26 March 2026"}]
    return meeting


def flags_of(meeting: dict, on: date = MEETING_DAY) -> list[dict]:
    return [f.as_dict() for f in check(read_meeting(meeting), on).flags]


def messages(meeting: dict, field: str) -> list[str]:
    return [f["message"] for f in flags_of(meeting) if f["field"] == field]


# ------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["2026-03-14", "14/3/2026", "14-03-2026", "14.3.2026", "14 3 2026", "14 3 26",
                                   "14 March 2026", "14th March 2026", "Friday 14 March 2026", "14 Mar 2026",
                                   "March 14, 2026", "  14   MARCH   2026 "])
def test_dates_are_read_in_the_forms_people_type(typed):
    assert parse_date(typed) == (date(2026, 3, 14), "")


@pytest.mark.parametrize("typed, problem", [("", "empty"), ("   ", "empty"), ("14 March", "no_year"),
                                            ("14/3", "no_year"), ("31/2/2026", "not_a_date"),
                                            ("next week", "not_a_date"), ("end of term", "not_a_date"),
                                            ("14 Smarch 2026", "not_a_date"), ("2026-13-01", "not_a_date")])
def test_what_is_not_a_date_says_why(typed, problem):
    assert parse_date(typed) == (None, problem)


@pytest.mark.parametrize("typed", ["27/3/2027", "27-3-2027", "27.3.2027", "27 3 2027", "27 March 2027", "2027-03-27",
                                   "27/03/2027", " 27 / 3 / 2027 "])
def test_dates_are_read_as_people_write_them(typed):
    assert parse_date(typed) == (date(2027, 3, 27), "")


@pytest.mark.parametrize("on, example", [(date(2026, 3, 12), "27/4/2026"), (date(2026, 11, 29), "27/12/2026"),
                                         (date(2026, 11, 30), "27/1/2027"), (date(2027, 2, 27), "27/3/2027")])
def test_the_example_date_is_the_first_27th_four_weeks_on(on, example):
    from decision.meeting.dates import example_date
    assert example_date(on) == example


def test_the_example_date_is_always_in_the_future_and_reads_back_as_itself():
    """Every day for four years: the example is after today (so it never tells anyone to date an
    action in the past), is written day/month/year, and the kit reads it as that date."""
    from decision.meeting.dates import example_date
    for offset in range(4 * 366):
        on = date.fromordinal(date(2026, 1, 1).toordinal() + offset)
        example = example_date(on)
        assert re.fullmatch(r"27/\d{1,2}/\d{4}", example), example
        found, problem = parse_date(example)
        assert problem == "" and 28 <= (found - on).days < 28 + 31, (on, example)


def test_date_messages_give_an_example_after_the_day_of_checking():
    later = date(2030, 1, 5)
    meeting = read_meeting(complete_meeting() | {"review_date": "soon", "date": "someday"})
    found = {f.field: f.message for f in check(meeting, later).flags}
    assert found["review_date"] == "The review date must be a real date, like 27/2/2030"
    assert found["date"] == "The date of this meeting must be a real date, like 27/2/2030"
    action = {"what": "Ring the GP", "who": "Ms K", "measure": "Appointment booked", "by": "next week"}
    assert action_problems(action, None, later) == [
        ("by", "The date this action will be done by must be a real date, like 27/2/2030")]


@pytest.mark.parametrize("sent, used", [("2030-01-05", "27/2/2030"), ("2031-06-10", "27/7/2031")])
def test_a_check_uses_the_date_the_page_sends(sent, used):
    """The kit sends the page's date (lp-meeting.js): Python's messages then agree with the page's hints."""
    meeting = complete_meeting() | {"review_date": "soon"}
    reply = handle({"action": "meeting", "mode": "check", "meeting": meeting, "today": sent})
    assert f"The review date must be a real date, like {used}" in json.dumps(reply)


@pytest.mark.parametrize("sent", [None, 20300105, "", "5/1/2030", "2030-02-30", "2030-01-05T00:00", " 2030-01-05"])
def test_a_date_the_page_did_not_send_as_a_plain_date_is_not_used(sent):
    from decision.meeting.dates import reader_today
    assert reader_today(sent) is None


def test_the_page_gets_the_rule_for_its_date_hints_not_a_fixed_date():
    from decision.meeting.dates import EXAMPLE_AFTER_DAYS, EXAMPLE_DAY
    from decision.meeting.kit import page_settings
    assert page_settings()["example_date"] == {"after_days": EXAMPLE_AFTER_DAYS, "day": EXAMPLE_DAY}


# ------------------------------------------------------------------------------------------
# Reading what the page sends
# ------------------------------------------------------------------------------------------

def test_a_complete_meeting_raises_no_flag():
    assert flags_of(complete_meeting()) == []


@pytest.mark.parametrize("raw", [None, "meeting", [], 3])
def test_what_is_not_a_meeting_is_refused(raw):
    with pytest.raises(MeetingError):
        read_meeting(raw)


@pytest.mark.parametrize("change", [
    {"family": 3}, {"date": ["12 3 2026"]}, {"opening": "yes"}, {"opening": {"statement": "yes"}},
    {"people": {"name": "Ms K"}}, {"people": ["Ms K"]}, {"actions": [{"what": 5}]},
    {"actions": [{}] * (MAX_ACTIONS + 1)}, {"people": [{"earlier": "3"}]}, {"voice": "x" * 20_000},
])
def test_values_of_the_wrong_type_or_size_are_refused(change):
    with pytest.raises(MeetingError):
        read_meeting({**complete_meeting(), **change})


def test_unknown_keys_are_dropped_and_missing_ones_filled():
    meeting = read_meeting({"date": "12 3 2026", "surprise": "<b>", "people": [{"name": "Ms K", "earlier": ["1", "2"]}]})
    assert "surprise" not in meeting and meeting["actions"] == [] and meeting["opening"]["statement"] is False
    assert meeting["people"][0]["earlier"] == []  # no earlier reviews, so no earlier scores


def test_earlier_scores_follow_the_review_columns():
    meeting = read_meeting({"reviews": [{"date": "1 1 2026"}, {"date": "1 2 2026"}], "people": [{"name": "A", "earlier": ["4"]}]})
    assert meeting["people"][0]["earlier"] == ["4", ""]


def test_text_is_kept_exactly_as_typed():
    meeting = complete_meeting() | {"well": "  " + "\n".join(PAYLOADS) + "  \n"}
    assert read_meeting(meeting)["well"] == meeting["well"]


# ------------------------------------------------------------------------------------------
# Actions: complete (an owner, a measure and a date), with suggestions for vague wording
# ------------------------------------------------------------------------------------------

def with_action(**fields) -> dict:
    meeting = complete_meeting()
    meeting["actions"] = [{**meeting["actions"][0], **fields}]
    return meeting


@pytest.mark.parametrize("fields, field, message", [
    ({"who": ""}, "who", "Add who will do this action"),
    ({"who": "   "}, "who", "Add who will do this action"),
    ({"who": "Everyone"}, "who", "Name one person or role who will do this action, not a group"),
    ({"measure": ""}, "measure", "Add how you will know this action is done"),
    ({"by": ""}, "by", "Add the date this action will be done by"),
    ({"by": "asap"}, "by", f"The date this action will be done by must be a real date, like {EXAMPLE}"),
    ({"by": "30 March"}, "by", f"The date this action will be done by must include a year, like {EXAMPLE}"),
    ({"by": "1 March 2026"}, "by", "The date this action will be done by must be on or after the day of the "
                                   "meeting (12 March 2026)"),
    ({"what": ""}, "what", "Describe what will be done"),
])
def test_each_missing_part_of_an_action_is_flagged_beside_it(fields, field, message):
    flags = flags_of(with_action(**fields))
    assert [(f["field"], f["message"]) for f in flags] == [(f"actions.0.{field}", message)]
    assert flags[0]["summary"] == f"Action 1: {message[0].lower()}{message[1:]}"


def test_an_action_missing_everything_but_its_words_gets_three_flags():
    fields = [f["field"] for f in flags_of(with_action(who="", measure="", by=""))]
    assert fields == ["actions.0.who", "actions.0.measure", "actions.0.by"]


def test_without_a_meeting_date_an_action_date_must_not_be_past():
    action = {"what": "Ring the GP", "who": "Ms K", "measure": "Appointment booked", "by": "1 1 2020"}
    assert action_problems(action, None, date(2026, 3, 12)) == [
        ("by", "The date this action will be done by must be today or in the future")]
    assert action_problems(action | {"by": "12 3 2026"}, None, date(2026, 3, 12)) == []


def test_an_action_due_on_the_day_of_the_meeting_is_allowed():
    assert flags_of(with_action(by="12/03/2026")) == []


def test_empty_action_rows_are_ignored_but_a_meeting_needs_one_action():
    meeting = complete_meeting()
    meeting["actions"] = [dict.fromkeys(("what", "who", "measure", "by"), "")] + meeting["actions"]
    assert flags_of(meeting) == []
    meeting["actions"] = meeting["actions"][:1]
    assert [f["field"] for f in flags_of(meeting)] == ["actions.0.what"]


def test_flags_name_the_action_by_its_place_on_the_page():
    meeting = complete_meeting()
    meeting["actions"] = meeting["actions"] * 2 + [{"what": "Visit", "who": "", "measure": "x", "by": "1 4 2026"}]
    assert [f["summary"] for f in flags_of(meeting)] == ["Action 3: add who will do this action"]


def test_the_reply_says_which_actions_are_complete():
    meeting = complete_meeting()
    meeting["actions"] = meeting["actions"] + [{"what": "Visit", "who": "", "measure": "", "by": ""}]
    reply = check_reply(read_meeting(meeting), MEETING_DAY)
    assert reply["action_status"] == {"0": True, "1": False}
    assert reply["summary"][0] == "1 of 2 actions have an owner, a measure and a date."


def test_a_vague_action_is_complete_but_never_called_smart():
    """Issue 13.8: "Mum to try harder", measured by "Things are better", has an owner, a measure
    and a date. The kit says it is complete, suggests clearer wording, and does not call it SMART."""
    meeting = with_action(what="Mum to try harder", who="Mum", measure="Things are better", by="26 March 2026")
    reply = check_reply(read_meeting(meeting), MEETING_DAY)
    assert reply["flags"] == [] and reply["action_status"] == {"0": True}
    prompts = {p["field"]: p["message"] for p in reply["prompts"]}
    assert set(prompts) == {"actions.0.what", "actions.0.measure"}
    assert prompts["actions.0.what"].startswith("“try” says someone will make an effort, not what they will do.")
    assert prompts["actions.0.measure"].startswith("“better” does not say how much, or how anyone will notice.")
    assert reply["summary"][:2] == ["1 of 1 action has an owner, a measure and a date.",
                                    "1 action could say more clearly what will change: see the suggestion beside it."]
    assert "SMART" not in json.dumps(reply)


def test_a_specific_action_gets_no_suggestion():
    reply = check_reply(read_meeting(complete_meeting()), MEETING_DAY)
    assert reply["prompts"] == []
    assert not any("more clearly" in line for line in reply["summary"])


# The examples in running-the-meeting.md: the vague ones get a suggestion, the clear ones none.
@pytest.mark.parametrize("what, word", [("Support Mum with housing.", "Support"),
                                        ("School to monitor attendance.", "monitor"),
                                        ("Dad to engage with services.", "engage"),
                                        ("Ms K to try to get Mia to school", "try"),
                                        ("Mia to read more", "more")])
def test_vague_wording_gets_a_suggestion_naming_the_word(what, word):
    from decision.meeting.checks import action_prompts
    prompts = action_prompts({"what": what, "who": "Ms K", "measure": "Seen by the lead professional", "by": ""})
    assert [field for field, _ in prompts] == ["what"]
    assert prompts[0][1].startswith(f"“{word}” ")


@pytest.mark.parametrize("what, measure", [
    ("Housing officer (Dev) to meet Ms K by 14 March to apply for a move to a two-bedroom home, and report back "
     "at the next TAF.", "Application reference sent to Ms K"),
    ("Head of year to send Ms K and the lead professional Mia's attendance every Friday until the review on 2 May.",
     "Attendance sent each Friday"),
    ("Mr P to book a first appointment with the drug and alcohol service by 1 March. Family support worker to go "
     "with him if he wants.", "Appointment letter shown to the lead professional"),
    ("Mia to read more with Ms K", "Reading together 4 nights a week, in Mia's reading record"),
])
def test_clear_wording_gets_no_suggestion(what, measure):
    from decision.meeting.checks import action_prompts
    assert action_prompts({"what": what, "who": "x", "measure": measure, "by": ""}) == []


# ------------------------------------------------------------------------------------------
# The review date, the chair and the minute-taker
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, message", [
    ("", "Enter the date of the next review meeting"),
    ("soon", f"The review date must be a real date, like {EXAMPLE}"),
    ("7 May", f"The review date must include a year, like {EXAMPLE}"),
    ("12 3 2026", "The review date must be after the date of this meeting"),
    ("1 1 2026", "The review date must be after the date of this meeting"),
])
def test_the_review_date_is_checked(typed, message):
    assert messages(complete_meeting() | {"review_date": typed}, "review_date") == [message]


def test_the_summary_says_how_far_away_the_review_is():
    reply = check_reply(read_meeting(complete_meeting()), MEETING_DAY)
    assert "Review date: 7 May 2026 (8 weeks after this meeting)." in reply["summary"]


def test_the_meeting_date_is_required_and_real():
    assert messages(complete_meeting() | {"date": ""}, "date") == ["Enter the date of this meeting"]
    assert messages(complete_meeting() | {"date": "Tuesday"}, "date") == [
        f"The date of this meeting must be a real date, like {EXAMPLE}"]


def test_the_chair_does_not_take_the_minutes():
    meeting = complete_meeting() | {"minutes": " amira  (SCHOOL) "}
    assert messages(meeting, "minutes") == ["The chair and the minute-taker must be different people"]
    meeting = complete_meeting() | {"next_minutes": "Dev (housing)"}
    assert messages(meeting, "next_minutes") == [
        "The chair and the minute-taker at the next meeting must be different people"]


def test_the_next_chair_and_minute_taker_are_needed():
    flags = flags_of(complete_meeting() | {"next_chair": "", "next_minutes": ""})
    assert [f["message"] for f in flags] == ["Add who will chair the next meeting",
                                            "Add who will take the minutes at the next meeting"]


def test_rota_rows_are_checked():
    meeting = complete_meeting()
    meeting["rota"] = [{"date": "2 July 2026", "chair": "Sam", "minutes": "Amira"},
                       {"date": "1 June 2026", "chair": "Jo", "minutes": "jo"},
                       {"date": "", "chair": "", "minutes": ""}]
    assert [(f["field"], f["summary"]) for f in flags_of(meeting)] == [
        ("rota.1.date", "Rota, meeting 2: the date must be after the meeting before it"),
        ("rota.1.minutes", "Rota, meeting 2: the chair and the minute-taker must be different people")]


def test_the_beginning_and_the_three_questions_are_needed():
    meeting = complete_meeting() | {"well": "", "worried": " ", "happen": "", "voice": "",
                                    "opening": {"statement": False, "ground_rules": True, "family_items": ""}}
    assert [f["field"] for f in flags_of(meeting)] == ["opening.statement", "voice", "well", "worried", "happen"]


def test_long_text_is_flagged_with_its_length():
    assert messages(complete_meeting() | {"well": "x" * 3001}, "well") == [
        "What is going well must be 3,000 characters or fewer (it has 3,001)"]


# ------------------------------------------------------------------------------------------
# Scores
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0", "11", "5.5", "five", "-1", "7/10"])
def test_a_score_must_be_a_whole_number_on_the_scale(typed):
    meeting = complete_meeting()
    meeting["people"][0]["score"] = typed
    assert [(f["field"], f["summary"]) for f in flags_of(meeting)] == [
        ("people.0.score", f"Ms K, this meeting: the score must be a whole number from {SCALE_LOW} to {SCALE_HIGH}")]


def test_a_blank_score_is_allowed():
    meeting = complete_meeting()
    meeting["people"][0]["score"] = ""
    assert flags_of(meeting) == []


def test_earlier_reviews_need_real_dates_before_this_meeting_in_order():
    meeting = complete_meeting()
    meeting["reviews"] = [{"date": "2 Feb 2026"}, {"date": "5 Jan 2026"}, {"date": "20 March 2026"}, {"date": ""}]
    for person in meeting["people"]:
        person["earlier"] = ["4", "4", "4", "4"]
    assert [(f["field"], f["message"]) for f in flags_of(meeting)] == [
        ("reviews.1.date", "Put the earlier reviews in date order, oldest first"),
        ("reviews.2.date", "The date of this review must be before this meeting"),
        ("reviews.3.date", "Enter the date of this review"),
    ]


def test_a_person_with_a_score_needs_a_name_and_a_kind():
    meeting = complete_meeting()
    meeting["people"].append({"name": "", "role": "", "kind": "", "attendance": "present", "earlier": [""],
                              "score": "5", "reason": ""})
    assert [f["summary"] for f in flags_of(meeting)] == [
        "Person 3: add this person's name or role",
        "Person 3: select whether this person is a family member or a practitioner"]


# ------------------------------------------------------------------------------------------
# The record
# ------------------------------------------------------------------------------------------

def test_the_record_text_holds_what_was_typed_exactly():
    meeting = complete_meeting()
    meeting["well"] = "\n".join(PAYLOADS)
    meeting["people"][0]["name"] = PAYLOADS[1]
    reply = check_reply(read_meeting(meeting), MEETING_DAY)
    text = reply["text"]
    assert meeting["well"] in text
    assert f"{PAYLOADS[1]} (parent, family member)" in text
    assert "Rent arrears.\nThe damp in the bedroom." in text
    assert reply["filename"] == "taf-meeting-2026-03-12.txt"
    assert text.startswith("Team Around the Family meeting, 12 March 2026\n")


def test_the_record_text_has_each_section_in_meeting_order():
    text = check_reply(read_meeting(complete_meeting()), MEETING_DAY)["text"]
    headings = ["The meeting", "Who was there", "Beginning", "The child's or young person's views",
                "What is going well", "What we are worried about", "What needs to happen", "Scaling", "Actions",
                "Next meeting"]
    positions = [text.index(f"\n{heading}\n{'-' * len(heading)}\n") for heading in headings]
    assert positions == sorted(positions)
    assert "Still to sort out" not in text
    for line in ("  Who: Dev (housing)", "  How we will know: Application reference sent to Ms K", "  By: 26 March 2026",
                 "Review date: 7 May 2026", "Confidentiality statement read out: Yes"):
        assert line in text


def test_the_record_lists_what_is_still_to_sort_out():
    reply = check_reply(read_meeting(with_action(who="")), MEETING_DAY)
    assert reply["text"].endswith("Still to sort out\n-----------------\n- Action 1: add who will do this action\n\n"
                                  "Made with the meeting kit of the Lead Professional handbook.\n")
    assert reply["announce"] == "There is 1 problem to sort out. The record is below."


def test_the_record_puts_each_reason_beside_its_score():
    """Issue 13.7: the reasons typed under Scaling are in the record, on screen, printed and as text."""
    meeting = complete_meeting()
    meeting["people"][0]["reason"] = "The school is listening now"
    meeting["people"][1]["reason"] = "Mia is settled in class"
    reply = check_reply(read_meeting(meeting), MEETING_DAY)
    scaling = next(s for s in reply["record"]["sections"] if s["heading"] == "Scaling")
    assert scaling["table"]["head"][-2:] == ["This meeting (12 Mar 2026)", "Why this score"]
    assert scaling["table"]["rows"] == [["Ms K", "3", "6", "The school is listening now"],
                                        ["Amira", "5", "7", "Mia is settled in class"]]
    assert re.search(r"\nMs K +3 +6 +The school is listening now\n", reply["text"])
    assert re.search(r"\nAmira +5 +7 +Mia is settled in class\n", reply["text"])


def test_a_reason_without_a_score_is_still_recorded():
    meeting = complete_meeting()
    for person in meeting["people"]:
        person.update(earlier=[""], score="")
    meeting["people"][0]["reason"] = "Too early to say"
    reply = check_reply(read_meeting(meeting), MEETING_DAY)
    scaling = next(s for s in reply["record"]["sections"] if s["heading"] == "Scaling")
    assert scaling["chart"] is False and scaling["table"]["rows"][0] == ["Ms K", "–", "–", "Too early to say"]
    assert "Too early to say" in reply["text"]


def test_the_scaling_table_in_the_text_lines_up():
    text = check_reply(read_meeting(complete_meeting()), MEETING_DAY)["text"]
    table = text[text.index("Scores at each meeting"):].split("\n")[1:5]
    assert table[0].split() == ["Person", "2", "Feb", "2026", "This", "meeting", "(12", "Mar", "2026)", "Why", "this",
                                "score"]
    assert re.match(r"Ms K +3 +6 +The school is listening now$", table[2]) and re.match(r"Amira +5 +7$", table[3])


# ------------------------------------------------------------------------------------------
# The chart
# ------------------------------------------------------------------------------------------

def test_the_chart_puts_each_score_at_its_height():
    drawn = chart(read_meeting(complete_meeting()))
    plot = drawn["plot"]
    ms_k, amira = drawn["series"]
    assert [p["score"] for p in ms_k["points"]] == [3, 6]
    top, bottom = plot["top"], plot["bottom"]
    for point in ms_k["points"] + amira["points"]:
        expected = top + (bottom - top) * (SCALE_HIGH - point["score"]) / (SCALE_HIGH - SCALE_LOW)
        assert point["y"] == pytest.approx(expected, abs=0.1)
    assert ms_k["points"][0]["x"] == plot["left"] and ms_k["points"][1]["x"] == plot["right"]
    assert ms_k["dash"] == DASHES["family"] == "" and amira["dash"] == DASHES["practitioner"] != ""
    assert ms_k["marker"] != amira["marker"]
    assert [t["label"] for t in drawn["x_axis"]] == ["2 Feb 2026", "This meeting"]
    assert drawn["table"]["rows"] == [["Ms K", "3", "6"], ["Amira", "5", "7"]]
    assert drawn["summaries"][0] == ("Ms K: 3 at earlier review 1 (2 February 2026), 6 at this meeting (12 March 2026); "
                                     "up 3 since the first score. The latest score means unsure.")


def test_chart_labels_never_overlap_and_stay_in_the_drawing():
    meeting = complete_meeting()
    meeting["people"] = [{"name": f"Person {n}", "role": "", "kind": "family", "attendance": "present",
                          "earlier": [""], "score": "5", "reason": ""} for n in range(16)]
    drawn = chart(read_meeting(meeting))
    ys = sorted(s["label"]["y"] for s in drawn["series"])
    assert len(ys) == 16
    assert all(b - a >= LABEL_GAP - 0.11 for a, b in zip(ys, ys[1:]))
    assert all(drawn["plot"]["top"] <= y <= drawn["plot"]["bottom"] for y in ys)
    assert len({s["marker"] for s in drawn["series"][:len(MARKERS)]}) == len(MARKERS)


def test_people_without_scores_are_in_the_table_not_the_chart():
    meeting = complete_meeting()
    meeting["people"][1].update(earlier=[""], score="")
    drawn = chart(read_meeting(meeting))
    assert [s["name"] for s in drawn["series"]] == ["Ms K"]
    assert drawn["table"]["rows"][1] == ["Amira", "–", "–"]


def test_with_no_scores_there_is_nothing_to_draw():
    drawn = chart(read_meeting(empty_meeting()))
    assert drawn["series"] == [] and drawn["description"] == "No scores yet."


# ------------------------------------------------------------------------------------------
# Opening a saved meeting
# ------------------------------------------------------------------------------------------

def saved(meeting: dict, **extra) -> str:
    return json.dumps({"kit": KIT, "version": VERSION, "meeting": meeting, **extra})


def test_a_saved_meeting_opens_as_it_was():
    reply = meeting_request({"mode": "open", "file": saved(complete_meeting()), "start": "continue"})
    assert reply["ok"] and reply["meeting"] == read_meeting(complete_meeting())


@pytest.mark.parametrize("file, message", [
    (None, "Select the file of a meeting you saved from this kit"),
    ("", "The selected file is empty"),
    ("not json {", "The selected file could not be read."),
    (json.dumps({"kit": "something else", "version": 1}), "The selected file is not a meeting saved from this kit"),
    (json.dumps([1, 2]), "The selected file is not a meeting saved from this kit"),
    (json.dumps({"kit": KIT, "version": True, "meeting": {}}), "The selected file is not a meeting saved from this kit"),
    (json.dumps({"kit": KIT, "version": VERSION + 1, "meeting": {}}), "The selected file was saved by a newer version"),
    (json.dumps({"kit": KIT, "version": VERSION, "meeting": {"people": "Ms K"}}),
     "The selected file has been changed or damaged (people is not a list of rows)"),
    ("x" * 70_000, "The selected file is too large"),
])
def test_files_that_are_not_saved_meetings_are_refused_with_a_reason(file, message):
    reply = meeting_request({"mode": "open", "file": file})
    assert reply["ok"] is False and reply["message"].startswith(message)


DEEP = '{"kit":' + "[" * 3000 + "]" * 3000 + "}"  # 6 kB; issue 14.8


def test_a_deeply_nested_file_is_refused_before_it_is_parsed(monkeypatch):
    """Thousands of nested lists overflow the stack of Python in the browser, which nothing can
    catch: the kit refuses such a file without handing it to json.loads."""
    from decision.meeting import saved as meeting_module

    def parse(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(meeting_module.json, "loads", parse)
    reply = meeting_request({"mode": "open", "file": DEEP, "start": "continue"})
    assert reply == {"ok": False, "kit": True,
                     "message": "The selected file could not be read. Choose a .json file you downloaded from this "
                                "kit with “Download to continue later”"}


def test_a_deeply_nested_file_is_refused_through_the_worker_entry_point():
    reply = handle({"action": "meeting", "mode": "open", "file": DEEP, "start": "continue"})
    assert reply["ok"] is False and reply["message"].startswith("The selected file could not be read.")
    assert "written rules" not in reply["message"]


def test_a_saved_meeting_is_not_too_deep_for_the_guard():
    from decision.engine.answers import MAX_NESTING, too_deep
    file = saved(complete_meeting(), saved="2026-03-12T10:00:00Z")
    assert not too_deep(file) and not too_deep(file, 5) and too_deep(file, 4)  # file, meeting, people, person, scores
    assert MAX_NESTING >= 8


@pytest.mark.parametrize("text, deep", [
    ("[" * 17 + "]" * 17, True), ("[" * 16 + "]" * 16, False),
    (json.dumps({"a": "[" * 100}), False),  # brackets typed into a note are text
    (json.dumps({"a": 'say "[[[[" \\', "b": [[[]]]}), False),
    (json.dumps({"a": '\\"' + "[" * 50}), False),
    ('{"a": "x\\"' + "[" * 20, True),  # a quote after a backslash ends no string
])
def test_too_deep_counts_only_the_brackets_outside_strings(text, deep):
    from decision.engine.answers import too_deep
    assert too_deep(text) is deep


def test_the_next_review_starts_from_the_last_meeting():
    old = read_meeting(complete_meeting())
    old["rota"] = [{"date": "2 July 2026", "chair": "Sam", "minutes": "Amira"}]
    new, notices = next_review(old)
    assert notices == []
    assert (new["date"], new["kind"], new["chair"], new["minutes"]) == ("7 May 2026", "review", "Dev (housing)",
                                                                        "Sam (health visitor)")
    assert (new["review_date"], new["next_chair"], new["next_minutes"], new["rota"]) == ("2 July 2026", "Sam", "Amira", [])
    assert new["reviews"] == [{"date": "2 February 2026"}, {"date": "12 3 2026"}]
    assert [p["earlier"] for p in new["people"]] == [["3", "6"], ["5", "7"]]
    assert all(p["score"] == "" and p["reason"] == "" for p in new["people"])
    assert new["previous"] == [{**old["actions"][0], "progress": "", "note": ""}]
    assert new["actions"] == [] and new["well"] == "" and new["opening"]["statement"] is False
    assert read_meeting(new) == new


def test_the_next_review_keeps_the_last_eight_reviews():
    old = read_meeting(complete_meeting())
    old["reviews"] = [{"date": f"{n} 1 2026"} for n in range(1, 9)]
    for person in old["people"]:
        person["earlier"] = [str(n) for n in range(1, 9)]
    new, notices = next_review(old)
    assert len(new["reviews"]) == 8 and new["reviews"][0] == {"date": "2 1 2026"}
    assert new["people"][0]["earlier"] == ["2", "3", "4", "5", "6", "7", "8", "6"]
    assert notices == ["The kit keeps the scores of the last 8 meetings, so the oldest review was left out."]


def test_previous_actions_need_their_progress():
    new, _ = next_review(read_meeting(complete_meeting()))
    new.update({k: v for k, v in complete_meeting().items() if k in ("well", "worried", "happen", "voice", "opening",
                                                                      "actions", "review_date", "date")})
    new["review_date"] = "1 9 2026"
    new["date"] = "7 5 2026"
    new["actions"][0]["by"] = "1 6 2026"
    new["next_chair"], new["next_minutes"] = "Sam", "Jo"
    assert [f["summary"] for f in flags_of(new)] == [
        "Action 1 from last time: select whether this action was done, partly done or not done"]
    new["previous"][0]["progress"] = "partly"
    assert flags_of(new) == []
    assert "Progress: Partly done" in check_reply(read_meeting(new), MEETING_DAY)["text"]


# ------------------------------------------------------------------------------------------
# Through the browser's entry point
# ------------------------------------------------------------------------------------------

def handle(request: dict) -> dict:
    return json.loads(browser.handle(json.dumps(request)))


def test_the_worker_entry_point_answers_a_check():
    reply = handle({"action": "meeting", "mode": "check", "meeting": complete_meeting()})
    assert reply["ok"] and set(reply) >= {"flags", "record", "text", "chart", "summary", "filename", "announce"}


def test_a_deeply_nested_request_gets_a_plain_failure_before_it_is_parsed():
    reply = json.loads(browser.handle('{"action": "meeting", "meeting": ' + "[" * 3000 + "]" * 3000 + "}"))
    assert reply == {"ok": False, "message": "The tool could not read its answers. Start again."}


def test_the_kits_own_failures_are_marked_as_the_kits():
    """The page words any other failure for the kit, which has no written rules to point to."""
    reply = handle({"action": "meeting", "mode": "delete"})
    assert reply["ok"] is False and reply["kit"] is True


@pytest.mark.parametrize("request_", [
    {"action": "meeting"}, {"action": "meeting", "mode": "delete"},
    {"action": "meeting", "mode": "check", "meeting": "x"}, {"action": "meeting", "mode": "chart", "meeting": None},
])
def test_bad_requests_get_a_plain_failure(request_):
    reply = handle(request_)
    assert reply["ok"] is False and reply["message"]


def test_a_full_meeting_fits_in_one_request():
    """A busy meeting: 8 people, 3 earlier reviews, 6 actions and a few lines in each box."""
    meeting = complete_meeting()
    meeting["reviews"] = [{"date": f"{n} 1 2026"} for n in (5, 12, 19)]
    meeting["people"] = [{"name": f"Person {n}", "role": "family support worker", "kind": "practitioner",
                          "attendance": "present", "earlier": ["4", "5", "6"], "score": "7",
                          "reason": "Attendance is up and the family is talking to us"} for n in range(8)]
    for key in ("voice", "well", "worried", "happen"):
        meeting[key] = "A point made at the meeting, in a sentence of about this length.\n" * 12
    meeting["actions"] = [{"what": "Book and attend a first appointment with the drug and alcohol service",
                           "who": "Mr P", "measure": "Appointment letter shown to the lead professional",
                           "by": "1 April 2026"}] * 6
    assert len(json.dumps({"action": "meeting", "mode": "check", "meeting": meeting})) < browser.MAX_REQUEST


@settings(max_examples=150, deadline=None, derandomize=True)  # the same examples every run
@given(st.dictionaries(st.sampled_from(["family", "date", "kind", "chair", "minutes", "well", "review_date",
                                        "next_chair", "next_minutes"]), st.text(max_size=60)),
       st.lists(st.fixed_dictionaries({"what": st.text(max_size=30), "who": st.text(max_size=20),
                                       "measure": st.text(max_size=20), "by": st.text(max_size=20)}), max_size=4),
       st.lists(st.fixed_dictionaries({"name": st.text(max_size=20), "kind": st.sampled_from(["family", "x", ""]),
                                       "score": st.text(max_size=3)}), max_size=5))
def test_any_typed_meeting_gets_a_reply_that_keeps_the_typing(fields, actions, people):
    reply = meeting_request({"mode": "check", "meeting": {**fields, "actions": actions, "people": people}})
    assert reply["ok"]
    assert all(f["message"] and f["field"] for f in reply["flags"])
    for action in actions:
        if any(v.strip() for v in action.values()) and action["who"].strip():
            # Every line as typed (a value's later lines are indented under its label).
            assert all(line in reply["text"] for line in action["who"].split("\n"))
    json.dumps(reply)


# ------------------------------------------------------------------------------------------
# The page the build writes
# ------------------------------------------------------------------------------------------

def test_the_kit_reads_the_statement_and_ground_rules_from_the_shared_files():
    import markdown

    from handbook_build.meeting import AGENDA, kit_html
    html = kit_html("lp-meeting")
    source = (ROOT / "tools" / "handbook_build" / "meeting.py").read_text()
    for name in ("confidentiality-statement.md", "ground-rules.md"):
        shared = markdown.markdown((ROOT / "docs" / "_includes" / name).read_text(), extensions=["admonition"])
        sentence = re.search(r"<li>([^<]{20,})</li>|<p>([^<]{40,})</p>", shared)
        words = " ".join((sentence.group(1) or sentence.group(2)).split()[:8])
        assert words in " ".join(html.split()), name
        assert words not in " ".join(source.split()), f"{name} is copied into the build code"
    assert [stage["id"] for stage in AGENDA] == ["before", "beginning", "middle", "scaling", "end", "after"]


def test_the_kit_works_without_javascript_as_far_as_it_can():
    from handbook_build.meeting import kit_html
    html = kit_html("lp-meeting")
    assert re.search(r'<form class="lp-kit__form"[^>]* hidden', html)
    assert "The interactive parts of this kit need JavaScript." in html
    assert "A blank record to print" in html and "What is going well?" in html
    assert "style=" not in html and "<script" not in html
    settings_json = re.search(r'data-kit="([^"]+)"', html).group(1)
    kit = json.loads(settings_json.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))
    assert kit["max_request"] == browser.MAX_REQUEST and kit["scale"] == [SCALE_LOW, SCALE_HIGH]


def test_the_record_names_the_edition_of_the_handbook_it_was_made_with():
    """Issue 17, item 4: the record on screen, printed and downloaded names the handbook's edition,
    as text, on one line. Python has it from the settings the build published with the runtime
    (so it is the edition of the page's own release): a request's own edition changes nothing."""
    edition = "Northshire handbook, edition 2.0.0, Northshire local edition 4, published 28 November 2026 " \
              "(identity 1a2b3c4d5e6f)"
    check = {"mode": "check", "meeting": complete_meeting()}
    reply = meeting_request(check | {"edition": "another"}, published_settings(edition=edition))
    assert reply["record"]["made_with"] == f"Made with the meeting kit of {edition}."
    assert reply["text"].endswith(f"\nMade with the meeting kit of {edition}.\n")
    assert meeting_request(check, published_settings())["text"].endswith(
        "\nMade with the meeting kit of the Lead Professional handbook.\n")
    for unusable in ("x" * 301, "two\nlines\u0000"):
        reply = meeting_request(check, published_settings(edition=unusable))
        assert reply["text"].endswith("\nMade with the meeting kit of the Lead Professional handbook.\n"), unusable
    reply = meeting_request(check, published_settings(edition=" a\n  b "))
    assert reply["record"]["made_with"] == "Made with the meeting kit of a b."
