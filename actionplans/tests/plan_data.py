"""Plans to test the plan pages with: a small Layout A plan, a themes (Layout B) plan, and a
plan of any size built with bulk_create (fast enough for 300 actions with outputs, owners,
progress, dependencies, contributors and achievements)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from actionplans.models import (
    Action,
    ActionPlan,
    Contributor,
    ExpectedAchievement,
    FocusArea,
    Output,
    OutputTarget,
    Priority,
    ProgressUpdate,
)
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    OutputFactory,
    PriorityFactory,
)
from workforce.tests.factories import StaffMemberFactory


@dataclass
class LayoutA:
    plan: ActionPlan
    p1: Priority
    p2: Priority
    a11: FocusArea
    a12: FocusArea
    a21: FocusArea
    actions: dict[str, Action] = field(default_factory=dict)


def layout_a_plan(**plan_fields) -> LayoutA:
    """Priority 1 (areas 1.1, 1.2) and Priority 2 (area 2.1); actions 1.1.1, 1.1.2, 1.2.1, 2.1.1."""
    plan = ActionPlanFactory(title="Children's Trust Workforce Development Action Plan", **plan_fields)
    p1 = PriorityFactory(plan=plan, number="1", title="Develop our leaders and managers", position=1)
    p2 = PriorityFactory(plan=plan, number="2", title="Recruit and retain a skilled workforce", position=2)
    a11 = FocusAreaFactory(priority=p1, number="1.1", title="Leadership development", position=1)
    a12 = FocusAreaFactory(priority=p1, number="1.2", title="Management skills", position=2)
    a21 = FocusAreaFactory(priority=p2, number="2.1", title="Recruitment", position=1)
    tree = LayoutA(plan, p1, p2, a11, a12, a21)
    for area, number, description, position in [
        (a11, "1.1.1", "Benchmark leadership capacity across partners", 1),
        (a11, "1.1.2", "Commission a leadership programme", 2),
        (a12, "1.2.1", "Run a management skills audit", 1),
        (a21, "2.1.1", "Recruit Home Trainers in every home", 1),
    ]:
        tree.actions[number] = ActionFactory(
            focus_area=area, number=number, description=description, position=position
        )
    return tree


def themes_plan():
    """Layout B: themes "Get in..." and "Get on..." with actions, contributors and achievements."""
    plan = ActionPlanFactory(title="Trust Education Strategy Delivery Plan", layout=ActionPlan.Layout.THEMES)
    get_in = PriorityFactory(plan=plan, number="1", title="Get in: widen access to NHS careers", position=1)
    get_on = PriorityFactory(plan=plan, number="2", title="Get on: develop our support workforce", position=2)
    first = ActionFactory(
        focus_area=None,
        priority=get_in,
        number="1.1",
        description="The Trust will offer pre-employment placements with the Prince's Trust",
        position=1,
    )
    Contributor.objects.create(action=first, name="HR recruitment team", position=1)
    Contributor.objects.create(action=first, name="Ward managers", position=2)
    ExpectedAchievement.objects.create(action=first, description="40 placements a year", position=1)
    second = ActionFactory(
        focus_area=None,
        priority=get_on,
        number="2.1",
        description="The Trust will offer the Care Certificate to every new healthcare assistant",
        position=1,
    )
    return plan, get_in, get_on, first, second


def bulk_plan(n_actions: int, *, areas_per_priority: int = 2, priorities: int = 3) -> ActionPlan:
    """A Layout A plan with n actions spread over its areas, each with an owner, two outputs (each
    with an owner and a dated target), a progress update, a contributor, an achievement, and a
    dependency on the action before it. Built with bulk_create: a few dozen queries at any size."""
    plan = ActionPlanFactory(title=f"Plan of {n_actions} actions")
    owners = [StaffMemberFactory() for _ in range(3)]
    prios = Priority.objects.bulk_create(
        Priority(plan=plan, number=str(p), title=f"Priority {p}", position=p)
        for p in range(1, priorities + 1)
    )
    areas = FocusArea.objects.bulk_create(
        FocusArea(priority=p, number=f"{p.number}.{m}", title=f"Area {p.number}.{m}", position=m)
        for p in prios
        for m in range(1, areas_per_priority + 1)
    )
    today = datetime.date.today()
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            priority=areas[i % len(areas)].priority,
            focus_area=areas[i % len(areas)],
            number=f"{areas[i % len(areas)].number}.{i // len(areas) + 1}",
            description=f"Action {i}",
            responsibility="SB/GF",
            due_date=today + datetime.timedelta(days=(i % 90) - 30),
            position=i // len(areas) + 1,
        )
        for i in range(n_actions)
    )
    Action.owners.through.objects.bulk_create(
        Action.owners.through(action_id=a.pk, staffmember_id=owners[i % 3].pk) for i, a in enumerate(actions)
    )
    Action.dependencies.through.objects.bulk_create(
        Action.dependencies.through(from_action_id=a.pk, to_action_id=actions[i - 1].pk)
        for i, a in enumerate(actions)
        if i
    )
    outputs = Output.objects.bulk_create(
        Output(action=a, letter=letter, description=f"Output {letter} of {a.number}", position=n)
        for a in actions
        for n, letter in enumerate("ab", start=1)
    )
    Output.owners.through.objects.bulk_create(
        Output.owners.through(output_id=o.pk, staffmember_id=owners[i % 3].pk) for i, o in enumerate(outputs)
    )
    OutputTarget.objects.bulk_create(
        OutputTarget(output=o, value=25, unit="%", by_date=datetime.date(2027, 3, 31)) for o in outputs
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=a, note=f"Work in progress on {a.number}", rag=["red", "amber", "green", ""][i % 4]
        )
        for i, a in enumerate(actions)
    )
    Contributor.objects.bulk_create(Contributor(action=a, name="HR", position=1) for a in actions)
    ExpectedAchievement.objects.bulk_create(
        ExpectedAchievement(action=a, description="More staff trained", position=1) for a in actions
    )
    return plan


def output_of(action: Action, **kwargs) -> Output:
    return OutputFactory(action=action, **kwargs)


# --- What the forms send ---------------------------------------------------------------------------


def formset_management(prefix: str, total: int = 1, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def plan_post(**overrides) -> dict:
    """The plan form filled in, with one pledge signatory and one blank row."""
    data = {
        "title": "Workforce Development Action Plan 2026-2029",
        "layout": "priorities",
        "status": "draft",
        "period_start": "2026-04-01",
        "period_end": "2029-03-31",
        "lead": "",
        "governance": "Education Strategy Group, then the Trust Board",
        "description": "",
        "pledge_text": "We pledge to develop every member of staff.",
        **formset_management("signatories", total=2),
        "signatories-0-name": "Jane Smith",
        "signatories-0-role": "Chief Executive",
        "signatories-0-signed_on": "2026-04-01",
        "signatories-1-name": "",
        "signatories-1-role": "",
        "signatories-1-signed_on": "",
    }
    data.update(overrides)
    return data


def new_action_post(**overrides) -> dict:
    data = {
        "number": "",
        "description": "Set up a Link Trainer role between Home Trainer and Regional Training Officer",
        "priority": "",
        "focus_area": "",
        "responsibility": "SB",
        "owners": [],
        "timeframe": "",
        "due_date": "",
        "resources": "",
        "cost_amount": "",
        "status": "not_started",
        "dependencies": [],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_action_post(action: Action, **overrides) -> dict:
    """What the edit form sends back for the action as it is now (with the version and history
    record it was read at), with some fields changed."""
    latest = action.history.order_by("-history_date", "-history_id").first()
    data = {
        "number": action.number,
        "description": action.description,
        "priority": action.priority_id,
        "focus_area": action.focus_area_id or "",
        "responsibility": action.responsibility,
        "owners": [o.pk for o in action.owners.all()],
        "timeframe": action.timeframe,
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "resources": action.resources,
        "cost_amount": action.cost_amount or "",
        "status": action.status,
        "dependencies": [d.pk for d in action.dependencies.all()],
        "version": action.version,
        "seen_history": latest.history_id if latest else "",
    }
    data.update(overrides)
    return data


def output_post(**overrides) -> dict:
    """An output with two dated targets (and a blank target row)."""
    data = {
        "letter": "",
        "description": "At least 25% of staff trained and competent",
        "responsibility": "GF",
        "timeframe": "",
        "due_date": "",
        "resources": "",
        "cost_amount": "",
        "target_unit": "%",
        "current_value": "",
        "current_value_on": "",
        "indicator_key": "",
        **formset_management("targets", total=3),
        "targets-0-value": "25",
        "targets-0-unit": "%",
        "targets-0-by_date": "2013-12-31",
        "targets-1-value": "50",
        "targets-1-unit": "%",
        "targets-1-by_date": "2015-09-30",
        "targets-2-value": "",
        "targets-2-unit": "",
        "targets-2-by_date": "",
    }
    data.update(overrides)
    return data
