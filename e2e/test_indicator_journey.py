"""An L&D manager reads training compliance as an SPC chart, captures a baseline (refused once,
next to the field) and sets a target; a director reads the same page, in a real browser."""

import datetime
import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from reports.models import Baseline, Target
from workforce.tests.factories import (
    CourseFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

pytestmark = pytest.mark.e2e
SCREENSHOTS = os.environ.get("SPC_SCREENSHOTS")  # a folder: keep the pages as images to look at


def training(org):
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=fire)
    today = datetime.date.today()
    for n in range(12):
        person = StaffMemberFactory(org_unit=org["oak"], start_date=datetime.date(2020, 1, 1))
        # Renewed about every 13 months, so each lapses for a month a year: compliance moves.
        for year in range(4):
            done = today - datetime.timedelta(days=400 * year + 30 * n)
            TrainingRecordFactory(staff_member=person, course=fire, completed_on=done)


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_ld_manager_reads_the_chart_and_captures_a_baseline(page, ld_manager, director, org):
    training(org)
    login(page, "ld")
    page.get_by_role("link", name="Board reports").click()
    # The first visit works out and stores every indicator's three years (tests wait for them all).
    page.get_by_role("link", name="Measuring success").click(timeout=60_000)
    expect(page.get_by_role("heading", name="Measuring success", level=1)).to_be_visible()
    assert_accessible(page)
    shot(page, "list")

    page.get_by_role("link", name=re.compile("Mandatory training compliance")).click()
    chart = page.locator("svg.xmr-chart")
    expect(chart).to_be_visible()
    expect(page.locator("#spc-reading")).to_contain_text(re.compile("(Common|Special) cause"))
    assert_accessible(page)
    shot(page, "detail")

    # Capture the oldest month as the baseline: first with a date that has not passed yet.
    page.locator("#periods").get_by_role("row").last.get_by_role(
        "link", name=re.compile("Capture as baseline")
    ).click()
    page.get_by_label("Period to").fill("2099-01-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("choose a past date")).to_be_visible()
    assert_accessible(page)
    start = page.get_by_label("Period from").input_value()
    page.get_by_label("Period to").fill(start[:8] + "28")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("Baseline captured"))).to_be_visible()
    assert Baseline.objects.filter(indicator_key="workforce.mandatory_compliance").count() == 1
    expect(page.locator("#baseline")).to_contain_text("Change since")

    page.get_by_role("link", name="Set a target").click()
    page.get_by_label("Target value").fill("120")
    page.get_by_label("To reach by").fill("2027-03-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("cannot be above 100")).to_be_visible()
    page.get_by_label("Target value").fill("90")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#target")).to_contain_text("90% by 31 Mar 2027")
    assert Target.objects.filter(value=90).exists()
    expect(chart.locator("text", has_text="Target 90%")).to_have_count(1)

    page.get_by_role("link", name="Quarterly").click()
    expect(page.get_by_role("heading", name="By quarter")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()  # signed out
    login(page, "director")
    page.goto("/reports/indicators/workforce.mandatory_compliance/")
    expect(page.locator("svg.xmr-chart")).to_be_visible()
    expect(page.get_by_role("link", name="Set a target")).to_have_count(0)
    assert_accessible(page)


def test_figures_still_being_worked_out_fill_in_by_themselves(page, ld_manager, org, settings, monkeypatch):
    """A large trust's figures are left to the background: the page says so (accessibly), and
    polls itself, so that once the refresh has stored them they appear without a reload."""
    from workforce import figure_store

    monkeypatch.setattr(figure_store, "queue_refresh", lambda: None)  # the test is the background
    settings.INDICATOR_INLINE_SECONDS = 0
    training(org)
    login(page, "ld")
    page.goto(reverse("reports:indicator_detail", args=["workforce.mandatory_compliance"]))
    waiting = page.locator("#figures-waiting")
    expect(waiting).to_contain_text("36 figures on this page are still being worked out")
    expect(page.locator("#latest-value")).to_have_text("Being worked out")
    assert_accessible(page)

    figure_store.refresh(["workforce.mandatory_compliance"])
    expect(waiting).to_have_count(0, timeout=20_000)  # the next poll (every 10 s) swaps the figures in
    expect(page.locator("#latest-value")).to_have_text(re.compile(r"^\d+(\.\d)?%$"))
    assert_accessible(page)
