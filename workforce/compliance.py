"""Training compliance: each person's status for each course they must hold, in one queryset.

A `TrainingRequirement` says a job role, a staff group or everyone must hold a course. The
courses required make the columns of the training matrix (`Column`, one per course, however
many requirements name it). `Compliance(on)` loads them once, then `annotate(staff)` gives each
person a `status_<course pk>` for every column, worked out by the database: pages, exports,
home panels and the indicator registry all read those same annotations, so a figure and the
matrix behind it always agree. `counts(staff)`, for whole selections, works the same rules out
from one join grouped by person (far cheaper than a subquery per person and column at a large
trust's size); the rules' tests check the two agree. The query count does not grow with staff
or courses.

The rules, for a person and a required course, on a day:
- Evidence is a completion of the course, or of a course of the same subject at a higher level,
  completed on or before the day. Its expiry is the record's own (from the course's renewal
  period), or sooner when the requirement that applies sets a shorter renewal period.
- valid: in date beyond the expiring window; expiring: in date, expiring within the window
  (TRAINING_EXPIRING_DAYS, default 60); a completion that never expires is valid.
- due: never completed, and the person started within the grace period (TRAINING_GRACE_MONTHS,
  default 3): not yet counted against them; due by start date + grace period.
- booked: no evidence in date, and a planned or in-progress record (a place on a course).
- expired: completed once, not renewed in date, nothing booked.
- missing: never completed, past any grace period, nothing booked.
- not required: no requirement applies to them.

Compliance, as boards see it, counts cells: valid and expiring are compliant, and valid,
expiring, booked, expired and missing are required (due and not required are neither).
Leavers are excluded by the caller, who selects staff in post (`StaffMember.objects.in_post`).
"""

from __future__ import annotations

import copy
import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TypeVar

from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from workforce.compliance_cells import (  # noqa: F401  (the statuses are read from here too)
    COMPLIANT,
    NEVER,
    OUT_OF_DATE,
    OVERDUE,
    REQUIRED,
    STATUS_ORDER,
    AddMonths,
    Cell,
    Column,
    Status,
    due_by,
    expiring_days,
    grace_months,
    grace_starts_from,
)
from workforce.figure_cache import remembered, selection_key
from workforce.training import Course, TrainingRecord, TrainingRequirement

T = TypeVar("T")


class Compliance:
    """The required courses, and each person's status for them on `on` (default today).

    `courses` limits the columns to those courses (ids); `job_role` to the courses that role
    must hold; `expiring_within` (days) replaces TRAINING_EXPIRING_DAYS as the expiring window.
    Loading costs two queries; every method after that costs one or none.
    """

    def __init__(
        self,
        on: datetime.date | None = None,
        *,
        courses: Iterable[int] | None = None,
        job_role=None,
        expiring_within: int | None = None,
    ):
        self.on = on or datetime.date.today()
        # `expiring_within` narrows "expiring" to fewer days than the pages' window: a manager's
        # weekly digest names only what expires within 30 days (workforce/digest_training.py).
        window = expiring_days() if expiring_within is None else expiring_within
        self.expiring_until = self.on + datetime.timedelta(days=window)
        self.grace_from = grace_starts_from(self.on)
        self._course_ids = set(courses) if courses is not None else None
        self._job_role = job_role

    @cached_property
    def columns(self) -> list[Column]:
        requirements = TrainingRequirement.objects.of_active_courses().select_related("course", "job_role")
        if self._course_ids is not None:
            requirements = requirements.filter(course__in=self._course_ids)
        by_course: dict[int, list[TrainingRequirement]] = {}
        for requirement in requirements.order_by("course__title", "pk"):
            by_course.setdefault(requirement.course_id, []).append(requirement)
        columns = []
        levelled = self._levelled_courses(r[0].course for r in by_course.values())
        for course_requirements in by_course.values():
            course = course_requirements[0].course
            column = Column(course, course_requirements, self._satisfying(course, levelled))
            if self._job_role is None or column.requirements_for(self._job_role):
                columns.append(column)
        return columns

    def narrowed(self, keys: Iterable[str]) -> Compliance:
        """The same day and rules with only the columns whose key is in `keys`, at no query: the
        training matrix drops the courses nobody in its selection must hold once it has counted."""
        kept = set(keys)
        narrowed = copy.copy(self)
        narrowed.__dict__["columns"] = [column for column in self.columns if column.key in kept]
        return narrowed

    @staticmethod
    def _levelled_courses(courses) -> list[tuple[int, str, int]]:
        subjects = {
            course.subject for course in courses if course.subject and course.subject_level is not None
        }
        if not subjects:
            return []
        return list(
            Course.objects.filter(subject__in=subjects, subject_level__isnull=False).values_list(
                "pk", "subject", "subject_level"
            )
        )

    @staticmethod
    def _satisfying(course: Course, levelled) -> tuple[int, ...]:
        if not course.subject or course.subject_level is None:
            return (course.pk,)
        higher = [
            pk
            for pk, subject, level in levelled
            if subject == course.subject and level > course.subject_level
        ]
        return (course.pk, *sorted(higher))

    # --- the queryset -------------------------------------------------------------------

    def _records(self, column: Column):
        return (
            TrainingRecord.objects.filter(staff_member=OuterRef("pk"), course_id__in=column.satisfying_ids)
            .order_by()
            .values("staff_member")
        )

    def _expiry(self, column: Column, record: str = "", renewal=None) -> models.Expression:
        """A completion's expiry for this column; NEVER when it does not expire. `record` is the
        path from the query's rows to the record's fields ("" inside a subquery of records) and
        `renewal` the person's shortened renewal period (default: the outer query's alias)."""
        expires_on, completed_on = F(f"{record}expires_on"), F(f"{record}completed_on")
        if column.renewal_months() is None:
            return Coalesce(expires_on, Value(NEVER))
        if renewal is None:
            renewal = OuterRef(f"renewal_{column.key}")
        shortened = AddMonths(completed_on, renewal)
        return Case(
            When(Q(**{f"{record}expires_on__isnull": True}), then=Coalesce(shortened, Value(NEVER))),
            When(LessThan(shortened, expires_on), then=shortened),
            default=expires_on,
            output_field=models.DateField(),
        )

    def _completed(self, record: str = "") -> Q:
        return Q(
            **{f"{record}status": TrainingRecord.Status.COMPLETED, f"{record}completed_on__lte": self.on}
        )

    @staticmethod
    def _booked(record: str = "") -> Q:
        booked = [TrainingRecord.Status.PLANNED, TrainingRecord.Status.IN_PROGRESS]
        return Q(**{f"{record}status__in": booked})

    def _status_from(self, best: str, booked: str, started: str) -> Case:
        """The status from a person's best expiry (NULL: no evidence), how many bookings they
        hold and their start date: the same rules whether read per column by a subquery
        (`_status`) or from one join grouped by person (`_grouped_statuses`)."""
        return Case(
            When(Q(**{f"{best}__gt": self.expiring_until}), then=Value(Status.VALID)),
            When(Q(**{f"{best}__gte": self.on}), then=Value(Status.EXPIRING)),
            When(Q(**{f"{best}__isnull": True, f"{started}__gte": self.grace_from}), then=Value(Status.DUE)),
            When(Q(**{f"{booked}__gt": 0}), then=Value(Status.BOOKED)),
            When(Q(**{f"{best}__isnull": False}), then=Value(Status.EXPIRED)),
            default=Value(Status.MISSING),
        )

    def _status(self, column: Column) -> models.Expression:
        # The person's start date, read through the records (every row is theirs), so the
        # subquery refers to nothing outside its GROUP BY.
        evidence = (
            self._records(column)
            .annotate(
                best=Max(self._expiry(column), filter=self._completed()),
                booked=Count("pk", filter=self._booked()),
                started=Max("staff_member__start_date"),
            )
            .values(status=self._status_from("best", "booked", "started"))
        )
        # No record at all: the subquery finds no row.
        nothing = Case(
            When(Q(start_date__gte=self.grace_from), then=Value(Status.DUE)), default=Value(Status.MISSING)
        )
        status = Coalesce(Subquery(evidence), nothing, output_field=models.CharField())
        return self._where_required(column, status)

    @staticmethod
    def _where_required(column: Column, status: models.Expression) -> models.Expression:
        applies = column.applies()
        if applies is None:
            return status
        return Case(When(applies, then=status), default=Value(Status.NOT_REQUIRED))

    def _grouped_statuses(self, staff) -> tuple[object, list[str]]:
        """`staff` grouped by person, with every column's status worked out from one LEFT JOIN to
        their records of the required courses, aggregated per column with FILTER; returns the
        queryset and the statuses' names, in column order.

        The same rules as `annotate`, for counting a whole selection: a correlated subquery per
        person and column (13 columns x 15,000 people: 200,000 index probes, 1.5 s on
        PostgreSQL) becomes one hash join and one aggregate. `annotate` stays for pages of rows,
        filters and sorts, which need plain (ungrouped) annotations."""
        # A join of its own (FilteredRelation), so no filter on the caller's queryset can narrow
        # or multiply it; and only the records of the courses some column counts.
        satisfying = sorted({pk for column in self.columns for pk in column.satisfying_ids})
        rows = staff.alias(
            _evidence=FilteredRelation(
                "training_records", condition=Q(training_records__course_id__in=satisfying)
            )
        )
        aggregates, statuses = {}, {}
        for column in self.columns:
            in_column = Q(_evidence__course_id__in=column.satisfying_ids)
            expiry = self._expiry(column, "_evidence__", renewal=column.renewal_months())
            best, booked = f"_best_{column.key}", f"_booked_{column.key}"
            aggregates[best] = Max(expiry, filter=in_column & self._completed("_evidence__"))
            aggregates[booked] = Count("_evidence__id", filter=in_column & self._booked("_evidence__"))
            statuses[f"_counted_{column.key}"] = self._where_required(
                column, self._status_from(best, booked, "start_date")
            )
        return rows.alias(**aggregates).annotate(**statuses), list(statuses)

    def annotate(self, staff):
        """`staff` with `status_<course pk>` for every column (one subquery per column)."""
        renewals = {
            f"renewal_{c.key}": c.renewal_months() for c in self.columns if c.renewal_months() is not None
        }
        return staff.alias(**renewals).annotate(**{c.status_name: self._status(c) for c in self.columns})

    def annotate_dates(self, staff):
        """Add the dates the cells show: `expiry_<pk>` (NEVER: no renewal) and `booked_<pk>`.
        For a page of rows; counting needs only the statuses."""
        dates = {}
        for column in self.columns:
            records = self._records(column)
            dates[f"expiry_{column.key}"] = Subquery(
                records.annotate(best=Max(self._expiry(column), filter=self._completed())).values("best")
            )
            dates[f"booked_{column.key}"] = Subquery(
                records.annotate(
                    first=Min(
                        "started_on",
                        filter=Q(
                            status__in=[TrainingRecord.Status.PLANNED, TrainingRecord.Status.IN_PROGRESS]
                        ),
                    )
                ).values("first")
            )
        return self.annotate(staff).annotate(**dates)

    def weight(self, statuses, names: Iterable[str] | None = None) -> models.Expression:
        """How many of a person's cells have one of `statuses` (the indicator registry sums it):
        of the annotations `names` (default: `annotate`'s)."""
        total = Value(0)
        for name in names or [column.status_name for column in self.columns]:
            total = total + Case(When(**{f"{name}__in": statuses}, then=Value(1)), default=Value(0))
        return total

    def having(self, staff, statuses):
        """`staff` narrowed to the people with at least one cell in `statuses`: "who is out of
        date" for the directory filter behind the home headline. The people come from the
        grouped query (a subquery), so no per-person, per-course subquery runs for them all."""
        rows, names = self._grouped_statuses(staff.order_by())
        having = rows.alias(_cells_having=self.weight(statuses, names)).filter(_cells_having__gt=0)
        return staff.filter(pk__in=having.values("pk"))

    def ranked(self, staff, having=(), overdue_first: bool = True) -> list[int]:
        """The pks of `staff` (only those with a cell in `having`, if given), most overdue first
        (else by name alone), then by name and pk: the order the matrix pages through, worked out
        from the grouped query and cached until a write commits. A list of ints: 15,000 people
        are 15,000 numbers."""

        def work_out() -> list[int]:
            rows, names = self._grouped_statuses(staff.order_by())
            if having:
                rows = rows.alias(_having=self.weight(having, names)).filter(_having__gt=0)
            order = ["last_name", "first_name", "pk"]
            if overdue_first:
                rows, order = rows.alias(_overdue=self.weight(OVERDUE, names)), ["-_overdue", *order]
            return list(rows.order_by(*order).values_list("pk", flat=True))

        return self.remembered("compliance.ranked", staff, (sorted(having), overdue_first), work_out)

    # --- reading it ---------------------------------------------------------------------

    def cells(self, person) -> list[Cell]:
        """The cells of a person annotated by `annotate_dates` (or `annotate`: no dates)."""
        return [self.cell(person, column) for column in self.columns]

    def cell(self, person, column: Column) -> Cell:
        status = getattr(person, column.status_name)
        date = None
        if status in (Status.VALID, Status.EXPIRING, Status.EXPIRED):
            expiry = getattr(person, f"expiry_{column.key}", None)
            date = None if expiry == NEVER else expiry
        elif status == Status.BOOKED:
            date = getattr(person, f"booked_{column.key}", None)
        elif status == Status.DUE:
            date = due_by(person.start_date)
        return Cell(column, status, date, self.on)

    def statuses_per_person(self, staff):
        """Each person's statuses, in column order, as tuples: for counting over a whole selection
        (the home page's headline), from the one grouped query `counts` reads."""
        rows, names = self._grouped_statuses(staff.order_by())
        return rows.values_list(*names)

    def remembered(self, name: str, staff, more: tuple, work_out: Callable[[], T]) -> T:
        """The figure `name` of these rules about `staff` (and `more` it depends on), kept in the
        cache until a write to the core's data commits (`figure_cache.remembered`): the rules'
        day and narrowing, their columns and the selection's SQL are all it depends on besides
        the data itself."""
        course_ids = sorted(self._course_ids) if self._course_ids is not None else None
        job_role = getattr(self._job_role, "pk", self._job_role)
        rules = (self.on, self.expiring_until, self.grace_from, course_ids, job_role)
        parts = (rules, [column.key for column in self.columns], selection_key(staff), *more)
        return remembered(name, [TrainingRecord._meta.app_label], parts, work_out)

    def counts(self, staff, group: models.Expression | None = None) -> dict:
        """Status counts per column for the whole selection, from one query (or the cache, until
        a write commits): {column key: Counter(status: n)}, or with `group`, {group value: that}."""
        if not self.columns:
            return {}
        return self.remembered("compliance.counts", staff, (repr(group),), lambda: self._counts(staff, group))

    def _counts(self, staff, group: models.Expression | None) -> dict:
        rows, names = self._grouped_statuses(staff.order_by())
        if group is None:
            rows = rows.values_list(*names)
        else:
            rows = rows.annotate(_group=group).values_list("_group", *names)
        keys = [column.key for column in self.columns]
        # Column by column, so Counter counts in C: a large trust's selection is ~15,000 rows of
        # a dozen statuses, and its patterns of statuses are too varied to count as rows.
        width = len(names) + (group is not None)
        by_column = list(zip(*rows, strict=True)) or [() for _ in range(width)]
        if group is None:
            return {key: Counter(statuses) for key, statuses in zip(keys, by_column, strict=True)}
        groups, by_column = by_column[0], by_column[1:]
        result: dict = {group_key: {key: Counter() for key in keys} for group_key in set(groups)}
        for key, statuses in zip(keys, by_column, strict=True):
            for (group_key, status), people in Counter(zip(groups, statuses, strict=True)).items():
                result[group_key][key][status] = people
        return result


def compliant_and_required(counter: Counter) -> tuple[int, int]:
    return sum(counter[s] for s in COMPLIANT), sum(counter[s] for s in REQUIRED)
