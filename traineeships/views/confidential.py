"""Confidential support plans: opened, added and edited by holders of `traineeships.confidential`
only (the L&D manager role, not superusers as such). Every opening, creation, edit and refusal is
logged (traineeships/confidential.py); the log has a read-only page for the L&D manager."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from traineeships import confidential
from traineeships.confidential import Action
from traineeships.permissions import can_open_confidential
from traineeships.trainee_forms import ConfidentialPlanForm
from workforce.history import history_entries
from workforce.permissions import requires
from workforce.versioning import save_or_conflict

FORM = "traineeships/trainees/plan_form.html"


# Signed in, nothing more: the refusal of a non-holder is the logged 404 inside, not a 403 that
# would tell them the URL is a plan's.
@requires()
@require_safe
def plan(request, pk):
    found = confidential.plan_for(request, pk)
    confidential.opened(request, found)
    context = {"plan": found, "trainee": found.trainee, "history": history_entries(found, limit=25)}
    return render(request, "traineeships/trainees/plan.html", context)


@requires()
@require_http_methods(["GET", "POST"])
def plan_add(request, pk):
    trainee = confidential.trainee_for_new_plan(request, pk)
    form = ConfidentialPlanForm(request.POST or None)
    if form.is_bound and form.is_valid():
        created = confidential.create_plan(request, form, trainee)
        messages.success(request, f"{created.title} added.")
        return redirect("traineeships:plan", created.pk)
    context = {
        "form": form,
        "trainee": trainee,
        "title": "Add a confidential support plan",
        "cancel_url": trainee.get_absolute_url(),
    }
    return render(request, FORM, context)


@requires()
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    found = confidential.plan_for(request, pk)
    form = ConfidentialPlanForm(request.POST or None, instance=found)

    def page(status=200, **extra):
        context = {
            "form": form,
            "trainee": found.trainee,
            "plan": found,
            "title": f"Edit {found.title}",
            "cancel_url": reverse("traineeships:plan", args=[found.pk]),
        }
        return render(request, FORM, {**context, **extra}, status=status)

    if form.is_bound and form.is_valid():
        saved, refused = save_or_conflict(form, page=page, save=lambda: confidential.edit_plan(request, form))
        if refused:
            return refused
        messages.success(request, f"{saved.title} saved.")
        return redirect("traineeships:plan", saved.pk)
    # The form shows the plan's content: that is an opening.
    confidential.log(request, Action.OPENED, plan=found)
    return page()


@requires(can_open_confidential)
@require_safe
def access_log(request):
    page_obj = Paginator(confidential.access_log(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "traineeships/trainees/access_log.html", {"page_obj": page_obj})
