"""Beat's task and a real Celery worker on Redis: a due schedule is fired, its report made, and
its emails sent once (the worker's `run_finished` signal enqueues them). Also: the beat entries
the migrations make."""

import datetime
import importlib
import time

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from reports import tasks
from reports.schedule_models import ReportSchedule, ScheduleFiring
from reports.tests.test_report_worker import role_groups, shared_media  # noqa: F401  (fixtures)
from workforce.runs import BackgroundRun


@pytest.mark.celery_worker
def test_a_real_worker_fires_a_due_schedule_and_emails_it_once(
    shared_media,  # noqa: F811
    celery_worker_process,
    role_groups,  # noqa: F811
    ld_manager,
    director,
    training,
):
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
    assert tasks.fire_report_schedules.delay().get(timeout=30).startswith("fired 1 schedule(s)")
    firing = ScheduleFiring.objects.get()
    deadline = time.monotonic() + 90
    while firing.emailed_at is None:
        assert time.monotonic() < deadline, "the scheduled report was not made and emailed within 90 s"
        time.sleep(0.3)
        firing.refresh_from_db()
    assert firing.run.status == BackgroundRun.Status.DONE and firing.run.requested_by == ld_manager
    # Beat fires again a quarter of an hour later: nothing more.
    assert tasks.fire_report_schedules.delay().get(timeout=30).startswith("fired 0 schedule(s); 0 missed")
    assert BackgroundRun.objects.count() == 1


@pytest.mark.parametrize(
    ("migration", "function", "name", "task"),
    [
        (
            "reports.migrations.0002_sched_report_schedules",
            "add_tick",
            "Fire due report schedules",
            "reports.fire_report_schedules",
        ),
        (
            "workforce.migrations.0008_sched_reminders",
            "add_digest_schedule",
            "Weekly digest emails",
            "workforce.send_weekly_digests",
        ),
    ],
)
def test_the_migrations_make_beats_entries_once_and_keep_an_operators_change(
    db, migration, function, name, task
):
    add = getattr(importlib.import_module(migration), function)
    add(apps, None)
    entry = PeriodicTask.objects.get(name=name)
    assert entry.task == task and entry.enabled
    PeriodicTask.objects.filter(pk=entry.pk).update(enabled=False)
    add(apps, None)
    assert PeriodicTask.objects.filter(name=name).count() == 1
    assert not PeriodicTask.objects.get(name=name).enabled
