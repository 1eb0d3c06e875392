"""Setting up a programme in a real browser: the L&D manager adds a programme with a new partner,
adds its first intake with the dates in the wrong order (refused beside each field, what was typed
kept), puts them right, then edits the programme; axe on each form and page."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from traineeships.models import Intake, Programme

pytestmark = pytest.mark.e2e


def test_the_ld_manager_sets_up_a_programme_and_its_first_intake(page, ld_manager):
    login(page, "ld")
    page.goto("/traineeships/")
    page.get_by_role("link", name="Add a programme").first.click()
    expect(page.get_by_role("heading", name="Add a programme")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Name").fill("Get into Care")
    page.get_by_label("Kind").select_option(label="Pre-employment placement")
    page.get_by_label("Add partner organisations").fill("Northshire Jobcentre Plus")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Programme “Get into Care” added")
    expect(page.get_by_role("heading", name="Get into Care", level=1)).to_be_visible()
    expect(page.get_by_text("run with Northshire Jobcentre Plus")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an intake").click()
    page.get_by_label("Name").fill("January cohort")
    page.get_by_label("Recruitment opens").fill("2027-01-10")
    page.get_by_label("Recruitment closes").fill("2026-12-01")
    page.get_by_label("Starts").fill("2027-02-01")
    page.get_by_label("Ends").fill("2027-01-01")
    page.get_by_label("Places").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recruitment cannot close before it opens.")).to_be_visible()
    expect(page.get_by_text("The intake cannot end before it starts.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("January cohort")  # nothing typed is lost
    assert not Intake.objects.exists()
    assert_accessible(page)

    page.get_by_label("Recruitment closes").fill("2027-01-20")
    page.get_by_label("Ends").fill("2027-07-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("^January cohort"), level=1)).to_be_visible()
    assert_accessible(page)
    assert Intake.objects.get().places == 8

    page.get_by_role("link", name="Get into Care").first.click()
    page.get_by_role("link", name="Edit the programme").click()
    assert_accessible(page)
    page.get_by_label("Typical length (weeks)").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Programme “Get into Care” saved")
    assert Programme.objects.get().typical_length_weeks == 12
