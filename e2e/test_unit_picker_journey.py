"""The staff directory's unit picker: an L&D manager finds a unit by name, chooses it, and the list
shows that unit's staff (axe on the page with the search results and after the choice)."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.e2e


def test_ld_manager_filters_the_directory_by_a_unit_found_by_name(page, ld_manager, org):
    StaffMemberFactory(first_name="Oakley", last_name="Carer", org_unit=org["oak"])
    StaffMemberFactory(first_name="Elmer", last_name="Carer", org_unit=org["elm"])
    login(page, "ld")
    page.goto("/staff/")
    unit = page.get_by_label("Unit (and the teams below it)")
    expect(unit.locator("option")).to_have_count(1)  # "All units": not every unit

    page.get_by_label("Find a unit by name").fill("oak")
    choose = page.get_by_role("button", name="Choose Oak House (North Region)")
    expect(choose).to_be_visible()
    assert_accessible(page)
    choose.click()

    expect(page).to_have_url(re.compile(rf"org_unit={org['oak'].pk}"))
    results = page.locator("#staff-results")
    expect(results.get_by_text("Carer, Oakley")).to_be_visible()
    expect(results.get_by_text("Carer, Elmer")).to_have_count(0)
    expect(unit).to_have_value(str(org["oak"].pk))
    expect(page.get_by_text("Oak House chosen.")).to_be_visible()
    assert_accessible(page)
