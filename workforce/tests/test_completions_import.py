"""Importing training completions from a spreadsheet: reading, checking, the pages and the background run."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from workforce import completions_import, importing
from workforce.runs import BackgroundRun
from workforce.tests.factories import CourseFactory, TrainingRecordFactory
from workforce.tests.test_import import good_bytes as staff_bytes
from workforce.training import TrainingRecord
from workforce.views.training_import import SESSION_KEY, UPLOAD_DIR

SAMPLE = Path(__file__).parent / "fixtures" / "training_completions.csv"
UPLOAD_URL = reverse("training:import")
CONFIRM_URL = reverse("training:import_confirm")
HEADER = "Assignment Number,Course,Completion Date,Note"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    """The staff of staff_export.csv and the courses the completions name (as the sample's README says)."""
    importing.import_staff(staff_bytes(), "staff_export.csv")
    return {
        title: CourseFactory(title=title, renewal_months=months)
        for title, months in [
            ("Fire Safety", 12),
            ("Moving and Handling", 36),
            ("Safeguarding Adults Level 2", 36),
            ("Information Governance and Data Security", 12),
        ]
    }


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def good_sample() -> bytes:
    """The sample without rows 8, 9 and 10, the ones its README says must be refused."""
    lines = sample_bytes().decode("utf-8-sig").splitlines()
    return ("\n".join(lines[:7]) + "\n").encode()


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def plan(content: bytes, filename: str = "completions.csv"):
    return completions_import.plan_completions(completions_import.read_completions(content, filename))


def upload(client, content: bytes, name: str = "training_completions.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})


# --- Checking -------------------------------------------------------------------------------------


def test_the_sample_is_refused_naming_rows_8_9_and_10_and_why(world):
    result = plan(sample_bytes())
    assert not result.ok
    assert [(row.row, row.problems) for row in result.bad_rows] == [
        (8, ["31/13/2026 is not a real date (check the day and month)."]),
        (9, ["No one has the staff number 10000099 in Talent Ladder."]),
        (10, ["Repeats row 2 (same person, course and date)."]),
    ]
    assert [(e.row, e.column) for e in result.errors] == [
        (8, "Completion Date"),
        (9, "Assignment Number"),
        (10, "Completion Date"),
    ]


def test_without_those_rows_the_sample_plans_six_records(world):
    result = plan(good_sample())
    assert result.ok and len(result.rows) == 6
    first = result.rows[0]
    assert (first.row, first.name, first.course.title, first.completed_on, first.note) == (
        2, "Ana Silva", "Fire Safety", datetime.date(2026, 1, 12), "Annual update",
    )  # fmt: skip
    # Both date forms of the sample are read.
    assert result.rows[1].completed_on == datetime.date(2026, 1, 12)
    assert result.courses == [
        ("Fire Safety", 3),
        ("Information Governance and Data Security", 1),
        ("Moving and Handling", 1),
        ("Safeguarding Adults Level 2", 1),
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("10000005,Basic Life Support,12/01/2026,", "Course", "Unknown course 'Basic Life Support'"),
        ("10000005,,12/01/2026,", "Course", "The course is missing."),
        ("10000005,Fire Safety,,", "Completion Date", "The completion date is missing."),
        ("10000005,Fire Safety,2999-01-01,", "Completion Date", "1 Jan 2999 is in the future"),
        ("10000005,Fire Safety,yesterday,", "Completion Date", "'yesterday' is not a date"),
        (",Fire Safety,12/01/2026,", "Assignment Number", "The staff number is missing."),
        # Tom Wright left on 31 Aug 2025.
        ("10000006,Fire Safety,12/01/2026,", "Completion Date", "Tom Wright left on 31 Aug 2025"),
        ("10000005,Fire Safety,12/01/2026," + "x" * 501, "Note", "longer than 500 characters"),
    ],
)
def test_a_bad_row_is_refused_with_why(world, row, column, message):
    result = plan(csv_bytes("10000007,Fire Safety,12/01/2026,", row))
    [error] = result.errors
    assert (error.row, error.column) == (3, column) and message in error.message


def test_a_completion_already_recorded_is_refused(world):
    from workforce.models import StaffMember

    ana = StaffMember.objects.get(assignment_number="10000005")
    TrainingRecordFactory(
        staff_member=ana, course=world["Fire Safety"], completed_on=datetime.date(2026, 1, 12)
    )
    result = plan(good_sample())
    [error] = result.errors
    assert error.row == 2
    assert error.message == "Already recorded: Ana Silva completed Fire Safety on 12 Jan 2026."


def test_course_titles_match_whatever_the_capitals_and_spacing(world):
    result = plan(csv_bytes("10000005,  fire   SAFETY ,2026-01-12,"))
    assert result.ok and result.rows[0].course == world["Fire Safety"]


def test_headers_in_other_wordings_and_a_title_above_are_read(world):
    content = b"Register: fire safety day\n\nStaff No,Course Title,Date Completed,Comments,Trainer\n"
    content += b"10000005,Fire Safety,12/01/2026,ok,RT\n"
    result = plan(content)
    assert result.ok and result.ignored_columns == ["Trainer"] and result.rows[0].note == "ok"


def test_an_excel_workbook_with_date_cells_reads_like_the_csv(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Assignment Number", "Course", "Completion Date", "Note"])
    sheet.append([10000005, "Fire Safety", datetime.datetime(2026, 1, 12), "Annual update"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan(buffer.getvalue(), "completions.xlsx")
    assert result.ok and result.rows[0].person.assignment_number == "10000005"
    assert result.rows[0].completed_on == datetime.date(2026, 1, 12)


def test_a_file_without_the_columns_is_refused_as_a_whole(world):
    with pytest.raises(
        completions_import.ImportFileError, match="Required columns are missing: Completion Date"
    ):
        plan(b"Assignment Number,Course\n10000005,Fire Safety\n")
    with pytest.raises(
        completions_import.ImportFileError, match="'Assignment Number', 'Course' and 'Completion"
    ):
        plan(b"a,b\n1,2\n")


def test_planning_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    rows = [f"10000005,Fire Safety,{day:02d}/01/2026," for day in range(1, 29)]
    table = completions_import.read_completions(csv_bytes(*rows), "big.csv")
    with django_assert_num_queries(3):  # the staff named, the courses, the completions already recorded
        assert completions_import.plan_completions(table).ok


def test_applying_saves_every_record_with_history_or_none(world, ld_manager):
    result = completions_import.apply_completions(
        plan(good_sample(), "training_completions.csv"), user=ld_manager
    )
    assert result.saved and result.summary() == "Imported 6 training records from training_completions.csv."
    records = TrainingRecord.objects.all()
    assert records.count() == 6
    assert {r.status for r in records} == {TrainingRecord.Status.COMPLETED}
    fire = records.get(staff_member__assignment_number="10000002")
    assert fire.expires_on == datetime.date(2027, 1, 12) and fire.note == "Trainer attended"
    for record in records:
        [entry] = record.history.all()
        assert entry.history_change_reason == "Imported from training_completions.csv"
        assert entry.history_user == ld_manager


# --- The pages and the background run ------------------------------------------------------------


def test_the_bad_sample_shows_every_bad_row_with_why_and_saves_nothing(client, ld_manager, world):
    client.force_login(ld_manager)
    response = upload(client, sample_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file was not imported" in page and "Nothing was saved" in page
    for number, why in [
        (8, "31/13/2026 is not a real date"),
        (9, "No one has the staff number 10000099"),
        (10, "Repeats row 2 (same person, course and date)."),
    ]:
        row = page.split(f'id="bad-row-{number}"')[1].split("</tr>")[0]
        assert f'<th scope="row">{number}</th>' in row and why in row
    assert 'id="bad-row-2"' not in page and 'type="file"' in page
    assert not TrainingRecord.objects.exists() and SESSION_KEY not in client.session


def test_good_file_preview_then_confirm_imports_six_records_in_a_run(
    client, ld_manager, world, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(ld_manager)
    response = upload(client, good_sample())
    assert response.templates[0].name == "workforce/training/import_preview.html"
    page = response.content.decode()
    assert "6 training records" in page and "Ana Silva" in page and "Nothing has been saved yet" in page
    assert not TrainingRecord.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM_URL)
    run = BackgroundRun.objects.get()
    assert response.url == reverse("runs:detail", args=[run.pk])
    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.DONE and run.kind == "workforce.completions_import"
    assert TrainingRecord.objects.count() == 6
    page = client.get(response.url).content.decode()
    assert "Training completions import" in page and "Imported 6 training records" in page
    assert TrainingRecord.history.first().history_change_reason == "Imported from training_completions.csv"
    assert default_storage.listdir(f"{UPLOAD_DIR}/{ld_manager.pk}/")[1] == []  # the run removed the file


def test_a_completion_recorded_between_preview_and_confirm_fails_the_run_saving_nothing(
    client, ld_manager, world, eager_celery, django_capture_on_commit_callbacks
):
    from workforce.models import StaffMember

    client.force_login(ld_manager)
    upload(client, good_sample())
    rhys = StaffMember.objects.get(assignment_number="10000002")
    TrainingRecordFactory(
        staff_member=rhys, course=world["Fire Safety"], completed_on=datetime.date(2026, 1, 12)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM_URL)
    run = BackgroundRun.objects.get()
    assert run.status == BackgroundRun.Status.FAILED
    assert run.result["problems"]["rows"][0][:3] == [7, "Rhys Thomas", "Completion Date"]
    assert TrainingRecord.objects.count() == 1


def test_cancel_discards_the_upload(client, ld_manager, world):
    client.force_login(ld_manager)
    upload(client, good_sample())
    response = client.post(CONFIRM_URL, {"cancel": "1"})
    assert response.status_code == 302 and response.url == UPLOAD_URL
    assert SESSION_KEY not in client.session and not BackgroundRun.objects.exists()


def test_confirm_without_a_preview_saves_nothing(client, ld_manager, world):
    client.force_login(ld_manager)
    response = client.post(CONFIRM_URL)
    assert response.url == UPLOAD_URL and not BackgroundRun.objects.exists()


def test_a_pdf_is_refused_next_to_the_file_field(client, ld_manager, world):
    client.force_login(ld_manager)
    response = upload(client, b"%PDF-1.4 x", "completions.csv")
    assert "This is a PDF" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("actor", ["manager", "director", "mentor", "action_owner"])
def test_only_ld_managers_import(client, actors, actor, world):
    client.force_login(actors[actor])
    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, good_sample()).status_code == 403
    assert not TrainingRecord.objects.exists()


# 1 session, 2 user, 3 own staff record, 4 role groups: the form has no data to read.
def test_the_upload_page_costs_a_fixed_number_of_queries(client, ld_manager, django_assert_num_queries):
    client.force_login(ld_manager)
    with django_assert_num_queries(4):
        assert client.get(UPLOAD_URL).status_code == 200
