"""Staff import from an HR export: reading, checking, saving all or nothing, the command and the pages."""

import contextlib
import csv
import datetime
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from workforce import figure_store, importing
from workforce.figure_store import StoredFigure
from workforce.models import JobRole, OrgUnit, PayBand, StaffGroup, StaffMember
from workforce.periods import periods
from workforce.reading import parse_band, parse_date, parse_staff_group
from workforce.tests.factories import JobRoleFactory, OrgUnitFactory, StaffMemberFactory
from workforce.views.staff_import import SESSION_KEY, UPLOAD_DIR

SAMPLE = Path(__file__).parent / "fixtures" / "staff_export.csv"
HEADER = [
    "Assignment Number", "First Name", "Last Name", "Email", "Job Title", "Band", "Staff Group",
    "Organisation Unit", "Line Manager Assignment Number", "Start Date", "Leaving Date", "Leaving Reason",
]  # fmt: skip
BAD_ROW_COLUMNS = {"Email", "Line Manager Assignment Number", "Start Date"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Pending uploads go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def good_bytes() -> bytes:
    """The sample without its last (bad) row."""
    lines = sample_bytes().decode("utf-8-sig").splitlines()
    assert lines[-1].startswith("10000008,Lee,Chan")
    return ("\n".join(lines[:-1]) + "\n").encode()


def sample_rows(content: bytes | None = None) -> list[list[str]]:
    return list(csv.reader(io.StringIO((content or sample_bytes()).decode("utf-8-sig"))))[1:]


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def plan(content: bytes, filename: str = "staff.csv") -> importing.ImportResult:
    return importing.plan_import(importing.read_table(content, filename))


def staff(number: str) -> StaffMember:
    return StaffMember.objects.select_related("job_role", "org_unit", "line_manager").get(
        assignment_number=number
    )


def xlsx_bytes(rows, title_rows=1) -> bytes:
    """The sample as Excel would hold it: numbers as numbers, dates as date cells, a title above."""
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append(["Staff list exported from HR"])
    sheet.append(HEADER)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index in (0, 8) and value.isdigit():
                value = int(value)
            elif index in (9, 10) and value:
                # an impossible date stays text, as Excel would keep it
                with contextlib.suppress(ValueError):
                    value = parse_date(value)
            cells.append(value or None)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The good file ------------------------------------------------------------------------------


def check_good_import(org):
    assert StaffMember.objects.count() == 7
    priya, rhys, sam = staff("10000001"), staff("10000002"), staff("10000004")
    assert priya.job_role.title == "Head of Learning and Development"
    assert priya.job_role.pay_band == PayBand.BAND_8A
    assert priya.job_role.staff_group == StaffGroup.MANAGEMENT
    assert priya.org_unit == org["group"] and priya.line_manager is None
    assert rhys.job_role.staff_group == StaffGroup.EDUCATION_AND_TRAINING
    assert rhys.org_unit == org["north"] and rhys.line_manager == priya
    assert staff("10000003").org_unit == org["south"]
    assert sam.org_unit == org["oak"] and sam.line_manager == rhys
    assert staff("10000005").job_role.pay_band == PayBand.BAND_4
    assert rhys.start_date == datetime.date(2018, 9, 3)
    grace = staff("10000007")
    assert grace.start_date == datetime.date(2022, 3, 22)  # written 22/03/2022 in the file
    assert grace.org_unit == org["elm"] and grace.line_manager == sam
    tom = staff("10000006")
    assert tom.leaving_date == datetime.date(2025, 8, 31) and tom.leaving_reason == "Relocation"
    assert tom.has_left(on=datetime.date(2025, 9, 1))
    assert priya.email == "priya.kaur@northshire.example"


def test_good_file_creates_seven_staff_with_roles_units_managers_dates_and_leaver(org):
    result = importing.import_staff(good_bytes(), "staff_export.csv")

    assert result.ok and result.saved
    assert (result.created, result.updated, result.unchanged) == (7, 0, 0)
    assert sorted(role.title for role in result.new_roles.values()) == sorted(
        {row[4] for row in sample_rows(good_bytes())}
    )
    assert result.units_created == 0  # every unit in the file is in the organisation already
    assert JobRole.objects.count() == result.roles_created
    check_good_import(org)


def test_every_save_is_in_the_history_with_the_import_as_reason(org):
    importing.import_staff(good_bytes(), "staff_export.csv")
    for person in StaffMember.objects.all():
        records = list(person.history.all())
        assert len(records) == 1
        assert records[0].history_type == "+"
        assert records[0].history_change_reason == "Staff import from staff_export.csv"
    assert all(role.history.count() == 1 for role in JobRole.objects.all())


def test_unknown_units_are_created_and_the_preview_says_so(db):
    result = plan(good_bytes())
    assert sorted(unit.name for unit in result.new_units.values()) == sorted(
        {row[7] for row in sample_rows(good_bytes())}
    )
    assert OrgUnit.objects.count() == 0  # a plan writes nothing
    importing.apply_import(result)
    birch = OrgUnit.objects.get(name="Oak House")
    assert birch.parent is None and birch.kind == OrgUnit.Kind.DEPARTMENT
    assert staff("10000004").org_unit == birch


def test_reimport_is_all_unchanged_and_a_changed_row_is_an_update(org):
    importing.import_staff(good_bytes(), "staff_export.csv")

    again = importing.import_staff(good_bytes(), "staff_export.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert again.roles_created == 0 and again.units_created == 0
    assert staff("10000005").history.count() == 1  # nothing saved for unchanged rows

    rows = sample_rows(good_bytes())
    ana = rows[4]
    assert ana[2] == "Silva"
    ana[4], ana[5], ana[6] = "Link Trainer", "5", "Education and Training"
    ana[7], ana[8], ana[9] = "Elm Court", "10000003", "10/02/2020"  # same date, other form
    result = plan(csv_bytes(rows))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    [update] = result.changed_rows
    assert update.row == 6 and update.name == "Ana Silva"
    changes = {change.field: (change.old, change.new) for change in update.changes}
    assert changes == {
        "job role": ("Home Trainer", "Link Trainer (new)"),
        "organisation unit": ("Oak House", "Elm Court"),
        "line manager": ("Sam Baker (10000004)", "Joy Mensah (10000003)"),
    }
    importing.apply_import(result)
    ana_record = staff("10000005")
    assert ana_record.job_role.title == "Link Trainer" and ana_record.job_role.pay_band == "5"
    assert ana_record.org_unit == org["elm"] and ana_record.line_manager == staff("10000003")
    assert ana_record.history.count() == 2


def test_a_column_left_out_leaves_that_field_alone_and_a_blank_cell_clears_it(org):
    importing.import_staff(good_bytes(), "staff_export.csv")
    without_email = [[row[0], row[1], row[2]] for row in sample_rows(good_bytes())]
    result = importing.import_staff(csv_bytes(without_email, HEADER[:3]), "names.csv")
    assert result.unchanged == 7
    assert staff("10000001").email == "priya.kaur@northshire.example"

    rows = sample_rows(good_bytes())
    rows[0][3] = ""
    result = importing.import_staff(csv_bytes(rows), "staff.csv")
    assert result.updated == 1
    assert staff("10000001").email == ""


# --- The bad sample -------------------------------------------------------------------------------


def test_bad_sample_is_refused_whole_naming_row_9_and_its_three_bad_fields(org):
    result = importing.import_staff(sample_bytes(), "staff_export.csv")

    assert not result.ok and not result.saved
    assert StaffMember.objects.count() == 0 and JobRole.objects.count() == 0
    assert OrgUnit.objects.count() == len(org)  # Birch Lodge was not created
    assert len(result.errors) == 3
    assert {(error.row, error.column) for error in result.errors} == {(9, c) for c in BAD_ROW_COLUMNS}
    by_column = {error.column: error for error in result.errors}
    assert set(by_column) == BAD_ROW_COLUMNS
    assert "not-an-email" in by_column["Email"].message and "email" in by_column["Email"].message
    assert "99999999" in by_column["Line Manager Assignment Number"].message
    assert "Unknown line manager" in by_column["Line Manager Assignment Number"].message
    assert "2023-13-01" in by_column["Start Date"].message
    assert "not a real date" in by_column["Start Date"].message
    assert by_column["Start Date"].value == "2023-13-01"


def test_apply_refuses_a_plan_with_errors(db):
    result = plan(sample_bytes())
    with pytest.raises(ValueError):
        importing.apply_import(result)
    assert StaffMember.objects.count() == 0


# --- XLSX -------------------------------------------------------------------------------------------


def test_xlsx_with_date_cells_and_a_title_row_imports_like_the_csv(org):
    content = xlsx_bytes(sample_rows(good_bytes()))
    result = importing.import_staff(content, "staff_export.xlsx")
    assert result.ok and result.created == 7
    check_good_import(org)


def test_xlsx_errors_name_the_rows_as_excel_numbers_them(org):
    content = xlsx_bytes(sample_rows(), title_rows=2)  # header on row 3, Lee Chan on row 11
    result = plan(content, "staff_export.xlsx")
    assert {(error.row, error.column) for error in result.errors} == {(11, c) for c in BAD_ROW_COLUMNS}


# --- Tolerance ---------------------------------------------------------------------------------------


def test_other_header_wordings_encodings_and_delimiters(org):
    header = [
        " employee  number ", "Forename", "SURNAME", "E-mail", "Position", "Pay Band", "Staff group",
        "Department", "Line Manager Assignment No", "Date Started", "Termination Date", "Reason for leaving",
        "Payroll notes",
    ]  # fmt: skip
    rows = [[*row, "ignore me"] for row in sample_rows(good_bytes())]
    rows[1][1] = "Siân"
    for encoding, delimiter in (("cp1252", ","), ("utf-8-sig", ";"), ("utf-16", "\t")):
        result = plan(csv_bytes(rows, header, encoding, delimiter))
        assert result.ok, (encoding, result.errors)
        assert result.created == 7
        assert result.ignored_columns == ["Payroll notes"]
        assert result.rows[1].name == "Siân Thomas"
    importing.apply_import(plan(csv_bytes(rows, header, "cp1252")))
    assert staff("10000002").first_name == "Siân"
    assert staff("10000006").leaving_reason == "Relocation"


def test_line_manager_may_come_later_in_the_file_or_be_in_the_database(org):
    boss = StaffMemberFactory(assignment_number="90000001")
    rows = list(reversed(sample_rows(good_bytes())))  # everyone's manager is now below them
    rows[0][8] = "90000001"
    result = importing.import_staff(csv_bytes(rows), "reversed.csv")
    assert result.ok, result.errors
    assert staff("10000007").line_manager == boss
    assert staff("10000004").line_manager == staff("10000002")
    assert staff("10000002").line_manager == staff("10000001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01-31", datetime.date(2023, 1, 31)),
        ("31/01/2023", datetime.date(2023, 1, 31)),
        ("31/01/23", datetime.date(2023, 1, 31)),
        ("31-01-2023", datetime.date(2023, 1, 31)),
        ("31 Jan 2023", datetime.date(2023, 1, 31)),
        ("31 January 2023", datetime.date(2023, 1, 31)),
        ("31-JAN-2023", datetime.date(2023, 1, 31)),
        ("1/2/2023", datetime.date(2023, 2, 1)),
        ("2023-01-31 00:00:00", datetime.date(2023, 1, 31)),
        (datetime.datetime(2023, 1, 31), datetime.date(2023, 1, 31)),
        (44957, datetime.date(2023, 1, 31)),  # an Excel serial number in a number-formatted cell
        ("", None),
        (None, None),
    ],
)
def test_dates_in_the_usual_uk_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("2023-13-01", "not a real date"), ("31/02/2023", "not a real date"), ("01/31/2023", "not a real date"),
     ("next week", "not a date in a form we recognise"), (99999999, "is not a date")],
)  # fmt: skip
def test_impossible_and_unreadable_dates_are_explained(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("8a", "8a"),
        ("Band 6", "6"),
        ("6", "6"),
        ("BAND 8A", "8a"),
        ("AfC Band 8 b", "8b"),
        (7.0, "7"),
        ("", ""),
    ],
)
def test_bands(text, band):
    assert parse_band(text) == band


@pytest.mark.parametrize("text", ["10", "8", "8e", "Band X", "0"])
def test_unknown_bands_are_refused(text):
    with pytest.raises(ValueError, match="Agenda for Change band"):
        parse_band(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Education and Training", StaffGroup.EDUCATION_AND_TRAINING),
        ("education & training", StaffGroup.EDUCATION_AND_TRAINING),
        ("Direct Care Support", StaffGroup.DIRECT_CARE_SUPPORT),
        ("Administrative and Clerical", StaffGroup.INDIRECT_SUPPORT),
        ("Registered professional", StaffGroup.REGISTERED_PROFESSIONAL),
        ("MANAGEMENT", StaffGroup.MANAGEMENT),
    ],
)
def test_staff_groups(text, group):
    assert parse_staff_group(text) == group


def test_row_problems_are_all_reported(org):
    JobRoleFactory(title="Care Assistant", pay_band="2")
    rows = [
        ["20000001", "", "Jones", "", "Care Assistant", "Band 12", "Nonsense", "Oak House", "", "", "", ""],
        ["20000001", "Kim", "Lee", "", "Brand New Role", "3", "", "", "", "01/06/2024", "01/05/2024", ""],
        ["", "Al", "Ray", "", "", "", "", "", "", "", "", "Moved away"],
    ]
    result = plan(csv_bytes(rows))
    problems = {(error.row, error.column) for error in result.errors}
    assert problems == {
        (2, "First Name"),
        (2, "Band"),
        (2, "Staff Group"),
        (3, "Assignment Number"),  # the same number as row 2
        (3, "Staff Group"),  # needed to create 'Brand New Role'
        (3, "Leaving Date"),  # before the start date
        (4, "Assignment Number"),
        (4, "Leaving Reason"),  # a reason without a leaving date
    }
    assert "also on row 2" in next(
        e.message for e in result.errors if (e.row, e.column) == (3, "Assignment Number")
    )


def test_an_ambiguous_unit_name_is_an_error_naming_the_row(org):
    OrgUnitFactory(name="Oak House", parent=org["south"])
    result = plan(good_bytes())
    assert {(e.row, e.column) for e in result.errors} == {(5, "Organisation Unit"), (6, "Organisation Unit")}
    message = result.errors[0].message
    assert "Oak House" in message and "North Region" in message and "South Region" in message


def test_existing_job_role_is_used_and_never_changed_by_an_import(org):
    role = JobRoleFactory(title="home manager", pay_band="6", staff_group=StaffGroup.MANAGEMENT)
    result = importing.import_staff(good_bytes(), "staff_export.csv")
    assert staff("10000004").job_role == role
    role.refresh_from_db()
    assert role.pay_band == "6"
    assert any(w.row == 5 and w.column == "Job Title" for w in result.warnings)


def test_rows_disagreeing_about_a_roles_band_give_one_warning_per_role(org):
    rows = numbered_rows(12)
    for row in rows[3:]:
        row[5] = "5"
    result = plan(csv_bytes(rows))
    assert result.ok
    [warning] = result.warnings
    assert warning.row == 5 and warning.column == "Job Title"
    assert "from row 2" in warning.message and "Rows 5, 6, 7, 8, 9 and 4 more" in warning.message
    importing.apply_import(result)
    assert JobRole.objects.get(title="Home Trainer").pay_band == "4"


def test_own_line_manager_is_a_warning_and_a_loop_is_an_error(org):
    rows = sample_rows(good_bytes())
    rows[0][8] = "10000001"
    result = importing.import_staff(csv_bytes(rows), "staff.csv")
    assert result.ok and [(w.row, w.column) for w in result.warnings] == [(2, HEADER[8])]
    assert staff("10000001").line_manager is None

    rows[0][8] = "10000004"  # Priya -> Sam -> Rhys -> Priya
    result = plan(csv_bytes(rows))
    assert {(e.row, e.column) for e in result.errors} == {(2, HEADER[8]), (3, HEADER[8]), (5, HEADER[8])}
    assert "loop" in result.errors[0].message


# --- Hostile input ------------------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "staff.csv", "empty"),
        (b"  \r\n \n", "staff.csv", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "staff.csv", "PDF"),
        (docx_bytes(), "staff.xlsx", "Word document"),
        (b"PK\x03\x04 not really a zip", "staff.xlsx", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "staff.xls", "CSV file or an Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "staff.csv", "old-style Office"),
        (bytes(range(256)) * 4, "staff.csv", "not a spreadsheet"),
        (b"MZ\x90\x00\x03", "staff.exe", "CSV file or an Excel"),
        (b"hello,world\nfoo,bar\n", "staff.csv", "No header row"),
        (b"Assignment Number,Email\n1,a@b.example\n", "staff.csv", "missing: First Name, Last Name"),
        (b"Assignment Number,First Name,Last Name\n", "staff.csv", "no staff rows"),
        (b"Assignment Number,Employee Number,First Name,Last Name\n1,2,A,B\n", "staff.csv", "same thing"),
        (b"x" * (importing.MAX_FILE_BYTES + 1), "staff.csv", "larger than 5 MB"),
    ],
    ids=[
        "empty", "blank", "pdf", "docx", "broken-zip", "xls-name", "xls-renamed", "binary", "exe",
        "no-header", "missing-columns", "no-rows", "duplicate-column", "too-large",
    ],
)  # fmt: skip
def test_files_that_cannot_be_imported_are_refused_with_a_reason(db, content, filename, message):
    with pytest.raises(importing.ImportFileError, match=message):
        importing.read_table(content, filename)


def test_more_than_the_row_limit_is_refused(db, settings):
    rows = [[str(30000000 + n), "A", "B"] for n in range(importing.MAX_ROWS + 1)]
    content = csv_bytes(rows, HEADER[:3])
    assert len(content) < importing.MAX_FILE_BYTES
    with pytest.raises(importing.ImportFileError, match="more than 20,000"):
        importing.read_table(content, "big.csv")


def test_junk_cells_become_row_errors_not_crashes(org):
    rows = sample_rows(good_bytes())
    rows[2] = [
        "=cmd|' /C calc'!A0",
        "<script>",
        "x" * 150,
        "@",
        "\u202e",
        "9" * 50,
        "",
        "",
        "?",
        "\t",
        "",
        "",
    ]
    result = plan(csv_bytes(rows))
    assert not result.ok
    assert {e.row for e in result.errors} == {4}
    assert {e.column for e in result.errors} >= {"Assignment Number", "Last Name", "Email", "Band"}
    assert StaffMember.objects.count() == 0


# --- Efficiency --------------------------------------------------------------------------------------


def numbered_rows(count, start=40000000):
    return [
        [str(start + n), f"First{n}", f"Last{n}", f"p{n}@example.org", "Home Trainer", "4",
         "Direct care support", "Oak House", str(start) if n else "", "01/02/2021", "", ""]
        for n in range(count)
    ]  # fmt: skip


def test_checking_a_file_costs_the_same_queries_whatever_its_size(org, django_assert_num_queries):
    StaffMemberFactory.create_batch(3)
    small = csv_bytes(numbered_rows(5))
    big = csv_bytes(numbered_rows(200))
    with CaptureQueriesContext(connection) as small_queries:
        plan(small)
    StaffMemberFactory.create_batch(30)  # a bigger database too
    # staff (with role and unit), job roles, units (with parent): nothing per row
    with django_assert_num_queries(len(small_queries.captured_queries)):
        plan(big)
    assert len(small_queries.captured_queries) == 3


def test_saving_costs_the_same_queries_whatever_the_number_of_rows(org):
    """Rows are written in bulk, a batch at a time (importing.PROGRESS_EVERY rows): the queries grow
    with the batches and the depth of new line managers, never with the rows."""
    JobRoleFactory(title="Home Trainer")

    def queries_to_save(rows):
        result = plan(csv_bytes(rows))
        with CaptureQueriesContext(connection) as queries:
            importing.apply_import(result)
        return [query["sql"] for query in queries.captured_queries]

    def changed(rows):
        return [[*row[:3], "new." + row[3], *row[4:]] for row in rows]

    # 50 rows: below SQLite's 999 parameters a statement, above which Django splits the INSERT itself.
    small, big = numbered_rows(20, 50000000), numbered_rows(50, 60000000)
    created = queries_to_save(small)
    assert len(queries_to_save(big)) == len(created)
    # savepoint; the first person (the others' line manager), their history record; the others,
    # their history records; release
    assert len(created) == 6, created
    updated = queries_to_save(changed(small))
    assert len(queries_to_save(changed(big))) == len(updated)
    # savepoint; every changed person's version moved on; one UPDATE of the fields that changed;
    # their history records; release
    assert len(updated) == 5, updated


def test_an_import_writes_one_history_record_per_row_it_changes(org, ld_manager):
    importing.apply_import(plan(csv_bytes(numbered_rows(5))), "Staff import from first.csv", user=ld_manager)
    rows = numbered_rows(5)
    rows[1][3] = "changed@example.org"  # an update
    rows[2][8] = "40000009"  # an update whose new line manager is new in this file
    rows.append(["40000009", "Nia", "New", "", "Home Trainer", "4", "Direct care support", "Oak House",
                 "40000010", "01/03/2024", "", ""])  # fmt: skip
    rows.append(["40000010", "Ola", "Newer", "", "Home Trainer", "4", "Direct care support", "Oak House",
                 "", "01/03/2024", "", ""])  # fmt: skip
    result = plan(csv_bytes(rows))
    assert (result.created, result.updated, result.unchanged) == (2, 2, 3)

    importing.apply_import(result, "Staff import from second.csv", user=ld_manager)

    def records(number):
        return [
            (r.history_type, r.history_change_reason, r.history_user)
            for r in staff(number).history.order_by("history_date", "history_id")
        ]

    first = ("+", "Staff import from first.csv", ld_manager)
    second = "Staff import from second.csv"
    assert records("40000000") == [first]  # unchanged: nothing written
    assert records("40000001") == [first, ("~", second, ld_manager)]
    assert records("40000002") == [first, ("~", second, ld_manager)]
    assert records("40000009") == [("+", second, ld_manager)]
    assert records("40000010") == [("+", second, ld_manager)]
    assert staff("40000001").email == "changed@example.org"
    assert staff("40000002").line_manager == staff("40000009")
    assert staff("40000009").line_manager == staff("40000010")
    # The records hold the rows as written: the new manager's id, the version left out.
    latest = staff("40000002").history.order_by("-history_id").first()
    assert latest.line_manager_id == staff("40000009").pk
    assert staff("40000002").version == 2


def test_an_import_marks_the_stored_figures_it_can_change(transactional_db):
    """Bulk writes send no signals: the import marks the figures itself, when it commits."""
    JobRoleFactory(title="Home Trainer", pay_band="4", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    OrgUnitFactory(name="Oak House")
    months = [(period.start, period.end) for period in periods("month", 3)]
    figure_store.figures("workforce.headcount", months)

    def stale_ends():
        figures = StoredFigure.objects.filter(key="workforce.headcount", is_stale=True)
        return sorted(figures.values_list("end", flat=True))

    rows = numbered_rows(3)
    for row in rows:
        row[9] = months[1][0].strftime("%d/%m/%Y")
    importing.apply_import(plan(csv_bytes(rows)))
    # New people count from their start date: the periods before it keep their figures.
    assert stale_ends() == [months[1][1], months[2][1]]

    figure_store.figures("workforce.headcount", months)
    assert stale_ends() == []
    rows[1][3] = "changed@example.org"
    importing.apply_import(plan(csv_bytes(rows)))
    assert stale_ends() == [end for _, end in months]  # an update may change any period


# --- The command -----------------------------------------------------------------------------------


def test_command_imports_and_prints_counts(org, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(good_bytes())
    out = io.StringIO()
    call_command("import_staff", str(path), stdout=out)
    assert "created: 7, updated: 0, unchanged: 0" in out.getvalue()
    assert StaffMember.objects.count() == 7
    check_good_import(org)


def test_command_dry_run_saves_nothing(org, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(good_bytes())
    out = io.StringIO()
    call_command("import_staff", str(path), "--dry-run", stdout=out)
    assert "created: 7" in out.getvalue() and "Dry run" in out.getvalue()
    assert StaffMember.objects.count() == 0 and JobRole.objects.count() == 0


@pytest.mark.parametrize("dry_run", [False, True])
def test_command_lists_every_error_and_fails_with_nothing_saved(org, dry_run):
    err = io.StringIO()
    args = [str(SAMPLE)] + (["--dry-run"] if dry_run else [])
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_staff", *args, stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    for column in BAD_ROW_COLUMNS:
        assert any(line.startswith(f"Row 9, {column}:") for line in lines)
    assert StaffMember.objects.count() == 0


def test_command_refuses_a_missing_or_wrong_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_staff", str(tmp_path / "nope.csv"))
    pdf = tmp_path / "staff.csv"
    pdf.write_bytes(b"%PDF-1.4 rest")
    with pytest.raises(CommandError, match="PDF"):
        call_command("import_staff", str(pdf))


# --- The pages -----------------------------------------------------------------------------------


def upload_file(client, content, name="staff_export.csv"):
    return client.post(reverse("staffimport:upload"), {"file": SimpleUploadedFile(name, content)})


def pending_files(user):
    folder = f"{UPLOAD_DIR}/{user.pk}/"
    try:
        return default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return []


def test_anonymous_is_sent_to_login(client, db):
    for response in (client.get(reverse("staffimport:upload")), client.post(reverse("staffimport:confirm"))):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "actor", ["director", "manager", "other_manager", "mentor", "other_mentor", "action_owner"]
)
def test_other_roles_may_not_import(client, actors, actor):
    client.force_login(actors[actor])
    assert client.get(reverse("staffimport:upload")).status_code == 403
    assert upload_file(client, good_bytes()).status_code == 403
    assert client.post(reverse("staffimport:confirm")).status_code == 403
    assert StaffMember.objects.count() == len(actors)


@pytest.mark.parametrize("actor", ["ld_manager", "superuser"])
def test_ld_manager_and_superuser_see_the_form(client, request, org, actor):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("staffimport:upload"))
    assert response.status_code == 200
    assert b'type="file"' in response.content and b"Assignment Number" in response.content


def test_a_bad_file_shows_every_error_and_the_form_again(client, ld_manager, org):
    client.force_login(ld_manager)
    before = StaffMember.objects.count()

    response = upload_file(client, sample_bytes())

    assert response.status_code == 200
    assert response.templates[0].name == "workforce/import/upload.html"
    assert [(e.row, e.column) for e, _person in response.context["errors"]] == [
        (e.row, e.column) for e in plan(sample_bytes()).errors
    ]
    page = response.content.decode()
    assert "Nothing was saved" in page and 'id="import-errors"' in page and 'type="file"' in page
    for text in ("not-an-email", "99999999", "2023-13-01", "Lee Chan"):
        assert text in page
    assert StaffMember.objects.count() == before
    assert pending_files(ld_manager) == [] and SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 x", "staff.csv", "This is a PDF"),
        (b"", "staff.csv", "empty"),
        (b"a,b\n1,2", "x.csv", "No header"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_form_error(client, ld_manager, content, name, message):
    client.force_login(ld_manager)
    response = upload_file(client, content, name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert pending_files(ld_manager) == []


def test_confirm_without_a_preview_saves_nothing(client, ld_manager):
    client.force_login(ld_manager)
    before = StaffMember.objects.count()
    response = client.post(reverse("staffimport:confirm"))
    assert response.status_code == 302 and response.url == reverse("staffimport:upload")
    assert StaffMember.objects.count() == before


def test_confirm_only_takes_a_file_from_the_users_own_folder(client, ld_manager, superuser):
    client.force_login(superuser)
    upload_file(client, good_bytes())
    someone_elses = client.session[SESSION_KEY]
    client.force_login(ld_manager)
    session = client.session
    session[SESSION_KEY] = someone_elses
    session.save()
    before = StaffMember.objects.count()
    response = client.post(reverse("staffimport:confirm"))
    assert response.status_code == 302 and StaffMember.objects.count() == before
    assert pending_files(superuser) != []  # not touched by another user's request


def test_confirm_is_post_only(client, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("staffimport:confirm")).status_code == 405


def test_cancel_discards_the_upload(client, ld_manager):
    client.force_login(ld_manager)
    before = StaffMember.objects.count()
    upload_file(client, good_bytes())
    response = client.post(reverse("staffimport:confirm"), {"cancel": "1"})
    assert response.status_code == 302
    assert StaffMember.objects.count() == before and pending_files(ld_manager) == []


def test_abandoned_uploads_are_cleared_at_the_next_upload(client, ld_manager, media_root):
    client.force_login(ld_manager)
    upload_file(client, good_bytes())
    [old] = pending_files(ld_manager)
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(media_root / UPLOAD_DIR / str(ld_manager.pk) / old, (day_ago, day_ago))
    client.session.flush()
    client.force_login(ld_manager)  # a new session: the old preview is abandoned
    upload_file(client, good_bytes())
    files = pending_files(ld_manager)
    assert len(files) == 1 and old not in files
