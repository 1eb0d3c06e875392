"""The training matrix in a real browser: an L&D manager narrows it to one home, puts the most
overdue first, reads the cells' words and follows one to the person's training records."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.tests.factories import CourseFactory, TrainingRequirementFactory
from workforce.tests.matrix_data import matrix_world

pytestmark = pytest.mark.e2e


def test_ld_manager_filters_by_unit_and_sorts_by_most_overdue(page, ld_manager, org):
    world = matrix_world(org)
    for n in range(1, 11):  # more columns than fit on the screen: the table scrolls in its box
        TrainingRequirementFactory(course=CourseFactory(title=f"Statutory course {n:02d}"))
    baker = world["people"]["Baker"]
    login(page, "ld")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Training").click()
    nav.get_by_role("link", name="Training matrix", exact=True).click()
    expect(page.get_by_role("heading", name="Training matrix", level=1)).to_be_visible()
    matrix = page.get_by_role("region", name=re.compile("^Training matrix: staff down the side"))
    expect(matrix.get_by_role("columnheader", name="Medication")).to_be_visible()
    expect(matrix.get_by_role("link", name="Ellis, Eve")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Unit (and the teams below it)").select_option(str(org["oak"].pk))
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"org_unit={org['oak'].pk}"))
    expect(matrix.get_by_role("link", name="Ellis, Eve")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile(r"^3 staff members"))).to_be_visible()

    page.get_by_label("Sort by").select_option(label="Most overdue first")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"o=overdue"))
    rows = matrix.locator("tbody tr")
    # Baker has two courses overdue (expired, missing), Clark one (booked), Adams none.
    expect(rows.locator("th a")).to_have_text(["Baker, Ben", "Clark, Cara", "Adams, Amy"])
    expect(rows.nth(0).get_by_role("cell")).to_have_text(
        [re.compile(r"^Expired \d{1,2} \w{3} \d{4}$"), "Not required", "Missing"] + ["Missing"] * 10
    )
    expect(rows.nth(1).get_by_role("cell").first).to_have_text(
        re.compile(r"^Booked for \d{1,2} \w{3} \d{4}$")
    )
    expect(rows.nth(2).get_by_role("cell").first).to_have_text(
        re.compile(r"^Valid until \d{1,2} \w{3} \d{4}$")
    )
    assert_accessible(page)

    # Scrolled sideways, the names stay where they were (sticky first column) and the page itself
    # does not scroll.
    name = rows.nth(0).get_by_role("link", name="Baker, Ben")
    before = name.bounding_box()
    matrix.evaluate("box => box.scrollLeft = box.scrollWidth")
    expect(matrix.get_by_role("columnheader", name="Statutory course 10")).to_be_in_viewport()
    assert name.bounding_box()["x"] == before["x"]
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    matrix.evaluate("box => box.scrollLeft = 0")

    rows.nth(0).get_by_role("link", name="Missing").first.click()
    expect(page).to_have_url(re.compile(rf"/staff/{baker.pk}/#training-heading$"))
    expect(page.get_by_role("heading", name="Ben Baker", level=1)).to_be_visible()
