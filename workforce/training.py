"""Courses and the training records that say who completed them, when, and until when they hold.

Expiry comes from the course's renewal period; "expired" means not renewed by a later completion
(`TrainingRecordQuerySet.expired`). Kept apart from workforce/models.py (the organisation, its staff
and their roles), which imports these models so that Django finds them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from simple_history.models import HistoricalRecords

from workforce.models import ArchivableQuerySet, StaffMember, in_post_condition


class Course(models.Model):
    class Kind(models.TextChoices):
        STATUTORY_MANDATORY = "statutory_mandatory", "Statutory/mandatory"
        CARE_CERTIFICATE = "care_certificate", "Care Certificate"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        FOUNDATION_DEGREE = "foundation_degree", "Foundation degree"
        BRIDGING_THE_GAP = "bridging_the_gap", "Bridging the Gap"
        CPD = "cpd", "CPD"
        IN_HOUSE = "in_house", "In-house programme"
        E_LEARNING = "e_learning", "E-learning"
        QUALIFICATION = "qualification", "Qualification"

    title = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    provider = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=50, blank=True, help_text="e.g. Level 3, RQF Level 5.")
    renewal_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="If the course must be renewed, after how many months."
    )
    is_archived = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "course"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:course_detail", args=[self.pk])


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class TrainingRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(staff_member__in=StaffMember.objects.visible_to(user))

    def completed(self):
        return self.filter(status=TrainingRecord.Status.COMPLETED)

    def with_superseded(self):
        """Annotate `is_superseded`: the same person completed the same course again later."""
        later = TrainingRecord.objects.filter(
            staff_member=OuterRef("staff_member"),
            course=OuterRef("course"),
            status=TrainingRecord.Status.COMPLETED,
            completed_on__gt=OuterRef("completed_on"),
        )
        return self.annotate(is_superseded=Exists(later))

    def latest_completions(self):
        return self.completed().with_superseded().filter(is_superseded=False)

    def expired(self, on: datetime.date | None = None):
        """Completions past their expiry date that nobody has renewed since."""
        on = on or datetime.date.today()
        return self.latest_completions().filter(expires_on__lt=on)

    def of_current_staff(self, on: datetime.date | None = None):
        """Records of people in post on `on` (see `StaffMemberQuerySet.in_post`)."""
        return self.filter(in_post_condition(on, prefix="staff_member__"))


class TrainingRecord(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="training_records")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(
        null=True, blank=True, help_text="Left blank, it is worked out from the course's renewal period."
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "training record"
        ordering = ["-completed_on", "-started_on", "-pk"]
        indexes = [
            # Completion and expiry figures filter by course, status and date.
            models.Index(fields=["course", "status", "completed_on"], name="training_completion_idx"),
            # expired()/latest_completions() ask "did this person complete this course again later?"
            models.Index(
                fields=["staff_member", "course", "status", "completed_on"], name="training_renewal_idx"
            ),
            # Expiry lists on the home page filter completed records by expiry date.
            models.Index(fields=["status", "expires_on"], name="training_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} - {self.course}"

    def save(self, *args, **kwargs):
        if self.completed_on and not self.expires_on and self.course_id and self.course.renewal_months:
            self.expires_on = add_months(self.completed_on, self.course.renewal_months)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.status == self.Status.COMPLETED and not self.completed_on:
            errors["completed_on"] = "A completed course needs its completion date."
        if self.completed_on and self.status != self.Status.COMPLETED:
            errors["status"] = "A record with a completion date must be marked completed."
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = "The completion date is before the start date."
        # Only a completion is a fact that must already have happened; a planned or
        # in-progress record carries no completion date, and its start date may well be ahead.
        if self.completed_on and self.completed_on > datetime.date.today():
            errors.setdefault("completed_on", "A course cannot be completed in the future.")
        if self.expires_on and self.completed_on and self.expires_on <= self.completed_on:
            errors["expires_on"] = "The expiry date must come after the completion date."
        if errors:
            raise ValidationError(errors)

    def is_expired(self, on: datetime.date | None = None) -> bool:
        on = on or datetime.date.today()
        return self.expires_on is not None and self.expires_on < on


# Defined beside the code that runs it; imported here so Django registers the model with this app.
