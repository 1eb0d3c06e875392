"""Building an enrolment's plan part at a chosen size, for page and query-count tests."""

import datetime

from pathways.models import Enrolment, SkillsAssessment
from pathways.planning import attach_evidence, record_assessment
from pathways.tests.factories import (
    ActivityFactory,
    DevelopmentPlanFactory,
    EnrolmentFactory,
    MentorAssignmentFactory,
    ObjectiveFactory,
    ReviewFactory,
)
from workforce.tests.factories import StaffMemberFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def fill_plan(enrolment, ladder, mentor_staff, size: int, today=datetime.date(2026, 11, 20)):
    """`size` assessments, objectives (each with `size` activities, one with evidence) and reviews."""
    competencies = list(ladder["competencies"].values())
    for n in range(size):
        record_assessment(
            enrolment,
            assessor=mentor_staff,
            kind=SkillsAssessment.Kind.MENTOR,
            assessed_on=today - datetime.timedelta(days=30 * (n + 1)),
            ratings={c: (min(n, 4), f"seen {n}") for c in competencies[:3]},
        )
        objective = ObjectiveFactory(plan=enrolment.plan, competency=competencies[n % 3], position=n + 1)
        for m in range(size):
            activity = ActivityFactory(objective=objective, title=f"Activity {n}.{m}")
        attach_evidence(activity, data=PDF, name=f"evidence-{n}.pdf", kind="pdf", user=None)
        ReviewFactory(
            enrolment=enrolment,
            mentor=mentor_staff,
            held_on=today - datetime.timedelta(days=40 * (n + 1)),
            next_review_on=today - datetime.timedelta(days=40 * n - 10),
        )


def mentees(mentor_staff, ladder, org, count: int):
    """`count` open enrolments mentored by `mentor_staff`, each with a plan, an objective due, an
    activity awaiting sign-off and a review."""
    made = []
    for n in range(count):
        enrolment = EnrolmentFactory(
            staff_member=StaffMemberFactory(org_unit=org["oak"], job_role=ladder["roles"]["home_trainer"]),
            target_stage=ladder["stages"][1],
            status=Enrolment.Status.IN_DEVELOPMENT,
        )
        MentorAssignmentFactory(enrolment=enrolment, mentor=mentor_staff)
        plan = DevelopmentPlanFactory(enrolment=enrolment)
        objective = ObjectiveFactory(
            plan=plan, target_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
        )
        ActivityFactory(objective=objective)
        ReviewFactory(
            enrolment=enrolment, next_review_on=datetime.date(2026, 12, 1) + datetime.timedelta(days=n)
        )
        made.append(enrolment)
    return made
