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

from workforce.models import ArchivableQuerySet, JobRole, StaffGroup, StaffMember, in_post_condition


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
    # Courses taught at levels ("Safeguarding children" levels 1 to 3) share a subject; a
    # completion at a higher level satisfies a requirement for a lower one (workforce.compliance).
    subject = models.CharField(
        max_length=100,
        blank=True,
        help_text="Courses of one subject at different levels share it, e.g. Safeguarding children.",
    )
    subject_level = models.PositiveSmallIntegerField(
        "level within the subject",
        null=True,
        blank=True,
        help_text="A number: a completion at a higher level satisfies a requirement for a lower one.",
    )
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

    def clean(self):
        if self.subject_level is not None and not self.subject:
            raise ValidationError({"subject": "Name the subject this level belongs to."})


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
        self.fill_in_expiry()
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # The completion date as read, so that an edit knows how far back its change reaches
        # (workforce/figure_store.py): moving a completion from 2023 to 2025 changes 2023's figures.
        # Not read (a deferred field): unknown, so it may reach back to the start.
        record.loaded_completed_on = record.__dict__.get("completed_on", datetime.date.min)
        return record

    def fill_in_expiry(self) -> None:
        """A blank expiry is worked out from the course's renewal period (also called before bulk_create)."""
        if self.completed_on and not self.expires_on and self.course_id and self.course.renewal_months:
            self.expires_on = add_months(self.completed_on, self.course.renewal_months)

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


class TrainingRequirementQuerySet(models.QuerySet):
    def of_active_courses(self):
        return self.filter(course__is_archived=False)

    def applying_to_role(self, role: JobRole | None):
        """The requirements for whoever holds `role`: the role's, its staff group's, everyone's."""
        condition = models.Q(job_role=None, staff_group="")
        if role is not None:
            condition |= models.Q(job_role=role) | models.Q(staff_group=role.staff_group)
        return self.filter(condition)


class TrainingRequirement(models.Model):
    """A course that a job role, every member of a staff group, or everyone must hold.

    With neither a job role nor a staff group it applies to everyone. The renewal period is
    the course's own unless the requirement sets a shorter one. What each person's status is
    for each requirement is worked out in workforce.compliance.
    """

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requirements")
    job_role = models.ForeignKey(
        JobRole, on_delete=models.CASCADE, null=True, blank=True, related_name="training_requirements"
    )
    staff_group = models.CharField(max_length=30, choices=StaffGroup.choices, blank=True)
    renewal_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Blank: the course's own renewal period. Set it to require renewal sooner for these staff.",
    )
    history = HistoricalRecords()

    objects = TrainingRequirementQuerySet.as_manager()

    class Meta:
        verbose_name = "training requirement"
        ordering = ["course__title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(job_role__isnull=True) | models.Q(staff_group=""),
                name="training_requirement_role_or_group",
                violation_error_message="A requirement is for a job role or a staff group, not both.",
            ),
            models.UniqueConstraint(
                fields=["course", "job_role"],
                condition=models.Q(job_role__isnull=False),
                name="training_requirement_once_per_role",
                violation_error_message="This job role already requires this course.",
            ),
            models.UniqueConstraint(
                fields=["course", "staff_group"],
                condition=~models.Q(staff_group=""),
                name="training_requirement_once_per_group",
                violation_error_message="This staff group already requires this course.",
            ),
            models.UniqueConstraint(
                fields=["course"],
                condition=models.Q(job_role__isnull=True, staff_group=""),
                name="training_requirement_once_for_everyone",
                violation_error_message="Everyone already has to hold this course.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} for {self.applies_to}"

    @property
    def applies_to(self) -> str:
        if self.job_role_id:
            return str(self.job_role)
        if self.staff_group:
            return f"{self.get_staff_group_display()} staff"
        return "everyone"

    def applies_condition(self, prefix: str = "") -> models.Q | None:
        """A Q over StaffMember (or rows `prefix` away from one) for the people this applies to;
        None when it applies to everyone."""
        if self.job_role_id:
            return models.Q(**{f"{prefix}job_role_id": self.job_role_id})
        if self.staff_group:
            return models.Q(**{f"{prefix}job_role__staff_group": self.staff_group})
        return None

    def clean(self):
        if self.job_role_id and self.staff_group:
            raise ValidationError("Choose a job role or a staff group, not both.")
        course_months = self.course.renewal_months if self.course_id else None
        if self.renewal_months is not None:
            if self.renewal_months == 0:
                raise ValidationError({"renewal_months": "A renewal period is at least one month."})
            if course_months and self.renewal_months >= course_months:
                raise ValidationError(
                    {
                        "renewal_months": f"{self.course} is renewed every {course_months} months already; "
                        "a requirement may only set a shorter period."
                    }
                )
