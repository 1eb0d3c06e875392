"""The flow's pages: the pathway list with pipeline figures, the ladder, nominating, the
nominations queue, the status steps, and the L&D manager's pathway and stage forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways import transitions
from pathways.models import Enrolment, Readiness
from pathways.tests.factories import EnrolmentFactory
from workforce.tests.factories import (
    CourseFactory,
    StaffMemberFactory,
    TrainingRequirementFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Status = Enrolment.Status


def html(response) -> str:
    return response.content.decode()


def test_the_list_shows_each_pathways_stages_and_pipeline(client, director, enrolment, ladder, org, mentor):
    for status in (Status.NOMINATED, Status.NOMINATED, Status.READY):
        EnrolmentFactory(
            staff_member=StaffMemberFactory(org_unit=org["elm"]),
            target_stage=ladder["stages"][1],
            status=status,
        )
    done = EnrolmentFactory(
        staff_member=StaffMemberFactory(org_unit=org["elm"]),
        target_stage=ladder["stages"][2],
        status=Status.PROGRESSED,
        nominated_on=TODAY - datetime.timedelta(days=300),
        progressed_on=TODAY,
    )
    client.force_login(director)
    response = client.get(reverse("pathways:index"))
    figures = response.context["rows"][0]["pipeline"]
    assert (figures.nominated, figures.in_development, figures.ready, figures.progressed_this_year) == (
        2,
        1,
        1,
        1,
    )
    assert figures.median_days == (done.progressed_on - done.nominated_on).days == 300
    page = html(response)
    assert "Home Trainer" in page and "Regional Training Officer" in page and "300 days" in page


def test_a_manager_counts_only_the_candidates_they_see(client, manager, enrolment, ladder, org):
    EnrolmentFactory(staff_member=StaffMemberFactory(org_unit=org["elm"]), target_stage=ladder["stages"][1])
    client.force_login(manager)
    figures = client.get(reverse("pathways:index")).context["rows"][0]["pipeline"]
    assert (figures.nominated, figures.in_development) == (0, 1)


def test_the_ladder_shows_people_in_post_candidates_and_entry_criteria(
    client, manager, enrolment, ladder, org, candidate
):
    course = CourseFactory(title="Train the trainer")
    TrainingRequirementFactory(course=course, job_role=ladder["roles"]["link_trainer"])
    link = StaffMemberFactory(
        first_name="Lee", last_name="Link", org_unit=org["oak"], job_role=ladder["roles"]["link_trainer"]
    )
    far = StaffMemberFactory(
        first_name="Far", last_name="Away", org_unit=org["elm"], job_role=ladder["roles"]["link_trainer"]
    )
    transitions.judge_readiness(enrolment, Readiness.WITHIN_1_YEAR, manager)
    client.force_login(manager)
    response = client.get(reverse("pathways:pathway", args=[ladder["pathway"].pk]))
    rungs = response.context["rungs"]
    assert [r.stage.job_role.title for r in rungs] == [
        "Regional Training Officer",
        "Link Trainer",
        "Home Trainer",
    ]
    link_rung = rungs[1]
    assert link_rung.in_post == [link] and far not in link_rung.in_post  # the manager's scope only
    assert link_rung.candidates == [enrolment]
    assert [(r.competency.name, r.required_level) for r in link_rung.competencies] == [
        ("Coaching others", 1),
        ("Assessing competence", 2),
        ("Delivering training", 2),
    ]
    assert [r.course for r in link_rung.courses] == [course]
    page = html(response)
    assert "Priya Shah" in page and "ready within 1 year" in page and "mentor Nia Evans" in page
    assert "At least 12 months as Home Trainer." in page
    assert reverse("pathways:candidate", args=[enrolment.pk]) in page
    assert candidate in rungs[2].in_post
