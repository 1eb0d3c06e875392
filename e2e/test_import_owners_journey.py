"""Initials are proposed, never imposed: an L&D manager imports a plan, confirms one proposal,
picks a person for another name, leaves a third as text, and the action pages show exactly those
owners; the names confirmed are remembered on a page of their own."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from actionplans.models import ActionPlan
from e2e.helpers import assert_accessible, login
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.e2e

SAMPLE = (
    Path(__file__).resolve().parent.parent
    / "actionplans"
    / "tests"
    / "fixtures"
    / "action_plan_layout_a.xlsx"
)


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_ld_manager_confirms_two_names_leaves_one_as_text(page, ld_manager, org):
    StaffMemberFactory(first_name="Priya", last_name="Kaur", org_unit=org["oak"])  # "PK", by initials
    StaffMemberFactory(first_name="James", last_name="Moss", org_unit=org["oak"])  # "JM", by initials
    StaffMemberFactory(first_name="Rachel", last_name="Okafor", org_unit=org["oak"])  # "RT" is her
    login(page, "ld")
    page.goto("/action-plans/import/")
    page.get_by_label("Plan file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", name="Who is responsible (4 names)")).to_be_visible()
    assert_accessible(page)
    rows = {key: page.locator(f'tr[data-token="{key}"]') for key in ("PK", "RT", "JM", "SB")}
    # Proposals are offered, not chosen: every name starts as text.
    for row in rows.values():
        expect(row.get_by_label("Leave as text")).to_be_checked()
    expect(rows["JM"]).to_contain_text("James Moss")

    rows["PK"].get_by_label("Confirm Priya Kaur (matched by initials)").check()
    rows["RT"].get_by_label(re.compile("^Find someone")).fill("Okafor")
    rows["RT"].get_by_role("button", name=re.compile(r"^Choose Rachel Okafor")).click()
    expect(rows["RT"].get_by_label("Pick a person")).to_be_checked()  # picking ticks "Pick"
    # JM stays "Leave as text" although James Moss is proposed; SB matches nobody.
    page.get_by_role("button", name="Save this plan").click()

    plan = ActionPlan.objects.get()
    expect(page).to_have_url(re.compile(rf"/action-plans/{plan.pk}/$"))
    expect(page.get_by_text("Kept as written text, with no owner: JM, SB.")).to_be_visible()
    expected = {
        "1.1.1": "Priya Kaur, Rachel Okafor",  # PK and PK/RT
        "1.1.2": "Rachel Okafor",  # RT
        "1.2.1": "None named",  # JM, left as text
        "2.1.1": "Priya Kaur",  # PK
        "3.1.1": "None named",  # JM/SB
    }
    for number, owners in expected.items():
        action = plan.actions.get(number=number)
        page.goto(action.get_absolute_url())
        owners_cell = page.locator("dt", has_text="Owners").locator("xpath=following-sibling::dd[1]")
        expect(owners_cell).to_have_text(owners)
    expect(page.get_by_text("Responsibility: JM/SB")).to_be_visible()  # the text kept as written

    page.goto("/action-plans/import/names/")
    expect(page.get_by_role("heading", name="Remembered responsibility names")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the header, PK and RT
    expect(table).to_contain_text("Priya Kaur")
    expect(table).to_contain_text("Rachel Okafor")
    assert_accessible(page)

    table.get_by_role("link", name="Change “PK”").click()
    expect(page.get_by_role("heading", name="Change “PK”")).to_be_visible()
    assert_accessible(page)
