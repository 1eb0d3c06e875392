"""Getting background runs going again after a lost worker or a broker that was down.

Two things can leave a run without anyone working on it:
- its message never reached the broker (Redis was down when it was asked for): the run is queued
  with no `seen_at`, and its page says background work is unavailable right now;
- its worker died mid-way (killed, out of memory, the machine lost): the run is "running" but its
  heartbeat stopped. Redis would redeliver the unacknowledged message only after the visibility
  timeout (CELERY_BROKER_TRANSPORT_OPTIONS, far longer than anyone waits for a report).

The sweep sends both again: runs queued and never sent (or sent longer than RUN_LOST_AFTER_SECONDS
ago, in case the message was lost with Redis), and running runs whose worker went silent. It only
sends messages: whether a message may work on a run is decided by `runs.execute`'s claim, the one
rule for every delivery, so a run sent twice is still worked on once. The sweep is a beat task
(every minute, a django-celery-beat row) and is also sent when a worker starts, then again once a
run left by a worker just killed can count as lost, so a restarted worker picks its work back up.
"""

from __future__ import annotations

import datetime
import logging
import threading

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from workforce.runs import BackgroundRun, lost_filter

logger = logging.getLogger(__name__)

# Runs sent per sweep at most: a long outage's backlog is sent over a few minutes, not at once.
SWEEP_LIMIT = 200


def send(run_id: int, *, swept: bool = False) -> bool:
    """Hand the run's execution to the broker; False (logged) when it cannot be reached.

    Publishing retries are bounded in settings (CELERY_TASK_PUBLISH_RETRY_POLICY), so a request
    asking for work while Redis is down gets its answer in about a second."""
    from workforce.tasks import execute_run

    try:
        execute_run.apply_async(args=[run_id], kwargs={"swept": swept})
    except (BrokerError, OSError) as exc:
        logger.warning("Could not send background run %s to the broker (%s); it stays queued", run_id, exc)
        return False
    BackgroundRun.objects.filter(pk=run_id, status=BackgroundRun.Status.QUEUED).update(seen_at=timezone.now())
    return True


def sweep() -> dict:
    """Send again the runs nobody is working on (see the module docstring). Returns counts."""
    now = timezone.now()
    silent_before = now - datetime.timedelta(seconds=settings.RUN_LOST_AFTER_SECONDS)
    unsent = BackgroundRun.objects.filter(status=BackgroundRun.Status.QUEUED).filter(
        Q(seen_at__isnull=True) | Q(seen_at__lt=silent_before)
    )
    lost = BackgroundRun.objects.filter(lost_filter(now))
    counts = {"queued": 0, "lost": 0, "not_sent": 0}
    for label, runs in (("queued", unsent), ("lost", lost)):
        for pk in runs.order_by("requested_at", "pk").values_list("pk", flat=True)[:SWEEP_LIMIT]:
            if send(pk, swept=True):
                counts[label] += 1
            else:
                counts["not_sent"] += 1
                break  # the broker is down: the next sweep tries again
    if counts["queued"] or counts["lost"] or counts["not_sent"]:
        logger.info("Run sweep: %s", counts)
    return counts


class Heartbeat:
    """`with Heartbeat(run_id, enabled=True):` touches the run's `seen_at` every
    RUN_HEARTBEAT_SECONDS from a thread of its own (its own database connection, outside the job's
    transaction), so a sweep can tell a live run from one whose worker died."""

    def __init__(self, run_id: int, *, enabled: bool = True):
        self.run_id = run_id
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self):
        if self.enabled:
            self._thread = threading.Thread(
                target=self._beat, name=f"run-{self.run_id}-heartbeat", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=10)
        return False

    def _beat(self) -> None:
        try:
            while not self._stop.wait(settings.RUN_HEARTBEAT_SECONDS):
                try:
                    BackgroundRun.objects.filter(pk=self.run_id, status=BackgroundRun.Status.RUNNING).update(
                        seen_at=timezone.now()
                    )
                except Exception:  # the database restarting: beat again next time
                    logger.warning("Heartbeat of background run %s failed", self.run_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()
