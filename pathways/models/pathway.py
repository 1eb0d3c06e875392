"""A career pathway is an ordered ladder of job roles, e.g. Home Trainer -> Link Trainer ->
Regional Training Officer. A stage's entry criteria come from the core: its job role's competency
requirements and training requirements, plus a minimum time in the stage below."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from workforce.models import Competency, JobRole
from workforce.versioning import Versioned


class ActivityKind(models.TextChoices):
    """What a development activity is (shared by the stage templates and the plans)."""

    SHADOWING = "shadowing", "Shadowing"
    WORK_EXPERIENCE = "work_experience", "Work experience"
    COACHING = "coaching", "Coaching"
    MENTORING_SESSION = "mentoring_session", "Mentoring session"
    INTERNAL_TRAINING = "internal_training", "Internal training day"
    EXTERNAL_TRAINING = "external_training", "External training day"
    E_LEARNING = "e_learning", "E-learning"
    COURSE = "course", "Qualification or course"
    SUPPORTING_TRAINER = "supporting_trainer", "Supporting another trainer"


class CareerPathwayQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class CareerPathway(Versioned):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField("active", default=True)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = CareerPathwayQuerySet.as_manager()

    class Meta:
        verbose_name = "career pathway"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pathways:pathway", args=[self.pk])


class PathwayStage(Versioned):
    pathway = models.ForeignKey(CareerPathway, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(help_text="1 is the first rung of the ladder.")
    job_role = models.ForeignKey(JobRole, on_delete=models.PROTECT, related_name="pathway_stages")
    description = models.TextField(blank=True)
    min_months_in_previous = models.PositiveSmallIntegerField(
        "minimum months in the stage below",
        default=0,
        help_text="How long someone must have held the previous stage's role before entering this one.",
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "pathway stage"
        ordering = ["pathway", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "position"], name="stage_position_unique"),
            models.UniqueConstraint(fields=["pathway", "job_role"], name="stage_role_once_per_pathway"),
            models.CheckConstraint(condition=Q(position__gte=1), name="stage_position_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.pathway}: {self.position}. {self.job_role}"

    @property
    def title(self) -> str:
        return self.job_role.title


class TemplateObjective(models.Model):
    """An objective every candidate for the stage starts their development plan with."""

    stage = models.ForeignKey(PathwayStage, on_delete=models.CASCADE, related_name="template_objectives")
    title = models.CharField(max_length=300)
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    months_to_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Target date = plan start + this many months."
    )
    position = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class TemplateActivity(models.Model):
    objective = models.ForeignKey(TemplateObjective, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "pk"]

    def __str__(self) -> str:
        return self.title
