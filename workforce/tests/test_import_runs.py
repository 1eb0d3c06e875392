"""The staff import's confirm step as a background run: through the pages, eager and with a real worker."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from workforce import importing, runs
from workforce.models import StaffMember
from workforce.runs import BackgroundRun
from workforce.tests.factories import OrgUnitFactory, StaffMemberFactory
from workforce.tests.test_import import (  # noqa: F401  (media_root: each test's own upload folder)
    good_bytes,
    media_root,
    pending_files,
    staff,
    upload_file,
)
from workforce.views.staff_import import SESSION_KEY


def confirm(client, capture):
    """POST confirm, running what it enqueues on commit (the eager task) as the real request would."""
    with capture(execute=True):
        response = client.post(reverse("staffimport:confirm"))
    assert response.status_code == 302
    run = BackgroundRun.objects.get()
    assert response.url == reverse("runs:detail", args=[run.pk])
    return run


def test_upload_preview_confirm_then_the_run_page_shows_it_done(
    client, ld_manager, org, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(ld_manager)
    before = StaffMember.objects.count()
    assert upload_file(client, good_bytes()).templates[0].name == "workforce/import/preview.html"
    pending = client.session[SESSION_KEY]

    run = confirm(client, django_capture_on_commit_callbacks)

    # What the run was given: the stored file's name and checks, never its rows.
    assert run.kind == "workforce.staff_import" and run.requested_by == ld_manager
    assert run.input == {key: pending[key] for key in ("name", "filename", "sha256", "fingerprint")}
    assert SESSION_KEY not in client.session
    page = client.get(reverse("runs:detail", args=[run.pk])).content.decode()
    assert "Staff import from an HR export" in page and "staff_export.csv" in page
    assert "Done" in page and "Imported 7 rows: 7 new, 0 updated, 0 unchanged" in page
    assert f'href="{reverse("staff:list")}"' in page and "Go to the staff directory" in page
    assert 'aria-valuenow="100"' in page and "7 of 7 rows" in page
    assert StaffMember.objects.count() == before + 7
    assert staff("10000004").line_manager == staff("10000002")
    assert staff("10000007").start_date == datetime.date(2022, 3, 22)
    record = staff("10000002").history.get()
    assert record.history_user == ld_manager  # no request in a worker, still who asked
    assert record.history_change_reason == "Staff import from staff_export.csv"
    assert pending_files(ld_manager) == []  # the run deleted the upload


def test_a_file_made_invalid_by_the_database_since_the_preview_fails_the_run_listing_every_row(
    client, ld_manager, org, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(ld_manager)
    upload_file(client, good_bytes())
    OrgUnitFactory(name="Elm Court", parent=org["north"])  # now two units are called Elm Court
    expected = [(e.row, e.column) for e in importing.import_staff(good_bytes(), "x.csv", dry_run=True).errors]
    before = StaffMember.objects.count()

    run = confirm(client, django_capture_on_commit_callbacks)

    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.FAILED
    assert run.error == "Checked again before saving, the file now has problems. Nothing was saved."
    rows = run.result["problems"]["rows"]
    assert [(row, column) for row, _person, column, _message, _value in rows] == expected
    assert expected and {column for _row, column in expected} == {"Organisation Unit"}
    page = client.get(reverse("runs:detail", args=[run.pk])).content.decode()
    assert "Failed" in page and "Nothing was saved" in page and 'id="run-problems"' in page
    assert "Grace" in page and "Elm Court" in page  # the person and the value in the file
    assert f'href="{reverse("staffimport:upload")}"' in page
    assert StaffMember.objects.count() == before  # nothing saved
    assert pending_files(ld_manager) == []


def test_changes_since_the_preview_fail_the_run_and_save_nothing(
    client, ld_manager, org, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(ld_manager)
    upload_file(client, good_bytes())
    StaffMemberFactory(assignment_number="10000003", first_name="Joy", last_name="Earlier")  # someone else

    run = confirm(client, django_capture_on_commit_callbacks)

    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.FAILED
    assert run.error.startswith("The staff records changed since your preview")
    assert not StaffMember.objects.filter(assignment_number="10000001").exists()
    assert staff("10000003").last_name == "Earlier"


def test_a_stored_file_gone_fails_the_run_in_words(ld_manager, org):
    run = BackgroundRun.objects.create(
        kind="workforce.staff_import",
        requested_by=ld_manager,
        input={"name": "staff-imports/1/gone.upload", "filename": "a.csv", "sha256": "0", "fingerprint": "0"},
    )
    runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.FAILED
    assert run.error == "The uploaded file is no longer there. Upload it again."


def test_confirming_twice_imports_once(
    client, ld_manager, org, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(ld_manager)
    upload_file(client, good_bytes())
    run = confirm(client, django_capture_on_commit_callbacks)

    # The session no longer names a file: a second confirm (a double click) starts nothing.
    response = client.post(reverse("staffimport:confirm"))
    assert response.status_code == 302 and response.url == reverse("staffimport:upload")
    # And the same run delivered again does nothing.
    assert runs.execute(run.pk) == "already finished"
    assert BackgroundRun.objects.count() == 1
    assert StaffMember.objects.filter(assignment_number__startswith="1000000").count() == 7


def test_the_import_reports_progress_per_chunk_of_rows(
    client, ld_manager, org, eager_celery, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    real_call = runs.Progress.__call__

    def spy(self, done, total, stage=""):
        real_call(self, done, total, stage)
        seen.append(cache.get(runs.progress_key(self.run.pk)))

    monkeypatch.setattr(runs.Progress, "__call__", spy)
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 3)
    client.force_login(ld_manager)
    upload_file(client, good_bytes())

    confirm(client, django_capture_on_commit_callbacks)

    assert [(p["done"], p["total"], p["stage"]) for p in seen] == [
        (0, 7, "Checking"),
        (0, 7, "Saving"),
        (3, 7, "Saving"),
        (6, 7, "Saving"),
        (7, 7, "Saving"),
    ]


@pytest.fixture
def shared_media(tmp_path, settings, monkeypatch):
    """One upload folder for this test and the worker process it starts (which reads MEDIA_ROOT)."""
    folder = tmp_path / "shared-media"
    monkeypatch.setenv("MEDIA_ROOT", str(folder))
    settings.MEDIA_ROOT = folder
    return folder


@pytest.fixture
def role_groups(transactional_db):
    """The role groups come from a data migration, which an earlier transactional test's flush wipes."""
    from django.contrib.auth.models import Group

    from workforce.permissions import Role

    for role in Role:
        Group.objects.get_or_create(name=role)


@pytest.mark.celery_worker
def test_a_real_worker_runs_the_confirmed_import(
    shared_media, celery_worker_process, role_groups, client, org, ld_manager
):
    client.force_login(ld_manager)
    upload_file(client, good_bytes())

    response = client.post(reverse("staffimport:confirm"))  # autocommit: enqueued as the view returns

    run = BackgroundRun.objects.get()
    assert response.url == reverse("runs:detail", args=[run.pk])
    deadline = time.monotonic() + 60
    while True:
        poll = client.get(response.url, headers={"HX-Request": "true"})
        if poll.status_code == 286:
            break
        assert poll.status_code == 200
        assert time.monotonic() < deadline, f"the run did not finish within 60 s: {poll.content.decode()}"
        time.sleep(0.3)
    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.DONE, run.error
    assert "Imported 7 rows" in poll.content.decode()
    assert staff("10000002").history.get().history_user == ld_manager
    assert pending_files(ld_manager) == []
