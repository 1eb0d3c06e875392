from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from workforce import digests, run_recovery, runs

# Transient database errors are tried again this many times, waiting longer each time.
RUN_RETRIES = 3


@shared_task
def ping() -> str:
    """The trivial task behind /health/: proves a worker takes and answers work."""
    return "pong"


@shared_task
def count_staff() -> int:
    """A task that reads the database, so a worker test proves the worker's DB is the app's."""
    from workforce.models import StaffMember

    return StaffMember.objects.count()


# ignore_result: the run's row holds the outcome. Sending a task whose result is kept would also
# subscribe to the result backend, which retries for about 20 s when Redis is down.
@shared_task(bind=True, max_retries=RUN_RETRIES, ignore_result=True)
def execute_run(self, run_id: int, swept: bool = False) -> str:
    """Do a background run's work (workforce/runs.py). Given only the id; safe to deliver twice.

    Time limits, acks_late and reject_on_worker_lost come from the CELERY_* settings. Only transient
    errors are retried here; a crash is sorted out by `runs.execute`'s claim when the run is sent
    again (the sweep, workforce/run_recovery.py, or late acknowledgement's redelivery)."""
    try:
        return runs.execute(run_id, heartbeat=not self.request.is_eager)
    except runs.RunBusy as busy:
        if swept:
            return "busy"  # sent by the sweep, which looks again every minute
        # Possibly a live execution elsewhere: look again once it must have ended.
        raise self.retry(countdown=busy.wait) from None
    except runs.TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            runs.give_up(run_id)
            return "gave up"
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc


@shared_task(name="workforce.send_weekly_digests")
def send_weekly_digests() -> dict:
    """The weekly digest emails (workforce/digests.py). Beat runs it on Monday mornings (a
    django-celery-beat row made by migration 0008_sched_reminders); running it twice in one ISO
    week sends nobody a second email."""
    return digests.send_weekly_digests()


@shared_task(name="workforce.sweep_runs", ignore_result=True)
def sweep_runs() -> dict:
    """Send again runs left queued or lost with their worker (workforce/run_recovery.py). Beat runs
    it every minute (a django-celery-beat row made by migration 0010_run_seen_at)."""
    return run_recovery.sweep()


@worker_ready.connect
def sweep_when_a_worker_starts(sender, **kwargs) -> None:
    """A worker restarted after a crash picks up what was lost: sweep now, and again once a run
    its predecessor was working on has been silent long enough to count as lost."""
    sweep_runs.delay()
    sweep_runs.apply_async(countdown=settings.RUN_LOST_AFTER_SECONDS + 1)


@shared_task(name="workforce.refresh_figures", ignore_result=True)
def refresh_figures(everything: bool = False) -> int:
    """Work out the stored indicator figures that are missing or stale (workforce/figure_store.py):
    queued by a page that left some to the background; beat runs it each night with
    `everything`, which also fills in the month just ended (migration 0011_stored_figure)."""
    from django.core.cache import cache

    from workforce import figure_store

    cache.delete(figure_store.REFRESH_QUEUED)  # a write from now on may queue another
    return figure_store.refresh(everything=everything)
