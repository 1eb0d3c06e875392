"""The reports app's permission table (see workforce/tests/permission_table.py).

Everyone signed in reaches the index (it tells those who may not ask for reports who can);
directors and L&D managers (and superusers) ask for reports, follow and download every report
run, and try a failed one again; everyone else gets 403, before any run is looked up."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.tests.factories import ActionPlanFactory
from workforce import runs
from workforce.runs import BackgroundRun
from workforce.tests.permission_table import DIRECTOR, EVERYONE, LD, SUPERUSER, PermissionTable, Row

REPORTERS = {LD, SUPERUSER, DIRECTOR}


def asked(world) -> bool:
    return BackgroundRun.objects.filter(
        kind="reports.board_progress", input__params__plan=world["plan"].pk
    ).exists()


def tried_again(world) -> bool:
    # A new run, waiting for its worker: the failed one stays failed.
    return BackgroundRun.objects.filter(
        kind=world["failed"].kind, status=BackgroundRun.Status.QUEUED
    ).exists()


def request_data(world) -> dict:
    today = timezone.localdate()
    return {"plan": world["plan"].pk, "period_start": today.isoformat(), "period_end": today.isoformat()}


ROWS = [
    Row("reports:index", readers=EVERYONE),
    Row(
        "reports:request",
        url=lambda w: reverse("reports:request", args=["board_progress"]),
        readers=REPORTERS,
        writers=REPORTERS,
        post=request_data,
        done=asked,
        then=lambda w: "/reports/runs/",
    ),
    Row("reports:run", args=["done"], readers=REPORTERS),
    Row("reports:download", args=["done"], readers=REPORTERS),
    Row(
        "reports:retry", args=["failed"], writers=REPORTERS, done=tried_again, then=lambda w: "/reports/runs/"
    ),
]


@pytest.fixture
def world(org, actors, superuser, media):
    """A ready report (its PDF stored) and a failed one, asked for by the director."""
    params = {"as_at": timezone.localdate().isoformat(), "unit": None}
    done = BackgroundRun.objects.create(
        kind="reports.training_compliance",
        requested_by=actors["director"],
        status=BackgroundRun.Status.DONE,
        input={"params": params, "description": "The whole organisation"},
    )
    runs.store_output(
        done, b"%PDF-1.7 a report", filename="report.pdf", content_type="application/pdf", pages=1
    )
    failed = BackgroundRun.objects.create(
        kind="reports.training_compliance",
        requested_by=actors["director"],
        status=BackgroundRun.Status.FAILED,
        error="It broke.",
        input={"params": params, "description": "The whole organisation"},
    )
    return {"done": done, "failed": failed, "plan": ActionPlanFactory()}


class TestReportsPermissions(PermissionTable):
    rows = ROWS
    namespaces = ["reports"]
    apps = ["workforce"]
