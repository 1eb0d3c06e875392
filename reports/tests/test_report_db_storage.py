"""A board report rendered and downloaded with FILE_STORAGE=database: the PDF is a row in the
database (every node reaches it), never a file under MEDIA_ROOT (one node's disk)."""

import io

from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from reports.tests.test_report_runs import ask
from workforce.runs import BackgroundRun
from workforce.storage import DatabaseStorage, StoredFile


def test_a_report_is_stored_in_the_database_and_downloaded_from_it(
    client, director, board_plan, settings, tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "workforce.storage.DatabaseStorage"}}
    client.force_login(director)

    ask(client, board_plan, django_capture_on_commit_callbacks)

    run = BackgroundRun.objects.get()
    assert run.status == BackgroundRun.Status.DONE, run.error
    stored = StoredFile.objects.get()
    assert stored.name == run.output_name and stored.size == run.output_size
    assert isinstance(default_storage._wrapped, DatabaseStorage)
    download = client.get(reverse("reports:download", args=[run.pk]))
    content = b"".join(download.streaming_content)
    assert download.status_code == 200 and content == bytes(stored.content)
    assert len(PdfReader(io.BytesIO(content)).pages) == run.output_pages
    assert not settings.MEDIA_ROOT.exists()
