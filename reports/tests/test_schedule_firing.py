"""Firing report schedules (reports/schedules.py) and emailing their reports
(reports/schedule_mail.py): the run is the owner's, each recipient gets one email with the
link, a period fires once, and a report that cannot be made is told to the owner."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan
from reports import schedule_mail, schedules, tasks
from reports.schedule_models import ReportSchedule, ScheduleFiring
from workforce.runs import BackgroundRun

pytestmark = pytest.mark.django_db


def due_now() -> datetime.datetime:
    """This month's first working day at 07:05: a first-working-day schedule is due."""
    today = timezone.localdate()
    day = schedules.first_working_day(today.year, today.month)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 5)))


@pytest.fixture
def board_schedule(board_plan, ld_manager, director):
    schedule = ReportSchedule.objects.create(
        title="Monthly board report",
        kind_key="board_progress",
        report_data={"plan": board_plan.pk},
        period=ReportSchedule.Period.PREVIOUS_MONTH,
        frequency=ReportSchedule.Frequency.FIRST_WORKING_DAY,
        owner=ld_manager,
    )
    schedule.recipients.add(director, ld_manager)
    return schedule


def fire(now, callbacks):
    with callbacks(execute=True):
        return schedules.fire_due(now)


def test_a_firing_asks_for_the_report_as_the_owner_and_emails_each_recipient_the_link(
    board_schedule, board_plan, ld_manager, director, media, eager_celery, django_capture_on_commit_callbacks
):
    now = due_now()
    [firing] = fire(now, django_capture_on_commit_callbacks)

    run = BackgroundRun.objects.get()
    assert firing.run == run and firing.period == f"{now:%Y-%m}"
    assert run.kind == "reports.board_progress" and run.requested_by == ld_manager
    month_start = now.date().replace(day=1)
    previous = (month_start - datetime.timedelta(days=1)).replace(day=1)
    assert run.input["params"] == {
        "plan": board_plan.pk,
        "start": previous.isoformat(),
        "end": (month_start - datetime.timedelta(days=1)).isoformat(),
    }
    assert run.status == BackgroundRun.Status.DONE and run.has_output

    assert sorted(message.to[0] for message in mail.outbox) == sorted([director.email, ld_manager.email])
    link = f"http://localhost:8000{reverse('reports:download', args=[run.pk])}"
    for message in mail.outbox:
        assert message.subject == "Monthly board report: Trust Board progress report is ready"
        assert link in message.body and board_plan.title in message.body
        html, kind = message.alternatives[0]
        assert kind == "text/html" and f'href="{link}"' in html
    board_schedule.refresh_from_db()
    assert board_schedule.last_fired_period == firing.period
    assert board_schedule.last_run == run and board_schedule.last_problem == ""
    firing.refresh_from_db()
    assert firing.emailed_at is not None


def test_a_period_fires_once_and_its_emails_go_once(
    board_schedule, media, eager_celery, django_capture_on_commit_callbacks
):
    now = due_now()
    [firing] = fire(now, django_capture_on_commit_callbacks)
    assert fire(now + datetime.timedelta(minutes=15), django_capture_on_commit_callbacks) == []
    # A stale copy of the schedule (a second beat that read it before the first fired) is refused.
    stale = ReportSchedule.objects.get(pk=board_schedule.pk)
    stale.last_fired_period = ""
    assert schedules.fire(stale, firing.period, now) is None
    # The email task delivered twice, and beat's sweep: nobody gets a second email.
    assert schedule_mail.send_ready(firing.pk) == 0
    assert schedule_mail.send_missed(now) == 0
    assert BackgroundRun.objects.count() == 1 and ScheduleFiring.objects.count() == 1
    assert len(mail.outbox) == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleFiring.objects.create(schedule=board_schedule, period=firing.period)


def test_a_recipient_who_may_no_longer_download_reports_is_not_emailed(
    board_schedule, director, ld_manager, media, eager_celery, django_capture_on_commit_callbacks
):
    director.groups.clear()
    fire(due_now(), django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[ld_manager.email]]


def test_a_report_that_cannot_be_made_is_told_to_the_owner_once(
    board_schedule, board_plan, ld_manager, media, eager_celery, django_capture_on_commit_callbacks
):
    ActionPlan.objects.filter(pk=board_plan.pk).delete()
    [firing] = fire(due_now(), django_capture_on_commit_callbacks)

    assert firing.run is None and "Action plan" in firing.problem
    assert not BackgroundRun.objects.exists()
    [message] = mail.outbox
    assert message.to == [ld_manager.email]
    assert "could not be made" in message.subject and firing.problem in message.body
    board_schedule.refresh_from_db()
    assert board_schedule.last_problem == firing.problem
    assert schedule_mail.send_missed() == 0 and len(mail.outbox) == 1


def test_an_owner_who_may_no_longer_ask_for_reports_fires_nothing(
    board_schedule, ld_manager, media, eager_celery, django_capture_on_commit_callbacks
):
    ld_manager.groups.clear()
    [firing] = fire(due_now(), django_capture_on_commit_callbacks)
    assert "may no longer ask for this report" in firing.problem
    assert not BackgroundRun.objects.exists()


def test_a_paused_schedule_does_not_fire(board_schedule, django_capture_on_commit_callbacks):
    ReportSchedule.objects.filter(pk=board_schedule.pk).update(is_paused=True)
    assert fire(due_now(), django_capture_on_commit_callbacks) == []
    assert not ScheduleFiring.objects.exists()


def test_a_failed_report_is_told_to_the_owner_not_the_recipients(board_schedule, ld_manager, director):
    run = BackgroundRun.objects.create(
        kind="reports.board_progress",
        requested_by=ld_manager,
        status=BackgroundRun.Status.FAILED,
        error="The plan has no priorities.",
    )
    firing = ScheduleFiring.objects.create(schedule=board_schedule, period="2026-11", run=run)
    assert schedule_mail.send_missed() == 1  # beat's sweep finds it
    [message] = mail.outbox
    assert message.to == [ld_manager.email] and "The plan has no priorities." in message.body
    firing.refresh_from_db()
    assert firing.emailed_at is not None


def test_a_refused_email_is_tried_again(board_schedule, ld_manager, settings, monkeypatch):
    run = BackgroundRun.objects.create(
        kind="reports.board_progress", requested_by=ld_manager, status=BackgroundRun.Status.FAILED, error="x"
    )
    firing = ScheduleFiring.objects.create(schedule=board_schedule, period="2026-11", run=run)

    def refuse(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(OSError):
        schedule_mail.send_ready(firing.pk)
    firing.refresh_from_db()
    assert firing.emailed_at is None  # given back, for the retry
    monkeypatch.undo()
    assert schedule_mail.send_ready(firing.pk) == 1


def test_beats_task_fires_what_is_due_now(
    ld_manager, director, training, media, eager_celery, django_capture_on_commit_callbacks
):
    """The task beat runs: a weekly schedule for today, at midnight, is due whenever it runs."""
    schedule = ReportSchedule.objects.create(
        title="Weekly compliance",
        kind_key="training_compliance",
        report_data={"unit": None},
        period=ReportSchedule.Period.SENT_ON,
        frequency=ReportSchedule.Frequency.WEEKLY,
        weekday=timezone.localdate().weekday(),
        send_at=datetime.time(0, 0),
        owner=ld_manager,
    )
    schedule.recipients.add(director)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.fire_report_schedules.delay().get()
    assert outcome.startswith("fired 1 schedule(s)")
    run = BackgroundRun.objects.get()
    assert run.input["params"] == {"as_at": timezone.localdate().isoformat(), "unit": None}
    assert [message.to for message in mail.outbox] == [[director.email]]
    assert tasks.fire_report_schedules.delay().get().startswith("fired 0 schedule(s)")
