"""The weekly digest's rows: each person's email reminder setting, and the log of digests sent.

Imported by workforce/models.py. Who gets what is workforce/digests.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReminderSettings(models.Model):
    """A person's choice about reminder emails. No row means the defaults: the weekly digest on
    (it is only sent when there is something in it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    weekly_digest = models.BooleanField(
        "Send me a weekly email of what needs my attention",
        default=True,
        help_text="On Monday mornings, and only when something is due: your actions and milestones, "
        "your staff's training, and whatever else is waiting for you. One email, never one per item.",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "email reminder settings"
        verbose_name_plural = "email reminder settings"

    def __str__(self) -> str:
        return f"Email reminders of {self.user}"


class DigestSent(models.Model):
    """One weekly digest sent to one person. Written in the same transaction as the email is sent;
    its unique constraint makes a second beat firing in the same week skip the person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent")
    week = models.CharField(max_length=8)  # ISO week, "2026-W48"
    sent_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveIntegerField(default=0)  # how many things it listed

    class Meta:
        verbose_name = "weekly digest sent"
        verbose_name_plural = "weekly digests sent"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # Once per person per ISO week, even if beat fires twice.
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_user_and_week"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user}, {self.week}"
