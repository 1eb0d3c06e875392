"""Report schedules: a report asked for again and again by Celery beat, and emailed when ready.

The rules (when a schedule fires, which period its report covers) are in reports/schedules.py;
these are the rows. A schedule keeps the report kind's own choices (a plan, a unit), never a
date: the dates come from its relative period at each firing ("the previous month").
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from workforce.runs import BackgroundRun


class ReportSchedule(models.Model):
    class Frequency(models.TextChoices):
        FIRST_WORKING_DAY = "first_working_day", "On the first working day of each month"
        MONTHLY = "monthly", "Monthly, on a day of the month"
        WEEKLY = "weekly", "Weekly, on a day of the week"

    class Weekday(models.IntegerChoices):  # as datetime.date.weekday()
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    class Period(models.TextChoices):
        PREVIOUS_MONTH = "previous_month", "The previous month"
        PREVIOUS_WEEK = "previous_week", "The previous week (Monday to Sunday)"
        PREVIOUS_QUARTER = "previous_quarter", "The previous quarter (January to March, April to June...)"
        LAST_12_MONTHS = "last_12_months", "The 12 whole months before the month it is sent"
        SENT_ON = "sent_on", "The day it is sent"

    title = models.CharField(max_length=200, help_text='What the emails call it, e.g. "Monthly board pack".')
    kind_key = models.CharField("report", max_length=100)  # a key of reports.kinds
    # The report kind's own choices, as its form takes them (a plan's id, a unit's id): the
    # dates are filled in from `period` at each firing, and the kind's form checks them again.
    report_data = models.JSONField(default=dict, blank=True)
    report_choices = models.CharField(max_length=500, blank=True)  # those choices in words, for lists
    period = models.CharField("report period", max_length=20, choices=Period.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    send_at = models.TimeField("time", default=datetime.time(7, 0))
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="report_schedules_received")
    # The runs are asked for in their name (runs.start), so the list of reports says who set it up.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_paused = models.BooleanField("paused", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The period ("2026-11", "2026-W47") it last fired for: it fires at most once for each.
    last_fired_period = models.CharField(max_length=10, blank=True)
    last_fired_at = models.DateTimeField(null=True, blank=True)
    last_run = models.ForeignKey(
        BackgroundRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the last firing made no report (the plan was deleted since), in words for the list.
    last_problem = models.TextField(blank=True)
    history = HistoricalRecords(
        excluded_fields=["last_fired_period", "last_fired_at", "last_run", "last_problem"]
    )

    class Meta:
        verbose_name = "report schedule"
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_of_month__isnull=True)
                | models.Q(day_of_month__gte=1, day_of_month__lte=31),
                name="schedule_day_of_month_1_to_31",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:schedule_edit", args=[self.pk])

    @property
    def when_words(self) -> str:
        """ "On the first working day of each month at 07:00", "Every Monday at 07:00"."""
        time = self.send_at.strftime("%H:%M")
        if self.frequency == self.Frequency.WEEKLY and self.weekday is not None:
            return f"Every {self.Weekday(self.weekday).label} at {time}"
        if self.frequency == self.Frequency.MONTHLY and self.day_of_month:
            # Only days some months lack need saying what happens then.
            shorter = " (or the month's last day)" if self.day_of_month > 28 else ""
            return f"Monthly on day {self.day_of_month}{shorter} at {time}"
        return f"On the first working day of each month at {time}"


class ScheduleFiring(models.Model):
    """One firing of a schedule: the run it started (or why it started none) and whether its
    emails went. The unique constraint is the last word on "once per period", even if two beat
    processes ran at once."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.CASCADE, related_name="firings")
    period = models.CharField(max_length=10)
    fired_at = models.DateTimeField(default=timezone.now)
    run = models.OneToOneField(
        BackgroundRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="schedule_firing"
    )
    problem = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "schedule firing"
        ordering = ["-fired_at", "-pk"]
        constraints = [
            # Sending twice for one firing must not happen: one firing per schedule and period.
            models.UniqueConstraint(fields=["schedule", "period"], name="schedule_fires_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} for {self.period}"
