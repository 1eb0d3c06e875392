"""factory_boy factories for traineeships; they build on the core's (workforce/tests/factories.py)."""

import datetime

import factory

from traineeships.models import (
    Applicant,
    ConfidentialSupportPlan,
    EqualityMonitoring,
    Feedback,
    Intake,
    Outcome,
    Placement,
    PreEmploymentCheck,
    Programme,
    Stage,
    SupportMeeting,
    Trainee,
)
from workforce.tests.factories import OrgUnitFactory, StaffMemberFactory

TODAY = datetime.date.today


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.SERVICE_USER_TRAINEESHIP


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Intake {n}")
    recruitment_opens_on = factory.LazyFunction(lambda: TODAY() - datetime.timedelta(days=90))
    recruitment_closes_on = factory.LazyFunction(lambda: TODAY() - datetime.timedelta(days=30))
    starts_on = factory.LazyFunction(lambda: TODAY() - datetime.timedelta(days=14))
    ends_on = factory.LazyFunction(lambda: TODAY() + datetime.timedelta(days=300))
    places = 10
    status = Intake.Status.IN_PLACEMENT


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    intake = factory.SubFactory(IntakeFactory)
    first_name = factory.Sequence(lambda n: f"Applicant{n}")
    last_name = "Jones"
    email = factory.LazyAttribute(lambda a: f"{a.first_name.lower()}@example.org")
    stage = Stage.APPLIED
    stage_changed_on = factory.LazyFunction(TODAY)


class EqualityMonitoringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityMonitoring

    applicant = factory.SubFactory(ApplicantFactory)


class CheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreEmploymentCheck

    applicant = factory.SubFactory(ApplicantFactory)
    kind = PreEmploymentCheck.Kind.DBS
    status = PreEmploymentCheck.Status.CLEARED
    status_on = factory.LazyFunction(TODAY)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    applicant = factory.SubFactory(ApplicantFactory, stage=Stage.STARTED)
    started_on = factory.LazyAttribute(lambda t: t.applicant.intake.starts_on)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    trainee = factory.SubFactory(TraineeFactory)
    host_unit = factory.SubFactory(OrgUnitFactory)
    starts_on = factory.LazyAttribute(lambda p: p.trainee.started_on)
    supervisor = factory.SubFactory(StaffMemberFactory)
    status = Placement.Status.ACTIVE


class SupportMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportMeeting

    trainee = factory.SubFactory(TraineeFactory)
    held_on = factory.LazyFunction(TODAY)
    kind = SupportMeeting.Kind.QUARTERLY


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    trainee = factory.SubFactory(TraineeFactory)
    recorded_on = factory.LazyFunction(TODAY)
    kind = Outcome.Kind.EMPLOYED_HERE


class ConfidentialPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidentialSupportPlan

    trainee = factory.SubFactory(TraineeFactory)
    title = "Stress management plan"
    content = "Early signs: quiet, skips breaks. Helps: a short walk, a check-in with the coach."


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    trainee = factory.SubFactory(TraineeFactory)
    given_on = factory.LazyFunction(TODAY)
    given_by = Feedback.From.TRAINEE
    rating = 4
    comments = "The team made me welcome."
