"""The reports app's permission table (see workforce/tests/permission_table.py). Every URL the
app adds needs a row here.

Rules: everyone signed in reads the index; the measuring-success pages (reports.view) are read by
L&D managers and directors; baselines, targets and process changes (reports.manage_indicators)
are the L&D manager's. Indicators are named by registry key, not by a row's pk: an unknown key is
a 404 to those who may read (reports/tests/test_indicator_pages.py), a 403 to the others."""

import datetime

import pytest
from django.urls import reverse

from reports.models import Baseline, ProcessChange, Target
from workforce.tests.factories import StaffMemberFactory
from workforce.tests.permission_table import DIRECTOR, EVERYONE, LD, SUPERUSER, PermissionTable, Row

READERS = {LD, SUPERUSER, DIRECTOR}
MANAGERS = {LD, SUPERUSER}
KEY = "workforce.starters"


def url(name, query=""):
    return lambda world: reverse(f"reports:{name}", args=[KEY]) + query


ROWS = [
    Row("reports:index", readers=EVERYONE),
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


@pytest.fixture
def world(actors):
    # Two starters in the baseline's period.
    StaffMemberFactory.create_batch(2, start_date=datetime.date(2025, 5, 1))
    return {}


class TestReportsPermissions(PermissionTable):
    rows = ROWS
    namespaces = ["reports"]
    apps = ["reports"]
