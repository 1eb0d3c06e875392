"""Report fixtures: a plan whose every RAG is known, a small organisation's training, stored files."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from actionplans.models import Action, OutputTarget
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    OutputFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    RiskFactory,
)
from workforce.tests.factories import (
    CourseFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

PRIORITY_TITLES = ["Grow our own trainers", "Make training count", "Measure what we do"]
# The plan's actions by RAG: red 2 (one overdue and not started), amber 1, green 1, no update 1,
# complete 1; a cancelled one is not counted.
RAG_COUNTS = {"red": 2, "amber": 1, "green": 1, "no_update": 1, "complete": 1}


@pytest.fixture
def media(settings, tmp_path):
    """Stored report files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def board_plan(db, org):
    today = timezone.localdate()
    plan = ActionPlanFactory(
        title="Workforce Development Action Plan 2026", governance="Education Strategy Group"
    )
    grow, count, measure = (
        PriorityFactory(plan=plan, number=str(n), title=title, position=n)
        for n, title in enumerate(PRIORITY_TITLES, start=1)
    )

    def action(priority, number, description, **fields):
        return ActionFactory(
            focus_area=None, priority=priority, plan=plan, number=number, description=description, **fields
        )

    owner = StaffMemberFactory(first_name="Sarah", last_name="Bennett", org_unit=org["oak"])
    red = action(grow, "1.1", "Map every home's trainer cover", due_date=today + datetime.timedelta(days=90))
    red.owners.add(owner)
    ProgressUpdateFactory(action=red, rag="red", note="South region returns still missing", date=today)
    amber = action(grow, "1.2", "Create the Link Trainer role", due_date=today + datetime.timedelta(days=60))
    ProgressUpdateFactory(action=amber, rag="amber", note="Six nominated; north slow", date=today)
    action(
        grow, "1.3", "Agree trainer time with Home Managers", due_date=today + datetime.timedelta(days=200)
    )
    green = action(count, "2.1", "Publish the training matrix", due_date=today + datetime.timedelta(days=120))
    ProgressUpdateFactory(action=green, rag="green", note="Matrix live in two regions", date=today)
    done = action(count, "2.2", "Close the gaps in fire safety", status=Action.Status.IN_PROGRESS)
    done.status = Action.Status.COMPLETED
    done.save()  # a history record dated now: completed in the period
    action(
        measure,
        "3.1",
        "Baseline the care certificate completions",
        due_date=today - datetime.timedelta(days=10),
        status=Action.Status.NOT_STARTED,
    )
    action(measure, "3.2", "A cancelled idea", status=Action.Status.CANCELLED)
    MilestoneFactory(action=green, due_date=today + datetime.timedelta(days=10))
    RiskFactory(action=red, description="Staff not released to attend", likelihood=5, impact=4, owner=owner)
    RiskFactory(action=amber, description="Mentor capacity", likelihood=2, impact=2)
    output = OutputFactory(
        action=green, description="12 Link Trainers in post", indicator_key="workforce.headcount"
    )
    OutputTarget.objects.create(
        output=output, value=12, unit="people", by_date=today + datetime.timedelta(days=300)
    )
    return plan


@pytest.fixture
def training(db, org):
    """Two courses everyone must hold; eight people in Oak House and Elm Court, mostly in date."""
    fire = CourseFactory(title="Fire safety")
    moving = CourseFactory(title="Moving and handling")
    for course in (fire, moving):
        TrainingRequirementFactory(course=course)
    recent = timezone.localdate() - datetime.timedelta(days=30)
    people = [
        StaffMemberFactory(org_unit=org["oak" if n < 5 else "elm"], start_date=datetime.date(2020, 1, 6))
        for n in range(8)
    ]
    for n, person in enumerate(people):
        TrainingRecordFactory(staff_member=person, course=fire, completed_on=recent, started_on=recent)
        if n % 3:
            TrainingRecordFactory(staff_member=person, course=moving, completed_on=recent, started_on=recent)
    return {"fire": fire, "moving": moving, "people": people}
