"""The emails of report schedules: "your report is ready" to each recipient, and "it could not be
made" to the schedule's owner.

Each firing is emailed once: the one who sends claims the firing (`emailed_at`, set in one
UPDATE) before sending, so a redelivered task, the run's signal and beat's sweep of missed
firings cannot email twice. If the mail server refuses, the claim is given back and the task
tries again a bounded number of times.

The email carries the link, never the file: the download page checks, when it is followed, that
the reader may still download board reports (and asks them to sign in first).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reports import kinds
from reports.schedule_models import ScheduleFiring
from workforce.access import users_with_access
from workforce.permissions import can
from workforce.runs import BackgroundRun

logger = logging.getLogger(__name__)

# Beat's sweep looks this far back for finished runs whose email never went (a lost worker).
MISSED_WITHIN = datetime.timedelta(days=3)


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _claim(firing_id: int) -> ScheduleFiring | None:
    claimed = ScheduleFiring.objects.filter(pk=firing_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return None
    return ScheduleFiring.objects.select_related("schedule", "schedule__owner", "run").get(pk=firing_id)


def _release(firing_id: int) -> None:
    ScheduleFiring.objects.filter(pk=firing_id).update(emailed_at=None)


def _message(template: str, context: dict, subject: str, to: str) -> EmailMultiAlternatives:
    text = render_to_string(f"reports/email/{template}.txt", context)
    html = render_to_string(f"reports/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def _send(firing_id: int, messages: list[EmailMultiAlternatives]) -> int:
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:
        _release(firing_id)  # tried again by the task, or by beat's sweep
        raise


def recipients_who_may_download(firing: ScheduleFiring, kind: kinds.ReportKind) -> list:
    """The schedule's recipients who may still download the report, on the day it is sent."""
    people = users_with_access().filter(pk__in=firing.schedule.recipients.values("pk"))
    return [user for user in people.order_by("last_name", "first_name", "pk") if can(user, kind.ability)]


def send_ready(firing_id: int) -> int:
    """Email a finished firing: the link to each recipient if its report is ready, the reason to
    the owner if it failed. Returns how many emails went (0 if already sent or not finished)."""
    firing = ScheduleFiring.objects.filter(pk=firing_id).select_related("run").first()
    if firing is None or firing.run is None or not firing.run.is_finished:
        return 0
    firing = _claim(firing_id)
    if firing is None:
        return 0
    run, schedule = firing.run, firing.schedule
    kind = kinds.for_job(run.kind)
    if run.status != BackgroundRun.Status.DONE or kind is None:
        if not schedule.owner.email:
            return 0
        problem = run.error or "The report could not be made."
        link = site_url(reverse("reports:run", args=[run.pk]))
        return _send(firing.pk, [_problem_message(firing, problem, link)])
    context = {
        "schedule": schedule,
        "kind": kind,
        "run": run,
        "description": run.input.get("description", ""),
        "download_url": site_url(reverse("reports:download", args=[run.pk])),
        "run_url": site_url(reverse("reports:run", args=[run.pk])),
    }
    subject = f"{schedule.title}: {kind.title} is ready"
    messages = [
        _message("schedule_ready", {**context, "recipient": user}, subject, user.email)
        for user in recipients_who_may_download(firing, kind)
    ]
    if not messages:
        logger.warning("Report schedule %s: no recipient may download the report", schedule.pk)
        return 0
    return _send(firing.pk, messages)


def _problem_message(firing: ScheduleFiring, problem: str, link: str) -> EmailMultiAlternatives:
    schedule = firing.schedule
    context = {
        "schedule": schedule,
        "problem": problem,
        "link": link,
        "schedule_url": site_url(reverse("reports:schedule_edit", args=[schedule.pk])),
    }
    subject = f"{schedule.title}: the scheduled report could not be made"
    return _message("schedule_problem", context, subject, schedule.owner.email)


def send_problem(firing_id: int) -> int:
    """Tell the owner a firing made no report, and why (once)."""
    firing = _claim(firing_id)
    if firing is None:
        return 0
    if not firing.schedule.owner.email:
        return 0
    link = site_url(reverse("reports:schedule_edit", args=[firing.schedule_id]))
    return _send(firing.pk, [_problem_message(firing, firing.problem, link)])


def on_run_finished(sender, run_id: int, status: str, **kwargs) -> None:
    """`runs.run_finished`: a scheduled report's run has finished; its emails are a task of their own."""
    from reports.tasks import email_schedule_firing

    firing_id = (
        ScheduleFiring.objects.filter(run_id=run_id, emailed_at__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )
    if firing_id is not None:
        email_schedule_firing.delay_on_commit(firing_id)


def send_missed(now: datetime.datetime | None = None) -> int:
    """Beat's sweep: firings from the last few days whose emails never went (the worker that
    finished the run was lost before it could ask for them). Returns how many emails went."""
    now = now or timezone.now()
    missed = ScheduleFiring.objects.filter(emailed_at__isnull=True, fired_at__gte=now - MISSED_WITHIN).filter(
        Q(run__status__in=BackgroundRun.FINISHED) | ~Q(problem="")
    )
    sent = 0
    for firing in missed.only("pk", "problem"):
        sent += send_problem(firing.pk) if firing.problem else send_ready(firing.pk)
    return sent
