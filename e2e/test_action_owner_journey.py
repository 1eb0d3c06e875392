"""An action owner in a real browser: finds their overdue action in My actions, marks it red
in place, and sees the plan summary's red count for that priority go up by one."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actionplans.models import Action
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    RiskFactory,
)
from e2e.helpers import assert_accessible, login

pytestmark = pytest.mark.e2e

TODAY = datetime.date.today()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def plan_with_an_overdue_action(action_owner, director):
    """A plan where the owner's overdue action was last reported green by hand, so a red update
    moves it from the green column to the red one."""
    plan = ActionPlanFactory(title="Workforce Development Action Plan 2025-2028")
    leaders = PriorityFactory(plan=plan, number="1", title="Develop our leaders and managers", position=1)
    pathways = PriorityFactory(plan=plan, number="2", title="Career pathways", position=2)
    area = FocusAreaFactory(priority=leaders, number="1.1", title="Leadership programme")
    me = action_owner.staff_member

    overdue = ActionFactory(
        focus_area=area,
        number="1.1.2",
        description="Run the first Link Trainer leadership cohort",
        due_date=days(-14),
        status=Action.Status.IN_PROGRESS,
    )
    overdue.owners.add(me)
    ProgressUpdateFactory(action=overdue, date=days(-30), note="Venue booked", rag="green")
    later = ActionFactory(
        focus_area=FocusAreaFactory(priority=pathways, number="2.1"),
        number="2.1.1",
        description="Agree the Home Trainer to Link Trainer pathway",
        due_date=days(90),
    )
    later.owners.add(me)
    someone_elses = ActionFactory(
        focus_area=area, number="1.1.1", description="Benchmark", due_date=days(-40)
    )
    someone_elses.owners.add(director.staff_member)
    RiskFactory(action=overdue, description="Trainers not released", likelihood=4, impact=4)
    return plan, leaders, overdue


def rag_cell(row):
    """The RAG column of a My actions row (after the plan and due columns)."""
    return row.get_by_role("cell").nth(2)


def red_count(page, priority):
    cell = page.locator(f'#rag-by-priority tr[data-priority="{priority.pk}"] td[data-rag="red"]')
    return int(cell.inner_text().split()[0])  # the count; "N overdue, not started" may follow


def test_owner_marks_an_overdue_action_red_and_the_summary_counts_it(page, plan_with_an_overdue_action):
    plan, leaders, overdue = plan_with_an_overdue_action
    login(page, "owner")

    page.goto(f"/action-plans/{plan.pk}/summary/")
    expect(page.get_by_role("heading", name=f"{plan.title}: summary")).to_be_visible()
    red_before = red_count(page, leaders)
    expect(page.get_by_role("table", name="Open risks by likelihood")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", name="My actions", level=1)).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    first = rows.first
    expect(first).to_contain_text("Run the first Link Trainer leadership cohort")
    expect(first).to_contain_text("Overdue")
    expect(rag_cell(first)).to_contain_text("Green: on track")
    assert_accessible(page)

    # A marker on the window survives only if the update is swapped in place, not reloaded.
    page.evaluate("window.__stillThisPage = true")
    first.get_by_label("Red: off track").check()
    first.get_by_label("Progress to date").fill("Cohort postponed: trainers not released")
    first.get_by_role("button", name="Add update").click()

    row = page.locator(f"#mine-{overdue.pk}")
    expect(row.get_by_role("status")).to_contain_text("Update added")
    expect(row).to_contain_text("Cohort postponed: trainers not released")
    expect(rag_cell(row)).to_contain_text("Red: off track")
    assert page.evaluate("window.__stillThisPage === true")
    assert_accessible(page)

    row.get_by_role("link", name="1.1.2").click()
    expect(page.get_by_role("heading", name="Action 1.1.2", level=1)).to_contain_text("Red: off track")
    expect(page.get_by_role("region", name="Progress")).to_contain_text("Cohort postponed")
    assert_accessible(page)

    page.get_by_role("link", name="Plan summary").click()
    expect(page.get_by_role("heading", name=f"{plan.title}: summary")).to_be_visible()
    assert red_count(page, leaders) == red_before + 1
    overdue_list = page.get_by_role("region", name="Overdue")
    expect(overdue_list).to_contain_text("Run the first Link Trainer leadership cohort")
    assert_accessible(page)


def test_owner_starts_from_home_and_updates_the_overdue_action_there(page, plan_with_an_overdue_action):
    """The owner's day: "My work" lists what they own, the longest-overdue first (not started, so
    it says so beside Red), and they report on it in place without leaving the home page."""
    plan, leaders, overdue = plan_with_an_overdue_action
    area = overdue.focus_area
    not_started = ActionFactory(
        focus_area=area,
        number="1.1.3",
        description="Agree release time for Link Trainers",
        due_date=days(-30),
        status=Action.Status.NOT_STARTED,
    )
    not_started.owners.add(overdue.owners.get())
    login(page, "owner")

    page.goto("/")
    panel = page.get_by_role("region", name="My actions: overdue or due in the next 30 days")
    expect(panel).to_be_visible()
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(2)  # the action due in 90 days is not listed here
    first = rows.first
    expect(first).to_contain_text("Agree release time for Link Trainers")
    expect(rag_cell(first)).to_contain_text("Red: off track")
    expect(rag_cell(first)).to_contain_text("Overdue, not started")
    expect(rows.nth(1)).to_contain_text("Run the first Link Trainer leadership cohort")
    assert_accessible(page)

    page.evaluate("window.__stillThisPage = true")
    first.get_by_label("Amber: at risk").check()
    first.get_by_label("Progress to date").fill("Release agreed with two of five homes")
    first.get_by_role("button", name="Add update").click()

    row = page.locator(f"#mine-{not_started.pk}")
    expect(row.get_by_role("status")).to_contain_text("Update added")
    expect(row).to_contain_text("Release agreed with two of five homes")
    expect(rag_cell(row)).to_contain_text("Amber: at risk")
    expect(rag_cell(row)).to_contain_text("As last reported")
    assert page.evaluate("window.__stillThisPage === true")
    expect(page).to_have_url(re.compile(r"/$"))
    assert_accessible(page)

    panel.get_by_role("link", name="All my actions").click()
    expect(page.get_by_role("heading", name="My actions", level=1)).to_be_visible()
