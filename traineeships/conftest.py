"""The charity's traineeship (DOMAIN.md): an intake of service users recruited, placed at Oak House
with the `supervisor` actor and coached by the `life_coach` actor, one with a confidential plan.
Shared by every traineeships test."""

import datetime

import pytest

from traineeships.models import PreEmploymentCheck, Stage
from traineeships.tests.factories import (
    ApplicantFactory,
    CheckFactory,
    ConfidentialPlanFactory,
    IntakeFactory,
    PlacementFactory,
    ProgrammeFactory,
    TraineeFactory,
)


@pytest.fixture
def cohort(org, supervisor, life_coach):
    today = datetime.date.today()
    programme = ProgrammeFactory(name="Lived Experience Traineeship")
    intake = IntakeFactory(
        programme=programme,
        name="October intake",
        starts_on=today - datetime.timedelta(days=120),
        ends_on=today + datetime.timedelta(days=240),
    )
    applied = ApplicantFactory(intake=intake, first_name="Ava", last_name="Green", stage=Stage.APPLIED)
    offered = ApplicantFactory(intake=intake, first_name="Ben", last_name="Hill", stage=Stage.CHECKS)
    CheckFactory(applicant=offered, kind=PreEmploymentCheck.Kind.DBS)
    trainee = TraineeFactory(
        applicant=ApplicantFactory(intake=intake, first_name="Cara", last_name="Lane", stage=Stage.STARTED),
        started_on=intake.starts_on,
    )
    placement = PlacementFactory(
        trainee=trainee,
        host_unit=org["oak"],
        starts_on=intake.starts_on,
        supervisor=supervisor.staff_member,
        life_coach=life_coach.staff_member,
    )
    plan = ConfidentialPlanFactory(trainee=trainee)
    return {
        "programme": programme,
        "intake": intake,
        "applied": applied,
        "offered": offered,
        "trainee": trainee,
        "placement": placement,
        "plan": plan,
    }
