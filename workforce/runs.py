"""Background runs: long work done by a Celery worker while the person who asked watches a page.

    run = runs.start("workforce.staff_import", request.user, name=..., sha256=...)  # in a view
    return redirect(run)                                                            # runs:detail

A run is a row (who asked, what, status, progress, a readable error, a result). The task
`workforce.tasks.execute_run` is given only the run's id and is enqueued after the request's
transaction commits, so a worker never looks for a row that is not there yet. Apps register the
work a run can do with `@job(kind, label=...)`: a function `func(run, progress)` that returns the
result (`{"message": ..., "url": ..., "link_text": ...}`) or raises `JobFailed` with a message for
people; anything else is logged and shown as "Something went wrong".

Progress goes through the cache, keyed by run id, not through the row. A job that saves all or
nothing (the staff import) does its writes inside one transaction, and progress written to the run
row from there would stay invisible to the page until the very end (and be rolled back with it).
The cache is outside every transaction, and it is Redis in production, shared by web nodes and
workers; in eager mode (no REDIS_URL) the job runs in the web process, whose local-memory cache the
page reads. The row holds the final state, so nothing is lost when the cache entry expires.

Claiming (idempotency): `execute` moves a run from queued to running in one UPDATE, so of two
deliveries of one message only one does the work, and a finished run is left alone. A run found
"running" is either being executed right now or its worker died. The executing worker touches the
row's `seen_at` every RUN_HEARTBEAT_SECONDS (run_recovery.Heartbeat), so a run untouched for
RUN_LOST_AFTER_SECONDS, or started longer ago than the hard time limit (no execution lives longer),
has lost its worker. Before then the task looks again later (RunBusy); after it, a job marked
`rerun_after_crash` (all-or-nothing: the dead worker's transaction was rolled back, so nothing of
it is left) is run again, up to RUN_MAX_ATTEMPTS, and any other job is failed with a message
asking to start it again. What sends a lost or never-sent run again is the sweep (run_recovery.py).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

# Errors worth trying again a little later: the database restarting or a connection dropped.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
SOMETHING_WENT_WRONG = (
    "Something went wrong and the work did not finish; nothing was saved. The problem has been "
    "logged for the support team (run {pk}). Please try again later."
)

LOST_TOO_OFTEN = (
    "The work was started {attempts} times and each time the server doing it stopped before the "
    "end, so it was not tried again; nothing was saved. The problem has been logged for the support "
    "team (run {pk})."
)

# Sent once a run is finished, done or failed (sender=BackgroundRun, run_id=..., status=...), after
# its row says so. A scheduled report emails its recipients from it (reports/schedules.py).
# Receivers run in the worker: they should enqueue work (delay_on_commit), not do it.
run_finished = Signal()


# --- The job registry -----------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    kind: str
    label: str
    func: Callable[[BackgroundRun, Progress], dict]
    unit: str  # what progress counts, for "1,200 of 20,000 rows"
    rerun_after_crash: bool


JOBS: dict[str, Job] = {}


def job(kind: str, *, label: str, unit: str = "items", rerun_after_crash: bool = False):
    """Register `func(run, progress) -> result dict` as the work runs of `kind` do.

    `rerun_after_crash=True` only for all-or-nothing jobs, which a lost worker leaves with nothing
    done, so running them again from the start is safe."""

    def register(func):
        known = JOBS.get(kind)
        if known is not None and known.func.__qualname__ != func.__qualname__:
            raise ValueError(f"Two jobs are registered as {kind!r}")
        JOBS[kind] = Job(kind, label, func, unit, rerun_after_crash)
        return func

    return register


class JobFailed(Exception):
    """An expected failure, told to the person in its own words; `problems` may list them one by one.

    `problems`: {"caption": ..., "columns": [...], "rows": [[...], ...]}, shown as a table."""

    def __init__(self, message: str, *, problems: dict | None = None, url: str = "", link_text: str = ""):
        super().__init__(message)
        self.message = message
        self.result = {"url": url, "link_text": link_text}
        if problems:
            self.result["problems"] = problems


class RunBusy(Exception):
    """The run is marked running and may still be: look again after `wait` seconds."""

    def __init__(self, wait: float):
        super().__init__(f"run busy, look again in {wait:.0f} s")
        self.wait = wait


# --- The run row ------------------------------------------------------------------------------


class BackgroundRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A run shows who asked for what and what came of it: only the person who asked sees it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class BackgroundRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    FINISHED = (Status.DONE, Status.FAILED)

    kind = models.CharField(max_length=100)  # a key of JOBS
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="background_runs"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # {"message": ..., "url": ..., "link_text": ..., "problems": {...}}: what the page shows at the end
    result = models.JSONField(default=dict, blank=True)
    # What the job works on: ids and storage names only, never the data itself.
    input = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the run was last known to be looked after: its message handed to the broker, or its
    # worker's heartbeat. Empty while queued means it never reached the broker (Redis was down).
    seen_at = models.DateTimeField(null=True, blank=True)
    # The file a run produces (a report's PDF), through the storage API: `store_output` writes
    # it under a name fixed by the run's id, so running a job twice leaves one file.
    output_name = models.CharField("stored output", max_length=255, blank=True)
    output_filename = models.CharField("download name", max_length=255, blank=True)
    output_content_type = models.CharField(max_length=100, blank=True)
    output_size = models.PositiveBigIntegerField(null=True, blank=True)
    output_pages = models.PositiveIntegerField(null=True, blank=True)

    objects = BackgroundRunQuerySet.as_manager()

    class Meta:
        verbose_name = "background run"
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # "Your recent runs" lists one person's runs, newest first.
            models.Index(fields=["requested_by", "-requested_at"], name="run_requester_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} (run {self.pk}, {self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("runs:detail", args=[self.pk])

    @property
    def job(self) -> Job | None:
        return JOBS.get(self.kind)

    @property
    def label(self) -> str:
        return self.job.label if self.job else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def looks_stuck(self) -> bool:
        """Still "running" well after the hard time limit: its worker was most likely stopped
        (a hard limit is not redelivered), so the page says so rather than promise an end."""
        if self.status != self.Status.RUNNING or self.started_at is None:
            return False
        limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
        return self.started_at + limit < timezone.now()

    @property
    def waiting_for_broker(self) -> bool:
        """Queued, but its message never reached the broker: background work is unavailable."""
        return self.status == self.Status.QUEUED and self.seen_at is None

    @property
    def has_output(self) -> bool:
        """Done, with its file stored: what a download view checks before it opens the file."""
        return self.status == self.Status.DONE and bool(self.output_name)

    def current_progress(self) -> tuple[int, int, str]:
        """(done, total, stage): live from the cache while running, from the row otherwise."""
        if self.status == self.Status.RUNNING:
            live = cache.get(progress_key(self.pk))
            if live:
                return live["done"], live["total"], live["stage"]
        return self.progress_done, self.progress_total, ""

    def progress_text(self) -> str:
        done, total, stage = self.current_progress()
        unit = self.job.unit if self.job else "items"
        text = f"{done:,} of {total:,} {unit}" if total else ("Starting" if not self.is_finished else "")
        return f"{stage}: {text}" if stage and text else text

    def progress_percent(self) -> int:
        done, total, _stage = self.current_progress()
        if self.status == self.Status.DONE:
            return 100
        return min(100, done * 100 // total) if total else 0


def get_run_for_user_or_404(user, pk: int) -> BackgroundRun:
    try:
        return BackgroundRun.objects.visible_to(user).select_related("requested_by").get(pk=pk)
    except BackgroundRun.DoesNotExist:
        raise Http404("No such run") from None


def output_storage_name(run: BackgroundRun, extension: str) -> str:
    """Where a run's output lives: fixed by the run's id, never by what it contains."""
    return f"runs/{run.pk}/output.{extension.lstrip('.')}"


def store_output(
    run: BackgroundRun, content: bytes, *, filename: str, content_type: str, pages: int | None = None
) -> str:
    """Save a job's output file and note it on the run; returns the storage name.

    Idempotent: a second call for the run (a retry, a redelivered message) overwrites the first
    file rather than adding "output_a1b2.pdf" beside it. Call it last, once the content is
    complete, so a worker lost part-way leaves no half-written file named on the row."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    name = output_storage_name(run, extension)
    default_storage.delete(name)  # no error when absent
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # a storage that renamed it would leave two files for one run
        default_storage.delete(saved)
        raise RuntimeError(f"The storage saved run {run.pk}'s output as {saved!r}, not {name!r}")
    fields = {
        "output_name": name,
        "output_filename": filename,
        "output_content_type": content_type,
        "output_size": len(content),
        "output_pages": pages,
    }
    BackgroundRun.objects.filter(pk=run.pk).update(**fields)
    for field, value in fields.items():
        setattr(run, field, value)
    return name


# --- Starting and executing -------------------------------------------------------------------


def progress_key(pk: int) -> str:
    return f"runs:{pk}:progress"


class Progress:
    """`progress(done, total, stage="")`, called by a job as it goes; writes to the cache (see above)."""

    def __init__(self, run: BackgroundRun):
        self.run = run
        self.done = self.total = 0

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        self.done, self.total = done, total
        if stage and stage == settings.RUN_TEST_PAUSE_STAGE:  # test-only (settings.py): a fault
            cache.set(progress_key(self.run.pk), {"done": done, "total": total, "stage": stage}, None)
            time.sleep(settings.RUN_TEST_PAUSE_SECONDS)  # test kills the worker while it waits here
        # Outlives the longest run, so a page never loses sight of a live one.
        timeout = settings.CELERY_TASK_TIME_LIMIT * 2
        cache.set(progress_key(self.run.pk), {"done": done, "total": total, "stage": stage}, timeout)


def start(kind: str, user, **input) -> BackgroundRun:
    """Create the run and enqueue its execution once the current transaction commits.

    If the broker cannot be reached the run stays queued (`waiting_for_broker`), its page says
    background work is unavailable right now, and the sweep sends it when the broker is back."""
    from workforce import run_recovery

    if kind not in JOBS:
        raise KeyError(f"No job is registered as {kind!r}")
    run = BackgroundRun.objects.create(kind=kind, requested_by=user, input=input)
    transaction.on_commit(lambda: run_recovery.send(run.pk))
    return run


def lost_filter(now) -> Q:
    """Running runs whose worker is gone: silent past RUN_LOST_AFTER_SECONDS, or past the hard limit."""
    started_before = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    silent_before = now - datetime.timedelta(seconds=settings.RUN_LOST_AFTER_SECONDS)
    return Q(status=BackgroundRun.Status.RUNNING) & (
        Q(started_at__lt=started_before) | Q(seen_at__lt=silent_before)
    )


def execute(run_id: int, *, heartbeat: bool = False) -> str:
    """Do the run's work once. Returns what happened (for logs and tests); RunBusy if it may be live.

    `heartbeat`: touch the row while working (a worker does; an eager run inside a request need not).
    Transient database errors propagate with the run put back in the queue, for the task to retry."""
    from workforce.run_recovery import Heartbeat

    now = timezone.now()
    runs = BackgroundRun.objects.filter(pk=run_id)
    recovering = False
    claimed = runs.filter(status=BackgroundRun.Status.QUEUED).update(
        status=BackgroundRun.Status.RUNNING, started_at=now, seen_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        recovering = claimed = runs.filter(lost_filter(now)).update(
            started_at=now, seen_at=now, attempts=F("attempts") + 1
        )
    run = runs.first()
    if run is None:
        logger.warning("Background run %s does not exist", run_id)
        return "missing"
    if not claimed:
        if run.status == BackgroundRun.Status.RUNNING:
            limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
            lost_at = run.started_at + limit
            if run.seen_at:
                lost_at = min(
                    lost_at, run.seen_at + datetime.timedelta(seconds=settings.RUN_LOST_AFTER_SECONDS)
                )
            raise RunBusy(max(1.0, (lost_at - now).total_seconds() + 1))
        return "already finished"
    job = run.job
    if job is None:
        logger.error("Background run %s has unknown kind %r", run.pk, run.kind)
        return _finish(run, BackgroundRun.Status.FAILED, None, error=SOMETHING_WENT_WRONG.format(pk=run.pk))
    if recovering:
        logger.warning("Background run %s (%s) lost its worker (attempt %s)", run.pk, run.kind, run.attempts)
        if not job.rerun_after_crash:
            message = "The work stopped part-way (the server doing it was lost). Please start it again."
            return _finish(run, BackgroundRun.Status.FAILED, None, error=message)
        if run.attempts > settings.RUN_MAX_ATTEMPTS:
            message = LOST_TOO_OFTEN.format(attempts=run.attempts - 1, pk=run.pk)
            return _finish(run, BackgroundRun.Status.FAILED, None, error=message)
    progress = Progress(run)
    try:
        with Heartbeat(run.pk, enabled=heartbeat):
            result = job.func(run, progress)
    except JobFailed as exc:
        return _finish(run, BackgroundRun.Status.FAILED, progress, error=exc.message, result=exc.result)
    except TRANSIENT_ERRORS:
        runs.filter(status=BackgroundRun.Status.RUNNING).update(status=BackgroundRun.Status.QUEUED)
        raise
    except SoftTimeLimitExceeded:
        logger.warning("Background run %s (%s) reached the soft time limit", run.pk, run.kind)
        minutes = max(1, settings.CELERY_TASK_SOFT_TIME_LIMIT // 60)
        error = f"This took longer than the {minutes} minutes allowed and was stopped; nothing was saved."
        return _finish(run, BackgroundRun.Status.FAILED, progress, error=error)
    except Exception:
        logger.exception("Background run %s (%s) failed", run.pk, run.kind)
        error = SOMETHING_WENT_WRONG.format(pk=run.pk)
        return _finish(run, BackgroundRun.Status.FAILED, progress, error=error)
    return _finish(run, BackgroundRun.Status.DONE, progress, result=result or {})


def give_up(run_id: int) -> None:
    """After the last retry of a transient error: fail the run in words rather than leave it queued."""
    message = (
        "The database could not be reached, so the work did not finish; nothing was saved. Please try again."
    )
    failed = (
        BackgroundRun.objects.filter(pk=run_id)
        .exclude(status__in=BackgroundRun.FINISHED)
        .update(status=BackgroundRun.Status.FAILED, error=message, finished_at=timezone.now())
    )
    cache.delete(progress_key(run_id))
    if failed:
        run_finished.send(sender=BackgroundRun, run_id=run_id, status=BackgroundRun.Status.FAILED)


def _finish(run: BackgroundRun, status: str, progress: Progress | None, *, error="", result=None) -> str:
    fields = {"status": status, "error": error, "result": result or {}, "finished_at": timezone.now()}
    if progress is not None:
        fields.update(progress_done=progress.done, progress_total=progress.total)
    BackgroundRun.objects.filter(pk=run.pk).update(**fields)
    cache.delete(progress_key(run.pk))
    run_finished.send(sender=BackgroundRun, run_id=run.pk, status=status)
    return status
