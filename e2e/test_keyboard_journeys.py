"""Keyboard only: the main forms work without a mouse, as for someone who cannot use one.

Every step is a key press (Tab, Shift+Tab, arrows, Space, Enter, typing): no click, no `fill`, no
`check`. `tab_to` presses Tab until the focus reaches the control a person would be looking for,
and fails if it never does within a page's worth of stops (a control the keyboard cannot reach)."""

import pytest
from playwright.sync_api import expect

from actionplans.models import ProgressUpdate
from e2e.helpers import assert_accessible
from e2e.test_action_owner_journey import plan_with_an_overdue_action  # noqa: F401  (fixture)
from workforce.tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

MAX_TAB_STOPS = 150
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return [el.tagName, el.type || "", label || el.getAttribute("aria-label") || el.innerText || el.value || ""]
    .join("|").replace(/\\s+/g, " ").trim();
}"""


def tab_to(page, text: str, tag: str = "") -> str:
    """Press Tab until the focused control's label (or text) contains `text`; return its description."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if text in focused and focused.startswith(tag):
            # Where the focus is, it can be seen: a person using the keyboard must see it.
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
            )
            assert outline, f"no visible focus on {focused}"
            return focused
    pytest.fail(f"the keyboard never reached {text!r} in {MAX_TAB_STOPS} Tab presses")


def sign_in_by_keyboard(page, username: str) -> None:
    page.goto("/accounts/login/")
    tab_to(page, "Username", "INPUT")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_an_owner_reports_progress_on_an_action_with_the_keyboard_alone(page, plan_with_an_overdue_action):  # noqa: F811
    plan, leaders, overdue = plan_with_an_overdue_action
    sign_in_by_keyboard(page, "owner")

    # The skip link comes first, then the menu: My actions is reached and followed by Enter.
    tab_to(page, "My actions", "A")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My actions", level=1)).to_be_visible()
    assert_accessible(page)

    # The first row's RAG choices are radios: Tab reaches the group, arrows move within it.
    row = page.locator(f"#mine-{overdue.pk}")
    focused = tab_to(page, ":", "INPUT|radio")
    for _ in range(4):
        if "Red: off track" in focused:
            break
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
    assert "Red: off track" in focused
    page.keyboard.press("Space")  # focus alone does not choose the first radio of a group
    expect(row.get_by_label("Red: off track")).to_be_checked()
    tab_to(page, "Progress to date", "TEXTAREA")
    page.keyboard.type("Postponed: trainers not released")
    tab_to(page, "Add update", "BUTTON")
    page.keyboard.press("Enter")

    expect(row.get_by_role("status")).to_contain_text("Update added")
    expect(row).to_contain_text("Postponed: trainers not released")
    update = ProgressUpdate.objects.filter(action=overdue).latest("id")
    assert update.rag == "red" and update.note == "Postponed: trainers not released"
    assert_accessible(page)


def test_an_ld_manager_adds_a_staff_member_with_the_keyboard_alone(page, ld_manager, org):
    from workforce.models import StaffMember
    from workforce.tests.factories import JobRoleFactory

    JobRoleFactory(title="Care Assistant")
    sign_in_by_keyboard(page, "ld")
    page.goto("/staff/new/")
    expect(page.get_by_role("heading", name="Add staff member", level=1)).to_be_visible()
    tab_to(page, "First name", "INPUT")
    page.keyboard.type("Keyboard")
    tab_to(page, "Last name", "INPUT")
    page.keyboard.type("Only")
    # A save with the assignment number missing: the message is beside the field and what was
    # typed is kept.
    tab_to(page, "Add staff member", "BUTTON")
    page.keyboard.press("Enter")
    expect(page.locator("#id_assignment_number").locator("..").locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Keyboard")
    assert not StaffMember.objects.filter(last_name="Only").exists()
    assert_accessible(page)

    tab_to(page, "Employee/assignment number", "INPUT")
    page.keyboard.type("KB-0001")
    tab_to(page, "Job role", "SELECT")
    page.keyboard.type("Care")  # a closed select takes typed letters as a choice
    tab_to(page, "Organisation unit", "SELECT")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Add staff member", "BUTTON")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Keyboard Only", level=1)).to_be_visible()
    person = StaffMember.objects.get(assignment_number="KB-0001")
    assert (person.first_name, person.job_role.title) == ("Keyboard", "Care Assistant")
    assert person.org_unit is not None
    assert_accessible(page)
