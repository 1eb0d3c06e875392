"""The training matrix tests' hand-made world, shared by the page and export tests.

The world (today-relative, since the page shows staff in post today):
  Oak House: Amy Adams (Care Assistant): fire valid, medication expiring
             Ben Baker (Care Assistant): fire expired, medication missing       -> 2 overdue
             Cara Clark (Cook): fire booked, food hygiene valid                 -> 1 overdue
  Elm Court: Eve Ellis (Care Assistant, started 10 days ago): due for both
             Fay Ford (Care Assistant) left last week: never shown
Fire safety is for everyone, Medication for Care Assistants, Food hygiene for Cooks. The signed-in
actors' own staff records are in post too (Lena Dawes, the L&D manager: fire safety missing).
"""

import datetime

from django.urls import reverse

from workforce.models import StaffGroup, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

URL = reverse("training:matrix")
TODAY = datetime.date.today()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def day(value: datetime.date) -> str:
    return f"{value:%-d %b %Y}"


def matrix_world(org) -> dict:
    carer = JobRoleFactory(title="Care Assistant", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    cook = JobRoleFactory(title="Cook", staff_group=StaffGroup.INDIRECT_SUPPORT)
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    medication = CourseFactory(title="Medication", renewal_months=12)
    food = CourseFactory(title="Food hygiene", renewal_months=36)
    TrainingRequirementFactory(course=fire)
    TrainingRequirementFactory(course=medication, job_role=carer)
    TrainingRequirementFactory(course=food, job_role=cook)

    def person(first, last, role, unit, **extra):
        return StaffMemberFactory(
            first_name=first, last_name=last, job_role=role, org_unit=org[unit], **extra
        )

    adams = person("Amy", "Adams", carer, "oak")
    baker = person("Ben", "Baker", carer, "oak")
    clark = person("Cara", "Clark", cook, "oak")
    ellis = person("Eve", "Ellis", carer, "elm", start_date=ago(10))
    ford = person("Fay", "Ford", carer, "elm", leaving_date=ago(7))
    done = {
        (adams, fire): ago(100),
        (adams, medication): ago(340),
        (baker, fire): ago(400),
        (clark, food): ago(30),
        (ford, fire): ago(30),
    }
    for (who, course), completed in done.items():
        TrainingRecordFactory(staff_member=who, course=course, started_on=completed, completed_on=completed)
    TrainingRecordFactory(
        staff_member=clark,
        course=fire,
        status=TrainingRecord.Status.PLANNED,
        started_on=TODAY + datetime.timedelta(days=14),
        completed_on=None,
    )
    return {
        "carer": carer,
        "cook": cook,
        "fire": fire,
        "medication": medication,
        "food": food,
        "done": done,
        "people": {p.last_name: p for p in (adams, baker, clark, ellis, ford)},
    }
