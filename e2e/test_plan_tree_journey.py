"""The L&D manager in a real browser: finds the plan, collapses a priority, filters the tree to
what is off track, edits an action in two tabs (the second save is refused and says what
changed), and moves an action up on the reorder page. Every page passes axe."""

import datetime

import pytest
from playwright.sync_api import expect

from actionplans.tests.plan_data import layout_a_plan
from e2e.helpers import assert_accessible, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def tree(ld_manager):
    tree = layout_a_plan()
    overdue = tree.actions["1.1.1"]
    overdue.due_date = datetime.date.today() - datetime.timedelta(days=7)
    overdue.save()
    return tree


def test_ld_manager_reads_filters_edits_and_reorders_the_plan_tree(page, browser, live_server, tree):
    login(page, "ld")
    page.goto("/action-plans/")
    assert_accessible(page)
    page.get_by_role("link", name=tree.plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tree.plan.title)
    assert_accessible(page)

    # Collapse priority 1 without JavaScript's help: <details>/<summary>.
    commission = page.get_by_role("link", name="Commission a leadership programme")
    expect(commission).to_be_visible()
    page.locator(f"#priority-{tree.p1.pk} > summary").click()
    expect(commission).to_be_hidden()
    page.get_by_role("button", name="Expand all").click()
    expect(commission).to_be_visible()

    # Filter to what is off track: only the overdue action and its parents remain.
    page.get_by_text("Filter the actions").click()
    page.get_by_label("RAG status").select_option("red")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_contain_text("1 matching action")
    expect(page.get_by_role("link", name="Benchmark leadership capacity across partners")).to_be_visible()
    expect(commission).to_have_count(0)
    assert_accessible(page)

    # Two tabs on the same action: the second save is refused and shows what changed.
    edit_url = f"/action-plans/actions/{tree.actions['1.1.1'].pk}/edit/"
    page.goto(edit_url)
    other_tab = page.context.new_page()
    other_tab.goto(edit_url)
    page.get_by_label("Description").fill("Benchmark trainer capacity (first tab)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").filter(has_text="saved")).to_contain_text("Action “1.1.1")
    other_tab.get_by_label("Description").fill("Benchmark trainer capacity (second tab)")
    other_tab.get_by_role("button", name="Save").click()
    expect(other_tab.get_by_text("Not saved: someone else saved this action")).to_be_visible()
    row = other_tab.get_by_role("row", name="Description")
    expect(row).to_contain_text("Benchmark trainer capacity (second tab)")
    expect(row).to_contain_text("Benchmark trainer capacity (first tab)")
    expect(other_tab.get_by_label("Description")).to_have_value("Benchmark trainer capacity (second tab)")
    assert_accessible(other_tab)
    other_tab.close()

    # Reorder: move 1.1.2 up; it becomes 1.1.1.
    page.goto(f"/action-plans/{tree.plan.pk}/reorder/")
    assert_accessible(page)
    page.get_by_role("button", name="Move action 1.1.2 up").click()
    expect(page.get_by_text("Moved up: now numbered 1.1.1.")).to_be_visible()
    expect(page.get_by_role("button", name="Move action 1.1.1 up")).to_be_disabled()


def test_a_big_plan_opens_collapsed_and_loads_a_priority_when_it_is_opened(page, live_server, tree, settings):
    """A plan over PLAN_PAGE_OPEN_UP_TO actions (lowered here, so the sample plan counts as big):
    every priority a heading with its counts, collapsed; opening one loads its actions with htmx,
    a page at a time; without JavaScript the same link asks the plan page for it open."""
    settings.PLAN_PAGE_OPEN_UP_TO = 2
    settings.PLAN_PRIORITY_PAGE_SIZE = 2
    login(page, "ld")
    page.goto(f"/action-plans/{tree.plan.pk}/")
    expect(page.get_by_role("status")).to_contain_text("4 actions. Open a priority to see its actions.")
    p1 = page.locator(f"#priority-{tree.p1.pk}")
    expect(p1.locator(":scope > summary")).to_contain_text("3 actions:")
    expect(p1.locator(":scope > summary")).to_contain_text("1 overdue")
    expect(page.locator("tr[id^=action-]")).to_have_count(0)
    assert_accessible(page)

    # Opening priority 1 loads its first page of actions; "Show the next" adds the rest.
    p1.locator(":scope > summary").click()
    benchmark = page.get_by_role("link", name="Benchmark leadership capacity across partners")
    expect(benchmark).to_be_visible()
    expect(p1.locator("tr[id^=action-]")).to_have_count(2)
    p1.get_by_role("link", name="Show the next actions of priority 1").click()
    expect(p1.locator("tr[id^=action-]")).to_have_count(3)
    expect(p1.get_by_role("link", name="Show the next actions of priority 1")).to_have_count(0)
    assert_accessible(page)

    # Closed and opened again: loaded once, not twice.
    p1.locator(":scope > summary").click()
    p1.locator(":scope > summary").click()
    expect(p1.locator("tr[id^=action-]")).to_have_count(3)

    # Priority 2 through the link a browser without JavaScript follows: the page renders it open.
    page.goto(f"/action-plans/{tree.plan.pk}/?open={tree.p2.pk}")
    expect(page.locator(f"#priority-{tree.p2.pk} tr[id^=action-]")).to_have_count(1)
    expect(page.locator(f"#priority-{tree.p1.pk} tr[id^=action-]")).to_have_count(0)
    assert_accessible(page)
