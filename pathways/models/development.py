"""How a candidate gets from where they are to where they aim: skills assessed against the stage's
role requirements, and a development plan of objectives and activities kept by mentor and mentee."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathways.models.enrolment import Enrolment
from pathways.models.pathway import ActivityKind
from workforce.models import Competency, Course, StaffMember, TrainingRecord
from workforce.versioning import Versioned

# 0 is "not yet at level 1"; 1-4 are the core's competency levels (Competency.LEVELS).
RATING_LEVELS = [(0, "0 - Not yet"), *Competency.LEVELS]


class SkillsAssessment(models.Model):
    class Kind(models.TextChoices):
        SELF = "self", "Self-assessment"
        MENTOR = "mentor", "Mentor assessment"
        CONFIRMED = "confirmed", "Confirmed by mentor"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    assessor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A mentor's confirmation (or change) of a self-assessment points at it; both stay visible.
    confirms = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="confirmations"
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "-assessed_on", "-pk"]
        get_latest_by = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.enrolment.staff_member} on {self.assessed_on:%d/%m/%Y}"


class SkillRating(models.Model):
    assessment = models.ForeignKey(SkillsAssessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        "current level", choices=RATING_LEVELS, validators=[MaxValueValidator(4)]
    )
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "competency__category", "competency__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="one_rating_per_competency"),
            models.CheckConstraint(condition=Q(level__lte=4), name="rating_level_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class DevelopmentPlan(Versioned):
    """The one live plan of an enrolment; two people editing it are stopped by the version check."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="plan")
    started_on = models.DateField()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "development plan"

    def __str__(self) -> str:
        return f"Development plan of {self.enrolment.staff_member}"


class Objective(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The skills gap this objective closes, if any.",
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    signed_off_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Activity(Versioned):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=300)
    happened_on = models.DateField("date", null=True, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    where = models.CharField(max_length=200, blank=True)
    with_whom = models.CharField("with whom", max_length=200, blank=True)
    reflection = models.TextField(blank=True)
    added_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)
    # A completed course activity can record the completion in the core's training records.
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    training_record = models.OneToOneField(
        TrainingRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="pathway_activity"
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["objective", "happened_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def awaiting_sign_off(self) -> bool:
        return self.signed_off_on is None


def evidence_path(instance: Evidence, filename: str) -> str:
    # Named by id, not by the uploaded name: the name is kept on the row, and a path never
    # carries what someone typed. MEDIA is not served publicly; evidence is streamed by a view.
    return f"pathways/evidence/{instance.activity_id}/{instance.uploaded_at:%Y%m%d%H%M%S%f}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        IMAGE = "image", "Image"
        WORD = "word", "Word document"
        EXCEL = "excel", "Excel workbook"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(help_text="Bytes.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["activity", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
