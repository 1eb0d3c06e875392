"""The demo ends with last month's board pack ready to download (reports/pack_demo.py)."""

import io

from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from reports import schedules
from reports.schedule_models import ReportSchedule
from workforce.demo import load_all
from workforce.runs import BackgroundRun


def test_the_demo_ends_with_a_ready_board_pack_a_director_downloads(db, settings, media, client):
    settings.DEMO_BOARD_PACK = True
    core = load_all()

    run = BackgroundRun.objects.get(kind="reports.board_pack")
    assert run.status == BackgroundRun.Status.DONE, run.error
    assert run.requested_by == core.people["ld"].user
    start, end = schedules.report_dates(ReportSchedule.Period.PREVIOUS_MONTH, core.today)
    assert run.input["params"]["start"] == start.isoformat() and run.input["params"]["end"] == end.isoformat()
    assert default_storage.exists(run.output_name)

    client.force_login(core.people["director"].user)
    download = client.get(reverse("reports:download", args=[run.pk]))
    assert download.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) == run.output_pages > 10
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Board pack" in text and "Indicators at a glance" in text and "Compliance by course" in text
    # The demo's schedule is the board pack too.
    assert ReportSchedule.objects.get().kind_key == "board_pack"

    load_all()  # again: the pack is kept, not made twice
    assert BackgroundRun.objects.filter(kind="reports.board_pack").count() == 1
