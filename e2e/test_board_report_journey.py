"""A director asks for the Trust Board progress report in a real browser, waits for it, downloads it."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.helpers import assert_accessible, login
from reports.tests.conftest import PRIORITY_TITLES, board_plan, media  # noqa: F401  (fixtures)
from workforce.runs import BackgroundRun

pytestmark = pytest.mark.e2e


def test_director_asks_for_the_board_report_and_downloads_the_pdf(
    page,
    director,
    board_plan,  # noqa: F811  (the fixture imported above)
    media,  # noqa: F811
    eager_celery,
    tmp_path,
):
    login(page, "director")
    page.get_by_role("link", name="Board reports").click()
    expect(page.get_by_role("heading", name="Board reports", level=1)).to_be_visible()
    expect(page.get_by_text("No report has been asked for yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Trust Board progress report").click()
    expect(page.get_by_role("heading", name="Trust Board progress report", level=1)).to_be_visible()
    # No plan chosen: told next to the field, the dates kept.
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Action plan").select_option(label=board_plan.title)
    page.get_by_role("button", name="Make the report").click()

    # Eager Celery (no Redis): the report is made by the time its page loads.
    expect(page).to_have_url(re.compile(r"/reports/runs/\d+/$"))
    expect(page.get_by_role("heading", name="Trust Board progress report")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The report is ready")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("Trust Board progress report - Workforce Development")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    reader = PdfReader(saved)
    assert len(reader.pages) == BackgroundRun.objects.get().output_pages
    text = " ".join(p.extract_text() for p in reader.pages)
    assert all(title in text for title in PRIORITY_TITLES)

    # The list of reports names it, who asked, and downloads it again.
    page.get_by_role("link", name="Board reports").first.click()
    row = page.locator("#report-run-list").get_by_role("row").filter(has_text="Trust Board progress report")
    expect(row).to_contain_text(director.get_full_name())
    expect(row).to_contain_text("Done")
    assert_accessible(page)
