"""Succession in a real browser: the L&D manager reads the roles at risk and where, filters by a
region, downloads the plan and opens the talent grid with names; a director sees the grid's
counts only; a manager starts from their own home. Axe on every page."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from pathways.conftest import candidate, enrolment, ladder  # noqa: F401 (the pathways fixtures)
from pathways.models import Enrolment, Readiness, Review
from pathways.tests.factories import EnrolmentFactory, ReviewFactory
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def story(enrolment, ladder, org, actors):  # noqa: F811 (fixtures imported above)
    """Priya (Oak) ready within a year for Link Trainer, judged high/high; Sam Okoro, a Link
    Trainer of Elm Court, ready now for Regional Training Officer, judged high/moderate."""
    Enrolment.objects.filter(pk=enrolment.pk).update(readiness=Readiness.WITHIN_1_YEAR)
    ReviewFactory(enrolment=enrolment, held_on=datetime.date(2026, 6, 1), performance=3, potential=3)
    sam = StaffMemberFactory(
        first_name="Sam", last_name="Okoro", org_unit=org["elm"], job_role=ladder["roles"]["link_trainer"]
    )
    okoro = EnrolmentFactory(
        staff_member=sam,
        target_stage=ladder["stages"][2],
        status=Enrolment.Status.READY,
        readiness=Readiness.READY_NOW,
    )
    ReviewFactory(enrolment=okoro, performance=Review.Rating.HIGH, potential=Review.Rating.MODERATE)


def test_ld_manager_reads_succession_filters_downloads_and_opens_the_grid(page, ld_manager, story):
    login(page, "ld")
    page.goto("/pathways/succession/")
    expect(page.get_by_role("heading", name="Succession", level=1)).to_be_visible()
    summary = page.locator("#risk-summary")
    # North has an RTO in post and no one ready; South has Sam ready now.
    expect(summary).to_contain_text("Regional Training Officer: no one ready within a year in North Region")
    rto = page.get_by_role("region", name="Regional Training Officer")
    where = rto.get_by_role("table", name="Regional Training Officer: where")
    expect(where.get_by_role("row").filter(has_text="North Region")).to_contain_text("No ready successor")
    expect(rto.get_by_role("row").filter(has_text="Ready now")).to_contain_text("Sam Okoro")
    assert_accessible(page)

    page.get_by_label("Region or unit (and the units below it)").select_option(label="South Region")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("South Region and the units below it")).to_be_visible()
    link = page.get_by_role("region", name="Link Trainer")
    expect(link).not_to_contain_text("Priya Shah")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("succession-south-region-")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Sam Okoro" in text and "Priya Shah" not in text

    page.get_by_role("link", name="Talent grid").click()
    expect(page.get_by_role("heading", name="Talent grid", level=1)).to_be_visible()
    grid = page.get_by_role("table")
    high = grid.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Moderate potential"))
    expect(high).to_contain_text("Sam Okoro")
    expect(page.locator("#not-placed")).to_contain_text("Not yet placed: 0 of 1 person")
    assert_accessible(page)


def test_a_director_sees_the_grid_without_names(page, director, story):
    login(page, "director")
    page.goto("/pathways/succession/talent-grid/")
    top = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="High potential"))
    expect(top).to_contain_text("1")
    expect(page.locator("#talent-grid")).not_to_contain_text("Priya")
    expect(page.get_by_text("Counts only")).to_be_visible()
    assert_accessible(page)


def test_a_manager_starts_from_their_own_home(page, manager, story):
    login(page, "manager")
    page.goto("/pathways/succession/")
    expect(page.get_by_text("Oak House and the units below it")).to_be_visible()
    expect(page.locator("#id_unit option", has_text="Whole organisation")).to_have_count(0)
    expect(page.get_by_role("region", name="Link Trainer")).to_contain_text("Priya Shah")
    expect(page.get_by_role("main")).not_to_contain_text("Sam Okoro")
    assert_accessible(page)


def test_show_all_names_every_candidate_of_a_readiness(page, ld_manager, story, ladder, org, monkeypatch):  # noqa: F811
    """A readiness names its first few (CANDIDATES_SHOWN, lowered here) with the whole count;
    "show all" puts every name into the cell with htmx and takes the keyboard focus to the first
    one added; without JavaScript the same link opens the page with them."""
    from pathways import succession

    monkeypatch.setattr(succession, "CANDIDATES_SHOWN", 1)
    for first, last in [("Ada", "Abbott"), ("Ben", "Bryce")]:
        person = StaffMemberFactory(
            first_name=first, last_name=last, org_unit=org["oak"], job_role=ladder["roles"]["home_trainer"]
        )
        EnrolmentFactory(
            staff_member=person, target_stage=ladder["stages"][1], readiness=Readiness.WITHIN_1_YEAR
        )
    login(page, "ld")
    page.goto("/pathways/succession/")
    link = page.get_by_role("region", name="Link Trainer")
    row = link.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ready within 1 year"))
    expect(row).to_contain_text("Ada Abbott")
    expect(row).to_contain_text("and 2 more")
    expect(row).not_to_contain_text("Priya Shah")
    assert_accessible(page)

    show_all = row.get_by_role("link", name="show all 3 ready within 1 year for Link Trainer")
    fallback = show_all.get_attribute("href")
    show_all.click()
    expect(row.get_by_role("link", name="Ben Bryce")).to_be_visible()
    expect(row.get_by_role("link", name="Ben Bryce")).to_be_focused()
    expect(row).to_contain_text("Priya Shah")
    expect(row.get_by_role("link", name=re.compile("^show all"))).to_have_count(0)
    assert_accessible(page)

    # Without JavaScript "show all" is a link to the page with that readiness named in full.
    page.goto(f"/pathways/succession/{fallback}")
    row = (
        page.get_by_role("region", name="Link Trainer")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="Ready within 1 year"))
    )
    expect(row.get_by_role("link")).to_have_count(3)
    assert_accessible(page)
