"""A mentor's work in a real browser: from "My mentees" to the candidate, a mentor assessment on the
keyboard-friendly grid, two objectives from the gaps in one click each, an activity added in
place, evidence uploaded and the activity signed off; the candidate's page shows it all (axe on
each page)."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from pathways.models import Activity, Enrolment
from pathways.tests.factories import (
    CareerPathwayFactory,
    DevelopmentPlanFactory,
    EnrolmentFactory,
    MentorAssignmentFactory,
    PathwayStageFactory,
)
from workforce.tests.factories import (
    CompetencyFactory,
    JobRoleFactory,
    RoleRequirementFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.e2e

# The smallest valid PNG: evidence is recognised by its content, not its name.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def mentee(org, mentor):
    home_trainer = JobRoleFactory(title="Home Trainer", pay_band="3")
    link_trainer = JobRoleFactory(title="Link Trainer", pay_band="4")
    pathway = CareerPathwayFactory(name="Trainer pathway")
    PathwayStageFactory(pathway=pathway, position=1, job_role=home_trainer)
    stage = PathwayStageFactory(pathway=pathway, position=2, job_role=link_trainer)
    for name in ("Coaching others", "Delivering training"):
        RoleRequirementFactory(
            job_role=link_trainer, competency=CompetencyFactory(name=name), required_level=3
        )
    priya = StaffMemberFactory(
        first_name="Priya", last_name="Shah", org_unit=org["oak"], job_role=home_trainer
    )
    enrolment = EnrolmentFactory(
        staff_member=priya, target_stage=stage, status=Enrolment.Status.IN_DEVELOPMENT
    )
    DevelopmentPlanFactory(enrolment=enrolment)
    MentorAssignmentFactory(enrolment=enrolment, mentor=mentor.staff_member)
    return enrolment


def test_a_mentor_assesses_plans_from_the_gaps_and_signs_off_evidenced_work(page, mentor, mentee):
    login(page, "mentor")
    page.goto("/pathways/my-mentees/")
    expect(page.get_by_role("heading", name="My mentees")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Priya Shah").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Shah")

    # The assessment grid: one group per competency, a level chosen in each.
    page.get_by_role("link", name="Record a mentor assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mentor assessment")
    assert_accessible(page)
    for name, level in (("Coaching others", "1"), ("Delivering training", "2")):
        group = page.get_by_role("group", name=re.compile(f"^{name}"))
        group.get_by_label(re.compile(f"^{level}\\b")).check()
    page.get_by_role("button", name=re.compile("^Save the mentor assessment")).click()

    # Back on the candidate page: the gaps, biggest first, each one click from an objective.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Shah")
    skills = page.get_by_role("region", name=re.compile("^Skills against Link Trainer"))
    expect(skills).to_contain_text("Coaching others")
    assert_accessible(page)
    page.get_by_role("button", name="Add an objective for Coaching others").click()
    page.get_by_role("button", name="Add an objective for Delivering training").click()
    objectives = page.locator("article[id^=objective-]")
    expect(objectives).to_have_count(2)

    # An activity added in place (htmx), then its evidence, then the mentor's sign-off.
    form = page.get_by_role("form", name="Add an activity")
    form.get_by_label("Kind").select_option(label="Shadowing")
    form.get_by_label("Title").fill("Shadowed Nia's induction day")
    form.get_by_label("Hours").fill("6")
    form.get_by_label("Reflection").fill("Saw how Nia checks understanding after each session.")
    form.get_by_role("button", name="Add activity").click()
    activity_row = page.locator("li[id^=activity-]").filter(has_text="Shadowed Nia's induction day")
    expect(activity_row).to_contain_text("Awaiting sign-off")
    assert_accessible(page)

    activity_row.get_by_label(re.compile("^Add evidence to")).set_input_files(
        {"name": "induction-notes.png", "mimeType": "image/png", "buffer": PNG}
    )
    activity_row.get_by_role("button", name="Upload").click()
    activity_row = page.locator("li[id^=activity-]").filter(has_text="Shadowed Nia's induction day")
    expect(activity_row.get_by_role("link", name="induction-notes.png")).to_be_visible()
    activity_row.get_by_role("button", name=re.compile("^Sign off")).click()
    expect(activity_row).to_contain_text("Signed off by Nia Evans")
    assert_accessible(page)

    # What was saved, and the evidence served to the mentor.
    activity = Activity.objects.get(title="Shadowed Nia's induction day")
    assert activity.signed_off_by == mentor.staff_member and activity.evidence.count() == 1
    href = activity_row.get_by_role("link", name="induction-notes.png").get_attribute("href")
    download = page.request.get(href)
    assert download.status == 200 and download.body() == PNG

    # A fresh load shows it all together.
    page.reload()
    expect(page.locator("article[id^=objective-]")).to_have_count(2)
    expect(page.get_by_text("Signed off by Nia Evans").first).to_be_visible()
    assert_accessible(page)
