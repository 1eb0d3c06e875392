"""`build_core()`: the organisation, catalogue, staff, training records and logins."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from workforce.demo.base import DemoCore
from workforce.demo.data import (
    ASSIGNMENT_BASE,
    CARE_ROLES,
    COMPETENCIES,
    COURSE_SUBJECTS,
    COURSES,
    DEVELOPMENT,
    FIRST_NAMES,
    FOOD_ROLES,
    FRAMEWORK,
    HEAD_OFFICE,
    HOMES_WITHOUT_TRAINER,
    IP,
    JOB_ROLES,
    LAST_NAMES,
    LEAVING_REASONS,
    LOGINS,
    LONG_PROGRAMMES,
    MANDATORY_FOR_ALL,
    MEDICATION_ROLES,
    NONE,
    NURSING_HOMES,
    ORGANISATION,
    REGIONS,
    REQUIRED_TRAINING,
    REQUIREMENTS,
    SAFEGUARDING_LEVEL_3_ROLES,
    SHORTER_RENEWALS,
    C,
    K,
    P,
    W,
)
from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    RoleRequirement,
    StaffMember,
    TrainingRecord,
    TrainingRequirement,
    add_months,
)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _PeopleBuilder:
    """Creates staff in a fixed order so the seeded generator gives everyone the same details each run."""

    def __init__(self, core: DemoCore, rng: random.Random):
        self.core, self.rng, self.counter = core, rng, 0
        # New training records are saved in bulk at the end: thousands of single saves (each with
        # its history row) made the demo too slow for the test suite. History rows are still written.
        self.new_records: list[TrainingRecord] = []
        # Draws for what came with training requirements come from a generator of their own, so
        # the people and records drawn before them stay exactly as they were.
        self.compliance_rng = core.random("workforce.compliance")

    def save_new_records(self) -> None:
        bulk_create_with_history(self.new_records, TrainingRecord, batch_size=500)
        self.core.count_created(TrainingRecord, len(self.new_records))
        self.new_records = []

    def add(
        self,
        title,
        unit,
        line_manager=None,
        *,
        name=None,
        leaver=False,
        promoted_from=None,
        started_days_ago=None,
    ):
        core, rng = self.core, self.rng
        self.counter += 1
        # Every random draw happens whatever is already in the database, so reruns stay in step.
        first, last = name.split(" ", 1) if name else (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        start = core.today - datetime.timedelta(days=rng.randint(30, 15 * 365))
        if started_days_ago is not None:
            start = core.today - datetime.timedelta(days=started_days_ago)
        leaving_date, leaving_reason = None, ""
        if leaver:
            leaving_date = core.today - datetime.timedelta(days=rng.randint(7, 2 * 365))
            start = min(start, leaving_date - datetime.timedelta(days=rng.randint(45, 6 * 365)))
            leaving_reason = rng.choice(LEAVING_REASONS)
        if promoted_from:  # a promotion needs someone who has been here a while
            start = min(start, core.today - datetime.timedelta(days=3 * 365))
        promoted_on = start + datetime.timedelta(
            days=rng.randint(200, max(201, (core.today - start).days - 60))
        )
        lookup = {"assignment_number": str(ASSIGNMENT_BASE + self.counter)}
        values = {
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}@northshire-care.example".lower().replace("'", ""),
            "job_role": core.job_roles[title],
            "org_unit": unit,
            "line_manager": line_manager,
            "start_date": start,
            "leaving_date": leaving_date,
            "leaving_reason": leaving_reason,
        }
        up = core.upsert
        existing = StaffMember.objects.filter(**lookup).first()
        if existing is not None:
            person, _ = up(StaffMember, lookup, values, found=existing)
        else:
            # First load: tell the person's story as dated changes, so their profile has real history
            # (joined, promoted, left) rather than one row stamped with today's date.
            joined = {**values, "leaving_date": None, "leaving_reason": ""}
            if promoted_from:
                joined["job_role"] = core.job_roles[promoted_from]
            person, _ = up(StaffMember, lookup, joined, history_date=_aware(start))
            if promoted_from:
                person, _ = up(StaffMember, lookup, {"job_role": values["job_role"]}, _aware(promoted_on))
            if leaver:
                person, _ = up(
                    StaffMember,
                    lookup,
                    {"leaving_date": leaving_date, "leaving_reason": leaving_reason},
                    _aware(leaving_date),
                )
        core.staff.append(person)
        self._training(person, title, rng, is_new=existing is None)
        return person

    def _training(self, person: StaffMember, title: str, rng: random.Random, is_new: bool):
        core = self.core
        # The latest record per course is the one this builds (reports.demo adds earlier
        # completions of the same course behind it): oldest first, so the latest wins.
        records = person.training_records.order_by("completed_on", "pk")
        existing = {} if is_new else {record.course_id: record for record in records}
        end = person.leaving_date or core.today
        days_in_post = (end - person.start_date).days
        courses = list(MANDATORY_FOR_ALL)
        if title in CARE_ROLES:
            courses += ["Mental Capacity Act and DoLS", "Dementia awareness"]
        if title in MEDICATION_ROLES:
            courses.append("Safe administration of medication")
        if title in FOOD_ROLES:
            courses.append("Food hygiene")
        plan = [(course, None, rng) for course in courses]
        if not person.leaving_date:
            plan += [(course, _pick(rng, weights), rng) for course, weights in DEVELOPMENT.get(title, [])]
        if title in SAFEGUARDING_LEVEL_3_ROLES:
            plan.append(("Safeguarding adults level 3", None, self.compliance_rng))
        for course_title, development_status, drawn_from in plan:
            course = core.courses[course_title]
            values = self._record_values(course, development_status, person, end, days_in_post, drawn_from)
            # A few required courses never done at all: the matrix's "missing".
            if values is None or (development_status is None and self.compliance_rng.random() < 0.015):
                continue
            if course.pk in existing:
                lookup = {"staff_member": person, "course": course}
                core.upsert(TrainingRecord, lookup, values, found=existing[course.pk])
            else:
                record = TrainingRecord(staff_member=person, course=course, **values)
                # Entered when it happened, as a training administrator would have.
                when = values["completed_on"] or values["started_on"]
                if when:
                    record._history_date = _aware(when)
                self.new_records.append(record)

    @staticmethod
    def _duration_days(course: Course, rng: random.Random) -> int:
        if course.kind in LONG_PROGRAMMES:
            return rng.randint(180, 540)
        if course.kind == K.CARE_CERTIFICATE:
            return rng.randint(40, 84)  # the Care Certificate takes about twelve weeks
        return rng.choice([0, 0, 1])

    def _record_values(self, course, development_status, person, end, days_in_post, rng):
        core = self.core
        if development_status is None:  # a mandatory course: done, overdue or booked
            new_starter = days_in_post < 40
            if (new_starter and rng.random() < 0.6) or (not person.leaving_date and rng.random() < 0.02):
                status = rng.choice([P, IP])
            else:
                status = C
        else:
            status = development_status
        if status is NONE:
            return None
        started = completed = expires = None
        note = ""
        if status == C:
            window = (course.renewal_months or 48) * 30
            # About one mandatory record in twelve runs past its renewal date: the expired training.
            if course.renewal_months and rng.random() < 0.08:
                days_ago = window + rng.randint(1, 150)
            else:
                days_ago = rng.randint(1, window - 1)
            days_ago = min(days_ago, max(1, days_in_post - 1))
            completed = end - datetime.timedelta(days=days_ago)
            started = completed - datetime.timedelta(days=self._duration_days(course, rng))
            if course.renewal_months:
                expires = add_months(completed, course.renewal_months)
        elif status == IP:
            started = min(end, core.today) - datetime.timedelta(
                days=rng.randint(5, min(300, days_in_post + 5))
            )
        elif status == P:
            note = rng.choice(["Booked on the next session.", "Waiting for a place.", ""])
        elif status == W:
            started = end - datetime.timedelta(days=rng.randint(60, max(61, days_in_post)))
            note = rng.choice(["Withdrew for personal reasons.", "Paused: changed shift pattern."])
        if started and started < person.start_date:
            started = person.start_date
        if completed and completed < started:
            completed = started
        return {
            "status": status,
            "started_on": started,
            "completed_on": completed,
            "expires_on": expires,
            "note": note,
        }


def _training_requirements(core: DemoCore) -> None:
    for course, roles in REQUIRED_TRAINING.items():
        if roles is None:
            core.upsert(
                TrainingRequirement,
                {"course": core.courses[course], "job_role": None, "staff_group": ""},
                {"renewal_months": None},
            )
            continue
        for role in sorted(roles):
            core.upsert(
                TrainingRequirement,
                {"course": core.courses[course], "job_role": core.job_roles[role]},
                {"renewal_months": SHORTER_RENEWALS.get((course, role))},
            )
    for (course, role), months in SHORTER_RENEWALS.items():
        core.upsert(
            TrainingRequirement,
            {"course": core.courses[course], "job_role": core.job_roles[role]},
            {"renewal_months": months},
        )


def build_core(today: datetime.date | None = None) -> DemoCore:
    """The organisation, catalogue, staff, training records and logins."""
    core = DemoCore(today=(today or datetime.date.today()).replace(day=1))
    up = core.upsert

    for title, (band, group, occupation) in JOB_ROLES.items():
        core.job_roles[title], _ = up(
            JobRole,
            {"title": title},
            {"pay_band": band, "staff_group": group, "occupational_group": occupation},
        )
    for name, (category, description, levels) in COMPETENCIES.items():
        descriptors = {f"level_{n}": text for n, text in enumerate(levels, start=1)}
        core.competencies[name], _ = up(
            Competency,
            {"name": name},
            {"category": category, "framework": FRAMEWORK, "description": description, **descriptors},
        )
    for role, levels in REQUIREMENTS.items():
        for competency, level in levels.items():
            up(
                RoleRequirement,
                {"job_role": core.job_roles[role], "competency": core.competencies[competency]},
                {"required_level": level},
            )
    for title, (kind, provider, level, renewal) in COURSES.items():
        subject, subject_level = COURSE_SUBJECTS.get(title, ("", None))
        core.courses[title], _ = up(
            Course,
            {"title": title},
            {
                "kind": kind,
                "provider": provider,
                "level": level,
                "renewal_months": renewal,
                "subject": subject,
                "subject_level": subject_level,
            },
        )
    _training_requirements(core)

    Kind = OrgUnit.Kind
    core.organisation, _ = up(OrgUnit, {"parent": None, "name": ORGANISATION}, {"kind": Kind.ORGANISATION})
    core.head_office, _ = up(
        OrgUnit, {"parent": core.organisation, "name": HEAD_OFFICE}, {"kind": Kind.DEPARTMENT}
    )
    for region, homes in REGIONS.items():
        core.regions[region], _ = up(
            OrgUnit, {"parent": core.organisation, "name": region}, {"kind": Kind.REGION}
        )
        for home in homes:
            core.homes.append(
                up(OrgUnit, {"parent": core.regions[region], "name": home}, {"kind": Kind.HOME})[0]
            )

    people = _PeopleBuilder(core, core.random("workforce"))
    rng = people.rng
    add = people.add
    office = core.head_office
    director = core.people["director"] = add("Director of Workforce", office, name="Richard Okafor")
    head_ld = core.people["ld"] = add(
        "Head of Learning and Development", office, director, name="Helen Marsh"
    )
    core.people["owner"] = add("Learning and Development Coordinator", office, head_ld, name="Sarah Bennett")
    core.people["gf"] = add("HR Business Partner", office, director, name="Graham Fletcher")
    for title in [
        "Administrator",
        "Administrator",
        "Finance Officer",
        "Learning and Development Coordinator",
    ]:
        add(title, office, head_ld if "Learning" in title else director)

    for region_name, homes in REGIONS.items():
        region = core.regions[region_name]
        north = region_name == "North Region"
        ops = add("Regional Operations Manager", region, director)
        rto = add(
            "Regional Training Officer",
            region,
            head_ld,
            name="Daniel Price" if north else None,
            promoted_from="Link Trainer" if rng.random() < 0.5 else None,
        )
        if north:
            core.people["mentor"] = rto
        if region_name in {"North Region", "East Region"}:
            add("Link Trainer", region, rto, promoted_from="Home Trainer")
        for home_name in homes:
            home = next(h for h in core.homes if h.name == home_name)
            oak = home_name == "Oak House"
            manager = add(
                "Home Manager",
                home,
                ops,
                name="Janet Hughes" if oak else None,
                promoted_from="Deputy Manager" if rng.random() < 0.3 else None,
            )
            if oak:
                core.people["manager"] = manager
            deputy = add("Deputy Manager", home, manager) if oak or rng.random() < 0.7 else None
            care_lead = deputy or manager
            if home_name in HOMES_WITHOUT_TRAINER:
                if rng.random() < 0.6:
                    add("Home Trainer", home, manager, leaver=True)
            else:
                add(
                    "Home Trainer",
                    home,
                    manager,
                    promoted_from="Senior Care Assistant" if rng.random() < 0.5 else None,
                )
            if home_name in NURSING_HOMES:
                for _ in range(rng.randint(2, 4)):
                    add("Registered Nurse", home, care_lead)
            for _ in range(rng.randint(2, 4)):
                add("Senior Care Assistant", home, care_lead)
            for _ in range(rng.randint(7, 12)):
                add("Care Assistant", home, care_lead)
            if rng.random() < 0.6:
                add("Activities Coordinator", home, manager)
            add("Administrator", home, manager)
            add("Cook", home, manager)
            for _ in range(rng.randint(1, 2)):
                add("Domestic Assistant", home, manager)
            if rng.random() < 0.4:
                add("Maintenance Operative", home, manager)
            # Turnover over the last two years, mostly in front-line care.
            for _ in range(rng.randint(2, 6)):
                add(
                    rng.choice(["Care Assistant"] * 6 + ["Senior Care Assistant", "Domestic Assistant"]),
                    home,
                    care_lead,
                    leaver=True,
                )

    # New starters in their first weeks, most booked on courses they have not done yet: within
    # their grace period, so the matrix shows them "due by" rather than counting against the home.
    for home in core.homes[:6]:
        add(
            "Care Assistant",
            home,
            home.staff.filter(job_role__title="Home Manager", leaving_date=None).first(),
            started_days_ago=people.compliance_rng.randint(7, 35),
        )

    people.save_new_records()
    for username, role, person_key in LOGINS:
        core.ensure_login(username, role, core.people.get(person_key) if person_key else None)
    return core
