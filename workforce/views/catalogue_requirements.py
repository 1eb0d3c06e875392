"""Training requirements: which courses a job role, a staff group or everyone must hold.

Read by everyone who reads the catalogue; added, changed and removed by the L&D manager. A
removal is a real delete (a requirement is a rule, not a record of anything that happened);
its history row keeps who removed it and when.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from workforce.compliance import grace_months
from workforce.forms.requirements import TrainingRequirementForm
from workforce.models import TrainingRequirement
from workforce.permissions import can, requires
from workforce.views.catalogue import CHANGE, VIEW, form_page, submitted

LIST_LABEL = "Training requirements"


def list_url() -> str:
    return reverse("catalogue:requirement_list")


@require_GET
@requires(VIEW)
def requirement_list(request):
    requirements = TrainingRequirement.objects.select_related("course", "job_role").order_by(
        "course__title", "job_role__title", "staff_group", "pk"
    )
    return render(
        request,
        "workforce/catalogue/requirement_list.html",
        {
            "requirements": requirements,
            "can_change": can(request.user, CHANGE),
            "grace_months": grace_months(),
        },
    )


def _requirement_form_page(request, requirement: TrainingRequirement, heading: str, initial=None):
    form = TrainingRequirementForm(submitted(request), instance=requirement, initial=initial)
    if form.is_bound and form.is_valid():
        created = requirement.pk is None
        requirement = form.save()
        verb = "added" if created else "saved"
        messages.success(request, f"Requirement “{requirement}” {verb}.")
        return redirect(list_url())
    return form_page(
        request, form, heading=heading, cancel_url=list_url(), breadcrumbs=[(LIST_LABEL, list_url())]
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def requirement_create(request):
    # Links from a course or a job role page arrive with it chosen.
    initial = {}
    if request.GET.get("course", "").isdigit():
        initial["course"] = request.GET["course"]
    if request.GET.get("job_role", "").isdigit():
        initial.update(job_role=request.GET["job_role"], applies_to=TrainingRequirementForm.ROLE)
    return _requirement_form_page(request, TrainingRequirement(), "Add a training requirement", initial)


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def requirement_edit(request, pk):
    requirement = get_object_or_404(TrainingRequirement.objects.select_related("course", "job_role"), pk=pk)
    return _requirement_form_page(request, requirement, f"Edit the requirement “{requirement}”")


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def requirement_remove(request, pk):
    requirement = get_object_or_404(TrainingRequirement.objects.select_related("course", "job_role"), pk=pk)
    if request.method == "POST":
        name = str(requirement)
        requirement.delete()
        messages.success(request, f"Requirement “{name}” removed.")
        return redirect(list_url())
    return render(
        request,
        "workforce/catalogue/requirement_remove.html",
        {"requirement": requirement, "breadcrumbs": [(LIST_LABEL, list_url())]},
    )
