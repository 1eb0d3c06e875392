"""The database-backed storage (workforce/storage.py), as Django's own storage tests try a storage:
save, open, exists, delete, size, listdir, name clashes and unsafe names; then a run's output
saved through one database connection and read through another, as a worker and a web node do.
Runs on SQLite by default and on PostgreSQL when DATABASE_URL says so (CI)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from workforce import runs
from workforce.storage import DatabaseStorage, StoredFile

DATABASE = "workforce.storage.DatabaseStorage"


@pytest.fixture
def storage(db):
    return DatabaseStorage()


@pytest.fixture
def database_default_storage(settings, tmp_path):
    """default_storage is the database storage; MEDIA_ROOT is a folder that must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": DATABASE}}
    return settings.MEDIA_ROOT


def test_save_open_exists_size_delete(storage):
    name = storage.save("runs/7/output.pdf", ContentFile(b"%PDF-1.7 bytes"))

    assert name == "runs/7/output.pdf"
    assert storage.exists(name) and not storage.exists("runs/7/other.pdf")
    assert storage.size(name) == len(b"%PDF-1.7 bytes")
    with storage.open(name) as handle:
        assert handle.read() == b"%PDF-1.7 bytes"
    storage.delete(name)
    assert not storage.exists(name)
    assert StoredFile.objects.count() == 0
    storage.delete(name)  # deleting what is not there is no error, as on disk


def test_a_taken_name_gets_another_and_both_files_stay(storage):
    first = storage.save("uploads/plan.xlsx", ContentFile(b"one"))
    second = storage.save("uploads/plan.xlsx", ContentFile(b"two"))

    assert first == "uploads/plan.xlsx"
    assert second != first and second.startswith("uploads/plan_") and second.endswith(".xlsx")
    assert storage.open(first).read() == b"one"
    assert storage.open(second).read() == b"two"


def test_listdir_gives_the_folders_and_files_directly_inside(storage):
    for name in ["runs/1/output.pdf", "runs/2/output.pdf", "runs/readme.txt", "imports/5/a.upload"]:
        storage.save(name, ContentFile(b"x"))

    assert storage.listdir("runs") == (["1", "2"], ["readme.txt"])
    assert storage.listdir("runs/") == (["1", "2"], ["readme.txt"])
    assert storage.listdir("runs/1/") == ([], ["output.pdf"])
    assert storage.listdir("") == (["imports", "runs"], [])
    assert storage.listdir("nothing/here") == ([], [])
    # "runs" does not list "runs-old/...": the prefix is a whole folder name.
    storage.save("runs-old/x.pdf", ContentFile(b"x"))
    assert storage.listdir("runs")[0] == ["1", "2"]


def test_missing_files_raise_file_not_found_as_on_disk(storage):
    with pytest.raises(FileNotFoundError):
        storage.open("runs/404/output.pdf")
    with pytest.raises(FileNotFoundError):
        storage.size("runs/404/output.pdf")
    with pytest.raises(FileNotFoundError):
        storage.get_modified_time("runs/404/output.pdf")


def test_times_are_aware_and_in_order(storage):
    name = storage.save("a.txt", ContentFile(b"a"))
    created, modified = storage.get_created_time(name), storage.get_modified_time(name)
    assert created.tzinfo is not None and created <= modified
    assert abs(modified - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


def test_names_that_climb_out_are_refused_and_nothing_is_saved(storage):
    for name in ["../etc/passwd", "runs/../../x", "/abs/path"]:
        with pytest.raises(SuspiciousFileOperation):
            storage.save(name, ContentFile(b"x"))
    assert StoredFile.objects.count() == 0


def test_no_url_no_path_no_writing_through_open(storage):
    """Files are served only by views that check permission, and written only by save()."""
    name = storage.save("evidence/1/cert.pdf", ContentFile(b"%PDF"))
    with pytest.raises(NotImplementedError):
        storage.url(name)
    with pytest.raises(NotImplementedError):
        storage.path(name)
    with pytest.raises(ValueError, match="reading only"):
        storage.open(name, "wb")


def test_text_and_a_django_file_are_saved_as_bytes(storage, tmp_path):
    text = storage.save("notes.txt", ContentFile("Caf\u00e9 notes"))
    assert storage.open(text).read() == "Caf\u00e9 notes".encode()
    source = tmp_path / "upload.bin"
    source.write_bytes(bytes(range(256)) * 100)
    from django.core.files import File

    with source.open("rb") as handle:
        binary = storage.save("upload.bin", File(handle))
    assert storage.open(binary).read() == source.read_bytes()
    assert storage.size(binary) == 25_600


@pytest.mark.django_db(transaction=True)
def test_a_run_output_saved_on_one_connection_is_read_on_another(database_default_storage):
    """The worker stores a run's PDF; a web node (another connection: another thread here) opens
    it. Nothing is written under MEDIA_ROOT."""
    from workforce.tests.factories import UserFactory

    user = UserFactory()
    run = runs.BackgroundRun.objects.create(kind="reports.board_pack", requested_by=user)
    pdf = b"%PDF-1.7\n" + os.urandom(200_000) + b"\n%%EOF"
    name = runs.store_output(run, pdf, filename="Board pack.pdf", content_type="application/pdf", pages=3)
    runs.store_output(run, pdf, filename="Board pack.pdf", content_type="application/pdf", pages=3)  # a retry

    seen = {}

    def web_node():
        try:
            stored = runs.BackgroundRun.objects.get(pk=run.pk)
            with default_storage.open(stored.output_name, "rb") as handle:
                seen["bytes"] = handle.read()
            seen["listing"] = default_storage.listdir(f"runs/{run.pk}")
            seen["connection"] = id(connection.connection)
        finally:
            connection.close()

    thread = threading.Thread(target=web_node)
    thread.start()
    thread.join(timeout=30)

    assert name == f"runs/{run.pk}/output.pdf"
    assert seen["bytes"] == pdf
    assert seen["listing"] == ([], ["output.pdf"])  # the retry replaced the file, not added one
    assert seen["connection"] != id(connection.connection)
    media = database_default_storage
    assert not media.exists() or not any(media.rglob("*"))


@pytest.mark.parametrize(
    ("value", "backend"),
    [("", "django.core.files.storage.FileSystemStorage"), ("database", DATABASE), ("Database ", DATABASE)],
)
def test_file_storage_setting_picks_the_storage(value, backend):
    found = _settings_in_subprocess({"FILE_STORAGE": value}, "print(settings.STORAGES['default']['BACKEND'])")
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == backend


def test_an_unknown_file_storage_is_refused_in_words():
    found = _settings_in_subprocess({"FILE_STORAGE": "nfs"}, "print(settings.STORAGES)")
    assert found.returncode != 0
    assert "FILE_STORAGE must be one of local, database, not 'nfs'" in found.stderr


def _settings_in_subprocess(env: dict, code: str) -> subprocess.CompletedProcess:
    """Settings are read once per process: a fresh one reads the variable as a deployment would."""
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "workforce.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_abandoned_uploads_are_found_by_age_in_the_database(db, database_default_storage):
    """The sweep of previews never confirmed (workforce/pending_uploads.py) lists a user's folder
    and reads each file's time: both work on stored rows as on disk."""
    from workforce.pending_uploads import ABANDONED_AFTER, PendingUploads
    from workforce.tests.factories import UserFactory

    user, other = UserFactory(), UserFactory()
    uploads = PendingUploads("pending_test", "imports/pending")
    old = default_storage.save(f"imports/pending/{user.pk}/old.upload", ContentFile(b"old"))
    fresh = default_storage.save(f"imports/pending/{user.pk}/fresh.upload", ContentFile(b"fresh"))
    someone_elses = default_storage.save(f"imports/pending/{other.pk}/old.upload", ContentFile(b"theirs"))
    long_ago = StoredFile.objects.get(name=old).modified_at - ABANDONED_AFTER * 2
    StoredFile.objects.filter(name__in=[old, someone_elses]).update(modified_at=long_ago)

    uploads.remove_abandoned(user)

    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(someone_elses)
