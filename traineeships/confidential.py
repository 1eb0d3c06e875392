"""Opening a confidential support plan, and the access log every opening, creation, edit and refusal
writes (DOMAIN.md: "every view of a confidential plan logged").

One rule decides: `can_open_confidential` (the L&D manager role; a superuser without it is refused).
A refusal is a 404 exactly like a missing plan, so nobody learns that a plan exists; unlike a
missing plan it is written to the log (with the plan, when there is one). Requests are not wrapped
in a transaction (no ATOMIC_REQUESTS), so the entry is kept although the view then raises Http404;
traineeships/tests/test_confidential.py checks that it is.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest

from traineeships.models import AccessLogEntry, ConfidentialSupportPlan, Trainee
from traineeships.permissions import can_open_confidential

Action = AccessLogEntry.Action
PATH_MAX = 300


def log(request: HttpRequest, action: str, *, plan=None, trainee=None) -> AccessLogEntry:
    user = request.user if request.user.is_authenticated else None
    return AccessLogEntry.objects.create(
        plan=plan,
        trainee=trainee if trainee is not None else (plan.trainee if plan is not None else None),
        user=user,
        action=action,
        path=request.get_full_path()[:PATH_MAX],
    )


def plans():
    return ConfidentialSupportPlan.objects.select_related(
        "trainee__applicant__intake__programme", "created_by"
    )


def plan_for(request: HttpRequest, pk) -> ConfidentialSupportPlan:
    """The plan, for a holder of the confidential ability; otherwise the refusal is logged and the
    answer is the same 404 as for a plan that does not exist."""
    plan = plans().filter(pk=pk).first()
    if not can_open_confidential(request.user):
        log(request, Action.REFUSED, plan=plan)
        raise Http404("No such page.")
    if plan is None:
        raise Http404("No such plan.")
    return plan


def trainee_for_new_plan(request: HttpRequest, pk) -> Trainee:
    """The trainee a holder is adding a plan for; a non-holder's attempt is refused and logged."""
    trainee = Trainee.objects.select_related("applicant__intake__programme").filter(pk=pk).first()
    if not can_open_confidential(request.user):
        log(request, Action.REFUSED, trainee=trainee)
        raise Http404("No such page.")
    if trainee is None:
        raise Http404("No such trainee.")
    return trainee


def opened(request: HttpRequest, plan: ConfidentialSupportPlan) -> None:
    log(request, Action.OPENED, plan=plan)


def create_plan(request: HttpRequest, form, trainee: Trainee) -> ConfidentialSupportPlan:
    """Save a new plan and log its creation, together."""
    with transaction.atomic():
        plan = form.save(commit=False)
        plan.trainee = trainee
        plan.created_by = request.user
        plan.save()
        log(request, Action.CREATED, plan=plan)
    return plan


def edit_plan(request: HttpRequest, form) -> ConfidentialSupportPlan:
    """Save a version-checked edit and log it, together (a stale edit writes neither)."""
    with transaction.atomic():
        plan = form.save()
        log(request, Action.EDITED, plan=plan)
    return plan


def access_log():
    """Newest first, with everything the log page names (one query per page)."""
    return AccessLogEntry.objects.select_related("user", "plan", "trainee__applicant").order_by("-at", "-pk")
