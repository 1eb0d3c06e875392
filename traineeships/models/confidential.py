"""Confidential support plans (a stress management plan, a wellbeing plan) and the log of every
opening and every refusal. Only holders of `traineeships.confidential` open a plan: the L&D
manager role, and no superuser without it; the admin does not register the model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from traineeships.models.trainee import Trainee
from workforce.versioning import Versioned


class ConfidentialSupportPlan(Versioned):
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="confidential_plans")
    title = models.CharField(max_length=200, default="Stress management plan")
    content = models.TextField()
    review_on = models.DateField("review date", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["trainee", "-created_at"]

    def __str__(self) -> str:
        return f"{self.title} for {self.trainee}"


class AccessLogEntry(models.Model):
    """Who opened (or was refused) which plan, when. Written once, never changed: save() refuses
    an update and delete() refuses outright, so no page, form or admin action can alter it."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened"
        EDITED = "edited", "Edited"
        CREATED = "created", "Created"
        REFUSED = "refused", "Refused"

    # PROTECT: a plan with a log is never deleted out from under it.
    plan = models.ForeignKey(ConfidentialSupportPlan, null=True, on_delete=models.PROTECT, related_name="+")
    trainee = models.ForeignKey(Trainee, null=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} at {self.at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The confidential access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The confidential access log cannot be deleted.")

    @property
    def allowed(self) -> bool:
        return self.action != self.Action.REFUSED
