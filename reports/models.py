"""What the L&D manager records about an indicator (workforce.indicators, named by key): the
baseline later figures are compared with, the targets, and the process changes from which the
SPC chart's limits are worked out afresh. Each keeps its history (who changed what, when)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from workforce.indicators import Measure

KEY_LENGTH = 100  # as actionplans.Output.indicator_key


class IndicatorRecordQuerySet(models.QuerySet):
    def for_indicator(self, key: str):
        return self.filter(indicator_key=key)


class BaselineQuerySet(IndicatorRecordQuerySet):
    def current(self, key: str) -> Baseline | None:
        """The baseline in force: the one captured last."""
        return self.for_indicator(key).order_by("-captured_at", "-pk").first()

    def current_by_key(self) -> dict[str, Baseline]:
        """{indicator key: its current baseline}, for a list of every indicator (one query)."""
        found: dict[str, Baseline] = {}
        for baseline in self.order_by("indicator_key", "-captured_at", "-pk"):
            found.setdefault(baseline.indicator_key, baseline)
        return found


class Baseline(models.Model):
    """An indicator's value captured for a period (or on a day: start = end) as the point later
    periods are compared with. The figure and its counts are stored as captured: a later
    correction to the data does not move the baseline, which is the point of one."""

    indicator_key = models.CharField(max_length=KEY_LENGTH)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    captured_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = BaselineQuerySet.as_manager()

    class Meta:
        verbose_name = "baseline"
        ordering = ["indicator_key", "-captured_at"]
        indexes = [
            # The indicator pages look up the latest baseline of a key.
            models.Index(fields=["indicator_key", "captured_at"], name="baseline_key_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="baseline_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Baseline of {self.indicator_key} for {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return f"{self.period_start:%-d %b %Y}"
        return f"{self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"

    @property
    def measure(self) -> Measure:
        return Measure(self.value, self.numerator, self.denominator)

    def change_to(self, value) -> object | None:
        """value - baseline (percentage points for a rate), or None if either is unknown."""
        if value is None or self.value is None:
            return None
        return value - self.value


class TargetQuerySet(IndicatorRecordQuerySet):
    def current(self, key: str, today: datetime.date | None = None) -> Target | None:
        return self.current_by_key(today, key).get(key)

    def current_by_key(self, today: datetime.date | None = None, key: str | None = None) -> dict[str, Target]:
        """{indicator key: the target in force}: the soonest not yet past, else the last one."""
        today = today or datetime.date.today()
        rows = self if key is None else self.for_indicator(key)
        found: dict[str, Target] = {}
        for target in rows.order_by("indicator_key", "by_date", "pk"):
            current = found.get(target.indicator_key)
            if current is None or current.by_date < today:
                found[target.indicator_key] = target
        return found


class Target(models.Model):
    """A value to reach by a date: "training compliance 90% by March 2027"."""

    indicator_key = models.CharField(max_length=KEY_LENGTH)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    by_date = models.DateField("by")
    note = models.TextField(blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "target"
        ordering = ["indicator_key", "by_date"]
        constraints = [
            # One target per indicator and date: a second would leave "the target" ambiguous.
            models.UniqueConstraint(fields=["indicator_key", "by_date"], name="target_one_per_key_and_date"),
        ]

    def __str__(self) -> str:
        return f"Target of {self.indicator_key}: {self.value} by {self.by_date:%-d %b %Y}"


class ProcessChange(models.Model):
    """A change in how the work is done (a new induction, a new booking system) from a date: the
    SPC chart works its limits out afresh from the first period starting on or after it."""

    indicator_key = models.CharField(max_length=KEY_LENGTH)
    from_date = models.DateField("from")
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = IndicatorRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "process change"
        ordering = ["indicator_key", "from_date"]
        constraints = [
            # The chart steps once per date.
            models.UniqueConstraint(
                fields=["indicator_key", "from_date"], name="process_change_one_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Process change to {self.indicator_key} from {self.from_date:%-d %b %Y}: {self.reason}"


# Report schedules live in their own module; imported here so Django finds them.
from reports.schedule_models import ReportSchedule, ScheduleFiring  # noqa: E402, F401
