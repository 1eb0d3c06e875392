"""The candidate (a login with no role) and a former mentor: what each may do with an enrolment.

The candidate reads their own enrolment and adds activities, reflections, evidence and
self-assessments; they cannot sign off, confirm, add objectives or reviews, or change a signed-off
activity, and another candidate's enrolment is a 404. A former mentor reads what they wrote and
writes nothing more."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.models import Activity, Evidence, SkillsAssessment
from pathways.tests.factories import (
    ActivityFactory,
    EnrolmentFactory,
    MentorAssignmentFactory,
    ObjectiveFactory,
    SkillsAssessmentFactory,
)
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def as_candidate(client, candidate):
    client.force_login(candidate.user)
    return client


def test_the_candidate_reads_their_own_page_and_adds_to_it(as_candidate, enrolment, ladder, candidate):
    objective = ObjectiveFactory(plan=enrolment.plan)
    html = as_candidate.get(reverse("pathways:candidate", args=[enrolment.pk])).content.decode()
    assert "Record a self-assessment" in html and "Add an activity" in html
    assert "Sign off" not in html and "Add an objective" not in html and "Record a review" not in html
    # An activity with a reflection, and evidence on it.
    response = as_candidate.post(
        reverse("pathways:activity_add", args=[enrolment.pk]),
        {
            "objective": objective.pk,
            "kind": "e_learning",
            "title": "Adult learning module",
            "reflection": "Useful",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Adult learning module")
    assert activity.added_by == candidate
    response = as_candidate.post(
        reverse("pathways:evidence_upload", args=[activity.pk]),
        {"file": SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 ok")},
    )
    assert response.status_code == 302 and Evidence.objects.filter(activity=activity).exists()
    # They edit it until it is signed off.
    edit = reverse("pathways:activity_edit", args=[activity.pk])
    assert (
        as_candidate.post(edit, {"kind": "e_learning", "title": "Adult learning", "version": 1}).status_code
        == 302
    )
    Activity.objects.filter(pk=activity.pk).update(signed_off_on=datetime.date(2026, 6, 1))
    assert as_candidate.get(edit).status_code == 403
    # A self-assessment, whatever they might post as its kind.
    c = ladder["competencies"]
    data = {"assessed_on": "2026-05-01", "kind": "mentor"}
    data |= {f"level_{comp.pk}": "2" for comp in (c["delivery"], c["assessing"], c["coaching"])}
    assert as_candidate.post(reverse("pathways:assess", args=[enrolment.pk]), data).status_code == 302
    assert SkillsAssessment.objects.get().kind == "self"


def test_the_candidate_cannot_sign_off_confirm_or_plan(as_candidate, enrolment, candidate):
    objective = ObjectiveFactory(plan=enrolment.plan)
    activity = ActivityFactory(objective=objective)
    own = SkillsAssessmentFactory(enrolment=enrolment, assessor=candidate, kind="self")
    refused = [
        ("pathways:activity_sign_off", activity.pk),
        ("pathways:objective_sign_off", objective.pk),
        ("pathways:objective_add", enrolment.pk),
        ("pathways:objective_from_gap", enrolment.pk),
        ("pathways:objective_edit", objective.pk),
        ("pathways:assessment_confirm", own.pk),
        ("pathways:review_add", enrolment.pk),
        ("pathways:plan_edit", enrolment.pk),
    ]
    for name, pk in refused:
        assert as_candidate.post(reverse(name, args=[pk]), {"title": "x"}).status_code == 403, name
    activity.refresh_from_db()
    objective.refresh_from_db()
    assert activity.signed_off_on is None and objective.signed_off_on is None
    assert SkillsAssessment.objects.count() == 1 and enrolment.plan.objectives.count() == 1


def test_another_candidates_enrolment_is_a_404(as_candidate, ladder, org):
    other = EnrolmentFactory(
        staff_member=StaffMemberFactory(org_unit=org["elm"]), target_stage=ladder["stages"][1]
    )
    assert as_candidate.get(reverse("pathways:candidate", args=[other.pk])).status_code == 404
    assert as_candidate.get(reverse("pathways:mentor_load")).status_code == 403


def test_a_closed_enrolment_takes_no_more_activities(as_candidate, enrolment):
    objective = ObjectiveFactory(plan=enrolment.plan)
    type(enrolment).objects.filter(pk=enrolment.pk).update(status="withdrawn")
    url = reverse("pathways:activity_add", args=[enrolment.pk])
    assert (
        as_candidate.post(url, {"objective": objective.pk, "kind": "coaching", "title": "x"}).status_code
        == 403
    )


def test_a_former_mentor_reads_but_no_longer_writes(client, enrolment, mentor, other_mentor):
    activity = ActivityFactory(objective=ObjectiveFactory(plan=enrolment.plan))
    enrolment.mentor_assignments.update(ended_on=datetime.date(2026, 6, 1))
    MentorAssignmentFactory(
        enrolment=enrolment, mentor=other_mentor.staff_member, started_on=datetime.date(2026, 6, 1)
    )
    client.force_login(mentor)
    html = client.get(reverse("pathways:candidate", args=[enrolment.pk])).content.decode()
    assert "Nia Evans (2 Feb 2026 to 1 Jun 2026)" in html and "Sign off" not in html
    assert client.post(reverse("pathways:activity_sign_off", args=[activity.pk])).status_code == 403
    assert client.get(reverse("pathways:assess", args=[enrolment.pk])).status_code == 403
    # The new mentor may.
    client.force_login(other_mentor)
    assert client.post(reverse("pathways:activity_sign_off", args=[activity.pk])).status_code == 302
