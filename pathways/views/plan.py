"""The development plan's writes: the plan's start, objectives (from the gaps in one click, or by
hand), activities added and edited in place (htmx swaps the same partials the candidate page
includes; without JavaScript the same forms post normally and redirect back), and sign-off.

Edits are version-checked: a second tab saving an objective, an activity or the plan after the
first is stopped with the core's conflict page (a 409; in place, the conflict above the form).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pathways import permissions
from pathways.assessment import enrolment_gaps, open_gaps
from pathways.models import Activity, Objective
from pathways.plan_forms import ActivityForm, EvidenceForm, ObjectiveForm, PlanForm
from pathways.planning import (
    PlanRefusal,
    next_position,
    objectives_from_gaps,
    plan_of,
    sign_off_activity,
    sign_off_objective,
)
from pathways.views.candidate import render_candidate_page
from pathways.views.common import (
    activity_for,
    candidate_url,
    enrolment_to_add_own,
    enrolment_to_develop,
    objective_for,
)
from workforce.models import Competency
from workforce.permissions import own_staff_record, requires
from workforce.versioning import save_or_conflict

PARTIALS = "pathways/partials"


def _edit_page(request, template, context, status=200, **extra):
    return render(request, template, {**context, **extra}, status=status)


# --- The plan ----------------------------------------------------------------------------------


@requires()
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    enrolment = enrolment_to_develop(request.user, pk)
    plan = plan_of(enrolment, timezone.localdate())
    form = PlanForm(request.POST or None, instance=plan)

    def page(status=200, **extra):
        context = {"form": form, "enrolment": enrolment, "noun": "development plan"}
        return _edit_page(request, "pathways/plan_part_form.html", context, status, **extra)

    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, "Development plan saved.")
        return redirect(candidate_url(enrolment, "plan-heading"))
    return page()


# --- Objectives --------------------------------------------------------------------------------


def _competencies(enrolment):
    return Competency.objects.filter(requirements__job_role=enrolment.target_stage.job_role_id)


@requires()
@require_POST
def objective_add(request, pk):
    enrolment = enrolment_to_develop(request.user, pk)
    form = ObjectiveForm(request.POST, competencies=_competencies(enrolment), auto_id="new-objective-%s")
    if not form.is_valid():
        return render_candidate_page(request, enrolment.pk, objective_form=form)
    plan = plan_of(enrolment, timezone.localdate())
    form.instance.plan = plan
    form.instance.position = next_position(plan)
    objective = form.save()
    messages.success(request, f"Objective “{objective}” added.")
    return redirect(candidate_url(enrolment, f"objective-{objective.pk}"))


@requires()
@require_POST
def objective_from_gap(request, pk):
    """One click on a gap: an objective to close it, tied to its competency."""
    enrolment = enrolment_to_develop(request.user, pk)
    found = [
        g
        for g in open_gaps(enrolment_gaps(enrolment))
        if str(g.competency.pk) == request.POST.get("competency")
    ]
    if not found:
        messages.error(request, "That competency has no gap to plan for.")
        return redirect(candidate_url(enrolment, "plan-heading"))
    try:
        (objective,) = objectives_from_gaps(enrolment, found, on=timezone.localdate())
    except PlanRefusal as refusal:
        messages.error(request, str(refusal))
        return redirect(candidate_url(enrolment, "plan-heading"))
    messages.success(request, f"Objective “{objective}” added.")
    return redirect(candidate_url(enrolment, f"objective-{objective.pk}"))


@requires()
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk):
    objective = objective_for(request.user, pk)
    enrolment = objective.enrolment
    if not permissions.can_develop(request.user, enrolment):
        raise PermissionDenied
    form = ObjectiveForm(request.POST or None, instance=objective, competencies=_competencies(enrolment))

    def page(status=200, **extra):
        context = {"form": form, "enrolment": enrolment, "noun": "objective"}
        return _edit_page(request, "pathways/plan_part_form.html", context, status, **extra)

    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"Objective “{objective}” saved.")
        return redirect(candidate_url(enrolment, f"objective-{objective.pk}"))
    return page()


@requires()
@require_POST
def objective_sign_off(request, pk):
    objective = objective_for(request.user, pk)
    enrolment = objective.enrolment
    if not permissions.can_sign_off(request.user, enrolment):
        raise PermissionDenied
    try:
        sign_off_objective(objective, by=own_staff_record(request.user), on=timezone.localdate())
        messages.success(request, f"Objective “{objective}” signed off as achieved.")
    except PlanRefusal as refusal:
        messages.error(request, str(refusal))
    return redirect(candidate_url(enrolment, f"objective-{objective.pk}"))


# --- Activities --------------------------------------------------------------------------------


def _activity_row(request, activity, enrolment, **extra):
    """The one row, as the candidate page draws it (for an htmx swap)."""
    activity = (
        Activity.objects.select_related("signed_off_by", "course", "training_record")
        .prefetch_related("evidence")
        .get(pk=activity.pk)
    )
    activity.can_edit = permissions.can_edit_activity(request.user, activity, enrolment)
    activity.evidence_form = EvidenceForm(auto_id=f"ev{activity.pk}-%s")
    context = {
        "activity": activity,
        "enrolment": enrolment,
        "can_develop": permissions.can_develop(request.user, enrolment),
        "can_add_own": permissions.can_add_own(request.user, enrolment),
        **extra,
    }
    return render(request, f"{PARTIALS}/_activity.html", context)


@requires()
@require_POST
def activity_add(request, pk):
    enrolment = enrolment_to_add_own(request.user, pk)
    plan = plan_of(enrolment, timezone.localdate())
    form = ActivityForm(
        request.POST, objectives=Objective.objects.filter(plan=plan), auto_id="new-activity-%s"
    )
    if not form.is_valid():
        # htmx selects the plan panel out of the page: the errors show beside the fields.
        return render_candidate_page(request, enrolment.pk, activity_form=form)
    form.instance.added_by = own_staff_record(request.user)
    activity = form.save()
    if not request.htmx:
        messages.success(request, f"Activity “{activity}” added.")
        return redirect(candidate_url(enrolment, f"activity-{activity.pk}"))
    return render_candidate_page(request, enrolment.pk)


@requires()
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = activity_for(request.user, pk)
    enrolment = activity.enrolment
    if not permissions.can_edit_activity(request.user, activity, enrolment):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity, auto_id=f"activity-{activity.pk}-%s")
    partial = bool(request.htmx)

    def page(status=200, **extra):
        context = {"form": form, "activity": activity, "enrolment": enrolment, "noun": "activity"}
        if partial:
            # htmx swaps only 2xx answers: the conflict is shown in place, above the form.
            return _edit_page(request, f"{PARTIALS}/_activity_form.html", context, 200, **extra)
        return _edit_page(request, "pathways/plan_part_form.html", context, status, **extra)

    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        if not partial:
            messages.success(request, f"Activity “{activity}” saved.")
            return redirect(candidate_url(enrolment, f"activity-{activity.pk}"))
        return _activity_row(request, activity, enrolment)
    return page()


@requires()
@require_POST
def activity_sign_off(request, pk):
    activity = activity_for(request.user, pk)
    enrolment = activity.enrolment
    if not permissions.can_sign_off(request.user, enrolment):
        raise PermissionDenied
    error = None
    try:
        made = sign_off_activity(activity, by=own_staff_record(request.user), on=timezone.localdate())
    except PlanRefusal as refusal:
        error, made = str(refusal), None
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            recorded = f" {activity.course} is recorded as completed training." if made else ""
            messages.success(request, f"Activity “{activity}” signed off.{recorded}")
        return redirect(candidate_url(enrolment, f"activity-{activity.pk}"))
    return _activity_row(request, activity, enrolment, sign_off_error=error)
