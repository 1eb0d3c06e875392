"""A headline figure on My work leads to the list of the same people, in a real browser."""

import datetime

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def expired_training(org):
    """Two carers in post who must hold two courses; one let both expire: one person, not two
    records. The other holds both in date."""
    long_ago = datetime.date.today() - datetime.timedelta(days=800)
    recently = datetime.date.today() - datetime.timedelta(days=30)
    carer = JobRoleFactory(title="Care Assistant")
    lapsed = StaffMemberFactory(first_name="Priya", last_name="Shah", org_unit=org["oak"], job_role=carer)
    in_date = StaffMemberFactory(first_name="Tomasz", last_name="Nowak", org_unit=org["elm"], job_role=carer)
    for title in ("Fire safety", "Moving and handling"):
        course = CourseFactory(title=title, renewal_months=12)
        TrainingRequirementFactory(course=course, job_role=carer)
        TrainingRecordFactory(staff_member=lapsed, course=course, started_on=long_ago, completed_on=long_ago)
        TrainingRecordFactory(staff_member=in_date, course=course, started_on=recently, completed_on=recently)
    return lapsed


def test_the_expired_training_headline_opens_the_people_behind_it(page, ld_manager, expired_training):
    login(page, "ld")
    headline = page.get_by_role("link", name="People in post with required training expired or missing")
    expect(headline).to_be_visible()
    assert_accessible(page)

    headline.click()
    expect(page.get_by_role("heading", name="Staff directory")).to_be_visible()
    results = page.locator("#staff-results")
    expect(results.get_by_role("heading", name="1 staff member")).to_be_visible()
    expect(results.get_by_role("link", name="Shah, Priya")).to_be_visible()
    expect(page.get_by_label("Training")).to_have_value("expired")
    assert_accessible(page)


def test_the_in_post_headline_matches_its_list(page, ld_manager, expired_training):
    login(page, "ld")
    count = page.locator("#headline-in_post").locator("xpath=..").locator(".display-6").inner_text()
    page.get_by_role("link", name="People in post", exact=True).click()
    expect(page.locator("#staff-results").get_by_role("heading", level=2)).to_have_text(
        f"{count} staff members"
    )
