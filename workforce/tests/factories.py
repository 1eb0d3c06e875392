"""factory_boy factories for the core models; other apps' factories build on these."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    RoleRequirement,
    StaffGroup,
    StaffMember,
    TrainingRecord,
    TrainingRequirement,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get(name=name) for name in extracted])
        if create:
            self.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnit.Kind.HOME


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"Role {n}")
    pay_band = "3"
    staff_group = StaffGroup.DIRECT_CARE_SUPPORT


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    assignment_number = factory.Sequence(lambda n: f"{20000000 + n}")
    email = factory.LazyAttribute(
        lambda s: f"{s.first_name}.{s.last_name}.{s.assignment_number}@example.org".lower()
    )
    job_role = factory.SubFactory(JobRoleFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)
    start_date = datetime.date(2020, 1, 6)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    name = factory.Sequence(lambda n: f"Competency {n}")
    category = "Training delivery"
    level_1 = "Knows the basics"
    level_4 = "Teaches others"


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    job_role = factory.SubFactory(JobRoleFactory)
    competency = factory.SubFactory(CompetencyFactory)
    required_level = 3


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"Course {n}")
    kind = Course.Kind.STATUTORY_MANDATORY
    renewal_months = 12


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    staff_member = factory.SubFactory(StaffMemberFactory)
    course = factory.SubFactory(CourseFactory)
    status = TrainingRecord.Status.COMPLETED
    started_on = datetime.date(2025, 1, 6)
    completed_on = datetime.date(2025, 1, 10)


class TrainingRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRequirement

    course = factory.SubFactory(CourseFactory)
    job_role = None
