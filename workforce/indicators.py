"""The "measuring success" indicator registry.

Each app registers, in its AppConfig.ready, the indicators it can compute from its own
data; an action plan output's target names one by key, and pages and board reports read
values through `value(key, start, end)`. So a plan page shows a live figure without
importing `reports`, and `reports` is the only app that needs to know them all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Number = int | Decimal


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str  # "" for a count, "%" for a percentage
    compute: Callable[[datetime.date, datetime.date], Number | None]


_registry: dict[str, Indicator] = {}


def register(key: str, label: str, unit: str = ""):
    """Decorator: register `func(start, end)` as the indicator `key`."""

    def decorator(func):
        if key in _registry and _registry[key].compute is not func:
            raise ValueError(f"Indicator {key!r} is registered twice")
        _registry[key] = Indicator(key, label, unit, func)
        return func

    return decorator


def get(key: str) -> Indicator:
    return _registry[key]


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda indicator: indicator.key)


def choices() -> list[tuple[str, str]]:
    return [(indicator.key, indicator.label) for indicator in all_indicators()]


def value(key: str, start: datetime.date, end: datetime.date) -> Number | None:
    """The indicator's value for the period start..end (inclusive); None when it cannot be told."""
    return get(key).compute(start, end)


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the core's own indicators ------------------------------------------------------------


def register_core_indicators() -> None:
    from django.db.models import Count, Q

    from workforce.models import Course, StaffMember, TrainingRecord

    def headcount_on(day: datetime.date) -> int:
        return (
            StaffMember.objects.filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
            .current(day)
            .count()
        )

    @register("workforce.headcount", "Staff in post at the end of the period")
    def headcount(start, end):
        return headcount_on(end)

    @register("workforce.leavers", "Leavers in the period")
    def leavers(start, end):
        return StaffMember.objects.filter(leaving_date__gte=start, leaving_date__lte=end).count()

    @register("workforce.turnover", "Staff turnover (leavers / average headcount)", "%")
    def turnover(start, end):
        average = (headcount_on(start) + headcount_on(end)) / 2
        return percentage(leavers(start, end), average) if average else None

    def completions_of(kind):
        def compute(start, end):
            return (
                TrainingRecord.objects.completed()
                .filter(course__kind=kind, completed_on__gte=start, completed_on__lte=end)
                .count()
            )

        return compute

    for kind in Course.Kind:
        register(f"workforce.completions.{kind.value}", f"{kind.label} completions in the period")(
            completions_of(kind.value)
        )

    @register("workforce.mandatory_compliance", "Staff with every statutory/mandatory course in date", "%")
    def mandatory_compliance(start, end):
        mandatory = Course.objects.active().filter(kind=Course.Kind.STATUTORY_MANDATORY)
        required = mandatory.count()
        staff = (
            StaffMember.objects.active()
            .current(end)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        )
        if not required:
            return None
        in_date = Q(
            training_records__status=TrainingRecord.Status.COMPLETED,
            training_records__course__in=mandatory,
            training_records__completed_on__lte=end,
        ) & (Q(training_records__expires_on__isnull=True) | Q(training_records__expires_on__gte=end))
        compliant = (
            staff.annotate(in_date_courses=Count("training_records__course", filter=in_date, distinct=True))
            .filter(in_date_courses__gte=required)
            .count()
        )
        return percentage(compliant, staff.count())
