"""Career pathways in a real browser: a Home Manager nominates her Home Trainer for Link Trainer,
then the L&D manager accepts the nomination with a mentor; the candidate's page shows it (axe on
each page)."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from pathways.models import CareerPathway, Enrolment, PathwayStage, TemplateObjective
from workforce.tests.factories import (
    CompetencyFactory,
    JobRoleFactory,
    RoleRequirementFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def ladder(org):
    roles = [
        JobRoleFactory(title="Home Trainer", pay_band="3"),
        JobRoleFactory(title="Link Trainer", pay_band="4"),
        JobRoleFactory(title="Regional Training Officer", pay_band="5"),
    ]
    pathway = CareerPathway.objects.create(name="Trainer pathway", description="From one home to a region.")
    stages = [
        PathwayStage.objects.create(
            pathway=pathway, position=n, job_role=role, min_months_in_previous=12 * (n > 1)
        )
        for n, role in enumerate(roles, 1)
    ]
    coaching = CompetencyFactory(name="Coaching others")
    RoleRequirementFactory(job_role=roles[1], competency=coaching, required_level=2)
    TemplateObjective.objects.create(stage=stages[1], title="Coach a new Home Trainer", competency=coaching)
    priya = StaffMemberFactory(first_name="Priya", last_name="Shah", org_unit=org["oak"], job_role=roles[0])
    return {"pathway": pathway, "stages": stages, "priya": priya}


def open_menu_item(page, item: str) -> None:
    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Show navigation")
    if toggler.is_visible():
        toggler.click()
    nav.get_by_role("button", name="Pathways").or_(nav.get_by_role("link", name="Pathways")).first.click()
    nav.get_by_role("link", name=item).click()


def test_a_manager_nominates_and_the_ld_manager_accepts_with_a_mentor(
    page, manager, ld_manager, mentor, ladder
):
    login(page, "manager")
    open_menu_item(page, "Nominate someone")
    expect(page.get_by_role("heading", name="Nominate someone for a career pathway")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Find someone else by name or assignment number").fill("Priya")
    page.get_by_role("button", name=re.compile("^Choose Priya Shah")).click()
    page.get_by_label("Stage they should aim for").select_option(label="Trainer pathway: Link Trainer")
    page.get_by_label("Why you nominate them").fill("Runs our induction days and coaches new carers.")
    page.get_by_role("button", name="Nominate").click()

    expect(page.get_by_role("alert")).to_contain_text("Priya Shah nominated for Link Trainer")
    expect(page.get_by_role("heading", name="Trainer pathway", level=1)).to_be_visible()
    link_trainer = page.get_by_role("region", name="Stage 2: Link Trainer")
    expect(link_trainer).to_contain_text("Priya Shah")
    expect(link_trainer).to_contain_text("Nominated")
    expect(link_trainer).to_contain_text("Coaching others: level 2")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "ld")
    open_menu_item(page, "Nominations to decide")
    expect(page.get_by_role("heading", name="Nominations to decide")).to_be_visible()
    nomination = page.get_by_role("region", name="Priya Shah for Link Trainer")
    expect(nomination).to_contain_text("Runs our induction days and coaches new carers.")
    expect(nomination).to_contain_text("by Maya Hart")
    assert_accessible(page)

    nomination.get_by_label("Mentor").select_option(label="Nia Evans, Regional Training Officer")
    nomination.get_by_role("button", name="Accept Priya Shah").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Priya Shah's nomination accepted, with Nia Evans as mentor."
    )
    expect(page.get_by_text("No nominations are waiting for a decision.")).to_be_visible()
    assert_accessible(page)

    enrolment = Enrolment.objects.get(staff_member=ladder["priya"])
    assert enrolment.status == Enrolment.Status.ACCEPTED
    assert enrolment.current_mentor == mentor.staff_member
    assert [o.title for o in enrolment.plan.objectives.all()] == ["Coach a new Home Trainer"]

    page.goto(f"/pathways/{ladder['pathway'].pk}/")
    page.get_by_role("link", name="Priya Shah").click()
    expect(page.locator("[data-mentor]")).to_have_text("Nia Evans")
    expect(page.locator("[data-status]")).to_have_text("Accepted")
    expect(page.get_by_role("button", name="Start development")).to_be_visible()
    assert_accessible(page)
