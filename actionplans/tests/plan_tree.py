"""`plan_tree(plan)`: every field of a plan and of every row under it, for comparing two plans.

Each record becomes a dict of its concrete fields, except what a copy cannot keep: ids, the
`version` bookkeeping and the `created_at` timestamps. A reference to another record of the
plan (an action's area, a milestone's output, a dependency) is replaced by that record's own
description (its fields, recursively up to the plan), so two plans compare equal exactly when
they hold the same rows with the same fields in the same places. Lists are sorted by their
description, so the order rows were created in (and so their ids) does not matter.
"""

from __future__ import annotations

from actionplans.models import (
    Action,
    ActionPlan,
    Contributor,
    ExpectedAchievement,
    FocusArea,
    Milestone,
    Output,
    OutputTarget,
    PledgeSignatory,
    Priority,
    ProgressUpdate,
    Risk,
)

NOT_KEPT = {"id", "version", "created_at"}
INTERNAL = {ActionPlan, Priority, FocusArea, Action, Output}


def _fields(obj) -> dict:
    found = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in NOT_KEPT:
            continue
        if model_field.is_relation and model_field.related_model in INTERNAL:
            target = getattr(obj, model_field.name)
            found[model_field.name] = (
                None if target is None or isinstance(target, ActionPlan) else _label(target)
            )
        else:
            found[model_field.name] = getattr(obj, model_field.attname)
    return found


def _label(obj) -> str:
    return repr(sorted(_fields(obj).items(), key=lambda item: item[0]))


def _rows(queryset) -> list[dict]:
    return sorted((_fields(obj) for obj in queryset), key=repr)


def plan_tree(plan: ActionPlan) -> dict:
    plan = ActionPlan.objects.get(pk=plan.pk)
    actions = Action.objects.filter(plan=plan)
    outputs = Output.objects.filter(action__plan=plan)
    return {
        "plan": _fields(plan),
        "signatories": _rows(PledgeSignatory.objects.filter(plan=plan)),
        "priorities": _rows(Priority.objects.filter(plan=plan)),
        "areas": _rows(FocusArea.objects.filter(priority__plan=plan)),
        "actions": _rows(actions),
        "outputs": _rows(outputs),
        "targets": _rows(OutputTarget.objects.filter(output__action__plan=plan)),
        "milestones": _rows(Milestone.objects.filter(action__plan=plan)),
        "risks": _rows(Risk.objects.filter(action__plan=plan)),
        "progress": _rows(ProgressUpdate.objects.filter(action__plan=plan)),
        "contributors": _rows(Contributor.objects.filter(action__plan=plan)),
        "achievements": _rows(ExpectedAchievement.objects.filter(action__plan=plan)),
        "action owners": sorted((_label(a), p.pk) for a in actions for p in a.owners.all()),
        "output owners": sorted((_label(o), p.pk) for o in outputs for p in o.owners.all()),
        "dependencies": sorted((_label(a), _label(d)) for a in actions for d in a.dependencies.all()),
    }


def assert_same_plan(original: dict, copy: dict, *, except_plan_fields=()) -> None:
    """Compare part by part, so a failure names the part that differs."""
    assert original.keys() == copy.keys()
    for part in original:
        if part == "plan":
            mine = {k: v for k, v in original[part].items() if k not in except_plan_fields}
            theirs = {k: v for k, v in copy[part].items() if k not in except_plan_fields}
            assert mine == theirs, part
        else:
            assert original[part] == copy[part], part
