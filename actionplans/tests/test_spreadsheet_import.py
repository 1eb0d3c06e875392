"""Reading plan files into a tree and saving it all-or-nothing; the samples and hostile files."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from actionplans.models import (
    Action,
    ActionPlan,
    Contributor,
    ExpectedAchievement,
    FocusArea,
    Milestone,
    Output,
    OutputTarget,
    Priority,
    ProgressUpdate,
    Risk,
)
from actionplans.spreadsheets import read, walk
from actionplans.spreadsheets.owners import every_proposal
from actionplans.spreadsheets.save import ImportRefused, StaffLookup, import_plan, read_plan
from workforce.tests.factories import StaffMemberFactory

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUT_A = ["action_plan_layout_a.xlsx", "action_plan_layout_a.csv"]
HEADER_A = ["Area of Focus", "Action", "Output", "Responsibility", "Timeframe", "Milestones", "Risk"]
NO_STAFF = StaffLookup([])
MODELS = [
    ActionPlan,
    Priority,
    FocusArea,
    Action,
    Output,
    Milestone,
    Risk,
    ProgressUpdate,
    OutputTarget,
    Contributor,
    ExpectedAchievement,
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def xlsx(rows, *, sheet_title="Plan") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def outputs_by_key(plan) -> dict[str, Output]:
    return {
        f"{o.action.number}{o.letter}": o
        for o in Output.objects.filter(action__plan=plan).select_related("action")
    }


# --- The samples -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LAYOUT_A)
def test_layout_a_sample_reads_to_the_readme_counts(name):
    parsed = read_plan(fixture(name), name, staff_lookup=NO_STAFF)

    assert parsed.errors == []
    assert parsed.title == "Northshire Care Group - Workforce Development Action Plan 2025-28"
    assert parsed.layout == ActionPlan.Layout.PRIORITIES
    assert (parsed.period_start, parsed.period_end) == (datetime.date(2025, 4, 1), datetime.date(2028, 3, 31))
    counts = parsed.counts()
    assert (counts["priorities"], counts["focus areas"], counts["actions"], counts["outputs"]) == (3, 5, 6, 9)
    # One milestone or risk per line of its cell; "As above" copies the two milestones of the output above.
    assert counts["milestones"] == 3 + 3 + 3 + 2 + 2 + 1 + 2
    assert counts["risks"] == 1 + 2 + 1 + 1 + 1 + 1 + 1
    assert [(p.number, p.title) for p in parsed.priorities] == [
        ("1", "Grow our own trainers"),
        ("2", "Make training count"),
        ("3", "Measure what we do"),
    ]
    assert [a.number for a in parsed.actions] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.2.1", "3.1.1"]


def test_layout_a_sample_saves_the_tree(ld_manager):
    pk = StaffMemberFactory(first_name="Priya", last_name="Kaur")
    rt = StaffMemberFactory(first_name="Rachel", last_name="Turner")
    today = datetime.date(2026, 1, 15)
    parsed = read_plan(fixture("action_plan_layout_a.xlsx"), "plan.xlsx")

    plan = import_plan(parsed, user=ld_manager, owners=every_proposal(parsed), today=today)

    assert plan.layout == ActionPlan.Layout.PRIORITIES and plan.status == ActionPlan.Status.ACTIVE
    assert plan.priorities.count() == 3
    assert FocusArea.objects.filter(priority__plan=plan).count() == 5
    assert plan.actions.count() == 6
    outputs = outputs_by_key(plan)
    assert len(outputs) == 9

    cover = outputs["1.1.1b"]
    assert cover.responsibility == "PK/RT"
    assert set(cover.owners.all()) == {pk, rt}
    assert cover.timeframe == "ongoing" and cover.due_date is None and not cover.is_recurring
    assert list(cover.risks.values_list("description", flat=True)) == [
        "Turnover of Home Trainers",
        "Agency staff not covered",
    ]
    assert outputs["1.1.1a"].due_date == datetime.date(2026, 3, 31)
    assert outputs["2.2.1a"].timeframe == "Quarterly"
    assert outputs["2.2.1a"].due_date is None and outputs["2.2.1a"].is_recurring
    assert (
        outputs["1.2.1a"].timeframe == "Within 6 weeks of appointment" and outputs["1.2.1a"].due_date is None
    )
    assert outputs["3.1.1a"].is_recurring  # "At bi-monthly meetings"
    assert outputs["1.1.2b"].resources == "£4,800 backfill" and outputs["1.1.2b"].cost_amount == Decimal(
        "4800"
    )
    assert outputs["2.1.1a"].cost_amount == Decimal("2000")
    assert outputs["1.1.1a"].cost_amount is None

    # "As above": the output above's milestones, attached to this output.
    assert list(outputs["2.1.1b"].milestones.values_list("description", flat=True)) == [
        "Monthly compliance report to homes",
        "Targeted sessions in low-compliance homes",
    ]
    target = outputs["2.1.1a"].targets.get()
    assert (target.value, target.unit, target.by_date) == (Decimal(85), "%", datetime.date(2026, 6, 30))
    assert outputs["1.1.2b"].targets.get().unit == "Link Trainers in post"

    # Progress text is kept as the plan's progress as imported from the file on the import day:
    # no author and no RAG (it is not an owner's update).
    done = outputs["1.1.2a"].progress_updates.get()
    assert (done.note, done.rag, done.date, done.author, done.imported_from) == (
        "Completed",
        "",
        today,
        None,
        "plan.xlsx",
    )
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 5

    actions = {a.number: a for a in plan.actions.all()}
    assert list(actions["3.1.1"].dependencies.all()) == [actions["1.1.2"]]
    assert actions["1.1.2"].status == Action.Status.IN_PROGRESS  # one of two outputs completed
    assert actions["1.2.1"].status == Action.Status.NOT_STARTED
    # An action is due when its last output is (RAG reads the action's date).
    assert actions["1.1.2"].due_date == datetime.date(2026, 9, 30)
    assert actions["1.1.1"].focus_area.title == "Trainer capacity"

    # History is recorded for every saved row, by the importing user.
    assert Action.history.filter(history_user=ld_manager).count() == 6
    assert Milestone.history.count() == Milestone.objects.count()


def test_xlsx_and_csv_of_the_same_plan_read_the_same():
    from_xlsx = read_plan(fixture("action_plan_layout_a.xlsx"), "a.xlsx", staff_lookup=NO_STAFF)
    from_csv = read_plan(fixture("action_plan_layout_a.csv"), "a.csv", staff_lookup=NO_STAFF)
    assert from_xlsx.priorities == from_csv.priorities
    assert from_xlsx.title == from_csv.title


def test_layout_b_sample_reads_themes_with_contributors_and_achievements(db):
    parsed = read_plan(fixture("action_plan_layout_b.xlsx"), "b.xlsx", staff_lookup=NO_STAFF)

    assert parsed.errors == []
    assert parsed.layout == ActionPlan.Layout.THEMES
    assert [p.title for p in parsed.priorities] == [
        "Start here...opening routes into care work for local people",
        "Grow here...developing the people we already have",
        "Measuring success...",
    ]
    plan = import_plan(parsed)
    assert plan.layout == ActionPlan.Layout.THEMES
    assert plan.priorities.count() == 3
    assert plan.actions.count() == 4
    assert not FocusArea.objects.filter(priority__plan=plan).exists()  # no fake areas of focus
    placements = plan.actions.get(description__startswith="offer pre-employment")
    assert list(placements.contributors.values_list("name", flat=True)) == [
        "Careers lead",
        "Community partner",
        "L&D team",
    ]
    assert list(placements.achievements.values_list("description", flat=True)) == [
        "Two placement programmes each year",
        "Most trainees say they want a career in care",
    ]
    assert Contributor.objects.filter(action__plan=plan).count() == 9
    assert ExpectedAchievement.objects.filter(action__plan=plan).count() == 7


# --- Owners -----------------------------------------------------------------------------------------


def test_initials_match_only_one_current_staff_member(db):
    StaffMemberFactory(first_name="Sarah", last_name="Bennett")
    StaffMemberFactory(first_name="Sam", last_name="Brown")  # SB twice: ambiguous
    StaffMemberFactory(
        first_name="Jo", last_name="Morris", leaving_date=datetime.date(2020, 1, 1)
    )  # a leaver
    lookup = StaffLookup.from_database()

    parsed = read_plan(fixture("action_plan_layout_a.xlsx"), "a.xlsx", staff_lookup=lookup)

    unmatched = {item.written: item for item in parsed.unmatched}
    assert set(unmatched) == {"JM", "PK", "RT", "SB"}
    assert "2 members of staff in post" in unmatched["SB"].reason
    assert "Sam Brown" in unmatched["SB"].reason and "Sarah Bennett" in unmatched["SB"].reason
    assert unmatched["JM"].reason == "no member of staff in post has these initials"
    assert unmatched["SB"].rows == ["Row 15", "Row 19"]
    evaluation = parsed.outputs[-1]
    assert evaluation.responsibility == "JM/SB"  # kept as written
    assert [o.key for o in evaluation.owners] == ["JM", "SB"]


def test_a_full_name_in_responsibility_is_matched_too():
    lookup = StaffLookup([(7, "Sarah", "Bennett")])
    assert lookup.match("Sarah Bennett") == (7, "Sarah Bennett")
    assert lookup.match("SB") == (7, "Sarah Bennett")
    assert lookup.match("HR across partners") == (None, "")  # a team, not a person: nothing to map


# --- Shapes the samples do not have -------------------------------------------------------------------


def test_messier_shapes_read_as_people_mean_them():
    rows = [
        ["Workforce plan 2026/27"],
        ["Version 3, approved by the steering group", "", "June 2026"],
        ["Priority 1: Leaders"],
        ["Focus", "Action", "Deliverable", "Owner", "Deadline", "Milestones", "Risk(s)"],
        [
            "1.1 Managers",
            "1.1.1 Train managers (dependent on 9.9.9)",
            "a. 250 people trained per annum",
            "SB & GF",
            "Spring 2026",
            "• Book venue • Invite",
            "- Cost\n- Time",
        ],
        ["", "", "", "", "", "Evaluate", ""],  # one more milestone on a row of its own
        [
            "1.1 Managers",
            "1.1.1 Train managers (dependent on 9.9.9)",
            "b. Feedback",
            "SB",
            "Dec 2026",
            "",
            "",
        ],
        ["", "1.1.2 Coach", "", "GF", "ongoing", "As above", ""],
        ["1.2 Deputies"],
        ["", "1.2.1 Shadowing", "a. Done", "SB", "March 2027", "", ""],
        ["Priority 2 - Staff"],
        ["Focus", "Action", "Deliverable", "Owner", "Deadline", "Milestones", "Risk(s)"],
        ["2.1 Induction", "2.1.1 Induct (depends on 1.1.2)", "a. Induction pack", "", "", "", ""],
    ]
    parsed = read_plan(
        xlsx(rows), "messy.xlsx", staff_lookup=StaffLookup([(1, "Sam", "Bell"), (2, "Gina", "Fox")])
    )

    assert parsed.errors == []
    assert parsed.title == "Workforce plan 2026/27"
    assert parsed.counts()["focus areas"] == 3
    first, second = parsed.priorities
    assert (first.number, first.title, second.number, second.title) == ("1", "Leaders", "2", "Staff")
    assert [area.title for area in first.focus_areas] == ["Managers", "Deputies"]
    train, coach = first.focus_areas[0].actions
    assert [o.letter for o in train.outputs] == ["a", "b"]  # the repeated action text is "same as above"
    assert train.outputs[0].milestones == ["Book venue", "Invite", "Evaluate"]
    assert train.outputs[0].risks == ["Cost", "Time"]
    assert [o.key for o in train.outputs[0].owners] == ["SB", "GF"]
    assert {t.key: t.proposed_id for t in parsed.tokens} == {"SB": 1, "GF": 2}
    # An action row with no output: its own responsibility, timeframe and milestones.
    assert coach.outputs == [] and coach.responsibility == "GF" and coach.timeframe == "ongoing"
    assert first.focus_areas[1].actions[0].description == "Shadowing"
    assert second.focus_areas[0].actions[0].dependencies == ["1.1.2"]
    warnings = [str(w) for w in parsed.warnings]
    assert any(w.startswith("Row 2: ignored") for w in warnings)
    assert any(w.startswith("Row 5:") and "Spring 2026" in w for w in warnings)
    assert any(w.startswith("Row 5:") and "9.9.9" in w and "no link" in w for w in warnings)
    assert any("there is no output above" in w for w in warnings)  # "As above" on an action row


def test_a_row_without_an_action_is_an_error_with_its_row_number():
    rows = [["Plan"], ["Priority 1. X"], HEADER_A, ["1.1 Area", "", "a. Orphan output", "SB", "", "", ""]]
    parsed = read_plan(xlsx(rows), "p.xlsx", staff_lookup=NO_STAFF)
    assert [str(e) for e in parsed.errors][0].startswith("Row 4: no action for this row")


def test_too_long_text_for_a_field_is_an_error():
    rows = [["Plan"], ["Priority 1. X"], HEADER_A, ["1.1 Area", "1.1.1 Act", "a. Out", "X" * 300, "", "", ""]]
    parsed = read_plan(xlsx(rows), "p.xlsx", staff_lookup=NO_STAFF)
    assert any("Row 4" in str(e) and "responsibility is longer than 255" in str(e) for e in parsed.errors)


def test_no_heading_before_the_first_action_puts_them_under_one_priority():
    rows = [["Our plan 2025-28"], HEADER_A, ["1.1 Area", "1.1.1 Act", "a. Out", "", "", "", ""]]
    parsed = read_plan(xlsx(rows), "p.xlsx", staff_lookup=NO_STAFF)
    assert parsed.errors == []
    assert [p.title for p in parsed.priorities] == [walk.DEFAULT_PRIORITY_TITLE]
    assert any("no priority or theme heading" in str(w) for w in parsed.warnings)


def test_a_word_document_table_is_read_with_merged_cells():
    import docx

    document = docx.Document()
    document.add_heading("Northshire Training Plan 2025-28", level=0)
    document.add_paragraph("Some narrative text that is not part of the plan.")
    document.add_paragraph("Priority 1. Grow our own trainers")
    table = document.add_table(rows=4, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["Area of Focus", "Action", "Output", "Responsibility"], strict=True
    ):
        cell.text = text
    values = [
        ["1.1 Capacity", "1.1.1 Map cover", "a. Map shared", "PK"],
        ["", "", "b. No gaps", "PK/RT"],
        ["", "1.1.2 Recruit", "a. 12 in post", "RT"],
    ]
    for row, texts in zip(table.rows[1:], values, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.cell(1, 0).merge(table.cell(3, 0))  # Area of Focus merged down
    table.cell(1, 1).merge(table.cell(2, 1))  # Action merged down
    buffer = io.BytesIO()
    document.save(buffer)

    parsed = read_plan(buffer.getvalue(), "plan.docx", staff_lookup=NO_STAFF)

    assert parsed.errors == []
    assert parsed.title == "Northshire Training Plan 2025-28"
    assert parsed.counts()["priorities"] == 1
    assert [a.number for a in parsed.actions] == ["1.1.1", "1.1.2"]
    assert [len(a.outputs) for a in parsed.actions] == [2, 1]
    assert parsed.priorities[0].focus_areas[0].title == "Capacity"


# --- Hostile input: a clear message and nothing saved ---------------------------------------------------


def junk_csv(size: int) -> bytes:
    line = "x7Gq;lorem ipsum dolor sit amet;42;===;\n"
    return (line * (size // len(line) + 1)).encode()


def junk_xlsx(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Junk")
    for number in range(rows):
        sheet.append([f"junk {number}", "lorem ipsum", number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HOSTILE = [
    ("empty.xlsx", b"", "is empty"),
    ("blank.csv", b"  \n\n ", "is empty"),
    ("plan.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "is a PDF"),
    ("plan.txt", b"Area of Focus,Action\n", "not a file we can read"),
    ("plan.pdf", b"%PDF-1.4", "not a file we can read"),
    ("plan.xlsx", b"just some text saved with the wrong name", "is named .xlsx but is not one"),
    ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel 97-2003"),
    ("plan.csv", b"\x00\x01\x02binary\x00junk" * 50, "binary data"),
    ("plan.csv", junk_csv(5 * 1024 * 1024), "more than 5,000 filled rows"),
    ("plan.csv", junk_csv(read.MAX_UPLOAD_BYTES + 10), "larger than 10 MB"),
    ("plan.csv", b"Title\nsome,random,cells\nmore,random,cells\n", "No header row found"),
    ("plan.csv", b"My plan\nPriority 1. X\nArea of Focus,Action,Output\n", "No actions found"),
]


@pytest.mark.parametrize(("filename", "data", "message"), HOSTILE, ids=[f"{h[0]}:{h[2]}" for h in HOSTILE])
def test_hostile_files_are_refused_with_a_clear_message_and_nothing_saved(db, filename, data, message):
    before = row_counts()

    parsed = read_plan(data, filename, staff_lookup=NO_STAFF)

    assert not parsed.ok
    assert any(message in str(error) for error in parsed.errors), parsed.errors
    with pytest.raises(ImportRefused):
        import_plan(parsed)
    assert row_counts() == before


def test_a_sheet_of_junk_rows_is_refused(db):
    parsed = read_plan(junk_xlsx(read.MAX_FILLED_ROWS + 1), "junk.xlsx", staff_lookup=NO_STAFF)
    assert "more than 5,000 filled rows" in str(parsed.errors[0])


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    parsed = read_plan(buffer.getvalue(), "plan.xlsx", staff_lookup=NO_STAFF)
    assert "not an Excel workbook or a Word document" in str(parsed.errors[0])


def test_two_plans_in_one_sheet_are_refused_naming_the_row_where_the_second_starts(db):
    rows = [
        ["First plan 2025-28"],
        ["Priority 1. A"],
        HEADER_A,
        ["1.1 Area", "1.1.1 Act", "a. Out", "", "", "", ""],
        [],
        ["Second action plan 2026-29"],
        ["Priority 1. B"],
        HEADER_A,
        ["1.1 Area", "1.1.1 Other", "a. Out", "", "", "", ""],
    ]
    parsed = read_plan(xlsx(rows), "two.xlsx", staff_lookup=NO_STAFF)
    assert len(parsed.errors) == 1
    assert str(parsed.errors[0]).startswith("Row 6: a second plan seems to start here")
    with pytest.raises(ImportRefused):
        import_plan(parsed)
    assert ActionPlan.objects.count() == 0


def test_formula_like_text_is_kept_as_text_and_formulas_are_never_evaluated(db):
    workbook = Workbook()
    sheet = workbook.active
    for row in [["Plan"], ["Priority 1. X"], HEADER_A]:
        sheet.append(row)
    sheet.append(["1.1 Area", "1.1.1 Act", "a. Out", "SB", "", "", ""])
    sheet["C4"].value = '=HYPERLINK("http://evil.example","click")'
    sheet["C4"].data_type = "s"  # text that looks like a formula
    sheet.append(["", "", "=1+1", "", "", "", ""])  # a real formula, saved without a value
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = read_plan(buffer.getvalue(), "f.xlsx", staff_lookup=NO_STAFF)

    assert parsed.outputs[0].description == '=HYPERLINK("http://evil.example","click")'
    assert any("Row 5" in str(w) and "formula with no saved value" in str(w) for w in parsed.warnings)
    plan = import_plan(parsed)
    assert Output.objects.get(action__plan=plan).description.startswith("=HYPERLINK")


def test_other_sheets_that_look_like_plans_are_named_in_a_warning():
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Nothing to see"])
    for title in ["2025 plan", "Old plan"]:
        sheet = workbook.create_sheet(title)
        for row in [["Plan"], ["Priority 1. X"], HEADER_A, ["1.1 A", "1.1.1 B", "a. C", "", "", "", ""]]:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = read_plan(buffer.getvalue(), "w.xlsx", staff_lookup=NO_STAFF)
    assert parsed.sheet == "2025 plan"
    assert any("Old plan" in str(w) for w in parsed.warnings)


def test_saving_is_all_or_nothing(db, monkeypatch):
    parsed = read_plan(fixture("action_plan_layout_a.xlsx"), "a.xlsx", staff_lookup=NO_STAFF)
    before = row_counts()
    original = Risk.objects.bulk_create

    def failing_bulk_create(*args, **kwargs):
        raise IntegrityError("simulated failure half way through")

    monkeypatch.setattr(type(Risk.objects), "bulk_create", failing_bulk_create)
    with pytest.raises(IntegrityError):
        import_plan(parsed)
    monkeypatch.setattr(type(Risk.objects), "bulk_create", original)
    assert row_counts() == before


def test_import_costs_the_same_number_of_queries_for_a_bigger_plan(db):
    def plan_with(actions: int) -> bytes:
        rows = [["Plan"], ["Priority 1. X"], HEADER_A]
        for n in range(1, actions + 1):
            rows += [
                [
                    "1.1 Area",
                    f"1.1.{n} Act (dependent on 1.1.1)",
                    "a. 250 people",
                    "SB",
                    "March 2026",
                    "M1\nM2",
                    "R",
                ],
                ["", "", "b. Second", "", "ongoing", "As above", ""],
            ]
        return xlsx(rows)

    small = read_plan(plan_with(2), "s.xlsx", staff_lookup=NO_STAFF)
    big = read_plan(plan_with(20), "b.xlsx", staff_lookup=NO_STAFF)
    import_plan(small)  # warms the caches (content types for history) before counting

    with CaptureQueriesContext(connection) as small_queries:
        import_plan(small)
    with CaptureQueriesContext(connection) as big_queries:
        import_plan(big)

    # Bulk inserts per kind of row, whatever the size of the plan.
    assert len(small_queries) == len(big_queries)
    assert Output.objects.count() == 2 * (2 + 2 + 20)


def test_random_sheets_never_crash_the_reader_and_save_whole_or_not_at_all(db):
    """Seeded random rows built from the pieces real plans are made of: whatever the order, the
    reader answers with a tree or with errors, and saving either saves all of it or refuses."""
    import random

    rng = random.Random("planimport")
    pieces = [
        "",
        "",
        "",
        "Plan 2025-28",
        "Priority 1. Grow",
        "Theme 2: Get on",
        "1.1 Area",
        "1.1.1 Act (dependent on 1.1.9)",
        "a. Output",
        "b. 250 people trained per annum",
        "SB/GF",
        "March 2026",
        "Quarterly",
        "Spring 2026",
        "As above",
        "• one\n• two",
        "£4,800",
        "Completed",
        "=1+1",
        "Area of Focus",
        "Action",
        "x" * 600,
    ]
    headers = [HEADER_A, ["The Trust will...", "Essential input required from", "Achievements"]]
    for _ in range(150):
        rows = [[rng.choice(pieces)]]
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.15:
                rows.append(list(rng.choice(headers)))
            else:
                rows.append([rng.choice(pieces) for _ in range(rng.randint(1, 8))])
        content = (
            xlsx(rows)
            if rng.random() < 0.5
            else "\n".join(",".join(f'"{c}"' for c in r) for r in rows).encode()
        )
        parsed = read_plan(
            content, "fuzz.xlsx" if content[:2] == b"PK" else "fuzz.csv", staff_lookup=NO_STAFF
        )
        before = ActionPlan.objects.count()
        if parsed.ok:
            plan = import_plan(parsed)
            assert plan.actions.count() == len(parsed.actions)
        else:
            assert all(str(error) for error in parsed.errors)
            with pytest.raises(ImportRefused):
                import_plan(parsed)
            assert ActionPlan.objects.count() == before
