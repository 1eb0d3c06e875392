"""A traineeship from application to support, in a real browser (the issue's journey): the L&D
manager opens the October intake from the traineeships index, adds an applicant (with the equality
monitoring questions), moves them on the board from applied to interview, offered and
pre-employment checks (htmx, in place), records the checks cleared and starts them; places the new
trainee with a placement supervisor and a life coach, records a quarterly meeting, writes and opens
a confidential plan (logged); then the supervisor, signed in, sees the trainee but cannot reach the
plan (refused, logged). axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login, pick
from traineeships.models import AccessLogEntry, Applicant, EqualityMonitoring, Placement, Stage, Trainee
from traineeships.tests.factories import IntakeFactory, ProgrammeFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def intake(org):
    programme = ProgrammeFactory(name="Lived Experience Traineeship")
    return IntakeFactory(programme=programme, name="October intake")


def move_on_board(page, who: str, to: str) -> None:
    card = page.get_by_role("article", name=who)
    card.get_by_label("Move to").select_option(label=to)
    card.get_by_label("Note").fill(f"On to {to.lower()}.")
    card.get_by_role("button", name=re.compile("^Move")).click()
    expect(page.get_by_role("status")).to_have_text(f"{who} moved to {to.lower()}.")
    column = page.get_by_role("region", name=re.compile(f"^{re.escape(to)}"))
    expect(column.get_by_role("article", name=who)).to_be_visible()
    # The keyboard focus follows the card to its new stage, rather than being lost with the old one.
    expect(column.get_by_role("article", name=who)).to_be_focused()


def test_the_ld_manager_takes_an_applicant_from_applied_to_started_and_supports_them(
    page, ld_manager, supervisor, life_coach, org, intake
):
    login(page, "ld")
    page.goto("/traineeships/")
    expect(page.get_by_role("heading", name="Traineeships", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="October intake").click()
    expect(page.get_by_role("heading", name=re.compile("^October intake"), level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Recruitment funnel")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an applicant").click()
    expect(page.get_by_role("heading", name="Add an applicant to October intake")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Dan")
    page.get_by_label("Last name").fill("Reid")
    page.get_by_label("Email").fill("dan@example.org")
    page.get_by_label("How they heard").select_option(label="A partner organisation")
    page.get_by_label("Referred by").fill("St Mungo's outreach team")
    page.get_by_label("Stage they are at").select_option(label="Applied")
    page.get_by_label("Lived experience of the service").select_option(label="Yes")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Dan Reid", level=1)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Dan Reid added to October intake")
    expect(page.get_by_role("heading", name="Letters")).to_be_visible()
    expect(page.get_by_text("Lived experience of the service")).to_have_count(0)
    expect(page.get_by_text("Equality monitoring")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Applicants").click()
    expect(page.get_by_role("heading", name="Applicants: October intake")).to_be_visible()
    assert_accessible(page)
    move_on_board(page, "Dan Reid", "Interview")
    move_on_board(page, "Dan Reid", "Offered")
    move_on_board(page, "Dan Reid", "Pre-employment checks")
    expect(page.get_by_role("article", name="Dan Reid")).to_contain_text(
        "0 of 6 cleared; DBS (criminal record) check: not started"
    )
    assert_accessible(page)

    page.get_by_role("article", name="Dan Reid").get_by_role("link", name="Dan Reid").click()
    expect(page.get_by_role("heading", name="Dan Reid", level=1)).to_be_visible()
    stages = page.get_by_role("table", name=re.compile("stages Dan Reid went through"))
    expect(stages).to_contain_text("On to interview.")
    page.get_by_role("link", name="Record checks").click()
    expect(page.get_by_role("heading", name="Pre-employment checks: Dan Reid")).to_be_visible()
    assert_accessible(page)
    for check in (
        "DBS (criminal record) check",
        "First reference",
        "Second reference",
        "Right to work",
        "Occupational health",
        "HR paperwork",
    ):
        page.get_by_label(f"{check}: status").select_option(label="Cleared")
        page.get_by_label(f"{check}: date").fill(intake.starts_on.isoformat())
    page.get_by_role("button", name="Save the checks").click()
    expect(page.get_by_role("alert")).to_contain_text("Checks of Dan Reid saved (6 changed)")
    checks = page.get_by_role("table", name=re.compile("Pre-employment checks of Dan Reid"))
    expect(checks.get_by_role("row", name=re.compile("^DBS"))).to_contain_text("Cleared")

    page.get_by_role("link", name="Start as a trainee").click()
    expect(page.get_by_text("The DBS check and both references are cleared.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("alert")).to_contain_text("Dan Reid has started")
    expect(page.get_by_text("Started since")).to_be_visible()
    assert_accessible(page)

    dan = Applicant.objects.get(last_name="Reid")
    assert dan.stage == Stage.STARTED
    assert Trainee.objects.filter(applicant=dan).exists()
    assert EqualityMonitoring.objects.get(applicant=dan).lived_experience == "yes"
    assert [c.stage for c in dan.stage_changes.all()] == [
        Stage.APPLIED,
        Stage.INTERVIEW,
        Stage.OFFERED,
        Stage.CHECKS,
        Stage.STARTED,
    ]

    # From the applicant to the trainee: placed with a supervisor and a life coach.
    page.get_by_role("link", name="Their trainee page").click()
    expect(page.get_by_role("heading", name="Dan Reid", level=1)).to_be_visible()
    page.get_by_role("link", name="Place Dan Reid").click()
    page.get_by_label("Host unit").select_option(label="Oak House")
    pick(page, "supervisor", "Sam Price")
    pick(page, "life_coach", "Lia Moss")
    page.get_by_role("button", name="Place").click()
    expect(page.get_by_role("alert")).to_contain_text("Dan Reid placed at Oak House")
    placed = Placement.objects.get(trainee__applicant=dan)
    assert (placed.supervisor, placed.life_coach) == (supervisor.staff_member, life_coach.staff_member)

    # A quarterly support meeting.
    page.get_by_role("link", name="Record a support meeting").click()
    page.get_by_label("Kind").select_option(label="Quarterly review")
    page.get_by_label("Placement supervisor").check()
    page.get_by_label("Life coach").check()
    page.get_by_label("Notes").fill("A good first month at Oak House.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table", name="Support meetings, newest first")).to_contain_text(
        "A good first month at Oak House."
    )
    assert_accessible(page)

    # A confidential plan, written then opened: both in the access log.
    page.get_by_role("link", name="Add a confidential plan").click()
    page.get_by_label("Content").fill("Early signs: goes quiet. Helps: a short walk with the coach.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("added")
    assert_accessible(page)
    trainee_page = f"/traineeships/trainees/{Trainee.objects.get(applicant=dan).pk}/"
    page.goto(trainee_page)
    page.get_by_role("link", name="Stress management plan").click()
    expect(page.get_by_text("Early signs: goes quiet.")).to_be_visible()
    plan_path = page.url
    assert set(AccessLogEntry.objects.filter(user=ld_manager).values_list("action", flat=True)) == {
        AccessLogEntry.Action.CREATED,
        AccessLogEntry.Action.OPENED,
    }

    # The supervisor sees Dan, nothing about a plan, and the plan's URL is refused and logged.
    page.context.clear_cookies()
    login(page, "supervisor")
    page.goto(trainee_page)
    expect(page.get_by_role("heading", name="Dan Reid", level=1)).to_be_visible()
    assert "onfidential" not in page.content()
    assert_accessible(page)
    assert page.goto(plan_path).status == 404
    assert "Early signs" not in page.content()
    assert AccessLogEntry.objects.filter(user=supervisor, action=AccessLogEntry.Action.REFUSED).count() == 1
