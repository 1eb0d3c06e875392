"""The L&D manager searches the audit trail: a bad date range is refused beside the field, then a
search by person and date finds their change, and the record opens from the results (axe on each)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.tests.factories import CourseFactory, StaffMemberFactory

pytestmark = pytest.mark.e2e


def test_ld_manager_searches_by_person_and_date_and_opens_a_record(page, ld_manager, manager, org):
    amira = StaffMemberFactory(first_name="Amira", last_name="Khan", org_unit=org["oak"])
    amira.last_name = "Khan-Ali"
    amira._history_user = ld_manager
    amira.save()
    course = CourseFactory(title="Moving and handling")
    course.provider = "Acme Training"
    course._history_user = manager  # someone else's change: not in the L&D manager's results
    course.save()
    today = datetime.date.today()

    login(page, "ld")
    page.get_by_role("button", name="Organisation").click()
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_text("Not searched here: confidential support plans")).to_be_visible()
    assert_accessible(page)

    # The dates the wrong way round: refused beside the "To" field, what was typed kept.
    page.get_by_label("Changed by").fill("Lena Dawes")
    page.get_by_label("From", exact=True).fill(today.isoformat())
    page.get_by_label("To", exact=True).fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#error_1_id_end")).to_have_text("The end date is before the start date.")
    expect(page.get_by_label("Changed by")).to_have_value("Lena Dawes")
    assert_accessible(page)

    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Search").click()
    results = page.locator("#audit-results")
    expect(results.get_by_text("1 change found.")).to_be_visible()
    expect(results.get_by_role("cell", name="Lena Dawes")).to_be_visible()
    expect(results.get_by_text("Moving and handling")).to_have_count(0)
    assert_accessible(page)

    results.get_by_role("link", name="Amira Khan-Ali").click()
    expect(page).to_have_url(re.compile(rf"/staff/{amira.pk}/$"))
    expect(page.get_by_role("heading", name="Amira Khan-Ali")).to_be_visible()
