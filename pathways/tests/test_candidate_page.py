"""The candidate page: what it shows, in words as well as in the chart, and its fixed query count."""

import datetime

import pytest
from django.urls import reverse

from pathways.models import MentorAssignment, SkillsAssessment
from pathways.planning import record_assessment
from pathways.tests.factories import ActivityFactory, MentorAssignmentFactory, ObjectiveFactory, ReviewFactory
from pathways.tests.plan_data import fill_plan
from workforce.tests.factories import CourseFactory, TrainingRecordFactory, TrainingRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(client, user, enrolment):
    client.force_login(user)
    response = client.get(reverse("pathways:candidate", args=[enrolment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_tells_the_whole_story(client, enrolment, ladder, mentor, other_mentor, candidate):
    c = ladder["competencies"]
    own = record_assessment(
        enrolment,
        assessor=candidate,
        kind=SkillsAssessment.Kind.SELF,
        assessed_on=datetime.date(2026, 3, 1),
        ratings={c["delivery"]: (2, "I run inductions"), c["assessing"]: (1, "")},
    )
    record_assessment(
        enrolment,
        assessor=mentor.staff_member,
        kind=SkillsAssessment.Kind.CONFIRMED,
        assessed_on=datetime.date(2026, 3, 9),
        ratings={c["delivery"]: (1, "Not yet a full day"), c["assessing"]: (2, "")},
        confirms=own,
    )
    objective = ObjectiveFactory(
        plan=enrolment.plan, title="Deliver a full training day", competency=c["delivery"]
    )
    ActivityFactory(objective=objective, title="Shadowed Nia at Elm Court")
    ReviewFactory(
        enrolment=enrolment, mentor=mentor.staff_member, notes="Good start", next_steps="Lead a session"
    )
    # A former mentor, then the current one.
    MentorAssignment.objects.filter(enrolment=enrolment).update(ended_on=datetime.date(2026, 2, 20))
    MentorAssignmentFactory(
        enrolment=enrolment, mentor=other_mentor.staff_member, started_on=datetime.date(2026, 2, 20)
    )
    html = page(client, other_mentor, enrolment)
    assert "Priya Shah" in html and "aiming for Link Trainer" in html
    assert "Uma Lowe" in html and "Former mentors" in html and "Nia Evans (2 Feb 2026 to 20 Feb 2026)" in html
    assert "In development" in html and "Not judged yet" in html
    # The chart in words, for those who cannot see it, and the same in the table.
    assert '<title id="gap-chart-title">Skills gap chart' in html
    assert "Delivering training: gap of 1 level: level 1, 2 required" in html
    assert "Coaching others: not assessed; level 1 required" in html
    assert "required 2" in html and "current 1" in html and "not assessed" in html
    # The confirmation counts; the self-assessment stays visible.
    assert "From the confirmed by mentor by Nia Evans on 9 Mar 2026" in html
    assert "Self-assessment by Priya Shah, 1 Mar 2026" in html
    # Criteria met and not, in words.
    assert "Entry criteria: 2 of 4 met" in html
    assert "Home Trainer since 1 Mar 2023" in html
    assert (
        "Deliver a full training day" in html
        and "Shadowed Nia at Elm Court" in html
        and "Awaiting sign-off" in html
    )
    assert "Good start" in html and "Lead a session" in html
    # The timeline names what happened to the enrolment and its parts.
    assert "Skills assessment “Confirmed by mentor of 9 Mar 2026”: created" in html
    assert "Objective “Deliver a full training day”: created" in html
    assert "Mentoring “by Uma Lowe from 20 Feb 2026”: created" in html


def test_the_gaps_left_to_plan_offer_one_click_objectives(client, enrolment, ladder, mentor):
    ObjectiveFactory(plan=enrolment.plan, competency=ladder["competencies"]["delivery"])
    html = page(client, mentor, enrolment)
    assert "Add an objective for Coaching others" in html
    assert "Add an objective for Delivering training" not in html  # it has an open objective


def test_readers_who_may_not_develop_see_no_buttons(client, enrolment, director):
    html = page(client, director, enrolment)
    assert "Record a mentor assessment" not in html and "Add an objective" not in html
    assert "Sign off" not in html and "Record a review" not in html


# Queries: session, user, staff record, groups (4); the enrolment (1) and its prefetches: mentors,
# assessments, ratings, role requirements, objectives, activities, evidence, reviews (8); entry
# criteria: training requirements, levelled courses, training records, the stage below, the staff
# record's history (5); the timeline, one per source: enrolment, mentoring, assessments, reviews,
# plan, objectives, activities, evidence (8); the forms' choices: objectives (twice: crispy reads
# them again), courses, competencies (4).
CANDIDATE_QUERIES = 30


@pytest.mark.parametrize("size", [1, 5])
def test_candidate_page_query_count_does_not_grow(
    client, enrolment, ladder, mentor, size, django_assert_num_queries
):
    fill_plan(enrolment, ladder, mentor.staff_member, size)
    course = CourseFactory(title="Train the trainer", subject="Train the trainer", subject_level=2)
    TrainingRequirementFactory(course=course, job_role=ladder["roles"]["link_trainer"])
    for n in range(size):
        TrainingRecordFactory(
            staff_member=enrolment.staff_member, course=course, completed_on=datetime.date(2025, 1, n + 1)
        )
    client.force_login(mentor)
    url = reverse("pathways:candidate", args=[enrolment.pk])
    with django_assert_num_queries(CANDIDATE_QUERIES):
        assert client.get(url).status_code == 200
