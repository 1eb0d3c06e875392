"""Trainees (applicants who started), their placements with a supervisor and a life coach, the
support meetings around them, feedback, and where they went afterwards."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from traineeships.models.recruitment import Applicant
from workforce.models import OrgUnit, StaffMember, add_months
from workforce.versioning import Versioned

# A quarterly support meeting is due this long after the last one (or the start).
QUARTERLY_MONTHS = 3
# Outcome follow-ups, in months after the trainee's end date.
FOLLOW_UP_MONTHS = (6, 12)


class TraineeQuerySet(models.QuerySet):
    """The reads every traineeships page, digest and report shares, so they count alike."""

    def visible_to(self, user):
        from traineeships import permissions

        return permissions.trainees_visible_to(self, user)

    def active(self):
        return self.filter(status=Trainee.Status.ACTIVE)

    def with_support(self):
        """Annotate `last_quarterly_on`: the date of the latest quarterly support meeting, or None.
        A subquery, so it adds to any other annotation without multiplying rows."""
        latest = SupportMeeting.objects.filter(
            trainee=models.OuterRef("pk"), kind=SupportMeeting.Kind.QUARTERLY
        ).order_by("-held_on")
        return self.annotate(last_quarterly_on=models.Subquery(latest.values("held_on")[:1]))

    def support_overdue(self, today: datetime.date):
        """Active trainees whose next quarterly meeting (three months after the last, or after
        the start) fell before today."""
        # Overdue: due yesterday or before.
        cutoff = latest_due_by(today - datetime.timedelta(days=1), QUARTERLY_MONTHS)
        return (
            self.active()
            .with_support()
            .filter(
                models.Q(last_quarterly_on__lte=cutoff)
                | models.Q(last_quarterly_on__isnull=True, started_on__lte=cutoff)
            )
        )

    def with_end(self):
        """Annotate `end_on`: the trainee's own end date, else their intake's."""
        return self.annotate(end_on=Coalesce("ended_on", "applicant__intake__ends_on"))

    def follow_ups_missing(self, today: datetime.date):
        """Trainees with an outcome due and not recorded: at the end, and 6 and 12 months on."""
        missing = models.Q()
        for when in (0, *FOLLOW_UP_MONTHS):
            recorded = Outcome.objects.filter(trainee=models.OuterRef("pk"), when=when)
            missing |= models.Q(end_on__lte=latest_due_by(today, when)) & ~models.Exists(recorded)
        return self.with_end().filter(missing)


class Trainee(Versioned):
    class Status(models.TextChoices):
        ACTIVE = "active", "In the programme"
        COMPLETED = "completed", "Completed"
        LEFT_EARLY = "left_early", "Left early"

    applicant = models.OneToOneField(Applicant, on_delete=models.PROTECT, related_name="trainee")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Set when the trainee is employed here: their staff record.
    staff_member = models.OneToOneField(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainee"
    )
    vacancies_to_discuss = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["applicant__last_name", "applicant__first_name", "pk"]

    def __str__(self) -> str:
        return str(self.applicant)

    def get_absolute_url(self) -> str:
        return reverse("traineeships:trainee", args=[self.pk])

    @property
    def intake(self):
        return self.applicant.intake

    def end_date(self) -> datetime.date:
        """When the trainee's programme ended (or is due to): their own end, else the intake's."""
        return self.ended_on or self.applicant.intake.ends_on


class Placement(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        BROKEN_DOWN = "broken_down", "Broken down"

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="placements")
    host_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="placements")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    supervisor = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="placements_supervised",
        verbose_name="placement supervisor",
    )
    life_coach = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.PROTECT, related_name="placements_coached"
    )
    team_manager = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    broke_down_on = models.DateField("broke down on", null=True, blank=True)
    breakdown_reason = models.TextField(blank=True)
    support_given = models.TextField(blank=True, help_text="What was done to support the trainee.")
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_it_starts",
                violation_error_message="A placement cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} at {self.host_unit}"


class SupportMeeting(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly review"
        AD_HOC = "ad_hoc", "Ad hoc"

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="support_meetings")
    held_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUARTERLY)
    trainee_attended = models.BooleanField("trainee", default=True)
    supervisor_attended = models.BooleanField("placement supervisor", default=False)
    life_coach_attended = models.BooleanField("life coach", default=False)
    ld_manager_attended = models.BooleanField("L&D manager", default=False)
    notes = models.TextField(blank=True)
    actions = models.TextField("agreed actions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


def latest_due_by(today: datetime.date, months: int) -> datetime.date:
    """The latest date whose `months`-later anniversary (add_months) falls on or before today. On
    the last day of a month, every later day of the month `months` back counts too (31 Oct + 6
    months is 30 Apr), so the answer is that month's last day."""
    cutoff = add_months(today, -months)
    if (today + datetime.timedelta(days=1)).day == 1:
        cutoff = add_months(today + datetime.timedelta(days=1), -months) - datetime.timedelta(days=1)
    return cutoff


def next_quarterly_due(started_on: datetime.date, last_quarterly: datetime.date | None) -> datetime.date:
    """The next quarterly meeting is due three months after the last one, or after the start."""
    return add_months(last_quarterly or started_on, QUARTERLY_MONTHS)


class Feedback(models.Model):
    class From(models.TextChoices):
        TRAINEE = "trainee", "The trainee"
        SUPERVISOR = "supervisor", "Placement supervisor"
        TEAM = "team", "The host team"

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="feedback")
    given_on = models.DateField("date")
    given_by = models.CharField("from", max_length=20, choices=From.choices)
    rating = models.PositiveSmallIntegerField(
        choices=[(n, str(n)) for n in range(1, 6)], help_text="1 (poor) to 5 (excellent)."
    )
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_given_by_display()}, {self.given_on:%d %b %Y}: {self.rating} of 5"


class Outcome(models.Model):
    """Where a trainee went: at the end of the programme, then at the 6- and 12-month follow-ups."""

    class Kind(models.TextChoices):
        EMPLOYED_HERE = "employed_here", "Employed here (entry-level role)"
        EMPLOYED_ELSEWHERE = "employed_elsewhere", "Employed elsewhere"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        EDUCATION = "education", "Further education or training"
        VOLUNTEERING = "volunteering", "Volunteering"
        NOT_IN_WORK = "not_in_work", "Not in work or training"
        UNKNOWN = "unknown", "Unknown"

    class When(models.IntegerChoices):
        AT_END = 0, "At the end"
        SIX_MONTHS = 6, "6 months on"
        TWELVE_MONTHS = 12, "12 months on"

    # Outcomes that count as a job for the "job outcomes" indicator.
    JOBS = [Kind.EMPLOYED_HERE, Kind.EMPLOYED_ELSEWHERE, Kind.APPRENTICESHIP]

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="outcomes")
    when = models.PositiveSmallIntegerField(choices=When.choices, default=When.AT_END)
    recorded_on = models.DateField("date")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["trainee", "when"]
        constraints = [models.UniqueConstraint(fields=["trainee", "when"], name="one_outcome_per_follow_up")]

    def __str__(self) -> str:
        return f"{self.get_when_display()}: {self.get_kind_display()}"
