"""factory_boy factories for pathways; they build on the core's (workforce/tests/factories.py)."""

import datetime

import factory

from pathways.models import (
    Activity,
    CareerPathway,
    DevelopmentPlan,
    Enrolment,
    MentorAssignment,
    Objective,
    PathwayStage,
    Review,
    SkillRating,
    SkillsAssessment,
)
from pathways.models.pathway import ActivityKind
from workforce.tests.factories import JobRoleFactory, StaffMemberFactory


class CareerPathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerPathway
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Pathway {n}")


class PathwayStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayStage

    pathway = factory.SubFactory(CareerPathwayFactory)
    position = factory.Sequence(lambda n: n + 1)
    job_role = factory.SubFactory(JobRoleFactory)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    staff_member = factory.SubFactory(StaffMemberFactory)
    target_stage = factory.SubFactory(PathwayStageFactory)
    pathway = factory.LazyAttribute(lambda e: e.target_stage.pathway)
    nominated_on = datetime.date(2026, 1, 12)
    nomination_reason = "Runs the home's induction well and wants to train others."
    status_changed_on = factory.LazyAttribute(lambda e: e.nominated_on)


class MentorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    enrolment = factory.SubFactory(EnrolmentFactory)
    mentor = factory.SubFactory(StaffMemberFactory)
    started_on = datetime.date(2026, 2, 2)


class SkillsAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillsAssessment

    enrolment = factory.SubFactory(EnrolmentFactory)
    assessed_on = datetime.date(2026, 3, 2)
    assessor = factory.SubFactory(StaffMemberFactory)
    kind = SkillsAssessment.Kind.MENTOR


class SkillRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillRating

    assessment = factory.SubFactory(SkillsAssessmentFactory)
    level = 1


class DevelopmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    enrolment = factory.SubFactory(EnrolmentFactory)
    started_on = datetime.date(2026, 2, 2)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(DevelopmentPlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    target_date = datetime.date(2026, 9, 30)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    objective = factory.SubFactory(ObjectiveFactory)
    kind = ActivityKind.SHADOWING
    title = factory.Sequence(lambda n: f"Activity {n}")
    happened_on = datetime.date(2026, 4, 14)
    hours = 3


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    enrolment = factory.SubFactory(EnrolmentFactory)
    held_on = datetime.date(2026, 5, 5)
    next_review_on = datetime.date(2026, 8, 5)
