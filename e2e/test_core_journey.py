"""The core journeys in a real browser: signing in, My work, the staff directory, a profile."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def promoted_carer(org):
    """Someone at Oak House with a promotion in their history and training about to expire."""
    person = StaffMemberFactory(
        first_name="Priya",
        last_name="Shah",
        org_unit=org["oak"],
        job_role=JobRoleFactory(title="Care Assistant", pay_band="2"),
    )
    person.job_role = JobRoleFactory(title="Senior Care Assistant", pay_band="3")
    person.save()
    StaffMemberFactory(first_name="Tomasz", last_name="Nowak", org_unit=org["elm"])
    completed = datetime.date.today() - datetime.timedelta(days=350)
    TrainingRecordFactory(
        staff_member=person,
        course=CourseFactory(title="Moving and handling", renewal_months=12),
        started_on=completed,
        completed_on=completed,
    )
    return person


def test_ld_manager_finds_a_person_and_reads_their_history(page, ld_manager, promoted_carer):
    login(page, "ld")

    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Signed in as .* L&D manager"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_role("heading", name="Staff directory")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name or assignment number").fill("Shah")
    results = page.locator("#staff-results")
    # htmx refreshes only the results: the other person drops out without a page load.
    expect(results.get_by_role("link", name="Nowak, Tomasz")).to_have_count(0)
    results.get_by_role("link", name="Shah, Priya").click()

    expect(page).to_have_url(re.compile(rf"/staff/{promoted_carer.pk}/$"))
    expect(page.get_by_role("heading", name="Priya Shah", level=1)).to_be_visible()
    training = page.get_by_role("region", name="Training records")
    expect(training.get_by_role("cell", name="Moving and handling", exact=True)).to_be_visible()
    history = page.get_by_role("region", name="History")
    expect(history.get_by_role("row").filter(has_text="Senior Care Assistant")).to_contain_text(
        "Care Assistant"
    )
    expect(history.get_by_role("row").filter(has_text="Created")).to_have_count(1)
    assert_accessible(page)


def test_anonymous_visitor_is_sent_to_sign_in_and_a_wrong_password_is_explained(page, ld_manager):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Username").fill("ld")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    expect(page.get_by_label("Username")).to_have_value("ld")
    assert_accessible(page)

    login(page, "ld")
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def test_ld_manager_gives_someone_a_line_manager_found_by_search(page, ld_manager, promoted_carer, org):
    StaffMemberFactory(
        first_name="Samira", last_name="Baker", assignment_number="10000004", org_unit=org["oak"]
    )
    login(page, "ld")
    page.goto(f"/staff/{promoted_carer.pk}/edit/")

    page.get_by_label("Find someone else by name or assignment number").fill("Baker")
    page.get_by_role("button", name=re.compile(r"^Choose Samira Baker \(10000004\)")).click()
    expect(page.get_by_label("Line manager")).to_have_value(
        str(promoted_carer.__class__.objects.get(assignment_number="10000004").pk)
    )
    expect(page.get_by_text("Samira Baker (10000004) chosen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Priya Shah", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Samira Baker")).to_be_visible()
    expect(page.locator("td", has_text="line manager")).to_contain_text("Samira Baker")
