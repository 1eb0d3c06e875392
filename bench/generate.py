"""Bulk data for benchmarks: N staff in care homes, each with training records.

The courses each role must hold (`training_requirements`) mirror the demo organisation's:
mandatory courses for everyone, more for care, medication and food roles, the Care Certificate
for direct care staff. Each person has a record for most of their required courses, in a mix
that gives the training matrix every status (mostly valid, some expiring, expired, booked or
missing; new starters due), and a couple of development courses beyond them.

`generate(n)` adds n staff (in new homes of about 20) to whatever is already there, so a
benchmark can measure at 1,000 staff, add 14,000 and measure again. Rows go in with
bulk_create: no history rows and no per-row signals, which the pages being timed do not need.
Call `bench_users()` once for the logins the benchmark signs in as.

Usable outside bench/run.py on any database Django is configured for (never a real one):
    python -c "import django; django.setup(); from bench.generate import generate; generate(1000)"
"""

from __future__ import annotations

import datetime
import math
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from workforce.demo.data import (
    CARE_ROLES,
    COURSES,
    FIRST_NAMES,
    FOOD_ROLES,
    JOB_ROLES,
    LAST_NAMES,
    MANDATORY_FOR_ALL,
    MEDICATION_ROLES,
)
from workforce.models import (
    Course,
    JobRole,
    OrgUnit,
    StaffGroup,
    StaffMember,
    TrainingRecord,
    TrainingRequirement,
    add_months,
)
from workforce.permissions import Role

ORGANISATION = "Bench Care Group"
REGIONS = ["Bench North", "Bench South", "Bench East", "Bench West"]
STAFF_PER_HOME = 20
DEVELOPMENT_RECORDS = 2  # beyond the required courses
ASSIGNMENT_PREFIX = "B"
BATCH = 2000
# The mix of a home's staff after its Home Manager: (job role, weight).
HOME_ROLES = [
    ("Care Assistant", 10),
    ("Senior Care Assistant", 3),
    ("Registered Nurse", 1),
    ("Home Trainer", 1),
    ("Domestic Assistant", 2),
    ("Cook", 1),
    ("Administrator", 1),
]
STATUSES = [("completed", 85), ("in_progress", 7), ("planned", 6), ("withdrawn", 2)]


def _catalogue() -> tuple[dict[str, JobRole], list[Course]]:
    roles = {}
    for title, (band, group, occupation) in JOB_ROLES.items():
        roles[title], _ = JobRole.objects.get_or_create(
            title=title, defaults={"pay_band": band, "staff_group": group, "occupational_group": occupation}
        )
    courses = []
    for title, (kind, provider, level, renewal) in COURSES.items():
        course, _ = Course.objects.get_or_create(
            title=title,
            defaults={"kind": kind, "provider": provider, "level": level, "renewal_months": renewal},
        )
        courses.append(course)
    return roles, courses


def training_requirements(roles: dict[str, JobRole], courses: list[Course]) -> dict[str, list[Course]]:
    """Create the requirements (once) and return each role's required courses by role title."""
    by_title = {course.title: course for course in courses}
    wanted = [(title, {}) for title in MANDATORY_FOR_ALL]
    wanted += [("Care Certificate", {"staff_group": StaffGroup.DIRECT_CARE_SUPPORT})]
    for titles, extra in [
        (CARE_ROLES, ["Mental Capacity Act and DoLS", "Dementia awareness"]),
        (MEDICATION_ROLES, ["Safe administration of medication"]),
        (FOOD_ROLES, ["Food hygiene"]),
    ]:
        wanted += [(course, {"job_role": roles[role]}) for role in sorted(titles) for course in extra]
    required: dict[str, list[Course]] = {title: [] for title in roles}
    for course_title, who in wanted:
        course = by_title[course_title]
        TrainingRequirement.objects.get_or_create(
            course=course, job_role=who.get("job_role"), staff_group=who.get("staff_group", "")
        )
        for title, role in roles.items():
            if not who or who.get("job_role") == role or who.get("staff_group") == role.staff_group:
                required[title].append(course)
    return required


def _regions() -> list[OrgUnit]:
    group, _ = OrgUnit.objects.get_or_create(
        parent=None, name=ORGANISATION, defaults={"kind": OrgUnit.Kind.ORGANISATION}
    )
    return [
        OrgUnit.objects.get_or_create(parent=group, name=name, defaults={"kind": OrgUnit.Kind.REGION})[0]
        for name in REGIONS
    ]


def _person(rng: random.Random, number: int, role: JobRole, home: OrgUnit, today: datetime.date, **extra):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    left = rng.random() < 0.12
    start = today - datetime.timedelta(days=rng.randint(30, 12 * 365))
    leaving = min(today, start + datetime.timedelta(days=rng.randint(30, 3 * 365))) if left else None
    return StaffMember(
        first_name=first,
        last_name=last,
        assignment_number=f"{ASSIGNMENT_PREFIX}{number:08d}",
        email=f"{first}.{last}.{number}@bench.example".lower().replace("'", ""),
        job_role=role,
        org_unit=home,
        start_date=start,
        leaving_date=leaving,
        leaving_reason="Resigned" if left else "",
        **extra,
    )


def _required_record(rng: random.Random, person: StaffMember, course: Course, today: datetime.date):
    """A required course: 4% never done (missing, or due for a new starter), 3% booked, 8% not
    renewed in time (expired), the rest done within the renewal period (some of them expiring)."""
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.07:
        return TrainingRecord(staff_member=person, course=course, status="planned")
    renewal_days = (course.renewal_months or 36) * 30
    days_ago = renewal_days + rng.randint(10, 300) if roll < 0.15 else rng.randint(0, renewal_days - 5)
    completed = max(today - datetime.timedelta(days=days_ago), person.start_date)
    expires = add_months(completed, course.renewal_months) if course.renewal_months else None
    return TrainingRecord(
        staff_member=person,
        course=course,
        status="completed",
        started_on=completed,
        completed_on=completed,
        expires_on=expires,
    )


def _records(
    rng: random.Random,
    person: StaffMember,
    courses: list[Course],
    required: list[Course],
    today: datetime.date,
):
    for course in required:
        record = _required_record(rng, person, course, today)
        if record is not None:
            yield record
    others = [course for course in courses if course not in required]
    for course in rng.sample(others, DEVELOPMENT_RECORDS):
        status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        started = person.start_date + datetime.timedelta(days=rng.randint(0, 60))
        completed = expires = None
        if status == "completed":
            completed = min(today, started + datetime.timedelta(days=rng.randint(0, 400)))
            if course.renewal_months:
                expires = add_months(completed, course.renewal_months)
        yield TrainingRecord(
            staff_member=person,
            course=course,
            status=status,
            started_on=None if status == "planned" else started,
            completed_on=completed,
            expires_on=expires,
        )


@transaction.atomic
def generate(n_staff: int, *, seed: int = 1, today: datetime.date | None = None) -> dict[str, int]:
    """Add n_staff staff in new homes, with training records; returns what was created."""
    today = today or datetime.date.today()
    roles, courses = _catalogue()
    required = training_requirements(roles, courses)
    regions = _regions()
    first_number = StaffMember.objects.filter(assignment_number__startswith=ASSIGNMENT_PREFIX).count() + 1
    # Seeded by where this batch starts, so each batch is reproducible on its own.
    rng = random.Random(f"{seed}:{first_number}")
    existing_homes = OrgUnit.objects.filter(parent__in=regions).count()
    titles = [title for title, _ in HOME_ROLES]
    weights = [weight for _, weight in HOME_ROLES]

    homes = []
    for index in range(math.ceil(n_staff / STAFF_PER_HOME)):
        number = existing_homes + index + 1
        # Ordinary saves: OrgUnit.save() fills in the materialised path the scoping relies on.
        homes.append(
            OrgUnit.objects.create(
                name=f"Home {number:05d}", kind=OrgUnit.Kind.HOME, parent=regions[number % len(regions)]
            )
        )

    number = first_number
    managers = []
    for home in homes:
        managers.append(_person(rng, number, roles["Home Manager"], home, today))
        number += 1
    managers = StaffMember.objects.bulk_create(managers, batch_size=BATCH)

    staff = []
    remaining = n_staff - len(managers)
    for index in range(remaining):
        manager = managers[index % len(managers)]
        role = roles[rng.choices(titles, weights=weights)[0]]
        staff.append(_person(rng, number, role, manager.org_unit, today, line_manager=manager))
        number += 1
    staff = StaffMember.objects.bulk_create(staff, batch_size=BATCH)

    records = [
        record
        for person in managers + staff
        for record in _records(rng, person, courses, required[person.job_role.title], today)
    ]
    TrainingRecord.objects.bulk_create(records, batch_size=BATCH)
    return {"homes": len(homes), "staff": len(managers) + len(staff), "training records": len(records)}


def bench_users() -> dict[str, object]:
    """The logins pages are timed as: an L&D manager (sees everyone), a Home Manager (one home) and
    an action owner (a member of that home's staff: the picker's names-only, in-scope search)."""
    user_model = get_user_model()
    users = {}
    first_manager = (
        # a current one: a manager who has left has no scope (and would only see "access ended")
        StaffMember.objects.in_post()
        .filter(assignment_number__startswith=ASSIGNMENT_PREFIX, job_role__title="Home Manager")
        .order_by("assignment_number")
        .first()
    )
    colleague = (
        StaffMember.objects.in_post().filter(line_manager=first_manager).order_by("pk").first()
        if first_manager
        else None
    )
    logins = [
        ("ld", Role.LD_MANAGER, None),
        ("manager", Role.MANAGER, first_manager),
        ("owner", Role.ACTION_OWNER, colleague),
    ]
    for username, role, person in logins:
        user, created = user_model.objects.get_or_create(username=f"bench-{username}")
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        if person is not None and person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        users[username] = user
    return users
