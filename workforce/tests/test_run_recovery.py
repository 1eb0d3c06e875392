"""Recovering runs (workforce/run_recovery.py): lost workers, a broker that was down, the sweep.

The same faults with real processes (a worker killed mid-render, Redis stopped) are in
reports/tests/test_report_faults.py."""

import datetime
import time

import pytest
from django.core import checks
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from workforce import run_recovery, runs
from workforce.runs import BackgroundRun
from workforce.tasks import execute_run
from workforce.tests.factories import UserFactory

done: list[int] = []


@runs.job("tests.recoverable", label="Recoverable work", rerun_after_crash=True)
def recoverable_job(run, progress):
    done.append(run.pk)
    return {"message": "Done."}


@pytest.fixture(autouse=True)
def fresh():
    done.clear()
    yield
    done.clear()


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def make_run(user, **fields) -> BackgroundRun:
    return BackgroundRun.objects.create(kind="tests.recoverable", requested_by=user, **fields)


@pytest.fixture
def sent(monkeypatch):
    """What would reach the broker: execute_run's messages, recorded instead of sent."""
    messages = []
    monkeypatch.setattr(execute_run, "apply_async", lambda args, kwargs: messages.append((args[0], kwargs)))
    return messages


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(execute_run, "apply_async", refuse)


def test_a_run_whose_worker_went_silent_is_run_again_without_waiting_for_the_hard_limit(ld_manager, settings):
    silent = settings.RUN_LOST_AFTER_SECONDS + 5
    assert silent < settings.CELERY_TASK_TIME_LIMIT  # so it is the heartbeat that tells
    run = make_run(
        ld_manager, status=BackgroundRun.Status.RUNNING, started_at=ago(silent), seen_at=ago(silent)
    )

    assert runs.execute(run.pk) == BackgroundRun.Status.DONE

    run.refresh_from_db()
    assert done == [run.pk] and run.attempts == 1 and run.status == BackgroundRun.Status.DONE


def test_a_run_with_a_live_heartbeat_is_left_to_its_worker(ld_manager, settings, sent):
    run = make_run(ld_manager, status=BackgroundRun.Status.RUNNING, started_at=ago(200), seen_at=ago(1))

    with pytest.raises(runs.RunBusy):
        runs.execute(run.pk)
    # A message from the sweep does not wait and retry: the sweep looks again anyway.
    assert execute_run.apply(args=[run.pk], kwargs={"swept": True}).get() == "busy"
    assert run_recovery.sweep() == {"queued": 0, "lost": 0, "not_sent": 0}
    assert done == [] and sent == []


def test_a_run_whose_worker_is_lost_again_and_again_is_failed_in_words(ld_manager, settings):
    run = make_run(
        ld_manager,
        status=BackgroundRun.Status.RUNNING,
        started_at=ago(500),
        seen_at=ago(500),
        attempts=settings.RUN_MAX_ATTEMPTS,
    )

    assert runs.execute(run.pk) == BackgroundRun.Status.FAILED

    run.refresh_from_db()
    assert done == []
    assert run.error.startswith(f"The work was started {settings.RUN_MAX_ATTEMPTS} times")
    assert f"(run {run.pk})" in run.error


def test_the_sweep_sends_again_only_the_runs_nobody_is_working_on(ld_manager, settings, sent):
    lost_after = settings.RUN_LOST_AFTER_SECONDS
    never_sent = make_run(ld_manager, requested_at=ago(30))
    just_sent = make_run(ld_manager, seen_at=ago(1))
    sent_long_ago = make_run(ld_manager, seen_at=ago(lost_after + 5))  # its message lost with Redis
    lost = make_run(ld_manager, status=BackgroundRun.Status.RUNNING, started_at=ago(400), seen_at=ago(400))
    alive = make_run(ld_manager, status=BackgroundRun.Status.RUNNING, started_at=ago(200), seen_at=ago(2))
    make_run(ld_manager, status=BackgroundRun.Status.DONE, seen_at=ago(1000))
    make_run(ld_manager, status=BackgroundRun.Status.FAILED)

    assert run_recovery.sweep() == {"queued": 2, "lost": 1, "not_sent": 0}

    assert sorted(pk for pk, _ in sent) == sorted([never_sent.pk, sent_long_ago.pk, lost.pk])
    assert all(kwargs == {"swept": True} for _, kwargs in sent)
    never_sent.refresh_from_db()
    assert never_sent.seen_at is not None  # not sent again by the next sweep
    assert run_recovery.sweep() == {"queued": 0, "lost": 1, "not_sent": 0}  # the lost run until claimed
    assert just_sent.pk not in [pk for pk, _ in sent] and alive.pk not in [pk for pk, _ in sent]


def test_asking_while_the_broker_is_down_keeps_the_request_and_says_so(client, ld_manager, broker_down):
    run = runs.start("tests.recoverable", ld_manager)  # autocommit: sent at once, and refused

    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.QUEUED and run.seen_at is None and run.waiting_for_broker
    client.force_login(ld_manager)
    page = client.get(reverse("runs:detail", args=[run.pk])).content.decode()
    assert "Background work is unavailable right now. Your request is kept" in page
    # The sweep cannot send it either, and stops at the first refusal rather than try every run.
    make_run(ld_manager)
    assert run_recovery.sweep() == {"queued": 0, "lost": 0, "not_sent": 1}
    assert BackgroundRun.objects.filter(seen_at__isnull=True).count() == 2


def test_a_run_sent_by_the_sweep_once_the_broker_is_back_is_done(ld_manager, eager_celery):
    run = make_run(ld_manager)

    assert run_recovery.sweep()["queued"] == 1  # eager: executed as it is sent

    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.DONE and done == [run.pk]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_touches_the_run_while_it_works(settings):
    settings.RUN_HEARTBEAT_SECONDS = 0.05
    # A plain user: an earlier transactional test's flush may have wiped the role groups.
    run = make_run(UserFactory(), status=BackgroundRun.Status.RUNNING, started_at=ago(100), seen_at=ago(100))

    with run_recovery.Heartbeat(run.pk):
        deadline = time.monotonic() + 20
        while BackgroundRun.objects.get(pk=run.pk).seen_at < ago(50):
            assert time.monotonic() < deadline, "the heartbeat never touched the run"
            time.sleep(0.05)
    assert not BackgroundRun.objects.filter(runs.lost_filter(timezone.now())).exists()


def test_the_test_only_pause_is_refused_by_the_deploy_checks(settings):
    settings.RUN_TEST_PAUSE_SECONDS = 30
    errors = checks.run_checks(include_deployment_checks=True)
    assert "workforce.E002" in [error.id for error in errors]
