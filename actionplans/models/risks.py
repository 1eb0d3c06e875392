"""Risks on actions, and the dated progress updates RAG and board reports read."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from actionplans.models.actions import Action, Output
from actionplans.rag import RAG
from workforce.models import StaffMember
from workforce.versioning import Versioned


class Risk(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    SCALE = [MinValueValidator(1), MaxValueValidator(5)]

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="risks")
    output = models.ForeignKey(Output, null=True, blank=True, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCALE, help_text="1 (rare) to 5"
    )
    impact = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCALE, help_text="1 (minor) to 5"
    )
    # Stored, not computed per page, so "top risks by score" is one ordered query.
    score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_risks"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "risk"
        ordering = ["action", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__isnull=True) | Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        self.score = self.likelihood * self.impact if self.likelihood and self.impact else None
        super().save(*args, **kwargs)


class ProgressUpdate(models.Model):
    """A dated progress note with a RAG status. 'Progress to date' is the latest one.

    One imported from a plan file (`imported_from` names the file, `date` is the day of the
    import) is the plan's progress as the file stated it, not an owner's update: it has no
    author and no RAG, and `with_rag()` does not read it as the latest update."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    output = models.ForeignKey(
        Output, null=True, blank=True, on_delete=models.CASCADE, related_name="progress_updates"
    )
    date = models.DateField(default=datetime.date.today)
    note = models.TextField()
    rag = models.CharField("RAG status", max_length=10, choices=RAG.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    imported_from = models.CharField(
        max_length=255, blank=True, help_text="The plan file this progress was imported from, if any."
    )
    # A plan workbook names the author by assignment number and name; when no login matches
    # them on import, the name is kept as written here rather than lost (author stays empty).
    author_name = models.CharField("author (as written)", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "progress update"
        ordering = ["-date", "-pk"]
        indexes = [
            # with_rag() reads the latest update per action.
            models.Index(fields=["action", "-date"], name="progress_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.note[:60]}"

    @property
    def is_imported(self) -> bool:
        return bool(self.imported_from)


# Remembered responsibility mappings live in their own module (with the functions that write
# them); imported here so that Django finds the model in this app's models.
