"""Building a plan: add, edit and delete its priorities (themes), areas of focus, actions and
outputs, and reorder and renumber them. Only plan editors (the L&D manager) get here.

Every edit is version-checked (workforce.versioning): a save made after someone else's is
refused (409) with what they changed, and the user's input is kept for a deliberate second save.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actionplans import ordering
from actionplans.forms.action import AchievementFormSet, ActionForm, ContributorFormSet
from actionplans.forms.structure import (
    FocusAreaForm,
    MoveForm,
    OutputForm,
    OutputTargetFormSet,
    PriorityForm,
    save_with_formsets,
)
from actionplans.models import Action, ActionPlan, FocusArea, Output, Priority
from actionplans.permissions import can_edit_plans
from workforce.permissions import requires
from workforce.versioning import save_or_conflict

EDITOR_METHODS = ["GET", "POST"]


def submitted(request):
    return request.POST if request.method == "POST" else None


def in_tree(plan: ActionPlan, anchor: str) -> str:
    return f"{plan.get_absolute_url()}#{anchor}"


def crumbs(plan: ActionPlan) -> list[tuple[str, str]]:
    return [("Action plans", reverse("actionplans:index")), (str(plan), plan.get_absolute_url())]


def form_page(request, plan, form, heading, *, formsets=(), status=200, **extra):
    """`formsets`: (formset, legend, help) triples, rendered with partials/_formset.html."""
    return render(
        request,
        "actionplans/structure_form.html",
        {
            "plan": plan,
            "form": form,
            "formsets": [
                {"formset": fs, "legend": legend, "help": help_text} for fs, legend, help_text in formsets
            ],
            "heading": heading,
            "cancel_url": plan.get_absolute_url(),
            "breadcrumbs": crumbs(plan),
            **extra,
        },
        status=status,
    )


def saved(request, obj, plan, anchor: str, created: bool):
    label = obj._meta.verbose_name
    if isinstance(obj, Priority):
        label = plan.priority_label.lower()
    messages.success(request, f"{label.capitalize()} “{obj}” {'added' if created else 'saved'}.")
    return redirect(in_tree(plan, anchor))


def confirm_delete(request, obj, plan, *, consequences: list[str], anchor_after: str = ""):
    """GET: say what goes with it. POST: delete it (children cascade) and go back to the tree."""
    label = plan.priority_label.lower() if isinstance(obj, Priority) else str(obj._meta.verbose_name)
    if request.method == "POST":
        name = str(obj)
        obj.delete()
        messages.success(request, f"{label.capitalize()} “{name}” deleted.")
        return redirect(in_tree(plan, anchor_after) if anchor_after else plan.get_absolute_url())
    return render(
        request,
        "actionplans/confirm_delete.html",
        {
            "object": obj,
            "label": label,
            "plan": plan,
            "consequences": consequences,
            "cancel_url": plan.get_absolute_url(),
            "breadcrumbs": crumbs(plan),
        },
    )


def counted(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


# --- Priorities (themes) ----------------------------------------------------------------------


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def priority_create(request, plan_pk):
    plan = get_object_or_404(ActionPlan, pk=plan_pk)
    form = PriorityForm(submitted(request), plan=plan)
    if form.is_bound and form.is_valid():
        priority = form.save()
        return saved(request, priority, plan, f"priority-{priority.pk}", created=True)
    return form_page(request, plan, form, f"Add a {plan.priority_label.lower()}")


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def priority_edit(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    plan = priority.plan
    form = PriorityForm(submitted(request), instance=priority, plan=plan)
    heading = f"Edit {plan.priority_label.lower()} {priority.number}".strip()
    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(
            form, page=lambda **extra: form_page(request, plan, form, heading, **extra)
        )
        return refused or saved(request, priority, plan, f"priority-{priority.pk}", created=False)
    return form_page(request, plan, form, heading)


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def priority_delete(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    areas = priority.focus_areas.count()
    actions = priority.actions.count()
    consequences = [
        f"{counted(actions, 'action')} will be deleted with it, with their outputs, progress, "
        "milestones and risks."
    ]
    if areas:
        consequences.insert(
            0, f"{counted(areas, 'area of focus', 'areas of focus')} will be deleted with it."
        )
    return confirm_delete(request, priority, priority.plan, consequences=consequences)


# --- Areas of focus ---------------------------------------------------------------------------


def layout_with_areas(plan: ActionPlan) -> None:
    if plan.layout == ActionPlan.Layout.THEMES:
        raise Http404("A plan laid out in themes has no areas of focus.")


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def focusarea_create(request, priority_pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=priority_pk)
    plan = priority.plan
    layout_with_areas(plan)
    form = FocusAreaForm(submitted(request), plan=plan, initial={"priority": priority})
    if form.is_bound and form.is_valid():
        area = form.save()
        return saved(request, area, plan, f"area-{area.pk}", created=True)
    return form_page(request, plan, form, f"Add an area of focus to priority {priority}")


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def focusarea_edit(request, pk):
    area = get_object_or_404(FocusArea.objects.select_related("priority__plan"), pk=pk)
    plan = area.priority.plan
    form = FocusAreaForm(submitted(request), instance=area, plan=plan)
    heading = f"Edit area of focus {area.number}".strip()
    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(
            form, page=lambda **extra: form_page(request, plan, form, heading, **extra)
        )
        return refused or saved(request, area, plan, f"area-{area.pk}", created=False)
    return form_page(request, plan, form, heading)


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def focusarea_delete(request, pk):
    area = get_object_or_404(FocusArea.objects.select_related("priority__plan"), pk=pk)
    actions = area.actions.count()
    return confirm_delete(
        request,
        area,
        area.priority.plan,
        consequences=[
            f"{counted(actions, 'action')} will be deleted with it, with their outputs, progress, "
            "milestones and risks."
        ],
        anchor_after=f"priority-{area.priority_id}",
    )


# --- Actions ------------------------------------------------------------------------------------


def action_formsets(plan: ActionPlan, action: Action | None, data=None):
    """Contributors and expected achievements: a themes plan's (Layout B) parts of an action, or
    any action that already has some."""
    wanted = plan.layout == ActionPlan.Layout.THEMES or (
        action is not None and action.pk and (action.contributors.exists() or action.achievements.exists())
    )
    if not wanted:
        return []
    instance = action or Action(plan=plan)
    return [
        (
            ContributorFormSet(data, instance=instance, prefix="contributors"),
            "Essential input required from",
            "Teams and roles whose input the action needs. Tick “Remove” to take one off.",
        ),
        (
            AchievementFormSet(data, instance=instance, prefix="achievements"),
            "Expected achievements",
            "What the action will have achieved by the end of the plan.",
        ),
    ]


def initial_place(request, plan: ActionPlan) -> dict:
    """?priority=<pk>&focus_area=<pk> from an "Add an action" link, if they belong to the plan."""
    initial = {}
    area = FocusArea.objects.filter(priority__plan=plan, pk=request.GET.get("focus_area") or 0).first()
    if area:
        initial.update(focus_area=area, priority=area.priority_id)
    priority = plan.priorities.filter(pk=request.GET.get("priority") or 0).first()
    if priority and not area:
        initial["priority"] = priority
    return initial


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def action_create(request, plan_pk):
    plan = get_object_or_404(ActionPlan, pk=plan_pk)
    data = submitted(request)
    form = ActionForm(data, plan=plan, initial=initial_place(request, plan))
    formsets = action_formsets(plan, None, data)
    if form.is_bound and form.is_valid() and all(fs.is_valid() for fs, _, _ in formsets):
        action = save_with_formsets(form, [fs for fs, _, _ in formsets])
        return saved(request, action, plan, f"action-{action.pk}", created=True)
    return form_page(request, plan, form, "Add an action", formsets=formsets)


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
    plan = action.plan
    data = submitted(request)
    form = ActionForm(data, instance=action, plan=plan)
    formsets = action_formsets(plan, action, data)
    heading = f"Edit action {action.number}".strip()
    if form.is_bound and form.is_valid() and all(fs.is_valid() for fs, _, _ in formsets):
        _, refused = save_or_conflict(
            form,
            page=lambda **extra: form_page(request, plan, form, heading, formsets=formsets, **extra),
            save=lambda: save_with_formsets(form, [fs for fs, _, _ in formsets]),
        )
        return refused or saved(request, action, plan, f"action-{action.pk}", created=False)
    return form_page(request, plan, form, heading, formsets=formsets)


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def action_delete(request, pk):
    action = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
    consequences = []
    outputs = action.outputs.count()
    if outputs:
        consequences.append(f"{counted(outputs, 'output')} will be deleted with it.")
    consequences.append("Its progress updates, milestones and risks will be deleted with it.")
    dependents = [str(a) for a in action.dependents.order_by("position", "pk")]
    if dependents:
        consequences.append(
            f"{counted(len(dependents), 'action depends', 'actions depend')} on it and will no longer: "
            + "; ".join(dependents)
        )
    return confirm_delete(
        request, action, action.plan, consequences=consequences, anchor_after=f"priority-{action.priority_id}"
    )


# --- Outputs ----------------------------------------------------------------------------------


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def output_create(request, action_pk):
    action = get_object_or_404(Action.objects.select_related("plan"), pk=action_pk)
    return output_form_page(request, action, None)


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def output_edit(request, pk):
    output = get_object_or_404(Output.objects.select_related("action__plan"), pk=pk)
    return output_form_page(request, output.action, output)


def output_form_page(request, action: Action, output: Output | None):
    plan = action.plan
    data = submitted(request)
    form = OutputForm(data, instance=output, action=action)
    targets = OutputTargetFormSet(data, instance=form.instance, prefix="targets")
    heading = f"Edit output {output}" if output else f"Add an output to action {action.number}".strip()
    formsets = [(targets, "Dated targets", "e.g. 25% by December 2013, 50% by September 2015.")]
    if form.is_bound and form.is_valid() and targets.is_valid():
        saved_output, refused = save_or_conflict(
            form,
            page=lambda **extra: form_page(request, plan, form, heading, formsets=formsets, **extra),
            save=lambda: save_with_formsets(form, [targets]),
        )
        return refused or saved(request, saved_output, plan, f"action-{action.pk}", created=output is None)
    return form_page(request, plan, form, heading, formsets=formsets)


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def output_delete(request, pk):
    output = get_object_or_404(Output.objects.select_related("action__plan"), pk=pk)
    return confirm_delete(
        request,
        output,
        output.action.plan,
        consequences=[
            "Its dated targets, and any progress, milestones and risks recorded against it, "
            "will be deleted with it."
        ],
        anchor_after=f"action-{output.action_id}",
    )


# --- Reorder and renumber -----------------------------------------------------------------------


@require_http_methods(EDITOR_METHODS)
@requires(can_edit_plans)
def plan_reorder(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    reorder_url = reverse("actionplans:plan_reorder", args=[plan.pk])
    if request.method == "POST":
        if request.POST.get("renumber"):
            done = ordering.renumber_plan(plan, user=request.user)
            messages.success(request, f"Plan renumbered: {counted(done.total, 'number')} changed.")
            return redirect(reorder_url)
        form = MoveForm(request.POST, plan=plan)
        if not form.is_valid():
            messages.error(
                request, "That could not be moved: " + " ".join(form.errors.get("__all__", ["bad request."]))
            )
            return redirect(reorder_url)
        item = form.cleaned_data["item"]
        try:
            ordering.move(item, form.cleaned_data["direction"], user=request.user)
        except ordering.CannotMove as refusal:
            messages.info(request, str(refusal))
        else:
            item.refresh_from_db()
            messages.success(request, f"Moved {form.cleaned_data['direction']}: now numbered {item.number}.")
        return redirect(f"{reorder_url}#{form.cleaned_data['kind']}-{item.pk}")
    priorities = list(plan.priorities.all())
    areas = list(FocusArea.objects.filter(priority__plan=plan))
    actions = list(Action.objects.filter(plan=plan).order_by("position", "pk"))
    return render(
        request,
        "actionplans/plan_reorder.html",
        {
            "plan": plan,
            "tree": reorder_tree(priorities, areas, actions),
            "breadcrumbs": crumbs(plan),
        },
    )


def reorder_tree(priorities, areas, actions):
    by_parent: dict[tuple, list] = {}
    for action in actions:
        by_parent.setdefault((action.priority_id, action.focus_area_id), []).append(action)
    areas_of: dict[int, list] = {}
    for area in areas:
        areas_of.setdefault(area.priority_id, []).append(area)
    return [
        {
            "priority": p,
            "actions": by_parent.get((p.pk, None), []),
            "areas": [
                {"area": a, "actions": by_parent.get((p.pk, a.pk), [])} for a in areas_of.get(p.pk, [])
            ],
        }
        for p in priorities
    ]
