"""The compliance summary's figures: mandatory training compliance per required course, per
group of staff (the units directly below a chosen unit, or the staff groups), with the numbers
behind every percentage and a link to the people behind every number.

All of it comes from one `Compliance.counts(staff, group=...)` query: the overall figure is the
sum of the cells, so it is the same figure as the indicator registry's
`workforce.mandatory_compliance` for the same staff (courses in date / courses required).

The links go to the training matrix (`training:matrix`, with its GET filters org_unit, job_role,
staff_group, course and status). A group the matrix cannot select exactly (a unit's own people
without the teams below it, "Not recorded") has its numbers shown without links.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F
from django.db.models.functions import Substr
from django.urls import reverse

from workforce import indicators
from workforce.compliance import Column, Compliance, Status, compliant_and_required
from workforce.indicators import NOT_RECORDED, Measure
from workforce.models import OrgUnit, StaffGroup

BY_UNIT = "unit"
BY_STAFF_GROUP = "staff_group"
VIEWS = {BY_UNIT: "By unit", BY_STAFF_GROUP: "By staff group"}
# Counted per course beside the percentages, worst first: the people to chase. Booked is here so
# that the counts shown add up: required = in date (valid, expiring) + booked + expired + missing.
COUNTED = (Status.EXPIRED, Status.MISSING, Status.BOOKED, Status.EXPIRING)


# A Bootstrap badge per status, for pages listing a person's cells (the staff profile, My work);
# the badge always carries the cell's words too (`Cell.words`): colour is never the only signal.
STATUS_BADGES = {
    Status.VALID: "text-bg-success",
    Status.EXPIRING: "text-bg-warning",
    Status.EXPIRED: "text-bg-danger",
    Status.MISSING: "text-bg-danger",
    Status.BOOKED: "text-bg-info",
    Status.DUE: "text-bg-light border",
    Status.NOT_REQUIRED: "text-bg-light border",
}


def matrix_url(**params) -> str:
    """The training matrix filtered by these of its GET filters."""
    url = reverse("training:matrix")
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return f"{url}?{query}" if query else url


def measure_of(counters: Iterable[Counter]) -> Measure:
    """Courses in date over courses required, summed over status counters."""
    compliant = required = 0
    for counter in counters:
        in_date, needed = compliant_and_required(counter)
        compliant += in_date
        required += needed
    return indicators.measure(compliant, [required])


def overall(rules: Compliance, staff, people_having: Iterable[str] = ()) -> tuple[Measure, int]:
    """The compliance figure of `staff`, and how many of them have a cell in `people_having`
    (the home page's panels and headline). One query, reading each person's statuses once: for
    the whole organisation, counting the people in a second query would cost as much again."""
    if not rules.columns:
        return measure_of([]), 0
    wanted = set(people_having)
    return rules.remembered(
        "compliance.overall", staff, (sorted(wanted),), lambda: _overall(rules, staff, wanted)
    )


def _overall(rules: Compliance, staff, wanted: set[str]) -> tuple[Measure, int]:
    per_column = [Counter() for _ in rules.columns]
    people = 0
    # The grouped query, not a subquery per person and course: 1.1 s of the L&D manager's home
    # page at 15,000 staff was the per-person one.
    for statuses in rules.statuses_per_person(staff):
        for counter, status in zip(per_column, statuses, strict=True):
            counter[status] += 1
        people += not wanted.isdisjoint(statuses)
    return measure_of(per_column), people


def required_in(per_column: dict | None) -> bool:
    """Does anyone in this group have to hold any of the courses?"""
    return any(compliant_and_required(counter)[1] for counter in (per_column or {}).values())


def unit_pk(path: str) -> int:
    """The unit a materialised path ends with ("000001.000007." -> 7): no query needed."""
    return int(path.rstrip(".").rsplit(".", 1)[-1])


@dataclass(frozen=True)
class Figure:
    measure: Measure
    url: str | None = None
    label: str = ""  # what it is the figure of, for screen readers: "Fire safety, Oak House"


@dataclass(frozen=True)
class Count:
    status: str
    label: str
    count: int
    url: str | None = None


@dataclass(frozen=True)
class Group:
    """A column of the table: a unit below the chosen one, or a staff group."""

    key: str | None  # unit path or staff group; None: not recorded
    label: str
    # The matrix filters that select these people; None when the matrix cannot select exactly
    # them (people working in the chosen unit itself, or with no unit or job role recorded).
    filters: dict | None
    drill_unit: OrgUnit | None = None  # a unit to drill down into


@dataclass
class CourseRow:
    column: Column
    overall: Figure
    cells: list[Figure] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)


@dataclass
class Summary:
    """The table for `staff` (people in post, already scoped): rows the required courses, columns
    the groups. `unit` is the chosen unit (None: the whole organisation), `units` the units the
    viewer may pick, by pk (drill-down links are offered only to those)."""

    staff: object
    on: datetime.date
    unit: OrgUnit | None = None
    by: str = BY_UNIT
    units: dict[int, OrgUnit] = field(default_factory=dict)

    def __post_init__(self):
        self.rules = Compliance(self.on)
        labels, expression, self._width = self._labels_and_group()
        counts = self.rules.counts(self.staff, group=expression) if self.rules.columns else {}
        self.groups, self._counts = self._groups(labels, counts)
        self.rows = [self._row(column) for column in self.rules.columns]
        self.totals = [
            Figure(measure_of(self._counts[g.key].values()), self._url(g), f"all courses, {g.label}")
            for g in self.groups
        ]
        self.overall = Figure(
            measure_of(c for per_column in self._counts.values() for c in per_column.values()),
            self._url(None),
            "all required courses",
        )

    # --- the columns ------------------------------------------------------------------------

    def _labels_and_group(self):
        if self.by == BY_STAFF_GROUP:
            return dict(StaffGroup.choices), F("job_role__staff_group"), None
        labels, width = indicators.unit_groups(self.unit)
        return labels, Substr("org_unit__path", 1, width), width

    def _groups(self, labels: dict, counts: dict) -> tuple[list[Group], dict]:
        """The columns in display order, and the counts per column. A value no label knows (no
        unit, no job role) is counted under "Not recorded", so the columns add up to the whole."""
        empty = {column.key: Counter() for column in self.rules.columns}
        merged: dict = {}
        for key, per_column in counts.items():
            target = merged.setdefault(key if key in labels else None, {k: Counter() for k in empty})
            for column_key, counter in per_column.items():
                target[column_key].update(counter)
        groups = []
        for key, label in labels.items():
            group = self._group(key, label)
            # Staff groups and the chosen unit itself only when someone there must hold a course;
            # every unit below the chosen one that may be picked, even if empty (a zero is worth
            # seeing).
            if required_in(merged.get(key)) or (group.drill_unit is not None and self.by == BY_UNIT):
                groups.append(group)
                merged.setdefault(key, {k: Counter() for k in empty})
        if required_in(merged.get(None)):
            groups.append(Group(None, NOT_RECORDED, None))
        if len(groups) == 1 and groups[0].key is not None and groups[0].filters is None:
            groups = []  # a unit with no teams below it: its one column would repeat "All"
        return groups, merged

    def _group(self, key: str, label: str) -> Group:
        base = {"org_unit": self.unit.pk} if self.unit else {}
        if self.by == BY_STAFF_GROUP:
            return Group(key, label, {**base, "staff_group": key})
        if len(key) < self._width:
            return Group(key, label, None)  # people in the chosen unit itself, not below it
        unit = self.units.get(unit_pk(key))
        return Group(key, label, {"org_unit": unit_pk(key)}, drill_unit=unit)

    # --- the rows ---------------------------------------------------------------------------

    def _url(self, group: Group | None, **extra) -> str | None:
        if group is None:
            filters = {"org_unit": self.unit.pk} if self.unit else {}
        elif group.filters is None:
            return None
        else:
            filters = group.filters
        return matrix_url(**filters, **extra)

    def _row(self, column: Column) -> CourseRow:
        course = column.course.pk
        whole = Counter()
        for per_column in self._counts.values():
            whole.update(per_column[column.key])
        title = column.course.title
        row = CourseRow(column, Figure(measure_of([whole]), self._url(None, course=course), f"{title}, all"))
        for group in self.groups:
            counter = self._counts[group.key][column.key]
            url = self._url(group, course=course)
            row.cells.append(Figure(measure_of([counter]), url, f"{title}, {group.label}"))
        for status in COUNTED:
            url = self._url(None, course=course, status=status.value)
            row.counts.append(Count(status.value, status.label, whole[status.value], url))
        return row

    @property
    def counted_labels(self) -> list[str]:
        return [status.label for status in COUNTED]
