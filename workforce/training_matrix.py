"""The training matrix: staff in post down the side, the courses they must hold across the top.

Every status comes from workforce.compliance (`Compliance`), so the matrix, its export and the
compliance figures elsewhere always agree. The page and its CSV/XLSX export share `MatrixFilter`
and `build_matrix`; the export takes the whole selection, the page one page of it.

Columns: the required courses (with a job role chosen, those that role must hold; with a course
chosen, that course alone), less any that nobody in the selection must hold, judged on the counts
for the whole selection rather than on the page shown. The query count does not grow with staff or
courses: the counts are one query, a page of rows another.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import django_filters
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from workforce import permissions
from workforce.compliance import COMPLIANT, REQUIRED, STATUS_ORDER, Column, Compliance, Status
from workforce.filters import UnitFilter
from workforce.indicators import percentage
from workforce.models import Course, JobRole, OrgUnit, StaffGroup, StaffMember

# Each status's colours, (background, text), as hex. The page's CSS classes (static/css/app.css,
# `.matrix-<status>`) use the same pairs, and the XLSX export fills its cells with them; a test
# holds the two together. Every pair passes WCAG AA contrast, and the words are always there too.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    Status.VALID: ("d1e7dd", "0a3622"),
    Status.EXPIRING: ("fff3cd", "664d03"),
    Status.EXPIRED: ("f8d7da", "58151c"),
    Status.MISSING: ("b02a37", "ffffff"),
    Status.BOOKED: ("cfe2ff", "052c65"),
    Status.DUE: ("e2e3e5", "2b2f32"),
    Status.NOT_REQUIRED: ("ffffff", "6c757d"),
}

# Said once in the legend, so each cell can stay short.
STATUS_MEANINGS: dict[str, str] = {
    Status.EXPIRED: "completed once, not renewed in date, nothing booked",
    Status.MISSING: "never completed, past any new starter's grace period, nothing booked",
    Status.BOOKED: "nothing in date, but a place is booked or the course is under way",
    Status.EXPIRING: "in date, but expires within the expiring window",
    Status.DUE: "a new starter within the grace period: not yet counted against them",
    Status.VALID: "in date",
    Status.NOT_REQUIRED: "the person's role and staff group do not need this course",
}

# People read at a time for the export, with their cells' dates.
EXPORT_CHUNK = 2000

# The statuses counted per course (not required is neither compliant nor required).
COUNTED = [status for status in STATUS_ORDER if status != Status.NOT_REQUIRED]


class MatrixSort:
    NAME = "name"
    OVERDUE = "overdue"
    CHOICES = [(NAME, "Name"), (OVERDUE, "Most overdue first")]


def required_courses():
    """Courses some requirement names: the only ones worth a column, or a choice in the filter."""
    return Course.objects.active().filter(requirements__isnull=False).distinct().order_by("title")


class MatrixFilter(django_filters.FilterSet):
    org_unit = UnitFilter(
        queryset=OrgUnit.objects.active(),
        method="filter_unit",
        label="Unit (and the teams below it)",
        empty_label="All units",
    )
    job_role = django_filters.ModelChoiceFilter(
        queryset=JobRole.objects.active(), label="Job role", empty_label="All job roles"
    )
    staff_group = django_filters.ChoiceFilter(
        field_name="job_role__staff_group",
        choices=StaffGroup.choices,
        label="Staff group",
        empty_label="All staff groups",
    )
    # Course, status and sort need the compliance annotations: `filter_queryset` applies them.
    course = django_filters.ModelChoiceFilter(
        queryset=required_courses(),
        method="applied_later",
        label="Course",
        empty_label="All required courses",
    )
    status = django_filters.ChoiceFilter(
        method="applied_later",
        choices=[(status.value, status.label) for status in COUNTED],
        label="Status",
        empty_label="Any status",
        help_text="People with at least one course in this status (the chosen course, if one is).",
    )
    o = django_filters.ChoiceFilter(
        method="applied_later", choices=MatrixSort.CHOICES, label="Sort by", empty_label=None
    )

    class Meta:
        model = StaffMember
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, user, on: datetime.date | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.on = on or datetime.date.today()
        # A manager picks among their own units, not the whole organisation's.
        units = self.filters["org_unit"]
        units.queryset = permissions.scope_units(units.queryset, user)

    @property
    def cleaned(self) -> dict:
        # Invalid values are left out of cleaned_data, so they are ignored rather than fatal.
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    @cached_property
    def compliance(self) -> Compliance:
        course = self.cleaned.get("course")
        return Compliance(
            self.on, courses=[course.pk] if course else None, job_role=self.cleaned.get("job_role")
        )

    def filter_unit(self, queryset, name, unit: OrgUnit):
        return queryset.filter(org_unit__path__startswith=unit.path)

    def applied_later(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if status := self.cleaned.get("status"):
            # With a course chosen it is the only column, so "that course in this status".
            queryset = self.compliance.having(queryset, [status])
        return queryset.order_by("last_name", "first_name", "pk")  # pk last: pages never shuffle

    @property
    def overdue_first(self) -> bool:
        return self.cleaned.get("o") == MatrixSort.OVERDUE and bool(self.compliance.columns)


def matrix_filter(data, user, on: datetime.date | None = None) -> MatrixFilter:
    """The matrix's filter set over the staff in post whom `user` may see."""
    staff = StaffMember.objects.visible_to(user).in_post(on).select_related("job_role", "org_unit")
    return MatrixFilter(data, queryset=staff, user=user, on=on)


@dataclass
class CourseCounts:
    """One column's numbers for the whole selection."""

    column: Column
    counts: Counter

    @property
    def compliant(self) -> int:
        return sum(self.counts[status] for status in COMPLIANT)

    @property
    def required(self) -> int:
        return sum(self.counts[status] for status in REQUIRED)

    @property
    def percent(self) -> Decimal | None:
        """Percent compliant (valid or expiring of those required), to one decimal place as every
        compliance figure is (`indicators.percentage`); None when nobody counts."""
        return percentage(self.compliant, self.required)

    def by_status(self) -> list[tuple[str, int]]:
        return [(status, self.counts[status]) for status in COUNTED]


@dataclass
class Matrix:
    compliance: Compliance  # narrowed to the columns shown
    selection: QuerySet  # every person in the selection, by name, without the cells' dates
    counts: list[CourseCounts]
    # "Most overdue first": the selection's pks in that order, from the grouped query (sorting
    # on a subquery per person and course took 2 s at 15,000 staff); None: by name.
    order: list[int] | None = None

    @property
    def columns(self) -> list[Column]:
        return self.compliance.columns

    def with_dates(self, staff=None) -> QuerySet:
        """The selection (or part of it) with what the cells show: statuses and dates."""
        return self.compliance.annotate_dates(self.selection if staff is None else staff)

    def page(self, number) -> Page:
        """One page of the selection in order, its people read with their cells' dates. Kept in
        the cache like the counts, until a write commits (workforce/figure_cache.py): building
        the cells' dozens of subqueries was most of the page's time once the counts were kept."""
        order = self.order if self.order is not None else self._by_name()
        page = Paginator(order, settings.PAGE_SIZE).get_page(number)
        pks = list(page.object_list)
        page.object_list = self.compliance.remembered(
            "matrix.page", self.selection, (pks,), lambda: self._in_order(pks)
        )
        return page

    def _by_name(self) -> list[int]:
        return self.compliance.remembered(
            "matrix.by_name", self.selection, (), lambda: list(self.selection.values_list("pk", flat=True))
        )

    def people(self) -> Iterator[StaffMember]:
        """Everyone in the selection in order, with their cells' dates (the export)."""
        if self.order is None:
            yield from self.with_dates().iterator(chunk_size=EXPORT_CHUNK)
            return
        for start in range(0, len(self.order), EXPORT_CHUNK):
            yield from self._in_order(self.order[start : start + EXPORT_CHUNK])

    def _in_order(self, pks: list[int]) -> list[StaffMember]:
        # The pks came from the selection, so its scope and filters need not be applied again.
        people = self.with_dates(self.selection.model.objects.filter(pk__in=pks))
        by_pk = {person.pk: person for person in people.select_related("job_role", "org_unit")}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def rows(self, people) -> list[tuple[StaffMember, list]]:
        """(person, cells) for people read from `with_dates`."""
        return [(person, self.compliance.cells(person)) for person in people]

    def total(self) -> CourseCounts | None:
        """Every cell of the selection counted together: the selection's overall compliance."""
        if not self.counts:
            return None
        return CourseCounts(self.counts[0].column, sum((c.counts for c in self.counts), Counter()))


def build_matrix(filterset: MatrixFilter) -> Matrix:
    """Count the whole selection once, and keep the columns someone in it must hold."""
    selection = filterset.qs
    compliance = filterset.compliance
    counts = compliance.counts(selection)
    shown = [
        column
        for column in compliance.columns
        if sum(counts[column.key].values()) > counts[column.key][Status.NOT_REQUIRED]
    ]
    narrowed = compliance.narrowed(column.key for column in shown)
    return Matrix(
        narrowed,
        selection,
        [CourseCounts(column, counts[column.key]) for column in shown],
        # Ranked on the columns shown: the same cells the page shows.
        narrowed.ranked(selection) if filterset.overdue_first else None,
    )
