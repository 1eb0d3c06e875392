"""Traineeships in a real browser (axe on each page): the L&D manager places Cara at Oak House with a
placement supervisor and a life coach, records a quarterly support meeting and opens Cara's
confidential plan (the access log shows it); then the supervisor, signed in, sees Cara's page with
no sign of a plan, and the plan's URL is refused, like a missing page, and logged."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login, pick
from traineeships.models import (
    AccessLogEntry,
    Applicant,
    ConfidentialSupportPlan,
    Intake,
    Placement,
    Programme,
    Stage,
    SupportMeeting,
    Trainee,
)
from workforce.models import add_months

pytestmark = pytest.mark.e2e
TODAY = datetime.date.today()


@pytest.fixture
def cara(org):
    programme = Programme.objects.create(name="Lived Experience Traineeship", kind="service_user_traineeship")
    intake = Intake.objects.create(
        programme=programme,
        name="October intake",
        recruitment_opens_on=TODAY - datetime.timedelta(days=150),
        recruitment_closes_on=TODAY - datetime.timedelta(days=60),
        starts_on=TODAY - datetime.timedelta(days=20),
        ends_on=TODAY + datetime.timedelta(days=340),
        places=8,
        status=Intake.Status.IN_PLACEMENT,
    )
    applicant = Applicant.objects.create(
        intake=intake,
        first_name="Cara",
        last_name="Lane",
        stage=Stage.STARTED,
        stage_changed_on=intake.starts_on,
    )
    trainee = Trainee.objects.create(applicant=applicant, started_on=intake.starts_on)
    plan = ConfidentialSupportPlan.objects.create(
        trainee=trainee,
        title="Stress management plan",
        content="Early signs: goes quiet, skips breaks. Helps: a short walk and a call with the coach.",
    )
    return {"trainee": trainee, "plan": plan}


def test_the_ld_manager_places_and_supports_cara_and_the_supervisor_cannot_reach_her_plan(
    page, ld_manager, supervisor, life_coach, org, cara
):
    login(page, "ld")
    page.goto("/traineeships/")
    page.get_by_role("main").get_by_role("link", name="My trainees").click()
    expect(page.get_by_role("heading", name="My trainees", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cara Lane").click()
    expect(page.get_by_role("heading", name="Cara Lane", level=1)).to_be_visible()
    expect(page.get_by_text("Not placed yet.")).to_be_visible()
    assert_accessible(page)

    # Place her at Oak House with Sam Price supervising and Lia Moss as life coach.
    page.get_by_role("link", name="Place Cara Lane").click()
    expect(page.get_by_role("heading", name="Place Cara Lane")).to_be_visible()
    page.get_by_label("Host unit").select_option(label="Oak House")
    pick(page, "supervisor", "Sam Price")
    pick(page, "life_coach", "Lia Moss")
    assert_accessible(page)
    page.get_by_role("button", name="Place").click()
    expect(page.get_by_role("alert")).to_contain_text("Cara Lane placed at Oak House")
    placement = page.get_by_role("article", name="Oak House: Active")
    expect(placement).to_contain_text("Sam Price")
    expect(placement).to_contain_text("Lia Moss")
    placed = Placement.objects.get(trainee=cara["trainee"])
    assert (placed.supervisor, placed.life_coach) == (supervisor.staff_member, life_coach.staff_member)

    # A quarterly support meeting with all three there.
    page.get_by_role("link", name="Record a support meeting").click()
    page.get_by_label("Kind").select_option(label="Quarterly review")
    page.get_by_label("Placement supervisor").check()
    page.get_by_label("Life coach").check()
    page.get_by_label("Notes").fill("Settling in; enjoys the morning routine.")
    page.get_by_label("Agreed actions").fill("Book the Care Certificate induction.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Quarterly review")
    meetings = page.get_by_role("table", name="Support meetings, newest first")
    expect(meetings).to_contain_text("Book the Care Certificate induction.")
    # The next quarterly meeting is due three months on.
    expect(page.get_by_text(f"Due {add_months(TODAY, 3):%-d %b %Y}", exact=True)).to_be_visible()
    assert SupportMeeting.objects.filter(trainee=cara["trainee"], kind="quarterly").count() == 1
    assert_accessible(page)

    # The confidential plan: opened, and the log shows the opening.
    page.get_by_role("link", name="Stress management plan").click()
    expect(page.get_by_text("Early signs: goes quiet, skips breaks.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Access log").click()
    log = page.get_by_role("table", name="Access to confidential support plans, newest first")
    expect(log.get_by_role("row").nth(1)).to_contain_text("Lena Dawes")
    expect(log.get_by_role("row").nth(1)).to_contain_text("Opened")
    expect(log.get_by_role("row").nth(1)).to_contain_text("Stress management plan for Cara Lane")
    assert_accessible(page)
    plan_path = f"/traineeships/plans/{cara['plan'].pk}/"

    # The supervisor sees Cara's page, with nothing about a plan, and cannot open it.
    page.context.clear_cookies()
    login(page, "supervisor")
    page.goto("/traineeships/trainees/mine/")
    page.get_by_role("link", name="Cara Lane").click()
    expect(page.get_by_role("heading", name="Cara Lane", level=1)).to_be_visible()
    expect(page.get_by_role("article", name="Oak House: Active")).to_contain_text("Sam Price")
    assert "onfidential" not in page.content() and "Stress management" not in page.content()
    expect(page.get_by_role("link", name="Record a support meeting")).to_be_visible()
    assert_accessible(page)
    response = page.goto(plan_path)
    assert response.status == 404
    assert "Early signs" not in page.content()
    assert_accessible(page)
    refused = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.REFUSED).get()
    assert (refused.user, refused.plan) == (supervisor, cara["plan"])
    assert list(AccessLogEntry.objects.order_by("pk").values_list("user__username", "action")) == [
        ("ld", "opened"),
        ("supervisor", "refused"),
    ]


def test_a_breakdown_an_outcome_feedback_and_a_training_session(
    page, ld_manager, supervisor, life_coach, org, cara
):
    """The rest of the L&D manager's pages, each checked with axe, and the supervisor's home panel."""
    Placement.objects.create(
        trainee=cara["trainee"],
        host_unit=org["oak"],
        starts_on=cara["trainee"].started_on,
        supervisor=supervisor.staff_member,
        life_coach=life_coach.staff_member,
        status=Placement.Status.ACTIVE,
    )
    login(page, "supervisor")
    panel = page.get_by_role("region", name=re.compile("^My trainees"))
    expect(panel).to_contain_text("Cara Lane")
    assert_accessible(page)
    panel.get_by_role("link", name="Cara Lane").click()
    page.get_by_role("link", name="Record feedback").click()
    page.get_by_label("From").select_option(label="Placement supervisor")
    page.get_by_label("Rating").select_option(label="4")
    page.get_by_label("Comments").fill("Reliable and kind with residents.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Feedback recorded")
    expect(page.get_by_role("region", name="Feedback")).to_contain_text("Reliable and kind with residents.")

    page.context.clear_cookies()
    login(page, "ld")
    page.goto(cara["trainee"].get_absolute_url())
    page.get_by_role("link", name="Record a breakdown of the placement at Oak House").click()
    page.get_by_label("Date it broke down").fill(TODAY.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()  # reason and support
    assert_accessible(page)
    page.get_by_label("Reason").fill("Conflict over shift patterns.")
    page.get_by_label("Support given").fill("Mediation with the team manager; weekly coaching.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Breakdown of the placement at Oak House recorded")
    expect(page.get_by_role("article", name="Oak House: Broken down")).to_contain_text(
        "Conflict over shift patterns."
    )

    page.get_by_role("link", name="Edit the trainee's record").click()
    page.get_by_label("Vacancies to discuss").fill("Support worker, Elm Court")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("record saved")

    page.get_by_role("link", name="its training sessions").click()
    expect(page.get_by_role("heading", name=re.compile("^Training sessions"), level=1)).to_be_visible()
    page.get_by_label("Title").fill("Induction day")
    page.get_by_label("Kind").select_option(label="Induction")
    page.get_by_label("For placement supervisors").check()
    assert_accessible(page)
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_role("heading", name="Induction day", level=1)).to_be_visible()
    page.get_by_label("Cara Lane").check()
    page.get_by_label("Sam Price").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Attendance at Induction day")
    expect(page.get_by_label("Cara Lane")).to_be_checked()

    page.goto(cara["trainee"].get_absolute_url())
    expect(page.get_by_role("region", name="Training sessions attended")).to_contain_text("Induction day")
    page.get_by_role("link", name="Record it (at the end)").click()
    page.get_by_label("Outcome").select_option(label="Volunteering")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Outcome recorded")
