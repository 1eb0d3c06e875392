"""The demo's ready board pack: last month's, asked for by the L&D manager and rendered there
and then, so a director who signs in finds one to download at once (issue 9's demo).

It is a real report run: made through the core's background-run machinery (`runs.execute`, the
function a Celery worker calls) rather than enqueued, because `load_demo` runs before any
worker does. The PDF is stored through Django's storage like any other. Idempotent: a second
load keeps the pack while its file is still stored.

Rendering the pack takes a while (most of it the 36 months of mandatory compliance), so
settings.DEMO_BOARD_PACK=0 skips it; the tests' conftest does, except where they test it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.storage import default_storage

from reports import board_pack, kinds, schedules, workforce_indicators
from reports.schedule_models import ReportSchedule
from workforce import runs

logger = logging.getLogger(__name__)


def ready_pack(user) -> runs.BackgroundRun | None:
    """The user's latest finished board pack whose file is still stored, if any."""
    done = runs.BackgroundRun.objects.filter(
        kind=board_pack.KIND.job_kind, requested_by=user, status=runs.BackgroundRun.Status.DONE
    ).exclude(output_name="")
    for run in done.order_by("-pk")[:3]:
        if default_storage.exists(run.output_name):
            return run
    return None


def load_board_pack(core) -> runs.BackgroundRun | None:
    if not settings.DEMO_BOARD_PACK:
        return None
    ld = core.people["ld"].user
    found = ready_pack(ld)
    if found is not None:
        return found
    kind = kinds.get(board_pack.KIND.key)
    start, end = schedules.report_dates(ReportSchedule.Period.PREVIOUS_MONTH, core.today)
    form = kind.form_class(
        {
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "indicators": workforce_indicators.default_indicators(),
        }
    )
    if not form.is_valid():
        raise RuntimeError(f"The demo board pack cannot be asked for: {form.errors.as_text()}")
    params = form.params()
    run = runs.BackgroundRun.objects.create(
        kind=kind.job_kind, requested_by=ld, input={"params": params, "description": kind.describe(params)}
    )
    outcome = runs.execute(run.pk)
    run.refresh_from_db()
    if outcome != runs.BackgroundRun.Status.DONE:
        raise RuntimeError(f"The demo board pack failed: {run.error}")
    core.count_created(runs.BackgroundRun, 1)
    logger.info("Demo board pack ready: run %s, %s pages", run.pk, run.output_pages)
    return run
