"""The care-home group's ladder (DOMAIN.md): Home Trainer -> Link Trainer -> Regional Training
Officer, with competencies per stage, and a Home Trainer of Oak House heading for Link Trainer
with the `mentor` actor as her mentor. Shared by every pathways test."""

import datetime

import pytest

from pathways.models import Enrolment
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
    UserFactory,
)


@pytest.fixture
def ladder(org):
    home_trainer = JobRoleFactory(title="Home Trainer", pay_band="3")
    link_trainer = JobRoleFactory(title="Link Trainer", pay_band="4")
    rto = JobRoleFactory(title="Regional Training Officer", pay_band="5")
    for role, band in [(home_trainer, "3"), (link_trainer, "4"), (rto, "5")]:
        # get_or_create by title: the `mentor` actor may have made the RTO role already.
        type(role).objects.filter(pk=role.pk).update(pay_band=band)
        role.pay_band = band
    delivery = CompetencyFactory(name="Delivering training", category="Training delivery")
    assessing = CompetencyFactory(name="Assessing competence", category="Training delivery")
    coaching = CompetencyFactory(name="Coaching others", category="Leadership")
    planning = CompetencyFactory(name="Planning a training programme", category="Leadership")
    for role, levels in [
        (home_trainer, {delivery: 1, assessing: 1}),
        (link_trainer, {delivery: 2, assessing: 2, coaching: 1}),
        (rto, {delivery: 3, assessing: 3, coaching: 2, planning: 2}),
    ]:
        for competency, level in levels.items():
            RoleRequirementFactory(job_role=role, competency=competency, required_level=level)
    pathway = CareerPathwayFactory(
        name="Trainer pathway", description="From trainer in one home to training a region."
    )
    stages = [
        PathwayStageFactory(pathway=pathway, position=1, job_role=home_trainer),
        PathwayStageFactory(pathway=pathway, position=2, job_role=link_trainer, min_months_in_previous=12),
        PathwayStageFactory(pathway=pathway, position=3, job_role=rto, min_months_in_previous=18),
    ]
    return {
        "pathway": pathway,
        "stages": stages,
        "roles": {"home_trainer": home_trainer, "link_trainer": link_trainer, "rto": rto},
        "competencies": {
            "delivery": delivery,
            "assessing": assessing,
            "coaching": coaching,
            "planning": planning,
        },
    }


@pytest.fixture
def candidate(org, ladder):
    """Priya Shah, Home Trainer at Oak House since 2023, with a login of her own (no role)."""
    user = UserFactory(username="candidate", first_name="Priya", last_name="Shah")
    return StaffMemberFactory(
        user=user,
        first_name="Priya",
        last_name="Shah",
        org_unit=org["oak"],
        job_role=ladder["roles"]["home_trainer"],
        start_date=datetime.date(2023, 3, 1),
    )


@pytest.fixture
def enrolment(ladder, candidate, manager, mentor):
    """Priya in development for Link Trainer, nominated by Oak House's manager, mentored by `mentor`."""
    enrolment = EnrolmentFactory(
        staff_member=candidate,
        target_stage=ladder["stages"][1],
        nominated_by=manager.staff_member,
        status=Enrolment.Status.IN_DEVELOPMENT,
    )
    MentorAssignmentFactory(enrolment=enrolment, mentor=mentor.staff_member)
    DevelopmentPlanFactory(enrolment=enrolment)
    return enrolment
