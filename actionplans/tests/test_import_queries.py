"""Saving an imported plan costs the same queries at any size: bulk writes per kind of row, and
the history of them all copied by the database (workforce/history_bulk.py)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.models import Action, Contributor, ExpectedAchievement, Milestone, Output, OutputTarget
from actionplans.spreadsheets.save import StaffLookup, import_plan, read_plan
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Area of Focus",
    "Action",
    "Output",
    "Responsibility",
    "Timeframe",
    "Milestones",
    "Risk",
    "Progress to date",
    "Contributors",
    "Achievements",
]


def plan_file(actions: int) -> bytes:
    """A plan of `actions` actions, each with every kind of row an import writes: an output with
    a target, an owner, milestones, a risk, progress, a contributor, an achievement, and (after the
    first) a dependency."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["Plan"], ["Priority 1. Grow"], HEADER])
    for n in range(1, actions + 1):
        waits = " (dependent on 1.1.1)" if n > 1 else ""
        writer.writerow(
            [
                "1.1 Area" if n == 1 else "",
                f"1.1.{n} Act {n}{waits}",
                "a. 250 people trained",
                "SB",
                "March 2026",
                "M1\nM2",
                "R",
                "Started",
                "Finance",
                "More trainers",
            ]
        )
    return out.getvalue().encode()


def queries_to_import(actions: int, user, owner) -> int:
    parsed = read_plan(plan_file(actions), "plan.csv", staff_lookup=StaffLookup([]))
    assert parsed.ok, parsed.errors
    with CaptureQueriesContext(connection) as queries:
        plan = import_plan(parsed, user=user, owners={"SB": owner.pk})
    # Everything was written, history included.
    actions_saved = Action.objects.filter(plan=plan)
    assert actions_saved.count() == actions
    assert Action.history.filter(plan_id=plan.pk, history_user=user).count() == actions
    assert Action.dependencies.through.objects.filter(from_action__plan=plan).count() == actions - 1
    for model in (Output, Milestone, Contributor, ExpectedAchievement):
        assert model.history.filter(history_change_reason="Imported from plan.csv").count() >= actions
    assert OutputTarget.objects.filter(output__action__plan=plan).count() == actions
    return len(queries)


def test_an_import_costs_the_same_queries_at_20_and_60_actions(ld_manager):
    owner = StaffMemberFactory()
    queries_to_import(2, ld_manager, owner)  # warms the caches (content types) before counting
    Action.objects.all().delete()

    small = queries_to_import(20, ld_manager, owner)
    Action.objects.all().delete()
    # 60: SQLite splits an insert of more than 999 values into several (PostgreSQL: 65,535).
    big = queries_to_import(60, ld_manager, owner)

    # The savepoint (and its release); the plan and its record; the priority, the area of focus,
    # the actions, the outputs, their owners (2), the milestones, risks, progress, contributors,
    # achievements, targets, the dependencies (12); the record of each of those ten models, and
    # the links of the actions' owners and dependencies and the outputs' owners (13).
    assert small == big == 2 + 2 + 12 + 13
