"""Recording a training session in a real browser: an L&D manager ticks five people in a unit's list."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import TIMEOUT_MS
from e2e.helpers import assert_accessible, login
from workforce.models import TrainingRecord, add_months
from workforce.tests.factories import CourseFactory, StaffMemberFactory, TrainingRequirementFactory

pytestmark = pytest.mark.e2e

# A week ago: a yearly course completed then is valid (not yet expiring) for months to come.
DAY = datetime.date.today() - datetime.timedelta(days=7)
SAID = f"Fire safety on {DAY:%-d %b %Y} recorded for"
ATTENDED = [("Ana", "Adams"), ("Ben", "Brook"), ("Cat", "Cole"), ("Dev", "Dunn"), ("Eve", "Eze")]


@pytest.fixture
def session_world(org):
    """Oak House with six carers (one off sick on the day) and Elm Court with one; a fire safety course."""
    attended = [
        StaffMemberFactory(first_name=first, last_name=last, org_unit=org["oak"]) for first, last in ATTENDED
    ]
    absent = StaffMemberFactory(first_name="Fay", last_name="Ford", org_unit=org["oak"])
    StaffMemberFactory(first_name="Gus", last_name="Grant", org_unit=org["elm"])
    course = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=course)  # everyone must hold it: a column of the matrix
    return {
        "course": course,
        "attended": attended,
        "absent": absent,
    }


def record_five_from_oak_house(page, org) -> None:
    """The journey's steps up to the saved session (the matrix check continues from there)."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Training").or_(nav.get_by_role("link", name="Training")).first.click()
    nav.get_by_role("link", name="Record a session").click()
    expect(page.get_by_role("heading", name="Record a training session")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Course").select_option(label="Fire safety")
    page.get_by_label("Date completed").fill(DAY.isoformat())
    page.get_by_label("Note (optional)").fill("Training room, Oak House")
    # htmx swaps in the unit's list as soon as the unit is chosen.
    page.get_by_label("Unit", exact=True).select_option(value=str(org["oak"].pk))
    ticks = page.get_by_role("group", name="Tick who attended")
    expect(ticks.get_by_role("checkbox")).to_have_count(6, timeout=TIMEOUT_MS)
    assert_accessible(page)
    for first, last in ATTENDED:
        ticks.get_by_role("checkbox", name=f"{first} {last}").check()
    page.get_by_role("button", name="Record the session").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{SAID} 5 people")


def test_ld_manager_records_one_session_for_five_people_from_a_units_list(
    page, ld_manager, org, session_world
):
    login(page, "ld")
    page.goto(f"/training/matrix/?course={session_world['course'].pk}&org_unit={org['oak'].pk}")
    matrix = page.get_by_role("region", name=re.compile("^Training matrix: staff down the side"))
    for first, last in ATTENDED:
        expect(matrix.get_by_role("row", name=re.compile(f"^{last}, {first}"))).to_contain_text("Missing")

    record_five_from_oak_house(page, org)
    # Saved, the session leads to the matrix for its course: the five cells have turned valid.
    expect(page.get_by_role("heading", name="Training matrix", level=1)).to_be_visible()
    until = f"Valid until {add_months(DAY, 12):%-d %b %Y}"
    for first, last in ATTENDED:
        expect(matrix.get_by_role("row", name=re.compile(f"^{last}, {first}"))).to_contain_text(until)
    expect(matrix.get_by_role("row", name=re.compile("^Ford, Fay"))).to_contain_text("Missing")
    assert_accessible(page)

    saved = TrainingRecord.objects.filter(course=session_world["course"])
    assert {r.staff_member for r in saved} == set(session_world["attended"])
    assert {(r.status, r.completed_on, r.note) for r in saved} == {
        (TrainingRecord.Status.COMPLETED, DAY, "Training room, Oak House")
    }
    assert all(r.history.get().history_user == ld_manager for r in saved)


def test_the_same_session_again_is_refused_naming_them_next_to_each_list(
    page, ld_manager, org, session_world
):
    login(page, "ld")
    record_five_from_oak_house(page, org)
    page.goto("/training/sessions/new/")
    page.get_by_label("Course").select_option(label="Fire safety")
    page.get_by_label("Date completed").fill(DAY.isoformat())
    # One found by search, one ticked: each refusal shows beside the list the person came from.
    page.get_by_label("Find someone to add by name or assignment number").fill("Adams")
    page.get_by_role("button", name="Choose Ana Adams").click()
    page.get_by_label("Unit", exact=True).select_option(value=str(org["oak"].pk))
    page.get_by_role("group", name="Tick who attended").get_by_role("checkbox", name="Ben Brook").check()
    page.get_by_role("button", name="Record the session").click()
    expect(page.get_by_text("so nothing was saved: Ana Adams.")).to_be_visible()
    expect(page.get_by_text("so nothing was saved: Ben Brook.")).to_be_visible()
    assert_accessible(page)
    assert TrainingRecord.objects.filter(course=session_world["course"]).count() == 5


def test_without_javascript_show_the_list_keeps_what_was_typed(
    browser, live_server, manager, org, session_world
):
    """A manager on a locked-down browser: the GET button lists the unit, the save still works.

    The list comes from a plain GET of the whole form, which must keep the CSRF token out of the URL."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        login(page, "manager")
        page.goto("/training/sessions/new/")
        page.get_by_label("Course").select_option(label="Fire safety")
        page.get_by_label("Date completed").fill(DAY.isoformat())
        page.get_by_label("Unit", exact=True).select_option(value=str(org["oak"].pk))
        page.get_by_role("button", name="Show the list").click()
        expect(page.get_by_label("Date completed")).to_have_value(DAY.isoformat())
        assert "csrfmiddlewaretoken" not in page.url
        ticks = page.get_by_role("group", name="Tick who attended")
        ticks.get_by_role("checkbox", name="Ana Adams").check()
        ticks.get_by_role("checkbox", name="Ben Brook").check()
        page.get_by_role("button", name="Record the session").click()
        expect(page.get_by_role("alert")).to_contain_text(f"{SAID} 2 people")
        # No axe here: it runs as page script, which this context refuses (the page would hang);
        # the same pages are checked with JavaScript on in the journeys above.
    finally:
        context.close()
    assert TrainingRecord.objects.filter(course=session_world["course"]).count() == 2
