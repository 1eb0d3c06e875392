"""The compliance status rules (workforce.compliance), each on a hand-made case."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from workforce import indicators
from workforce.compliance import Compliance, Status, grace_starts_from
from workforce.indicators import Measure
from workforce.models import StaffGroup, StaffMember, TrainingRecord
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

ON = datetime.date(2026, 6, 15)
d = datetime.date.fromisoformat


def statuses(compliance=None, **filters):
    """{(last name, course title): (status, date shown)} for everyone in post on ON.

    Checks on the way that `counts` and `statuses_per_person` (one join grouped by person, for
    whole selections) find the statuses the cells show (a subquery per column), so every rule
    here holds for both."""
    compliance = compliance or Compliance(ON)
    selection = StaffMember.objects.in_post(ON).filter(**filters)
    staff = list(compliance.annotate_dates(selection))
    counted = {column.key: Counter() for column in compliance.columns}
    for person in staff:
        for cell in compliance.cells(person):
            counted[cell.column.key][cell.status] += 1
    assert compliance.counts(selection) == ({} if not compliance.columns else counted)
    if compliance.columns:  # the same per person, as the home page's headline reads them
        by_person = Counter(tuple(cell.status for cell in compliance.cells(person)) for person in staff)
        assert Counter(compliance.statuses_per_person(selection)) == by_person
    return {
        (person.last_name, cell.course.title): (cell.status, cell.date)
        for person in staff
        for cell in compliance.cells(person)
    }


@pytest.fixture
def carer(db):
    return JobRoleFactory(title="Care assistant", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)


@pytest.fixture
def fire(db):
    course = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=course)  # everyone
    return course


def person(name, role, start=datetime.date(2020, 1, 1), **extra):
    return StaffMemberFactory(last_name=name, job_role=role, start_date=start, **extra)


def test_valid_expiring_expired_missing(carer, fire):
    for name, completed in [("Valid", "2026-03-01"), ("Expiring", "2025-07-20"), ("Expired", "2025-05-01")]:
        TrainingRecordFactory(staff_member=person(name, carer), course=fire, completed_on=d(completed))
    person("Missing", carer)
    assert statuses() == {
        ("Valid", "Fire safety"): (Status.VALID, datetime.date(2027, 3, 1)),
        ("Expiring", "Fire safety"): (Status.EXPIRING, datetime.date(2026, 7, 20)),
        ("Expired", "Fire safety"): (Status.EXPIRED, datetime.date(2026, 5, 1)),
        ("Missing", "Fire safety"): (Status.MISSING, None),
    }


def test_expiring_window_edges_and_never_expiring(carer, db):
    course = CourseFactory(title="Induction", renewal_months=None)
    TrainingRequirementFactory(course=course)
    TrainingRecordFactory(staff_member=person("Once", carer), course=course, completed_on=d("2010-01-01"))
    # Expires exactly on ON: still in date that day; exactly 60 days ahead: expiring.
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=fire)
    TrainingRecordFactory(staff_member=person("Today", carer), course=fire, completed_on=d("2025-06-15"))
    TrainingRecordFactory(staff_member=person("Window", carer), course=fire, completed_on=d("2025-08-14"))
    TrainingRecordFactory(staff_member=person("Beyond", carer), course=fire, completed_on=d("2025-08-15"))
    result = statuses()
    assert result[("Once", "Induction")] == (Status.VALID, None)
    assert result[("Today", "Fire safety")] == (Status.EXPIRING, ON)
    assert result[("Window", "Fire safety")][0] == Status.EXPIRING
    assert result[("Beyond", "Fire safety")][0] == Status.VALID


def test_a_later_completion_renews_an_expired_one(carer, fire):
    renewed = person("Renewed", carer)
    TrainingRecordFactory(staff_member=renewed, course=fire, completed_on=d("2024-01-10"))
    TrainingRecordFactory(staff_member=renewed, course=fire, completed_on=d("2026-01-10"))
    assert statuses() == {("Renewed", "Fire safety"): (Status.VALID, datetime.date(2027, 1, 10))}


def test_a_completion_after_the_day_does_not_count_yet(carer, fire):
    TrainingRecordFactory(staff_member=person("Later", carer), course=fire, completed_on=d("2026-06-16"))
    assert statuses()[("Later", "Fire safety")][0] == Status.MISSING


def test_a_higher_level_satisfies_a_lower_one_but_not_the_reverse(carer, db):
    level = {
        n: CourseFactory(
            title=f"Safeguarding children L{n}",
            subject="Safeguarding children",
            subject_level=n,
            renewal_months=36,
        )
        for n in (1, 2, 3)
    }
    nurse = JobRoleFactory(title="Nurse", staff_group=StaffGroup.REGISTERED_PROFESSIONAL)
    TrainingRequirementFactory(course=level[2], staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    TrainingRequirementFactory(course=level[3], job_role=nurse)
    TrainingRecordFactory(staff_member=person("Higher", carer), course=level[3], completed_on=d("2025-01-01"))
    TrainingRecordFactory(staff_member=person("Lower", nurse), course=level[2], completed_on=d("2025-01-01"))
    result = statuses()
    assert result[("Higher", "Safeguarding children L2")] == (Status.VALID, datetime.date(2028, 1, 1))
    assert result[("Higher", "Safeguarding children L3")][0] == Status.NOT_REQUIRED
    assert result[("Lower", "Safeguarding children L3")][0] == Status.MISSING
    assert result[("Lower", "Safeguarding children L2")][0] == Status.NOT_REQUIRED


def test_a_requirement_may_set_a_shorter_renewal_period(carer, db):
    course = CourseFactory(title="Moving and handling", renewal_months=36)
    nurse = JobRoleFactory(title="Nurse", staff_group=StaffGroup.REGISTERED_PROFESSIONAL)
    TrainingRequirementFactory(course=course)
    TrainingRequirementFactory(course=course, job_role=carer, renewal_months=12)
    for who, role in [("Carer", carer), ("Nurse", nurse)]:
        TrainingRecordFactory(staff_member=person(who, role), course=course, completed_on=d("2025-03-01"))
    result = statuses()
    assert result[("Carer", "Moving and handling")] == (Status.EXPIRED, datetime.date(2026, 3, 1))
    assert result[("Nurse", "Moving and handling")] == (Status.VALID, datetime.date(2028, 3, 1))


def test_new_starters_are_due_within_the_grace_period(carer, fire, settings):
    settings.TRAINING_GRACE_MONTHS = 3
    person("Starter", carer, start=datetime.date(2026, 4, 1))
    person("Settled", carer, start=datetime.date(2026, 3, 1))
    result = statuses()
    assert result[("Starter", "Fire safety")] == (Status.DUE, datetime.date(2026, 7, 1))
    assert result[("Settled", "Fire safety")] == (Status.MISSING, None)


def test_grace_starts_from_is_exact_at_month_ends(settings):
    settings.TRAINING_GRACE_MONTHS = 1
    on = datetime.date(2026, 3, 30)
    start = grace_starts_from(on)
    # 28 Feb + 1 month = 28 Mar (past); 1 Mar + 1 month = 1 Apr (still running).
    assert start == datetime.date(2026, 3, 1)


def test_booked_and_in_progress(carer, fire):
    expired = person("Rebooked", carer)
    TrainingRecordFactory(staff_member=expired, course=fire, completed_on=d("2024-01-01"))
    TrainingRecordFactory(
        staff_member=expired,
        course=fire,
        status=TrainingRecord.Status.PLANNED,
        completed_on=None,
        started_on=d("2026-07-01"),
    )
    TrainingRecordFactory(
        staff_member=person("Studying", carer),
        course=fire,
        status=TrainingRecord.Status.IN_PROGRESS,
        completed_on=None,
        started_on=None,
    )
    withdrawn = person("Withdrawn", carer)
    TrainingRecordFactory(
        staff_member=withdrawn, course=fire, status=TrainingRecord.Status.WITHDRAWN, completed_on=None
    )
    result = statuses()
    assert result[("Rebooked", "Fire safety")] == (Status.BOOKED, datetime.date(2026, 7, 1))
    under_way = person("Under way", carer)
    TrainingRecordFactory(
        staff_member=under_way,
        course=fire,
        status=TrainingRecord.Status.IN_PROGRESS,
        completed_on=None,
        started_on=d("2026-05-01"),
    )
    rules = Compliance(ON)
    words = {p.last_name: rules.cells(p)[0].words for p in rules.annotate_dates(StaffMember.objects.all())}
    # A date ahead of the day is a booking; one on or before it, a course under way.
    assert words["Rebooked"] == "Booked for 1 Jul 2026"
    assert words["Under way"] == "In progress since 1 May 2026"
    assert words["Studying"] == "In progress / booked"
    assert result[("Studying", "Fire safety")] == (Status.BOOKED, None)
    assert result[("Withdrawn", "Fire safety")] == (Status.MISSING, None)


def test_requirements_by_role_group_and_everyone(carer, db):
    nurse = JobRoleFactory(title="Nurse", staff_group=StaffGroup.REGISTERED_PROFESSIONAL)
    by_role = CourseFactory(title="Medication")
    by_group = CourseFactory(title="Clinical skills")
    TrainingRequirementFactory(course=by_role, job_role=carer)
    TrainingRequirementFactory(course=by_group, staff_group=StaffGroup.REGISTERED_PROFESSIONAL)
    person("Carer", carer)
    person("Nurse", nurse)
    person("Nobody", None)
    result = statuses()
    assert result[("Carer", "Medication")][0] == Status.MISSING
    assert result[("Carer", "Clinical skills")][0] == Status.NOT_REQUIRED
    assert result[("Nurse", "Medication")][0] == Status.NOT_REQUIRED
    assert result[("Nurse", "Clinical skills")][0] == Status.MISSING
    assert result[("Nobody", "Medication")][0] == Status.NOT_REQUIRED


def test_leavers_and_archived_courses_are_left_out(carer, fire):
    person("Leaver", carer, leaving_date=datetime.date(2026, 6, 1))
    archived = CourseFactory(title="Old course", is_archived=True)
    TrainingRequirementFactory(course=archived)
    person("Stayer", carer)
    assert statuses() == {("Stayer", "Fire safety"): (Status.MISSING, None)}


def test_compliance_percentage_counts_required_courses(carer, fire):
    medication = CourseFactory(title="Medication", renewal_months=12)
    TrainingRequirementFactory(course=medication, job_role=carer)
    both = person("Both", carer)
    for course in (fire, medication):
        TrainingRecordFactory(staff_member=both, course=course, completed_on=d("2026-01-01"))
    half = person("Half", carer)
    TrainingRecordFactory(staff_member=half, course=fire, completed_on=d("2026-01-01"))
    person("Starter", carer, start=datetime.date(2026, 6, 1))  # due: counted in neither
    other = person("Other", JobRoleFactory(title="Cook", staff_group=StaffGroup.INDIRECT_SUPPORT))
    TrainingRecordFactory(staff_member=other, course=fire, completed_on=d("2025-01-01"))  # expired
    # Required: both 2 + half 2 + other 1 (fire only) = 5; in date: 2 + 1 = 3.
    start = datetime.date(2026, 1, 1)
    assert indicators.value("workforce.mandatory_compliance", start, ON) == Measure(Decimal("60.0"), 3, 5)
    by_course = {
        row.label: row.measure
        for row in indicators.breakdown("workforce.mandatory_compliance", start, ON, by="course")
    }
    assert by_course == {
        "Fire safety": Measure(Decimal("66.7"), 2, 3),
        "Medication": Measure(Decimal("50.0"), 1, 2),
    }
    by_group = {
        row.label: row.measure
        for row in indicators.breakdown("workforce.mandatory_compliance", start, ON, by="staff_group")
    }
    assert by_group["Indirect support"] == Measure(Decimal("0.0"), 0, 1)
