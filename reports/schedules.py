"""When a report schedule fires, which period its report covers, and firing it.

Celery beat (django-celery-beat's database scheduler) runs `reports.fire_report_schedules` every
few minutes (a row made by migration 0002 of this app). Each tick fires the schedules that are
due, so a beat that was down at 07:00 still sends that morning's report when it is back, and
the schedules themselves are rows the L&D manager edits on /reports/schedules/.

The rules:
- A schedule's periods are months ("2026-11") or, weekly, ISO weeks ("2026-W47"); it fires at
  most once in each, at its day and time, and remembers the last period it fired for.
- First working day of the month: the 1st, or the Monday after it when the 1st is a Saturday or
  Sunday. Bank holidays are not known to the app and are not skipped.
- Monthly on day N: the Nth, or the month's last day in a month that has no Nth (day 31 in June
  fires on the 30th).
- Weekly: that weekday of each ISO week (Monday to Sunday).
- A schedule created or changed after this period's time has passed starts with the next one:
  saving a form never sends a report at once.
- The report's dates are relative to the day the schedule is due (not the day a late beat got
  to it), so a firing a few hours late covers the same period.

Firing starts the kind's background run as the schedule's owner (`jobs.request_report`, the way
the request page does); when the run finishes (`runs.run_finished`), each recipient who may
still download reports is emailed the link, once (reports/schedule_mail.py).
"""

from __future__ import annotations

import calendar
import datetime
import logging

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports import jobs, kinds
from reports.schedule_models import ReportSchedule, ScheduleFiring
from workforce.permissions import can
from workforce.training import add_months

logger = logging.getLogger(__name__)

Frequency = ReportSchedule.Frequency
Period = ReportSchedule.Period


# --- when it fires ------------------------------------------------------------------------


def first_working_day(year: int, month: int) -> datetime.date:
    """The 1st of the month, moved to the Monday after when it falls on a weekend."""
    first = datetime.date(year, month, 1)
    if first.weekday() >= 5:  # Saturday 5, Sunday 6
        return first + datetime.timedelta(days=7 - first.weekday())
    return first


def period_key(frequency: str, day: datetime.date) -> str:
    """The period `day` falls in: "2026-11" for monthly schedules, "2026-W47" for weekly ones."""
    if frequency == Frequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day:%Y-%m}"


def period_start(frequency: str, day: datetime.date) -> datetime.date:
    if frequency == Frequency.WEEKLY:
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period_start(frequency: str, day: datetime.date) -> datetime.date:
    start = period_start(frequency, day)
    if frequency == Frequency.WEEKLY:
        return start + datetime.timedelta(days=7)
    return add_months(start, 1)


def fire_day(schedule: ReportSchedule, day: datetime.date) -> datetime.date:
    """The day the schedule fires in the period containing `day`."""
    start = period_start(schedule.frequency, day)
    if schedule.frequency == Frequency.WEEKLY:
        return start + datetime.timedelta(days=schedule.weekday or 0)
    if schedule.frequency == Frequency.MONTHLY:
        last = calendar.monthrange(start.year, start.month)[1]
        return start.replace(day=min(schedule.day_of_month or 1, last))
    return first_working_day(start.year, start.month)


def fire_time(schedule: ReportSchedule, day: datetime.date) -> datetime.datetime:
    """When it fires in the period containing `day`, in the organisation's time zone."""
    moment = datetime.datetime.combine(fire_day(schedule, day), schedule.send_at)
    return timezone.make_aware(moment)


def due_period(schedule: ReportSchedule, now: datetime.datetime) -> str | None:
    """The period to fire for now, or None: this period's time has come and it has not fired."""
    if schedule.is_paused:
        return None
    day = timezone.localtime(now).date()
    key = period_key(schedule.frequency, day)
    if schedule.last_fired_period == key or now < fire_time(schedule, day):
        return None
    return key


def next_firing(schedule: ReportSchedule, now: datetime.datetime) -> datetime.datetime | None:
    """When it will next fire (a time already past: at the next tick); None while paused."""
    if schedule.is_paused:
        return None
    day = timezone.localtime(now).date()
    if schedule.last_fired_period != period_key(schedule.frequency, day):
        return fire_time(schedule, day)
    return fire_time(schedule, next_period_start(schedule.frequency, day))


def start_from_next_period(schedule: ReportSchedule, now: datetime.datetime) -> None:
    """After creating or changing a schedule: if this period's time has already passed, count
    this period as done, so saving the form never sends a report there and then."""
    day = timezone.localtime(now).date()
    if now >= fire_time(schedule, day):
        schedule.last_fired_period = period_key(schedule.frequency, day)


# --- which period the report covers --------------------------------------------------------


def report_dates(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(first, last day) of the report's period, for a schedule due on `day`."""
    month_start = day.replace(day=1)
    if period == Period.PREVIOUS_WEEK:
        monday = day - datetime.timedelta(days=day.weekday() + 7)
        return monday, monday + datetime.timedelta(days=6)
    if period == Period.PREVIOUS_QUARTER:
        quarter_start = month_start.replace(month=(day.month - 1) // 3 * 3 + 1)
        return add_months(quarter_start, -3), quarter_start - datetime.timedelta(days=1)
    if period == Period.LAST_12_MONTHS:
        return add_months(month_start, -12), month_start - datetime.timedelta(days=1)
    if period == Period.SENT_ON:
        return day, day
    return add_months(month_start, -1), month_start - datetime.timedelta(days=1)


def date_fields(form_class) -> dict[str, str]:
    """{field name: "start" or "end"} for the kind form's dates, which the schedule fills in.

    A form may say so itself (`schedule_dates = {"as_at": "end"}`); otherwise a date field whose
    name says start or from is the period's first day, and any other (an "as at") its last."""
    declared = getattr(form_class, "schedule_dates", None)
    if declared is not None:
        return dict(declared)
    found = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateField):
            found[name] = "start" if ("start" in name or "from" in name) else "end"
    return found


def kind_form(kind: kinds.ReportKind, report_data: dict, period: str, day: datetime.date):
    """The kind's own form, bound to the schedule's choices and the period's dates for `day`:
    `is_valid()` checks them as the request page would, `params()` gives the run's parameters."""
    start, end = report_dates(period, day)
    data = dict(report_data)
    for name, which in date_fields(kind.form_class).items():
        data[name] = (start if which == "start" else end).isoformat()
    return kind.form_class(data)


def form_errors_in_words(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else 'The report'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


# --- firing ---------------------------------------------------------------------------------


def fire_due(now: datetime.datetime | None = None) -> list[ScheduleFiring]:
    """Fire every schedule that is due now (beat's tick). Returns the firings made."""
    now = now or timezone.now()
    fired = []
    for schedule in ReportSchedule.objects.filter(is_paused=False).select_related("owner"):
        key = due_period(schedule, now)
        if key is not None:
            firing = fire(schedule, key, now)
            if firing is not None:
                fired.append(firing)
    return fired


def fire(schedule: ReportSchedule, key: str, now: datetime.datetime) -> ScheduleFiring | None:
    """Claim period `key` for the schedule and start its report; None if it was already claimed
    (another tick got there first). A report that cannot be asked for (the plan was deleted,
    the owner may no longer ask for reports) is recorded as the firing's problem and emailed
    to the owner instead."""
    from reports import schedule_mail

    day = fire_day(schedule, timezone.localtime(now).date())
    try:
        with transaction.atomic():
            claimed = (
                ReportSchedule.objects.filter(pk=schedule.pk, is_paused=False)
                .exclude(last_fired_period=key)
                .update(last_fired_period=key, last_fired_at=now)
            )
            if not claimed:
                return None
            firing = ScheduleFiring.objects.create(schedule=schedule, period=key, fired_at=now)
            problem = ""
            try:
                kind = kinds.get(schedule.kind_key)
            except KeyError:
                kind, problem = None, "This kind of report is no longer offered."
            if kind is not None and not can(schedule.owner, kind.ability):
                problem = (
                    f"{schedule.owner.get_full_name() or schedule.owner} may no longer ask for this report."
                )
            form = None if problem else kind_form(kind, schedule.report_data, schedule.period, day)
            if form is not None and not form.is_valid():
                problem = form_errors_in_words(form)
            if problem:
                firing.problem = problem
                firing.save(update_fields=["problem"])
                ReportSchedule.objects.filter(pk=schedule.pk).update(last_problem=problem, last_run=None)
                transaction.on_commit(lambda: schedule_mail.send_problem(firing.pk))
                logger.warning("Report schedule %s did not fire: %s", schedule.pk, problem)
                return firing
            run = jobs.request_report(kind, schedule.owner, form.params())
            firing.run = run
            firing.save(update_fields=["run"])
            ReportSchedule.objects.filter(pk=schedule.pk).update(last_run=run, last_problem="")
    except IntegrityError:
        # The firing row exists: another beat process fired this period a moment ago.
        return None
    return firing
