"""Celery tasks of the reports app: beat's tick for report schedules, and their emails.

The tick's schedule is a django-celery-beat row (migration 0002_sched_report_schedules): every
15 minutes by default; an operator may change it in the admin ("Periodic tasks")."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from reports import schedule_mail, schedules

EMAIL_RETRIES = 3


@shared_task(name="reports.fire_report_schedules")
def fire_report_schedules() -> str:
    """Fire the report schedules that are due, and send any of their emails that went missing."""
    fired = schedules.fire_due()
    missed = schedule_mail.send_missed()
    return f"fired {len(fired)} schedule(s); {missed} missed email(s) sent"


@shared_task(bind=True, max_retries=EMAIL_RETRIES, name="reports.email_schedule_firing")
def email_schedule_firing(self, firing_id: int) -> int:
    """Email a finished scheduled report (once: see reports/schedule_mail.py). A mail server that
    refuses or cannot be reached is tried again later, a bounded number of times; after that,
    beat's sweep tries once more on its next ticks for a few days."""
    try:
        return schedule_mail.send_ready(firing_id)
    except (SMTPException, OSError) as exc:
        if self.request.retries >= self.max_retries:
            raise
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
