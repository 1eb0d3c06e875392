"""Training compliance's vocabulary: the statuses and which of them count as compliant or
required, the new starter's grace period, a required course (`Column`) and a person's status
for it in words (`Cell`, shown by the matrix, the profile and My work). The rules that work the
statuses out in the database are `Compliance`'s (workforce/compliance.py), which imports all of
this from here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Func, Q, Value, When

from workforce.training import Course, TrainingRequirement, add_months

# Stands for "never expires" where dates are compared and the latest wins.
NEVER = datetime.date(9999, 12, 31)


class Status(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRING = "expiring", "Expiring"
    BOOKED = "booked", "In progress / booked"
    EXPIRED = "expired", "Expired"
    MISSING = "missing", "Missing"
    DUE = "due", "Due (new starter)"
    NOT_REQUIRED = "not_required", "Not required"


COMPLIANT = (Status.VALID, Status.EXPIRING)
REQUIRED = (Status.VALID, Status.EXPIRING, Status.BOOKED, Status.EXPIRED, Status.MISSING)
OVERDUE = (Status.EXPIRED, Status.MISSING, Status.BOOKED)
# Out of date: counted against the person and nothing booked. The home headline and the
# directory's training filter count people with any such cell.
OUT_OF_DATE = (Status.EXPIRED, Status.MISSING)
# Worst first: the order a person's statuses are summed up in, and the matrix's legend.
STATUS_ORDER = (
    Status.EXPIRED,
    Status.MISSING,
    Status.BOOKED,
    Status.EXPIRING,
    Status.DUE,
    Status.VALID,
    Status.NOT_REQUIRED,
)


def grace_months() -> int:
    return settings.TRAINING_GRACE_MONTHS


def expiring_days() -> int:
    return settings.TRAINING_EXPIRING_DAYS


def due_by(start_date: datetime.date | None) -> datetime.date | None:
    return add_months(start_date, grace_months()) if start_date else None


def grace_starts_from(on: datetime.date) -> datetime.date:
    """The earliest start date whose grace period still runs on `on` (due_by(start) >= on).

    due_by never decreases as the start date moves on, so step from the month-arithmetic guess
    to the exact first day (month ends make the guess a day or two out)."""
    start = add_months(on, -grace_months())
    while add_months(start - datetime.timedelta(days=1), grace_months()) >= on:
        start -= datetime.timedelta(days=1)
    while add_months(start, grace_months()) < on:
        start += datetime.timedelta(days=1)
    return start


@dataclass(frozen=True)
class Cell:
    """A person's status for one required course, and the date that goes with it."""

    column: Column
    status: str
    date: datetime.date | None = None
    on: datetime.date | None = None  # the day the status is for (a booking is ahead of it or under way)

    @property
    def course(self) -> Course:
        return self.column.course

    @property
    def is_compliant(self) -> bool:
        return self.status in COMPLIANT

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def words(self) -> str:
        """What the cell says, in words (colour is never the only signal)."""
        day = self.date.strftime("%-d %b %Y") if self.date else ""
        if self.status == Status.VALID:
            return f"Valid until {day}" if day else "Valid (no renewal)"
        return {
            Status.EXPIRING: f"Expiring {day}",
            Status.EXPIRED: f"Expired {day}",
            Status.BOOKED: self._booked_words(day),
            Status.DUE: f"Due by {day}",
            Status.MISSING: "Missing",
            Status.NOT_REQUIRED: "Not required",
        }[self.status]

    def _booked_words(self, day: str) -> str:
        if not day:
            return "In progress / booked"
        if self.on is not None and self.date <= self.on:
            return f"In progress since {day}"
        return f"Booked for {day}"


@dataclass
class Column:
    """One required course: every requirement naming it, and the courses that satisfy it."""

    course: Course
    requirements: list[TrainingRequirement]
    satisfying_ids: tuple[int, ...]

    @property
    def key(self) -> str:
        return str(self.course.pk)

    @property
    def status_name(self) -> str:
        return f"status_{self.key}"

    def applies(self) -> Q | None:
        """Who must hold it, as a Q over StaffMember; None for everyone."""
        conditions = [requirement.applies_condition() for requirement in self.requirements]
        if any(condition is None for condition in conditions):
            return None
        combined = Q()
        for condition in conditions:
            combined |= condition
        return combined

    def renewal_months(self) -> models.Expression | None:
        """The shortest renewal period a requirement sets for this person, or None: a Case over
        the person's role and group (the first matching When wins, so shortest first)."""
        shortened = sorted(
            (r for r in self.requirements if r.renewal_months),
            key=lambda requirement: requirement.renewal_months,
        )
        if not shortened:
            return None
        whens = []
        for requirement in shortened:
            condition = requirement.applies_condition()
            if condition is None:
                return Case(*whens, default=Value(requirement.renewal_months))
            whens.append(When(condition, then=Value(requirement.renewal_months)))
        return Case(*whens, default=None, output_field=models.IntegerField())

    def requirements_for(self, job_role) -> list[TrainingRequirement]:
        return [
            r
            for r in self.requirements
            if r.applies_condition() is None
            or (
                job_role is not None
                and (r.job_role_id == job_role.pk or r.staff_group == job_role.staff_group)
            )
        ]


class AddMonths(Func):
    """date + n calendar months (n may be a column or NULL, giving NULL). PostgreSQL keeps the
    day within the month as `add_months` does (31 Jan + 1 month = 28/29 Feb); SQLite, the
    embedded development database, rolls over into the next month on those few days."""

    output_field = models.DateField()
    arity = 2

    def _compiled(self, compiler):
        (date_sql, date_params), (months_sql, months_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return date_sql, months_sql, (*date_params, *months_params)

    def as_sql(self, compiler, connection, **extra):
        date_sql, months_sql, params = self._compiled(compiler)
        return f"date({date_sql}, '+' || ({months_sql}) || ' months')", params

    def as_postgresql(self, compiler, connection, **extra):
        date_sql, months_sql, params = self._compiled(compiler)
        return f"(({date_sql}) + make_interval(months => ({months_sql})::integer))::date", params
