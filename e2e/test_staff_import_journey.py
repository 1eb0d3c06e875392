"""The staff import in a real browser: upload, check the preview, confirm, follow the run to done."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce import runs
from workforce.models import StaffMember
from workforce.runs import BackgroundRun
from workforce.tests.test_import import good_bytes

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_ld_manager_imports_the_sample_and_follows_the_run_to_done(page, ld_manager, org, eager_celery):
    login(page, "ld")
    page.goto("/staff/import/")
    expect(page.get_by_role("heading", name="Import staff from an HR export")).to_be_visible()

    page.get_by_label("HR export").set_input_files(
        {"name": "staff_export.csv", "mimeType": "text/csv", "buffer": good_bytes()}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import of staff_export.csv")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Confirm and save").click()

    # Eager Celery (no Redis): the run is done by the time the page loads.
    expect(page).to_have_url(re.compile(r"/runs/\d+/$"))
    expect(page.get_by_role("heading", name="Staff import from an HR export")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Imported 7 rows: 7 new")
    expect(page.get_by_role("progressbar", name="Progress")).to_have_attribute("aria-valuenow", "100")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the staff directory").click()
    expect(page.get_by_role("heading", name="Staff directory")).to_be_visible()
    assert StaffMember.objects.filter(assignment_number="10000007").exists()

    # The user menu's "Your background work" lists the run, done, and leads back to it.
    page.goto("/runs/")
    expect(page.get_by_role("heading", name="Your background work")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="staff_export.csv")
    expect(row).to_contain_text("Done")
    assert_accessible(page)
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/runs/\d+/$"))


def test_the_run_page_follows_progress_by_polling_until_done(page, ld_manager):
    """A run still waiting when the page opens: htmx polls, shows progress, then the outcome."""
    run = BackgroundRun.objects.create(
        kind="workforce.staff_import", requested_by=ld_manager, input={"filename": "big.csv"}
    )
    login(page, "ld")
    page.goto(f"/runs/{run.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    assert_accessible(page)

    BackgroundRun.objects.filter(pk=run.pk).update(status=BackgroundRun.Status.RUNNING)
    runs.Progress(run)(1200, 20000, "Saving")
    progress = page.get_by_role("progressbar", name="Progress")
    expect(progress).to_have_attribute("aria-valuenow", "6")
    expect(page.get_by_text("Saving: 1,200 of 20,000 rows")).to_be_visible()
    assert_accessible(page)

    BackgroundRun.objects.filter(pk=run.pk).update(
        status=BackgroundRun.Status.DONE,
        progress_done=20000,
        progress_total=20000,
        result={
            "message": "Imported 20000 rows.",
            "url": "/staff/",
            "link_text": "Go to the staff directory",
        },
    )
    expect(page.get_by_role("status")).to_contain_text("Imported 20000 rows.")
    expect(page.get_by_role("link", name="Go to the staff directory")).to_be_visible()
    assert_accessible(page)
