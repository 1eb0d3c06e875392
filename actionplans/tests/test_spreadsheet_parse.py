"""The pure readers of cell text: headers, numbers, lists, timeframes, costs, targets, owners."""

import datetime
from decimal import Decimal

import pytest

from actionplans.spreadsheets import parse
from actionplans.spreadsheets.parse import Target

D = datetime.date


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Area of Focus", "focus_area"),
        ("Focus", "focus_area"),
        ("Action", "action"),
        ("The Trust will...", "action"),
        ("UHS will...", "action"),
        ("The Group will...", "action"),
        ("Output", "output"),
        ("Deliverable", "output"),
        ("Responsibility", "responsibility"),
        ("Owner", "responsibility"),
        ("Lead", "responsibility"),
        ("Timeframe", "timeframe"),
        ("Due", "timeframe"),
        ("Deadline", "timeframe"),
        ("Milestones", "milestones"),
        ("Resources / Cost", "resources"),
        ("Cost", "resources"),
        ("Risk", "risks"),
        ("Risk(s)", "risks"),
        ("Progress", "progress"),
        ("Progress to date", "progress"),
        ("Essential input required from", "contributors"),
        ("Contributors", "contributors"),
        ("Achievements by 2018 will include", "achievements"),
        ("Outcomes", "achievements"),
        ("Survey sent to homes", None),
        ("", None),
    ],
)
def test_header_labels_are_matched_whatever_the_wording(label, key):
    assert parse.match_header(label) == key


def test_a_header_row_needs_the_action_column_and_mostly_column_names():
    layout_a = ["Area of Focus", "Action", "Output", "Responsibility", "Timeframe", "Milestones"]
    assert parse.header_columns(layout_a) == {
        "focus_area": 0,
        "action": 1,
        "output": 2,
        "responsibility": 3,
        "timeframe": 4,
        "milestones": 5,
    }
    layout_b = ["The Trust will...", "Essential input required from", "Achievements by 2018 will include"]
    assert parse.header_columns(layout_b) == {"action": 0, "contributors": 1, "achievements": 2}
    assert parse.header_columns(["Priority 1. Grow our own trainers"]) is None
    # A data row that happens to hold a word like "Owner" is not a header row.
    data_row = ["1.1 Capacity", "The home will map cover", "a. Map", "Owner", "March 2026", "Survey"]
    assert parse.header_columns(data_row) is None
    assert parse.header_columns(["Responsibility", "Timeframe", "Milestones"]) is None  # no action column


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2.3 Benchmark trainer capacity", ("1.2.3", "Benchmark trainer capacity")),
        ("1.1 Trainer capacity", ("1.1", "Trainer capacity")),
        ("2.1.1 - Raise compliance", ("2.1.1", "Raise compliance")),
        ("3) Evaluate", ("3", "Evaluate")),
        ("12 Link Trainers in post", ("", "12 Link Trainers in post")),
        ("Run taster days", ("", "Run taster days")),
    ],
)
def test_numbers_are_read_from_the_text(text, expected):
    assert parse.split_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b. 250 people trained per annum", ("b", "250 people trained per annum")),
        ("a) Role profile approved", ("a", "Role profile approved")),
        ("(c) Report to the board", ("c", "Report to the board")),
        ("Development plans in place", ("", "Development plans in place")),
    ],
)
def test_output_letters_are_read_from_the_text(text, expected):
    assert parse.split_letter(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priority 2. Make training count", ("2", "Make training count")),
        ("Priority 3 - Measure what we do", ("3", "Measure what we do")),
        ("Theme 1: Get in", ("1", "Get in")),
        ("Start here...opening routes into care work", ("", "Start here...opening routes into care work")),
    ],
)
def test_headings_give_a_number_and_a_title(text, expected):
    assert parse.split_heading(text) == expected


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Survey sent to homes\nReturns collated\nMap published",
            ["Survey sent to homes", "Returns collated", "Map published"],
        ),
        ("• Draft profile\n• Consult Home Managers", ["Draft profile", "Consult Home Managers"]),
        ("- one\n* two\n· three\n▪ four", ["one", "two", "three", "four"]),
        # Numbering in a list cell is the writer's text (a cross-reference, an item's own
        # number): kept as written; only bullet glyphs are dropped.
        ("1) Agree measures\n2) Baseline collected", ["1) Agree measures", "2) Baseline collected"]),
        ("1.9.1 Develop the framework\nb. Budget cut", ["1.9.1 Develop the framework", "b. Budget cut"]),
        ("• 1.9.1 Develop the framework\n• a) Rota gaps", ["1.9.1 Develop the framework", "a) Rota gaps"]),
        ("-ve feedback from homes\n*Bank staff only", ["-ve feedback from homes", "*Bank staff only"]),
        ("- 2. Delay\n  continued", ["2. Delay continued"]),
        ("• one • two • three", ["one", "two", "three"]),
        ("• a long item\n  wrapped by hand\n• next", ["a long item wrapped by hand", "next"]),
        ("First\r\n\r\nSecond", ["First", "Second"]),
        ("", []),
        ("   ", []),
    ],
)
def test_cells_split_into_one_item_per_line_or_bullet(text, items):
    assert parse.split_items(text) == items


@pytest.mark.parametrize(
    ("text", "due", "recurring", "warns"),
    [
        ("Sept 2013", D(2013, 9, 30), False, False),
        ("March 2026", D(2026, 3, 31), False, False),
        ("Jan 2026", D(2026, 1, 31), False, False),
        ("31/03/2026", D(2026, 3, 31), False, False),
        ("1st of April 2025", D(2025, 4, 1), False, False),
        ("2026-06-30", D(2026, 6, 30), False, False),
        ("Sep-13", D(2013, 9, 30), False, False),
        ("2025/26", D(2026, 3, 31), False, False),
        ("April 2025 - March 2026", D(2026, 3, 31), False, False),
        ("ongoing", None, False, False),
        ("Within 3 months following training", None, False, False),
        ("Within 6 weeks of appointment", None, False, False),
        ("Quarterly", None, True, False),
        ("Monthly", None, True, False),
        ("At bi-monthly meetings", None, True, False),
        ("annually", None, True, False),
        ("Q3 2026", None, False, True),
        ("Spring 2026", None, False, True),
        ("When the new system arrives", None, False, True),
        ("31/02/2026", None, False, True),
        ("", None, False, False),
    ],
)
def test_timeframes_give_a_due_date_where_one_can_be_read(text, due, recurring, warns):
    timeframe = parse.parse_timeframe(text)
    assert timeframe.due_date == due
    assert timeframe.is_recurring is recurring
    assert bool(timeframe.warning) is warns
    if warns:
        assert text in timeframe.warning


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("£4,800 backfill", Decimal("4800")),
        ("E-learning licences £2,000", Decimal("2000")),
        ("£2.5k", Decimal("2500")),
        ("£1,000 venue, £500 catering", Decimal("1500")),
        ("£99.50 per person", Decimal("99.50")),
        ("L&D team", None),
        ("RTO time (2 hrs/month each)", None),
    ],
)
def test_a_cost_is_read_when_one_is_stated(text, amount):
    assert parse.parse_cost(text) == amount


def test_targets_are_read_from_outputs():
    assert parse.parse_targets("250 people trained per annum") == [
        Target(Decimal(250), "people trained per annum", None)
    ]
    three = (
        "At least 25% of staff trained and competent by December 2013, "
        "50% by September 2015, 75% by April 2016"
    )
    assert parse.parse_targets(three) == [
        Target(Decimal(25), "%", D(2013, 12, 31)),
        Target(Decimal(50), "%", D(2015, 9, 30)),
        Target(Decimal(75), "%", D(2016, 4, 30)),
    ]
    assert parse.parse_targets("At least 85% of staff compliant by June 2026") == [
        Target(Decimal(85), "%", D(2026, 6, 30))
    ]
    assert parse.parse_targets("100 apprentices by March 2027") == [
        Target(Decimal(100), "apprentices", D(2027, 3, 31))
    ]
    assert parse.parse_targets("No home without trainer cover for more than 3 months") == []
    assert parse.parse_targets("2026 workforce plan published") == []
    long_unit = parse.parse_targets("40 " + "very " * 20 + "long unit")[0].unit
    assert len(long_unit) <= parse.UNIT_MAX


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Evaluate the role (dependent on 1.1.2)", ["1.1.2"]),
        ("Dependent on 2.2.1", ["2.2.1"]),
        ("Depends on 2.2.1 and 2.2.3", ["2.2.1", "2.2.3"]),
        ("Dependent upon actions 1.1, 1.2", ["1.1", "1.2"]),
        ("Delivered through actions in Priorities 2-5", []),
        ("No references here", []),
    ],
)
def test_dependencies_are_found_in_the_text(text, refs):
    assert parse.find_dependencies(text) == refs


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("SB/GF", ["SB", "GF"]),
        ("SB & GF", ["SB", "GF"]),
        ("SB, GF", ["SB", "GF"]),
        ("SB and GF", ["SB", "GF"]),
        ("PK", ["PK"]),
        ("HR across partners", ["HR across partners"]),
        ("", []),
    ],
)
def test_responsibility_splits_into_owners(text, parts):
    assert parse.split_owners(text) == parts


def test_initials_are_two_to_four_capitals():
    assert parse.looks_like_initials("SB")
    assert parse.looks_like_initials("JMW")
    assert not parse.looks_like_initials("HR across partners")
    assert not parse.looks_like_initials("sb")


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("Completed", True),
        ("Complete", True),
        ("Completed - March 2025", True),
        ("Work in progress - almost completed", False),
        ("Not complete", False),
        ("6 nominated so far", False),
        ("", False),
    ],
)
def test_progress_says_completed(text, done):
    assert parse.says_completed(text) is done


def test_a_period_in_the_title_gives_nhs_financial_years():
    assert parse.parse_period("Workforce Development Action Plan 2025-28") == (
        D(2025, 4, 1),
        D(2028, 3, 31),
    )
    assert parse.parse_period("Implementation Plan 2025-2028") == (D(2025, 4, 1), D(2028, 3, 31))
    assert parse.parse_period("Plan 2025/26") == (D(2025, 4, 1), D(2026, 3, 31))
    assert parse.parse_period("Our plan") is None


def test_as_above_is_recognised():
    assert parse.is_as_above("As above")
    assert parse.is_as_above("same as above.")
    assert not parse.is_as_above("As above, plus a survey")


def test_cell_text_writes_values_as_people_see_them():
    assert parse.cell_text(None) == ""
    assert parse.cell_text(datetime.datetime(2026, 3, 31, 0, 0)) == "31 March 2026"
    assert parse.cell_text(12.0) == "12"
    assert parse.cell_text(" a\r\nb\xa0") == "a\nb"
    # Our own exports guard formula-like text with an apostrophe; reading takes it off again.
    assert parse.cell_text("'=SUM(A1:A3)") == "=SUM(A1:A3)"
    assert parse.cell_text("'quoted") == "'quoted"
