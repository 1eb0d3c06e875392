"""Hand-made compliance data shared by the summary's and the home page's tests, and a URL
configuration"""

import datetime

from workforce.models import StaffGroup, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

TODAY = datetime.date.today()
DAYS = datetime.timedelta(days=1)


def completed(person, course, days_ago):
    done = TODAY - days_ago * DAYS
    return TrainingRecordFactory(staff_member=person, course=course, started_on=done, completed_on=done)


def compliance_data(org) -> dict:
    """Care assistants must hold fire safety and medication, cooks fire safety only.

    Oak House (North): A both valid; B fire expired, medication missing; C fire expiring,
    medication booked. Elm Court (South): D a cook, fire valid; E fire missing, medication valid.
    Not counted: F, a new starter within the grace period (due); G, who left.
    Required: fire A B C D E (5) + medication A B C E (4) = 9; in date: A A C D E = 5.
    """
    carer = JobRoleFactory(title="Care assistant", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    cook = JobRoleFactory(title="Cook", staff_group=StaffGroup.INDIRECT_SUPPORT)
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    medication = CourseFactory(title="Medication", renewal_months=12)
    TrainingRequirementFactory(course=fire, job_role=carer)
    TrainingRequirementFactory(course=fire, job_role=cook)
    TrainingRequirementFactory(course=medication, job_role=carer)

    def person(name, unit, role=carer, **extra):
        return StaffMemberFactory(
            first_name=name, last_name="Person", org_unit=org[unit], job_role=role, **extra
        )

    a, b, c = person("A", "oak"), person("B", "oak"), person("C", "oak")
    d, e = person("D", "elm", cook), person("E", "elm")
    completed(a, fire, 30), completed(a, medication, 30)
    completed(b, fire, 400)
    completed(c, fire, 330)
    TrainingRecordFactory(
        staff_member=c, course=medication, status=TrainingRecord.Status.PLANNED, completed_on=None
    )
    completed(d, fire, 30)
    completed(e, medication, 30)
    person("F", "elm", start_date=TODAY - 10 * DAYS)
    person("G", "oak", leaving_date=TODAY - DAYS)
    return {"fire": fire, "medication": medication, **{p.first_name: p for p in (a, b, c, d, e)}}
