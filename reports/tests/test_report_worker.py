"""A report asked for through the web page, made by a real Celery worker on Redis, downloaded."""

import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.tests.conftest import PRIORITY_TITLES
from workforce.runs import BackgroundRun


@pytest.fixture
def shared_media(tmp_path, settings, monkeypatch):
    """One media folder for this test and the worker process it starts (which reads MEDIA_ROOT)."""
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


def wait_until_made(client, url: str) -> str:
    """Poll the run's page as htmx does until it stops polling (286); its last answer."""
    deadline = time.monotonic() + 90
    while True:
        poll = client.get(url, headers={"HX-Request": "true"})
        if poll.status_code == 286:
            return poll.content.decode()
        assert poll.status_code == 200
        assert time.monotonic() < deadline, f"the report was not made within 90 s: {poll.content.decode()}"
        time.sleep(0.3)


def downloaded(client, run) -> tuple[PdfReader, str]:
    download = client.get(reverse("reports:download", args=[run.pk]))
    assert download.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) == run.output_pages
    return reader, " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.celery_worker
def test_a_real_worker_makes_the_board_report_and_the_board_pack_asked_for_on_the_page(
    shared_media, celery_worker_process, role_groups, client, director, board_plan
):
    today = timezone.localdate()
    client.force_login(director)
    response = client.post(
        reverse("reports:request", args=["board_progress"]),
        {
            "plan": board_plan.pk,
            "period_start": today.replace(day=1).isoformat(),
            "period_end": today.isoformat(),
        },
    )  # autocommit: enqueued as the view returns

    run = BackgroundRun.objects.get()
    assert response.url == reverse("reports:run", args=[run.pk])
    status = wait_until_made(client, response.url)
    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.DONE, run.error
    assert "Download the PDF" in status
    _, text = downloaded(client, run)
    assert all(title in text for title in PRIORITY_TITLES)
    assert (shared_media / run.output_name).exists()

    # The board pack: every part in one PDF, made by the same worker from the same page.
    response = client.post(
        reverse("reports:request", args=["board_pack"]),
        {
            "plans": [board_plan.pk],
            "period_start": today.replace(day=1).isoformat(),
            "period_end": today.isoformat(),
            "indicators": ["workforce.turnover", "workforce.starters"],
        },
    )
    pack = BackgroundRun.objects.get(kind="reports.board_pack")
    assert response.url == reverse("reports:run", args=[pack.pk])
    status = wait_until_made(client, response.url)
    pack.refresh_from_db()
    assert pack.status == BackgroundRun.Status.DONE, pack.error
    assert f"The report is ready: {pack.output_pages} pages." in status
    reader, text = downloaded(client, pack)
    assert reader.metadata.title.startswith("Board pack")
    assert all(title in text for title in PRIORITY_TITLES)
    assert "People who started in the period" in text and "Indicators at a glance" in text
    assert f"Page {pack.output_pages} of {pack.output_pages}" in text
    assert (shared_media / pack.output_name).exists()
