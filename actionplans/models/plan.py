"""A plan and its upper levels: ActionPlan, its signatories, priorities (themes) and areas of focus."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from workforce.models import StaffMember
from workforce.versioning import Versioned


class ActionPlan(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class Layout(models.TextChoices):
        PRIORITIES = "priorities", "Priorities, areas of focus, actions and outputs"
        THEMES = "themes", "Themes and actions"

    title = models.CharField(max_length=255)
    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.PRIORITIES)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_action_plans"
    )
    governance = models.TextField(
        blank=True,
        help_text="Which group it reports to, e.g. Education Strategy Group, then the Trust Board.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(blank=True)
    pledge_text = models.TextField("signed pledge", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "action plan"
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan_detail", args=[self.pk])

    @property
    def priority_label(self) -> str:
        return "Theme" if self.layout == self.Layout.THEMES else "Priority"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The plan cannot end before it starts."})


class PledgeSignatory(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, help_text="e.g. Chief Executive, Chair of Staff Side.")
    signed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pledge signatory"
        verbose_name_plural = "pledge signatories"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class Priority(Versioned):
    """A numbered priority (Layout A) or a theme (Layout B)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="priorities")
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "priority"
        verbose_name_plural = "priorities"
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class FocusArea(Versioned):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="focus_areas")
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500)
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "area of focus"
        verbose_name_plural = "areas of focus"
        ordering = ["priority", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()
