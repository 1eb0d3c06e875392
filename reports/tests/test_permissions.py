"""The reports app's permission table (see workforce/tests/permission_table.py). Every URL the
app adds needs a row here.

Everyone signed in reaches the index (it tells those who may not ask for reports who can).
Board reports: directors and L&D managers (and superusers) ask for reports, follow and download
every report run, and try a failed one again; everyone else gets 403, before any run is looked up.
Measuring success: the indicator pages (reports.view) are read by L&D managers and directors;
baselines, targets and process changes (reports.manage_indicators) are the L&D manager's.
Indicators are named by registry key, not by a row's pk: an unknown key is a 404 to those who may
read (reports/tests/test_indicator_pages.py), a 403 to the others."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.tests.factories import ActionPlanFactory
from reports.models import Baseline, ProcessChange, ReportSchedule, Target
from workforce import runs
from workforce.runs import BackgroundRun
from workforce.tests.factories import StaffMemberFactory
from workforce.tests.permission_table import DIRECTOR, EVERYONE, LD, SUPERUSER, PermissionTable, Row

REPORTERS = {LD, SUPERUSER, DIRECTOR}  # reports.request
READERS = {LD, SUPERUSER, DIRECTOR}  # reports.view
MANAGERS = {LD, SUPERUSER}  # reports.manage_indicators
SCHEDULERS = {LD, SUPERUSER}  # reports.schedule
KEY = "workforce.starters"


def url(name, query=""):
    return lambda world: reverse(f"reports:{name}", args=[KEY]) + query


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
    Row("reports:indicator_list", readers=READERS),
    Row("reports:indicator_detail", url=url("indicator_detail"), readers=READERS),
    Row("reports:indicator_export", url=url("indicator_export", "?format=xlsx"), readers=READERS),
    Row(
        "reports:baseline_capture",
        url=url("baseline_capture"),
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda world: {
            "period_start": "2025-04-01",
            "period_end": "2025-06-30",
            "note": "Before the campaign",
        },
        done=lambda world: Baseline.objects.filter(
            indicator_key=KEY, value=2, note="Before the campaign"
        ).exists(),
        then=lambda world: reverse("reports:indicator_detail", args=[KEY]),
    ),
    Row(
        "reports:target_set",
        url=url("target_set"),
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda world: {"value": "5", "by_date": "2027-03-31"},
        done=lambda world: Target.objects.filter(
            indicator_key=KEY, by_date=datetime.date(2027, 3, 31)
        ).exists(),
        then=lambda world: reverse("reports:indicator_detail", args=[KEY]),
    ),
    Row(
        "reports:process_change_add",
        url=url("process_change_add"),
        readers=MANAGERS,
        writers=MANAGERS,
        post=lambda world: {"from_date": "2025-01-01", "reason": "New recruitment partner"},
        done=lambda world: ProcessChange.objects.filter(
            indicator_key=KEY, from_date=datetime.date(2025, 1, 1)
        ).exists(),
        then=lambda world: reverse("reports:indicator_detail", args=[KEY]),
    ),
]


def schedule_data(world, title="Monthly compliance") -> dict:
    return {
        "title": title,
        "report_unit": "",
        "period": "previous_month",
        "frequency": "first_working_day",
        "send_at": "07:00",
        "recipients": [world["director"].pk],
    }


def schedule_is(world, **fields) -> bool:
    return ReportSchedule.objects.filter(pk=world["schedule"].pk, **fields).exists()


# Report schedules (reports/schedule_views.py): the L&D manager's, every schedule to every one.
SCHEDULE_ROWS = [
    Row("reports:schedule_list", readers=SCHEDULERS),
    Row(
        "reports:schedule_create",
        url=lambda w: reverse("reports:schedule_create", args=["training_compliance"]),
        readers=SCHEDULERS,
        writers=SCHEDULERS,
        post=schedule_data,
        done=lambda w: ReportSchedule.objects.filter(title="Monthly compliance").exists(),
        then=lambda w: reverse("reports:schedule_list"),
    ),
    Row(
        "reports:schedule_edit",
        args=["schedule"],
        readers=SCHEDULERS,
        writers=SCHEDULERS,
        post=lambda w: schedule_data(w, title="Renamed"),
        done=lambda w: schedule_is(w, title="Renamed"),
        then=lambda w: reverse("reports:schedule_list"),
    ),
    Row(
        "reports:schedule_pause",
        args=["schedule"],
        writers=SCHEDULERS,
        done=lambda w: schedule_is(w, is_paused=True),
        then=lambda w: reverse("reports:schedule_list"),
    ),
    Row(
        "reports:schedule_delete",
        args=["schedule"],
        readers=SCHEDULERS,
        writers=SCHEDULERS,
        done=lambda w: not ReportSchedule.objects.filter(pk=w["schedule"].pk).exists(),
        then=lambda w: reverse("reports:schedule_list"),
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
    # Two starters in the baseline's period (the measuring-success rows capture it).
    StaffMemberFactory.create_batch(2, start_date=datetime.date(2025, 5, 1))
    schedule = ReportSchedule.objects.create(
        title="Monthly board pack",
        kind_key="training_compliance",
        report_data={"unit": None},
        period=ReportSchedule.Period.PREVIOUS_MONTH,
        frequency=ReportSchedule.Frequency.FIRST_WORKING_DAY,
        owner=actors["ld_manager"],
    )
    schedule.recipients.add(actors["director"])
    return {
        "done": done,
        "failed": failed,
        "plan": ActionPlanFactory(),
        "schedule": schedule,
        "director": actors["director"],
    }


def asked_for(kind_key: str):
    return lambda world: BackgroundRun.objects.filter(kind=f"reports.{kind_key}").exists()


def period_data(world) -> dict:
    today = timezone.localdate()
    return {"period_start": today.isoformat(), "period_end": today.isoformat(), "indicators": [KEY]}


# The workforce indicators report and the board pack: the same request page, with forms of their
# own (a choice of indicators; of plans), and the board pack as a schedule.
PACK_ROWS = [
    Row(
        "reports:request",
        label="workforce indicators",
        url=lambda w: reverse("reports:request", args=["workforce_indicators"]),
        readers=REPORTERS,
        writers=REPORTERS,
        post=lambda w: {**period_data(w), "granularity": "quarter"},
        done=asked_for("workforce_indicators"),
        then=lambda w: "/reports/runs/",
    ),
    Row(
        "reports:request",
        label="board pack",
        url=lambda w: reverse("reports:request", args=["board_pack"]),
        readers=REPORTERS,
        writers=REPORTERS,
        post=lambda w: {**period_data(w), "plans": [w["plan"].pk]},
        done=asked_for("board_pack"),
        then=lambda w: "/reports/runs/",
    ),
    Row(
        "reports:schedule_create",
        label="board pack",
        url=lambda w: reverse("reports:schedule_create", args=["board_pack"]),
        readers=SCHEDULERS,
        writers=SCHEDULERS,
        post=lambda w: {
            **schedule_data(w, title="Monthly pack"),
            "report_plans": [],
            "report_indicators": [KEY],
        },
        done=lambda w: ReportSchedule.objects.filter(title="Monthly pack", kind_key="board_pack").exists(),
        then=lambda w: reverse("reports:schedule_list"),
    ),
]


class TestReportsPermissions(PermissionTable):
    rows = ROWS + SCHEDULE_ROWS + PACK_ROWS
    namespaces = ["reports"]
    apps = ["workforce", "reports"]
