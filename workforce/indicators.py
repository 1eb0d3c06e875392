"""The "measuring success" indicator registry.

Each app registers, in its AppConfig.ready, the indicators it can compute from its own data;
an action plan output's target names one by key, and pages and board reports read them
through `value(key, start, end)` and `breakdown(key, start, end, by=...)`. So a plan page
shows a live figure without importing `reports`, and `reports` is the only app that needs
to know them all.

An indicator does not compute a number: it says what to count. Its function receives the
period and returns a `Formula`: a numerator `Tally` (rows to count, and the path from those
rows to the staff member they are about) and, for a rate, denominator tallies. The registry
does the counting, so every indicator can be restricted to a population of staff and broken
down by unit, staff group or band the same way, one GROUP BY query per tally whatever the
number of groups, and every result carries its numerator and denominator (`Measure`), which
reports need in order to show them and to suppress small numbers.

Small numbers: a published figure built from 1 to 4 people could identify someone, so a
`Measure` whose numerator or denominator is a count from 1 to SMALL_NUMBER_THRESHOLD - 1
`is_small`; reports show `measure.suppressed()` instead (value and counts hidden, "*" in
print). Zero is not small: "nobody" identifies no one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Expression, F, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

Number = int | Decimal

SMALL_NUMBER_THRESHOLD = 5
BREAKDOWNS = {"unit": "Unit", "staff_group": "Staff group", "band": "Band"}
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Measure:
    """An indicator's result: the figure, and the counts it was worked out from.

    A count has numerator = the count and no denominator; a rate has both (the denominator
    may be an average, so a Decimal). `value` is None when the figure cannot be told.
    """

    value: Number | None
    numerator: Number | None = None
    denominator: Number | None = None
    is_suppressed: bool = False

    def is_small(self, threshold: int = SMALL_NUMBER_THRESHOLD) -> bool:
        return any(0 < count < threshold for count in (self.numerator, self.denominator) if count is not None)

    def suppressed(self, threshold: int = SMALL_NUMBER_THRESHOLD) -> Measure:
        """This measure, or a blank one marked suppressed when it rests on small numbers."""
        return Measure(None, is_suppressed=True) if self.is_small(threshold) else self


@dataclass(frozen=True)
class Tally:
    """Rows to count (one per record counted) and the path from a row to its staff member.

    `staff` is "" when the rows are staff members, "staff_member" from training records.
    `weight`, if given, is an expression over a row that is summed instead of counting rows:
    how many of a person's required courses are in date, say (workforce.compliance).
    """

    rows: QuerySet
    staff: str = ""
    weight: Expression | None = None

    @property
    def prefix(self) -> str:
        return f"{self.staff}__" if self.staff else ""


@dataclass(frozen=True)
class Formula:
    """numerator alone (a count) or numerator / average of the denominators, as a percentage."""

    numerator: Tally
    denominators: Sequence[Tally] = field(default_factory=tuple)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str  # "" for a count, "%" for a percentage
    formula: Callable[[datetime.date, datetime.date], Formula | None]
    # Breakdowns only this indicator can offer (training compliance by course), beside the
    # shared ones in BREAKDOWNS: name -> (label, func(start, end, population, unit) -> rows).
    breakdowns: dict[str, tuple[str, Callable]] = field(default_factory=dict)
    # Which way is better: "up" (higher is better), "down" (lower is better) or None (neither,
    # e.g. headcount). SPC charts say whether a signal is an improvement or a concern by it.
    good: str | None = None
    # A headline indicator is one a board reads every month: the workforce indicators report and
    # the board pack show the headline ones unless the person chooses otherwise, so an app's
    # headline indicator reaches the board pack by registering, with no change to reports.
    headline: bool = False

    def breakdown_choices(self) -> list[tuple[str, str]]:
        return [*BREAKDOWNS.items(), *((name, label) for name, (label, _) in self.breakdowns.items())]


@dataclass(frozen=True)
class BreakdownRow:
    key: str | None  # the group's value: unit path, staff group or band code; None = not recorded
    label: str
    measure: Measure


_registry: dict[str, Indicator] = {}


GOOD_DIRECTIONS = ("up", "down", None)


def register(
    key: str,
    label: str,
    unit: str = "",
    breakdowns: dict[str, tuple[str, Callable]] | None = None,
    good: str | None = None,
    headline: bool = False,
):
    """Decorator: register `func(start, end) -> Formula | None` as the indicator `key`.

    Return None when the figure cannot be told for that period (e.g. nothing is mandatory).
    `breakdowns` adds ones of its own: {name: (label, func(start, end, population, unit))},
    the function returning `BreakdownRow`s. `good`: "up" when higher is better, "down" when
    lower is, None when neither. `headline`: shown by default in board reports.
    """
    if good not in GOOD_DIRECTIONS:
        raise ValueError(f"good must be 'up', 'down' or None, not {good!r}")

    def decorator(func):
        if key in _registry and _registry[key].formula is not func:
            raise ValueError(f"Indicator {key!r} is registered twice")
        _registry[key] = Indicator(key, label, unit, func, dict(breakdowns or {}), good, headline)
        return func

    return decorator


def get(key: str) -> Indicator:
    return _registry[key]


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda indicator: indicator.key)


def choices() -> list[tuple[str, str]]:
    return [(indicator.key, indicator.label) for indicator in all_indicators()]


def headline_keys() -> list[str]:
    return [indicator.key for indicator in all_indicators() if indicator.headline]


def percentage(part: Number, whole: Number) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def measure(numerator: int, denominators: Sequence[int] | None) -> Measure:
    """A count, or a percentage over the average of the denominators."""
    if not denominators:
        return Measure(numerator, numerator, None)
    total = sum(denominators)
    average = Decimal(total) / len(denominators) if len(denominators) > 1 else total
    if isinstance(average, Decimal) and average == average.to_integral_value():
        average = int(average)
    return Measure(percentage(numerator, average), numerator, average)


def _restrict(tally: Tally, population: QuerySet | None, unit=None) -> QuerySet:
    rows = tally.rows
    if population is not None:
        rows = rows.filter(**{f"{tally.prefix}pk__in": population.values("pk")})
    if unit is not None:
        rows = rows.filter(**{f"{tally.prefix}org_unit__path__startswith": unit.path})
    return rows


def value(
    key: str, start: datetime.date, end: datetime.date, *, population: QuerySet | None = None, unit=None
) -> Measure:
    """The indicator for the period start..end (inclusive), among `population` (a StaffMember
    queryset, default everyone) and within `unit` and the units below it if given."""
    formula = get(key).formula(start, end)
    if formula is None:
        return Measure(None)
    return formula_measure(formula, population=population, unit=unit)


def formula_measure(formula: Formula, *, population: QuerySet | None = None, unit=None) -> Measure:
    """Count a formula's tallies as `value` does: for an indicator's own breakdown, whose rows
    are each a formula of their own (progressions per pathway)."""
    counts = _count_tallies((formula.numerator, *formula.denominators), population, unit)
    return measure(counts[0], counts[1:])


def _count_tallies(tallies: Sequence[Tally], population, unit) -> list[int]:
    """Each tally's count. Weighted tallies over the same rows (training compliance: courses in
    date and courses required, of the same people) are summed in one query, since working out
    those rows is the expensive part (and a three-year SPC series repeats it for every month)."""
    counts: dict[int, int] = {}
    shared: dict[tuple[int, str], list[int]] = {}
    for number, tally in enumerate(tallies):
        if tally.weight is not None:
            shared.setdefault((id(tally.rows), tally.staff), []).append(number)
    for numbers in shared.values():
        if len(numbers) > 1:
            rows = _restrict(tallies[numbers[0]], population, unit)
            totals = rows.aggregate(**{f"t{n}": Coalesce(Sum(tallies[n].weight), 0) for n in numbers})
            counts.update({n: totals[f"t{n}"] for n in numbers})
    return [
        counts[n] if n in counts else _count(_restrict(tally, population, unit), tally)
        for n, tally in enumerate(tallies)
    ]


def _count(rows: QuerySet, tally: Tally) -> int:
    if tally.weight is None:
        return rows.count()
    return rows.aggregate(total=Coalesce(Sum(tally.weight), 0))["total"]


# --- breakdowns -----------------------------------------------------------------------------


def unit_groups(unit) -> tuple[dict[str, str], int]:
    """{group path: label} for a unit breakdown (the compliance summary groups its columns the
    same way), in display order, and the path length that
    names a group (a staff member's unit path cut to that length is their group's path).

    With `unit`, the units directly below it, and the unit itself for people working there;
    without, the same below the organisation (so regions or divisions), or the top-level
    units when there are several.
    """
    from workforce.models import PATH_STEP, OrgUnit

    if unit is None:
        roots = list(OrgUnit.objects.filter(parent=None).order_by("name"))
        if len(roots) != 1:
            return {root.path: root.name for root in roots}, PATH_STEP + 1
        unit = roots[0]
    labels = {child.path: child.name for child in OrgUnit.objects.filter(parent=unit).order_by("name")}
    labels[unit.path] = f"{unit.name} (itself)"
    return labels, (unit.depth + 2) * (PATH_STEP + 1)


def _grouped_counts(rows: QuerySet, group, weight: Expression | None = None) -> dict:
    count = Count("pk") if weight is None else Coalesce(Sum(weight), 0)
    counted = rows.order_by().values(group=group).annotate(count=count).values_list("group", "count")
    return dict(counted)


def breakdown(
    key: str,
    start: datetime.date,
    end: datetime.date,
    by: str = "unit",
    *,
    population: QuerySet | None = None,
    unit=None,
) -> list[BreakdownRow]:
    """The indicator per unit, staff group or band; the rows' counts add up to `value`'s.

    For `by="unit"`, people are grouped by the unit directly below `unit` (or below the
    organisation) that they work in; people in `unit` itself get a row of their own, and
    people with no unit a "Not recorded" row. Staff groups and bands list those that have
    anyone in them, then "Not recorded" (no job role, or none given). One query per tally.
    """
    from workforce.models import PayBand, StaffGroup

    indicator = get(key)
    if by in indicator.breakdowns:
        return indicator.breakdowns[by][1](start, end, population=population, unit=unit)
    if by not in BREAKDOWNS:
        choices = ", ".join(name for name, _ in indicator.breakdown_choices())
        raise ValueError(f"Cannot break {key} down by {by!r}; choose from {choices}")
    formula = indicator.formula(start, end)
    if by == "unit":
        labels, width = unit_groups(unit)
    else:
        labels = dict((StaffGroup if by == "staff_group" else PayBand).choices)
    if formula is None:
        return [BreakdownRow(group, label, Measure(None)) for group, label in labels.items()]

    tallies = (formula.numerator, *formula.denominators)
    counts = []
    for tally in tallies:
        if by == "unit":
            group = Substr(f"{tally.prefix}org_unit__path", 1, width)
        else:
            group = F(f"{tally.prefix}job_role__{'staff_group' if by == 'staff_group' else 'pay_band'}")
        counts.append(_grouped_counts(_restrict(tally, population, unit), group, tally.weight))

    seen = set().union(*counts)
    # Every unit at the level shown (a zero is worth seeing); groups and bands with anyone.
    groups = [group for group in labels if by == "unit" or group in seen]
    # Blank, or (defensively) a value no label knows: counted under "Not recorded", so the
    # rows always add up to the whole.
    unlabelled = tuple(group for group in seen if group not in labels)
    if unlabelled:
        groups.append(None)
    rows = []
    for group in groups:
        keys = unlabelled if group is None else (group,)
        numbers = [sum(tally_counts.get(k, 0) for k in keys) for tally_counts in counts]
        label = NOT_RECORDED if group is None else labels[group]
        rows.append(BreakdownRow(group, label, measure(numbers[0], numbers[1:])))
    return rows


# --- the core's own indicators ------------------------------------------------------------


def register_core_indicators() -> None:
    from workforce.models import Course, StaffMember, TrainingRecord

    # Neither higher nor lower is better: a headcount is context, not a success measure.
    @register("workforce.headcount", "People in post at the end of the period", good=None)
    def headcount(start, end):
        return Formula(Tally(StaffMember.objects.in_post(end)))

    def leavers_in(start, end) -> Tally:
        # Archived records are mistakes or duplicates, not people: they never count.
        return Tally(StaffMember.objects.active().left_between(start, end))

    @register("workforce.leavers", "People who left in the period", good="down")
    def leavers(start, end):
        return Formula(leavers_in(start, end))

    @register(
        "workforce.turnover",
        "Staff turnover (leavers / average of people in post)",
        "%",
        good="down",
        headline=True,
    )
    def turnover(start, end):
        # The NHS definition: leavers over the average of the headcounts at the two ends.
        return Formula(
            leavers_in(start, end),
            (Tally(StaffMember.objects.in_post(start)), Tally(StaffMember.objects.in_post(end))),
        )

    def completions_of(kind):
        def formula(start, end):
            completed = TrainingRecord.objects.completed().filter(
                course__kind=kind, completed_on__gte=start, completed_on__lte=end
            )
            return Formula(Tally(completed, staff="staff_member"))

        return formula

    # Apprenticeships and the Care Certificate are what boards ask about first (DOMAIN.md).
    headline_kinds = {Course.Kind.APPRENTICESHIP, Course.Kind.CARE_CERTIFICATE}
    for kind in Course.Kind:
        register(
            f"workforce.completions.{kind.value}",
            f"{kind.label} completions in the period",
            good="up",
            headline=kind in headline_kinds,
        )(completions_of(kind.value))

    from workforce.indicators_compliance import register_compliance_indicator

    register_compliance_indicator()
    from workforce.indicators_people import register_people_indicators

    register_people_indicators()
    from workforce.indicators_qualifications import register_qualification_indicators

    register_qualification_indicators()
