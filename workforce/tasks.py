from celery import shared_task

from workforce import digests, runs

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


@shared_task(bind=True, max_retries=RUN_RETRIES)
def execute_run(self, run_id: int) -> str:
    """Do a background run's work (workforce/runs.py). Given only the id; safe to deliver twice.

    Time limits, acks_late and reject_on_worker_lost come from the CELERY_* settings. Only transient
    errors are retried here; a crash is redelivered by late acknowledgement and sorted out by
    `runs.execute`'s claim."""
    try:
        return runs.execute(run_id)
    except runs.RunBusy as busy:
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
