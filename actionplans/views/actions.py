"""The action page and the writes an action owner makes on it, and "My actions".

Everyone signed in reads an action. Progress updates, milestones and risks are written by
whoever `can_update_action` allows (the L&D manager, or an owner of the action or of one of
its outputs). Each write is posted in place with htmx, which swaps the same partial the full
page includes; without JavaScript the same form posts normally and the page redirects back.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplans.forms.updates import MilestoneForm, ProgressUpdateForm, QuickProgressForm, RiskForm
from actionplans.models import (
    Action,
    Contributor,
    ExpectedAchievement,
    Milestone,
    Output,
    OutputTarget,
    ProgressUpdate,
    Risk,
)
from actionplans.permissions import can_update_action, can_update_risk
from actionplans.targets import attach_current_values
from workforce.history import history_entries
from workforce.permissions import own_staff_record, requires
from workforce.versioning import move_on, save_or_conflict

PARTIALS = "actionplans/partials"


def actions_for(user):
    return Action.objects.visible_to(user).with_rag().select_related("plan", "priority", "focus_area")


def get_action_or_404(user, pk) -> Action:
    return get_object_or_404(actions_for(user), pk=pk)


def action_for_update(user, pk) -> Action:
    """The action if this user may update its progress, milestones and risks; 404 / 403 otherwise."""
    action = get_action_or_404(user, pk)
    if not can_update_action(user, action):
        raise PermissionDenied
    return action


def current_rag(action: Action) -> dict:
    """The action's RAG and its reason now, for the badge sent out of band after a write."""
    return Action.objects.with_rag().values("rag", reason=F("rag_reason")).get(pk=action.pk)


# The rows each panel lists, for the whole page (prefetched) and for a panel swapped alone.
def progress_updates():
    return ProgressUpdate.objects.select_related("author", "output")


def milestones():
    return Milestone.objects.select_related("output")


def risks():
    return Risk.objects.select_related("owner", "output")


def part_histories(action: Action) -> list:
    """The history of what the action page shows under the action, merged into the action's own:
    outputs (and their owners), their dated targets, contributors, expected achievements,
    milestones and risks. Progress updates are left out: they are a dated log already."""
    outputs = Output.history.filter(action_id=action.pk).values("id")
    return [
        Output.history.filter(action_id=action.pk),
        OutputTarget.history.filter(output_id__in=outputs),
        Contributor.history.filter(action_id=action.pk),
        ExpectedAchievement.history.filter(action_id=action.pk),
        Milestone.history.filter(action_id=action.pk),
        Risk.history.filter(action_id=action.pk),
    ]


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


# --- The action page --------------------------------------------------------------------------


def render_action_page(request: HttpRequest, pk: int, **forms) -> HttpResponse:
    """The whole page; `forms` replaces a blank form with a bound one that failed validation."""
    action = get_object_or_404(
        actions_for(request.user).prefetch_related(
            "owners",
            "contributors",
            "achievements",
            Prefetch("outputs", queryset=Output.objects.prefetch_related("targets", "owners")),
            Prefetch("milestones", queryset=milestones()),
            Prefetch("progress_updates", queryset=progress_updates()),
            Prefetch("risks", queryset=risks()),
            Prefetch("dependencies", queryset=Action.objects.with_rag().select_related("plan")),
            Prefetch("dependents", queryset=Action.objects.with_rag().select_related("plan")),
        ),
        pk=pk,
    )
    outputs = list(action.outputs.all())
    attach_current_values(outputs, action.plan)
    for output in outputs:
        # Current value against each dated target: met, not yet, or no value recorded.
        output.target_rows = [(target, target.is_met(output.value_now)) for target in output.targets.all()]
    can_update = can_update_action(request.user, action)
    me = own_staff_record(request.user)
    return render(
        request,
        "actionplans/action_detail.html",
        {
            "action": action,
            "outputs": outputs,
            "milestones": action.milestones.all(),
            "progress_updates": action.progress_updates.all(),
            "risks": action.risks.all(),
            "can_update": can_update,
            # A risk's owner edits that risk even when the action is not theirs.
            "my_staff_id": me.pk if me is not None else None,
            "progress_form": forms.get("progress_form") or ProgressUpdateForm(),
            "milestone_form": forms.get("milestone_form") or MilestoneForm(),
            "risk_form": forms.get("risk_form") or RiskForm(),
            "history": history_entries(action, parts=part_histories(action)),
            "today": timezone.localdate(),
        },
    )


@requires()
@require_safe
def action_detail(request, pk):
    return render_action_page(request, pk)


# --- Progress updates -------------------------------------------------------------------------


@requires()
@require_POST
def progress_add(request, pk):
    """Add a progress update. `?panel=mine` posts come from a row of "My actions"."""
    action = action_for_update(request.user, pk)
    from_mine = request.GET.get("panel") == "mine"
    form = quick_form(action.pk, request.POST) if from_mine else ProgressUpdateForm(request.POST)
    saved = None
    if form.is_valid():
        saved = form.save(commit=False)
        saved.action = action
        saved.author = request.user
        saved.save()
        if not request.htmx:
            messages.success(request, f"Progress update added to {action.short_name}.")
            return redirect(_safe_next(request) or action)
        form = quick_form(action.pk) if from_mine else ProgressUpdateForm()
    elif not request.htmx:
        if from_mine:
            return render_my_actions(request, bound={action.pk: form})
        return render_action_page(request, pk, progress_form=form)
    if from_mine:
        me = own_staff_record(request.user)
        row = (my_actions_queryset(me).filter(pk=action.pk).first() if me else None) or action
        row.quick_form = form
        # The row keeps posting back to the page it is on (My actions, or the home page's panel).
        context = {"row": row, "saved": saved, "next_url": _safe_next(request)}
        return render(request, f"{PARTIALS}/_progress_mine_row.html", context)
    return render(
        request,
        f"{PARTIALS}/_progress_swap.html",
        {
            "action": action,
            "progress_updates": progress_updates().filter(action=action),
            "progress_form": form,
            "can_update": True,
            "saved": saved,
            **current_rag(action),
        },
    )


# --- Milestones --------------------------------------------------------------------------------


@requires()
@require_POST
def milestone_toggle(request, pk):
    """Set a milestone done or not done. The checkbox's state is posted (not "flip it"), so a
    double submit or two people ticking at once cannot undo each other's tick: no version check
    is needed, as this write depends on nothing else the user read. It does move the version
    on, so an edit of the milestone opened before the tick (in the admin) is refused."""
    milestone = get_object_or_404(Milestone.objects.select_related("action"), pk=pk)
    action = action_for_update(request.user, milestone.action_id)
    done = request.POST.get("done") == "1"
    if done != (milestone.completed_on is not None):
        milestone.completed_on = timezone.localdate() if done else None
        with transaction.atomic():
            milestone.save(update_fields=["completed_on"])
            move_on(milestone)
    if not request.htmx:
        state = "done" if done else "not done"
        messages.success(request, f"Milestone “{milestone}” marked {state}.")
        return redirect(reverse("actionplans:action_detail", args=[action.pk]) + "#milestones-heading")
    return render(
        request,
        f"{PARTIALS}/_milestone_swap.html",
        {"milestone": milestone, "action": action, "can_update": True, **current_rag(action)},
    )


@requires()
@require_POST
def milestone_add(request, pk):
    action = action_for_update(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        form.instance.action = action
        form.instance.position = action.milestones.count()
        form.save()
        if not request.htmx:
            messages.success(request, f"Milestone “{form.instance}” added.")
            return redirect(reverse("actionplans:action_detail", args=[action.pk]) + "#milestones-heading")
        form = MilestoneForm()
    elif not request.htmx:
        return render_action_page(request, pk, milestone_form=form)
    return render(
        request,
        f"{PARTIALS}/_milestones_swap.html",
        {
            "action": action,
            "milestones": milestones().filter(action=action),
            "milestone_form": form,
            "can_update": True,
            **current_rag(action),
            "today": timezone.localdate(),
        },
    )


# --- Risks ----------------------------------------------------------------------------------------


@requires()
@require_POST
def risk_add(request, pk):
    action = action_for_update(request.user, pk)
    form = RiskForm(request.POST)
    if form.is_valid():
        form.instance.action = action
        form.instance.position = action.risks.count()
        form.save()
        if not request.htmx:
            messages.success(request, f"Risk “{form.instance}” added.")
            return redirect(reverse("actionplans:action_detail", args=[action.pk]) + "#risks-heading")
        form = RiskForm()
    elif not request.htmx:
        return render_action_page(request, pk, risk_form=form)
    return render(
        request,
        f"{PARTIALS}/_risks.html",
        {"action": action, "risks": risks().filter(action=action), "risk_form": form, "can_update": True},
    )


@requires()
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("action__plan", "owner"), pk=pk)
    action = get_action_or_404(request.user, risk.action_id)
    if not can_update_risk(request.user, risk):
        raise PermissionDenied
    form = RiskForm(request.POST if request.method == "POST" else None, instance=risk)

    def page(status=200, **extra):
        context = {"form": form, "risk": risk, "action": action, **extra}
        return render(request, "actionplans/risk_form.html", context, status=status)

    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"Risk “{risk}” saved.")
        return redirect(reverse("actionplans:action_detail", args=[action.pk]) + "#risks-heading")
    return page()


# --- My actions -----------------------------------------------------------------------------------


def my_actions_queryset(me):
    """What this staff member owns (the action or one of its outputs), across plans:
    overdue first, then open ones by due date (undated last), then completed or cancelled."""
    today = timezone.localdate()
    closed = [Action.Status.COMPLETED, Action.Status.CANCELLED]
    return (
        Action.objects.owned_by(me)
        .with_rag(today=today)
        .select_related("plan", "priority")
        .annotate(
            sort_group=Case(
                When(status__in=closed, then=Value(2)),
                When(due_date__lt=today, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            is_overdue=Case(
                When(~Q(status__in=closed) & Q(due_date__lt=today), then=Value(True)),
                default=Value(False),
            ),
        )
        .order_by("sort_group", F("due_date").asc(nulls_last=True), "plan__title", "number", "pk")
    )


def quick_form(action_pk: int, data=None) -> QuickProgressForm:
    return QuickProgressForm(data, auto_id=f"mine-{action_pk}-%s")


def render_my_actions(request: HttpRequest, bound: dict | None = None) -> HttpResponse:
    me = own_staff_record(request.user)
    rows = list(my_actions_queryset(me)) if me is not None else []
    bound = bound or {}
    for row in rows:
        row.quick_form = bound.get(row.pk) or quick_form(row.pk)
    return render(
        request,
        "actionplans/my_actions.html",
        {"me": me, "rows": rows, "overdue_count": sum(1 for row in rows if row.is_overdue)},
    )


@requires()
@require_safe
def my_actions(request):
    return render_my_actions(request)
