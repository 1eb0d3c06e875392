"""An L&D manager schedules the training compliance report for the director (refused once, next
to the field), pauses it and deletes it; a Home Manager switches their weekly digest off from the
user menu. In a real browser, with axe on every page."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from reports.schedule_models import ReportSchedule
from workforce.reminders import ReminderSettings

pytestmark = pytest.mark.e2e


def test_ld_manager_schedules_a_monthly_report_pauses_and_deletes_it(page, ld_manager, director, manager):
    login(page, "ld")
    page.get_by_role("link", name="Board reports").click()
    page.get_by_role("link", name="Report schedules").click()
    expect(page.get_by_role("heading", name="Report schedules", level=1)).to_be_visible()
    expect(page.get_by_text("No report is scheduled yet.")).to_be_visible()
    assert_accessible(page)

    page.locator("#schedule-kinds").get_by_role("link", name="Training compliance report").click()
    expect(page.get_by_role("heading", name="Schedule: Training compliance report")).to_be_visible()
    # Who may download board reports is offered; a Home Manager is not.
    expect(page.get_by_label(f"{director.get_full_name()} ({director.email})")).to_be_visible()
    expect(page.get_by_text(manager.email)).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Title").fill("Weekly compliance for the director")
    page.get_by_label("Frequency").select_option(label="Weekly, on a day of the week")
    page.get_by_label(f"{director.get_full_name()} ({director.email})").check()
    page.get_by_role("button", name="Save the schedule").click()
    # No weekday: told next to the field, with what was typed kept.
    expect(page.get_by_text("Choose the day of the week it is sent on.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Weekly compliance for the director")
    assert_accessible(page)
    assert not ReportSchedule.objects.exists()

    page.get_by_label("Day of the week").select_option(label="Monday")
    page.get_by_label("Report period").select_option(label="The previous week (Monday to Sunday)")
    page.get_by_role("button", name="Save the schedule").click()
    expect(page.get_by_role("heading", name="Report schedules", level=1)).to_be_visible()
    rows = page.locator("#schedule-list").get_by_role("row")
    row = rows.filter(has_text="Weekly compliance for the director")
    expect(row).to_contain_text("Every Monday at 07:00")
    expect(row).to_contain_text(director.get_full_name())
    expect(row).to_contain_text("Organisation unit: The whole organisation")
    assert_accessible(page)

    row.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("is paused")).to_be_visible()
    expect(row).to_contain_text("Paused")
    assert ReportSchedule.objects.get().is_paused

    row.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete the schedule")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete the schedule").click()
    expect(page.get_by_text("No report is scheduled yet.")).to_be_visible()
    assert not ReportSchedule.objects.exists()


def test_a_manager_switches_their_weekly_digest_off_from_the_user_menu(page, manager):
    login(page, "manager")
    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Show navigation")
    if toggler.is_visible():
        toggler.click()
    nav.locator(".user-menu-toggle").click()
    nav.get_by_role("link", name="Email reminders").click()
    expect(page.get_by_role("heading", name="Email reminders")).to_be_visible()
    box = page.get_by_label("Send me a weekly email of what needs my attention")
    expect(box).to_be_checked()
    assert_accessible(page)
    box.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Weekly reminder emails are off.")).to_be_visible()
    expect(page.get_by_label("Send me a weekly email of what needs my attention")).not_to_be_checked()
    assert_accessible(page)
    assert ReminderSettings.objects.get(user=manager).weekly_digest is False
