"""Report runs: asking for a report, and the background job that renders it.

A report run is a core `BackgroundRun` (workforce/runs.py) of kind `reports.<kind key>`:
`input` holds the parameters (ids and ISO dates) and, for the lists, a description in words;
the PDF is the run's stored output (`runs.store_output`), named by the run's id, so running the
job twice for one run (a retry, a redelivered message) leaves one file. Rendering writes that
file once, at the very end, which is why the jobs are `rerun_after_crash`: a worker lost
mid-render left nothing behind and the run simply starts again.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from reports import kinds, pdf
from workforce import runs
from workforce.permissions import can

# Gathering the figures, laying out and writing the pages, saving the file.
STEPS = 3


def request_report(kind: kinds.ReportKind, user, params: dict) -> runs.BackgroundRun:
    """Create the run; its rendering is enqueued when the current transaction commits."""
    return runs.start(kind.job_kind, user, params=params, description=kind.describe(params))


def render_report(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    """The job of every report kind (registered per kind by `kinds.register`)."""
    kind = kinds.for_job(run.kind)
    if kind is None:
        raise runs.JobFailed("This kind of report is no longer offered.", url=reverse("reports:index"))
    params = run.input.get("params", {})
    progress(0, STEPS, "Gathering the figures")
    try:
        report = kind.build(params)
    except kinds.ReportUnavailable as exc:
        raise runs.JobFailed(
            str(exc), url=reverse("reports:request", args=[kind.key]), link_text="Choose again"
        ) from exc
    progress(1, STEPS, "Rendering pages")
    rendered = pdf.render(report, stage=lambda words: progress(2, STEPS, words))
    runs.store_output(
        run,
        rendered.content,
        filename=kind.filename(params, timezone.localdate()),
        content_type="application/pdf",
        pages=rendered.pages,
    )
    progress(STEPS, STEPS, "Saved")
    pages = f"{rendered.pages} page{'s' if rendered.pages != 1 else ''}"
    return {
        "message": f"The report is ready: {pages}.",
        "url": reverse("reports:download", args=[run.pk]),
        "link_text": "Download the PDF",
    }


def report_runs_visible_to(user):
    """Report runs this user may see and download: every report run, for those who may ask for
    reports (a board report is the board's, not its requester's); nothing for anyone else."""
    allowed = [kind.job_kind for kind in kinds.all_kinds() if can(user, kind.ability)]
    if not allowed:
        return runs.BackgroundRun.objects.none()
    return runs.BackgroundRun.objects.filter(Q(kind__in=allowed))


def get_report_run_or_404(user, pk: int) -> runs.BackgroundRun:
    from django.http import Http404

    try:
        return report_runs_visible_to(user).select_related("requested_by").get(pk=pk)
    except runs.BackgroundRun.DoesNotExist:
        raise Http404("No such report") from None
