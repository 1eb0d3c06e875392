"""A director asks for the board pack in a real browser (headless Chromium, axe on each page),
is told next to the field when no indicator is chosen, sees it ready and downloads it."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.helpers import assert_accessible, login
from reports.tests.conftest import PRIORITY_TITLES, board_plan, media  # noqa: F401  (fixtures)
from workforce import indicators
from workforce.runs import BackgroundRun

pytestmark = pytest.mark.e2e


def test_director_asks_for_the_board_pack_and_downloads_it(
    page,
    director,
    board_plan,  # noqa: F811  (the fixture imported above)
    media,  # noqa: F811
    eager_celery,
    tmp_path,
):
    login(page, "director")
    page.get_by_role("link", name="Board reports").click()
    page.get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("heading", name="Board pack", level=1)).to_be_visible()
    # The headline indicators are ticked to begin with; headcount (context) is not.
    for indicator in indicators.all_indicators():
        box = page.get_by_role("checkbox", name=indicator.label, exact=True)
        expect(box).to_be_checked(checked=indicator.headline)
    assert_accessible(page)

    # Nothing ticked: told next to the field, the rest kept.
    for key in indicators.headline_keys():
        page.get_by_role("checkbox", name=indicators.get(key).label, exact=True).uncheck()
    page.get_by_role("checkbox", name=board_plan.title).check()
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_text("Choose at least one indicator.")).to_be_visible()
    expect(page.get_by_role("checkbox", name=board_plan.title)).to_be_checked()
    assert_accessible(page)

    turnover, starters = indicators.get("workforce.turnover"), indicators.get("workforce.starters")
    page.get_by_role("checkbox", name=turnover.label, exact=True).check()
    page.get_by_role("checkbox", name=starters.label, exact=True).check()
    # Eager Celery renders the pack inside this request (a worker would, on a server): give it time.
    page.get_by_role("button", name="Make the report").click(timeout=120_000)

    # So the pack is made by the time its page loads.
    expect(page).to_have_url(re.compile(r"/reports/runs/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("The report is ready")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("Board pack - ")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    reader = PdfReader(saved)
    assert len(reader.pages) == BackgroundRun.objects.get().output_pages
    text = " ".join(p.extract_text() for p in reader.pages)
    assert all(title in text for title in PRIORITY_TITLES)
    assert turnover.label in text and starters.label in text
    assert indicators.get("workforce.stability").label not in text  # not chosen

    # The list of reports names it and who asked.
    page.get_by_role("link", name="Board reports").first.click()
    row = page.locator("#report-run-list").get_by_role("row").filter(has_text="Board pack")
    expect(row).to_contain_text(director.get_full_name())
    expect(row).to_contain_text("Done")
    assert_accessible(page)
