"""Training compliance in a real browser: the organisation's figure on My work, the compliance
summary with its drill-down and staff group view, a manager's own unit, a person's requirements."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.tests.compliance_data import compliance_data

pytestmark = pytest.mark.e2e


@pytest.fixture
def data(org):
    return compliance_data(org)


def test_ld_manager_reads_the_organisations_compliance_and_drills_down(page, ld_manager, data):
    login(page, "ld")
    panel = page.get_by_role("region", name="Mandatory training compliance: the organisation")
    expect(panel).to_contain_text("55.6%")
    expect(panel).to_contain_text("5 of 9 required courses in date")
    headline = page.locator("#headline-expired_training").locator("xpath=..")
    expect(headline).to_contain_text("2")  # B and E: a required course expired or missing
    assert_accessible(page)

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Training").click()
    nav.get_by_role("link", name="Compliance", exact=True).click()
    expect(page.get_by_role("heading", name="Mandatory training compliance", level=1)).to_be_visible()
    expect(page.locator("#overall-figure")).to_contain_text("55.6% (5 of 9)")
    table = page.get_by_role("table")
    fire = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Fire safety"))
    expect(fire).to_contain_text("66.7% (2 of 3)")  # North
    expect(fire).to_contain_text("60% (3 of 5)")  # all
    assert_accessible(page)

    table.get_by_role("link", name="North Region", exact=True).click()
    expect(page).to_have_url(re.compile(r"unit=\d+"))
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("North Region")
    expect(page.get_by_role("columnheader", name="Oak House")).to_be_visible()
    expect(page.get_by_role("columnheader", name="South Region")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("By staff group").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("columnheader", name="Direct care support")).to_be_visible()
    expect(page.get_by_label("Unit (and the teams below it)")).to_have_value(
        str(data["A"].org_unit.parent_id)
    )
    assert_accessible(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Whole organisation").click()
    expect(page.locator("#overall-figure")).to_contain_text("(5 of 9)")


def test_a_manager_sees_their_unit_and_who_needs_attention(page, manager, data):
    login(page, "manager")
    panel = page.get_by_role("region", name="Mandatory training compliance: Oak House")
    expect(panel).to_contain_text("3 of 6 required courses in date")
    expect(panel).to_contain_text("Fire safety: Expired")
    expect(panel).to_contain_text("Fire safety: Expiring")
    expect(panel.get_by_role("link", name="D Person")).to_have_count(0)  # Elm Court's
    assert_accessible(page)

    panel.get_by_role("link", name="Compliance by course for Oak House").click()
    expect(page.locator("#overall-figure")).to_contain_text("50% (3 of 6)")
    expect(page.locator("#id_unit option", has_text="Whole organisation")).to_have_count(0)
    expect(page.locator("#id_unit option", has_text="Elm Court")).to_have_count(0)
    assert_accessible(page)

    page.goto(data["B"].get_absolute_url())
    required = page.get_by_role("region", name="Required training")
    expect(required.get_by_role("row").filter(has_text="Medication")).to_contain_text("Missing")
    expect(required.get_by_role("row").filter(has_text="Fire safety")).to_contain_text("Expired")
    expect(required.get_by_role("row").filter(has_text="Fire safety")).to_contain_text("Care assistant")
    assert_accessible(page)
